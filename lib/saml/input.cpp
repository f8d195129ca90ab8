// Paste-form names and the compatible entry point; detection itself lives in lib/capture.
#include "saml/input.hpp"

#include <algorithm>

#include "capture/capture.hpp"


namespace ssoctl::saml {

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
    capture::ReadOptions opts;
    opts.force = *capture::form_from_name(input_form_name(force));
    opts.max_paste = limits.max_raw;
    opts.max_capture = limits.max_raw;
    opts.max_message = std::max(limits.max_decoded, limits.max_inflated);
    opts.describe = false;  // the caller parses the XML anyway
    auto cap = capture::read(raw, opts);
    if (!cap) return tl::make_unexpected(cap.error());
    auto item = capture::pick(*cap, std::nullopt);
    if (!item) return tl::make_unexpected(item.error());
    return normalized_of(**item);
}

Normalized normalized_of(const capture::Item& it) {
    Normalized n;
    n.xml = it.xml;
    n.form = input_form_from_name(it.form).value_or(InputForm::form);
    n.deflated = it.deflated;
    n.parameter = it.parameter;
    n.relay_state = it.relay_state;
    n.sig_alg = it.sig_alg;
    n.signature = it.signature;
    n.signed_query = it.signed_query;
    return n;
}

}  // namespace ssoctl::saml
