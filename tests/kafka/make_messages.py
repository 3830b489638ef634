#!/usr/bin/env python3
"""Turns OTLP/JSON export requests (JSON lines) into Kafka messages for kcat -K '\\t' -l.

The collector's Kafka exporter bisects a batch at the resource, scope and record level until
each piece fits a message; this does the same with a fixed number of records per piece, so
messages stay far below the mock cluster's limits and resources repeat across messages, as
they do on real topics. Each output line is KEY<TAB>DOCUMENT, the key a counter (spread
over partitions by kcat).

usage: make_messages.py IN.jsonl OUT.keyed [--records-per-message N]   (standard library only)
"""
import json
import sys


LEVELS = {  # signal: (scope list key, record list key)
    "resourceSpans": ("scopeSpans", "spans"),
    "resourceLogs": ("scopeLogs", "logRecords"),
    "resourceMetrics": ("scopeMetrics", "metrics"),
}


def split(doc, per_message):
    for signal, (scopes_key, records_key) in LEVELS.items():
        for resource in doc.get(signal, []):
            for scope in resource.get(scopes_key, []):
                records = scope.get(records_key, [])
                for i in range(0, max(len(records), 1), per_message):
                    piece_scope = dict(scope, **{records_key: records[i:i + per_message]})
                    piece = dict(resource, **{scopes_key: [piece_scope]})
                    yield {signal: [piece]}


def main():
    args = sys.argv[1:]
    per_message = 20
    if "--records-per-message" in args:
        i = args.index("--records-per-message")
        per_message = int(args[i + 1])
        del args[i:i + 2]
    src, dst = args
    n = 0
    with open(src) as f, open(dst, "w") as out:
        for line in f:
            if not line.strip():
                continue
            for part in split(json.loads(line), per_message):
                text = json.dumps(part, separators=(",", ":"), ensure_ascii=False)
                n += 1
                out.write(f"k{n}\t{text}\n")
    print(f"make_messages: {n} messages", file=sys.stderr)


if __name__ == "__main__":
    main()
