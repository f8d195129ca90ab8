#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "target.hpp"

namespace ssoctl::fuzz {

std::string testdata(const std::string& rel) {
    const std::string path = std::string(SSOCTL_TESTDATA_DIR) + "/" + rel;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "fuzz: cannot read %s\n", path.c_str());
        std::abort();
    }
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void disagree(std::string_view what, std::string_view detail) {
    std::fprintf(stderr, "fuzz: DISAGREEMENT %.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
                 static_cast<int>(detail.size()), detail.data());
    std::abort();
}

}  // namespace ssoctl::fuzz
