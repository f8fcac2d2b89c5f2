/*
 * loadgen: the load client of the torsion bench.
 *
 * Written in C with one epoll thread so that the client is neither torsion nor the bottleneck:
 * it batches writes, verifies echoed bytes with memcmp against a precomputed pattern table and
 * takes one clock reading per wake-up. Its own CPU use is reported next to the server's so a
 * reader can see which side was saturated.
 *
 * Modes (all talk to 127.0.0.1 only):
 *   echo  N connections, D messages of S bytes in flight on each, every echoed byte verified;
 *         reports messages/s, MB/s and round-trip latency percentiles.
 *   idle  N connections, each proven served by a one-byte echo, then held idle; reports the
 *         server's resident memory per connection (from /proc/PID/status).
 *   chat  N members of a chat room (the torsion chatroom app's protocol) plus one sender;
 *         reports lines delivered per second, the time until a line has reached every member, and
 *         the server's and the client's CPU time per delivery.
 *   udp   N UDP senders (each a socket connected to the server), D datagrams of S bytes in
 *         flight on each; every echo is checked (sequence number and bytes); a datagram not
 *         answered within 200 ms counts as lost and its slot is reused. Reports datagrams/s,
 *         latency percentiles and the loss.
 *   log   N connections to a logging server, D lines of S bytes (\r\n included) in flight on each,
 *         every answer checked to be "OK\r\n"; reports acknowledged lines/s and the time from
 *         sending a line to its OK.
 *   handshake  N connections at a time, each doing a full TLS handshake, then closing (needs
 *         --tls); reports handshakes per second.
 *
 * With --tls, echo and handshake speak TLS 1.3 with TLS_AES_128_GCM_SHA256 only, through
 * OpenSSL's libssl; the server's certificate is not checked (the bench measures the cost of the
 * protocol, the tests check the certificates).
 *
 * With --procs P (echo mode), P load processes share the connections, each with its own epoll
 * loop, so one core's worth of client does not limit a server on several loops: they set up their
 * connections, start warm-up and measurement together on the parent's word, and the parent adds
 * up their counts and latency histograms and reads the server's CPU over the common window.
 *
 * Every mode is bounded in time (warm-up, measure or hold seconds, plus a stall watchdog) and
 * the echo mode also in count (--max-messages). The last line on stdout is
 *   RESULT key=value ...
 * for the bench runner; the lines before it, starting with '#', are for people.
 *
 * Build: gcc -O2 -o loadgen loadgen.c -lssl -lcrypto
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

/* The byte stream of every connection is a slice of one table; the period is prime so message
 * boundaries never line up with it, and the table is longer than the period by EXTRA bytes so any
 * run of up to EXTRA bytes can be compared or sent from one contiguous pointer. */
#define PERIOD 65521u
#define EXTRA (1u << 20)
#define READ_BUF (256u * 1024u)
#define MAX_EVENTS 1024
/* Connections being set up at once: keeps the server's listen backlog from overflowing. */
#define MAX_PENDING 64
#define STALL_SECONDS 15.0

enum mode { MODE_ECHO, MODE_IDLE, MODE_CHAT, MODE_UDP, MODE_LOG, MODE_HANDSHAKE };
enum state { ST_CONNECTING, ST_HANDSHAKING, ST_PROBING, ST_READY };

typedef struct conn {
    int fd;
    SSL *ssl;           /* with --tls: this connection's TLS state */
    int index;
    enum state state;
    bool want_out;
    uint32_t base;      /* where this connection's stream starts in the pattern table */
    uint64_t sent;      /* bytes written */
    uint64_t recvd;     /* bytes read and verified */
    uint64_t *stamps;   /* echo, log: send time of message k at k % depth */
    char *line;         /* chat: the partial line carried between reads; log: bytes not yet written */
    uint32_t line_len;
    uint64_t lines;     /* log: lines generated so far */
    uint64_t next_seq;  /* chat: the sequence number this member expects next */
} conn_t;

static struct {
    enum mode mode;
    int port;
    int conns;
    int depth;
    int size;
    double warmup;
    double measure;
    double hold;
    uint64_t max_messages;
    int server_pid;
    int window;
    bool tls;
    const char *unix_path; /* stream modes: connect to this Unix socket instead of 127.0.0.1:port */
    int procs;             /* echo: load processes sharing the connections */
    double linger;         /* chat: seconds to keep the members connected after the RESULT line */
} opt = {MODE_ECHO, 0, 1, 1, 64, 2.0, 5.0, 15.0, UINT64_MAX, 0, 64, false, NULL, 1, 0};

/* In a load process under --procs: where it reports to its parent and hears the start word. */
static int report_fd = -1, start_fd = -1;

static SSL_CTX *tls_ctx;
static struct sockaddr_un server_un;

static uint8_t *table;
static uint8_t *rbuf;
static int ep;
static conn_t *conns;
static int started, ready, pending;
static struct sockaddr_in server;
static double last_progress;

/* ---------- small utilities ---------- */

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wall-clock milliseconds, to line the measured window up with the server's JFR samples. */
static double epoch_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static const char *mode_name(void) {
    switch (opt.mode) {
        case MODE_ECHO: return "echo";
        case MODE_IDLE: return "idle";
        case MODE_CHAT: return "chat";
        case MODE_UDP: return "udp";
        case MODE_LOG: return "log";
        case MODE_HANDSHAKE: return "handshake";
    }
    return "?";
}

static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "loadgen: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    printf("RESULT mode=%s error=1\n", mode_name());
    fflush(stdout);
    exit(1);
}

static double cpu_seconds_self(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* Reads /proc/SERVER_PID/NAME into buf; false when there is no server pid or no such file. */
static bool read_server_proc(const char *name, char *buf, size_t size) {
    if (opt.server_pid <= 0) {
        return false;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", opt.server_pid, name);
    FILE *f = fopen(path, "r");
    if (!f) {
        return false;
    }
    size_t n = fread(buf, 1, size - 1, f);
    fclose(f);
    buf[n] = 0;
    return true;
}

/* CPU seconds of the whole server process (every thread: loop, JIT, GC), or -1 if unknown. */
static double cpu_seconds_server(void) {
    char buf[2048];
    if (!read_server_proc("stat", buf, sizeof buf)) {
        return -1;
    }
    char *p = strrchr(buf, ')'); /* the command name may contain spaces */
    if (!p) {
        return -1;
    }
    unsigned long utime = 0, stime = 0;
    /* after ")": state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15) */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2) {
        return -1;
    }
    return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

/* VmRSS of the server in KiB, or -1. */
static long server_rss_kib(void) {
    char buf[8192];
    if (!read_server_proc("status", buf, sizeof buf)) {
        return -1;
    }
    const char *line = strstr(buf, "\nVmRSS:");
    return line ? strtol(line + 7, NULL, 10) : -1;
}

static void describe_affinity(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0) {
        printf("# client cpu affinity: unknown\n");
        return;
    }
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    char list[256] = "";
    int count = 0;
    for (int i = 0; i < CPU_SETSIZE && i < ncpu; i++) {
        if (CPU_ISSET(i, &set)) {
            size_t len = strlen(list);
            snprintf(list + len, sizeof list - len, "%s%d", count ? "," : "", i);
            count++;
        }
    }
    printf("# client cpu affinity: cpus %s of %ld (%s)\n", list, ncpu, count < ncpu ? "pinned" : "not pinned");
}

static void raise_fd_limit(void) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    getrlimit(RLIMIT_NOFILE, &rl);
    if ((long)rl.rlim_cur < opt.conns + 16) {
        die("RLIMIT_NOFILE %ld is too low for %d connections", (long)rl.rlim_cur, opt.conns);
    }
}

