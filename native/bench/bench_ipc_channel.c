/*
 * C reference peer of lwp4j's message channel (io.lwp4j.ipc.MessageChannel, layout in lwp_channel.h and the Java
 * package docs).
 *
 *   bench_ipc_channel echo REQ RESP
 *       Opens the channels /dev/shm/REQ (as consumer) and /dev/shm/RESP (as producer) that a Java process
 *       created, and sends every message back — except those whose first byte is 1 (a stream: consumed only) —
 *       until REQ's producer closes or dies; prints {"received":N} and exits 0 (1 on a corrupt ring). The Java<->C test and the ipc benchmark group drive it.
 *   bench_ipc_channel c2c [--rounds R] [--warmup W] [--ops N] [--messages M]
 *       Both sides in C (two processes over one MAP_SHARED mapping): ipc.c.channel.rtt, ns per round trip of a
 *       64-byte message, over R rounds of N round trips; ipc.c.channel.oneway, ns per 64-byte message streamed
 *       one way (M per round). Pin it (taskset) as the Java side is pinned.
 */
#include "bench_kit.h"
#include "lwp_channel.h"
#include <signal.h>
#include <sys/wait.h>

#define MSG 64
#define CAP (1u << 16)

static int echo(lwp_channel *req, lwp_channel *resp) {
    char buf[CAP / 2];
    long n = 0, len;
    while ((len = ch_recv(req, buf, sizeof buf)) >= 0) {
        n++;
        if (len > 0 && buf[0] == 1) {
            continue; /* a streamed message: consumed, not echoed */
        }
        if (ch_send(resp, buf, (uint32_t)len) != 0) {
            break;
        }
    }
    ch_close(resp, 1);
    printf("{\"received\":%ld}\n", n);
    return len == -2 ? 1 : 0;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "echo") == 0) {
        lwp_channel req, resp;
        if (ch_open(&req, argv[2]) != 0 || ch_open(&resp, argv[3]) != 0) {
            return 1;
        }
        ch_attach(&req, 0);
        ch_attach(&resp, 1);
        return echo(&req, &resp);
    }
    if (argc < 2 || strcmp(argv[1], "c2c") != 0) {
        fprintf(stderr, "usage: %s echo REQ RESP | c2c [--rounds R] [--warmup W] [--ops N] [--messages M]\n",
                argv[0]);
        return 2;
    }
    long rounds = 11, warmup = 2, ops = 20000, messages = 2000000;
    bk_rounds(argc, argv, &rounds, &warmup);
    bk_arg_long(argc, argv, "--ops", 1, &ops);
    bk_arg_long(argc, argv, "--messages", 1, &messages);
    size_t one = CH_HEADER + CAP;
    uint8_t *mem = mmap(NULL, 2 * one, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    lwp_channel req, resp;
    ch_format(&req, mem, CAP);
    ch_format(&resp, mem + one, CAP);
    bk_print_env();
    pid_t child = fork();
    if (child == 0) {
        ch_attach(&req, 0);
        ch_attach(&resp, 1);
        _exit(echo(&req, &resp) ? 1 : 0);
    }
    ch_attach(&req, 1);
    ch_attach(&resp, 0);
    char m[MSG] = {0}, back[CAP / 2];
    double rtt[BK_MAX_ROUNDS], oneway[BK_MAX_ROUNDS];
    for (long r = 0; r < warmup + rounds; r++) {
        double t0 = bk_now_ns();
        for (long i = 0; i < ops; i++) {
            memcpy(m + 8, &i, sizeof i);
            if (ch_send(&req, m, MSG) != 0 || ch_recv(&resp, back, sizeof back) != MSG) {
                fprintf(stderr, "bench_ipc_channel: the echo failed\n");
                return 1;
            }
        }
        double t1 = bk_now_ns();
        /* one way: stream M messages (first byte 1: not echoed), then one round trip that proves the peer
           consumed them all */
        m[0] = 1;
        for (long i = 0; i < messages; i++) {
            memcpy(m + 8, &i, sizeof i);
            if (ch_send(&req, m, MSG) != 0) return 1;
        }
        memset(m, 0, sizeof m);
        if (ch_send(&req, m, MSG) != 0 || ch_recv(&resp, back, sizeof back) != MSG) return 1;
        double t2 = bk_now_ns();
        if (r >= warmup) {
            rtt[r - warmup] = (t1 - t0) / (double)ops;
            oneway[r - warmup] = (t2 - t1) / (double)messages;
        }
    }
    ch_close(&req, 1);
    int status = 0;
    waitpid(child, &status, 0);
    bk_report("ipc.c.channel.rtt", "ns/op", rtt, (int)rounds, "");
    bk_report("ipc.c.channel.oneway", "ns/op", oneway, (int)rounds, "");
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
