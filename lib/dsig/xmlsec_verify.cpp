// The xmlsec context, configured from research/security-anchors.md §2.4 line by line.
#include "dsig/xmlsec_verify.hpp"

#include <mutex>

#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/openssl/app.h>
#include <xmlsec/openssl/evp.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>

#include "dsig/binding.hpp"
#include "i18n/i18n.hpp"
#include "xml/document.hpp"
#include "xml/node.hpp"

namespace ssoctl::dsig {
namespace {

// xmlsec reports through a global callback; keep the first error of the current verification so
// a refusal can say what was refused instead of guessing.
thread_local std::string t_first_error;

void silent_errors(const char*, int, const char* func, const char* object, const char* subject, int, const char* msg) {
    if (!t_first_error.empty()) return;
    for (const char* part : {subject, object, func}) {
        if (part && *part) {
            t_first_error = part;
            break;
        }
    }
    if (msg && *msg) t_first_error += std::string(t_first_error.empty() ? "" : ": ") + msg;
}

bool g_ready = false;

struct DSigCtxFree {
    void operator()(xmlSecDSigCtx* c) const { xmlSecDSigCtxDestroy(c); }
};

}  // namespace

bool ensure_xmlsec() {
    static std::once_flag once;
    std::call_once(once, [] {
        xmlInitParser();
        if (xmlSecInit() < 0) return;
        if (xmlSecCheckVersion() != 1) return;
        if (xmlSecOpenSSLAppInit(nullptr) < 0) return;
        if (xmlSecOpenSSLInit() < 0) return;
        xmlSecErrorsSetCallback(silent_errors);
        g_ready = true;
    });
    xml::harden_globals();
    return g_ready;
}

RawResult verify_with_key(xmlNode* signature, EVP_PKEY* key, bool allow_sha1, bool keep_pre_digest) {
    RawResult out;
    if (!ensure_xmlsec()) {
        out.detail = i18n::text(N_("xmlsec could not be initialised"));
        return out;
    }
    std::unique_ptr<xmlSecDSigCtx, DSigCtxFree> ctx(xmlSecDSigCtxCreate(nullptr));
    if (!ctx) {
        out.detail = i18n::text(N_("cannot create a signature context"));
        return out;
    }
    EVP_PKEY_up_ref(key);
    xmlSecKeyDataPtr data = xmlSecOpenSSLEvpKeyAdopt(key);
    if (!data) {
        EVP_PKEY_free(key);
        out.detail = i18n::text(N_("unsupported key type"));
        return out;
    }
    xmlSecKeyPtr sec_key = xmlSecKeyCreate();
    if (!sec_key || xmlSecKeySetValue(sec_key, data) < 0) {
        if (sec_key) xmlSecKeyDestroy(sec_key);
        xmlSecKeyDataDestroy(data);
        out.detail = i18n::text(N_("cannot wrap the key"));
        return out;
    }
    ctx->signKey = sec_key;  // owned by the context; KeyInfo is never consulted
    ctx->flags |= XMLSEC_DSIG_FLAGS_IGNORE_MANIFESTS | XMLSEC_DSIG_FLAGS_STORE_SIGNEDINFO_REFERENCES;
    ctx->enabledReferenceUris = xmlSecTransformUriTypeSameDocument;
    ctx->transformCtx.enabledUris = xmlSecTransformUriTypeSameDocument;
    ctx->keyInfoReadCtx.retrievalMethodCtx.enabledUris = xmlSecTransformUriTypeNone;
    ctx->keyInfoReadCtx.maxRetrievalMethodLevel = 0;
    xmlSecPtrListAdd(&ctx->keyInfoReadCtx.enabledKeyData, BAD_CAST xmlSecKeyDataX509Id);

    bool ok = xmlSecDSigCtxEnableReferenceTransform(ctx.get(), xmlSecTransformEnvelopedId) >= 0 &&
              xmlSecDSigCtxEnableReferenceTransform(ctx.get(), xmlSecTransformExclC14NId) >= 0 &&
              xmlSecDSigCtxEnableReferenceTransform(ctx.get(), xmlSecTransformSha256Id) >= 0 &&
              xmlSecDSigCtxEnableReferenceTransform(ctx.get(), xmlSecTransformSha384Id) >= 0 &&
              xmlSecDSigCtxEnableReferenceTransform(ctx.get(), xmlSecTransformSha512Id) >= 0 &&
              xmlSecDSigCtxEnableSignatureTransform(ctx.get(), xmlSecTransformExclC14NId) >= 0 &&
              xmlSecDSigCtxEnableSignatureTransform(ctx.get(), xmlSecTransformRsaSha256Id) >= 0 &&
              xmlSecDSigCtxEnableSignatureTransform(ctx.get(), xmlSecTransformRsaSha384Id) >= 0 &&
              xmlSecDSigCtxEnableSignatureTransform(ctx.get(), xmlSecTransformRsaSha512Id) >= 0 &&
              xmlSecDSigCtxEnableSignatureTransform(ctx.get(), xmlSecTransformEcdsaSha256Id) >= 0 &&
              xmlSecDSigCtxEnableSignatureTransform(ctx.get(), xmlSecTransformEcdsaSha384Id) >= 0 &&
              xmlSecDSigCtxEnableSignatureTransform(ctx.get(), xmlSecTransformEcdsaSha512Id) >= 0;
    if (ok && allow_sha1) {
        ok = xmlSecDSigCtxEnableReferenceTransform(ctx.get(), xmlSecTransformSha1Id) >= 0 &&
             xmlSecDSigCtxEnableSignatureTransform(ctx.get(), xmlSecTransformRsaSha1Id) >= 0 &&
             xmlSecDSigCtxEnableSignatureTransform(ctx.get(), xmlSecTransformEcdsaSha1Id) >= 0;
    }
    if (!ok) {
        out.detail = i18n::text(N_("cannot configure the algorithm allow-list"));
        return out;
    }
    t_first_error.clear();
    const int rc = xmlSecDSigCtxVerify(ctx.get(), signature);
    if (rc < 0) {
        out.detail = t_first_error.empty() ? i18n::text(N_("xmlsec could not process the signature"))
                                           : i18n::text(N_("xmlsec could not process the signature ({})"), {{t_first_error, t_first_error}});
        return out;
    }
    const xmlSecSize refs = xmlSecPtrListGetSize(&ctx->signedInfoReferences);
    if (ctx->status == xmlSecDSigStatusSucceeded) {
        if (refs != 1) {
            const std::string n = std::to_string(refs);
            out.detail = i18n::text(N_("the signature has {} references, not one"), {{n, n}});
            return out;
        }
        auto* ref = static_cast<xmlSecDSigReferenceCtxPtr>(xmlSecPtrListGetItem(&ctx->signedInfoReferences, 0));
        const std::string id = xml::attr_or(signature->parent, "ID");
        const std::string expected = "#" + id;
        if (id.empty() || !ref || ref->status != xmlSecDSigStatusSucceeded || !ref->uri || expected != reinterpret_cast<const char*>(ref->uri)) {
            out.detail = i18n::text(N_("the reference does not point at the signed element"));
            return out;
        }
        xmlAttr* owner = xmlGetID(signature->doc, BAD_CAST id.c_str());
        if (!owner || owner->parent != signature->parent) {
            out.detail = i18n::text(N_("the reference ID resolves to another element"));
            return out;
        }
        xmlSecBufferPtr pre = xmlSecDSigReferenceCtxGetPreDigestBuffer(ref);
        if (!pre || xmlSecBufferGetSize(pre) == 0) {
            out.detail = i18n::text(N_("the canonical form of the signed element is empty"));
            return out;
        }
        // Bind by content: whatever node set the XPointer selected, the digested octets must be the
        // enclosing element itself (an ID like "a b" or "x') or id('y" selects other nodes).
        const std::string_view digested(reinterpret_cast<const char*>(xmlSecBufferGetData(pre)), xmlSecBufferGetSize(pre));
        const auto own = enveloped_c14n_of_parent(signature);
        if (!own || *own != digested) {
            out.verdict = RawVerdict::not_bound;
            out.detail = i18n::text(N_("the octets the Reference digested are not the element that holds the signature"));
            return out;
        }
        if (keep_pre_digest) out.pre_digest.assign(reinterpret_cast<const char*>(xmlSecBufferGetData(pre)), xmlSecBufferGetSize(pre));
        out.verdict = RawVerdict::valid;
        return out;
    }
    // Invalid: a failed reference means the content changed; otherwise the SignatureValue is wrong.
    for (xmlSecSize i = 0; i < refs; ++i) {
        auto* ref = static_cast<xmlSecDSigReferenceCtxPtr>(xmlSecPtrListGetItem(&ctx->signedInfoReferences, i));
        if (ref && ref->status != xmlSecDSigStatusSucceeded) {
            out.verdict = RawVerdict::digest_mismatch;
            return out;
        }
    }
    out.verdict = RawVerdict::bad_signature_value;
    return out;
}

}  // namespace ssoctl::dsig
