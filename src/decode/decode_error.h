#pragma once
// What every OTLP decoder (JSON, protobuf) reports: the document is rejected, with where in it
// the problem is, written as the JSON path of the field ("resourceSpans[0].scopeSpans[2]").
#include <cstdint>
#include <stdexcept>
#include <string>

namespace otelflat {

// The document is malformed or wrongly shaped: it is rejected as a whole.
struct DecodeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Where in the document the walker is, for error messages ("resourceSpans[0].scopeSpans[2]").
class JsonPath {
public:
    struct Frame {
        const char* key;
        int64_t index;  // -1 when the frame is an object member, not an array element
    };
    void push(const char* key, int64_t index = -1) {
        if (depth_ < kMax) frames_[depth_] = {key, index};
        ++depth_;
    }
    void pop() { --depth_; }
    void set_index(int64_t index) {
        if (depth_ > 0 && depth_ <= kMax) frames_[depth_ - 1].index = index;
    }
    void clear() { depth_ = 0; }
    std::string str() const;

private:
    static constexpr int kMax = 16;
    Frame frames_[kMax];
    int depth_ = 0;
};

// Calls fn() with a frame for `key` pushed on the path, then pops it. When fn throws, the frame
// stays, so the error handler still sees where the walker failed. A plain call leaves it there
// at no cost; a scope guard's destructor had to ask std::uncaught_exceptions() (a thread-local
// lookup inside libstdc++) at every frame, 0.9% of metrics time.
template <typename Fn>
void in_frame(JsonPath& path, const char* key, Fn&& fn) {
    path.push(key);
    fn();
    path.pop();
}

}  // namespace otelflat
