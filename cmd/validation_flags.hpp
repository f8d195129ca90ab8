// The validation flags shared by verify-sig, check-audience and validate (DESIGN.md §3).
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "saml/checks.hpp"
#include "util/result.hpp"

namespace ssoctl::cmd {

struct ValidationFlags {
    // trust
    std::vector<std::string> idp_certs;
    std::string idp_metadata;
    std::string idp_entity_id;
    std::vector<std::string> fingerprints;
    // the SP
    std::vector<std::string> sp_entity_ids;
    std::vector<std::string> acs_urls;
    std::string sp_metadata;
    std::string sp_key;
    std::string sp_cert;
    // the rest
    std::string request_id;
    std::string username_attr;
    std::vector<std::string> email_domains;
    std::string now;
    int64_t skew = 180;
    bool strict = false;
};

void add_trust_flags(CLI::App* app, ValidationFlags& f);
void add_sp_flags(CLI::App* app, ValidationFlags& f);
void add_check_flags(CLI::App* app, ValidationFlags& f);

/** Expectations from the flags (reads --sp-metadata). Errors: io_error, malformed_input. */
Result<saml::Expectations> expectations(const ValidationFlags& f);

}  // namespace ssoctl::cmd
