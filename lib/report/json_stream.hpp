// A JSON object whose big arrays are produced one item at a time: the bytes nlohmann::json's
// dump(2) would write for the whole object, without the whole object ever being in memory.
#pragma once

#include <functional>
#include <map>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace ssoctl::report {

/** Calls `emit` once per item of the array, in order. */
using ItemStream = std::function<void(const std::function<void(const nlohmann::json&)>& emit)>;

/**
 * Writes `fixed` together with the arrays of `streamed` as one object, keys in nlohmann's
 * (sorted) order, indent 2, invalid UTF-8 replaced; byte-identical to dumping the merged object.
 */
void write_object(std::ostream& os, const nlohmann::json& fixed, const std::map<std::string, ItemStream>& streamed);

}  // namespace ssoctl::report
