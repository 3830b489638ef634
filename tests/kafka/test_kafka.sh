#!/usr/bin/env bash
# Kafka in and out, against librdkafka's mock cluster (a separate process on 127.0.0.1, see
# mock_cluster.c) with kcat as the independent client that produces and checks.
#   test_kafka.sh OTELFLAT SOURCE_DIR CASE     CASE: replay | group | faults | to-kafka | times
# Each case starts its own cluster. Data: generated realistic traces cut into messages of
# 20 spans (tests/kafka/make_messages.py), about 2 MB over 4 partitions: well inside what the
# mock keeps per partition.
set -euo pipefail
B=$1
SRC=$2
CASE=$3
# shellcheck source=lib.sh
source "$SRC/tests/kafka/lib.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/otelflat-kafka-$CASE.XXXXXX")
cleanup() {
    local rc=$?
    kafka_stop || true
    jobs -p | xargs -r kill -9 2>/dev/null || true
    rm -rf "$T"
    exit $rc
}
trap cleanup EXIT

pass=0
fail=0
check() {  # check NAME COMMAND...: runs COMMAND, counts the result
    local name=$1
    shift
    if "$@"; then
        pass=$((pass + 1))
        echo "ok   $name"
    else
        fail=$((fail + 1))
        echo "FAIL $name"
    fi
}
eq() { [[ "$1" == "$2" ]] || { echo "  expected [$2], got [$1]" >&2; return 1; }; }
same_file() { cmp -s "$1" "$2" || { echo "  $1 and $2 differ" >&2; diff <(head -c 2000 "$1") <(head -c 2000 "$2") | head -5 >&2; return 1; }; }
stat_of() {  # stat_of KEY STDERR_FILE
    sed -n 's/^otelflat: stats: //p' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}
# Groups: the mock cluster drops a member that left only at its session timeout, so a group's
# next run waits that long to join; tests keep it short.
GROUP_X=(-X session.timeout.ms=6000 -X heartbeat.interval.ms=500 -X reconnect.backoff.max.ms=500)

python3 "$SRC/scripts/gen-traces.py" realistic --size-mb 2 --seed 3 > "$T/traces.jsonl"
python3 "$SRC/tests/kafka/make_messages.py" "$T/traces.jsonl" "$T/traces.keyed" 2>/dev/null
cut -f2 "$T/traces.keyed" > "$T/traces.docs"
"$B" "$T/traces.docs" | sort > "$T/expected.sorted"
TOTAL=$(wc -l < "$T/expected.sorted")
MESSAGES=$(wc -l < "$T/traces.keyed")
echo "data: $MESSAGES messages, $TOTAL spans"

produce() {  # produce TOPIC KEYED_FILE
    kcat -b "$BROKERS" -P -t "$1" -K '\t' -l "$2"
}

