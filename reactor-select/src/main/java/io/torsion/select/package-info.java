/**
 * The portable backend on {@link java.nio.channels.Selector}. It supplies only the waiting and the
 * raw channel calls; everything else is the shared logic in {@code io.torsion.spi}.
 */
package io.torsion.select;
