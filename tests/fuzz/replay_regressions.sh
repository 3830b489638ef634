#!/usr/bin/env bash
# Replays every input the fuzzer found (tests/fuzz/regressions/: a selector byte, then the
# stream) through the real binary in every schema and format: no crash, no sanitizer report,
# an exit status from the documented set, and a --stats line (the run reached its end).
#   replay_regressions.sh OTELFLAT REPO_DIR
set -u
BIN=$1
DIR=$2/tests/fuzz/regressions
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
for f in "$DIR"/*; do
    [[ -f $f ]] || continue
    tail -c +2 "$f" > "$T/input"  # the fuzz target's first byte only picks options
    for schema in flat otel; do
        for fmt in jsoneachrow native; do
            "$BIN" --schema $schema -f $fmt --stats --max-document-size 64K --table "$( [[ $schema == flat ]] && echo otel_traces_processed || echo otel_traces)" \
                "$T/input" > /dev/null 2> "$T/err"
            rc=$?
            if [[ $rc -le 1 ]] && grep -q "^otelflat: stats:" "$T/err" && ! grep -q "Sanitizer\|runtime error" "$T/err"; then
                pass=$((pass + 1))
            else
                fail=$((fail + 1))
                echo "FAIL: $(basename "$f") --schema $schema -f $fmt: exit $rc"
                head -n 5 "$T/err"
            fi
        done
    done
done
echo "fuzz regressions: $pass passed, $fail failed"
[[ $pass -gt 0 && $fail -eq 0 ]]  # an empty directory proves nothing
