// What the unit tests share: reading a fixture from testdata/ (SSOCTL_TESTDATA_DIR).
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace ssoctl::test {

/** The bytes of testdata/<rel>; empty when the file is missing (the test's checks then fail). */
inline std::string slurp(const std::string& rel) {
    std::ifstream f(std::string(SSOCTL_TESTDATA_DIR) + "/" + rel, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

}  // namespace ssoctl::test
