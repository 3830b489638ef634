# The flat span table as a jq program (a peer for scripts/bench): one object per span.
# jq has no md5, so there is no fingerprint; everything else is computed.
#   jq -c -f flatten.jq FILE.jsonl
def anyvalue: if has("stringValue") then .stringValue
  elif has("arrayValue") or has("kvlistValue") then tojson
  else (to_entries[0].value // "" | tostring) end;
.resourceSpans[]?
| ((.resource.attributes // []) | map(select(.key == "service.name")) | .[0].value.stringValue // "unknown") as $service
| .scopeSpans[]? | .spans[]?
| {
    timestamp: ((.startTimeUnixNano | tonumber) / 1000 | floor),
    trace_id: (.traceId | ascii_downcase),
    span_id: (.spanId | ascii_downcase),
    parent_span_id: ((.parentSpanId // "") | ascii_downcase),
    service_name: $service,
    span_name: .name,
    duration_ms: ((((.endTimeUnixNano | tonumber) - (.startTimeUnixNano | tonumber)) / 10000 | round) / 100),
    status_code: (.status.code // 0),
    attributes: ((.attributes // []) | map({(.key): (.value | anyvalue)}) | add // {})
  }
