// Order matters: a Response signature covers the EncryptedAssertion, so it is checked before
// decryption replaces that element; after decryption the model is re-read from the document
// (every xmlNode* into the replaced subtree is gone), and the decrypted assertions' own
// signatures are checked. Without a key, the same order runs the key-free checks.
#include "validate/pipeline.hpp"

#include "i18n/i18n.hpp"
#include "capture/reformat.hpp"
#include "dsig/binding.hpp"
#include "dsig/profile.hpp"
#include "saml/parse.hpp"

namespace ssoctl::validate {
namespace {

/** The assertion covered by a verified signature: its own, or its Response's. */
const saml::Assertion* trusted_assertion(const saml::Message& m, bool response_verified) {
    for (const auto& a : m.assertions) {
        if (a.encrypted) continue;
        bool own = false;
        for (const auto& s : m.signatures) own = own || (s.parent == a.node && s.verified.value_or(false));
        if (own || response_verified) return &a;
    }
    return nullptr;
}

Verdict verdict_of(const Validation& v) {
    Verdict out;
    out.ok = !v.outcome.report.has_errors();
    for (const auto& c : v.outcome.checks) {
        if (c.status == saml::CheckStatus::skip) {
            if (c.applies) out.unverified.push_back(c.id);
        } else {
            ++out.checks_run;
        }
    }
    if (!v.signature_verified) {
        bool listed = false;
        for (const auto& u : out.unverified) listed = listed || u == "signature";
        if (!listed) out.unverified.insert(out.unverified.begin(), "signature");
    }
    out.complete = out.unverified.empty();
    return out;
}

/** Flags win; the capture fills what they left empty, and says so. */
Options with_flow(const Options& given, const capture::Context* flow, Validation& v) {
    Options o = given;
    auto note = [&v](const diag::Text& t) {
        v.context_sources.push_back(t.en);
        v.context_sources_ja.push_back(t.in(diag::Lang::ja));
    };
    if (!flow) return o;
    auto& e = o.expect;
    if (e.request_id.empty() && !flow->expected_in_response_to.empty()) {
        e.request_id = flow->expected_in_response_to;
        note(flow->request_index ? i18n::text(N_("expected InResponseTo '{}': the ID of the AuthnRequest #{} in the capture"),
                                              {{e.request_id}, {std::to_string(*flow->request_index)}})
                                 : i18n::text(N_("expected InResponseTo '{}': the ID of the AuthnRequest in the capture"), {{e.request_id}}));
    } else if (e.request_id.empty() && flow->idp_initiated) {
        note(i18n::text(N_("no AuthnRequest precedes this response in the capture: the flow was IdP-initiated (InResponseTo not checked)")));
    }
    if (e.acs_urls.empty() && !flow->observed_acs.empty()) {
        e.acs_urls.push_back(flow->observed_acs);
        note(i18n::text(N_("ACS URL '{}': where the browser posted the response"), {{flow->observed_acs}}));
    }
    if (e.sp_entity_ids.empty() && !flow->sp_entity_id.empty()) {
        e.sp_entity_ids.push_back(flow->sp_entity_id);
        note(i18n::text(N_("SP entity ID '{}': the Issuer of the AuthnRequest"), {{flow->sp_entity_id}}));
    }
    return o;
}

/** A digest that fails on the XML as given but matches once the whitespace-only text nodes are
 *  left out: the signed element was re-indented after signing (and nothing else changed). The
 *  finding names the marks capture::reformatting_marks saw (indentation, wrapped values, CRLF). */
void diagnose_reformatting(const saml::Message& m, const saml::Normalized* binding, diag::Report& r) {
    if (!r.has(diag::Code::digest_mismatch) && !r.has(diag::Code::invalid_signature)) return;
    for (const auto& s : m.signatures) {
        if (dsig::inside_advice(s.node) || s.verified.value_or(false)) continue;
        if (dsig::check_digest(s.node) != dsig::DigestCheck::mismatch || dsig::check_digest(s.node, true) != dsig::DigestCheck::match) continue;
        for (auto& f : r.findings()) {
            if (f.code != diag::Code::digest_mismatch && f.code != diag::Code::invalid_signature) continue;
            f.hint = i18n::text(N_("see reformatted_xml: the XML was re-indented after signing; validate the original base64 value instead"));
        }
        diag::Text message = i18n::text(N_("the signed content of {} is intact except for added whitespace between elements: it was re-indented after signing"), {{std::string(s.element)}});
        if (auto marks = capture::reformatting_marks(s.parent, binding ? std::string_view(binding->xml) : std::string_view())) {
            message = i18n::text(N_("the signed content of {} is intact except for whitespace added after signing: {}"), {{s.element}, marks->text()});
        }
        auto& f = r.add(diag::Code::reformatted_xml, std::move(message));
        f.location = s.element;
        return;
    }
}

}  // namespace

Validation validate_message(saml::Message& m, const Trust& trust, const Context& ctx_in) {
    Validation v;
    Context ctx = ctx_in;
    ctx.checks = with_flow(ctx_in.checks, ctx_in.flow, v);
    SignatureOutcome sig;
    DecryptionOutcome dec;
    const bool keyed = !trust.store.empty();
    const util::UnixTime now = ctx.checks.expect.now;

    dsig::VerifyResult before = keyed ? dsig::verify_message(m, trust.store, {ctx.require, now, nullptr}) : dsig::check_without_key(m);
    if (keyed && ctx.binding) v.query = dsig::verify_query(*ctx.binding, trust.store, now, before.report);

    if (has_encrypted_parts(m)) {  // EncryptedAssertion, EncryptedID, EncryptedAttribute
        dec.needed = true;
        // Rebuilds the model from the mutated document: no node pointer survives (decrypt.hpp).
        Decryption d = decrypt_in_place(m, trust.sp_key ? &*trust.sp_key : nullptr);
        dec.report = std::move(d.report);
        dec.ok = trust.sp_key && !dec.report.has_errors();
        if (d.assertions > 0 && m.root) {
            for (const auto& a : m.assertions) {
                if (!a.decrypted) continue;
                dsig::VerifyResult inner = keyed ? dsig::verify_message(m, trust.store, {ctx.require, now, a.node}) : dsig::check_without_key(m, a.node);
                before.report.append(inner.report);
                before.assertion_verified = before.assertion_verified || inner.assertion_verified;
            }
        }
    }

    bool still_encrypted = false;
    for (const auto& a : m.assertions) still_encrypted = still_encrypted || a.encrypted;
    if (keyed) {
        if (!still_encrypted) dsig::require_signed(m, before, v.query, ctx.require);  // else the decryption finding says why
        sig.ran = true;
    } else if (m.root) {
        dsig::require_present(m, ctx.binding, before.report);
    }
    sig.require_trust = ctx.require_trust;
    sig.response_verified = before.response_verified;
    sig.trusted = keyed && m.root ? trusted_assertion(m, before.response_verified) : nullptr;
    sig.report = std::move(before.report);

    v.response_verified = sig.response_verified;
    v.signature_verified = sig.trusted != nullptr || (m.assertions.empty() && (before.response_verified || v.query.verified));
    if (!m.root) {
        v.outcome.report = std::move(dec.report);
        v.verdict = verdict_of(v);
        return v;
    }
    v.outcome = run(m, sig, dec, ctx.checks);
    diagnose_reformatting(m, ctx.binding, v.outcome.report);
    if (ctx.require_trust && keyed && !v.signature_verified && !v.outcome.report.has_errors()) {
        v.outcome.report.add(diag::Code::signature_missing, i18n::text(N_("no signature was verified with a trusted key (--require-trust)")));
    }
    v.verdict = verdict_of(v);
    return v;
}

}  // namespace ssoctl::validate
