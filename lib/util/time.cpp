// Calendar arithmetic without the C library's time zone state (days_from_civil, H. Hinnant).
#include "util/time.hpp"

#include <chrono>
#include <cstdlib>

namespace ssoctl::util {
namespace {

int64_t civil_days(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

}  // namespace

Result<UnixTime> parse_rfc3339(std::string_view s) {
    int year = 0, mon = 0, day = 0, hour = 0, min = 0, sec = 0;
    const auto bad = [&] { return fail_fmt("malformed_input", N_("not an RFC 3339 time: '{}'"), {std::string(s.substr(0, 64))}); };
    if (!digits(s, 0, 4, year) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mon) || s[7] != '-' ||
        !digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, hour) ||
        s[13] != ':' || !digits(s, 14, 2, min) || s[16] != ':' || !digits(s, 17, 2, sec)) {
        return bad();
    }
    if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60) return bad();
    size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        const size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
        if (pos == start) return bad();
    }
    int64_t offset = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh = 0, om = 0;
        if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(s, pos + 4, 2, om)) {
            return bad();
        }
        offset = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
        pos += 6;
    } else if (pos != s.size()) {
        return bad();
    }
    if (pos != s.size()) return bad();
    const int64_t days = civil_days(year, static_cast<unsigned>(mon), static_cast<unsigned>(day));
    return days * 86400 + hour * 3600 + min * 60 + (sec == 60 ? 59 : sec) - offset;
}

std::string format_rfc3339(UnixTime t) {
    int64_t days = t / 86400;
    int64_t rem = t % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    int64_t y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(days, y, m, d);
    const auto two = [](std::string& out, int64_t v) {
        out += static_cast<char>('0' + v / 10 % 10);
        out += static_cast<char>('0' + v % 10);
    };
    std::string out;
    out.reserve(20);
    if (y < 0 || y > 9999) {
        out += std::to_string(y);
    } else {
        two(out, y / 100);
        two(out, y % 100);
    }
    out += '-';
    two(out, m);
    out += '-';
    two(out, d);
    out += 'T';
    two(out, rem / 3600);
    out += ':';
    two(out, rem / 60 % 60);
    out += ':';
    two(out, rem % 60);
    out += 'Z';
    return out;
}

UnixTime now() {
    if (const char* env = std::getenv("SSOCTL_NOW"); env && *env) {
        if (auto t = parse_rfc3339(env)) return *t;
    }
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

namespace {

struct Parts {
    int64_t d, h, m, s;
};
Parts parts(int64_t seconds) {
    const int64_t a = seconds < 0 ? -seconds : seconds;
    return {a / 86400, a / 3600 % 24, a / 60 % 60, a % 60};
}

}  // namespace

std::string human_duration(int64_t seconds) {
    const Parts p = parts(seconds);
    const auto two = [](int64_t a, const char* ua, int64_t b, const char* ub) {
        std::string out = std::to_string(a) + " " + ua;
        if (b) out += " " + std::to_string(b) + " " + ub;
        return out;
    };
    if (p.d >= 365) return std::to_string(p.d) + " d";
    if (p.d) return two(p.d, "d", p.h, "h");
    if (p.h) return two(p.h, "h", p.m, "min");
    if (p.m) return two(p.m, "min", p.s, "s");
    return std::to_string(p.s) + " s";
}

std::string human_duration_ja(int64_t seconds) {
    const Parts p = parts(seconds);
    const auto two = [](int64_t a, const char* ua, int64_t b, const char* ub) {
        std::string out = std::to_string(a) + ua;
        if (b) out += std::to_string(b) + ub;
        return out;
    };
    if (p.d >= 365) return std::to_string(p.d) + "日";
    if (p.d) return two(p.d, "日", p.h, "時間");
    if (p.h) return two(p.h, "時間", p.m, "分");
    if (p.m) return two(p.m, "分", p.s, "秒");
    return std::to_string(p.s) + "秒";
}

std::string relative(UnixTime t, UnixTime reference) {
    if (t == reference) return "now";
    return t > reference ? "in " + human_duration(t - reference) : human_duration(reference - t) + " ago";
}

std::string relative_ja(UnixTime t, UnixTime reference) {
    if (t == reference) return "現在";
    return t > reference ? human_duration_ja(t - reference) + "後" : human_duration_ja(reference - t) + "前";
}

int64_t days_from_civil(int64_t year, unsigned month, unsigned day) { return civil_days(year, month, day); }

int64_t days_between(UnixTime reference, UnixTime t) {
    const int64_t diff = t - reference;
    return diff >= 0 ? diff / 86400 : -((-diff + 86399) / 86400);
}

}  // namespace ssoctl::util
