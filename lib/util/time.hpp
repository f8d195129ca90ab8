// RFC 3339 / xs:dateTime parsing and formatting, and human durations ("2 h 14 min").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace ssoctl::util {

/** Seconds since the Unix epoch, UTC. Fractions of a second are dropped (SAML needs none). */
using UnixTime = int64_t;

/** Parses `2026-01-15T10:00:00Z`, with optional fraction and `+hh:mm` offset (SAML requires Z,
 *  offsets are accepted and normalised). Fails with `malformed_input`. */
Result<UnixTime> parse_rfc3339(std::string_view s);

/** Formats as `2026-01-15T10:00:00Z`. */
std::string format_rfc3339(UnixTime t);

/** The clock, or $SSOCTL_NOW when set (tests). */
UnixTime now();

/** `2 h 14 min`, `3 d 4 h`, `45 s` for |seconds|; the sign is the caller's business. */
std::string human_duration(int64_t seconds);
/** Japanese: `2時間14分`, `3日4時間`, `45秒`. */
std::string human_duration_ja(int64_t seconds);

/** `expired 2 h ago` style: `in 5 min` / `5 min ago` relative to `reference`. */
std::string relative(UnixTime t, UnixTime reference);
std::string relative_ja(UnixTime t, UnixTime reference);

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12, day 1-31). */
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);

/** Days from `reference` to `t`, rounded toward negative infinity. */
int64_t days_between(UnixTime reference, UnixTime t);

}  // namespace ssoctl::util
