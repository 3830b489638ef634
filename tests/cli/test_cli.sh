#!/usr/bin/env bash
# Runs the built binary as users do: stdin and files, compression, exit codes, stderr
# messages, broken pipes, write errors, --ddl, --stats, --min-duration, --help vs the man page.
# Usage: test_cli.sh OTELFLAT REPO_DIR
set -u
BIN=$1
REPO=$2
CORPUS=$REPO/../shared/corpus/public
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
check() {  # check NAME CONDITION...
    local name=$1
    shift
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}
run() {  # run ARGS... -> $T/out, $T/err, $rc
    "$BIN" "$@" > "$T/out" 2> "$T/err"
    rc=$?
}
stat_of() { grep -o "$1=[0-9.]*" "$T/err" | head -1 | cut -d= -f2; }

DOC='{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},"scopeSpans":[{"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","name":"a","startTimeUnixNano":"1000000","endTimeUnixNano":"3000000"},{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b175","name":"b","startTimeUnixNano":"1000000","endTimeUnixNano":"1500000"}]}]}]}'
printf '%s\n%s\n' "$DOC" "$DOC" > "$T/two.jsonl"

# stdin, "-" and files give the same rows
run "$T/two.jsonl"; cp "$T/out" "$T/file.out"
check "file gives 4 rows" [ "$(wc -l < "$T/out")" = 4 ]
"$BIN" < "$T/two.jsonl" > "$T/stdin.out"
check "stdin equals file" cmp -s "$T/stdin.out" "$T/file.out"
"$BIN" - < "$T/two.jsonl" > "$T/dash.out"
check "'-' equals file" cmp -s "$T/dash.out" "$T/file.out"
run "$T/two.jsonl" - < "$T/two.jsonl"
check "file and stdin together give 8 rows" [ "$(wc -l < "$T/out")" = 8 ]

# compressed input, files and stdin, detected by magic bytes
zstd -q -c "$T/two.jsonl" > "$T/two.jsonl.zst"
run "$T/two.jsonl.zst"
check "zstd file" cmp -s "$T/out" "$T/file.out"
"$BIN" < "$T/two.jsonl.zst" > "$T/zstd-stdin.out"
check "zstd stdin" cmp -s "$T/zstd-stdin.out" "$T/file.out"
/usr/bin/python3 "$REPO/tests/e2e/snappy_frame.py" "$T/two.jsonl" "$T/two.jsonl.sz"
run "$T/two.jsonl.sz"
check "snappy-framed file (python-snappy's encoder)" cmp -s "$T/out" "$T/file.out"
head -c 20 "$T/two.jsonl.zst" > "$T/cut.zst"
run "$T/cut.zst" "$T/two.jsonl"
check "truncated zstd: exit 3" [ "$rc" = 3 ]
check "truncated zstd: message names the file" grep -q "cut.zst: zstd stream is truncated" "$T/err"
check "truncated zstd: later files still convert" [ "$(wc -l < "$T/out")" = 4 ]

