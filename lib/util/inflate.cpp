// zlib's inflate in raw mode, chunked so a DEFLATE bomb is cut off at the cap.
#include "util/inflate.hpp"

#include <zlib.h>

namespace ssoctl::util {

Result<std::string> inflate_raw(std::string_view in, size_t max_out) {
    z_stream zs{};
    if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) return fail_fmt("malformed_input", N_("cannot start inflate"), {});
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    std::string out;
    char chunk[16384];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(chunk);
        zs.avail_out = sizeof chunk;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            if (rc == Z_BUF_ERROR) return fail_fmt("malformed_input", N_("DEFLATE data is truncated"), {});
            return fail_fmt("malformed_input", N_("not DEFLATE data"), {}, zs.msg ? zs.msg : "");
        }
        const size_t produced = sizeof chunk - zs.avail_out;
        if (out.size() + produced > max_out) {
            inflateEnd(&zs);
            return fail_fmt("input_too_large", N_("inflated data exceeds {} bytes"), {std::to_string(max_out)});
        }
        out.append(chunk, produced);
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            inflateEnd(&zs);
            return fail_fmt("malformed_input", N_("DEFLATE data is truncated"), {});
        }
    }
    inflateEnd(&zs);
    return out;
}

}  // namespace ssoctl::util
