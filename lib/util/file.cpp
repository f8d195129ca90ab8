// One file reader for every command and loader, so caps and messages are the same everywhere.
#include "util/file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "util/strings.hpp"

namespace ssoctl::util {

Result<std::string> read_file(const std::string& path, size_t max_bytes) {
    std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (!f) return fail_fmt("io_error", N_("cannot open '{}'"), {visible(path)}, std::strerror(errno));
    std::string data;
    char buf[65536];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        data.append(buf, n);
        if (data.size() > max_bytes) {
            if (f != stdin) std::fclose(f);
            return fail_fmt("input_too_large", N_("'{}' is larger than {} bytes"), {visible(path), std::to_string(max_bytes)});
        }
    }
    const bool error = std::ferror(f);
    if (f != stdin) std::fclose(f);
    if (error) return fail_fmt("io_error", N_("cannot read '{}'"), {visible(path)});
    return data;
}

}  // namespace ssoctl::util