case $CASE in
replay)
    kafka_start --brokers 3 --topic spans:4
    produce spans "$T/traces.keyed"
    # A replay equals the file-based output of the same documents.
    rc=0
    "$B" -b "$BROKERS" -t spans -e --stats > "$T/replay.out" 2> "$T/replay.err" || rc=$?
    check "replay exits 0" eq "$rc" 0
    sort "$T/replay.out" > "$T/replay.sorted"
    check "replay rows equal the file's rows" same_file "$T/replay.sorted" "$T/expected.sorted"
    check "replay counts every message" eq "$(stat_of kafka_messages "$T/replay.err")" "$MESSAGES"
    # Per partition the order is the topic's: byte-identical to the file path, both formats.
    for p in 0 3; do
        kcat -b "$BROKERS" -C -t spans -p $p -e -q -f '%s\n' > "$T/p$p.docs"
        for f in jsoneachrow native; do
            "$B" -f $f "$T/p$p.docs" > "$T/p$p.file.$f"
            "$B" -f $f -b "$BROKERS" -t spans -p $p -e --commit-interval 1h > "$T/p$p.kafka.$f"
            check "partition $p, $f: byte-identical to the file path" same_file "$T/p$p.kafka.$f" "$T/p$p.file.$f"
        done
    done
    # -c, -o N, -o -N
    "$B" -b "$BROKERS" -t spans -c 5 --stats > /dev/null 2> "$T/c5.err"
    check "-c 5 reads 5 messages" eq "$(stat_of kafka_messages "$T/c5.err")" 5
    n0=$(kcat -b "$BROKERS" -C -t spans -p 0 -e -q -f 'x\n' | wc -l)
    "$B" -b "$BROKERS" -t spans -p 0 -o 2 -e --stats > /dev/null 2> "$T/o2.err"
    check "-o 2 starts at offset 2" eq "$(stat_of kafka_messages "$T/o2.err")" $((n0 - 2))
    "$B" -b "$BROKERS" -t spans -p 0 -o -3 -e --stats > "$T/tail.out" 2> "$T/tail.err"
    kcat -b "$BROKERS" -C -t spans -p 0 -o -3 -e -q -f '%s\n' > "$T/tail.docs"
    "$B" "$T/tail.docs" > "$T/tail.expected"
    check "-o -3 reads the last 3 messages" same_file "$T/tail.out" "$T/tail.expected"
    # A bad message is reported with topic/partition/offset and does not stop the run; a
    # message of several JSON lines gives the rows of each.
    kcat -b "$BROKERS" -P -t spans -p 1 <<< '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz"}]}]}]}'
    head -n 3 "$T/traces.docs" > "$T/three.docs"
    kcat -b "$BROKERS" -P -t spans -p 1 "$T/three.docs"  # a file is one message
    bad_offset=$(( $(kcat -b "$BROKERS" -C -t spans -p 1 -e -q -f 'x\n' | wc -l) - 2 ))
    rc=0
    "$B" -b "$BROKERS" -t spans -p 1 -o -2 -e --stats > "$T/bad.out" 2> "$T/bad.err" || rc=$?
    check "a rejected message exits 1" eq "$rc" 1
    check "the message names topic, partition and offset" \
        grep -q "^otelflat: kafka spans \[1\] offset $bad_offset: rejected document: .*traceId" "$T/bad.err"
    "$B" "$T/three.docs" > "$T/three.expected"
    check "the rows after it, from one message of three JSON lines" same_file "$T/bad.out" "$T/three.expected"
    rc=0
    "$B" -b "$BROKERS" -t spans -p 1 -o -2 -e --max-errors 1 > /dev/null 2>&1 || rc=$?
    check "--max-errors 1: exit 0" eq "$rc" 0
    # The rejected message, verbatim, with topic/partition/offset, to a dead-letter topic.
    "$B" -q -b "$BROKERS" -t spans -p 1 -o -2 -e --dead-letter kafka:dlq > /dev/null 2>&1 || true
    kcat -b "$BROKERS" -C -t dlq -e -q -f '%s\n' > "$T/dlq.jsonl"
    check "dead-letter topic: one record naming the message, with its bytes" python3 -c '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert len(recs) == 1, recs
r = recs[0]
assert (r["source"], r["topic"], r["partition"], r["offset"]) == ("kafka", "spans", 1, int(sys.argv[2])), r
assert r["document"] == "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz\"}]}]}]}", r
' "$T/dlq.jsonl" "$bad_offset"
    ;;

