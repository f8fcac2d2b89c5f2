package io.torsion.epoll.nativeio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jnr.ffi.Pointer;

/**
 * One {@code posix_spawnp}: the child's standard streams are dup2'd from the given pipe ends, every
 * other descriptor above 2 is closed in the child (closefrom), the working directory is changed in
 * the child (chdir), its signal mask is emptied and every signal's disposition reset to the
 * default (a signal this JVM ignores must not stay ignored in the child). glibc reports a program
 * that cannot be executed (ENOENT, EACCES, ENOEXEC) as the result of the call itself, so such a
 * failure is an exception here, before any child runs.
 *
 * <p>All the memory of one call (the two opaque glibc objects, the signal sets, the argument and
 * environment vectors and their strings) is allocated here and freed before returning; the glibc
 * objects are destroyed first, exactly once.
 */
public final class Spawn {

    // glibc <spawn.h> on LP64: posix_spawn_file_actions_t is {int, int, void *, int[16]}, 80 bytes;
    // posix_spawnattr_t is {short, pid_t, sigset_t, sigset_t, struct sched_param, int, int[16]}, 336 bytes.
    static final int FILE_ACTIONS_SIZE = 80;
    static final int ATTRIBUTES_SIZE = 336;
    // glibc <bits/types/__sigset_t.h>: 1024 bits
    static final int SIGSET_SIZE = 128;
    // glibc <spawn.h>
    static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int PID_SIZE = 4; // pid_t
    private static final int FIRST_INHERITED_TO_CLOSE = 3;

    private Spawn() {
    }

    /**
     * Starts {@code argv} (looked up on PATH when {@code argv[0]} has no slash) with environment
     * {@code env} in {@code workingDirectory} (null: ours), its fds 0, 1, 2 duplicated from
     * {@code stdin}, {@code stdout}, {@code stderr}. Returns the child's pid.
     */
    public static long spawn(List<String> argv, Map<String, String> env, String workingDirectory,
            int stdin, int stdout, int stderr) throws IOException {
        ProcessLibC calls = ProcessCalls.libc();
        NativeMemory actions = null;
        NativeMemory attributes = null;
        NativeMemory scratch = null;
        CStrings strings = null;
        boolean actionsMade = false;
        boolean attributesMade = false;
        try {
            actions = NativeMemory.allocate(FILE_ACTIONS_SIZE);
            attributes = NativeMemory.allocate(ATTRIBUTES_SIZE);
            scratch = NativeMemory.allocate(2L * SIGSET_SIZE + PID_SIZE);
            strings = new CStrings(argv, env, workingDirectory);
            check("posix_spawn_file_actions_init", calls.posix_spawn_file_actions_init(actions.address()));
            actionsMade = true;
            check("posix_spawnattr_init", calls.posix_spawnattr_init(attributes.address()));
            attributesMade = true;
            long fa = actions.address();
            check("posix_spawn_file_actions_adddup2(0)", calls.posix_spawn_file_actions_adddup2(fa, stdin, 0));
            check("posix_spawn_file_actions_adddup2(1)", calls.posix_spawn_file_actions_adddup2(fa, stdout, 1));
            check("posix_spawn_file_actions_adddup2(2)", calls.posix_spawn_file_actions_adddup2(fa, stderr, 2));
            check("posix_spawn_file_actions_addclosefrom_np",
                    calls.posix_spawn_file_actions_addclosefrom_np(fa, FIRST_INHERITED_TO_CLOSE));
            if (workingDirectory != null) {
                check("posix_spawn_file_actions_addchdir_np",
                        calls.posix_spawn_file_actions_addchdir_np(fa, strings.workingDirectory()));
            }
            long mask = scratch.address();
            long defaults = mask + SIGSET_SIZE;
            long pid = defaults + SIGSET_SIZE;
            Native nat = Native.get();
            if (calls.sigemptyset(mask) != 0) {
                throw Fd.failure("sigemptyset", nat.errno());
            }
            if (calls.sigfillset(defaults) != 0) {
                throw Fd.failure("sigfillset", nat.errno());
            }
            long attr = attributes.address();
            check("posix_spawnattr_setsigmask", calls.posix_spawnattr_setsigmask(attr, mask));
            check("posix_spawnattr_setsigdefault", calls.posix_spawnattr_setsigdefault(attr, defaults));
            check("posix_spawnattr_setflags",
                    calls.posix_spawnattr_setflags(attr, (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)));
            int error = calls.posix_spawnp(pid, strings.program(), fa, attr, strings.argv(), strings.envp());
            if (error != 0) {
                String where = workingDirectory == null ? "" : " in " + workingDirectory;
                throw Fd.failure("posix_spawnp(" + argv.get(0) + where + ")", error);
            }
            return scratch.pointer().getInt(2L * SIGSET_SIZE);
        } finally {
            if (attributesMade) {
                calls.posix_spawnattr_destroy(attributes.address()); // frees nothing on glibc; returns 0
            }
            if (actionsMade) {
                calls.posix_spawn_file_actions_destroy(actions.address()); // frees the action list; returns 0
            }
            freeAll(strings, scratch, attributes, actions);
        }
    }

