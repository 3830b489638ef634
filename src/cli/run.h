#pragma once
#include "cli/options.h"

namespace otelflat {

// Runs the whole pipeline for the parsed options; returns the process exit code.
int run(const Options& options);

// main(): parse, then run.
int run_main(int argc, char** argv);

}  // namespace otelflat