# formats and options
run -f native "$T/two.jsonl"
check "native starts with 10 columns, 4 rows" [ "$(head -c 2 "$T/out" | od -An -tx1 | tr -d ' ')" = "0a04" ]
run --block-rows 1 -f native "$T/two.jsonl"
check "--block-rows 1 gives 4 blocks" [ "$(grep -c -a 'fingerprint' "$T/out")" = 4 ]
run --min-duration 1ms --stats "$T/two.jsonl"
check "--min-duration 1ms keeps 2 rows" [ "$(wc -l < "$T/out")" = 2 ]
check "--min-duration counts filtered rows" [ "$(stat_of rows_filtered)" = 2 ]
run --min-duration 1 "$T/two.jsonl"
check "--min-duration without unit is a usage error" [ "$rc" = 2 ]
check "usage error explains" grep -q "not a duration" "$T/err"
# Row transformations: what the binary tells the user (their effects are in e2e transforms.js)
run --where 'duration_ms >= 1' --stats "$T/two.jsonl"
check "--where keeps 2 rows" [ "$(wc -l < "$T/out")" = 2 ]
check "--where counts filtered rows" [ "$(stat_of rows_filtered)" = 2 ]
run --where 'duration_ms >= 1' --where 'attr.missing = "x"' "$T/two.jsonl"
check "every --where must hold" [ ! -s "$T/out" ]
run --where 'duration_ms >= ' "$T/two.jsonl"
check "--where syntax error: exit 2" [ "$rc" = 2 ]
check "--where syntax error: position and caret" grep -qx "  duration_ms >= " "$T/err"
check "--where syntax error: message" grep -q "expected a value .* at position 16" "$T/err"
run --where 'duration_ms >= 0' --where 'service_name > 3' "$T/two.jsonl"
check "--where type error: exit 2, names the second --where" grep -q "^otelflat: --where 'service_name > 3': service_name is LowCardinality(String): compare it with a \"string\" at position 16" "$T/err"
run --where 'SeverityNumber >= 17' "$T/two.jsonl"
check "--where naming no column of a table: a note, the table is not filtered" grep -q "note: --where 'SeverityNumber >= 17' does not filter otel_traces_processed, which has no column SeverityNumber" "$T/err"
check "--where naming no column of a table: its rows stay" [ "$(wc -l < "$T/out")" = 4 ]
run --hash-attr 'user.*' "$T/two.jsonl"
check "--hash-attr without a key: exit 2" [ "$rc" = 2 ]
OTELFLAT_HASH_KEY=k run --hash-attr 'user.*' "$T/two.jsonl"
check "--hash-attr takes \$OTELFLAT_HASH_KEY" [ "$rc" = 0 ]
run --keep-errors "$T/two.jsonl"
check "--keep-errors without --sample: exit 2" [ "$rc" = 2 ]
run --sample 1.5 "$T/two.jsonl"
check "--sample beyond 1: exit 2" [ "$rc" = 2 ]
run --attr-column 'bad' "$T/two.jsonl"
check "--attr-column without =: exit 2" [ "$rc" = 2 ]
run --attr-column 'svc=resource:service.name' --ddl
check "--attr-column adds the column to --ddl" grep -q "^    svc String CODEC(ZSTD(1))$" "$T/out"
run --attr-column 'svc=resource:service.name' --attr-column 'n=x:Int64' "$T/two.jsonl"
check "--attr-column values in JSON" [ "$(grep -c '"svc":"","n":0}$' "$T/out")" = 4 ]
run --attr-column 'service_name=k' "$T/two.jsonl"
check "--attr-column naming an existing column: exit 2" [ "$rc" = 2 ]
check "--attr-column naming an existing column: says which" grep -q "otel_traces_processed already has a column service_name" "$T/err"
run --dedup-window 10 --stats "$T/two.jsonl"
check "--dedup-window drops the repeated document's rows" [ "$(stat_of rows_deduplicated)" = 2 ]
check "--dedup-window keeps the first copy" [ "$(wc -l < "$T/out")" = 2 ]
run --format csv "$T/two.jsonl"
check "unknown format: exit 2" [ "$rc" = 2 ]
run --time-format ticks "$T/two.jsonl"
check "--time-format ticks" grep -q '"timestamp":1000,' "$T/out"
run --ddl
check "--ddl prints the table" grep -q "CREATE TABLE IF NOT EXISTS otel_traces_processed" "$T/out"
check "--ddl uses UTC DateTime64(6)" grep -q "timestamp DateTime64(6, 'UTC')" "$T/out"
run --version
check "--version" grep -q "^otelflat [0-9]" "$T/out"
run "$T/missing.json" "$T/two.jsonl"
check "missing file: exit 3" [ "$rc" = 3 ]
check "missing file: named" grep -q "missing.json: cannot open" "$T/err"
check "missing file: others still convert" [ "$(wc -l < "$T/out")" = 4 ]

# bad documents: reported with file, line and byte; the rest flows; exit code tells
printf '%s\n{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz"}]}]}]}\n%s\n' "$DOC" "$DOC" > "$T/bad.jsonl"
run --stats "$T/bad.jsonl"
check "rejected document: exit 1" [ "$rc" = 1 ]
check "rejected document: location and reason" \
    grep -q "bad.jsonl:2 (byte $(( ${#DOC} + 1 ))): rejected document: resourceSpans\[0\].scopeSpans\[0\].spans\[0\]: traceId must be 32 hex digits, got 3 characters" "$T/err"
check "rejected document: neighbours convert" [ "$(wc -l < "$T/out")" = 4 ]
check "stats: documents = converted + rejected + skipped" \
    [ "$(stat_of documents)" = $(( $(stat_of documents_converted) + $(stat_of documents_rejected) + $(stat_of documents_skipped) )) ]
