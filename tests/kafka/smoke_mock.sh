#!/usr/bin/env bash
# Self-check of the Kafka test harness, with kcat only: starts a 3-broker mock
# cluster and checks what the Kafka tests rely on. "ok"/"FAIL" lines are checks
# (exit 1 if any fails); "info" lines record mock quirks without judging them.
# Runs in about 30 s. Usage: bash tests/kafka/smoke_mock.sh
set -euo pipefail
cd "$(dirname "$0")"
source ./lib.sh

FAILS=0
ok() { echo "ok   - $*"; }
fail() { echo "FAIL - $*"; FAILS=$((FAILS + 1)); }
info() { echo "info - $*"; }
# check DESCRIPTION WANT GOT
check() { if [[ "$3" == "$2" ]]; then ok "$1 ($3)"; else fail "$1: want $2, got $3"; fi; }
now_ms() { date +%s%3N; }

TMP="$(mktemp -d)"
PIDS=()
cleanup() {
    local rc=$? p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    kafka_stop
    rm -rf "$TMP"
    return $rc
}
trap cleanup EXIT

# kcat with the cluster and a bound on its runtime; its log goes to kcat.log
# (connection-refused noise while a broker is down), shown if a check fails.
k() { timeout 30 kcat -b "$BROKERS" "$@" 2>>"$TMP/kcat.log"; }
# Consumer-group settings: see the comment at the group checks.
GRP=(-X session.timeout.ms=4000 -X heartbeat.interval.ms=500 -X auto.offset.reset=earliest)
keyed() { seq "$1" "$2" | sed 's/.*/k&:v&/'; }   # "kN:vN" lines for kcat -K:

echo "# cluster"
kafka_start --brokers 3 --topic t:4
check "bootstrap list is 3 x 127.0.0.1:PORT" 3 \
    "$(tr , '\n' <<<"$BROKERS" | grep -cE '^127\.0\.0\.1:[0-9]+$' || true)"
# Leaders are random; pin them so the broker-down check knows what stalls.
kafka_set_leader t 0 1; kafka_set_leader t 1 2; kafka_set_leader t 2 3; kafka_set_leader t 3 1
check "leaders of t [0..3] after kafka_set_leader" "1 2 3 1" \
    "$(for p in 0 1 2 3; do kafka_leader t $p; done | xargs)"

echo "# produce / consume"
keyed 1 100 | k -P -t t -K: || fail "kcat -P"
k -C -t t -o beginning -e -q -f '%p %k %s\n' >"$TMP/all" || true
check "consume -C -e -o beginning: message count" 100 "$(wc -l <"$TMP/all")"
check "keyed messages spread over all partitions" 4 "$(cut -d' ' -f1 "$TMP/all" | sort -u | wc -l)"
check "kcat -Q end offsets sum" 100 \
    "$(for p in 0 1 2 3; do k -Q -t t:$p:-1; done | awk '{s += $NF} END {print s}')"

echo "# consumer groups"
# kcat -G honours -e and -c. -o beginning would override the committed offsets
# (kcat seeks on assignment), so the reset policy goes in auto.offset.reset.
# The mock waits 3 s before the first generation of an empty group, and
# session.timeout.ms - 1000 before the next one (44 s with the default 45 s).
# Below 3000 the member times out during its own first join and hangs.
t0=$(now_ms)
k -G g1 "${GRP[@]}" -c 60 -q -f '%k\n' t >"$TMP/g1a" || fail "kcat -G -c 60"
t1=$(now_ms)
k -G g1 "${GRP[@]}" -e -q -f '%k\n' t >"$TMP/g1b" || fail "kcat -G -e"
t2=$(now_ms)
check "group run 1 (-c 60) count" 60 "$(wc -l <"$TMP/g1a")"
check "group run 2 (-e) resumes from committed offsets" 40 "$(wc -l <"$TMP/g1b")"
check "group runs together see each message once" 100 "$(sort -u "$TMP/g1a" "$TMP/g1b" | wc -l)"
info "first join took $(((t1 - t0)))ms, rejoin of same group $(((t2 - t1)))ms"

# Two concurrent members joining within the first 3 s get one generation.
for m in A B; do
    timeout 40 kcat -b "$BROKERS" -G pair "${GRP[@]}" -u -f '%k\n' t >"$TMP/$m.out" 2>"$TMP/$m.err" &
    PIDS+=($!)
done
wait_for() { # FILE PATTERN COUNT: wait up to 20 s for COUNT lines matching
    local i
    for ((i = 0; i < 400; i++)); do
        (($(grep -c -- "$2" "$1" || true) >= $3)) && return 0
        sleep 0.05
    done
    return 1
}
t0=$(now_ms)
if wait_for "$TMP/A.err" "assigned:" 1 && wait_for "$TMP/B.err" "assigned:" 1; then
    ok "two concurrent members both got partitions ($(($(now_ms) - t0))ms)"
