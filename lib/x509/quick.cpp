// A minimal DER walk over tbsCertificate: names, serial, validity, key and signature algorithm.
// Anything unusual makes the walk give up so that OpenSSL decides (never a wrong answer, only a slower one).
#include "x509/quick.hpp"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <array>
#include <cstdint>
#include <vector>

#include "util/strings.hpp"

namespace ssoctl::x509 {
namespace {

struct Tlv {
    uint8_t tag = 0;
    std::string_view value;  // contents
    std::string_view whole;  // tag + length + contents
};

/** Reads one TLV from the front of `in`; only single-byte tags and definite lengths. */
bool next(std::string_view& in, Tlv& out) {
    if (in.size() < 2) return false;
    const auto* p = reinterpret_cast<const uint8_t*>(in.data());
    const uint8_t tag = p[0];
    if ((tag & 0x1f) == 0x1f) return false;
    size_t len = p[1];
    size_t header = 2;
    if (len & 0x80) {
        const size_t n = len & 0x7f;
        if (n == 0 || n > 4 || in.size() < 2 + n) return false;
        if (p[2] == 0) return false;  // not the shortest form: DER forbids it, let OpenSSL judge
        len = 0;
        for (size_t i = 0; i < n; ++i) len = (len << 8) | p[2 + i];
        if (len < 0x80) return false;
        header += n;
    }
    if (in.size() - header < len) return false;
    out.tag = tag;
    out.value = in.substr(header, len);
    out.whole = in.substr(0, header + len);
    in.remove_prefix(header + len);
    return true;
}

bool expect(std::string_view& in, uint8_t tag, Tlv& out) { return next(in, out) && out.tag == tag; }

constexpr uint8_t kSeq = 0x30, kSet = 0x31, kInt = 0x02, kOid = 0x06, kBits = 0x03, kNull = 0x05, kBool = 0x01, kOctets = 0x04;

/** A positive INTEGER in its shortest form (what every sane encoder writes). */
bool positive_int(const Tlv& t) {
    const std::string_view v = t.value;
    if (t.tag != kInt || v.empty() || (static_cast<uint8_t>(v[0]) & 0x80)) return false;
    if (v.size() > 1 && v[0] == 0 && !(static_cast<uint8_t>(v[1]) & 0x80)) return false;
    return !(v.size() == 1 && v[0] == 0);
}

bool valid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const auto b = static_cast<uint8_t>(s[i]);
        size_t n = 0;
        uint32_t cp = 0;
        if (b < 0x80) {
            ++i;
            continue;
        }
        if (b >= 0xC2 && b < 0xE0) n = 1, cp = b & 0x1Fu;
        else if (b >= 0xE0 && b < 0xF0) n = 2, cp = b & 0x0Fu;
        else if (b >= 0xF0 && b < 0xF5) n = 3, cp = b & 0x07u;
        else return false;
        if (i + n >= s.size()) return false;
        for (size_t k = 1; k <= n; ++k) {
            const auto c = static_cast<uint8_t>(s[i + k]);
            if ((c & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (c & 0x3Fu);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp < 0xE000)) return false;
        i += n + 1;
    }
    return true;
}
bool digits(std::string_view s, size_t pos, size_t n, int& out) {
    out = 0;
    for (size_t i = 0; i < n; ++i) {
        const char c = s[pos + i];
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    return true;
}

/** UTCTime YYMMDDHHMMSSZ or GeneralizedTime YYYYMMDDHHMMSSZ (the forms RFC 5280 allows). */
bool parse_time(const Tlv& t, util::UnixTime& out) {
    const std::string_view s = t.value;
    int year = 0;
    size_t pos = 0;
    if (t.tag == 0x17 && s.size() == 13) {
        if (!digits(s, 0, 2, year)) return false;
        year += year >= 50 ? 1900 : 2000;
        pos = 2;
    } else if (t.tag == 0x18 && s.size() == 15) {
        if (!digits(s, 0, 4, year)) return false;
        pos = 4;
    } else {
        return false;
    }
    int mo = 0, d = 0, h = 0, mi = 0, se = 0;
    if (s.back() != 'Z' || !digits(s, pos, 2, mo) || !digits(s, pos + 2, 2, d) || !digits(s, pos + 4, 2, h) ||
        !digits(s, pos + 6, 2, mi) || !digits(s, pos + 8, 2, se)) {
        return false;
    }
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59) return false;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (d > kDays[mo - 1] + (mo == 2 && leap ? 1 : 0)) return false;
    out = util::days_from_civil(year, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + se;
    return true;
}

struct OidName {
    std::string_view der;  // OID contents
    std::string_view name;
};

using namespace std::string_view_literals;

constexpr std::array kAttrNames{
    OidName{"\x55\x04\x03"sv, "CN"}, OidName{"\x55\x04\x04"sv, "SN"}, OidName{"\x55\x04\x05"sv, "serialNumber"},
    OidName{"\x55\x04\x06"sv, "C"}, OidName{"\x55\x04\x07"sv, "L"}, OidName{"\x55\x04\x08"sv, "ST"},
    OidName{"\x55\x04\x09"sv, "street"}, OidName{"\x55\x04\x0a"sv, "O"}, OidName{"\x55\x04\x0b"sv, "OU"},
    OidName{"\x55\x04\x0c"sv, "title"}, OidName{"\x55\x04\x11"sv, "postalCode"}, OidName{"\x55\x04\x2a"sv, "GN"},
    OidName{"\x2a\x86\x48\x86\xf7\x0d\x01\x09\x01"sv, "emailAddress"},
    OidName{"\x09\x92\x26\x89\x93\xf2\x2c\x64\x01\x19"sv, "DC"},
    OidName{"\x09\x92\x26\x89\x93\xf2\x2c\x64\x01\x01"sv, "UID"},
};

constexpr std::array kSigNames{
    OidName{"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b"sv, "sha256WithRSAEncryption"},
    OidName{"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0c"sv, "sha384WithRSAEncryption"},
    OidName{"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0d"sv, "sha512WithRSAEncryption"},
    OidName{"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0e"sv, "sha224WithRSAEncryption"},
    OidName{"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x05"sv, "sha1WithRSAEncryption"},
    OidName{"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x04"sv, "md5WithRSAEncryption"},
    OidName{"\x2a\x86\x48\xce\x3d\x04\x03\x02"sv, "ecdsa-with-SHA256"},
    OidName{"\x2a\x86\x48\xce\x3d\x04\x03\x03"sv, "ecdsa-with-SHA384"},
    OidName{"\x2a\x86\x48\xce\x3d\x04\x03\x04"sv, "ecdsa-with-SHA512"},
    OidName{"\x2a\x86\x48\xce\x3d\x04\x01"sv, "ecdsa-with-SHA1"},
    OidName{"\x2b\x65\x70"sv, "ED25519"},
    OidName{"\x2b\x65\x71"sv, "ED448"},
};

template <size_t N>
std::string_view lookup(const std::array<OidName, N>& table, std::string_view oid) {
    for (const auto& e : table) {
        if (e.der == oid) return e.name;
    }
    return {};
}

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xc0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xe0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    }
}

