/** The portable backend on {@code java.nio.channels.Selector}, registered as {@code select}. */
module io.torsion.select {
    requires io.torsion.api;
    requires org.slf4j;
    // Unix peer credentials (SO_PEERCRED) through jdk.net.ExtendedSocketOptions.
    requires jdk.net;

    provides io.torsion.api.ReactorProvider with io.torsion.select.SelectReactorProvider;
}
