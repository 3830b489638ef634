#include "encode/encoder.h"
#include "encode/jsoneachrow.h"
#include "encode/native.h"

namespace otelflat {

std::unique_ptr<Encoder> make_encoder(OutputFormat format, TimeFormat time_format) {
    switch (format) {
        case OutputFormat::native: return std::make_unique<NativeEncoder>();
        case OutputFormat::jsoneachrow: break;
    }
    return std::make_unique<JsonEachRowEncoder>(time_format);
}

}  // namespace otelflat
