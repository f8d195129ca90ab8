// Paste normalisation: whatever an admin pasted -> the SAML XML (saml::normalize), auto-detected
// and with each forced outer form. (lib/capture replaces this entry point when it lands.)
#include "saml/input.hpp"
#include "target.hpp"

using namespace ssoctl;

SSOCTL_FUZZ_TARGET(paste) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    static const saml::InputForm forms[] = {saml::InputForm::auto_detect, saml::InputForm::xml,  saml::InputForm::base64,
                                            saml::InputForm::urlencoded,  saml::InputForm::form, saml::InputForm::url,
                                            saml::InputForm::deflate};
    for (auto form : forms) {
        auto n = saml::normalize(in, form);
        if (n && n->xml.size() > saml::Limits{}.max_inflated) ssoctl::fuzz::disagree("paste", "normalized XML larger than the inflate cap");
    }
    return 0;
}