run --max-errors 1 "$T/bad.jsonl"
check "--max-errors 1 tolerates one: exit 0" [ "$rc" = 0 ]

# several signals, several tables: one to stdout, others to --out files or counted as unrouted
LOGS=$CORPUS/opentelemetry-proto/logs.json
METRICS=$CORPUS/opentelemetry-proto/metrics.json
run --stats "$LOGS"
check "logs only: stdout gets the logs table" grep -q '"severity_text":"Information"' "$T/out"
check "logs only: exit 0" [ "$rc" = 0 ]
run --stats "$LOGS" "$METRICS" "$T/two.jsonl"
check "three signals, no --table: exit 1" [ "$rc" = 1 ]
check "three signals: stdout has the first table's rows" [ "$(wc -l < "$T/out")" = 1 ]
check "three signals: unrouted counted" [ "$(stat_of rows_unrouted)" = 8 ]
check "three signals: the message names the choices" \
    grep -q "otel_metrics_processed rows have no destination.*--table.*--out otel_metrics_processed=PATH" "$T/err"
run --stats --table otel_metrics_processed "$LOGS" "$METRICS" "$T/two.jsonl"
check "--table given: unrouted rows are not an error" [ "$rc" = 0 ]
check "--table picks the stdout table" [ "$(wc -l < "$T/out")" = 4 ]
run --stats -f native --out otel_logs_processed="$T/logs.native" --out otel_metrics_processed="$T/metrics.native" \
    "$LOGS" "$METRICS" "$T/two.jsonl"
check "--out for the other tables: exit 0, nothing unrouted" [ "$rc" = 0 ] && [ "$(stat_of rows_unrouted)" = 0 ]
check "--out: every row written" [ "$(stat_of rows_written)" = 9 ]
check "--out files hold Native blocks" [ "$(head -c 2 "$T/logs.native" | od -An -tx1 | tr -d ' ')" = "0d01" ]
check "stdout holds the traces" [ "$(head -c 2 "$T/out" | od -An -tx1 | tr -d ' ')" = "0a04" ]
run -f native --out otel_logs_processed="$T/empty-logs.native" "$T/two.jsonl"
check "--out table with no rows: a 0-row block" [ "$(head -c 2 "$T/empty-logs.native" | od -An -tx1 | tr -d ' ')" = "0d00" ]
run --table nope "$LOGS"
check "--table unknown: usage error" [ "$rc" = 2 ]
run --out otel_logs_processed "$LOGS"
check "--out without =PATH: usage error" [ "$rc" = 2 ]
run --out otel_logs_processed=/nonexistent/dir/x "$LOGS"
check "--out unwritable: exit 3" [ "$rc" = 3 ]
run --ddl all
check "--ddl all prints three tables" [ "$(grep -c 'CREATE TABLE' "$T/out")" = 3 ]
run --ddl otel_metrics_processed
check "--ddl NAME" grep -q "CREATE TABLE IF NOT EXISTS otel_metrics_processed" "$T/out"
run --ddl nope
check "--ddl unknown: usage error" [ "$rc" = 2 ]
run -q "$CORPUS/fluent-bit/metrics.json"
check "-q silences notes" [ ! -s "$T/err" ]

# empty input: JSONEachRow writes nothing; Native writes one 0-row block with every column
: > "$T/empty.json"
run "$T/empty.json"
check "empty input, JSONEachRow: no output, exit 0" [ "$rc" = 0 ] && [ ! -s "$T/out" ]
run -f native "$T/empty.json"
check "empty input, Native: a 0-row header block" [ "$(head -c 2 "$T/out" | od -An -tx1 | tr -d ' ')" = "0a00" ]

# output failures
python3 - "$T/big.jsonl" "$DOC" <<'PY'
import sys
open(sys.argv[1], "w").write((sys.argv[2] + "\n") * 20000)
PY
"$BIN" "$T/big.jsonl" 2> "$T/err" | head -1 > /dev/null
rcs=("${PIPESTATUS[@]}")
check "reader closes the pipe: exit 0" [ "${rcs[0]}" = 0 ]
check "reader closes the pipe: quiet" [ ! -s "$T/err" ]
run "$T/big.jsonl" > /dev/full
"$BIN" "$T/big.jsonl" > /dev/full 2> "$T/err"
rc=$?
check "write error (/dev/full): exit 3" [ "$rc" = 3 ]
check "write error: message" grep -q "stdout: write failed: No space left on device" "$T/err"

