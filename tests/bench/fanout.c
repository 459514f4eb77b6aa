/* fanout: broadcast fan-out load generator (epoll, one thread, loopback only).
 *
 * Opens CONNS WebSocket connections to a server in broadcast mode (every message goes to every client, the
 * sender included). The first SENDERS connections each keep one message in flight: send, wait until their own
 * message comes back (its payload ends the broadcast frame, e.g. "name: payload"), send the next. Every
 * connection counts the data frames it receives: deliveries per second is the fan-out rate.
 *
 * Build: cc -O2 -o fanout fanout.c
 * Usage: fanout -p PORT [-c CONNS=1000] [-n SENDERS=1] [-s SIZE=16] [-d SECS=10] [-w WARMUP=1] [-S SERVER_PID]
 * Prints one line of key=value results on stdout; exit 1 when a connection failed or dropped.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXLAT 200000 /* 10 us buckets up to 2 s */

typedef struct conn {
    int fd, open, dead;
    char *in; size_t in_len, in_cap;
    int hs_done;
    unsigned char sent[256]; int sent_len; /* payload in flight (senders) */
    int waiting; uint64_t sent_ns;
} conn_t;

static int g_port, g_conns = 1000, g_senders = 1, g_size = 16;
static double g_dur = 10, g_warm = 1;
static pid_t g_srv;
static conn_t *C;
static int ep;
static uint64_t deliveries, broadcasts, errors, lat[MAXLAT + 1];
static int measuring;

static uint64_t now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000ull + t.tv_nsec; }

