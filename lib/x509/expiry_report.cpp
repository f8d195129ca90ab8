// Renderers for cert-expiry; each one is a pure function of ExpiryRun so the formats always agree.
#include "x509/expiry_report.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <sstream>

#include "util/strings.hpp"
#include "util/width.hpp"
#include "util/time.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::x509 {
namespace {

std::string xml_escape(std::string_view s) {
    std::string out;
    for (char c : util::visible(s)) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string prom_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

/** The code points of UTF-8 `s`, each as its bytes. */
std::vector<std::string> code_points(std::string_view s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xc0) == 0x80 && !out.empty()) out.back() += s[i];
        else out.emplace_back(1, s[i]);
    }
    return out;
}

/** `s` cut on the right to `cols` terminal columns, "…" marking the cut. */
std::string cut_right(std::string_view s, size_t cols) {
    if (util::display_width(s) <= cols) return std::string(s);
    std::string out;
    size_t w = 0;
    for (const auto& cp : code_points(s)) {
        const size_t cw = util::display_width(cp);
        if (w + cw + 1 > cols) break;
        out += cp;
        w += cw;
    }
    return out + "…";
}

/** `s` cut on the left to `cols` terminal columns, "…" marking the cut. */
std::string cut_left(std::string_view s, size_t cols) {
    if (util::display_width(s) <= cols) return std::string(s);
    const auto cps = code_points(s);
    std::string out;
    size_t w = 0;
    for (auto it = cps.rbegin(); it != cps.rend(); ++it) {
        const size_t cw = util::display_width(*it);
        if (w + cw + 1 > cols) break;
        out.insert(0, *it);
        w += cw;
    }
    while (!out.empty() && (out[0] == ' ' || out[0] == ',')) out.erase(0, 1);
    return "…" + out;
}

std::string pad_left(const std::string& s, size_t width) {
    const size_t w = util::display_width(s);
    return w >= width ? s : std::string(width - w, ' ') + s;
}

constexpr size_t kMinRest = 8;  // a rest of the subject narrower than this is left out

/** The subject with its CN first, the part people search for: "CN=idp.example.com C=JP,O=Example".
 *  Fitted to `cols`, the rest is cut from the left so that the CN stays whole as long as it fits. */
std::string subject_cell(const std::string& subject, size_t cols) {
    std::string cn, rest;
    for (const auto& part : util::split(subject, ',')) {
        if (cn.empty() && util::starts_with(part, "CN=")) {
            cn = std::string(part);
        } else {
            if (!rest.empty()) rest += ',';
            rest += part;
        }
    }
    if (cn.empty()) return cut_left(subject, cols);
    if (rest.empty()) return cut_right(cn, cols);
    const size_t cn_w = util::display_width(cn);
    if (cn_w + 1 + kMinRest > cols) return cut_right(cn, cols);
    return cn + " " + cut_left(rest, cols - cn_w - 1);
}

std::string status_word(Status s, diag::Lang lang) {
    switch (s) {
        case Status::ok: return i18n::tr("ok", lang);
        case Status::expiring: return i18n::tr("expiring", lang);
        case Status::expired: return i18n::tr("expired", lang);
        case Status::not_yet_valid: return i18n::tr("not_yet_valid", lang);
    }
    return {};
}


}  // namespace

size_t ExpiryRun::count(Status s) const {
    return static_cast<size_t>(std::count_if(certs.begin(), certs.end(), [s](const Checked& c) { return c.status == s; }));
}

size_t ExpiryRun::weak_count() const {
    return static_cast<size_t>(std::count_if(certs.begin(), certs.end(), [](const Checked& c) { return !c.weak.empty(); }));
}

