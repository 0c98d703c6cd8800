/*
 * The C side of lwp4j's message channel (io.lwp4j.ipc.MessageChannel): the same layout and protocol, written down
 * in java/core/src/main/java/io/lwp4j/ipc/package-info.java. A header-only reference peer for the benchmarks and
 * the Java<->C tests; every position and length read from the mapping is checked as the Java side checks it.
 */
#ifndef LWP_CHANNEL_H
#define LWP_CHANNEL_H

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define CH_MAGIC 0x4E43574Cu
#define CH_VERSION 1
#define CH_HEADER 256
#define CH_OFF_PRODUCER_PID 16
#define CH_OFF_CONSUMER_PID 20
#define CH_OFF_PRODUCER_START 24
#define CH_OFF_CONSUMER_START 32
#define CH_OFF_STATE 40
#define CH_OFF_TAIL 64
#define CH_OFF_CONSUMER_SLEEPING 68
#define CH_OFF_HEAD 128
#define CH_OFF_PRODUCER_SLEEPING 132
#define CH_PRODUCER_CLOSED 1u
#define CH_CONSUMER_CLOSED 2u
#define CH_KIND_MESSAGE 1u
#define CH_KIND_PADDING 2u

typedef struct {
    uint8_t *base;
    uint32_t capacity;
    uint32_t pos; /* the producer's tail or the consumer's head */
    int spins;
} lwp_channel;

#define CH_U32(c, off) ((uint32_t *)((c)->base + (off)))
#define CH_U64(c, off) ((uint64_t *)((c)->base + (off)))

static inline int ch_cpus(void) {
    cpu_set_t set;
    return sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
}

/** Start time of pid in clock ticks (/proc/<pid>/stat field 22), state in *st; -1 if gone. */
static inline long long ch_start_time(int pid, char *st) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    p += 2;
    if (st) *st = *p;
    for (int field = 3; field < 22 && p; field++) {
        p = strchr(p, ' ');
        if (p) p++;
    }
    return p ? atoll(p) : -1;
}

static inline int ch_peer_died(lwp_channel *c, int pid_off, int start_off) {
    int pid = (int)__atomic_load_n(CH_U32(c, pid_off), __ATOMIC_SEQ_CST);
    if (pid == 0) return 0;
    char st = '?';
    long long t = ch_start_time(pid, &st);
    uint64_t want = __atomic_load_n(CH_U64(c, start_off), __ATOMIC_ACQUIRE);
    return t < 0 || st == 'Z' || st == 'X' || (want != 0 && (uint64_t)t != want);
}

static inline void ch_futex_wake(uint32_t *w) {
    syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/** Sleeps on w while it holds expected, with the flag raised, for at most 1 s (the Java side's liveness slice). */
static inline void ch_sleep(lwp_channel *c, int word_off, uint32_t expected, int flag_off) {
    __atomic_exchange_n(CH_U32(c, flag_off), 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(CH_U32(c, word_off), __ATOMIC_SEQ_CST) == expected) {
        struct timespec ts = {1, 0};
        syscall(SYS_futex, CH_U32(c, word_off), FUTEX_WAIT, expected, &ts, NULL, 0);
    }
}

static inline void ch_pause(void) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

static inline int ch_spin(lwp_channel *c, int word_off, uint32_t expected) {
    for (int i = 0; i < c->spins; i++) {
        if (__atomic_load_n(CH_U32(c, word_off), __ATOMIC_ACQUIRE) != expected) return 1;
        ch_pause();
    }
    return 0;
}

/** Lays a channel out in [base, base + 256 + capacity). */
static inline void ch_format(lwp_channel *c, void *base, uint32_t capacity) {
    memset(base, 0, CH_HEADER);
    c->base = base;
    c->capacity = capacity;
    *CH_U32(c, 4) = CH_VERSION;
    *CH_U32(c, 8) = capacity;
    *CH_U32(c, 12) = CH_HEADER;
    __atomic_store_n(CH_U32(c, 0), CH_MAGIC, __ATOMIC_RELEASE);
}

/** Validates the header of a mapping of size bytes; 0 or -1 with a reason on stderr. */
static inline int ch_validate(lwp_channel *c, void *base, size_t size) {
    c->base = base;
    if (size < CH_HEADER || __atomic_load_n(CH_U32(c, 0), __ATOMIC_ACQUIRE) != CH_MAGIC
        || *CH_U32(c, 4) != CH_VERSION || *CH_U32(c, 12) != CH_HEADER) {
        fprintf(stderr, "lwp_channel: bad header (magic, version or header size)\n");
        return -1;
    }
    uint32_t cap = *CH_U32(c, 8);
    if (cap < 64 || cap > (1u << 30) || (cap & (cap - 1)) || (size_t)CH_HEADER + cap > size) {
        fprintf(stderr, "lwp_channel: bad capacity %u for a %zu-byte mapping\n", cap, size);
        return -1;
    }
    c->capacity = cap;
    return 0;
}

/** Opens /dev/shm/name and validates it; 0 or -1. */
static inline int ch_open(lwp_channel *c, const char *name) {
    char path[300];
    snprintf(path, sizeof path, "/dev/shm/%s", name);
    int fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) { perror(path); return -1; }
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_uid != geteuid() || (st.st_mode & 077) != 0 || st.st_size <= 0) {
        fprintf(stderr, "lwp_channel: %s is not an owner-only file of this user\n", path);
        close(fd);
        return -1;
    }
    void *base = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (base == MAP_FAILED) { perror("mmap"); return -1; }
    return ch_validate(c, base, (size_t)st.st_size);
}

