#!/usr/bin/python3
"""Peer judgement for scripts/itest-peers: python3-saml (Debian python3-onelogin-saml2) validates
each file given (raw XML) as the SP https://sp.example.com/saml/metadata with ACS
https://sp.example.com/saml/acs, trusting idp.crt. Prints '<file> valid' or '<file> invalid <reason>'."""
import base64
import sys

from onelogin.saml2.response import OneLogin_Saml2_Response
from onelogin.saml2.settings import OneLogin_Saml2_Settings

cert = open(sys.argv[1]).read()
settings = OneLogin_Saml2_Settings({
    "strict": True,
    "sp": {"entityId": "https://sp.example.com/saml/metadata",
           "assertionConsumerService": {"url": "https://sp.example.com/saml/acs"}},
    "idp": {"entityId": "https://idp.example.com/saml2",
            "singleSignOnService": {"url": "https://idp.example.com/sso"}, "x509cert": cert},
    "security": {"wantAttributeStatement": False},
}, sp_validation_only=True)
request = {"https": "on", "http_host": "sp.example.com", "script_name": "/saml/acs", "server_port": "443"}
for path in sys.argv[2:]:
    b64 = base64.b64encode(open(path, "rb").read()).decode()
    try:
        response = OneLogin_Saml2_Response(settings, b64)
        ok = response.is_valid(request, raise_exceptions=False)
        print(path, "valid" if ok else "invalid " + (response.get_error() or "").replace("\n", " "))
    except Exception as e:  # malformed input: python3-saml raises
        print(path, "invalid", type(e).__name__, str(e).replace("\n", " ")[:120])