diag::Text where(const CertEntry& e) {
    if (e.kind == "metadata") {
        // "idp signing", 「IdP 署名用」: the role descriptor and the KeyDescriptor's use
        const diag::Text role{e.role, e.role == "idp" ? "IdP" : e.role == "sp" ? "SP" : e.role};
        const diag::Text use = e.use == "signing"      ? i18n::text(N_("signing"))
                               : e.use == "encryption" ? i18n::text(N_("encryption"))
                               : e.use.empty()         ? i18n::text(N_("signing+encryption"))
                                                       : diag::Text{e.use, e.use};
        return i18n::text(N_("{} entity '{}' {} {}"), {{e.source, e.source}, {e.entity_id, e.entity_id}, role, use});
    }
    if (e.kind == "tls") {
        const std::string at = e.source + " chain[" + std::to_string(e.chain_index) + "]";
        return {at, at};
    }
    return {e.source, e.source};
}

ExpiryRun check_all(const Collector& collector, const Policy& policy, std::vector<TargetFailure> failures) {
    ExpiryRun run;
    run.policy = policy;
    run.failures = std::move(failures);
    run.unique = collector.unique();
    const auto& entries = collector.entries();
    run.certs.reserve(entries.size());
    // Rotation: entries of one metadata entity are contiguous; look for a successor among them.
    for (size_t i = 0; i < entries.size();) {
        size_t j = i + 1;
        while (j < entries.size() && entries[j].kind == "metadata" && entries[i].kind == "metadata" && entries[j].source == entries[i].source &&
               entries[j].entity_id == entries[i].entity_id) {
            ++j;
        }
        for (size_t k = i; k < j; ++k) {
            const CertEntry& e = entries[k];
            Checked c;
            c.entry = &e;
            c.status = status_of(*e.info, policy);
            c.days = days_left(*e.info, policy.now);
            c.weak = weakness(*e.info);
            if (e.kind == "metadata" && j - i > 1 && (c.status == Status::expiring || c.status == Status::expired)) {
                std::vector<const CertInfo*> peers;
                for (size_t m = i; m < j; ++m) {
                    const CertEntry& o = entries[m];
                    const bool same_use = o.use == e.use || o.use.empty() || e.use.empty();
                    if (m != k && o.role == e.role && same_use) peers.push_back(o.info.get());
                }
                c.successor = successor(*e.info, peers, policy);
            }
            run.certs.push_back(std::move(c));
        }
        i = j;
    }
    std::stable_sort(run.certs.begin(), run.certs.end(), [](const Checked& a, const Checked& b) {
        if (a.entry->info->not_after != b.entry->info->not_after) return a.entry->info->not_after < b.entry->info->not_after;
        if (a.entry->source != b.entry->source) return a.entry->source < b.entry->source;
        return a.entry->info->subject < b.entry->info->subject;
    });
    for (auto& c : run.certs) {
        const size_t first = run.report.findings().size();
        evaluate(*c.entry->info, policy, label(*c.entry->info), where(*c.entry), run.report);
        for (size_t i = first; i < run.report.findings().size(); ++i) {
            auto& f = run.report.findings()[i];
            if (c.successor && (f.code == diag::Code::cert_expiring || f.code == diag::Code::cert_expired)) {
                f.hint = rotation_hint(*c.successor);
            }
            c.findings.push_back(i);
        }
    }
    for (const auto& t : run.failures) {
        auto& f = run.report.add(t.error);
        f.location = t.target;
        f.hint = i18n::text(N_("check that the target exists and is a PEM, DER or PKCS#12 file, a directory, SAML metadata, or a reachable URL or host"));
    }
    return run;
}

nlohmann::json certificate_json(const Checked& c) {
    const CertEntry& e = *c.entry;
    const CertInfo& i = *e.info;
    auto opt = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
    nlohmann::json j = {
        {"source", e.source},
        {"kind", e.kind},
        {"entity_id", e.kind == "metadata" ? nlohmann::json(e.entity_id) : nlohmann::json(nullptr)},
        {"role", opt(e.role)},
        {"use", e.kind == "metadata" ? nlohmann::json(e.use.empty() ? "both" : e.use) : nlohmann::json(nullptr)},
        {"subject", i.subject},
        {"issuer", i.issuer},
        {"serial", i.serial},
        {"sha256", i.sha256},
        {"sha1", i.sha1},
        {"not_before", util::format_rfc3339(i.not_before)},
        {"not_after", util::format_rfc3339(i.not_after)},
        {"days_left", c.days},
        {"key_type", i.key_type},
        {"key_bits", i.key_bits},
        {"signature_algorithm", i.signature_algorithm},
        {"self_signed", i.self_signed},
        {"status", status_name(c.status)},
        {"weak", c.weak.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.weak)},
        {"rotation_successor", c.successor ? nlohmann::json(c.successor->sha256) : nlohmann::json(nullptr)},
    };
    if (e.kind == "tls") j["chain_index"] = e.chain_index;
    if (e.line) j["line"] = e.line;
    return j;
}

