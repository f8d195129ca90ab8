// lib/util parsers on hostile bytes: base64, raw inflate (with a cap), percent-decoding, query
// strings, URLs, RFC 3339 times. Round trips that must hold are checked.
#include "target.hpp"
#include "util/base64.hpp"
#include "util/inflate.hpp"
#include "util/time.hpp"
#include "util/url.hpp"

using namespace ssoctl;

SSOCTL_FUZZ_TARGET(util) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    (void)util::looks_like_base64(in);
    if (auto b = util::base64_decode(in)) {
        auto again = util::base64_decode(util::base64_encode(*b));
        if (!again || *again != *b) fuzz::disagree("base64", "decode(encode(x)) != x");
    }
    (void)util::base64_decode(in, 16);
    if (auto z = util::inflate_raw(in, 1u << 20); z && z->size() > (1u << 20)) fuzz::disagree("inflate_raw", "output above the cap");
    if (auto d = util::url_decode(in)) {
        auto again = util::url_decode(util::url_encode(*d), false);
        if (!again || *again != *d) fuzz::disagree("url", "url_decode(url_encode(x)) != x");
    }
    (void)util::url_decode(in, false);
    if (auto q = util::parse_query(in)) (void)util::find_param(*q, "SAMLRequest");
    if (auto u = util::parse_url(in)) (void)u->effective_port();
    if (auto t = util::parse_rfc3339(in)) {
        const std::string f = util::format_rfc3339(*t);
        auto again = util::parse_rfc3339(f);
        if (!again || *again != *t) fuzz::disagree("rfc3339", "parse(format(t)) != t for '" + f + "'");
        (void)util::human_duration(*t);
        (void)util::human_duration_ja(*t);
        (void)util::relative(*t, fuzz::kNow);
        (void)util::relative_ja(*t, fuzz::kNow);
        (void)util::days_between(fuzz::kNow, *t);
    }
    return 0;
}
