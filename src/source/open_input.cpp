#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "source/byte_source.h"
#include "source/decompress.h"
#include "source/fd_source.h"

namespace otelflat {

size_t MemorySource::read(char* dst, size_t capacity) {
    size_t n = std::min(capacity, size_ - pos_);
    if (n > 0) std::memcpy(dst, data_ + pos_, n);
    pos_ += n;
    return n;
}

std::unique_ptr<ByteSource> open_input(const std::string& path) {
    int fd = 0;
    std::string name = path == "-" ? "<stdin>" : path;
    if (path != "-") {
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw InputError(path + ": cannot open: " + std::strerror(errno));
    }
    return wrap_decompression(std::make_unique<FdSource>(fd, name), name);
}

}  // namespace otelflat