void junit(std::ostream& os, const ExpiryRun& run, diag::Lang lang) {
    std::map<std::string, std::vector<const Checked*>> suites;
    for (const auto& c : run.certs) suites[c.entry->source].push_back(&c);
    const auto failed = [&](const Checked& c) {
        for (size_t i : c.findings) {
            if (run.report.findings()[i].severity == diag::Severity::error) return true;
        }
        return false;
    };
    const auto failures = static_cast<size_t>(std::count_if(run.certs.begin(), run.certs.end(), failed));
    os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    os << "<testsuites name=\"ssoctl cert-expiry\" tests=\"" << run.certs.size() + run.failures.size() << "\" failures=\"" << failures
       << "\" errors=\"" << run.failures.size() << "\">\n";
    for (const auto& [source, certs] : suites) {
        const auto suite_failures = static_cast<size_t>(std::count_if(certs.begin(), certs.end(), [&](const Checked* c) { return failed(*c); }));
        os << "  <testsuite name=\"" << xml_escape(source) << "\" tests=\"" << certs.size() << "\" failures=\"" << suite_failures
           << "\" errors=\"0\" skipped=\"0\">\n";
        for (const Checked* c : certs) {
            const CertInfo& i = *c->entry->info;
            std::string name = i.subject + " sha256:" + i.sha256.substr(0, 16);
            if (c->entry->kind == "metadata") name = c->entry->entity_id + " " + c->entry->role + " " + (c->entry->use.empty() ? "both" : c->entry->use) + " " + name;
            if (c->entry->kind == "tls") name = "chain[" + std::to_string(c->entry->chain_index) + "] " + name;
            os << "    <testcase classname=\"ssoctl.cert-expiry\" name=\"" << xml_escape(name) << "\">\n";
            bool failure_written = false;
            std::string out;
            for (size_t idx : c->findings) {
                const auto& f = run.report.findings()[idx];
                const std::string msg = f.message.in(lang);
                if (f.severity == diag::Severity::error && !failure_written) {
                    failure_written = true;
                    os << "      <failure type=\"" << diag::name(f.code) << "\" message=\"" << xml_escape(msg) << "\">"
                          << xml_escape(std::string(f.hint_in(lang))) << "</failure>\n";
                } else {
                    out += std::string(diag::severity_name(f.severity)) + " " + std::string(diag::name(f.code)) + ": " + msg + "\n";
                }
            }
            out += "status " + std::string(status_name(c->status)) + ", not after " + util::format_rfc3339(i.not_after) + ", " +
                   std::to_string(c->days) + " days left, " + i.key_type + " " + std::to_string(i.key_bits) + ", " + i.signature_algorithm;
            os << "      <system-out>" << xml_escape(out) << "</system-out>\n    </testcase>\n";
        }
        os << "  </testsuite>\n";
    }
    for (const auto& t : run.failures) {
        os << "  <testsuite name=\"" << xml_escape(t.target) << "\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n"
           << "    <testcase classname=\"ssoctl.cert-expiry\" name=\"read " << xml_escape(t.target) << "\">\n"
           << "      <error type=\"" << xml_escape(t.error.code) << "\" message=\"" << xml_escape(t.error.message) << "\">"
           << xml_escape(t.error.detail) << "</error>\n    </testcase>\n  </testsuite>\n";
    }
    os << "</testsuites>\n";
}

