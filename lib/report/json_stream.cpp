// Streamed JSON objects for reports over federation-sized inputs (cert-expiry --format json).
#include "report/json_stream.hpp"

#include <set>

namespace ssoctl::report {
namespace {

std::string dump(const nlohmann::json& v) { return v.dump(2, ' ', false, nlohmann::json::error_handler_t::replace); }

/** `text` with every line after the first indented by `pad`. */
void write_indented(std::ostream& os, const std::string& text, const char* pad) {
    size_t start = 0;
    for (size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
        os.write(text.data() + start, static_cast<std::streamsize>(nl + 1 - start));
        os << pad;
        start = nl + 1;
    }
    os.write(text.data() + start, static_cast<std::streamsize>(text.size() - start));
}

}  // namespace

void write_object(std::ostream& os, const nlohmann::json& fixed, const std::map<std::string, ItemStream>& streamed) {
    std::set<std::string> keys;
    for (auto it = fixed.begin(); it != fixed.end(); ++it) keys.insert(it.key());
    for (const auto& [k, _] : streamed) keys.insert(k);
    if (keys.empty()) {
        os << "{}";
        return;
    }
    os << "{";
    bool first_key = true;
    for (const auto& key : keys) {
        os << (first_key ? "\n  " : ",\n  ") << dump(nlohmann::json(key)) << ": ";
        first_key = false;
        auto s = streamed.find(key);
        if (s == streamed.end()) {
            write_indented(os, dump(fixed[key]), "  ");
            continue;
        }
        bool first_item = true;
        os << "[";
        s->second([&](const nlohmann::json& item) {
            os << (first_item ? "\n    " : ",\n    ");
            first_item = false;
            write_indented(os, dump(item), "    ");
        });
        os << (first_item ? "]" : "\n  ]");
    }
    os << "\n}";
}

}  // namespace ssoctl::report
