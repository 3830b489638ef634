/*
 * mock_cluster: librdkafka's in-process mock Kafka cluster, run as its own
 * process so shell and CLI tests can point any Kafka client at it.
 *
 * Why: the Kafka input/output tests need a broker, and no broker package
 * (Kafka, Redpanda, ...) is reachable from the build machines. The mock
 * cluster shipped in librdkafka speaks the real Kafka protocol over TCP on
 * 127.0.0.1 (produce, fetch, consumer groups, commits, idempotence, the
 * transaction calls), so otelflat and kcat talk to it as to a real cluster.
 * It is not a full broker: no failover, no read_committed filtering, no
 * lookup by timestamp, 5 MiB kept per partition (see smoke_mock.sh).
 *
 * Build: gcc -O1 -Wall -Wextra -o mock_cluster mock_cluster.c -lrdkafka
 *
 * Usage: mock_cluster [--brokers N] [--topic NAME:PARTITIONS]...
 *                     [--port-file PATH] [--control FIFO]
 *
 *   Brokers get ids 1..N (default 3) and random ports. Topics are created
 *   with replication factor min(N,3), like auto-created ones (which get 4
 *   partitions); each partition's leader is a random replica. The bootstrap
 *   list ("127.0.0.1:P1,127.0.0.1:P2,...", in broker id order) is
 *   the first line on stdout, and is also written to --port-file through a
 *   tmp file + rename, so a script can just wait for the file to appear.
 *
 *   Commands, one per line; each is answered with one line on stdout,
 *   "ok" or "error: ...":
 *     down ID | up ID        broker ID stops / resumes serving (its
 *                            connections are closed, new ones refused)
 *     topic NAME:PARTITIONS  create another topic
 *     leader NAME PART ID    make broker ID the partition's leader (the
 *                            mock never fails over by itself; creates
 *                            the topic if missing)
 *     quit                   exit
 *   Commands come from stdin, or with --control from the named pipe FIFO
 *   (created if missing; stdin is then ignored). The pipe is opened
 *   read-write, so it never reaches EOF: any number of successive writers,
 *   e.g. `echo "down 1" > $fifo`, and the answers append to stdout (send one
 *   command at a time and wait for its line).
 *
 *   Exits 0 on quit, on EOF of stdin (without --control), on SIGTERM/SIGINT,
 *   and (Linux) when its parent process dies, so a killed test leaves no
 *   cluster behind. librdkafka logs go to stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

static volatile sig_atomic_t stop;
static void on_signal(int sig) { (void)sig; stop = 1; }

static rd_kafka_mock_cluster_t *mc;
static int broker_cnt = 3;

/* "NAME:PARTITIONS" -> topic; returns NULL or an error message. */
static const char *create_topic(const char *spec) {
        static char err[300];
        char name[256];
        const char *colon = strrchr(spec, ':');
        char *end;
        long parts;
        rd_kafka_resp_err_t e;

        if (!colon || colon == spec || (size_t)(colon - spec) >= sizeof(name))
                return "expected NAME:PARTITIONS";
        parts = strtol(colon + 1, &end, 10);
        if (*end || parts < 1 || parts > 100000)
                return "bad partition count";
        memcpy(name, spec, colon - spec);
        name[colon - spec] = '\0';
        e = rd_kafka_mock_topic_create(mc, name, (int)parts,
                                       broker_cnt < 3 ? broker_cnt : 3);
        if (!e)
                return NULL;
        snprintf(err, sizeof(err), "%s", rd_kafka_err2str(e));
        return err;
}

/* Runs one command line; returns 1 on quit. */
static int command(char *line) {
        char verb[16], arg[300];
        const char *err = NULL;
        int part, id, n = sscanf(line, "%15s %299s", verb, arg);

        if (n < 1)
                return 0; /* blank line: no answer */
        if (n == 1 && !strcmp(verb, "quit")) {
                printf("ok\n");
                return 1;
        }
        if (n == 2 && (!strcmp(verb, "down") || !strcmp(verb, "up"))) {
                char *end;
                long id = strtol(arg, &end, 10);
                rd_kafka_resp_err_t e;
                if (*end || id < 1 || id > broker_cnt)
                        err = "no such broker";
                else {
                        e = verb[0] == 'd'
                                ? rd_kafka_mock_broker_set_down(mc, (int32_t)id)
                                : rd_kafka_mock_broker_set_up(mc, (int32_t)id);
                        if (e)
                                err = rd_kafka_err2str(e);
                }
        } else if (n == 2 && !strcmp(verb, "topic"))
                err = create_topic(arg);
        else if (n == 2 && !strcmp(verb, "leader") &&
                 sscanf(line, "%*s %*s %d %d", &part, &id) == 2) {
                rd_kafka_resp_err_t e =
                    rd_kafka_mock_partition_set_leader(mc, arg, part, id);
                if (e)
                        err = rd_kafka_err2str(e);
        } else
                err = "unknown command (down ID, up ID, topic NAME:PARTITIONS, "
                      "leader NAME PARTITION ID, quit)";
        if (err)
                printf("error: %s\n", err);
        else
                printf("ok\n");
        fflush(stdout);
        return 0;
}

