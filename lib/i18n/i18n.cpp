#include "i18n/i18n.hpp"

#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "i18n/catalog.hpp"

namespace ssoctl::i18n {
namespace {

/** msgid -> msgstr of one compiled catalog (GNU .mo, little or big endian). Plural entries are
 *  keyed by the singular; their value holds the forms separated by NUL. Fuzzy entries never reach
 *  a .mo (msgfmt drops them), so a fuzzy translation shows English, as gettext does. */
class Catalog {
public:
    explicit Catalog(std::string_view mo) { load(mo); }

    const std::string_view* find(std::string_view msgid) const {
        auto it = m_map.find(msgid);
        return it == m_map.end() ? nullptr : &it->second;
    }
    size_t size() const { return m_map.size(); }

private:
    void load(std::string_view mo) {
        if (mo.size() < 28) return;
        const auto* p = reinterpret_cast<const unsigned char*>(mo.data());
        auto u32le = [&](size_t at) { return uint32_t(p[at]) | uint32_t(p[at + 1]) << 8 | uint32_t(p[at + 2]) << 16 | uint32_t(p[at + 3]) << 24; };
        auto u32be = [&](size_t at) { return uint32_t(p[at + 3]) | uint32_t(p[at + 2]) << 8 | uint32_t(p[at + 1]) << 16 | uint32_t(p[at]) << 24; };
        const bool le = u32le(0) == 0x950412deU;
        if (!le && u32be(0) != 0x950412deU) return;
        auto u32 = [&](size_t at) -> uint64_t { return at + 4 <= mo.size() ? (le ? u32le(at) : u32be(at)) : 0; };
        const uint64_t n = u32(8), originals = u32(12), translations = u32(16);
        auto string_at = [&](uint64_t table, uint64_t i) -> std::string_view {
            const uint64_t len = u32(table + 8 * i), off = u32(table + 8 * i + 4);
            if (off > mo.size() || len > mo.size() - off) return {};
            return mo.substr(off, len);
        };
        for (uint64_t i = 0; i < n && originals + 8 * i + 8 <= mo.size() && translations + 8 * i + 8 <= mo.size(); ++i) {
            std::string_view id = string_at(originals, i);
            if (id.empty()) continue;  // the header entry
            if (auto nul = id.find('\0'); nul != std::string_view::npos) id = id.substr(0, nul);
            m_map.emplace(id, string_at(translations, i));
        }
    }

    std::unordered_map<std::string_view, std::string_view> m_map;
};

const Catalog* catalog_of(diag::Lang lang) {
    if (lang != diag::Lang::ja) return nullptr;
    static const Catalog ja(catalog_mo_ja());
    return &ja;
}

/** fmt() over a vector. `{}` takes the next argument; `{N}` (one digit) takes argument N, so that
 *  a translation can put the values in its own order. */
std::string fmt_list(std::string_view pattern, const std::vector<std::string_view>& args) {
    std::string out;
    out.reserve(pattern.size() + 32);
    size_t next = 0;
    for (size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if ((c == '{' || c == '}') && i + 1 < pattern.size() && pattern[i + 1] == c) {
            out += c;
            ++i;
        } else if (c == '{' && i + 1 < pattern.size() && pattern[i + 1] == '}' && next < args.size()) {
            out += args[next++];
            ++i;
        } else if (c == '{' && i + 2 < pattern.size() && pattern[i + 1] >= '0' && pattern[i + 1] <= '9' && pattern[i + 2] == '}' &&
                   size_t(pattern[i + 1] - '0') < args.size()) {
            out += args[size_t(pattern[i + 1] - '0')];
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

std::string tr(std::string_view msgid, diag::Lang lang) {
    const Catalog* c = catalog_of(lang);
    const std::string_view* s = c ? c->find(msgid) : nullptr;
    if (!s || s->empty()) return std::string(msgid);
    return std::string(s->substr(0, s->find('\0')));
}

std::string trn(std::string_view singular, std::string_view plural, unsigned long n, diag::Lang lang) {
    const Catalog* c = catalog_of(lang);
    if (const std::string_view* s = c ? c->find(singular) : nullptr; s && !s->empty()) {
        return std::string(s->substr(0, s->find('\0')));  // Japanese: nplurals=1, one form for every n
    }
    return std::string(n == 1 ? singular : plural);
}

std::string fmt(std::string_view pattern, std::initializer_list<std::string_view> args) {
    return fmt_list(pattern, std::vector<std::string_view>(args));
}

std::string trf(std::string_view msgid, diag::Lang lang, std::initializer_list<std::string_view> args) {
    return fmt(tr(msgid, lang), args);
}

diag::Text text(std::string_view msgid, std::initializer_list<diag::Text> args) {
    std::vector<std::string_view> en, ja;
    for (const auto& a : args) {
        en.push_back(a.en);
        ja.push_back(a.in(diag::Lang::ja));
    }
    return {fmt_list(msgid, en), fmt_list(tr(msgid, diag::Lang::ja), ja)};
}

Error error_of(std::string code, std::string_view msgid, std::initializer_list<std::string_view> args, std::string detail) {
    return Error{std::move(code), fmt(msgid, args), std::move(detail), fmt(tr(msgid, diag::Lang::ja), args)};
}

Error error_of(std::string code, diag::Text message, diag::Text detail) {
    return Error{std::move(code), std::move(message.en), std::move(detail.en), std::move(message.ja), std::move(detail.ja)};
}

Error localized(Error e) {
    if (e.ja.empty() && !e.msgid.empty()) {
        const std::vector<std::string_view> args(e.args.begin(), e.args.end());
        e.ja = fmt_list(tr(e.msgid, diag::Lang::ja), args);
        const std::vector<std::string_view> detail_args(e.detail_args.begin(), e.detail_args.end());
        if (e.detail_ja.empty() && !e.detail_msgid.empty()) e.detail_ja = fmt_list(tr(e.detail_msgid, diag::Lang::ja), detail_args);
    }
    return e;
}

diag::Text text_of(const Error& e) {
    std::string ja = localized(e).ja;
    // English only (a layer that has not moved to the catalog yet): the code's Japanese title, then the English
    if (ja.empty()) {
        if (auto code = diag::code_from_name(e.code)) ja = std::string(diag::info(*code).title_ja) + "（" + e.message + "）";
    }
    return {e.message, std::move(ja)};
}

diag::Text detail_of(const Error& e) { return {e.detail, localized(e).detail_ja}; }

std::string error_text(const Error& e, diag::Lang lang) {
    std::string s = text_of(e).in(lang);
    if (!e.detail.empty()) s += lang == diag::Lang::ja ? "（" + detail_of(e).in(lang) + "）" : " (" + e.detail + ")";
    return s;
}

size_t catalog_size(diag::Lang lang) {
    const Catalog* c = catalog_of(lang);
    return c ? c->size() : 0;
}

}  // namespace ssoctl::i18n