else
    fail "two concurrent members: no assignment within 20 s"
fi
sleep 1
check "two members: union of messages" 100 "$(sort -u "$TMP/A.out" "$TMP/B.out" | wc -l)"
# Within one generation no partition has two owners, so nothing is read twice. A member that
# joins after the first 3 s (a slow machine) makes a second generation: then what the first
# owner read before it committed is read again, which Kafka allows (at least once).
if grep -q "revoked:" "$TMP/A.err" "$TMP/B.err"; then
    info "two members: a second generation (a member joined late); $(sort "$TMP/A.out" "$TMP/B.out" | uniq -d | wc -l) message(s) read again, as Kafka allows"
else
    check "two members: no message seen twice" 0 "$(sort "$TMP/A.out" "$TMP/B.out" | uniq -d | wc -l)"
fi
kill -TERM "${PIDS[1]}"; wait "${PIDS[1]}" || true   # kcat leaves the group
t0=$(now_ms)
if wait_for "$TMP/A.err" "assigned: t \[0\], t \[1\], t \[2\], t \[3\]" 1; then
    ok "after member B left, A took all 4 partitions ($(($(now_ms) - t0))ms)"
else
    fail "after member B left, A did not get all partitions within 20 s"
fi
kill -TERM "${PIDS[0]}"; wait "${PIDS[0]}" || true
PIDS=()

echo "# broker down / up"
kafka_broker_down 1
# t [1] and t [2] are led by brokers 2 and 3: unaffected.
echo during-down | k -P -t t -p 2 || fail "produce to t [2] while broker 1 is down"
check "consume t [2] while broker 1 is down" during-down \
    "$(k -C -t t -p 2 -o -1 -e -q -f '%s\n' || true)"
# Keyed messages also go to t [0] and t [3] (led by broker 1): they wait.
t0=$(now_ms)
keyed 101 200 | k -P -t t -K: &
PIDS+=($!)
sleep 2
if kill -0 "${PIDS[0]}" 2>/dev/null; then
    ok "produce to partitions led by a down broker waits (no failover in the mock)"
else
    fail "producer finished while the leader of t [0] was down"
fi
kafka_broker_up 1
t1=$(now_ms)
if wait "${PIDS[0]}"; then ok "producer delivered $(($(now_ms) - t1))ms after broker up"; else fail "producer after broker up"; fi
PIDS=()
k -C -t t -o beginning -e -q -f '%k\n' >"$TMP/all2" || true
check "all messages there after down/up" 201 "$(wc -l <"$TMP/all2")"
check "no duplicates after down/up" 0 "$(grep -v '^$' "$TMP/all2" | sort | uniq -d | wc -l)"

echo "# idempotent / transactional producer"
kafka_create_topic idem:2
seq 1 50 | k -P -t idem -X enable.idempotence=true || fail "idempotent produce"
check "idempotent producer: count" 50 "$(k -C -t idem -e -q | wc -l)"
kafka_create_topic tx:2
seq 1 50 | timeout 30 kcat -b "$BROKERS" -P -t tx -X transactional.id=smoke-tx 2>"$TMP/tx.err" \
    || fail "transactional produce"
if grep -q "Transaction successfully committed" "$TMP/tx.err"; then ok "kcat committed its transaction"
else fail "transactional produce: $(cat "$TMP/tx.err")"; fi
check "read_committed consumer sees the transaction" 50 \
    "$(k -C -t tx -e -q -X isolation.level=read_committed | wc -l)"

echo "# quirks (info only)"
kafka_create_topic ts:1
echo early | k -P -t ts
sleep 1.1; T=$(now_ms); sleep 0.1
echo late | k -P -t ts
info "ListOffsets by timestamp ($T, want offset 1): kcat -Q says '$(k -Q -t ts:0:$T || true)'"
info "kcat -C -o s@$T got: '$(k -C -t ts -o "s@$T" -e -q | xargs || true)' (want 'late')"
echo x | k -P -t autocreated
info "auto-created topic has $(k -L -t autocreated | grep -c 'partition ') partitions"
kafka_create_topic big:1
python3 -c "import sys; sys.stdout.write(''.join('%06d%s\n' % (i, 'x' * 1000) for i in range(8000)))" |
    k -P -t big
info "retention: 8000 x 1 KB messages into one partition, kept $(k -Q -t big:0:-2 | awk '{print $NF}')..$(k -Q -t big:0:-1 | awk '{print $NF}')," \
    "$(k -C -t big -e -q | wc -c) bytes"

echo
if ((FAILS)); then
    echo "$FAILS check(s) FAILED; end of the kcat log:"
    tail -n 20 "$TMP/kcat.log" 2>/dev/null || true
    exit 1
fi
echo "all checks passed"