/** One attribute value as OpenSSL's XN_FLAG_RFC2253 (without ESC_MSB) prints it. */
bool append_value(std::string& out, const Tlv& v) {
    std::string text;
    switch (v.tag) {
        case 0x0c:  // UTF8String
            for (unsigned char c : v.value) {
                if (c == 0) return false;
            }
            if (!valid_utf8(v.value)) return false;
            text = v.value;
            break;
        case 0x13: case 0x16:  // PrintableString, IA5String
            for (unsigned char c : v.value) {
                if (c >= 0x80) return false;
            }
            text = v.value;
            break;
        case 0x14:  // T61String: OpenSSL reads it as Latin-1
            for (unsigned char c : v.value) append_utf8(text, c);
            break;
        case 0x1e:  // BMPString
            if (v.value.size() % 2) return false;
            for (size_t i = 0; i < v.value.size(); i += 2) {
                const uint32_t cp = (static_cast<uint8_t>(v.value[i]) << 8) | static_cast<uint8_t>(v.value[i + 1]);
                if (cp >= 0xd800 && cp < 0xe000) return false;
                append_utf8(text, cp);
            }
            break;
        default:
            return false;
    }
    for (size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        const bool first = i == 0, last = i + 1 == text.size();
        if (c < 0x20 || c == 0x7f) {
            // OpenSSL compares names case- and whitespace-folded; a control character (tab, newline)
            // folds to a space there but is escaped here: the issuer/subject comparison would differ.
            if (c != 0x7f) return false;
            static const char* hexd = "0123456789ABCDEF";
            out += '\\';
            out += hexd[c >> 4];
            out += hexd[c & 0xf];
            continue;
        }
        if (c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>' || c == ';' || (first && (c == '#' || c == ' ')) ||
            (last && c == ' ')) {
            out += '\\';
        }
        out += static_cast<char>(c);
    }
    return true;
}

