/**
 * The Linux backend on epoll through jnr-ffi, registered as {@code epoll} (edge-triggered, its
 * default mode), {@code epoll-et} and {@code epoll-lt}.
 */
module io.torsion.epoll {
    requires io.torsion.api;
    requires org.slf4j;
    requires org.jnrproject.ffi;
    requires org.jnrproject.jffi;
    // jnr-ffi generates its bindings with ASM but, as an automatic module, cannot say so: without
    // this, nothing resolves ASM on the module path and the backend reports itself unavailable.
    requires org.objectweb.asm;

    // jnr-ffi defines the class that implements the LibC binding in a class loader of its own, so
    // that class must see the binding at run time; opening the package does that without exporting
    // it to anyone at compile time.
    opens io.torsion.epoll.nativeio;

    provides io.torsion.api.ReactorProvider with
            io.torsion.epoll.EpollReactorProvider,
            io.torsion.epoll.EpollReactorProvider.EdgeTriggered,
            io.torsion.epoll.EpollReactorProvider.LevelTriggered;
}
