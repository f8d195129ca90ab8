// Paste-form detection. Order: XML, URL, form body, URL-encoded, base64; then inflate if needed.
#include "saml/input.hpp"

#include "util/base64.hpp"
#include "util/inflate.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"

namespace ssoctl::saml {
namespace {

using util::starts_with;

std::string_view strip_bom(std::string_view s) {
    if (starts_with(s, "\xEF\xBB\xBF")) s.remove_prefix(3);
    return s;
}

bool starts_like_xml(std::string_view s) {
    s = util::trim(strip_bom(s));
    return !s.empty() && s.front() == '<';
}

bool has_saml_param(std::string_view s) {
    for (std::string_view key : {"SAMLResponse=", "SAMLRequest="}) {
        const size_t pos = s.find(key);
        if (pos != std::string_view::npos && (pos == 0 || s[pos - 1] == '&' || s[pos - 1] == '?')) return true;
    }
    return false;
}

// base64 -> XML, inflating when the decoded bytes are not XML (HTTP-Redirect) or when forced.
Result<Normalized> from_base64(std::string_view text, Normalized n, const Limits& limits, bool force_inflate) {
    auto decoded = util::base64_decode(text, limits.max_decoded);
    if (!decoded) {
        if (decoded.error().code == "input_too_large") return tl::make_unexpected(decoded.error());
        return fail("malformed_input", "not XML, base64, a URL or a form body: " + decoded.error().message);
    }
    if (!force_inflate && starts_like_xml(*decoded)) {
        n.xml = std::move(*decoded);
        return n;
    }
    auto inflated = util::inflate_raw(*decoded, limits.max_inflated);
    if (!inflated) {
        if (inflated.error().code == "input_too_large") return tl::make_unexpected(inflated.error());
        if (force_inflate) return tl::make_unexpected(inflated.error());
        return fail("malformed_input", "the base64 decodes to binary data that is neither XML nor DEFLATE-compressed XML",
                    inflated.error().message);
    }
    if (!starts_like_xml(*inflated)) return fail("malformed_input", "the DEFLATE data does not contain XML");
    n.xml = std::move(*inflated);
    n.deflated = true;
    return n;
}

Result<Normalized> from_params(std::string_view query, InputForm form, const Limits& limits) {
    auto params = util::parse_query(query);
    if (!params) return tl::make_unexpected(params.error());
    const util::QueryParam* msg = util::find_param(*params, "SAMLResponse");
    if (!msg) msg = util::find_param(*params, "SAMLRequest");
    if (!msg) return fail("malformed_input", "no SAMLResponse or SAMLRequest parameter found");
    Normalized n;
    n.form = form;
    n.parameter = msg->name;
    if (const auto* p = util::find_param(*params, "RelayState")) n.relay_state = p->value;
    if (const auto* p = util::find_param(*params, "SigAlg")) n.sig_alg = p->value;
    if (const auto* p = util::find_param(*params, "Signature")) n.signature = p->value;
    if (n.sig_alg && n.signature) {
        // SAML bindings §3.4.4.1: the signed octets are the parameters as received, in this order.
        n.signed_query = msg->raw_name + "=" + msg->raw_value;
        if (const auto* p = util::find_param(*params, "RelayState")) n.signed_query += "&RelayState=" + p->raw_value;
        n.signed_query += "&SigAlg=" + util::find_param(*params, "SigAlg")->raw_value;
    }
    return from_base64(msg->value, std::move(n), limits, false);
}

Result<Normalized> from_url(std::string_view text, const Limits& limits) {
    const size_t q = text.find('?');
    if (q == std::string_view::npos) return fail("malformed_input", "the URL has no query string with SAMLRequest or SAMLResponse");
    std::string_view query = text.substr(q + 1);
    const size_t hash = query.find('#');
    if (hash != std::string_view::npos) query = query.substr(0, hash);
    return from_params(query, InputForm::url, limits);
}

}  // namespace

std::optional<InputForm> input_form_from_name(std::string_view name) {
    for (InputForm f : {InputForm::auto_detect, InputForm::xml, InputForm::base64, InputForm::urlencoded,
                        InputForm::form, InputForm::url, InputForm::deflate}) {
        if (input_form_name(f) == name) return f;
    }
    return std::nullopt;
}

std::string_view input_form_name(InputForm form) {
    switch (form) {
        case InputForm::auto_detect: return "auto";
        case InputForm::xml: return "xml";
        case InputForm::base64: return "base64";
        case InputForm::urlencoded: return "urlencoded";
        case InputForm::form: return "form";
        case InputForm::url: return "url";
        case InputForm::deflate: return "deflate";
    }
    return "auto";
}

Result<Normalized> normalize(std::string_view raw, InputForm force, const Limits& limits) {
    if (raw.size() > limits.max_raw) {
        return fail("input_too_large", "the input is " + std::to_string(raw.size()) + " bytes; the limit is " + std::to_string(limits.max_raw));
    }
    const std::string_view text = util::trim(strip_bom(raw));
    if (text.empty()) return fail("malformed_input", "the input is empty");

    InputForm form = force;
    if (form == InputForm::auto_detect) {
        if (text.front() == '<') form = InputForm::xml;
        else if (starts_with(text, "https://") || starts_with(text, "http://")) form = InputForm::url;
        else if (has_saml_param(text)) form = InputForm::form;
        else if (text.find('%') != std::string_view::npos) form = InputForm::urlencoded;
        else form = InputForm::base64;
    }
    switch (form) {
        case InputForm::xml: {
            Normalized n;
            n.xml = std::string(text);
            return n;
        }
        case InputForm::url: return from_url(text, limits);
        case InputForm::form: return from_params(text.front() == '?' ? text.substr(1) : text, InputForm::form, limits);
        case InputForm::urlencoded: {
            auto decoded = util::url_decode(text, false);
            if (!decoded) return fail("malformed_input", "not XML, base64, a URL or a form body: " + decoded.error().message);
            Normalized n;
            n.form = InputForm::urlencoded;
            return from_base64(*decoded, std::move(n), limits, false);
        }
        case InputForm::deflate: {
            Normalized n;
            n.form = InputForm::deflate;
            return from_base64(text, std::move(n), limits, true);
        }
        case InputForm::base64:
        case InputForm::auto_detect: {
            Normalized n;
            n.form = InputForm::base64;
            return from_base64(text, std::move(n), limits, false);
        }
    }
    return fail("malformed_input", "unknown input form");
}

}  // namespace ssoctl::saml
