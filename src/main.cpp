#include <cstdio>

#include "cli/run.h"

int main(int argc, char** argv) {
#if defined(OTELFLAT_NEEDS_AVX2)
    // Built for x86-64-v3 (see CMakeLists.txt): refuse clearly rather than die on SIGILL.
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("bmi2") || !__builtin_cpu_supports("pclmul")) {
        std::fputs("otelflat: this build needs an x86-64-v3 CPU with PCLMUL (Haswell or newer); rebuild with -DOTELFLAT_MARCH=x86-64\n", stderr);
        return 3;
    }
#endif
    return otelflat::run_main(argc, argv);
}
