package io.torsion.epoll;

import java.io.FileDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The descriptor number under a {@link FileChannel}, which sendfile(2) needs and the JDK does not
 * publish: read from the JDK's own channel class ({@code sun.nio.ch.FileChannelImpl.fd}, then
 * {@code sun.nio.ch.IOUtil.fdVal}), which works only when the JVM opens that package to torsion
 * ({@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}, as the launcher's manifest does). Without
 * it, or for a channel of another class, there is no number and the file is sent through a buffer
 * instead; nothing else changes.
 */
final class FileChannelDescriptor {

    private static final Logger log = LoggerFactory.getLogger(FileChannelDescriptor.class);

    private static final Field CHANNEL_FD;
    private static final Method FD_VALUE;

    static {
        Field channelFd = null;
        Method fdValue = null;
        try {
            Class<?> impl = Class.forName("sun.nio.ch.FileChannelImpl");
            channelFd = impl.getDeclaredField("fd");
            channelFd.setAccessible(true);
            fdValue = Class.forName("sun.nio.ch.IOUtil").getDeclaredMethod("fdVal", FileDescriptor.class);
            fdValue.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("sendfile(2) is off: the JDK's file channel is closed to torsion ({}); files are sent through a buffer", e.toString());
            channelFd = null;
            fdValue = null;
        }
        CHANNEL_FD = channelFd;
        FD_VALUE = fdValue;
    }

    private FileChannelDescriptor() {
    }

    /** True when descriptors can be found (the package is open to torsion). */
    static boolean available() {
        return CHANNEL_FD != null;
    }

    /**
     * The descriptor number of {@code channel}, or -1 when it cannot be known. The number is good only
     * while the channel stays open, so it is looked up for each call and not kept.
     *
     * @throws ClosedChannelException when the channel is closed (its number may belong to another file now)
     */
    static int of(FileChannel channel) throws ClosedChannelException {
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        if (CHANNEL_FD == null || !CHANNEL_FD.getDeclaringClass().isInstance(channel)) {
            return -1;
        }
        try {
            return (int) FD_VALUE.invoke(null, CHANNEL_FD.get(channel));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }
}
