// Trust loop: each signature is tried with every trusted key; when none verifies, the embedded
// certificate is tried only to tell "signed by someone else" (untrusted_cert) from "broken".
#include "dsig/verify_message.hpp"

#include "dsig/profile.hpp"
#include "dsig/xmlsec_verify.hpp"
#include "util/strings.hpp"
#include "x509/cert.hpp"
#include "xml/node.hpp"

namespace ssoctl::dsig {
namespace {

std::string describe_cert(const x509::CertInfo& c) {
    return c.subject + ", sha256 " + x509::pretty_fingerprint(c.sha256) + ", sha1 thumbprint " + util::to_upper(c.sha1) + ", valid " + util::format_rfc3339(c.not_before) + " .. " +
           util::format_rfc3339(c.not_after);
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
        auto key = key_from_der("embedded certificate pinned by --fingerprint " + fp.algorithm + ":" + fp.hex.substr(0, 16) + "…", x509::der_of(der->get()));
        if (key) return std::move(*key);
    }
    return std::nullopt;
}

void validity_warnings(const TrustedKey& k, util::UnixTime now, const std::string& where, diag::Report& r) {
    if (!now) return;  // VerifyOptions::now = 0: validity not judged
    if (k.cert.not_after && k.cert.not_after < now) {
        auto& f = r.add(diag::Code::cert_expired, {"the trusted key that verified the signature (" + k.label + ", " + k.cert.subject + ") expired " + util::relative(k.cert.not_after, now),
                                                   "署名を検証した信頼済みの鍵（" + k.label + "、" + k.cert.subject + "）は " + util::relative_ja(k.cert.not_after, now) + "に期限切れです"},
                        {"metadata interop keeps accepting expired signing keys, but rotate it: publish a new certificate in the IdP and trust it here",
                         "メタデータ相互運用では期限切れの署名鍵も受け入れられますが、ローテーションしてください: IdP で新しい証明書を公開しここで信頼します"});
        f.severity = diag::Severity::warning;
        f.actual = util::format_rfc3339(k.cert.not_after);
        f.location = where;
    }
    if (k.cert.not_before && k.cert.not_before > now) {
        auto& f = r.add(diag::Code::cert_not_yet_valid, {"the trusted key that verified the signature (" + k.label + ") is valid only from " + util::format_rfc3339(k.cert.not_before),
                                                         "署名を検証した信頼済みの鍵（" + k.label + "）の有効期間は " + util::format_rfc3339(k.cert.not_before) + " からです"});
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
                r.add(diag::Code::cert_base64_of_pem, {"the certificate in the signature on " + s.element + " is base64 of PEM text (\"-----BEGIN CERTIFICATE-----…\"), not of DER; it was read anyway",
                                                       s.element + " の署名内の証明書は DER ではなく PEM テキストの base64 です（読み取りは行いました）"})
                    .location = xml::path(cert_text);
            }
        }
        std::optional<TrustedKey> embedded_pin = pinned_embedded(s, trust);
        if (embedded_pin) keys.push_back(&*embedded_pin);
        if (keys.empty() && s.cert) {
            std::string pins;
            for (const auto& fp : trust.fingerprints) pins += (pins.empty() ? "" : "; ") + fp.text();
            auto& f = r.add(diag::Code::untrusted_cert, {"the signature on " + s.element + " carries a certificate that matches no --fingerprint: " + describe_cert(*s.cert),
                                                         s.element + " の署名に含まれる証明書はどの --fingerprint とも一致しません: " + describe_cert(*s.cert)});
            f.expected = pins;
            f.actual = describe_cert(*s.cert);
            f.location = xml::path(s.node);
            continue;
        }
        if (keys.empty()) {
            r.add(diag::Code::no_trusted_cert, {trust.fingerprints.empty() ? "no trusted certificate to verify with" : "the embedded certificate does not match any --fingerprint",
                                                trust.fingerprints.empty() ? "検証に使う信頼済み証明書がありません" : "埋め込み証明書がどの --fingerprint とも一致しません"}).location = xml::path(s.node);
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
            s.verified_by = winner->label + ", " + winner->cert.subject + ", expires " + util::format_rfc3339(winner->cert.not_after);
            if (sha1) {
                auto& f = r.add(diag::Code::weak_algorithm, {"the signature on " + s.element + " uses SHA-1 (" + s.signature_algorithm + ")", s.element + " の署名が SHA-1 を使っています（" + s.signature_algorithm + "）"});
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
            auto& f = r.add(diag::Code::signature_wrapping, {"the signature on " + s.element + " verifies, but over other content than " + s.element + " itself: " + last.detail,
                                                             s.element + " の署名は検証できますが、署名されたのは " + s.element + " 自体ではない内容です"});
            f.location = xml::path(s.node);
            continue;
        }
        if (last.verdict == RawVerdict::refused) {
            auto& f = r.add(diag::Code::invalid_signature_profile, {"the signature on " + s.element + " was refused: " + last.detail, s.element + " の署名は拒否されました: " + last.detail});
            f.location = xml::path(s.node);
            continue;
        }
        if (digest_failed) {
            r.add(diag::Code::digest_mismatch, {"the content of " + s.element + " was changed after it was signed (digest mismatch)", s.element + " の内容が署名後に変更されています（ダイジェスト不一致）"}).location = xml::path(s.node);
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
            std::string trusted;
            for (const auto& k : trust.keys) trusted += (trusted.empty() ? "" : "; ") + describe_cert(k.cert);
            auto& f = r.add(diag::Code::untrusted_cert, {"the signature on " + s.element + " was made by a certificate that is not trusted: " + describe_cert(*s.cert),
                                                         s.element + " の署名は信頼されていない証明書で作成されています: " + describe_cert(*s.cert)});
            f.actual = describe_cert(*s.cert);
            f.expected = trusted.empty() ? "a certificate pinned with --fingerprint" : trusted;
            // The fix depends on dates: an old capture predates the rotation, a new one follows it.
            const auto issued = util::parse_rfc3339(m.issue_instant);
            bool predates = issued && !trust.keys.empty(), rotated = !trust.keys.empty();
            for (const auto& k : trust.keys) {
                predates = predates && k.cert.not_before > *issued;
                rotated = rotated && s.cert->not_before > k.cert.not_before;
            }
            if (predates) {
                f.hint = {"the message was issued " + util::format_rfc3339(*issued) + ", before the trusted certificate became valid: at that time the certificate in the message was the right one; test with a fresh login, or pass that older certificate with --idp-cert to judge this capture",
                          "メッセージの発行（" + util::format_rfc3339(*issued) + "）は信頼済み証明書の有効開始より前です。当時はメッセージ内の証明書が正しいものでした。新しいログインで確認するか、この古い証明書を --idp-cert で指定してください"};
            } else if (rotated) {
                f.hint = {"the IdP signs with a newer certificate (valid from " + util::format_rfc3339(s.cert->not_before) + "): the SP still trusts the old one; upload the new certificate to the SP or refresh its copy of the IdP metadata",
                          "IdP は新しい証明書（" + util::format_rfc3339(s.cert->not_before) + " から有効）で署名しています。SP は古い証明書を信頼したままです。新しい証明書を SP にアップロードするか、IdP メタデータを更新してください"};
            }
            for (const auto& k : trust.keys) {
                if (k.cert.subject == s.cert->subject) {
                    f.message.en += " (same subject as the trusted certificate but a different key: a rotated key or a look-alike)";
                    f.message.ja += "（信頼済み証明書と同じサブジェクトですが鍵が異なります。ローテーション後の鍵か、なりすましです）";
                    break;
                }
            }
            f.location = xml::path(s.node);
        } else {
            r.add(diag::Code::invalid_signature, {"the signature on " + s.element + " does not verify with any trusted key (" + std::to_string(keys.size()) + " tried)",
                                                  s.element + " の署名はどの信頼済みの鍵でも検証できません（" + std::to_string(keys.size()) + " 個を試行）"}).location = xml::path(s.node);
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