/** Name -> "CN=a,O=b" (RDNs reversed, '+' inside a multi-valued RDN), or false when unusual. */
bool name_line(std::string_view name, std::string& out) {
    std::vector<std::string> rdns;
    Tlv rdn;
    while (!name.empty()) {
        if (!expect(name, kSet, rdn)) return false;
        std::string part;
        std::string_view atvs = rdn.value;
        if (atvs.empty()) return false;
        Tlv atv;
        while (!atvs.empty()) {
            if (!expect(atvs, kSeq, atv)) return false;
            std::string_view body = atv.value;
            Tlv oid, value;
            if (!expect(body, kOid, oid) || !next(body, value) || !body.empty()) return false;
            const std::string_view sn = lookup(kAttrNames, oid.value);
            if (sn.empty()) return false;
            if (!part.empty()) part += '+';
            part += sn;
            part += '=';
            if (!append_value(part, value)) return false;
        }
        rdns.push_back(std::move(part));
    }
    out.clear();
    for (auto it = rdns.rbegin(); it != rdns.rend(); ++it) {
        if (!out.empty()) out += ',';
        out += *it;
    }
    return true;
}

int bit_length(std::string_view magnitude) {
    size_t i = 0;
    while (i < magnitude.size() && magnitude[i] == 0) ++i;
    if (i == magnitude.size()) return 0;
    int bits = static_cast<int>((magnitude.size() - i) * 8);
    for (uint8_t top = static_cast<uint8_t>(magnitude[i]); !(top & 0x80); top <<= 1) --bits;
    return bits;
}

bool read_key(std::string_view spki, CertInfo& info) {
    Tlv alg, bits;
    if (!expect(spki, kSeq, alg) || !expect(spki, kBits, bits)) return false;
    std::string_view a = alg.value;
    Tlv oid, params;
    if (!expect(a, kOid, oid)) return false;
    const bool has_params = next(a, params);
    if (oid.value == "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01"sv) {  // rsaEncryption: RSAPublicKey {n, e}, parameters NULL
        if (!has_params || params.tag != kNull || !params.value.empty() || !a.empty() || !spki.empty()) return false;
        std::string_view key = bits.value;
        if (key.empty() || key[0] != 0) return false;
        key.remove_prefix(1);
        Tlv seq, n, e;
        if (!expect(key, kSeq, seq) || !key.empty()) return false;
        std::string_view body = seq.value;
        if (!next(body, n) || !next(body, e) || !body.empty() || !positive_int(n) || !positive_int(e)) return false;
        info.key_type = "RSA";
        info.key_bits = bit_length(n.value);
        return info.key_bits >= 256 && info.key_bits <= 8192;
    }
    // Other keys: OpenSSL decodes the SubjectPublicKeyInfo alone (it checks that an EC point is on
    // its curve), which is what d2i_X509 does, at a fraction of its cost.
    return false;
}