group)
    kafka_start --brokers 3 --topic spans:4
    produce spans "$T/traces.keyed"
    # A cron job run again and again loads each message once.
    "$B" -b "$BROKERS" -t spans -G cron -e "${GROUP_X[@]}" > "$T/run1.out"
    sort "$T/run1.out" > "$T/run1.sorted"
    check "group run 1 loads everything" same_file "$T/run1.sorted" "$T/expected.sorted"
    "$B" -b "$BROKERS" -t spans -G cron -e "${GROUP_X[@]}" > "$T/run2.out"
    check "group run 2 loads nothing new" eq "$(wc -l < "$T/run2.out")" 0
    head -n 5 "$T/traces.keyed" > "$T/five.keyed"
    produce spans "$T/five.keyed"
    "$B" -b "$BROKERS" -t spans -G cron -e "${GROUP_X[@]}" > "$T/run3.out"
    cut -f2 "$T/five.keyed" | "$B" | sort > "$T/five.sorted"
    sort "$T/run3.out" > "$T/run3.sorted"
    check "group run 3 loads only the new messages" same_file "$T/run3.sorted" "$T/five.sorted"

    kafka_create_topic split:4
    produce split "$T/traces.keyed"
    # Two consumers in one group split a 4-partition topic: no loss, no duplicates.
    "$B" -b "$BROKERS" -t split -G pair -e -v "${GROUP_X[@]}" > "$T/a.out" 2> "$T/a.err" &
    a=$!
    "$B" -b "$BROKERS" -t split -G pair -e -v "${GROUP_X[@]}" > "$T/b.out" 2> "$T/b.err" &
    b=$!
    rc_a=0 rc_b=0
    wait $a || rc_a=$?
    wait $b || rc_b=$?
    check "both consumers exit 0" eq "$rc_a $rc_b" "0 0"
    check "consumer A got partitions" grep -q "assigned split" "$T/a.err"
    check "consumer B got partitions" grep -q "assigned split" "$T/b.err"
    check "both consumers wrote rows" test -s "$T/a.out" -a -s "$T/b.out"
    # Within one generation no partition has two owners. A member that joins once the other has
    # started makes a second one; what was read before a commit the rebalance refused is read
    # again, which Kafka's at-least-once allows.
    if grep -q "revoked" "$T/a.err" "$T/b.err"; then
        sort -u "$T/a.out" "$T/b.out" > "$T/ab.sorted"
        check "together, after a rebalance: every row at least once" same_file "$T/ab.sorted" "$T/expected.sorted"
        echo "  (a rebalance: $(( $(cat "$T/a.out" "$T/b.out" | wc -l) - TOTAL )) row(s) read again)"
    else
        sort "$T/a.out" "$T/b.out" > "$T/ab.sorted"
        check "together: every row exactly once" same_file "$T/ab.sorted" "$T/expected.sorted"
    fi

    # Killed with SIGKILL mid-way and run again: nothing lost (rows may repeat: at-least-once).
    kafka_create_topic kill:4
    produce kill "$T/traces.keyed"
    slow_reader="import sys,time