namespace {

std::string prom_labels(const Checked& c) {
    const CertEntry& e = *c.entry;
    return "source=\"" + prom_escape(e.source) + "\",entity_id=\"" + prom_escape(e.entity_id) + "\",role=\"" + prom_escape(e.role) +
           "\",use=\"" + prom_escape(e.kind == "metadata" && e.use.empty() ? "both" : e.use) + "\",subject=\"" + prom_escape(e.info->subject) +
           "\",sha256=\"" + e.info->sha256 + "\"";
}

}  // namespace

void prometheus(std::ostream& os, const ExpiryRun& run) {
    struct Metric {
        const char* name;
        const char* help;
    };
    const Metric metrics[] = {
        {"ssoctl_cert_not_after_seconds", "notAfter of the certificate as a Unix time"},
        {"ssoctl_cert_not_before_seconds", "notBefore of the certificate as a Unix time"},
        {"ssoctl_cert_expiry_days", "whole days until notAfter (negative: expired)"},
        {"ssoctl_cert_expired", "1 when the certificate has expired"},
        {"ssoctl_cert_weak", "1 when the key or signature algorithm is weak (RSA < 2048, SHA-1, MD5)"},
    };
    // One series per distinct label set. Only pointers and label hashes are kept (labels are
    // rebuilt per metric), so a 30,000-certificate aggregate adds no second copy of its strings.
    std::vector<const Checked*> series;
    std::unordered_multimap<size_t, size_t> by_hash;
    for (const auto& c : run.certs) {
        const std::string labels = prom_labels(c);
        const size_t h = std::hash<std::string>{}(labels);
        bool dup = false;
        for (auto [it, end] = by_hash.equal_range(h); it != end && !dup; ++it) dup = prom_labels(*series[it->second]) == labels;
        if (dup) continue;
        by_hash.emplace(h, series.size());
        series.push_back(&c);
    }
    for (const auto& m : metrics) {
        os << "# HELP " << m.name << ' ' << m.help << "\n# TYPE " << m.name << " gauge\n";
        const std::string_view n = m.name;
        for (const Checked* c : series) {
            const CertInfo& i = *c->entry->info;
            os << m.name << '{' << prom_labels(*c) << "} ";
            if (n == "ssoctl_cert_not_after_seconds") os << i.not_after;
            else if (n == "ssoctl_cert_not_before_seconds") os << i.not_before;
            else if (n == "ssoctl_cert_expiry_days") os << c->days;
            else if (n == "ssoctl_cert_expired") os << (c->status == Status::expired ? 1 : 0);
            else os << (c->weak.empty() ? 0 : 1);
            os << '\n';
        }
    }
    os << "# HELP ssoctl_cert_target_up 1 when the target could be read, 0 when it could not\n# TYPE ssoctl_cert_target_up gauge\n";
    std::set<std::string> sources;
    for (const auto& c : run.certs) sources.insert(c.entry->source);
    for (const auto& s : sources) os << "ssoctl_cert_target_up{target=\"" << prom_escape(s) << "\"} 1\n";
    for (const auto& t : run.failures) os << "ssoctl_cert_target_up{target=\"" << prom_escape(t.target) << "\"} 0\n";
    os << "# HELP ssoctl_cert_check_timestamp_seconds when the check ran (the --now moment)\n# TYPE ssoctl_cert_check_timestamp_seconds gauge\n"
       << "ssoctl_cert_check_timestamp_seconds " << run.policy.now << '\n';
}