/* ---------- latency histogram: log-linear buckets, under 1% error ---------- */

#define SUB_BITS 7
#define HIST_SIZE 8192
static uint64_t hist[HIST_SIZE];
static uint64_t hist_count, hist_max;

static int hist_index(uint64_t v) {
    if (v < (2u << SUB_BITS)) {
        return (int)v;
    }
    int e = 63 - __builtin_clzll(v); /* e >= SUB_BITS + 1 */
    int sub = (int)((v >> (e - SUB_BITS)) & ((1u << SUB_BITS) - 1));
    int idx = (2 << SUB_BITS) + (e - SUB_BITS - 1) * (1 << SUB_BITS) + sub;
    return idx < HIST_SIZE ? idx : HIST_SIZE - 1;
}

static uint64_t hist_value(int idx) {
    if (idx < (2 << SUB_BITS)) {
        return (uint64_t)idx;
    }
    int rel = idx - (2 << SUB_BITS);
    int e = rel / (1 << SUB_BITS) + SUB_BITS + 1;
    uint64_t sub = (uint64_t)(rel % (1 << SUB_BITS));
    uint64_t low = ((1ull << SUB_BITS) + sub) << (e - SUB_BITS);
    return low + (1ull << (e - SUB_BITS)) / 2; /* bucket middle */
}

static void hist_add(uint64_t v) {
    hist[hist_index(v)]++;
    hist_count++;
    if (v > hist_max) {
        hist_max = v;
    }
}

static double hist_percentile_us(double q) {
    if (hist_count == 0) {
        return 0;
    }
    uint64_t rank = (uint64_t)(q * (double)hist_count);
    if (rank < 1) {
        rank = 1;
    }
    uint64_t seen = 0;
    for (int i = 0; i < HIST_SIZE; i++) {
        seen += hist[i];
        if (seen >= rank) {
            uint64_t v = hist_value(i);
            return (v < hist_max ? v : hist_max) / 1000.0; /* a bucket's middle may lie past the largest sample */
        }
    }
    return hist_max / 1000.0;
}

/* ---------- connections ---------- */

static void set_interest(conn_t *c, bool out) {
    if (c->want_out == out) {
        return;
    }
    struct epoll_event ev = {.events = EPOLLIN | (out ? EPOLLOUT : 0), .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) != 0) {
        die("epoll_ctl: %s", strerror(errno));
    }
    c->want_out = out;
}

static void start_connect(conn_t *c) {
    int fd = socket(opt.unix_path ? AF_UNIX : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        die("socket: %s (connection %d)", strerror(errno), c->index);
    }
    int rc;
    if (opt.unix_path) {
        /* A Unix connect completes at once or fails; EAGAIN is a full backlog, not "in progress". */
        rc = connect(fd, (struct sockaddr *)&server_un, sizeof server_un);
    } else {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        rc = connect(fd, (struct sockaddr *)&server, sizeof server);
    }
    if (rc != 0 && errno != EINPROGRESS) {
        die("connect: %s (connection %d)", strerror(errno), c->index);
    }
    c->fd = fd;
    c->state = ST_CONNECTING;
    c->want_out = true;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
        die("epoll_ctl add: %s", strerror(errno));
    }
    pending++;
    started++;
}

/* Starts connections until MAX_PENDING are being set up or all have been started. */
static void connect_more(int total) {
    while (started < total && pending < MAX_PENDING) {
        start_connect(&conns[started]);
    }
}

static bool finish_connect(conn_t *c) {
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err == EINPROGRESS || err == EALREADY) {
        return false;
    }
    if (err != 0) {
        if (opt.unix_path) {
            die("connect to %s failed: %s (connection %d)", opt.unix_path, strerror(err), c->index);
        }
        die("connect to 127.0.0.1:%d failed: %s (connection %d)", opt.port, strerror(err), c->index);
    }
    return true;
}

/* Whether this event completes the connection's non-blocking connect. */
static bool connect_completed(conn_t *c, uint32_t events) {
    return (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) && finish_connect(c);
}

static const uint8_t *pattern_at(const conn_t *c, uint64_t offset) {
    return table + (c->base + offset) % PERIOD;
}

static void verify(const conn_t *c, const uint8_t *got, size_t n) {
    const uint8_t *want = pattern_at(c, c->recvd);
    if (memcmp(got, want, n) != 0) {
        size_t i = 0;
        while (got[i] == want[i]) {
            i++;
        }
        die("connection %d: echoed byte at offset %" PRIu64 " is 0x%02x, expected 0x%02x", c->index,
            c->recvd + i, got[i], want[i]);
    }
}

/* ---------- TLS ---------- */

static void tls_die(const char *what, conn_t *c) {
    char err[256];
    ERR_error_string_n(ERR_get_error(), err, sizeof err);
    die("%s on connection %d: %s", what, c->index, err);
}

