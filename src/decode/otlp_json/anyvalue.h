#pragma once
// AnyValue → string, exactly as the OpenTelemetry Collector's pcommon.Value.AsString renders it
// (otlp-json.md §5). The one implementation used for every attribute, in every schema.
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "decode/anyvalue_rules.h"
#include "decode/attribute_list.h"
#include "decode/otlp_json/json_access.h"

namespace otelflat::otlp_json {

using otelflat::RenderedValue;

class AnyValueRenderer {
public:
    // Renders the AnyValue object v; text that is not a plain string is appended to scratch.
    RenderedValue render(od::value& v, std::string& scratch);
    // The same for the commonest AnyValue, one string, integer, double or boolean member
    // ({"stringValue":"GET"}), read from its text at p (its '{') by the plain readers:
    // where its '}' ends, or nullptr for any other AnyValue, which render() then reads
    // (`value` is then left undefined: it is written in place, never through a copy). No
    // string is scanned past `limit`, if given.
    const char* render_plain(const char* p, RenderedValue& value, std::string& scratch, const char* limit = nullptr);

private:
    struct Level {
        std::string text;                  // the entries' values, as JSON
        std::vector<KvlistEntry> entries;
    };

    // Writes the AnyValue as JSON (inside an array or kvlist); false when a NaN or an
    // infinity makes the whole top-level value unrenderable.
    bool write_json(od::value& v, std::string& out, size_t depth);
    bool write_json_array(od::value& v, std::string& out, size_t depth);
    bool write_json_kvlist(od::value& v, std::string& out, size_t depth);
    Level& level(size_t depth);

    std::deque<Level> levels_;  // reused per nesting depth (deque: growing keeps references)
    std::string bytes_;
};

}  // namespace otelflat::otlp_json