void render_table(report::TextOut& out, const ExpiryRun& run, bool all, bool wide) {
    using report::Style;
    const diag::Lang lang = out.lang();
    struct Row {
        const Checked* c;
        std::string status, days, date, key, subject, thumbprint, where;
    };
    std::vector<Row> rows;
    size_t hidden = 0;
    for (const auto& c : run.certs) {
        if (!all && c.status == Status::ok && c.weak.empty()) {
            ++hidden;
            continue;
        }
        const CertInfo& i = *c.entry->info;
        std::string status = status_word(c.status, lang);
        if (!c.weak.empty()) status += i18n::tr(",weak", lang);
        rows.push_back({&c, status, std::to_string(c.days), util::format_rfc3339(i.not_after).substr(0, 10), i.key_type + " " + std::to_string(i.key_bits),
                        util::visible(i.subject), util::to_upper(i.sha1), util::visible(where(*c.entry).in(lang))});
    }
    const std::string h_status = i18n::tr("STATUS", lang), h_days = i18n::tr("DAYS", lang), h_date = i18n::tr("NOT AFTER", lang),
                      h_key = i18n::tr("KEY", lang), h_subject = i18n::tr("SUBJECT", lang), h_where = i18n::tr("WHERE", lang),
                      h_thumbprint = i18n::tr(N_("THUMBPRINT"), lang);
    auto width = [&](const std::string& head, std::string Row::*field) {
        size_t w = util::display_width(head);
        for (const auto& r : rows) w = std::max(w, util::display_width(r.*field));
        return w;
    };
    const size_t w_status = width(h_status, &Row::status), w_days = width(h_days, &Row::days), w_date = width(h_date, &Row::date),
                 w_key = width(h_key, &Row::key);
    size_t w_subject = width(h_subject, &Row::subject), w_where = width(h_where, &Row::where);
    const size_t w_thumbprint = wide ? width(h_thumbprint, &Row::thumbprint) : 0;
    if (!wide) {
        // 100 columns: the subject keeps up to kSubjectCols, WHERE takes what is left (at least kWhereCols)
        const size_t fixed = w_status + w_days + w_date + w_key + 5 * kGap;
        const size_t room = kTableCols > fixed ? kTableCols - fixed : 0;
        w_subject = std::min(w_subject, std::max(room > w_where ? room - w_where : 0, std::min<size_t>(kSubjectCols, w_subject)));
        w_where = std::max(room > w_subject ? room - w_subject : 0, std::min<size_t>(kWhereCols, w_where));
        w_where = std::min(w_where, width(h_where, &Row::where));
    }
    const std::string gap(kGap, ' ');
    if (!rows.empty()) {
        out.styled(Style::bold, util::pad_to_width(h_status, w_status) + gap + pad_left(h_days, w_days) + gap + util::pad_to_width(h_date, w_date) + gap +
                                    util::pad_to_width(h_key, w_key) + gap + util::pad_to_width(h_subject, w_subject) + gap +
                                    (wide ? util::pad_to_width(h_thumbprint, w_thumbprint) + gap : std::string()) + h_where);
        out << "\n";
    }
    for (const auto& r : rows) {
        const Style st = r.c->status == Status::ok ? Style::ok : r.c->status == Status::expiring ? Style::warning : Style::error;
        out.styled(st, util::pad_to_width(r.status, w_status));
        const std::string subject = wide ? r.subject : subject_cell(r.subject, w_subject);
        out << gap << pad_left(r.days, w_days) << gap << r.date << gap << util::pad_to_width(r.key, w_key) << gap << util::pad_to_width(subject, w_subject) << gap;
        if (wide) out << util::pad_to_width(r.thumbprint, w_thumbprint) << gap;  // SHA-1, as Entra and ADFS list it
        out << (wide ? r.where : cut_left(r.where, w_where)) << "\n";
    }
    const size_t n = run.certs.size();
    std::string summary = i18n::fmt(i18n::trn("{} certificate ({} unique): {} expired, {} expiring, {} not yet valid, {} weak",
                                              "{} certificates ({} unique): {} expired, {} expiring, {} not yet valid, {} weak", n, lang),
                                    {std::to_string(n), std::to_string(run.unique), std::to_string(run.count(Status::expired)),
                                     std::to_string(run.count(Status::expiring)), std::to_string(run.count(Status::not_yet_valid)),
                                     std::to_string(run.weak_count())});
    if (!run.failures.empty()) summary += i18n::trf(", unreadable targets: {}", lang, {std::to_string(run.failures.size())});
    if (hidden) {
        summary += i18n::fmt(i18n::trn(" ({} ok certificate not listed; --all lists it)", " ({} ok certificates not listed; --all lists them)", hidden, lang),
                             {std::to_string(hidden)});
    }
    out << "\n" << summary << "\n";
}

}  // namespace ssoctl::x509
