#include "decode/decode_error.h"

namespace otelflat {

std::string JsonPath::str() const {
    std::string s;
    int n = depth_ < kMax ? depth_ : kMax;
    for (int i = 0; i < n; ++i) {
        if (!s.empty()) s += '.';
        s += frames_[i].key;
        if (frames_[i].index >= 0) {
            s += '[';
            s += std::to_string(frames_[i].index);
            s += ']';
        }
    }
    return s;
}

}  // namespace otelflat
