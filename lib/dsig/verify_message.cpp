// Trust loop: each signature is tried with every trusted key; when none verifies, the embedded
// certificate is tried only to tell "signed by someone else" (untrusted_cert) from "broken".
#include "dsig/verify_message.hpp"

#include "i18n/i18n.hpp"
#include "dsig/profile.hpp"
#include "dsig/xmlsec_verify.hpp"
#include "util/strings.hpp"
#include "x509/cert.hpp"
#include "xml/node.hpp"

namespace ssoctl::dsig {
namespace {

/** A certificate as a finding's `actual`: subject, both fingerprints as consoles show them, validity. */
diag::Text describe_cert(const x509::CertInfo& c) {
    const std::string sha256 = x509::pretty_fingerprint(c.sha256), sha1 = util::to_upper(c.sha1), from = util::format_rfc3339(c.not_before),
                      until = util::format_rfc3339(c.not_after);
    return i18n::text(N_("{}, sha256 {}, sha1 thumbprint {}, valid {} .. {}"), {{c.subject, c.subject}, {sha256, sha256}, {sha1, sha1}, {from, from}, {until, until}});
}

bool in_scope(xmlNode* n, xmlNode* scope) {
    if (!scope) return true;
    for (; n; n = n->parent) {
        if (n == scope) return true;
    }
    return false;
}

// The embedded certificate, when its fingerprint is pinned, becomes a trusted key.
std::optional<TrustedKey> pinned_embedded(const saml::SignatureInfo& s, const TrustStore& trust) {
    if (trust.fingerprints.empty() || !s.cert) return std::nullopt;
    for (const auto& fp : trust.fingerprints) {
        const std::string& have = fp.algorithm == "sha256" ? s.cert->sha256 : s.cert->sha1;
        if (have != fp.hex) continue;
        xmlNode* cert = xml::first_child(xml::first_child(xml::first_child(s.node, xml::kDs, "KeyInfo"), xml::kDs, "X509Data"), xml::kDs, "X509Certificate");
        auto der = x509::parse_base64_der(xml::text(cert));
        if (!der) return std::nullopt;
        auto key = key_from_der(i18n::text(N_("embedded certificate pinned by --fingerprint {}"), {{fp.algorithm + ":" + fp.hex.substr(0, 16) + "…"}}),
                                x509::der_of(der->get()));
        if (key) return std::move(*key);
    }
    return std::nullopt;
}

void validity_warnings(const TrustedKey& k, util::UnixTime now, const std::string& where, diag::Report& r) {
    if (!now) return;  // VerifyOptions::now = 0: validity not judged
    if (k.cert.not_after && k.cert.not_after < now) {
        auto& f = r.add(diag::Code::cert_expired, i18n::text(N_("the trusted key that verified the signature ({}, {}) expired {}"), {{std::string(k.label)}, {std::string(k.cert.subject)}, diag::Text{util::relative(k.cert.not_after, now), util::relative_ja(k.cert.not_after, now)}}),
                        i18n::text(N_("metadata interop keeps accepting expired signing keys, but rotate it: publish a new certificate in the IdP and trust it here")));
        f.severity = diag::Severity::warning;
        f.actual = util::format_rfc3339(k.cert.not_after);
        f.location = where;
    }
    if (k.cert.not_before && k.cert.not_before > now) {
        auto& f = r.add(diag::Code::cert_not_yet_valid, i18n::text(N_("the trusted key that verified the signature ({}) is valid only from {}"), {{std::string(k.label)}, {util::format_rfc3339(k.cert.not_before)}}));
        f.severity = diag::Severity::warning;
        f.location = where;
    }
}

}  // namespace

VerifyResult verify_message(saml::Message& m, const TrustStore& trust, const VerifyOptions& opts) {
    VerifyResult out;
    auto& r = out.report;
    if (!check_document(m, r)) return out;
    bool any_in_scope = false;
    for (auto& s : m.signatures) {
        if (!in_scope(s.node, opts.scope)) continue;
        if (inside_advice(s.node)) continue;  // Advice is never consumed: its signatures are not ours to judge
        any_in_scope = true;
        s.verified = false;
        bool sha1 = false;
        if (!check_signature(m, s, r, sha1)) continue;
        std::vector<const TrustedKey*> keys;
        // The trusted key whose certificate is the embedded one goes first (a hint only: every
        // trusted key is still tried), so a rotated key costs one RSA operation, not two.
        for (const auto& k : trust.keys) {
            if (s.cert && k.cert.sha256 == s.cert->sha256) keys.insert(keys.begin(), &k);
            else keys.push_back(&k);
        }
        {
            xmlNode* cert_text = xml::first_child(xml::first_child(xml::first_child(s.node, xml::kDs, "KeyInfo"), xml::kDs, "X509Data"), xml::kDs, "X509Certificate");
            if (cert_text && x509::is_base64_of_pem(xml::text(cert_text))) {
                r.add(diag::Code::cert_base64_of_pem, i18n::text(N_("the certificate in the signature on {} is base64 of PEM text (\"-----BEGIN CERTIFICATE-----…\"), not of DER; it was read anyway"), {{std::string(s.element)}}))
                    .location = xml::path(cert_text);
            }
        }
        std::optional<TrustedKey> embedded_pin = pinned_embedded(s, trust);
        if (embedded_pin) keys.push_back(&*embedded_pin);
        if (keys.empty() && s.cert) {
            std::string pins;
            for (const auto& fp : trust.fingerprints) pins += (pins.empty() ? "" : "; ") + fp.text();
            auto& f = r.add(diag::Code::untrusted_cert, i18n::text(N_("the signature on {} carries a certificate that matches no --fingerprint: {}"), {{std::string(s.element)}, describe_cert(*s.cert)}));
            f.expected = pins;
            f.observe(describe_cert(*s.cert));
            f.location = xml::path(s.node);
            continue;
        }
        if (keys.empty()) {
            r.add(diag::Code::no_trusted_cert, trust.fingerprints.empty() ? i18n::text(N_("no trusted certificate to verify with"))
                                                                          : i18n::text(N_("the embedded certificate does not match any --fingerprint")))
                .location = xml::path(s.node);
            continue;
        }
        const TrustedKey* winner = nullptr;
        RawResult last;
        bool digest_failed = false;
        for (const TrustedKey* k : keys) {
            last = verify_with_key(s.node, k->public_key.get(), true, true);
            if (last.verdict == RawVerdict::valid) {
                winner = k;
                break;
            }
            digest_failed = digest_failed || last.verdict == RawVerdict::digest_mismatch;
            if (last.verdict == RawVerdict::refused || last.verdict == RawVerdict::not_bound) break;
        }
        if (winner) {
            s.verified = true;
            s.signed_bytes = std::move(last.pre_digest);  // what signed_assertion() re-reads: no second verification
            const diag::Text by = winner->verified_by();
            s.verified_by = by.en;
            s.verified_by_ja = by.ja;
            if (sha1) {
                auto& f = r.add(diag::Code::weak_algorithm, i18n::text(N_("the signature on {} uses SHA-1 ({})"), {{std::string(s.element)}, {std::string(s.signature_algorithm)}}));
                f.actual = s.signature_algorithm;
                f.expected = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
                f.location = xml::path(s.node);
            }
            validity_warnings(*winner, opts.now, xml::path(s.node), r);
            if (s.parent == m.root && m.type == saml::MessageType::response) out.response_verified = true;
            else out.assertion_verified = true;
            continue;
        }
        if (last.verdict == RawVerdict::not_bound) {
            auto& f = r.add(diag::Code::signature_wrapping, i18n::text(N_("the signature on {} verifies, but over other content than {} itself: {}"),
                                                                       {{s.element}, {s.element}, last.detail}));
            f.location = xml::path(s.node);
            continue;
        }
        if (last.verdict == RawVerdict::refused) {
            auto& f = r.add(diag::Code::invalid_signature_profile, i18n::text(N_("the signature on {} was refused: {}"), {{std::string(s.element)}, last.detail}));
            f.location = xml::path(s.node);
            continue;
        }
        if (digest_failed) {
            r.add(diag::Code::digest_mismatch, i18n::text(N_("the content of {} was changed after it was signed (digest mismatch)"), {{std::string(s.element)}})).location = xml::path(s.node);
            continue;
        }
        // No trusted key fits. Did the embedded certificate sign it? Then the signer is simply not trusted.
        bool embedded_signed = false;
        if (s.cert) {
            xmlNode* cert = xml::first_child(xml::first_child(xml::first_child(s.node, xml::kDs, "KeyInfo"), xml::kDs, "X509Data"), xml::kDs, "X509Certificate");
            if (auto der = x509::parse_base64_der(xml::text(cert))) {
                EVP_PKEY* pub = X509_get0_pubkey(der->get());
                embedded_signed = pub && verify_with_key(s.node, pub, true).verdict == RawVerdict::valid;
            }
        }
        if (embedded_signed) {
            diag::Text trusted;
            for (const auto& k : trust.keys) trusted = trusted.empty() ? describe_cert(k.cert) : i18n::text(N_("{}; {}"), {trusted, describe_cert(k.cert)});
            auto& f = r.add(diag::Code::untrusted_cert, i18n::text(N_("the signature on {} was made by a certificate that is not trusted: {}"), {{std::string(s.element)}, describe_cert(*s.cert)}));
            f.observe(describe_cert(*s.cert));
            if (trusted.empty()) f.expect(i18n::text(N_("a certificate pinned with --fingerprint")));
            else f.expect(trusted);
            // The fix depends on dates: an old capture predates the rotation, a new one follows it.
            const auto issued = util::parse_rfc3339(m.issue_instant);
            bool predates = issued && !trust.keys.empty(), rotated = !trust.keys.empty();
            for (const auto& k : trust.keys) {
                predates = predates && k.cert.not_before > *issued;
                rotated = rotated && s.cert->not_before > k.cert.not_before;
            }
            if (predates) {
                f.hint = i18n::text(N_("the message was issued {}, before the trusted certificate became valid: at that time the certificate in the message was the right one; test with a fresh login, or pass that older certificate with --idp-cert to judge this capture"), {{util::format_rfc3339(*issued)}});
            } else if (rotated) {
                f.hint = i18n::text(N_("the IdP signs with a newer certificate (valid from {}): the SP still trusts the old one; upload the new certificate to the SP or refresh its copy of the IdP metadata"), {{util::format_rfc3339(s.cert->not_before)}});
            }
            for (const auto& k : trust.keys) {
                if (k.cert.subject == s.cert->subject) {
                    const diag::Text same = i18n::text(N_(" (same subject as the trusted certificate but a different key: a rotated key or a look-alike)"));
                    f.message.en += same.en;
                    f.message.ja += same.ja;
                    break;
                }
            }
            f.location = xml::path(s.node);
        } else {
            r.add(diag::Code::invalid_signature, i18n::text(N_("the signature on {} does not verify with any trusted key ({} tried)"), {{std::string(s.element)}, {std::to_string(keys.size())}})).location = xml::path(s.node);
        }
    }
    (void)any_in_scope;
    for (const auto& a : m.assertions) {
        if (a.encrypted || !in_scope(a.node, opts.scope)) continue;
        bool own = false;
        for (const auto& s : m.signatures) own = own || (s.parent == a.node && s.verified.value_or(false));
        if (own || out.response_verified) out.trusted_assertion = &a;
    }
    return out;
}

}  // namespace ssoctl::dsig