    private static void freeAll(CStrings strings, NativeMemory... memories) {
        if (strings != null) {
            strings.free();
        }
        for (NativeMemory memory : memories) {
            if (memory != null) {
                memory.free();
            }
        }
    }

    /** A posix_spawn-family result: 0, or the error number itself (errno is not used). */
    private static void check(String call, int result) throws IOException {
        if (result != 0) {
            throw Fd.failure(call, result);
        }
    }

    /**
     * argv and envp as NULL-terminated arrays of pointers to NUL-terminated UTF-8 strings, and the
     * working directory, all in one block: [argv pointers][envp pointers][strings].
     */
    private static final class CStrings {
        private final NativeMemory memory;
        private final long argv;
        private final long envp;
        private long workingDirectory;

        CStrings(List<String> args, Map<String, String> env, String dir) {
            List<byte[]> envStrings = new ArrayList<>(env.size());
            env.forEach((name, value) -> envStrings.add((name + "=" + value).getBytes(StandardCharsets.UTF_8)));
            List<byte[]> argStrings = new ArrayList<>(args.size());
            args.forEach(a -> argStrings.add(a.getBytes(StandardCharsets.UTF_8)));
            byte[] dirBytes = dir == null ? null : dir.getBytes(StandardCharsets.UTF_8);
            long pointers = 8L * (argStrings.size() + 1 + envStrings.size() + 1);
            long bytes = pointers + sizeOf(argStrings) + sizeOf(envStrings) + (dirBytes == null ? 0 : dirBytes.length + 1);
            memory = NativeMemory.allocate(bytes); // zeroed: the terminating NULs and NULL pointers are there
            Pointer p = memory.pointer();
            argv = memory.address();
            envp = argv + 8L * (argStrings.size() + 1);
            long at = pointers;
            at = fill(p, 0, argStrings, at);
            at = fill(p, envp - argv, envStrings, at);
            if (dirBytes != null) {
                p.put(at, dirBytes, 0, dirBytes.length);
                workingDirectory = argv + at;
            }
        }

        private static long sizeOf(List<byte[]> strings) {
            long total = 0;
            for (byte[] s : strings) {
                total += s.length + 1;
            }
            return total;
        }

        /** Writes {@code strings} at {@code at} and their addresses from offset {@code table}; returns the next free offset. */
        private long fill(Pointer p, long table, List<byte[]> strings, long at) {
            for (int i = 0; i < strings.size(); i++) {
                byte[] s = strings.get(i);
                p.put(at, s, 0, s.length);
                p.putAddress(table + 8L * i, argv + at);
                at += s.length + 1;
            }
            return at;
        }

        long program() {
            return memory.pointer().getAddress(0);
        }

        long argv() {
            return argv;
        }

        Pointer envp() {
            return memory.pointer().slice(envp - argv);
        }

        long workingDirectory() {
            return workingDirectory;
        }

        void free() {
            memory.free();
        }
    }
}