static void tls_setup(void) {
    tls_ctx = SSL_CTX_new(TLS_client_method());
    if (tls_ctx == NULL || !SSL_CTX_set_min_proto_version(tls_ctx, TLS1_3_VERSION) ||
        !SSL_CTX_set_ciphersuites(tls_ctx, "TLS_AES_128_GCM_SHA256")) {
        die("cannot set up TLS 1.3 with TLS_AES_128_GCM_SHA256");
    }
    SSL_CTX_set_verify(tls_ctx, SSL_VERIFY_NONE, NULL);
    /* A write may be taken in part, and retried from where the pattern table then points. */
    SSL_CTX_set_mode(tls_ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    /* Every handshake is a full one: no tickets, so the handshake mode measures what it says. */
    SSL_CTX_set_session_cache_mode(tls_ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_options(tls_ctx, SSL_OP_NO_TICKET);
}

/* Starts the TLS handshake on a connection whose TCP connect completed. */
static void tls_begin(conn_t *c) {
    c->ssl = SSL_new(tls_ctx);
    if (c->ssl == NULL || !SSL_set_fd(c->ssl, c->fd)) {
        tls_die("SSL_new", c);
    }
    SSL_set_connect_state(c->ssl);
    c->state = ST_HANDSHAKING;
}

/* One handshake step: true when done; otherwise sets the interest the handshake waits for. */
static bool tls_handshake_step(conn_t *c) {
    int r = SSL_do_handshake(c->ssl);
    if (r == 1) {
        return true;
    }
    int e = SSL_get_error(c->ssl, r);
    if (e == SSL_ERROR_WANT_READ) {
        set_interest(c, false);
    } else if (e == SSL_ERROR_WANT_WRITE) {
        set_interest(c, true);
    } else {
        tls_die("TLS handshake", c);
    }
    last_progress = now_s();
    return false;
}

/* write(2) or SSL_write: bytes taken, or -1 with errno EAGAIN when none could be. */
static ssize_t io_write(conn_t *c, const void *p, size_t len) {
    if (c->ssl == NULL) {
        return write(c->fd, p, len);
    }
    int n = SSL_write(c->ssl, p, (int)(len > INT32_MAX ? INT32_MAX : len));
    if (n > 0) {
        return n;
    }
    int e = SSL_get_error(c->ssl, n);
    if (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ) {
        errno = EAGAIN;
        return -1;
    }
    tls_die("SSL_write", c);
    return -1;
}

/* read(2), or SSL_read until no whole record is left (so one wake-up takes what it can). */
static ssize_t io_read(conn_t *c, uint8_t *buf, size_t len) {
    if (c->ssl == NULL) {
        return read(c->fd, buf, len);
    }
    size_t got = 0;
    while (got < len) {
        int n = SSL_read(c->ssl, buf + got, (int)(len - got));
        if (n > 0) {
            got += (size_t)n;
            continue;
        }
        int e = SSL_get_error(c->ssl, n);
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
            break;
        }
        if (e == SSL_ERROR_ZERO_RETURN) {
            return got > 0 ? (ssize_t)got : 0;
        }
        tls_die("SSL_read", c);
    }
    if (got == 0) {
        errno = EAGAIN;
        return -1;
    }
    return (ssize_t)got;
}

/* Reads once when the event says so; returns bytes read (0 when nothing was there). A closed
 * connection is fatal: no server under test closes first. */
static ssize_t read_some(conn_t *c, uint32_t events) {
    if (!(events & (EPOLLIN | EPOLLERR | EPOLLHUP))) {
        return 0;
    }
    ssize_t n = io_read(c, rbuf, READ_BUF);
    if (n > 0) {
        last_progress = now_s();
        return n;
    }
    if (n == 0) {
        die("server closed connection %d", c->index);
    }
    if (errno == EAGAIN || errno == EINTR) {
        return 0;
    }
    die("read on connection %d: %s", c->index, strerror(errno));
    return 0;
}

/* ---------- echo and idle modes ---------- */

static enum { PH_SETUP, PH_WARMUP, PH_MEASURE, PH_DONE } phase = PH_SETUP;
static double measure_start_ms, measure_end_ms;
static bool stop_sending;
static uint64_t measured_msgs, measured_bytes;

/* Messages are counted after the one-byte probe, which is stream offset 0. */
static uint64_t messages_done(const conn_t *c) {
    return c->recvd <= 1 ? 0 : (c->recvd - 1) / (uint64_t)opt.size;
}

static uint64_t messages_started(const conn_t *c) {
    return c->sent <= 1 ? 0 : (c->sent - 1 + (uint64_t)opt.size - 1) / (uint64_t)opt.size;
}

/* ---------- handshake mode ---------- */

static uint64_t handshakes_measured;

/* A handshake finished: count it, close the connection and start the next one in its place. */
static void handshake_done(conn_t *c) {
    if (phase == PH_MEASURE) {
        handshakes_measured++;
    }
    last_progress = now_s();
    SSL_shutdown(c->ssl); /* close_notify, so the server sees a clean end, not a truncation */
    SSL_free(c->ssl);
    c->ssl = NULL;
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
    pending--;
    started--;
    if (phase != PH_DONE) {
        start_connect(c);
    }
}

static void pump_echo(conn_t *c, uint64_t now) {
    if (stop_sending || c->state != ST_READY) {
        return;
    }
    uint64_t limit = 1 + (messages_done(c) + (uint64_t)opt.depth) * (uint64_t)opt.size;
    if (c->sent >= limit) {
        set_interest(c, false);
        return;
    }
    size_t len = (size_t)(limit - c->sent);
    ssize_t n = io_write(c, pattern_at(c, c->sent), len);
    if (n < 0) {
        if (errno != EAGAIN && errno != EINTR) {
            die("write on connection %d: %s", c->index, strerror(errno));
        }
        n = 0;
    }
    uint64_t before = messages_started(c);
    c->sent += (uint64_t)n;
    for (uint64_t k = before; k < messages_started(c); k++) {
        c->stamps[k % (uint64_t)opt.depth] = now;
    }
    set_interest(c, (size_t)n < len);
}

static void on_echo_data(conn_t *c, size_t n, uint64_t now) {
    verify(c, rbuf, n);
    uint64_t before = messages_done(c);
    c->recvd += n;
    uint64_t after = messages_done(c);
    if (phase == PH_MEASURE) {
        for (uint64_t k = before; k < after; k++) {
            hist_add(now - c->stamps[k % (uint64_t)opt.depth]);
        }
        measured_msgs += after - before;
        measured_bytes += (after - before) * (uint64_t)opt.size;
    }
}

static void on_event_echo(conn_t *c, uint32_t events, uint64_t now) {
    if (c->state == ST_CONNECTING) {
        if (!connect_completed(c, events)) {
            return;
        }
        if (opt.tls) {
            tls_begin(c);
        }
    }
    if (c->state == ST_HANDSHAKING) {
        if (!tls_handshake_step(c)) {
            return;
        }
        if (opt.mode == MODE_HANDSHAKE) {
            handshake_done(c);
            return;
        }
    }
    if (c->state == ST_CONNECTING || c->state == ST_HANDSHAKING) {
        /* The probe: one byte whose echo proves the server accepted and serves the connection. */
        if (io_write(c, pattern_at(c, 0), 1) != 1) {
            die("probe write on connection %d: %s", c->index, strerror(errno));
        }
        c->sent = 1;
        c->state = ST_PROBING;
        set_interest(c, false);
        return;
    }
    ssize_t n = read_some(c, events);
    if (n > 0 && c->state == ST_PROBING) {
        verify(c, rbuf, (size_t)n);
        c->recvd += (uint64_t)n;
        c->state = ST_READY;
        ready++;
        pending--;
        connect_more(opt.conns);
        return;
    }
    if (n > 0) {
        on_echo_data(c, (size_t)n, now);
    }
    if (opt.mode == MODE_ECHO && c->state == ST_READY) {
        pump_echo(c, now);
    }
}

/* ---------- chat mode ---------- */

/* Member i (0..members-1) is conns[i]; the sender is conns[members]. */
#define CHAT_RING 4096
#define CHAT_LINE_MAX 1024
static conn_t *sender;
static bool sender_welcomed;
static uint64_t chat_sent, chat_oldest;      /* lines sent; oldest line not yet at every member */
static uint32_t chat_count[CHAT_RING];       /* members that got line k, at k % CHAT_RING */
static uint64_t chat_stamp[CHAT_RING];
static uint64_t chat_delivered;
static char *sender_out;
static size_t sender_out_len;

/* The text of line seq: a number, then letters that depend on it, opt.size bytes in all. */
static size_t chat_text(uint64_t seq, char *out) {
    int len = snprintf(out, 32, "m%010" PRIu64 " ", seq);
    for (int j = len; j < opt.size; j++) {
        out[j] = (char)('a' + (seq + (uint64_t)j) % 26);
    }
    return opt.size > len ? (size_t)opt.size : (size_t)len;
}

static void flush_sender(void) {
    if (sender_out_len == 0) {
        set_interest(sender, false);
        return;
    }
    ssize_t n = write(sender->fd, sender_out, sender_out_len);
    if (n < 0) {
        if (errno != EAGAIN && errno != EINTR) {
            die("write on sender: %s", strerror(errno));
        }
        n = 0;
    }
    memmove(sender_out, sender_out + n, sender_out_len - (size_t)n);
    sender_out_len -= (size_t)n;
    set_interest(sender, sender_out_len > 0);
}

static void pump_chat(uint64_t now) {
    if (!sender_welcomed || stop_sending) {
        return;
    }
    while (chat_sent < chat_oldest + (uint64_t)opt.window && sender_out_len + CHAT_LINE_MAX < 65536) {
        size_t len = chat_text(chat_sent, sender_out + sender_out_len);
        sender_out[sender_out_len + len] = '\r';
        sender_out[sender_out_len + len + 1] = '\n';
        sender_out_len += len + 2;
        chat_count[chat_sent % CHAT_RING] = 0;
        chat_stamp[chat_sent % CHAT_RING] = now;
        chat_sent++;
    }
    flush_sender();
}

static void on_member_message(conn_t *c, const char *line, size_t len, uint64_t now) {
    /* "<HOST:PORT> text" */
    const char *gt = memchr(line, '>', len);
    if (!gt || gt + 2 > line + len || gt[1] != ' ') {
        die("member %d: malformed relay line '%.*s'", c->index, (int)len, line);
    }
    const char *text = gt + 2;
    size_t text_len = (size_t)(line + len - text);
    char want[CHAT_LINE_MAX];
    size_t want_len = chat_text(c->next_seq, want);
    if (text_len != want_len || memcmp(text, want, want_len) != 0) {
        die("member %d: expected line %" PRIu64 " '%.*s', got '%.*s'", c->index, c->next_seq, (int)want_len, want,
            (int)text_len, text);
    }
    uint64_t seq = c->next_seq++;
    if (++chat_count[seq % CHAT_RING] == (uint32_t)opt.conns) {
        /* delivered to everyone: only then may the window slide, in order */
        while (chat_oldest < chat_sent && chat_count[chat_oldest % CHAT_RING] == (uint32_t)opt.conns) {
            if (phase == PH_MEASURE) {
                hist_add(now - chat_stamp[chat_oldest % CHAT_RING]);
            }
            chat_oldest++;
        }
    }
    if (phase == PH_MEASURE) {
        chat_delivered++;
    }
}

static void on_chat_line(conn_t *c, const char *line, size_t len, uint64_t now) {
    if (len > 0 && line[len - 1] == '\r') {
        len--;
    }
    if (len >= 8 && memcmp(line, "welcome ", 8) == 0) {
        if (c->state != ST_READY) {
            c->state = ST_READY;
            if (c == sender) {
                sender_welcomed = true;
            } else {
                ready++;
                pending--;
                connect_more(opt.conns);
            }
        }
        return;
    }
    if (len > 0 && line[0] == '[') {
        return; /* someone entered or left */
    }
    if (c == sender) {
        die("sender got an unexpected line '%.*s'", (int)len, line);
    }
    if (len > 0 && line[0] == '<') {
        on_member_message(c, line, len, now);
        return;
    }
    die("member %d: unexpected line '%.*s'", c->index, (int)len, line);
}

static void on_chat_data(conn_t *c, size_t n, uint64_t now) {
    const char *p = (const char *)rbuf;
    const char *end = p + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t chunk = (size_t)((nl ? nl : end) - p);
        if (c->line_len + chunk > CHAT_LINE_MAX) {
            die("connection %d: line longer than %d bytes", c->index, CHAT_LINE_MAX);
        }
        if (!nl) {
            memcpy(c->line + c->line_len, p, chunk);
            c->line_len += (uint32_t)chunk;
            return;
        }
        if (c->line_len == 0) {
            on_chat_line(c, p, chunk, now);
        } else {
            memcpy(c->line + c->line_len, p, chunk);
            on_chat_line(c, c->line, c->line_len + chunk, now);
            c->line_len = 0;
        }
        p = nl + 1;
    }
}