out=open(sys.argv[1],'wb')
while True:
    b=sys.stdin.buffer.read1(8192)
    if not b: break
    out.write(b); out.flush(); time.sleep(0.02)"
    touch "$T/kill1.out"
    ( "$B" -b "$BROKERS" -t kill -G killed -e --commit-interval 100ms "${GROUP_X[@]}" 2>/dev/null &
      echo $! > "$T/victim.pid"; wait ) | python3 -c "$slow_reader" "$T/kill1.out" &
    reader=$!
    for _ in $(seq 400); do
        [[ $(wc -l < "$T/kill1.out" 2>/dev/null || echo 0) -ge $((TOTAL * 2 / 3)) ]] && break
        sleep 0.05
    done
    kill -9 "$(cat "$T/victim.pid")"
    wait $reader || true
    # The kill may cut the last row in half: only whole lines were written.
    first=$(wc -l < "$T/kill1.out")
    head -n "$first" "$T/kill1.out" > "$T/kill1.whole"
    check "the killed run had written part of the rows" test "$first" -gt 0 -a "$first" -lt "$TOTAL"
    "$B" -b "$BROKERS" -t kill -G killed -e "${GROUP_X[@]}" > "$T/kill2.out"
    sort -u "$T/kill1.whole" "$T/kill2.out" > "$T/kill.sorted"
    check "after SIGKILL and a rerun: no row lost" same_file "$T/kill.sorted" "$T/expected.sorted"
    echo "  (killed after $first rows; the rerun wrote $(wc -l < "$T/kill2.out"), $((first + $(wc -l < "$T/kill2.out") - TOTAL)) repeated)"

    # The reader of stdout goes away (| head): nothing past what was written is committed.
    kafka_create_topic head:4
    produce head "$T/traces.keyed"
    set +e
    "$B" -b "$BROKERS" -t head -G headgrp -e --commit-interval 1h "${GROUP_X[@]}" | head -n 2 > /dev/null
    st=${PIPESTATUS[0]}
    set -e
    check "| head exits 0" eq "$st" 0
    "$B" -b "$BROKERS" -t head -G headgrp -e "${GROUP_X[@]}" > "$T/afterhead.out"
    check "after | head the next run still loads every row" eq "$(wc -l < "$T/afterhead.out")" "$TOTAL"

    # A partition that reached its end and is handed back by a rebalance is read to its end
    # again (librdkafka keeps it paused across the rebalance; otelflat once waited forever).
    # Deterministic: the run ends at a time (e@T); `ended` has a message after T at once, `open`
    # gets one only after a second member (kcat, on another topic) made the group rebalance.
    kafka_create_topic ended:1
    kafka_create_topic open:1
    kafka_create_topic elsewhere:1
    span() { echo '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"'"$1"'"}]}]}]}'; }
    span before-ended | kcat -b "$BROKERS" -P -t ended
    span before-open | kcat -b "$BROKERS" -P -t open
    sleep 0.05
    until_ms=$(date +%s%3N)
    sleep 0.05
    span after-ended | kcat -b "$BROKERS" -P -t ended
    "$B" -b "$BROKERS" -t ended -t open -G handback -o "e@$until_ms" -v -v "${GROUP_X[@]}" \
        > "$T/handback.out" 2> "$T/handback.err" &
    member=$!
    wait_line() {  # wait_line FILE PATTERN COUNT: up to 30 s for COUNT matching lines
        local i
        for ((i = 0; i < 300; i++)); do
            (( $(grep -c -- "$2" "$1" || true) >= $3 )) && return 0
            sleep 0.1
        done
        return 1
    }
    check "handback: the member read 'ended' to its end" wait_line "$T/handback.err" "reached the end of ended \[0\]" 1
    timeout 60 kcat -b "$BROKERS" -G handback "${GROUP_X[@]}" -q elsewhere > /dev/null 2>&1 &
    other=$!
    check "handback: a second member made the group rebalance" wait_line "$T/handback.err" "assigned ended \[0\]" 2
    span after-open | kcat -b "$BROKERS" -P -t open
    ended_in_time=no
    for _ in $(seq 300); do
        kill -0 "$member" 2>/dev/null || { ended_in_time=yes; break; }
        sleep 0.1
    done
    check "handback: the run ends after the rebalance (both partitions past e@T)" eq "$ended_in_time" yes
    kill -9 "$member" "$other" 2>/dev/null || true
    rc=0
    wait "$member" || rc=$?
    check "handback: exit 0" eq "$rc" 0
    check "handback: the rows before e@T, and no other" eq "$(grep -o '"span_name":"[a-z-]*"' "$T/handback.out" | sort -u | tr '\n' ' ')" \
        '"span_name":"before-ended" "span_name":"before-open" '
    ;;

