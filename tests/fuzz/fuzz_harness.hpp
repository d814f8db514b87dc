// What every libFuzzer harness here shares, so that each *_fuzz.cpp is only its property:
//  - it defines polls::fuzz::check_input(input), which checks the property on one input (the
//    bytes as a string_view; fuzz::provider(input) reads typed values from them);
//  - FUZZ_CHECK(cond) states an invariant: it aborts with the condition and its place when it
//    fails, and libFuzzer keeps the input as a crash.
// Include it in exactly one file per harness: it defines libFuzzer's entry point.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#define FUZZ_CHECK(cond)                                                                \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (false)

namespace polls::fuzz {

// The harness's property, checked on one input; defined by each *_fuzz.cpp.
void check_input(std::string_view input);

// Typed values drawn from the input (FuzzedDataProvider reads the same bytes, it does not copy).
inline FuzzedDataProvider provider(std::string_view input) {
  return FuzzedDataProvider(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

}  // namespace polls::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  polls::fuzz::check_input(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;  // libFuzzer reserves other values
}