static void on_event_chat(conn_t *c, uint32_t events, uint64_t now) {
    if (c->state == ST_CONNECTING) {
        if (connect_completed(c, events)) {
            c->state = ST_PROBING; /* waiting for the welcome line */
            set_interest(c, false);
        }
        return;
    }
    ssize_t n = read_some(c, events);
    if (n > 0) {
        on_chat_data(c, (size_t)n, now);
    }
    if (c == sender && (events & EPOLLOUT)) {
        flush_sender();
    }
    pump_chat(now);
}

/* ---------- udp mode ---------- */

/* A datagram is its 8-byte sequence number followed by pattern bytes that depend on it. */
#define UDP_LOSS_NS 200000000ull
#define UDP_HEADER 8

typedef struct sender {
    int fd;
    uint32_t base;
    uint64_t next_seq;
    uint64_t *slot_seq;   /* the datagram in flight in slot k, or UINT64_MAX */
    uint64_t *slot_stamp; /* when it was sent */
} sender_t;

static sender_t *senders;
static uint64_t udp_lost, udp_bad;
static uint8_t *udp_out;

static const uint8_t *udp_pattern(const sender_t *s, uint64_t seq) {
    return table + (s->base + seq * 7u) % PERIOD;
}

static void udp_send(sender_t *s, int k, uint64_t now) {
    uint64_t seq = s->next_seq++;
    memcpy(udp_out, &seq, UDP_HEADER);
    memcpy(udp_out + UDP_HEADER, udp_pattern(s, seq), (size_t)opt.size - UDP_HEADER);
    if (send(s->fd, udp_out, (size_t)opt.size, 0) != opt.size) {
        if (errno != EAGAIN && errno != ENOBUFS && errno != ECONNREFUSED && errno != EINTR) {
            die("send on sender: %s", strerror(errno));
        }
    }
    s->slot_seq[k] = seq;
    s->slot_stamp[k] = now;
}

static void udp_receive(sender_t *s, uint64_t now) {
    for (;;) {
        ssize_t n = recv(s->fd, rbuf, READ_BUF, MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                return;
            }
            if (errno == ECONNREFUSED) {
                continue; /* the server's port closed for a moment: the slots time out */
            }
            die("recv on sender: %s", strerror(errno));
        }
        uint64_t seq;
        if (n != opt.size) {
            udp_bad++;
            continue;
        }
        memcpy(&seq, rbuf, UDP_HEADER);
        int k = (int)(seq % (uint64_t)opt.depth);
        if (s->slot_seq[k] != seq || memcmp(rbuf + UDP_HEADER, udp_pattern(s, seq), (size_t)n - UDP_HEADER) != 0) {
            udp_bad++; /* late (already counted lost) or corrupt */
            continue;
        }
        last_progress = now_s();
        if (phase == PH_MEASURE) {
            hist_add(now - s->slot_stamp[k]);
            measured_msgs++;
            measured_bytes += (uint64_t)opt.size;
        }
        s->slot_seq[k] = UINT64_MAX;
        if (!stop_sending) {
            udp_send(s, k, now);
        }
    }
}