faults)
    start=$(date +%s)
    rc=0
    "$B" -b 127.0.0.1:1 -t spans -e --kafka-timeout 2s > /dev/null 2> "$T/unreach.err" || rc=$?
    check "unreachable brokers: exit 4" eq "$rc" 4
    check "unreachable brokers: within the timeout" test $(( $(date +%s) - start )) -le 8
    check "unreachable brokers: a clear message" grep -q "cannot reach the brokers (127.0.0.1:1) within 2" "$T/unreach.err"
    kafka_start --brokers 3 --topic spans:4
    rc=0
    "$B" -b "$BROKERS" -t nosuchtopic -e --kafka-timeout 5s > /dev/null 2> "$T/notopic.err" || rc=$?
    check "unknown topic: exit 4" eq "$rc" 4
    check "unknown topic: named" grep -q "topic nosuchtopic" "$T/notopic.err"

    # A broker goes away mid-run and comes back: no loss, the run resumes, offsets commit.
    half=$((MESSAGES / 2))
    head -n $half "$T/traces.keyed" > "$T/first.keyed"
    tail -n +$((half + 1)) "$T/traces.keyed" > "$T/second.keyed"
    produce spans "$T/first.keyed"
    "$B" -b "$BROKERS" -t spans -G live --commit-interval 200ms "${GROUP_X[@]}" > "$T/live.out" 2> "$T/live.err" &
    live=$!
    first_rows=$(cut -f2 "$T/first.keyed" | "$B" | wc -l)
    for _ in $(seq 300); do [[ $(wc -l < "$T/live.out") -ge $first_rows ]] && break; sleep 0.1; done
    check "live consumer loaded the first half" eq "$(wc -l < "$T/live.out")" "$first_rows"
    leader=$(kafka_leader spans 0)
    kafka_broker_down "$leader"
    produce spans "$T/second.keyed" &
    producer=$!
    sleep 3
    kafka_broker_up "$leader"
    wait $producer
    for _ in $(seq 600); do [[ $(sort -u "$T/live.out" | wc -l) -ge $TOTAL ]] && break; sleep 0.1; done
    kill -TERM $live
    rc=0
    wait $live || rc=$?
    check "SIGTERM: exit 0" eq "$rc" 0
    # When the downed broker was the group's coordinator the member drops out and, back in,
    # reads again from the last commit: rows may repeat (at-least-once), none may be missing.
    sort -u "$T/live.out" > "$T/live.sorted"
    check "broker $leader down and up: no row lost" same_file "$T/live.sorted" "$T/expected.sorted"
    echo "  ($(( $(wc -l < "$T/live.out") - TOTAL )) rows repeated after the rejoin)"
    "$B" -b "$BROKERS" -t spans -G live -e "${GROUP_X[@]}" > "$T/live2.out"
    check "after SIGTERM everything was committed" eq "$(wc -l < "$T/live2.out")" 0
    ;;

to-kafka)
    kafka_start --brokers 3 --topic spans:4 --topic rows:4 --topic rows100:2 --topic native:2 --topic txrows:4
    produce spans "$T/traces.keyed"
    rc=0
    "$B" -b "$BROKERS" -t spans -G k2k -e --to-kafka rows --stats "${GROUP_X[@]}" 2> "$T/k2k.err" || rc=$?
    check "kafka to kafka: exit 0" eq "$rc" 0
    check "kafka to kafka: every row delivered" eq "$(stat_of kafka_delivered "$T/k2k.err")" "$TOTAL"
    kcat -b "$BROKERS" -C -t rows -e -q -f '%k\t%s\n' > "$T/rows.keyed"
    cut -f2 "$T/rows.keyed" | sort > "$T/rows.sorted"
    check "one JSONEachRow row per message, the same rows" same_file "$T/rows.sorted" "$T/expected.sorted"
    check "each message is keyed by its span's trace_id" python3 -c '
import json, sys
for line in open(sys.argv[1]):
    key, row = line.rstrip("\n").split("\t", 1)
    assert key == json.loads(row)["trace_id"], key
' "$T/rows.keyed"
    # A trace stays in one partition.
    check "a trace's spans share one partition" python3 -c '
import collections, json, subprocess, sys
seen = collections.defaultdict(set)
for p in range(4):
    out = subprocess.run(["kcat", "-b", sys.argv[1], "-C", "-t", "rows", "-p", str(p), "-e", "-q", "-f", "%k\n"],
                         capture_output=True, text=True, check=True).stdout
    for k in out.split():
        seen[k].add(p)
