#include "report/json_stream.hpp"

#include <sstream>

#include <doctest/doctest.h>

using nlohmann::json;
using ssoctl::report::ItemStream;
using ssoctl::report::write_object;

namespace {

std::string streamed(const json& fixed, const std::map<std::string, json>& arrays) {
    std::map<std::string, ItemStream> s;
    for (const auto& [k, v] : arrays) {
        s[k] = [v](const std::function<void(const json&)>& emit) {
            for (const auto& item : v) emit(item);
        };
    }
    std::ostringstream os;
    write_object(os, fixed, s);
    return os.str();
}

std::string whole(json fixed, const std::map<std::string, json>& arrays) {
    for (const auto& [k, v] : arrays) fixed[k] = v;
    return fixed.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace

TEST_SUITE("report") {
TEST_CASE("streamed objects are byte-identical to dumping the merged object") {
    const json fixed = {{"schema_version", 1}, {"command", "cert-expiry"}, {"summary", {{"ok", 3}, {"nested", {1, 2}}}}, {"empty", json::object()}};
    const std::map<std::string, json> arrays = {
        {"certificates", json::array({{{"subject", "CN=a\nb"}, {"days", -3}}, {{"subject", "CN=\xff bad utf-8"}, {"list", json::array()}}})},
        {"findings", json::array()},
        {"zz", json::array({1, "two", nullptr})},
    };
    CHECK(streamed(fixed, arrays) == whole(fixed, arrays));
    CHECK(streamed(json::object(), {}) == whole(json::object(), {}));
    CHECK(streamed(json::object(), {{"a", json::array()}}) == whole(json::object(), {{"a", json::array()}}));
}
}