static double cpu_of(pid_t p) {
    char path[64], buf[1024]; snprintf(path, sizeof path, "/proc/%d/stat", (int)p);
    FILE *f = fopen(path, "r"); if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f); fclose(f); buf[n] = 0;
    char *s = strrchr(buf, ')'); if (!s) return 0;
    unsigned long ut = 0, st = 0; int i = 0; char *tok = strtok(s + 2, " ");
    for (; tok; tok = strtok(NULL, " "), i++) { if (i == 11) ut = strtoul(tok, 0, 10); if (i == 12) { st = strtoul(tok, 0, 10); break; } }
    return (double)(ut + st) / sysconf(_SC_CLK_TCK);
}
static long rss_of(pid_t p) {
    char path[64], line[256]; long kb = 0; snprintf(path, sizeof path, "/proc/%d/status", (int)p);
    FILE *f = fopen(path, "r"); if (!f) return 0;
    while (fgets(line, sizeof line, f)) if (!strncmp(line, "VmRSS:", 6)) kb = atol(line + 6);
    fclose(f); return kb;
}
static double self_cpu(void) { struct rusage r; getrusage(RUSAGE_SELF, &r);
    return r.ru_utime.tv_sec + r.ru_stime.tv_sec + (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6; }

static void write_all(conn_t *c, const void *p, size_t n) {
    const char *b = p;
    while (n) { /* small frames on loopback: a short write is rare, spin on EAGAIN */
        ssize_t w = write(c->fd, b, n);
        if (w < 0) { if (errno == EAGAIN || errno == EINTR) continue; c->dead = 1; errors++; return; }
        b += w; n -= (size_t)w;
    }
}

/* A masked client frame with a zero key (valid, payload unchanged). */
static void send_frame(conn_t *c, int opcode, const unsigned char *p, size_t n) {
    unsigned char f[300]; size_t h = 0;
    f[h++] = 0x80 | opcode;
    if (n < 126) f[h++] = 0x80 | n; else { f[h++] = 0x80 | 126; f[h++] = n >> 8; f[h++] = n & 0xff; }
    memset(f + h, 0, 4); h += 4; memcpy(f + h, p, n);
    write_all(c, f, h + n);
}

static void send_next(int i) {
    static uint64_t seq;
    conn_t *c = &C[i];
    int n = snprintf((char *)c->sent, sizeof c->sent, "s%d-%llu-", i, (unsigned long long)++seq);
    while (n < g_size && n < 250) c->sent[n++] = 'x';
    c->sent_len = n; c->waiting = 1; c->sent_ns = now_ns();
    send_frame(c, 1, c->sent, (size_t)n);
}

static void on_frame(int i, int opcode, const unsigned char *p, size_t n) {
    conn_t *c = &C[i];
    if (opcode == 9) { send_frame(c, 10, p, n); return; }
    if (opcode == 8) { c->dead = 1; errors++; return; }
    if (opcode != 1 && opcode != 2) return;
    if (measuring) deliveries++;
    if (i < g_senders && c->waiting && n >= (size_t)c->sent_len &&
        !memcmp(p + n - c->sent_len, c->sent, (size_t)c->sent_len)) {
        uint64_t us = (now_ns() - c->sent_ns) / 1000;
        if (measuring) { broadcasts++; lat[us / 10 < MAXLAT ? us / 10 : MAXLAT]++; }
        c->waiting = 0;
        if (measuring >= 0) send_next(i);
    }
}

static void on_readable(int i) {
    conn_t *c = &C[i];
    for (;;) {
        if (c->in_cap - c->in_len < 65536) { c->in_cap = c->in_cap * 2 + 65536; c->in = realloc(c->in, c->in_cap); }
        ssize_t r = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len);
        if (r == 0) { c->dead = 1; errors++; close(c->fd); return; }
        if (r < 0) { if (errno == EAGAIN) break; if (errno == EINTR) continue; c->dead = 1; errors++; close(c->fd); return; }
        c->in_len += (size_t)r;
        if ((size_t)r < c->in_cap - c->in_len + (size_t)r) break; /* short read: drained */
    }
    size_t off = 0;
    if (!c->hs_done) {
        char *end = memmem(c->in, c->in_len, "\r\n\r\n", 4);
        if (!end) return;
        if (c->in_len < 12 || memcmp(c->in + 9, "101", 3)) { c->dead = 1; errors++; close(c->fd); return; }
        c->hs_done = 1; c->open = 1; off = (size_t)(end - c->in) + 4;
    }
    for (;;) {
        unsigned char *b = (unsigned char *)c->in + off; size_t have = c->in_len - off;
        if (have < 2) break;
        int opcode = b[0] & 0x0f; uint64_t len = b[1] & 0x7f; size_t h = 2;
        if (len == 126) { if (have < 4) break; len = (b[2] << 8) | b[3]; h = 4; }
        else if (len == 127) { if (have < 10) break; len = 0; for (int k = 0; k < 8; k++) len = (len << 8) | b[2 + k]; h = 10; }
        if (b[1] & 0x80) h += 4; /* a server must not mask, but skip a key anyway */
        if (have < h + len) break;
        on_frame(i, opcode, b + h, (size_t)len);
        off += h + len;
    }
    memmove(c->in, c->in + off, c->in_len - off); c->in_len -= off;
}

static void poll_for(double secs) {
    struct epoll_event ev[512];
    uint64_t end = now_ns() + (uint64_t)(secs * 1e9);
    while (now_ns() < end) {
        int n = epoll_wait(ep, ev, 512, 20);
        for (int k = 0; k < n; k++) { int i = (int)ev[k].data.u32; if (!C[i].dead) on_readable(i); }
    }
}

