// The floor of scripts/bench: the least work any OTLP/JSON -> rows converter must do on one
// thread. Reads a JSON-lines file, and with simdjson On-Demand visits every value of every
// document, unescaping every key and string and parsing every number, and writes nothing.
// otelflat cannot be faster than this on one thread; the ratio says how close it is.
//   g++ -O3 -march=x86-64-v3 -mpclmul -o simdjson_walk simdjson_walk.cpp -lsimdjson
//   simdjson_walk FILE.jsonl    -> prints "values=N strings_bytes=N" (so nothing is optimised away)
#include <simdjson.h>

#include <cstdint>
#include <cstdio>

using namespace simdjson;

namespace {

struct Totals {
    uint64_t values = 0;
    uint64_t string_bytes = 0;
    double number_sum = 0;
};

void walk(ondemand::value v, Totals& t);

void walk_object(ondemand::object o, Totals& t) {
    for (auto field : o) {
        std::string_view key = field.unescaped_key().value();
        t.string_bytes += key.size();
        walk(field.value().value(), t);
    }
}

void walk(ondemand::value v, Totals& t) {
    ++t.values;
    switch (v.type().value()) {
        case ondemand::json_type::object: walk_object(v.get_object().value(), t); break;
        case ondemand::json_type::array:
            for (auto element : v.get_array()) walk(element.value(), t);
            break;
        case ondemand::json_type::string: t.string_bytes += v.get_string().value().size(); break;
        case ondemand::json_type::number: t.number_sum += v.get_double().value(); break;
        case ondemand::json_type::boolean: t.values += v.get_bool().value(); break;
        case ondemand::json_type::null: break;
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: simdjson_walk FILE.jsonl\n");
        return 2;
    }
    padded_string input;
    if (padded_string::load(argv[1]).get(input)) {
        std::fprintf(stderr, "simdjson_walk: cannot read %s\n", argv[1]);
        return 1;
    }
    ondemand::parser parser;
    ondemand::document_stream docs;
    // Batches large enough for the largest generated line (~1.5 MB).
    if (parser.iterate_many(input, 16 << 20).get(docs)) return 1;
    Totals t;
    for (auto doc : docs) {
        ondemand::object o;
        if (doc.get_object().get(o)) return 1;
        walk_object(o, t);
    }
    std::printf("values=%llu string_bytes=%llu\n", static_cast<unsigned long long>(t.values),
                static_cast<unsigned long long>(t.string_bytes));
    return t.number_sum == 12345.678 ? 3 : 0;
}