bool read_other_key(std::string_view spki_whole, CertInfo& info) {
    const auto* p = reinterpret_cast<const unsigned char*>(spki_whole.data());
    EVP_PKEY* key = d2i_PUBKEY(nullptr, &p, static_cast<long>(spki_whole.size()));
    if (!key) return false;
    const int bits = EVP_PKEY_get_bits(key);
    const int id = EVP_PKEY_get_base_id(key);
    EVP_PKEY_free(key);
    if (p != reinterpret_cast<const unsigned char*>(spki_whole.data() + spki_whole.size())) return false;
    switch (id) {
        case EVP_PKEY_EC: info.key_type = "EC"; break;
        case EVP_PKEY_ED25519: info.key_type = "Ed25519"; break;
        case EVP_PKEY_ED448: info.key_type = "Ed448"; break;
        default: return false;
    }
    info.key_bits = bits;
    return bits > 0;
}

/** The key type a signature algorithm needs (OpenSSL's check_sig_alg_match in X509_check_issued). */
std::string_view key_type_of(std::string_view sig_alg) {
    if (sig_alg.find("RSAEncryption") != std::string_view::npos) return "RSA";
    if (sig_alg.rfind("ecdsa-", 0) == 0) return "EC";
    if (sig_alg == "ED25519") return "Ed25519";
    if (sig_alg == "ED448") return "Ed448";
    return {};
}

/** Lower-cased, whitespace- and backslash-free: names OpenSSL would call equal (X509_NAME_cmp on
 *  the canonical encoding) always have equal folded lines. */
std::string folded(std::string_view line) {
    std::string out;
    for (char c : line) {
        if (c == ' ' || c == '\\') continue;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

/** An OBJECT IDENTIFIER body OpenSSL decodes: no 0x80-padded subidentifier, a complete last one. */
bool oid_ok(std::string_view v) {
    if (v.empty() || (static_cast<uint8_t>(v.back()) & 0x80)) return false;
    bool start = true;
    for (char ch : v) {
        const auto b = static_cast<uint8_t>(ch);
        if (start && b == 0x80) return false;
        start = !(b & 0x80);
    }
    return true;
}

/** What X509_check_issued(cert, cert) reads from the extensions, for the few extensions a
 *  self-signed SAML certificate carries; `known` is false for anything else (OpenSSL decides). */
struct SelfIssue {
    bool known = true;
    std::string_view skid, akid_keyid;
    bool has_skid = false, has_akid = false;
    bool has_key_usage = false, cert_sign = false;
};

/** Extensions [3] { SEQUENCE OF Extension {OID, critical BOOLEAN TRUE?, OCTET STRING} }. */
bool extensions_ok(const Tlv& wrapper, SelfIssue& si) {
    std::string_view w = wrapper.value;
    Tlv list;
    if (!expect(w, kSeq, list) || !w.empty() || list.value.empty()) return false;
    std::string_view l = list.value;
    std::vector<std::string_view> seen;
    while (!l.empty()) {
        Tlv ext, oid, x;
        if (!expect(l, kSeq, ext)) return false;
        std::string_view e = ext.value;
        if (!expect(e, kOid, oid) || !oid_ok(oid.value) || !next(e, x)) return false;
        if (x.tag == kBool) {
            if (x.value != "\xff"sv || !next(e, x)) return false;
        }
        if (x.tag != kOctets || !e.empty()) return false;
        for (auto o : seen) {
            if (o == oid.value) si.known = false;  // a repeated extension makes OpenSSL's cache invalid
        }
        seen.push_back(oid.value);
        std::string_view body = x.value;
        Tlv in;
        if (oid.value == "\x55\x1d\x0e"sv) {  // subjectKeyIdentifier: OCTET STRING
            if (!expect(body, kOctets, in) || !body.empty()) si.known = false;
            else si.skid = in.value, si.has_skid = true;
        } else if (oid.value == "\x55\x1d\x23"sv) {  // authorityKeyIdentifier: only the [0] keyIdentifier form
            Tlv keyid;
            std::string_view seq;
            if (!expect(body, kSeq, in) || !body.empty() || (seq = in.value, !next(seq, keyid)) || keyid.tag != 0x80 || !seq.empty()) {
                si.known = false;
            } else {
                si.has_akid = true;
                si.akid_keyid = keyid.value;
            }
        } else if (oid.value == "\x55\x1d\x13"sv) {  // basicConstraints: {} or {cA TRUE}, no pathLen
            if (!expect(body, kSeq, in) || !body.empty() || !(in.value.empty() || in.value == "\x01\x01\xff"sv)) si.known = false;
        } else if (oid.value == "\x55\x1d\x0f"sv) {  // keyUsage: BIT STRING, 1 or 2 bytes, some bit set
            if (!expect(body, kBits, in) || !body.empty() || in.value.size() < 2 || in.value.size() > 3 || static_cast<uint8_t>(in.value[0]) > 7) {
                si.known = false;
            } else {
                const auto unused = static_cast<uint8_t>(in.value[0]);
                uint8_t first = static_cast<uint8_t>(in.value[1]);
                uint8_t second = in.value.size() == 3 ? static_cast<uint8_t>(in.value[2]) : 0;
                if (in.value.size() == 2) first = static_cast<uint8_t>(first & (0xff << unused));
                else second = static_cast<uint8_t>(second & (0xff << unused));
                if (!first && !second) si.known = false;
                si.has_key_usage = true;
                si.cert_sign = (first & 0x04) != 0;
            }
        } else if (oid.value == "\x55\x1d\x25"sv) {  // extKeyUsage: SEQUENCE OF KeyPurposeId, at least one
            if (!expect(body, kSeq, in) || !body.empty() || in.value.empty()) {
                si.known = false;
            } else {
                for (std::string_view k = in.value; !k.empty();) {
                    Tlv purpose;
                    if (!expect(k, kOid, purpose) || !oid_ok(purpose.value)) {
                        si.known = false;
                        break;
                    }
                }
            }
        } else {
            si.known = false;
        }
    }
    return true;
}

}  // namespace

void sha256_raw(std::string_view bytes, unsigned char* out) {
    static EVP_MD* sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);  // explicit fetch: implicit ones cost a lookup per call
    unsigned int len = 0;
    EVP_Digest(bytes.data(), bytes.size(), out, &len, sha256, nullptr);
}

