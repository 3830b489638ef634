#include "transform/transform_options.h"

#include <cctype>

namespace otelflat {

std::string parse_promoted_column(const std::string& text, PromotedColumn& out) {
    out = PromotedColumn{};
    size_t eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        return "expected NAME=KEY[:TYPE][:keep], got \"" + text + "\"";
    out.name = text.substr(0, eq);
    for (char c : out.name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
            return "column name \"" + out.name + "\": use letters, digits and _";
    std::string key = text.substr(eq + 1);
    // Options come off the end: ":keep", then a type. A key may hold ':' itself.
    auto take_suffix = [&](const std::string& word) {
        std::string s = ":" + word;
        if (key.size() >= s.size() && key.compare(key.size() - s.size(), s.size(), s) == 0) {
            key.resize(key.size() - s.size());
            return true;
        }
        return false;
    };
    out.keep = take_suffix("keep");
    for (const char* type : {"String", "Int64", "Float64", "Bool"}) {
        if (take_suffix(type)) {
            out.type = type;
            break;
        }
    }
    if (key.rfind("resource:", 0) == 0) {
        out.source = PromotedColumn::Source::resource;
        key = key.substr(9);
    } else if (key.rfind("record:", 0) == 0) {
        out.source = PromotedColumn::Source::record;
        key = key.substr(7);
    }
    if (key.empty()) return "no attribute key in \"" + text + "\"";
    out.key = key;
    return "";
}

}  // namespace otelflat
