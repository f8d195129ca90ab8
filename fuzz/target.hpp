// One fuzz target = one SSOCTL_FUZZ_TARGET(name) { ... } in fuzz/<name>.cpp. Built two ways:
//  - libFuzzer (cmake -DSSOCTL_FUZZ=ON, clang): the body becomes LLVMFuzzerTestOneInput;
//  - replay (every build): all targets in one binary, ssoctl_fuzz_replay, which runs the
//    regression inputs of testdata/fuzz/<name>/ through them (CTest test fuzz_regressions).
// A target returns 0; a finding is a crash, a sanitizer report, an abort() (differential
// targets) or a hang.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ssoctl::fuzz {

using TargetFn = int (*)(const uint8_t*, size_t);
struct Registrar {
    Registrar(const char* name, TargetFn fn);
};

/** testdata/<rel> read whole (aborts when missing: a harness without its keys proves nothing). */
std::string testdata(const std::string& rel);

/** Fixed clock of the fixtures: 2026-01-15T10:01:00Z (README of testdata/saml). */
inline constexpr int64_t kNow = 1768471260;

/** Stops the run with a message (a disagreement in a differential target). */
[[noreturn]] void disagree(std::string_view what, std::string_view detail);

}  // namespace ssoctl::fuzz

#ifdef SSOCTL_FUZZ_REPLAY
#define SSOCTL_FUZZ_TARGET(name)                                                             \
    static int ssoctl_fuzz_##name(const uint8_t* data, size_t size);                        \
    static const ::ssoctl::fuzz::Registrar ssoctl_fuzz_reg_##name(#name, ssoctl_fuzz_##name); \
    static int ssoctl_fuzz_##name(const uint8_t* data, size_t size)
#else
#define SSOCTL_FUZZ_TARGET(name) extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
#endif