/** The SHA-1 thumbprint the Entra and ADFS consoles show, lower-case hex. */
std::string sha1_hex(std::string_view bytes) {
    static EVP_MD* sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
    unsigned char md[20];
    unsigned int len = 0;
    EVP_Digest(bytes.data(), bytes.size(), md, &len, sha1, nullptr);
    return util::hex(std::string_view(reinterpret_cast<char*>(md), sizeof md));
}

std::string sha256_hex(std::string_view bytes) {
    unsigned char md[32];
    sha256_raw(bytes, md);
    return util::hex(std::string_view(reinterpret_cast<char*>(md), sizeof md));
}

Result<CertInfo> walk_der(std::string_view der, std::string sha256) {
    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }.
    // Every field is checked as strictly as DER wants; anything else is "unusual" and goes to
    // OpenSSL, so the walk can only be faster than d2i_X509, never of a different opinion.
    const auto unusual = [] { return fail("malformed_input", "certificate not readable by the fast path"); };
    std::string_view in = der;
    Tlv cert, tbs, sig_alg, sig_value, tlv;
    if (!expect(in, kSeq, cert) || !in.empty()) return unusual();
    std::string_view c = cert.value;
    if (!expect(c, kSeq, tbs) || !expect(c, kSeq, sig_alg) || !expect(c, kBits, sig_value) || !c.empty()) return unusual();
    if (sig_value.value.size() < 2 || sig_value.value[0] != 0) return unusual();
    CertInfo info;
    std::string_view t = tbs.value;
    if (!next(t, tlv)) return unusual();
    bool v3 = false;
    if (tlv.tag == 0xa0) {  // version: v2 or v3 only (an explicit v1 is not DER)
        if (tlv.value != "\x02\x01\x01"sv && tlv.value != "\x02\x01\x02"sv) return unusual();
        v3 = tlv.value.back() == 2;
        if (!next(t, tlv)) return unusual();
    }
    if (!positive_int(tlv)) return unusual();  // negative, zero or padded serials: let OpenSSL say them
    std::string_view serial = tlv.value;
    if (serial.size() > 1 && serial[0] == 0) serial.remove_prefix(1);
    info.serial = util::hex(serial);
    Tlv inner_alg, issuer, validity, subject, spki;
    if (!expect(t, kSeq, inner_alg) || !expect(t, kSeq, issuer) || !expect(t, kSeq, validity) || !expect(t, kSeq, subject) ||
        !expect(t, kSeq, spki)) {
        return unusual();
    }
    SelfIssue self_issue;
    uint8_t last_tag = 0;
    while (!t.empty()) {  // issuerUniqueID [1], subjectUniqueID [2], extensions [3], in this order
        if (!next(t, tlv) || tlv.tag <= last_tag) return unusual();
        last_tag = tlv.tag;
        if (tlv.tag == 0xa3) {
            if (!v3 || !extensions_ok(tlv, self_issue)) return unusual();
        } else if (tlv.tag != 0x81 && tlv.tag != 0x82) {
            return unusual();
        }
    }
    if (inner_alg.whole != sig_alg.whole) return unusual();
    std::string_view v = validity.value;
    Tlv nb, na;
    if (!next(v, nb) || !next(v, na) || !v.empty() || !parse_time(nb, info.not_before) || !parse_time(na, info.not_after)) return unusual();
    if (!name_line(issuer.value, info.issuer) || !name_line(subject.value, info.subject)) return unusual();
    if (!read_key(spki.value, info) && !read_other_key(spki.whole, info)) return unusual();
    std::string_view sa = sig_alg.value;
    Tlv sig_oid, params;
    if (!expect(sa, kOid, sig_oid)) return unusual();
    info.signature_algorithm = lookup(kSigNames, sig_oid.value);
    if (info.signature_algorithm.empty()) return unusual();
    const bool rsa_sig = info.signature_algorithm.find("RSAEncryption") != std::string::npos;
    if (!sa.empty() && (!next(sa, params) || params.tag != kNull || !params.value.empty() || !sa.empty() || !rsa_sig)) return unusual();
    // self_signed is X509_check_issued(cert, cert): names equal as OpenSSL folds them, the AKID
    // keyIdentifier equal to the SKID when both are there, a key that fits the signature algorithm,
    // keyCertSign when keyUsage is present. Extensions the walk does not model go to OpenSSL.
    if (issuer.value == subject.value) {
        if (!self_issue.known) return unusual();
        const bool akid_ok = !self_issue.has_akid || !self_issue.has_skid || self_issue.akid_keyid == self_issue.skid;
        info.self_signed = akid_ok && key_type_of(info.signature_algorithm) == info.key_type && (!self_issue.has_key_usage || self_issue.cert_sign);
    } else {
        if (folded(info.issuer) == folded(info.subject)) return unusual();
        info.self_signed = false;
    }
    info.sha256 = sha256.empty() ? sha256_hex(der) : std::move(sha256);
    info.sha1 = sha1_hex(der);
    return info;
}

bool quick_agrees_with_openssl(std::string_view der) {
    auto walked = walk_der(der);
    if (!walked) return true;  // the walk claimed nothing: quick_describe asks OpenSSL
    auto cert = parse_der(der);
    if (!cert) return false;
    const CertInfo want = describe(cert->get());
    const CertInfo& got = *walked;
    return got.subject == want.subject && got.issuer == want.issuer && got.serial == want.serial && got.sha256 == want.sha256 && got.sha1 == want.sha1 &&
           got.not_before == want.not_before && got.not_after == want.not_after && got.key_type == want.key_type &&
           got.key_bits == want.key_bits && got.signature_algorithm == want.signature_algorithm && got.self_signed == want.self_signed;
}

Result<CertInfo> quick_describe(std::string_view der, std::string sha256) {
    if (auto walked = walk_der(der, std::move(sha256))) return walked;
    auto cert = parse_der(der);
    if (!cert) return tl::make_unexpected(cert.error());
    return describe(cert->get());
}

}  // namespace ssoctl::x509
