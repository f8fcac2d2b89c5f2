package io.torsion.spi;

import io.torsion.api.ProcessProtocol;
import io.torsion.api.ProcessTransport;
import java.io.IOException;

/**
 * How one backend starts a child process: it makes the three pipes as {@link StreamHandle}s, starts
 * the child on them, arranges to hear of its exit without blocking the loop, and hands all of it
 * to {@link ChildProcess#start}. The default, for any backend, is {@link ThreadedLauncher}.
 */
public interface ProcessLauncher {

    /** Starts the child described by {@code request} for {@code protocol}; on the reactor thread. */
    ProcessTransport launch(ProcessRequest request, ProcessProtocol protocol) throws IOException;
}