assert seen and all(len(v) == 1 for v in seen.values())
' "$BROKERS"
    "$B" -q -b "$BROKERS" -t spans -e --to-kafka rows100 --kafka-rows-per-message 100 2>/dev/null
    kcat -b "$BROKERS" -C -t rows100 -e -q -f '%s\n' | sort > "$T/rows100.sorted"
    check "100 rows per message: the same rows" same_file "$T/rows100.sorted" "$T/expected.sorted"
    msgs=$(kcat -b "$BROKERS" -C -t rows100 -e -q -f 'x\n' | wc -l)
    check "100 rows per message: fewer messages" test "$msgs" -lt $((TOTAL / 50))
    # Native blocks, one per message: what ClickHouse's Kafka engine reads with FORMAT Native.
    "$B" -q -b "$BROKERS" -t spans -e -f native --to-kafka native 2>/dev/null
    kcat -b "$BROKERS" -C -t native -e -q -D '' -f '%s' > "$T/all.native"
    check "Native messages load into ClickHouse (chDB) with every row" eq \
        "$(node "$SRC/scripts/chdb-load.js" "$T/all.native" "$("$B" --ddl)" \
            "SELECT count(), uniqExact(fingerprint) FROM otel_traces_processed" | tr -dc '0-9 \n' | awk 'NF>=2{print $(NF-1), $NF}')" \
        "$TOTAL $TOTAL"
    # Exactly-once Kafka to Kafka: one transaction per commit interval, offsets inside it.
    rc=0
    "$B" -b "$BROKERS" -t spans -G txgrp -e --to-kafka txrows --transactional-id otelflat-test --commit-interval 300ms \
        "${GROUP_X[@]}" 2> "$T/tx.err" || rc=$?
    check "transactions: exit 0" eq "$rc" 0
    kcat -b "$BROKERS" -C -t txrows -e -q -X isolation.level=read_committed -f '%s\n' | sort > "$T/tx.sorted"
    check "transactions: read_committed sees every row once" same_file "$T/tx.sorted" "$T/expected.sorted"
    check "transactions: no error or warning on stderr" test "$(grep -c . "$T/tx.err" || true)" -eq 0
    # Not checkable here: the mock cluster acknowledges offsets sent inside a transaction
    # (TxnOffsetCommit) but does not store them, and shows aborted transactions to
    # read_committed readers (see mock_cluster.c).
    # Files to Kafka, and delivery to an unreachable cluster fails clearly.
    rc=0
    "$B" --to-kafka rows --to-brokers 127.0.0.1:1 --kafka-timeout 2s "$T/traces.docs" 2> "$T/noout.err" || rc=$?
    check "unreachable output brokers: exit 4" eq "$rc" 4
    ;;

times)
    kafka_start --brokers 1 --topic spans:2
    third=$((MESSAGES / 3))
    head -n $third "$T/traces.keyed" > "$T/t1.keyed"
    sed -n "$((third + 1)),$((2 * third))p" "$T/traces.keyed" > "$T/t2.keyed"
    tail -n +$((2 * third + 1)) "$T/traces.keyed" > "$T/t3.keyed"
    produce spans "$T/t1.keyed"
    sleep 1.1
    t2=$(date +%s%3N)
    sleep 0.1
    produce spans "$T/t2.keyed"
    sleep 1.1
    t3=$(date +%s%3N)
    sleep 0.1
    produce spans "$T/t3.keyed"
    cut -f2 "$T/t2.keyed" | "$B" | sort > "$T/t2.sorted"
    cat "$T/t2.keyed" "$T/t3.keyed" | cut -f2 | "$B" | sort > "$T/t23.sorted"
    window() {  # window OUT ARGS...: a bounded run (e@ alone waits for a later message)
        local out=$1 rc=0
        shift
        timeout 60 "$B" -b "$BROKERS" -t spans "$@" > "$out" || rc=$?
        sort -o "$out" "$out"
        return $rc
    }
    window "$T/from2.sorted" -o "s@$t2" -e || true
    check "s@T starts at the first message at or after T" same_file "$T/from2.sorted" "$T/t23.sorted"
    rc=0
    window "$T/window.sorted" -o "s@$t2" -o "e@$t3" || rc=$?
    check "e@T ends the run by itself" eq "$rc" 0
    check "s@T2 -o e@T3 reads exactly the window" same_file "$T/window.sorted" "$T/t2.sorted"
    window "$T/gwindow.sorted" -G tgrp -o "s@$t2" -o "e@$t3" "${GROUP_X[@]}" || true
    check "the same window with -G" same_file "$T/gwindow.sorted" "$T/t2.sorted"
    ;;
