package io.torsion.soak;

/** The kinds of stream connection a server under soak listens on, each reached its own way. */
enum Link {
    /** Plain TCP over loopback. */
    TCP,
    /** A Unix domain stream socket (the server's {@code --listen unix:PATH}). */
    UNIX,
    /** TLS over TCP (the server's {@code --listen ssl:...}), trusting the soak's throw-away CA. */
    TLS,
    /** Plain TCP to the TLS port: what an abusive client that speaks no TLS reaches. */
    TLS_RAW
}