int main(int argc, char **argv) {
    int o;
    while ((o = getopt(argc, argv, "p:c:n:s:d:w:S:")) != -1) switch (o) {
        case 'p': g_port = atoi(optarg); break;
        case 'c': g_conns = atoi(optarg); break;
        case 'n': g_senders = atoi(optarg); break;
        case 's': g_size = atoi(optarg); break;
        case 'd': g_dur = atof(optarg); break;
        case 'w': g_warm = atof(optarg); break;
        case 'S': g_srv = atoi(optarg); break;
        default: fprintf(stderr, "usage: %s -p PORT [-c 1000] [-n 1] [-s 16] [-d 10] [-w 1] [-S PID]\n", argv[0]); return 2;
    }
    if (!g_port || g_conns < 1 || g_senders < 1 || g_senders > g_conns || g_size < 1 || g_size > 200 || g_dur <= 0 || g_dur > 600) {
        fprintf(stderr, "bad args\n"); return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    struct rlimit rl; getrlimit(RLIMIT_NOFILE, &rl); rl.rlim_cur = rl.rlim_max; setrlimit(RLIMIT_NOFILE, &rl);
    C = calloc((size_t)g_conns, sizeof *C);
    ep = epoll_create1(0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(g_port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr); /* loopback only */
    uint64_t t0 = now_ns();
    for (int i = 0; i < g_conns; i++) {
        /* blocking connect + request, then non-blocking: simple, and a burst never overflows the backlog */
        int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
        if (connect(fd, (struct sockaddr *)&a, sizeof a)) { errors++; C[i].dead = 1; close(fd); continue; }
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        char req[256];
        int n = snprintf(req, sizeof req, "GET /?name=b%d HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
                                          "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                          "Sec-WebSocket-Version: 13\r\n\r\n", i, g_port);
        C[i].fd = fd;
        if (write(fd, req, (size_t)n) != n) { errors++; C[i].dead = 1; close(fd); continue; }
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
        if (i % 64 == 63) poll_for(0); /* take the handshake answers as they come */
    }
    for (int tries = 0; tries < 300; tries++) { /* at most 30 s for every handshake */
        int open = 0; for (int i = 0; i < g_conns; i++) open += C[i].open;
        if (open + (int)errors >= g_conns) break;
        poll_for(0.1);
    }
    int open = 0; for (int i = 0; i < g_conns; i++) open += C[i].open && !C[i].dead;
    double connect_s = (now_ns() - t0) / 1e9;
    if (open < g_senders) { fprintf(stderr, "only %d of %d connections open\n", open, g_conns); return 1; }
    poll_for(0.3); /* let join notices and the like pass */

    for (int i = 0; i < g_senders; i++) send_next(i);
    poll_for(g_warm);
    measuring = 1;
    double s0 = g_srv ? cpu_of(g_srv) : 0, g0 = self_cpu(); uint64_t m0 = now_ns();
    poll_for(g_dur);
    double secs = (now_ns() - m0) / 1e9, s1 = g_srv ? cpu_of(g_srv) : 0, g1 = self_cpu();
    measuring = -1; /* stop sending; what is in flight drains below */
    poll_for(0.5);
    int alive = 0; for (int i = 0; i < g_conns; i++) alive += C[i].open && !C[i].dead;

    double p[3] = {0.5, 0.99, 1.0}, pv[3] = {0};
    for (int k = 0; k < 3; k++) {
        uint64_t target = (uint64_t)(p[k] * broadcasts + 0.5), acc = 0; if (!target) target = 1;
        for (int b = 0; b <= MAXLAT; b++) { acc += lat[b]; if (acc >= target) { pv[k] = b * 10.0 + 5; break; } }
    }
    printf("mode=fanout conns=%d open=%d senders=%d size=%d connect_s=%.2f secs=%.2f broadcasts=%llu "
           "broadcasts_per_s=%.0f deliveries=%llu deliveries_per_s=%.0f p50_us=%.0f p99_us=%.0f max_us=%.0f "
           "gen_cpu_pct=%.0f",
           g_conns, alive, g_senders, g_size, connect_s, secs, (unsigned long long)broadcasts, broadcasts / secs,
           (unsigned long long)deliveries, deliveries / secs, pv[0], pv[1], pv[2], 100.0 * (g1 - g0) / secs);
    if (g_srv) printf(" srv_cpu_pct=%.0f srv_rss_kb=%ld", 100.0 * (s1 - s0) / secs, rss_of(g_srv));
    printf(" errors=%llu\n", (unsigned long long)errors);
    for (int i = 0; i < g_conns; i++) if (!C[i].dead) close(C[i].fd);
    return (alive == g_conns && !errors) ? 0 : 1;
}
