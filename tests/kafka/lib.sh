# Bash helpers for Kafka tests against librdkafka's mock cluster (mock_cluster.c).
# Source it, then:
#
#   trap kafka_cleanup EXIT
#   kafka_start --brokers 3 --topic logs:4     # exports BROKERS=127.0.0.1:P1,...
#   kcat -b "$BROKERS" ...
#   kafka_broker_down 1; kafka_broker_up 1; kafka_create_topic more:2
#   kafka_set_leader logs 0 2; id=$(kafka_leader logs 0)
#   kafka_stop
#
# Call kafka_start in the test's own shell, not inside $(...) or a pipeline:
# the cluster exits when its parent process does.
#
# Environment:
#   KAFKA_HARNESS_BIN  directory holding (or to receive) the mock_cluster
#                      binary; it is (re)built there with gcc when missing or
#                      older than mock_cluster.c. Default:
#                      ${TMPDIR:-/tmp}/otelflat-kafka-harness-$UID (shared by runs).
#   KAFKA_KEEP=1       keep the run's temp dir (logs) after kafka_stop.
# Set by kafka_start: BROKERS, KAFKA_PID, KAFKA_WORK (temp dir with stdout,
# stderr, control fifo, bootstrap file).
#
# Every function returns non-zero on failure (with a message on stderr), so
# it works under `set -euo pipefail`.

KAFKA_HARNESS_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/mock_cluster.c"
KAFKA_PID=""
KAFKA_WORK=""

_kafka_die() { echo "kafka: $*" >&2; return 1; }

# Prints the path of a mock_cluster binary built from the current source.
_kafka_binary() {
    local dir="${KAFKA_HARNESS_BIN:-${TMPDIR:-/tmp}/otelflat-kafka-harness-$UID}" bin
    bin="$dir/mock_cluster"
    if [[ ! -x "$bin" || "$KAFKA_HARNESS_SRC" -nt "$bin" ]]; then
        mkdir -p "$dir" || return 1
        # Build to a private name, then rename: safe if tests run in parallel.
        gcc -O1 -Wall -Wextra -o "$bin.$$" "$KAFKA_HARNESS_SRC" -lrdkafka >&2 \
            || _kafka_die "cannot build $KAFKA_HARNESS_SRC" || return 1
        mv -f "$bin.$$" "$bin"
    fi
    printf '%s\n' "$bin"
}

# kafka_start [--brokers N] [--topic NAME:PARTITIONS]...
kafka_start() {
    local bin i
    [[ -z "$KAFKA_PID" ]] || _kafka_die "a cluster is already running (pid $KAFKA_PID)" || return 1
    KAFKA_WORK="$(mktemp -d "${TMPDIR:-/tmp}/kafka-mock.XXXXXX")" || return 1
    bin="$(_kafka_binary)" && mkfifo "$KAFKA_WORK/control" || { kafka_stop; return 1; }
    "$bin" "$@" --port-file "$KAFKA_WORK/bootstrap" --control "$KAFKA_WORK/control" \
        >"$KAFKA_WORK/stdout" 2>"$KAFKA_WORK/stderr" </dev/null &
    KAFKA_PID=$!
    for ((i = 0; i < 200; i++)); do   # 10 s
        [[ -s "$KAFKA_WORK/bootstrap" ]] && break
        if ! kill -0 "$KAFKA_PID" 2>/dev/null; then
            local err
            err=$(cat "$KAFKA_WORK/stderr")
            kafka_stop
            _kafka_die "mock_cluster exited: $err" || return 1
        fi
        sleep 0.05
    done
    [[ -s "$KAFKA_WORK/bootstrap" ]] || { kafka_stop; _kafka_die "mock_cluster did not start within 10 s"; return 1; }
    BROKERS="$(head -n1 "$KAFKA_WORK/bootstrap")"
    export BROKERS
}

# kafka_cmd LINE: sends one command, waits (10 s max) for its answer.
kafka_cmd() {
    local before after reply i
    [[ -n "$KAFKA_PID" ]] || _kafka_die "no cluster running" || return 1
    before=$(wc -l <"$KAFKA_WORK/stdout")
    # Opened read-write, so this never blocks even if mock_cluster is gone.
    printf '%s\n' "$*" 1<>"$KAFKA_WORK/control"
    for ((i = 0; i < 200; i++)); do
        after=$(wc -l <"$KAFKA_WORK/stdout")
        if ((after > before)); then
            reply=$(sed -n "$((before + 1))p" "$KAFKA_WORK/stdout")
            [[ "$reply" == ok ]] && return 0
            _kafka_die "'$*': $reply" || return 1
        fi
        kill -0 "$KAFKA_PID" 2>/dev/null || _kafka_die "'$*': mock_cluster is gone" || return 1
        sleep 0.05
    done
    _kafka_die "'$*': no answer within 10 s"
}

kafka_broker_down() { kafka_cmd down "$1"; }
kafka_broker_up() { kafka_cmd up "$1"; }
kafka_create_topic() { kafka_cmd topic "$1"; }
# kafka_set_leader TOPIC PARTITION BROKER_ID (the mock never elects a new leader itself)
kafka_set_leader() { kafka_cmd leader "$1" "$2" "$3"; }

# kafka_leader TOPIC PARTITION: prints the partition's leader id (from metadata, via kcat).
kafka_leader() {
    local id
    id=$(kcat -b "$BROKERS" -L -t "$1" -m 5 2>/dev/null |
        awk -v p="$2" '$1 == "partition" && $2 == p "," { sub(",", "", $4); print $4 }')
    [[ -n "$id" ]] || _kafka_die "no leader found for $1 [$2]" || return 1
    printf '%s\n' "$id"
}

# Stops the cluster (quit, then SIGTERM, then SIGKILL) and removes its temp dir.
kafka_stop() {
    local pid="$KAFKA_PID" i
    if [[ -n "$pid" ]]; then
        KAFKA_PID=""
        printf 'quit\n' 1<>"$KAFKA_WORK/control" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            ((i == 60)) && { kill -TERM "$pid" 2>/dev/null || true; }
            sleep 0.05
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    if [[ -n "$KAFKA_WORK" ]]; then
        if [[ -n "${KAFKA_KEEP:-}" ]]; then echo "kafka: logs kept in $KAFKA_WORK" >&2
        else rm -rf "$KAFKA_WORK"; fi
    fi
    KAFKA_WORK=""
    unset BROKERS
    return 0
}

# For `trap kafka_cleanup EXIT`: stops the cluster, keeps the exit status.
kafka_cleanup() {
    local rc=$?
    kafka_stop || true
    return $rc
}
