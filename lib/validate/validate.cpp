// Check order follows dependency: a message that is not Success has no assertion to check, an
// encrypted assertion must be decrypted first, identity checks prefer the signed assertion.
#include "validate/validate.hpp"

#include "i18n/i18n.hpp"
#include "saml/replay.hpp"

namespace ssoctl::validate {
namespace {

using saml::CheckResult;
using saml::CheckStatus;

// Adds the findings of a stage, leaving out what an earlier group already said (same code and place).
void merge(diag::Report& into, const diag::Report& from) {
    for (const auto& f : from.findings()) {
        bool seen = false;
        for (const auto& g : into.findings()) seen = seen || (g.code == f.code && (g.location == f.location || f.code == diag::Code::multiple_assertions));
        if (!seen) into.add(f);
    }
}

const saml::Assertion* pick_assertion(const saml::Message& m, const SignatureOutcome& sig) {
    if (sig.trusted) return sig.trusted;
    for (const auto& a : m.assertions) {
        if (!a.encrypted) return &a;
    }
    return nullptr;
}

}  // namespace

Outcome run(const saml::Message& m, const SignatureOutcome& sig, const DecryptionOutcome& dec, const Options& opts) {
    Outcome out;
    auto& r = out.report;
    const auto add = [&](std::string id, CheckStatus s, std::string reason = {}) { out.checks.push_back({std::move(id), s, std::move(reason)}); };

    const bool is_response = m.type == saml::MessageType::response;
    add("status", is_response ? saml::check_status(m, r) : CheckStatus::skip, is_response ? "" : N_("not a Response"));
    if (!is_response) out.checks.back().applies = false;
    if (r.has(diag::Code::status_not_success) && !sig.response_verified) {
        // Error responses are often unsigned: say what they claim, and that nothing proves it.
        for (auto& f : r.findings()) {
            if (f.code != diag::Code::status_not_success) continue;
            const diag::Text unverified = i18n::text(N_(" (UNVERIFIED: the response is not signed by a trusted key)"));
            f.message.en += unverified.en;
            f.message.ja += unverified.ja;
        }
    }
    add("structure", saml::check_structure(m, r));

    if (!sig.ran) {
        // Shape, profile and digests need no key: their findings count; the signature itself is unverified.
        const size_t before = r.findings().size();
        merge(r, sig.report);
        const CheckStatus keyless = saml::status_since(r, before);
        add("signature", keyless == CheckStatus::fail ? keyless : CheckStatus::skip, N_("not verified: no trusted key (--idp-cert, --idp-metadata or --fingerprint)"));
        auto& f = r.add(diag::Code::no_trusted_cert, i18n::text(N_("signatures were not verified: no trusted certificate was given, so nothing here is proven to come from the IdP")),
                        i18n::text(N_("add --idp-cert FILE, --idp-metadata FILE|URL or --fingerprint sha256:HEX")));
        f.severity = sig.require_trust ? diag::Severity::error : diag::Severity::warning;
    } else {
        const size_t before = r.findings().size();
        merge(r, sig.report);
        add("signature", saml::status_since(r, before));
    }
    if (!dec.needed) {
        add("decryption", CheckStatus::skip, N_("no encrypted assertion"));
        out.checks.back().applies = false;
    } else {
        const size_t before = r.findings().size();
        merge(r, dec.report);
        add("decryption", saml::status_since(r, before));
    }

    out.assertion = pick_assertion(m, sig);
    out.trusted = sig.ran && sig.trusted != nullptr;
    const saml::Assertion* a = out.assertion;
    const std::string why = m.assertions.empty() ? N_("no assertion") : N_("the assertion is encrypted and was not decrypted");
    if (!a) {
        for (const char* id : {"audience", "issuer", "time", "in_response_to", "subject", "replay"}) {
            add(id, CheckStatus::skip, why);
            out.checks.back().applies = !m.assertions.empty() && std::string_view(id) != "replay";
        }
    } else {
        const auto& e = opts.expect;
        const bool sp_known = !e.sp_entity_ids.empty() || !e.acs_urls.empty();
        add("audience", sp_known ? saml::check_audience(m, *a, e, r) : CheckStatus::skip, sp_known ? "" : N_("no --sp-entity-id, --acs-url or --sp-metadata"));
        add("issuer", e.idp_entity_ids.empty() ? CheckStatus::skip : saml::check_issuer(m, *a, e, r), e.idp_entity_ids.empty() ? N_("no IdP entity ID known") : "");
        add("time", saml::check_time(m, *a, e, r));
        add("in_response_to", e.request_id.empty() ? CheckStatus::skip : saml::check_in_response_to(m, *a, e, r), e.request_id.empty() ? N_("no --request-id") : "");
        add("subject", saml::check_subject(*a, e, r));
        if (opts.replay_cache.empty()) {
            add("replay", CheckStatus::skip, N_("no --replay-cache"));
            out.checks.back().applies = false;  // opt-in, not a gap
        } else {
            const size_t before = r.findings().size();
            util::UnixTime expires = e.now + 3600;
            if (auto t = util::parse_rfc3339(a->conditions.not_on_or_after)) expires = *t + e.skew;
            auto replayed = saml::check_and_record(opts.replay_cache, a->id, expires, e.now);
            if (!replayed) {
                r.add(i18n::localized(replayed.error()));
            } else if (*replayed) {
                auto& f = r.add(diag::Code::replayed_assertion, i18n::text(N_("assertion '{}' was already seen (replay cache '{}')"), {{std::string(a->id)}, {std::string(opts.replay_cache)}}));
                f.actual = a->id;
                f.location = a->path + "/@ID";
            }
            add("replay", saml::status_since(r, before));
        }
    }
    if (opts.strict) r.apply_strict();
    return out;
}

}  // namespace ssoctl::validate
