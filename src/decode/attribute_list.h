#pragma once
// One attribute list being read, for every OTLP decoder: keys as views into the document,
// values as views too (a plain string, the common case) or ranges of a scratch string (values
// rendered as text). Resolved into an AttributeList once the list is complete; storage is
// reused from list to list, so reading attributes allocates nothing once warmed up.
#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "decode/records.h"

namespace otelflat {

// A rendered AnyValue: a view straight into the document, or a range of a scratch string
// (which may still grow, so the view is taken only at the end).
struct RenderedValue {
    std::string_view direct;
    size_t offset = 0;
    size_t length = 0;
    bool in_scratch = false;
    std::string_view resolve(const std::string& scratch) const {
        return in_scratch ? std::string_view(scratch).substr(offset, length) : direct;
    }
};

class AttributeListBuilder {
public:
    void clear() {
        pending_.clear();
        scratch_.clear();
    }
    // Where values that are not plain strings are rendered.
    std::string& scratch() { return scratch_; }
    void add(std::string_view key, RenderedValue value) { pending_.push_back({key, value}); }
    // A new attribute whose value the caller renders in place (or takes back with
    // drop_last()): a RenderedValue built elsewhere and then copied in is stored in pieces and
    // reloaded whole, which stalls the store forwarding on the hottest path of traces.
    RenderedValue& add(std::string_view key) {
        Pending& p = pending_.emplace_back();
        p.key = key;
        return p.value;
    }
    void drop_last() { pending_.pop_back(); }
    // What was added so far, to take back with rewind(): a list read in part by one reader
    // and then again, whole, by another.
    struct Mark {
        size_t pending, scratch;
    };
    Mark mark() const { return Mark{pending_.size(), scratch_.size()}; }
    void rewind(Mark m) {
        pending_.resize(m.pending);
        scratch_.resize(m.scratch);
    }
    // Views valid until the next clear(). The attributes are filled in place: pushing a
    // temporary Attribute made GCC reload its two just-stored halves as one 16-byte word,
    // which stalls the store forwarding.
    AttributeList list() {
        resolved_.resize(pending_.size());
        for (size_t i = 0; i < pending_.size(); ++i) {
            resolved_[i].key = pending_[i].key;
            resolved_[i].value = pending_[i].value.resolve(scratch_);
        }
        return AttributeList{resolved_.data(), resolved_.size()};
    }

private:
    struct Pending {
        std::string_view key;
        RenderedValue value;
    };
    std::vector<Pending> pending_;
    std::vector<Attribute> resolved_;
    std::string scratch_;
};

// Objects for a variable number of nested records (span events, links, exemplars), reused
// from record to record and never shrinking. T has clear().
template <typename T>
class ReusePool {
public:
    void reset() { used_ = 0; }
    T& next() {
        if (used_ == pool_.size()) pool_.emplace_back();
        T& t = pool_[used_++];
        t.clear();
        return t;
    }
    T& at(size_t i) { return pool_[i]; }

private:
    std::deque<T> pool_;  // deque: growing keeps references
    size_t used_ = 0;
};

}  // namespace otelflat
