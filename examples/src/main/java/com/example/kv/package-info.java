/**
 * A key-value server built on torsion as a project outside torsion would build it: a
 * {@code LineReceiver} protocol, a factory holding the store, a main that runs until signalled, and
 * an app the {@code torsion} launcher finds.
 */
package com.example.kv;