/** Records this process as producer (producer != 0) or consumer and reads its position. */
static inline void ch_attach(lwp_channel *c, int producer) {
    int pid_off = producer ? CH_OFF_PRODUCER_PID : CH_OFF_CONSUMER_PID;
    int start_off = producer ? CH_OFF_PRODUCER_START : CH_OFF_CONSUMER_START;
    __atomic_store_n(CH_U32(c, pid_off), (uint32_t)getpid(), __ATOMIC_SEQ_CST);
    __atomic_store_n(CH_U64(c, start_off), (uint64_t)ch_start_time(getpid(), NULL), __ATOMIC_RELEASE);
    __atomic_fetch_and(CH_U32(c, CH_OFF_STATE), producer ? ~CH_PRODUCER_CLOSED : ~CH_CONSUMER_CLOSED,
                       __ATOMIC_SEQ_CST);
    c->pos = __atomic_load_n(CH_U32(c, producer ? CH_OFF_TAIL : CH_OFF_HEAD), __ATOMIC_ACQUIRE);
    c->spins = ch_cpus() > 1 ? 200 : 0;
}

/** Sends one message, waiting while full. 0, or -1 when the consumer closed or died or the ring is corrupt. */
static inline int ch_send(lwp_channel *c, const void *msg, uint32_t len) {
    uint32_t cap = c->capacity, size = (8 + len + 7) & ~7u;
    if (len > cap / 2 - 8) return -1;
    for (;;) {
        uint32_t head = __atomic_load_n(CH_U32(c, CH_OFF_HEAD), __ATOMIC_ACQUIRE);
        uint32_t used = c->pos - head;
        if (used > cap || (used & 7)) { fprintf(stderr, "lwp_channel: corrupt head\n"); return -1; }
        uint32_t off = c->pos & (cap - 1), to_end = cap - off;
        uint32_t need = size <= to_end ? size : to_end + size;
        if (cap - used >= need) {
            uint8_t *ring = c->base + CH_HEADER;
            if (size > to_end) {
                *(uint32_t *)(ring + off) = to_end - 8;
                *(uint32_t *)(ring + off + 4) = CH_KIND_PADDING;
                c->pos += to_end;
                off = 0;
            }
            *(uint32_t *)(ring + off) = len;
            *(uint32_t *)(ring + off + 4) = CH_KIND_MESSAGE;
            memcpy(ring + off + 8, msg, len);
            c->pos += size;
            __atomic_store_n(CH_U32(c, CH_OFF_TAIL), c->pos, __ATOMIC_SEQ_CST);
            if (__atomic_load_n(CH_U32(c, CH_OFF_CONSUMER_SLEEPING), __ATOMIC_SEQ_CST)
                && __atomic_exchange_n(CH_U32(c, CH_OFF_CONSUMER_SLEEPING), 0, __ATOMIC_SEQ_CST)) {
                ch_futex_wake(CH_U32(c, CH_OFF_TAIL));
            }
            return 0;
        }
        if (__atomic_load_n(CH_U32(c, CH_OFF_STATE), __ATOMIC_SEQ_CST) & CH_CONSUMER_CLOSED) return -1;
        if (ch_spin(c, CH_OFF_HEAD, head)) continue;
        ch_sleep(c, CH_OFF_HEAD, head, CH_OFF_PRODUCER_SLEEPING);
        if (__atomic_load_n(CH_U32(c, CH_OFF_HEAD), __ATOMIC_SEQ_CST) == head
            && ch_peer_died(c, CH_OFF_CONSUMER_PID, CH_OFF_CONSUMER_START)) return -1;
    }
}