/* Slots unanswered for too long: the datagram (or its echo) was lost; send a new one there. */
static void udp_expire(uint64_t now) {
    for (int i = 0; i < opt.conns; i++) {
        sender_t *s = &senders[i];
        for (int k = 0; k < opt.depth; k++) {
            if (s->slot_seq[k] != UINT64_MAX && now - s->slot_stamp[k] > UDP_LOSS_NS) {
                if (phase == PH_MEASURE) {
                    udp_lost++;
                }
                s->slot_seq[k] = UINT64_MAX;
                if (!stop_sending) {
                    udp_send(s, k, now);
                }
            }
        }
    }
}

static void udp_setup(void) {
    senders = calloc((size_t)opt.conns, sizeof *senders);
    udp_out = malloc((size_t)opt.size);
    for (int i = 0; i < opt.conns; i++) {
        sender_t *s = &senders[i];
        s->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (s->fd < 0 || connect(s->fd, (struct sockaddr *)&server, sizeof server) != 0) {
            die("udp sender %d: %s", i, strerror(errno));
        }
        s->base = (uint32_t)(((uint64_t)i * 7919u) % PERIOD);
        s->slot_seq = malloc((size_t)opt.depth * sizeof(uint64_t));
        s->slot_stamp = calloc((size_t)opt.depth, sizeof(uint64_t));
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = s};
        epoll_ctl(ep, EPOLL_CTL_ADD, s->fd, &ev);
    }
    uint64_t now = now_ns();
    for (int i = 0; i < opt.conns; i++) {
        for (int k = 0; k < opt.depth; k++) {
            udp_send(&senders[i], k, now);
        }
    }
}

/* ---------- log mode ---------- */

/* A logging server answers each line with this, in order; anything else ("ERROR ...") is fatal. */
static const char LOG_ACK[] = "OK\r\n";
#define LOG_ACK_LEN 4u

static uint64_t log_acked(const conn_t *c) {
    return c->recvd / LOG_ACK_LEN;
}

/* Line seq of connection c: its numbers, then letters, then \r\n; opt.size bytes in all. */
static void log_text(const conn_t *c, uint64_t seq, char *out) {
    int len = snprintf(out, 48, "c%05d l%010" PRIu64 " ", c->index, seq);
    for (int j = len; j < opt.size - 2; j++) {
        out[j] = (char)('a' + (seq + (uint64_t)j) % 26);
    }
    out[opt.size - 2] = '\r';
    out[opt.size - 1] = '\n';
}

/* Tops the connection up to depth lines in flight and writes what the socket takes. */
static void pump_log(conn_t *c, uint64_t now) {
    if (c->state != ST_READY) {
        return;
    }
    while (!stop_sending && c->lines < log_acked(c) + (uint64_t)opt.depth) {
        log_text(c, c->lines, c->line + c->line_len);
        c->line_len += (uint32_t)opt.size;
        c->stamps[c->lines % (uint64_t)opt.depth] = now;
        c->lines++;
    }
    if (c->line_len == 0) {
        set_interest(c, false);
        return;
    }
    ssize_t n = write(c->fd, c->line, c->line_len);
    if (n < 0) {
        if (errno != EAGAIN && errno != EINTR) {
            die("write on connection %d: %s", c->index, strerror(errno));
        }
        n = 0;
    }
    memmove(c->line, c->line + n, c->line_len - (size_t)n);
    c->line_len -= (uint32_t)n;
    c->sent += (uint64_t)n;
    set_interest(c, c->line_len > 0);
}

static void on_log_data(conn_t *c, size_t n, uint64_t now) {
    for (size_t i = 0; i < n; i++) {
        if (rbuf[i] != (uint8_t)LOG_ACK[(c->recvd + i) % LOG_ACK_LEN]) {
            die("connection %d: answer %" PRIu64 " is not OK: '%.*s'", c->index, log_acked(c) + 1,
                (int)(n - i < 64 ? n - i : 64), (const char *)rbuf + i);
        }
    }
    uint64_t before = log_acked(c);
    c->recvd += n;
    uint64_t after = log_acked(c);
    if (after > c->lines) {
        die("connection %d: more answers than lines sent", c->index);
    }
    if (phase == PH_MEASURE) {
        for (uint64_t k = before; k < after; k++) {
            hist_add(now - c->stamps[k % (uint64_t)opt.depth]);
        }
        measured_msgs += after - before;
        measured_bytes += (after - before) * (uint64_t)opt.size;
    }
}

static void on_event_log(conn_t *c, uint32_t events, uint64_t now) {
    if (c->state == ST_CONNECTING) {
        /* No probe: a logging server would log it. A connection is ready once connected. */
        if (connect_completed(c, events)) {
            c->state = ST_READY;
            ready++;
            pending--;
            set_interest(c, false);
            connect_more(opt.conns);
        }
        return;
    }
    ssize_t n = read_some(c, events);
    if (n > 0) {
        on_log_data(c, (size_t)n, now);
    }
    pump_log(c, now);
}

/* ---------- the loop ---------- */

static void poll_once(int timeout_ms) {
    static struct epoll_event events[MAX_EVENTS];
    int n = epoll_wait(ep, events, MAX_EVENTS, timeout_ms);
    if (n < 0) {
        if (errno == EINTR) {
            return;
        }
        die("epoll_wait: %s", strerror(errno));
    }
    uint64_t now = now_ns();
    if (opt.mode == MODE_UDP) {
        for (int i = 0; i < n; i++) {
            udp_receive(events[i].data.ptr, now);
        }
        udp_expire(now);
        return;
    }
    for (int i = 0; i < n; i++) {
        conn_t *c = events[i].data.ptr;
        if (opt.mode == MODE_CHAT) {
            on_event_chat(c, events[i].events, now);
        } else if (opt.mode == MODE_LOG) {
            on_event_log(c, events[i].events, now);
        } else {
            on_event_echo(c, events[i].events, now);
        }
    }
}

static void check_stall(const char *what) {
    if (now_s() - last_progress > STALL_SECONDS) {
        die("no progress for %.0f s while %s (%d of %d connections ready)", STALL_SECONDS, what, ready, opt.conns);
    }
}

static void establish(void) {
    last_progress = now_s();
    connect_more(opt.conns);
    while (ready < opt.conns) {
        poll_once(100);
        check_stall("connecting");
    }
}

/* Runs warm-up then measurement; returns measured wall, client CPU and server CPU seconds. */
static void run_phases(double *wall, double *client_cpu, double *server_cpu) {
    double t0 = now_s();
    phase = PH_WARMUP;
    printf("# warm-up %.1f s, measure %.1f s\n", opt.warmup, opt.measure);
    double cpu0 = 0, scpu0 = 0, m0 = 0;
    for (;;) {
        double t = now_s();
        if (phase == PH_WARMUP && t - t0 >= opt.warmup) {
            phase = PH_MEASURE;
            m0 = t;
            measure_start_ms = epoch_ms();
            cpu0 = cpu_seconds_self();
            scpu0 = cpu_seconds_server();
        }
        bool count_reached = (opt.mode == MODE_ECHO || opt.mode == MODE_UDP || opt.mode == MODE_LOG) &&
                             measured_msgs >= opt.max_messages;
        if (phase == PH_MEASURE && (t - m0 >= opt.measure || count_reached)) {
            *wall = t - m0;
            measure_end_ms = epoch_ms();
            *client_cpu = cpu_seconds_self() - cpu0;
            double s1 = cpu_seconds_server();
            *server_cpu = (s1 < 0 || scpu0 < 0) ? -1 : s1 - scpu0;
            phase = PH_DONE;
            stop_sending = true;
            return;
        }
        poll_once(10);
        check_stall("measuring");
    }
}

