#pragma once
#include <optional>

#include "cli/options.h"

namespace otelflat {

// Parses the command line. Returns the options, or an exit code when the run is already
// over (--help, --version, or a usage error that was reported on stderr).
struct ParsedArgs {
    std::optional<Options> options;
    int exit_code = kExitOk;
};
ParsedArgs parse_args(int argc, char** argv);

}  // namespace otelflat
