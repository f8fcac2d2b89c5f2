package io.torsion.spi;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every backend does around a Unix domain socket's file, so that it reads the same
 * everywhere: the path limit, a stale file left by a server that is gone (removed, as Twisted's
 * users do by hand with {@code os.unlink}), a live server on the path ("address in use"), the
 * file's mode, and its removal when listening stops. A path starting with {@code @} is a Linux
 * abstract name: it has no file, so none of the file steps apply.
 *
 * <p>Two servers racing for one path are serialised: the check for a stale file, its removal and
 * the bind happen under a lock ({@link #claim}), in this JVM and across processes (an exclusive
 * lock on {@code PATH.lock}, removed again before it is released). So exactly one binds; the
 * other finds it live.
 */
public final class UnixSocketFile {

    /** sun_path is 108 bytes ({@code <sys/un.h>}); a path needs its terminating NUL, an abstract name its leading one. */
    public static final int MAX_PATH_BYTES = 107;

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private UnixSocketFile() {
    }

    /** True for a Linux abstract name ({@code @name}). */
    public static boolean isAbstract(String path) {
        return path.startsWith("@");
    }

    /** The path's bytes as the kernel gets them (UTF-8); a path too long is an error before any call. */
    public static byte[] pathBytes(String path) throws IOException {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        int length = isAbstract(path) ? bytes.length - 1 : bytes.length;
        if (length > MAX_PATH_BYTES) {
            throw new IOException("Unix socket path too long: " + length + " bytes, at most " + MAX_PATH_BYTES
                    + ": " + path);
        }
        if (bytes.length == 0 || !isAbstract(path) && path.indexOf('\0') >= 0) {
            throw new IOException("not a Unix socket path: \"" + path + "\"");
        }
        return bytes;
    }

    /** Held while a backend checks, binds and starts listening on a path; release it after listen. */
    public interface Claim extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Claims {@code path} for binding: waits for any other binder of it, then removes a stale socket
     * file there. A live server there, or a file that is not a socket, is a {@link BindException}
     * ("address already in use: PATH").
     */
    public static Claim claim(String path) throws IOException {
        if (isAbstract(path)) {
            return () -> { };
        }
        Path file = Path.of(path).toAbsolutePath();
        ReentrantLock local = IN_THIS_JVM.computeIfAbsent(file, p -> new ReentrantLock());
        local.lock();
        FileLock acrossProcesses = null;
        try {
            acrossProcesses = lockFile(Path.of(file + ".lock"));
            removeIfStale(file, path);
        } catch (IOException | RuntimeException e) {
            // A refused claim (a live server there) must not keep the lock, or the next try in this
            // JVM fails with OverlappingFileLockException instead of the same "address in use".
            release(file, acrossProcesses, local);
            throw e;
        }
        FileLock held = acrossProcesses;
        return () -> release(file, held, local);
    }

    private static void release(Path file, FileLock acrossProcesses, ReentrantLock local) {
        try {
            if (acrossProcesses != null) {
                Files.deleteIfExists(Path.of(file + ".lock"));
                acrossProcesses.release();
                acrossProcesses.channel().close();
            }
        } catch (IOException ignored) {
            // the lock goes with the channel at worst; the next binder verifies the file anyway
        } finally {
            local.unlock();
        }
    }

    /**
     * After bind: gives the socket file {@code mode} (permission bits such as {@code 0660}) and
     * returns its identity, for {@link #remove}. Nothing for an abstract name.
     */
    public static Object setMode(String path, int mode) throws IOException {
        if (isAbstract(path)) {
            return null;
        }
        Path file = Path.of(path);
        Files.setPosixFilePermissions(file, permissions(mode));
        return fileKey(file);
    }

    /** When listening stops: removes the socket file if it is still the one bound ({@code key}). */
    public static void remove(String path, Object key) {
        if (key == null) {
            return;
        }
        Path file = Path.of(path);
        try {
            if (key.equals(fileKey(file))) {
                Files.delete(file);
            }
        } catch (NoSuchFileException gone) {
            // deleted while listening: nothing to remove
        } catch (IOException ignored) {
            // not ours to remove any more, or not removable: leave it
        }
    }

    /** The words every backend uses for a connect to {@code path} that failed with errno {@code name}. */
    public static IOException connectFailure(String path, String name, Throwable cause) {
        IOException e = switch (name) {
            case "ECONNREFUSED" -> new ConnectException("connection refused by " + path);
            case "ENOENT" -> new NoSuchFileException(path, null, "no Unix socket here (no such file)");
            case "EACCES", "EPERM" -> new IOException("permission denied connecting to the Unix socket " + path);
            case "EAGAIN" -> new IOException("the listener at " + path + " has a full backlog");
            case "ENOTDIR" -> new NoSuchFileException(path, null, "a directory on the path is a file");
            default -> new IOException("cannot connect to the Unix socket " + path + ": " + name);
        };
        e.initCause(cause);
        return e;
    }

    /**
     * An exclusive lock on {@code lockPath}. The holder before us deletes the file before releasing
     * it, so having the lock is only enough when the file we opened is still the one at the path.
     */
    private static FileLock lockFile(Path lockPath) throws IOException {
        while (true) {
            FileChannel channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                Object opened = fileKey(lockPath);
                FileLock lock = channel.lock();
                if (Files.exists(lockPath, LinkOption.NOFOLLOW_LINKS) && opened.equals(fileKey(lockPath))) {
                    return lock;
                }
            } catch (NoSuchFileException replaced) {
                // deleted by the holder before us between open and look: try again
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            channel.close();
        }
    }

    private static void removeIfStale(Path file, String shown) throws IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return;
        }
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new BindException("address already in use: " + shown + " (a file that is not a socket)");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(file));
        } catch (ConnectException nobodyAccepts) {
            Files.deleteIfExists(file);
            return;
        } catch (IOException unknown) {
            throw new BindException("address already in use: " + shown + " (cannot tell whether a server holds it: "
                    + unknown.getMessage() + ")");
        }
        throw new BindException("address already in use: " + shown);
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (bits.length - 1 - i))) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
