package io.torsion.epoll.nativeio;

import jnr.ffi.LibraryLoader;

/** libc calls only tests need: opening a regular file, the descriptor limit. */
public interface TestLibC {

    TestLibC INSTANCE = LibraryLoader.create(TestLibC.class).load("c");

    int open(String path, int flags);

    int close(int fd);

    /** setrlimit(2); {@code rlimit} points at struct rlimit { rlim_t cur; rlim_t max; } (16 bytes). */
    int setrlimit(int resource, long rlimit);

    /** getrlimit(2), same struct. */
    int getrlimit(int resource, long rlimit);
}
