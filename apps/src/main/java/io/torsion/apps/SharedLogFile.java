package io.torsion.apps;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The one log file the log server's loops share: opened by the first loop's factory, closed after
 * the last's, and appended to one whole batch at a time, so the records of two loops never
 * interleave and the cut-back after a failed batch ({@link LogFile}) still sees the file's only
 * writer. Each loop's {@link GroupCommit} answers its lines once its own batch has returned.
 */
final class SharedLogFile implements LogServer.SinkOpener {

    private LogFile file;
    private int users;

    @Override
    public synchronized GroupCommit.Sink open(Path path, boolean sync) throws IOException {
        if (users == 0) {
            file = LogFile.open(path, sync);
        }
        users++;
        return new GroupCommit.Sink() {
            private boolean closed;

            @Override
            public void append(ByteBuffer batch) throws IOException {
                synchronized (SharedLogFile.this) {
                    file.append(batch);
                }
            }

            @Override
            public void close() throws IOException {
                synchronized (SharedLogFile.this) {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    if (--users == 0) {
                        file.close();
                        file = null;
                    }
                }
            }
        };
    }
}
