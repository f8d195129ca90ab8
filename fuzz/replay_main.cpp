// ssoctl_fuzz_replay: runs saved inputs through the fuzz targets without libFuzzer.
//   ssoctl_fuzz_replay --list
//   ssoctl_fuzz_replay TARGET FILE...     one target, given inputs
//   ssoctl_fuzz_replay --dir DIR          every DIR/<target>/* through <target> (CTest)
// An input that takes longer than $SSOCTL_FUZZ_REPLAY_SECONDS (default 10, the fuzzers' -timeout)
// fails the run: a hang found by the fuzzer is a finding too.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "target.hpp"

namespace fs = std::filesystem;

namespace {

std::map<std::string, ssoctl::fuzz::TargetFn>& registry() {
    static std::map<std::string, ssoctl::fuzz::TargetFn> r;
    return r;
}

double limit_seconds() {
    const char* v = std::getenv("SSOCTL_FUZZ_REPLAY_SECONDS");
    return v ? std::atof(v) : 10.0;
}

bool run_one(const std::string& target, ssoctl::fuzz::TargetFn fn, const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "replay: cannot read %s\n", file.c_str());
        return false;
    }
    std::ostringstream s;
    s << in.rdbuf();
    const std::string bytes = s.str();
    std::fprintf(stderr, "replay: %s %s (%zu bytes)\n", target.c_str(), file.c_str(), bytes.size());
    const auto t0 = std::chrono::steady_clock::now();
    fn(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (secs > limit_seconds()) {
        std::fprintf(stderr, "replay: FAIL %s %s took %.1f s (limit %.0f s)\n", target.c_str(), file.c_str(), secs, limit_seconds());
        return false;
    }
    return true;
}

}  // namespace

ssoctl::fuzz::Registrar::Registrar(const char* name, TargetFn fn) { registry()[name] = fn; }

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "-h" || args[0] == "--help") {
        std::fprintf(stderr, "usage: ssoctl_fuzz_replay --list | TARGET FILE... | --dir DIR\n");
        return 2;
    }
    if (args[0] == "--list") {
        for (const auto& [name, fn] : registry()) std::printf("%s\n", name.c_str());
        return 0;
    }
    bool ok = true;
    size_t count = 0;
    if (args[0] == "--dir" && args.size() == 2) {
        const fs::path dir = args[1];
        for (const auto& entry : fs::directory_iterator(dir)) {
            if (!entry.is_directory()) continue;
            const std::string name = entry.path().filename();
            auto it = registry().find(name);
            if (it == registry().end()) {
                std::fprintf(stderr, "replay: FAIL %s: no fuzz target named '%s'\n", entry.path().c_str(), name.c_str());
                ok = false;
                continue;
            }
            std::vector<fs::path> files;
            for (const auto& f : fs::recursive_directory_iterator(entry.path())) {
                if (f.is_regular_file() && f.path().filename().string()[0] != '.' && f.path().filename() != "README.md") files.push_back(f.path());
            }
            std::sort(files.begin(), files.end());
            for (const auto& f : files) {
                ok = run_one(name, it->second, f) && ok;
                ++count;
            }
        }
    } else {
        auto it = registry().find(args[0]);
        if (it == registry().end()) {
            std::fprintf(stderr, "replay: no fuzz target named '%s' (--list)\n", args[0].c_str());
            return 2;
        }
        for (size_t i = 1; i < args.size(); ++i) {
            ok = run_one(args[0], it->second, args[i]) && ok;
            ++count;
        }
    }
    std::fprintf(stderr, "replay: %zu input(s), %s\n", count, ok ? "all passed" : "FAILED");
    return ok ? 0 : 1;
}