# --threads: the output is byte-identical and in order for any thread count, in both
# formats and every table, with bad documents, notes and several inputs (12 MB: 3+ slices
# per file, so slices really are converted side by side)
python3 "$REPO/scripts/gen-traces.py" realistic --size-mb 12 --seed 5 > "$T/big.jsonl"
python3 "$REPO/scripts/gen-traces.py" realistic-logs --size-mb 3 --seed 5 > "$T/biglogs.jsonl"
{ head -n 3 "$T/big.jsonl"; echo '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz"}]}]}]}'; echo 'garbage'
  tail -n +4 "$T/big.jsonl"; echo '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"cut"'; } > "$T/mixed.jsonl"
for fmt in jsoneachrow native; do
    for n in 1 2 3 4; do
        "$BIN" --threads $n -f $fmt --stats --table otel_traces_processed --out otel_logs_processed="$T/logs.$fmt.$n" \
            --out otel_metrics_processed="$T/metrics.$fmt.$n" "$T/mixed.jsonl" "$T/biglogs.jsonl" "$T/two.jsonl" \
            > "$T/threads.$fmt.$n" 2> "$T/threads.err.$n"
        echo $? > "$T/threads.rc.$n"
        grep -v "seconds=" "$T/threads.err.$n" > "$T/threads.msg.$n"
        sed -n 's/.*stats: \(.*\) seconds=.*/\1/p' "$T/threads.err.$n" > "$T/threads.stats.$n"
    done
    check "--threads: $fmt output has rows" [ -s "$T/threads.$fmt.1" ]
    check "--threads: $fmt logs table has rows" [ -s "$T/logs.$fmt.1" ]
    for n in 2 3 4; do
        check "--threads $n: $fmt traces byte-identical to --threads 1" cmp -s "$T/threads.$fmt.$n" "$T/threads.$fmt.1"
        check "--threads $n: $fmt logs byte-identical" cmp -s "$T/logs.$fmt.$n" "$T/logs.$fmt.1"
        check "--threads $n: $fmt metrics byte-identical" cmp -s "$T/metrics.$fmt.$n" "$T/metrics.$fmt.1"
        check "--threads $n: the same messages in the same order" cmp -s "$T/threads.msg.$n" "$T/threads.msg.1"
        check "--threads $n: the same counters" cmp -s "$T/threads.stats.$n" "$T/threads.stats.1"
        check "--threads $n: the same exit status" cmp -s "$T/threads.rc.$n" "$T/threads.rc.1"
    done
done
check "--threads: the bad documents were reported" [ "$(grep -c 'rejected document' "$T/threads.msg.1")" = 3 ]
"$BIN" "$T/big.jsonl" > "$T/default.out"
"$BIN" --threads 1 "$T/big.jsonl" > "$T/one.out"
check "default threads equal --threads 1" cmp -s "$T/default.out" "$T/one.out"
# Standard input that is a pipe is widened to 1 MB, so a producer (zcat, kcat) is not held
# to 64 KB at a time: the writer end sees the size otelflat set.
check "a pipe on standard input is widened to 1 MB" python3 - "$BIN" <<'PY'
import fcntl, os, subprocess, sys, time
r, w = os.pipe()
p = subprocess.Popen([sys.argv[1], "-q", "-f", "native"], stdin=r, stdout=subprocess.DEVNULL)
os.close(r)
size = 0
for _ in range(100):  # until otelflat has opened its input
    size = fcntl.fcntl(w, fcntl.F_GETPIPE_SZ)
    if size >= 1 << 20:
        break
    time.sleep(0.05)
os.close(w)
p.wait()
assert size == 1 << 20, size
PY
check "--threads 0 is a usage error" sh -c '"$0" --threads 0 /dev/null 2>/dev/null; [ $? = 2 ]' "$BIN"

# --dead-letter: every rejected document verbatim with its source and reason; the counters
# add up (documents = converted + rejected + skipped, rejected = dead letters); --stats=json
{ printf '%s\n' "$DOC"
  printf '%s\n' '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz","name":"bad id"}]}]}]}'
  printf '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"\xff\xfe","traceId":1}]}]}]}\n'
  printf '%s\n' '{"resourceLogs":[]}'
  printf '{"big":"%s"}\n' "$(head -c 5000000 /dev/zero | tr '\0' x)"
  printf '%s\n' "$DOC"
  printf '%s' '{"resourceSpans":[{"scopeSpans":[' ; } > "$T/dl-in.jsonl"