static void print_echo(double wall, double ccpu, double scpu);

static void print_latency(const char *what) {
    printf("# %s latency us: p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f (%" PRIu64 " samples)\n", what,
           hist_percentile_us(0.50), hist_percentile_us(0.99), hist_percentile_us(0.999), hist_max / 1000.0,
           hist_count);
}

/* What a load process reports to its parent once measured. */
typedef struct {
    uint64_t msgs, bytes, count, max;
    double wall, cpu;
    uint64_t hist[HIST_SIZE];
} share_t;

static void write_all(int fd, const void *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            die("write to the parent: %s", strerror(errno));
        }
        p = (const char *)p + w;
        n -= (size_t)w;
    }
}

static bool read_all(int fd, void *p, size_t n) {
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            return false;
        }
        p = (char *)p + r;
        n -= (size_t)r;
    }
    return true;
}

/* A load process: says its connections are up, then waits for the word to start. */
static void await_start(void) {
    char c = 'R';
    write_all(report_fd, &c, 1);
    if (!read_all(start_fd, &c, 1)) {
        die("the parent went away before the start");
    }
}

static void run_echo(void) {
    establish();
    if (report_fd >= 0) {
        await_start();
    }
    uint64_t now = now_ns();
    for (int i = 0; i < opt.conns; i++) {
        pump_echo(&conns[i], now);
    }
    double wall, ccpu, scpu;
    run_phases(&wall, &ccpu, &scpu);
    if (report_fd >= 0) {
        static share_t share;
        share.msgs = measured_msgs;
        share.bytes = measured_bytes;
        share.count = hist_count;
        share.max = hist_max;
        share.wall = wall;
        share.cpu = ccpu;
        memcpy(share.hist, hist, sizeof hist);
        write_all(report_fd, &share, sizeof share);
        return;
    }
    print_echo(wall, ccpu, scpu);
}

static void print_echo(double wall, double ccpu, double scpu) {
    double rate = measured_msgs / wall;
    printf("# %" PRIu64 " messages of %d B in %.2f s: %.0f msg/s, %.2f MB/s each way\n", measured_msgs, opt.size,
           wall, rate, measured_bytes / wall / 1e6);
    print_latency("round-trip");
    printf("# cpu: client %.0f%% of one core, server %.0f%%\n", 100 * ccpu / wall, scpu < 0 ? -1 : 100 * scpu / wall);
    printf("RESULT mode=echo conns=%d depth=%d size=%d seconds=%.3f messages=%" PRIu64
           " msg_per_s=%.1f mb_per_s=%.3f p50_us=%.2f p99_us=%.2f p999_us=%.2f max_us=%.2f client_cpu_pct=%.1f "
           "server_cpu_pct=%.1f server_cpu_us_per_msg=%.3f measure_start_ms=%.0f measure_end_ms=%.0f procs=%d error=0\n",
           opt.conns, opt.depth, opt.size, wall, measured_msgs, rate, measured_bytes / wall / 1e6,
           hist_percentile_us(0.50), hist_percentile_us(0.99), hist_percentile_us(0.999), hist_max / 1000.0,
           100 * ccpu / wall, scpu < 0 ? -1 : 100 * scpu / wall,
           scpu < 0 || measured_msgs == 0 ? -1 : scpu * 1e6 / (double)measured_msgs, measure_start_ms, measure_end_ms,
           opt.procs);
}

/*
 * --procs P: forks P load processes, each with its share of the connections. Returns in each
 * child (to run the echo load, reporting to the parent); the parent waits until every child has
 * its connections up, starts them together, reads the server's CPU over the measured window it
 * gave them, adds their figures up, prints the one RESULT line and exits.
 */
