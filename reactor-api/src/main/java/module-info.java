/**
 * torsion's API: protocols, factories, transports and the reactor ({@code io.torsion.api}), the
 * test doubles ({@code io.torsion.api.testing}), and the machinery the backends share
 * ({@code io.torsion.spi}, for the backends only). Backends are found as services of
 * {@link io.torsion.api.ReactorProvider}.
 */
// The backends the spi is exported to are built after this module, so javac cannot see them yet.
@SuppressWarnings("module")
module io.torsion.api {
    requires org.slf4j;
    // sun.misc.Signal, which Reactors.runUntilSignalled uses to stop a reactor on SIGINT/SIGTERM.
    requires jdk.unsupported;

    exports io.torsion.api;
    exports io.torsion.api.endpoints;
    exports io.torsion.api.testing;
    exports io.torsion.api.tls;
    exports io.torsion.spi to io.torsion.select, io.torsion.epoll;

    uses io.torsion.api.ReactorProvider;
}
