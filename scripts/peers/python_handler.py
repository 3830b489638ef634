#!/usr/bin/env python3
"""The hosted stream processor's handler, as users ran it: per document json.loads, walk
resourceSpans -> scopeSpans -> spans, build a dict per span (md5 fingerprint of
traceId + spanId), json.dumps one line per row. A peer for scripts/bench, not a converter.

usage: python_handler.py FILE.jsonl > rows.jsonl
"""
import hashlib
import json
import sys


def any_value(v):
    for key in ("stringValue", "boolValue", "intValue", "doubleValue"):
        if key in v:
            x = v[key]
            return x if isinstance(x, str) else json.dumps(x)
    if "arrayValue" in v or "kvlistValue" in v:
        return json.dumps(v, separators=(",", ":"))
    return ""


def main():
    out = sys.stdout
    with open(sys.argv[1]) as f:
        for line in f:
            if not line.strip():
                continue
            doc = json.loads(line)
            for rs in doc.get("resourceSpans", []):
                service = "unknown"
                for a in rs.get("resource", {}).get("attributes", []):
                    if a["key"] == "service.name":
                        service = any_value(a["value"]) or "unknown"
                for ss in rs.get("scopeSpans", []):
                    for span in ss.get("spans", []):
                        start = int(span.get("startTimeUnixNano", 0))
                        end = int(span.get("endTimeUnixNano", 0))
                        trace_id = span.get("traceId", "").lower()
                        span_id = span.get("spanId", "").lower()
                        row = {
                            "timestamp": start // 1000,
                            "trace_id": trace_id,
                            "span_id": span_id,
                            "parent_span_id": span.get("parentSpanId", "").lower(),
                            "service_name": service,
                            "span_name": span.get("name", ""),
                            "duration_ms": round((end - start) / 1e6, 2),
                            "status_code": span.get("status", {}).get("code", 0),
                            "attributes": {a["key"]: any_value(a["value"]) for a in span.get("attributes", [])},
                            "fingerprint": hashlib.md5((trace_id + span_id).encode()).hexdigest(),
                        }
                        out.write(json.dumps(row))
                        out.write("\n")


if __name__ == "__main__":
    main()
