/**
 * The portable backend on {@link java.nio.channels.Selector}. It supplies the waiting, a registration per
 * channel and channel handles; everything else is the shared logic in {@code io.torsion.spi}.
 */
package io.torsion.select;