proto)
    # The collector's Kafka exporter writes otlp_proto by default: a topic of protobuf
    # messages (encoded by protobufjs with the official schema, tests/e2e/to_proto.js) gives
    # the rows of the same data as JSON; JSON and protobuf messages may share a topic; a
    # content-type header decides before the bytes do; a bad message names its offset.
    kafka_start --brokers 1 --topic otlp_spans:2 --topic otlp_logs:1
    python3 "$SRC/scripts/gen-traces.py" realistic-logs --size-mb 1 --seed 4 > "$T/logs.jsonl"
    for signal in traces logs; do
        node "$SRC/tests/e2e/to_proto.js" "$T/$signal.jsonl" "$T/$signal" > /dev/null
    done
    files=("$T"/traces.msgs/*.pb)
    half=$(( ${#files[@]} / 2 ))
    kcat -b "$BROKERS" -P -t otlp_spans -p 0 "${files[@]:0:$half}"   # each file is one message
    kcat -b "$BROKERS" -P -t otlp_spans -p 1 "${files[@]:$half}"
    kcat -b "$BROKERS" -P -t otlp_logs -p 0 "$T"/logs.msgs/*.pb
    for f in jsoneachrow native; do
        "$B" -f $f -b "$BROKERS" -t otlp_spans -p 0 -e > "$T/p0.kafka.$f"
        head -n "$half" "$T/traces.roundtrip.jsonl" > "$T/p0.json"
        "$B" -f $f "$T/p0.json" > "$T/p0.file.$f"
        check "protobuf partition, $f: the rows of the same messages as JSON" same_file "$T/p0.kafka.$f" "$T/p0.file.$f"
    done
    "$B" -b "$BROKERS" -t otlp_spans -e --stats > "$T/spans.out" 2> "$T/spans.err"
    "$B" "$T/traces.roundtrip.jsonl" | sort > "$T/spans.expected"
    sort "$T/spans.out" | check "every protobuf span, both partitions" same_file /dev/stdin "$T/spans.expected"
    "$B" -b "$BROKERS" -t otlp_logs -e --table otel_logs_processed > "$T/logs.out"
    "$B" --table otel_logs_processed "$T/logs.roundtrip.jsonl" > "$T/logs.expected"
    check "a protobuf logs topic" same_file "$T/logs.out" "$T/logs.expected"
    # A JSON message among protobuf ones, a header that says protobuf, and a bad message.
    small=$(awk '{ print length($0), NR }' "$T/traces.roundtrip.jsonl" | sort -n | head -n 1 | cut -d' ' -f2)
    sed -n "${small}p" "$T/traces.roundtrip.jsonl" > "$T/one.json"  # the smallest: under message.max.bytes
    one_pb=${files[$((small - 1))]}
    kcat -b "$BROKERS" -P -t otlp_spans -p 1 "$T/one.json"
    kcat -b "$BROKERS" -P -t otlp_spans -p 1 -H "content-type=application/x-protobuf" "$one_pb"
    printf '\x0a\x05\x0a\x01' > "$T/bad.pb"
    kcat -b "$BROKERS" -P -t otlp_spans -p 1 "$T/bad.pb"
    bad=$(( $(kcat -b "$BROKERS" -C -t otlp_spans -p 1 -e -q -f 'x\n' | wc -l) - 1 ))
    rc=0
    "$B" -b "$BROKERS" -t otlp_spans -p 1 -o -3 -e --stats > "$T/mixed.out" 2> "$T/mixed.err" || rc=$?
    check "a bad protobuf message exits 1" eq "$rc" 1
    check "it names topic, partition and offset, and what is wrong" \
        grep -q "^otelflat: kafka otlp_spans \[1\] offset $bad: rejected document: resourceSpans: protobuf: field 1 has a length past the end" "$T/mixed.err"
    { "$B" "$T/one.json"; "$B" "$one_pb"; } > "$T/mixed.expected"
    check "a JSON message and a content-type message among protobuf ones" same_file "$T/mixed.out" "$T/mixed.expected"
    ;;
*)
    echo "unknown case $CASE" >&2
    exit 2
    ;;
esac

echo "kafka $CASE: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
