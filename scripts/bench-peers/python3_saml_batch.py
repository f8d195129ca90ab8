#!/usr/bin/python3
"""Peer for scripts/bench: python3-saml (Debian python3-onelogin-saml2) validating every
base64 response of a file, one per line, in one process. Prints 'validated N valid V seconds S'."""
import sys
import time

from onelogin.saml2.response import OneLogin_Saml2_Response
from onelogin.saml2.settings import OneLogin_Saml2_Settings


def main():
    lines_path, cert_path = sys.argv[1], sys.argv[2]
    cert = open(cert_path).read()
    settings = OneLogin_Saml2_Settings({
        "strict": True,
        "sp": {"entityId": "https://sp.example.com/saml/metadata",
               "assertionConsumerService": {"url": "https://sp.example.com/saml/acs"}},
        "idp": {"entityId": "https://idp.example.com/saml2",
                "singleSignOnService": {"url": "https://idp.example.com/sso"},
                "x509cert": cert},
        "security": {"wantAttributeStatement": False},
    }, sp_validation_only=True)
    request = {"https": "on", "http_host": "sp.example.com", "script_name": "/saml/acs", "server_port": "443"}
    lines = [l.strip() for l in open(lines_path) if l.strip()]
    valid = 0
    start = time.perf_counter()
    for b64 in lines:
        response = OneLogin_Saml2_Response(settings, b64)
        if response.is_valid(request, request_id="_req-4f3a9c2e1b"):
            valid += 1
    elapsed = time.perf_counter() - start
    print(f"validated {len(lines)} valid {valid} seconds {elapsed:.3f}")
    if valid == 0:
        print("last error:", response.get_error(), file=sys.stderr)


main()