static void run_procs(void) {
    int procs = opt.procs;
    int *reports = calloc((size_t)procs, sizeof(int));
    int *starts = calloc((size_t)procs, sizeof(int));
    pid_t *pids = calloc((size_t)procs, sizeof(pid_t));
    for (int i = 0; i < procs; i++) {
        int up[2], down[2];
        if (pipe(up) != 0 || pipe(down) != 0) {
            die("pipe: %s", strerror(errno));
        }
        fflush(stdout);
        pid_t pid = fork();
        if (pid < 0) {
            die("fork: %s", strerror(errno));
        }
        if (pid == 0) {
            close(up[0]);
            close(down[1]);
            for (int j = 0; j < i; j++) {
                close(reports[j]);
                close(starts[j]);
            }
            report_fd = up[1];
            start_fd = down[0];
            opt.conns = opt.conns / procs + (i < opt.conns % procs ? 1 : 0);
            opt.procs = 1;
            int devnull = open("/dev/null", O_WRONLY);
            if (devnull >= 0) {
                dup2(devnull, STDOUT_FILENO); /* the parent speaks for all */
                close(devnull);
            }
            return;
        }
        close(up[1]);
        close(down[0]);
        reports[i] = up[0];
        starts[i] = down[1];
        pids[i] = pid;
    }
    for (int i = 0; i < procs; i++) {
        char c;
        if (!read_all(reports[i], &c, 1)) {
            die("load process %d failed while connecting", i);
        }
    }
    printf("# %d load processes, %d connections in all\n", procs, opt.conns);
    printf("# warm-up %.1f s, measure %.1f s\n", opt.warmup, opt.measure);
    for (int i = 0; i < procs; i++) {
        write_all(starts[i], "G", 1);
    }
    /* The children measure from t0 + warm-up for --measure seconds; so does the parent's reading of the server. */
    struct timespec pause = {(time_t)opt.warmup, (long)((opt.warmup - (time_t)opt.warmup) * 1e9)};
    nanosleep(&pause, NULL);
    double scpu0 = cpu_seconds_server(), m0 = now_s();
    measure_start_ms = epoch_ms();
    static share_t share;
    double wall = 0, ccpu = 0;
    for (int i = 0; i < procs; i++) {
        if (!read_all(reports[i], &share, sizeof share)) {
            die("load process %d failed while measuring", i);
        }
        measured_msgs += share.msgs;
        measured_bytes += share.bytes;
        hist_count += share.count;
        hist_max = share.max > hist_max ? share.max : hist_max;
        for (int k = 0; k < HIST_SIZE; k++) {
            hist[k] += share.hist[k];
        }
        wall = share.wall > wall ? share.wall : wall;
        ccpu += share.cpu;
    }
    double s1 = cpu_seconds_server();
    measure_end_ms = epoch_ms();
    /* The server's CPU over the parent's window, scaled to the children's (they end within a poll of it). */
    double pwall = now_s() - m0;
    double scpu = s1 < 0 || scpu0 < 0 ? -1 : (s1 - scpu0) * wall / pwall;
    for (int i = 0; i < procs; i++) {
        int status;
        close(starts[i]);
        if (waitpid(pids[i], &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            die("load process %d did not end cleanly", i);
        }
    }
    print_echo(wall, ccpu, scpu);
    exit(0);
}

static void run_handshake(void) {
    last_progress = now_s();
    connect_more(opt.conns);
    double wall, ccpu, scpu;
    run_phases(&wall, &ccpu, &scpu);
    double rate = handshakes_measured / wall;
    printf("# %" PRIu64 " TLS handshakes in %.2f s: %.0f handshakes/s, %d at a time\n", handshakes_measured, wall,
           rate, opt.conns);
    printf("# cpu: client %.0f%% of one core, server %.0f%%\n", 100 * ccpu / wall, scpu < 0 ? -1 : 100 * scpu / wall);
    printf("RESULT mode=handshake conns=%d seconds=%.3f handshakes=%" PRIu64 " handshakes_per_s=%.1f "
           "client_cpu_pct=%.1f server_cpu_pct=%.1f error=0\n",
           opt.conns, wall, handshakes_measured, rate, 100 * ccpu / wall, scpu < 0 ? -1 : 100 * scpu / wall);
}

static void run_udp(void) {
    last_progress = now_s();
    udp_setup();
    double wall, ccpu, scpu;
    run_phases(&wall, &ccpu, &scpu);
    double rate = measured_msgs / wall;
    printf("# %" PRIu64 " datagrams of %d B in %.2f s: %.0f msg/s, %" PRIu64 " lost, %" PRIu64 " late or bad\n",
           measured_msgs, opt.size, wall, rate, udp_lost, udp_bad);
    print_latency("round-trip");
    printf("# cpu: client %.0f%% of one core, server %.0f%%\n", 100 * ccpu / wall, scpu < 0 ? -1 : 100 * scpu / wall);
    printf("RESULT mode=udp conns=%d depth=%d size=%d seconds=%.3f messages=%" PRIu64
           " msg_per_s=%.1f mb_per_s=%.3f p50_us=%.2f p99_us=%.2f p999_us=%.2f max_us=%.2f lost=%" PRIu64
           " late_or_bad=%" PRIu64 " client_cpu_pct=%.1f server_cpu_pct=%.1f server_cpu_us_per_msg=%.3f"
           " measure_start_ms=%.0f measure_end_ms=%.0f error=0\n",
           opt.conns, opt.depth, opt.size, wall, measured_msgs, rate, measured_bytes / wall / 1e6,
           hist_percentile_us(0.50), hist_percentile_us(0.99), hist_percentile_us(0.999), hist_max / 1000.0,
           udp_lost, udp_bad, 100 * ccpu / wall, scpu < 0 ? -1 : 100 * scpu / wall,
           scpu < 0 || measured_msgs == 0 ? -1 : scpu * 1e6 / measured_msgs, measure_start_ms, measure_end_ms);
}

static void run_log(void) {
    establish();
    uint64_t now = now_ns();
    for (int i = 0; i < opt.conns; i++) {
        pump_log(&conns[i], now);
    }
    double wall, ccpu, scpu;
    run_phases(&wall, &ccpu, &scpu);
    double rate = measured_msgs / wall;
    printf("# %" PRIu64 " lines of %d B acknowledged in %.2f s: %.0f lines/s\n", measured_msgs, opt.size, wall, rate);
    print_latency("line to OK");
    printf("# cpu: client %.0f%% of one core, server %.0f%%\n", 100 * ccpu / wall, scpu < 0 ? -1 : 100 * scpu / wall);
    printf("RESULT mode=log conns=%d depth=%d size=%d seconds=%.3f lines=%" PRIu64
           " lines_per_s=%.1f p50_us=%.2f p99_us=%.2f p999_us=%.2f max_us=%.2f client_cpu_pct=%.1f "
           "server_cpu_pct=%.1f server_cpu_us_per_line=%.2f error=0\n",
           opt.conns, opt.depth, opt.size, wall, measured_msgs, rate, hist_percentile_us(0.50),
           hist_percentile_us(0.99), hist_percentile_us(0.999), hist_max / 1000.0, 100 * ccpu / wall,
           scpu < 0 ? -1 : 100 * scpu / wall, scpu < 0 || measured_msgs == 0 ? -1 : 1e6 * scpu / measured_msgs);
}

static void run_idle(void) {
    long base = server_rss_kib();
    double t0 = now_s();
    establish();
    double setup = now_s() - t0;
    long connected = server_rss_kib();
    printf("# %d connections set up in %.2f s; server RSS %ld KiB before, %ld KiB after\n", opt.conns, setup, base,
           connected);
    phase = PH_WARMUP;
    double h0 = now_s();
    while (now_s() - h0 < opt.hold) {
        poll_once(100); /* a server that closes an idle connection is reported by read_some */
    }
    long held = server_rss_kib();
    double per_conn = base < 0 ? -1 : (double)(held - base) * 1024.0 / opt.conns;
    double per_conn_connected = base < 0 ? -1 : (double)(connected - base) * 1024.0 / opt.conns;
    printf("# after %.0f s idle: server RSS %ld KiB, %.0f bytes per connection over the baseline\n", opt.hold, held,
           per_conn);
    printf("RESULT mode=idle conns=%d hold_s=%.1f setup_s=%.3f rss_base_kib=%ld rss_connected_kib=%ld "
           "rss_held_kib=%ld rss_per_conn_b=%.0f rss_per_conn_connected_b=%.0f error=0\n",
           opt.conns, opt.hold, setup, base, connected, held, per_conn, per_conn_connected);
}

static void run_chat(void) {
    int members = opt.conns;
    establish();
    printf("# %d members in the room\n", members);
    sender_out = malloc(65536);
    sender = &conns[members];
    start_connect(sender);
    last_progress = now_s();
    while (!sender_welcomed) {
        poll_once(100);
        check_stall("waiting for the sender's welcome");
    }
    pump_chat(now_ns());
    double wall, ccpu, scpu;
    run_phases(&wall, &ccpu, &scpu);
    double rate = chat_delivered / wall;
    printf("# %" PRIu64 " line deliveries in %.2f s: %.0f lines/s delivered (%.0f lines/s sent)\n", chat_delivered,
           wall, rate, rate / members);
    print_latency("fan-out (send to last member)");
    printf("# cpu: client %.0f%% of one core, server %.0f%%\n", 100 * ccpu / wall, scpu < 0 ? -1 : 100 * scpu / wall);
    printf("RESULT mode=chat members=%d size=%d window=%d seconds=%.3f deliveries=%" PRIu64
           " lines_per_s=%.1f p50_us=%.2f p99_us=%.2f p999_us=%.2f max_us=%.2f client_cpu_pct=%.1f "
           "server_cpu_pct=%.1f server_cpu_us_per_delivery=%.3f client_cpu_us_per_delivery=%.3f error=0\n",
           members, opt.size, opt.window, wall, chat_delivered, rate, hist_percentile_us(0.50),
           hist_percentile_us(0.99), hist_percentile_us(0.999), hist_max / 1000.0, 100 * ccpu / wall,
           scpu < 0 ? -1 : 100 * scpu / wall, scpu < 0 || chat_delivered == 0 ? -1 : scpu * 1e6 / chat_delivered,
           chat_delivered == 0 ? -1 : ccpu * 1e6 / chat_delivered);
    /* Lingering keeps the room's leave notices out of a count someone is taking of the server's
     * steady state (the bench's strace run stops counting when it sees the RESULT line). */
    double l0 = now_s();
    while (now_s() - l0 < opt.linger) {
        poll_once(100);
    }
}

/* ---------- setup ---------- */

static void usage(void) {
    fprintf(stderr,
            "usage: loadgen echo|idle|chat|udp|log|handshake --port P|--unix PATH [--conns N] [--depth D] [--size S]\n"
            "               [--warmup SEC] [--measure SEC] [--hold SEC] [--max-messages K]\n"
            "               [--window W] [--server-pid PID] [--tls 1] [--procs P] [--linger SEC]\n"
            "  echo: N connections x D messages of S bytes in flight, echoed bytes verified\n"
            "  idle: N connections held idle for --hold seconds; server RSS per connection\n"
            "  chat: N chatroom members and one sender of S-byte lines, W lines in flight\n"
            "  udp:  N UDP senders x D datagrams of S bytes (S >= 8) in flight, echoes checked\n"
            "  log:  N connections x D lines of S bytes in flight to a logging server, each answered OK\n"
            "  handshake: N TLS handshakes at a time, each connection closed after its handshake\n"
            "  --tls 1: echo and handshake over TLS 1.3 (TLS_AES_128_GCM_SHA256)\n"
            "  --unix PATH: the stream modes connect to a Unix domain socket instead of 127.0.0.1:P\n"
            "  --procs P: echo with P load processes (at most one per connection) sharing the connections\n"
            "  --linger SEC: chat: keep the members connected SEC seconds after the RESULT line\n");
    exit(2);
}

static void parse_args(int argc, char **argv) {
    if (argc < 2) {
        usage();
    }
    if (strcmp(argv[1], "echo") == 0) {
        opt.mode = MODE_ECHO;
    } else if (strcmp(argv[1], "idle") == 0) {
        opt.mode = MODE_IDLE;
    } else if (strcmp(argv[1], "chat") == 0) {
        opt.mode = MODE_CHAT;
    } else if (strcmp(argv[1], "udp") == 0) {
        opt.mode = MODE_UDP;
    } else if (strcmp(argv[1], "log") == 0) {
        opt.mode = MODE_LOG;
    } else if (strcmp(argv[1], "handshake") == 0) {
        opt.mode = MODE_HANDSHAKE;
    } else {
        usage();
    }
    for (int i = 2; i < argc; i++) {
        if (i + 1 >= argc) {
            usage();
        }
        const char *k = argv[i], *v = argv[++i];
        if (!strcmp(k, "--port")) opt.port = atoi(v);
        else if (!strcmp(k, "--conns")) opt.conns = atoi(v);
        else if (!strcmp(k, "--depth")) opt.depth = atoi(v);
        else if (!strcmp(k, "--size")) opt.size = atoi(v);
        else if (!strcmp(k, "--warmup")) opt.warmup = atof(v);
        else if (!strcmp(k, "--measure")) opt.measure = atof(v);
        else if (!strcmp(k, "--hold")) opt.hold = atof(v);
        else if (!strcmp(k, "--max-messages")) opt.max_messages = strtoull(v, NULL, 10);
        else if (!strcmp(k, "--window")) opt.window = atoi(v);
        else if (!strcmp(k, "--server-pid")) opt.server_pid = atoi(v);
        else if (!strcmp(k, "--tls")) opt.tls = atoi(v) != 0;
        else if (!strcmp(k, "--unix")) opt.unix_path = v;
        else if (!strcmp(k, "--procs")) opt.procs = atoi(v);
        else if (!strcmp(k, "--linger")) opt.linger = atof(v);
        else usage();
    }
    if (opt.unix_path && (opt.mode == MODE_UDP || strlen(opt.unix_path) >= sizeof server_un.sun_path)) {
        usage();
    }
    if ((!opt.unix_path && (opt.port <= 0 || opt.port > 65535)) || opt.conns < 1 || opt.depth < 1 || opt.size < 1 ||
        (uint64_t)opt.depth * (uint64_t)opt.size > EXTRA || opt.window < 1 || opt.window > CHAT_RING ||
        (opt.mode == MODE_CHAT && (opt.size < 16 || opt.size > CHAT_LINE_MAX - 64)) ||
        (opt.mode == MODE_UDP && (opt.size < UDP_HEADER || opt.size > 65507)) ||
        (opt.mode == MODE_LOG && (opt.size < 24 || opt.size > 16384)) || opt.measure <= 0 ||
        (opt.mode == MODE_HANDSHAKE && !opt.tls) || (opt.tls && opt.mode != MODE_ECHO && opt.mode != MODE_HANDSHAKE) ||
        opt.procs < 1 || (opt.procs > 1 && (opt.mode != MODE_ECHO || opt.tls)) ||
        opt.linger < 0 || opt.linger > 60) {
        usage();
    }
    if (opt.procs > opt.conns) {
        opt.procs = opt.conns; /* a load process needs a connection to drive */
    }
}

int main(int argc, char **argv) {
    parse_args(argc, argv);
    setvbuf(stdout, NULL, _IOLBF, 0);
    raise_fd_limit();
    describe_affinity();
    if (opt.procs > 1) {
        run_procs(); /* returns only in a load process */
    }
    table = malloc(PERIOD + EXTRA);
    rbuf = malloc(READ_BUF);
    for (uint32_t i = 0; i < PERIOD + EXTRA; i++) {
        uint32_t x = (i % PERIOD) * 2654435761u;
        table[i] = (uint8_t)(x >> 24);
    }
    int total = opt.mode == MODE_UDP ? 0 : opt.conns + (opt.mode == MODE_CHAT ? 1 : 0);
    conns = calloc((size_t)total, sizeof *conns);
    for (int i = 0; i < total; i++) {
        conns[i].index = i;
        conns[i].fd = -1;
        conns[i].base = (uint32_t)(((uint64_t)i * 7919u) % PERIOD);
        if (opt.mode == MODE_ECHO || opt.mode == MODE_LOG) {
            conns[i].stamps = calloc((size_t)opt.depth, sizeof(uint64_t));
        }
        if (opt.mode == MODE_LOG) {
            conns[i].line = malloc((size_t)opt.depth * (size_t)opt.size);
        }
        if (opt.mode == MODE_CHAT) {
            conns[i].line = malloc(CHAT_LINE_MAX);
        }
    }
    if (opt.tls) {
        tls_setup();
    }
    ep = epoll_create1(EPOLL_CLOEXEC);
    server.sin_family = AF_INET;
    server.sin_port = htons((uint16_t)opt.port);
    server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (opt.unix_path) {
        server_un.sun_family = AF_UNIX;
        strncpy(server_un.sun_path, opt.unix_path, sizeof server_un.sun_path - 1);
    }
    switch (opt.mode) {
        case MODE_ECHO: run_echo(); break;
        case MODE_IDLE: run_idle(); break;
        case MODE_CHAT: run_chat(); break;
        case MODE_UDP: run_udp(); break;
        case MODE_LOG: run_log(); break;
        case MODE_HANDSHAKE: run_handshake(); break;
    }
    for (int i = 0; i < total; i++) {
        if (conns[i].fd >= 0) {
            close(conns[i].fd);
        }
    }
    return 0;
}
