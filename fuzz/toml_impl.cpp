// fuzz/toml_impl.cpp — toml++'s implementation, compiled once into the
// fuzzing build (AQPLAN_FUZZ=ON, CMakeLists.txt) with the same
// instrumentation as the library, instead of Debian's uninstrumented
// libtomlplusplus.so: the TOML parser under every scenario and dataset file
// is then covered for libFuzzer and checked by ASan and UBSan too. Nothing
// here is fuzzed by itself.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