static int write_port_file(const char *path, const char *bootstraps) {
        char tmp[4096];
        FILE *f;
        snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
        if (!(f = fopen(tmp, "w")) || fprintf(f, "%s\n", bootstraps) < 0 ||
            fclose(f) != 0 || rename(tmp, path) != 0) {
                perror(path);
                return -1;
        }
        return 0;
}

static void usage(void) {
        fprintf(stderr, "usage: mock_cluster [--brokers N] [--topic NAME:PARTITIONS]... "
                        "[--port-file PATH] [--control FIFO]\n");
        exit(2);
}

int main(int argc, char **argv) {
        const char *port_file = NULL, *control = NULL;
        const char *topics[256];
        int topic_cnt = 0, fd = 0, i, done = 0;
        char errstr[512], buf[4096];
        size_t len = 0;
        rd_kafka_conf_t *conf;
        rd_kafka_t *rk;
        struct sigaction sa;
        sigset_t block, orig;
        pid_t ppid;

        for (i = 1; i < argc; i++) {
                if (i + 1 >= argc)
                        usage();
                if (!strcmp(argv[i], "--brokers")) {
                        broker_cnt = atoi(argv[++i]);
                        if (broker_cnt < 1 || broker_cnt > 100)
                                usage();
                } else if (!strcmp(argv[i], "--topic") && topic_cnt < 256)
                        topics[topic_cnt++] = argv[++i];
                else if (!strcmp(argv[i], "--port-file"))
                        port_file = argv[++i];
                else if (!strcmp(argv[i], "--control"))
                        control = argv[++i];
                else
                        usage();
        }

        /* Take SIGTERM/SIGINT only inside ppoll() below: no race with the
         * flag, and librdkafka's threads inherit the blocked mask. */
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_signal;
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        signal(SIGPIPE, SIG_IGN);
        sigemptyset(&block);
        sigaddset(&block, SIGTERM);
        sigaddset(&block, SIGINT);
        sigprocmask(SIG_BLOCK, &block, &orig);
        sigdelset(&orig, SIGTERM);
        sigdelset(&orig, SIGINT);
        ppid = getppid();
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != ppid)
                return 0; /* parent already gone */

        conf = rd_kafka_conf_new();
        /* Quiet the notice about this handle having no bootstrap.servers. */
        rd_kafka_conf_set(conf, "log_level", "4", NULL, 0);
        if (!(rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr,
                                sizeof(errstr)))) {
                fprintf(stderr, "mock_cluster: %s\n", errstr);
                return 1;
        }
        if (!(mc = rd_kafka_mock_cluster_new(rk, broker_cnt))) {
                fprintf(stderr, "mock_cluster: cannot create mock cluster\n");
                return 1;
        }
        for (i = 0; i < topic_cnt; i++) {
                const char *err = create_topic(topics[i]);
                if (err) {
                        fprintf(stderr, "mock_cluster: --topic %s: %s\n",
                                topics[i], err);
                        return 2;
                }
        }

        if (control) {
                if (mkfifo(control, 0600) != 0 && errno != EEXIST) {
                        perror(control);
                        return 1;
                }
                /* O_RDWR: we are a writer too, so the pipe never hits EOF. */
                if ((fd = open(control, O_RDWR)) < 0) {
                        perror(control);
                        return 1;
                }
        }

        printf("%s\n", rd_kafka_mock_cluster_bootstraps(mc));
        fflush(stdout);
        if (port_file &&
            write_port_file(port_file, rd_kafka_mock_cluster_bootstraps(mc)))
                return 1;

        while (!stop && !done) {
                struct pollfd pfd = {fd, POLLIN, 0};
                ssize_t r;
                char *nl;

                if (ppoll(&pfd, 1, NULL, &orig) < 0) {
                        if (errno == EINTR)
                                continue;
                        perror("poll");
                        break;
                }
                r = read(fd, buf + len, sizeof(buf) - 1 - len);
                if (r < 0 && (errno == EINTR || errno == EAGAIN))
                        continue;
                if (r <= 0) { /* EOF or error: a final unterminated line */
                        buf[len] = '\0';
                        if (len)
                                command(buf);
                        break;
                }
                len += (size_t)r;
                buf[len] = '\0';
                while (!done && (nl = strchr(buf, '\n'))) {
                        *nl = '\0';
                        done = command(buf);
                        len -= (size_t)(nl + 1 - buf);
                        memmove(buf, nl + 1, len + 1);
                }
                if (len == sizeof(buf) - 1) { /* absurdly long line */
                        printf("error: line too long\n");
                        fflush(stdout);
                        len = 0;
                }
        }
        fflush(stdout);

        rd_kafka_mock_cluster_destroy(mc);
        rd_kafka_destroy(rk);
        return 0;
}