/**
 * Receives one message into buf (room for max bytes), waiting while empty. Its length, or -1 when the producer
 * closed (or died) and the ring is drained, -2 on a corrupt ring or a too-small buffer.
 */
static inline long ch_recv(lwp_channel *c, void *buf, uint32_t max) {
    uint32_t cap = c->capacity;
    uint8_t *ring = c->base + CH_HEADER;
    for (;;) {
        uint32_t tail = __atomic_load_n(CH_U32(c, CH_OFF_TAIL), __ATOMIC_ACQUIRE);
        uint32_t avail = tail - c->pos;
        if (avail > cap || (avail & 7)) { fprintf(stderr, "lwp_channel: corrupt tail\n"); return -2; }
        while (avail > 0) {
            uint32_t off = c->pos & (cap - 1), to_end = cap - off;
            uint32_t len = *(uint32_t *)(ring + off), kind = *(uint32_t *)(ring + off + 4);
            uint32_t size;
            if (kind == CH_KIND_PADDING) {
                if (len != to_end - 8 || to_end > avail) return -2;
                size = to_end;
            } else {
                size = (8 + len + 7) & ~7u;
                if (kind != CH_KIND_MESSAGE || len > cap / 2 - 8 || size > avail || size > to_end || len > max) {
                    fprintf(stderr, "lwp_channel: corrupt record (kind %u, length %u)\n", kind, len);
                    return -2;
                }
                memcpy(buf, ring + off + 8, len);
            }
            c->pos += size;
            avail -= size;
            __atomic_store_n(CH_U32(c, CH_OFF_HEAD), c->pos, __ATOMIC_SEQ_CST);
            if (__atomic_load_n(CH_U32(c, CH_OFF_PRODUCER_SLEEPING), __ATOMIC_SEQ_CST)
                && __atomic_exchange_n(CH_U32(c, CH_OFF_PRODUCER_SLEEPING), 0, __ATOMIC_SEQ_CST)) {
                ch_futex_wake(CH_U32(c, CH_OFF_HEAD));
            }
            if (kind == CH_KIND_MESSAGE) return (long)len;
        }
        if ((__atomic_load_n(CH_U32(c, CH_OFF_STATE), __ATOMIC_SEQ_CST) & CH_PRODUCER_CLOSED)
            && __atomic_load_n(CH_U32(c, CH_OFF_TAIL), __ATOMIC_SEQ_CST) == c->pos) return -1;
        if (ch_spin(c, CH_OFF_TAIL, c->pos)) continue;
        ch_sleep(c, CH_OFF_TAIL, c->pos, CH_OFF_CONSUMER_SLEEPING);
        if (__atomic_load_n(CH_U32(c, CH_OFF_TAIL), __ATOMIC_SEQ_CST) == c->pos
            && ch_peer_died(c, CH_OFF_PRODUCER_PID, CH_OFF_PRODUCER_START)) return -1;
    }
}

/** Ends this side: sets its closed bit and wakes the peer. */
static inline void ch_close(lwp_channel *c, int producer) {
    __atomic_fetch_or(CH_U32(c, CH_OFF_STATE), producer ? CH_PRODUCER_CLOSED : CH_CONSUMER_CLOSED,
                      __ATOMIC_SEQ_CST);
    ch_futex_wake(CH_U32(c, producer ? CH_OFF_TAIL : CH_OFF_HEAD));
}

#endif /* LWP_CHANNEL_H */
