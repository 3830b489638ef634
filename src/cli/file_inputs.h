#pragma once
// Files and stdin through Converters: cut into slices of whole documents (about 1 MB), each
// slice converted on its own and handed over in input order. With one thread everything
// runs inline; with more, one thread reads and the others convert, and the slices and their
// order are the same, so the output is byte for byte the same for any --threads.
#include <functional>
#include <vector>

#include "cli/converter.h"
#include "cli/options.h"

namespace otelflat {

using ConsumeRows = std::function<void(ConvertedRows&&)>;

// Reads every input (o.inputs, or stdin) and gives each slice's rows to `consume`, on the
// calling thread, in order. Stops reading early on SIGINT/SIGTERM (input_stop_requested).
// Exceptions from `consume` (a broken pipe, a failed write) end the run and are rethrown.
void convert_files(const Options& o, const std::vector<bool>& kafka_tables, unsigned threads,
                   const ConsumeRows& consume);

}  // namespace otelflat