run --dead-letter "$T/dl.jsonl" --stats=json --max-document-size 1M "$T/dl-in.jsonl"
check "dead letter: exit 1 (rejected input)" [ "$rc" = 1 ]
check "dead letter and --stats=json: every record, every counter" python3 - "$T/dl-in.jsonl" "$T/dl.jsonl" "$T/err" <<'PY'
import base64, json, sys
data = open(sys.argv[1], "rb").read()
records = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
stats = [json.loads(l) for l in open(sys.argv[3]) if l.startswith("{")]
assert len(stats) == 1, stats
st = stats[0]
assert st["documents"] == st["documents_converted"] + st["documents_rejected"] + st["documents_skipped"], st
assert st["documents_rejected"] == st["dead_letters"] == len(records) == 4, (st, len(records))
assert st["rows_written"] == 4, st
for r in records:
    assert r["source"] == "file" and r["file"].endswith("dl-in.jsonl") and r["reason"], r
    start = r["byte"]
    assert data.count(b"\n", 0, start) + 1 == r["line"], r
    if "skipped_bytes" in r:
        assert data[start:start + 8] == b'{"big":"' and r["skipped_bytes"] > 1 << 20, r
        continue
    raw = r["document"].encode("utf-8") if "document" in r else base64.b64decode(r["document_base64"])
    assert data[start:start + len(raw)] == raw, (r, data[start:start + len(raw)])
kinds = sorted("document" if "document" in r else "base64" if "document_base64" in r else "skipped" for r in records)
assert kinds == ["base64", "document", "document", "skipped"], kinds
PY

# The progress line: on a terminal (script(1) gives one) about twice a second, bytes of
# the total and rows/s; none with -q; none when stderr is not a terminal
python3 "$REPO/scripts/gen-traces.py" realistic --size-mb 40 --seed 9 > "$T/progress.jsonl"
script -qec "$BIN --threads 1 -f native $T/progress.jsonl > /dev/null" "$T/tty.txt" > /dev/null
check "progress on a terminal: bytes of the total and rows/s" \
    grep -aq "MB of [0-9.]* MB ([0-9]*%), [0-9]* rows, [0-9]* rows/s" "$T/tty.txt"
script -qec "$BIN -q --threads 1 -f native $T/progress.jsonl > /dev/null" "$T/tty-q.txt" > /dev/null
check "progress: -q silences it" sh -c '! grep -aq "rows/s" "$0"' "$T/tty-q.txt"
"$BIN" --threads 1 -f native "$T/progress.jsonl" > /dev/null 2> "$T/notty.err"
check "progress: nothing when stderr is not a terminal" [ ! -s "$T/notty.err" ]

# SIGTERM while stdin is idle: the blocked read ends, stats are printed, exit 0 (for one
# thread and for several, where only the reading thread takes the signal)
mkfifo "$T/idle"
exec 9<>"$T/idle"  # held open read-write: the reader never sees EOF
for n in 1 2; do
    "$BIN" --threads $n --stats < "$T/idle" > /dev/null 2> "$T/sigterm.err" &
    sig_pid=$!
    sleep 0.5
    start=$(date +%s)
    kill -TERM $sig_pid
    wait $sig_pid
    sig_rc=$?
    check "SIGTERM on an idle stdin, --threads $n: exit 0" [ "$sig_rc" = 0 ]
    check "SIGTERM on an idle stdin, --threads $n: within 2 s" [ $(( $(date +%s) - start )) -le 2 ]
    check "SIGTERM on an idle stdin, --threads $n: stats printed" grep -q "otelflat: stats: documents=0" "$T/sigterm.err"
done
exec 9>&-
# every option in --help is documented in the man page
"$BIN" --help > "$T/help"
sed 's/\\-/-/g' "$REPO/man/otelflat.1" > "$T/man.txt"  # roff writes option dashes as \-
missing=""
for opt in $(grep -oE -- '--[a-z][a-z0-9-]+' "$T/help" | sort -u); do
    grep -qF -- "$opt" "$T/man.txt" || missing="$missing $opt"
done
check "man page documents every option (missing:$missing)" [ -z "$missing" ]

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
