#include "transform/row_stage.h"

#include <fnmatch.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "text/hex_id.h"

namespace otelflat {
namespace {

int column_index(const Block& header, const char* name) {
    if (!name) return -1;
    for (size_t i = 0; i < header.columns.size(); ++i)
        if (header.columns[i].name == name) return static_cast<int>(i);
    return -1;
}

bool matches_any(const std::vector<std::string>& globs, std::string_view key) {
    if (globs.empty()) return false;
    thread_local std::string k;  // fnmatch wants a C string
    k.assign(key.data(), key.size());
    for (const std::string& g : globs)
        if (fnmatch(g.c_str(), k.c_str(), 0) == 0) return true;
    return false;
}

// 64-bit hash of byte runs (the whole-row dedup key): a multiply-xorshift over 8-byte words.
struct RowHasher {
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    void mix(uint64_t v) {
        h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    void bytes(std::string_view s) {
        mix(s.size());
        size_t i = 0;
        for (; i + 8 <= s.size(); i += 8) {
            uint64_t w;
            std::memcpy(&w, s.data() + i, 8);
            mix(w);
        }
        uint64_t tail = 0;
        std::memcpy(&tail, s.data() + i, s.size() - i);
        mix(tail);
    }
};

void hash_column_row(RowHasher& h, const Column& c, size_t row) {
    switch (c.kind) {
        case ColumnKind::float64: {
            uint64_t bits;
            std::memcpy(&bits, &c.floats[row], 8);
            h.mix(bits);
            return;
        }
        case ColumnKind::string: h.bytes(c.strings.at(row)); return;
        default: break;
    }
    if (!c.has_offsets()) {
        h.mix(static_cast<uint64_t>(c.ints[row]));
        return;
    }
    uint64_t e0 = c.first(row), e1 = c.offsets[row];
    h.mix(e1 - e0);
    for (uint64_t e = e0; e < e1; ++e) {
        switch (c.kind) {
            case ColumnKind::array_float64: {
                uint64_t bits;
                std::memcpy(&bits, &c.floats[e], 8);
                h.mix(bits);
                break;
            }
            case ColumnKind::array_string: h.bytes(c.strings.at(e)); break;
            case ColumnKind::map_string_string:
                h.bytes(c.strings.at(e));
                h.bytes(c.values.at(e));
                break;
            case ColumnKind::array_map:
                for (uint64_t n = c.first_entry(e); n < c.inner_offsets[e]; ++n) {
                    h.bytes(c.strings.at(n));
                    h.bytes(c.values.at(n));
                }
                h.mix(0x1e);
                break;
            default: h.mix(static_cast<uint64_t>(c.ints[e])); break;
        }
    }
}

// A promoted attribute's text as the column's type; absent or unconvertible values give the
// type's default (0, 0.0, false), as ClickHouse's own defaults for a missing value.
void push_promoted(Column& c, std::string_view v, bool found) {
    switch (c.kind) {
        case ColumnKind::string: c.strings.push(found ? v : std::string_view()); break;
        case ColumnKind::boolean: c.ints.push_back(found && v == "true"); break;
        case ColumnKind::float64: {
            double x = 0;
            if (found) {
                auto r = std::from_chars(v.data(), v.data() + v.size(), x);
                if (r.ec != std::errc() || r.ptr != v.data() + v.size()) x = 0;
            }
            c.floats.push_back(x);
            break;
        }
        default: {  // Int64
            int64_t x = 0;
            if (found) {
                auto r = std::from_chars(v.data(), v.data() + v.size(), x);
                if (r.ec != std::errc() || r.ptr != v.data() + v.size()) x = 0;
            }
            c.ints.push_back(x);
            break;
        }
    }
}

}  // namespace

bool trace_randomness(std::string_view id, uint64_t& bits) {
    if (id.size() != 32) return false;
    bits = 0;
    for (size_t i = 18; i < 32; ++i) {
        char c = id[i];
        unsigned d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 16;
        if (d > 15) return false;
        bits = bits << 4 | d;
    }
    return true;
}

uint64_t sampling_threshold(double ratio) {
    constexpr double kSpace = 72057594037927936.0;  // 2^56
    return static_cast<uint64_t>(std::llround((1.0 - std::clamp(ratio, 0.0, 1.0)) * kSpace));
}

RowStage::RowStage(const TransformOptions& o, const TableSpec& spec, const Block& header, std::vector<std::string>& notes) {
    attrs_.record = column_index(header, spec.roles.attributes);
    attrs_.resource = column_index(header, spec.roles.resource_attributes);
    for (size_t i = 0; i < o.where.size(); ++i) {
        try {
            const Expression& e = *o.where[i];
            BoundExpression bound;
            std::string missing;
            if (e.bind(header, attrs_, bound, missing)) where_.push_back(std::move(bound));
            else notes.push_back("--where '" + e.text() + "' does not filter " + spec.name + ", which has no column " + missing);
        } catch (ExpressionError& e) {
            e.expression = i;
            throw;
        }
    }
    for (const PromotedColumn& p : o.attr_columns) promoted_.push_back({p, column_index(header, p.name.c_str())});
    drop_ = o.drop_attrs;
    hash_ = o.hash_attrs;
    if (!hash_.empty()) hmac_ = std::make_unique<HmacSha256>(o.hash_key);
    if (o.dedup_window > 0) {
        recent_ = std::make_unique<RecentSet>(o.dedup_window);
        fingerprint_ = column_index(header, spec.roles.fingerprint);
    }
    trace_id_ = column_index(header, spec.roles.trace_id);
    sampling_ = o.sampling && trace_id_ >= 0;  // metrics carry no trace: never sampled
    sample_threshold_ = sampling_threshold(o.sample_ratio);
    keep_errors_ = o.keep_errors && spec.roles.error_if;
    if (keep_errors_) {
        error_if_ = std::make_unique<BoundExpression>();
        std::string missing;
        Expression::parse(spec.roles.error_if).bind(header, attrs_, *error_if_, missing);
    }
    is_map_.resize(header.columns.size());
    for (size_t i = 0; i < header.columns.size(); ++i)
        is_map_[i] = header.columns[i].kind == ColumnKind::map_string_string || header.columns[i].kind == ColumnKind::array_map;
    bool removes_promoted = std::any_of(promoted_.begin(), promoted_.end(), [](const Promoted& p) { return !p.spec.keep; });
    rewrites_maps_ = !drop_.empty() || !hash_.empty() || removes_promoted;
    scratch_ = make_block(spec);
}

int RowStage::promoted_source(const Block& b, const Promoted& p, size_t row, std::string_view& value) const {
    using S = PromotedColumn::Source;
    if (p.spec.source != S::resource && attrs_.record >= 0 && find_attribute(b.columns[attrs_.record], row, p.spec.key, value))
        return attrs_.record;
    if (p.spec.source != S::record && attrs_.resource >= 0 && find_attribute(b.columns[attrs_.resource], row, p.spec.key, value))
        return attrs_.resource;
    return -1;
}

void RowStage::fill_promoted(Block& b, size_t first, size_t end) {
    first_ = first;
    sources_.resize((end - first) * promoted_.size());
    for (size_t k = 0; k < promoted_.size(); ++k) {
        const Promoted& p = promoted_[k];
        Column& c = b.columns[p.column];
        for (size_t row = first; row < end; ++row) {
            std::string_view v;
            int from = promoted_source(b, p, row, v);
            sources_[(row - first) * promoted_.size() + k] = from;
            push_promoted(c, v, from >= 0);
        }
    }
}

uint64_t RowStage::row_key(const Block& b, size_t row) const {
    RowHasher h;
    if (fingerprint_ >= 0) {
        h.bytes(b.columns[fingerprint_].strings.at(row));
    } else {
        for (const Column& c : b.columns) hash_column_row(h, c, row);
    }
    return h.h;
}

bool RowStage::keep(const Block& b, size_t row) {
    for (const BoundExpression& w : where_) {
        if (!w.matches(b, row)) {
            ++filtered_;
            return false;
        }
    }
    if (sampling_) {
        uint64_t bits;
        bool in_trace = trace_randomness(b.columns[trace_id_].strings.at(row), bits);
        // Records outside any trace (logs without a trace id) cannot be sampled consistently
        // with their trace, so they are kept.
        if (in_trace && bits < sample_threshold_ && !(keep_errors_ && error_if_->matches(b, row))) {
            ++sampled_out_;
            return false;
        }
    }
    if (recent_ && recent_->seen_or_insert(row_key(b, row))) {
        ++deduplicated_;
        return false;
    }
    return true;
}

bool RowStage::dropped_key(int column, size_t row, std::string_view key) const {
    if (matches_any(drop_, key)) return true;
    for (size_t k = 0; k < promoted_.size(); ++k) {
        const Promoted& p = promoted_[k];
        if (!p.spec.keep && p.spec.key == key && sources_[(row - first_) * promoted_.size() + k] == column) return true;
    }
    return false;
}

void RowStage::rewrite_map(const Block& b, int column, size_t row, Column& out) {
    const Column& c = b.columns[column];
    auto entry = [&](uint64_t e, bool promoted_apply) {
        std::string_view key = c.strings.at(e);
        if (promoted_apply ? dropped_key(column, row, key) : matches_any(drop_, key)) return;
        out.strings.push(key);
        if (hmac_ && matches_any(hash_, key)) {
            unsigned char mac[32];
            hmac_->mac(c.values.at(e), mac);
            char hex[32];
            write_hex(mac, 16, hex);  // 128 bits: collisions are out of reach, the column stays short
            out.values.push(std::string_view(hex, 32));
        } else {
            out.values.push(c.values.at(e));
        }
    };
    uint64_t base = out.offsets.empty() ? 0 : out.offsets.back();
    if (c.kind == ColumnKind::map_string_string) {
        for (uint64_t e = c.first(row); e < c.offsets[row]; ++e) entry(e, true);
        out.offsets.push_back(out.strings.size());
        return;
    }
    // Arrays of maps (events', links', exemplars' attributes): promotion takes from the
    // record's and resource's maps only.
    for (uint64_t m = c.first(row); m < c.offsets[row]; ++m) {
        for (uint64_t e = c.first_entry(m); e < c.inner_offsets[m]; ++e) entry(e, false);
        out.inner_offsets.push_back(out.strings.size());
    }
    out.offsets.push_back(base + (c.offsets[row] - c.first(row)));
}

void RowStage::apply(Block& b, size_t first) {
    size_t end = b.rows;
    if (first >= end) return;
    fill_promoted(b, first, end);
    keep_.resize(end - first);
    bool all = true;
    for (size_t row = first; row < end; ++row) {
        keep_[row - first] = keep(b, row);
        all = all && keep_[row - first];
    }
    if (all && !rewrites_maps_) return;
    scratch_.clear();
    for (size_t row = first; row < end;) {
        if (!keep_[row - first]) {
            ++row;
            continue;
        }
        size_t run_end = row;
        while (run_end < end && keep_[run_end - first]) ++run_end;
        for (size_t i = 0; i < b.columns.size(); ++i) {
            if (rewrites_maps_ && is_map_[i]) {
                for (size_t r = row; r < run_end; ++r) rewrite_map(b, static_cast<int>(i), r, scratch_.columns[i]);
            } else {
                scratch_.columns[i].append_rows(b.columns[i], row, run_end);
            }
        }
        scratch_.rows += run_end - row;
        row = run_end;
    }
    b.truncate(first);
    for (size_t i = 0; i < b.columns.size(); ++i) b.columns[i].append_rows(scratch_.columns[i], 0, scratch_.rows);
    b.rows = first + scratch_.rows;
}

}  // namespace otelflat
