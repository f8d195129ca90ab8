#!/usr/bin/python3
"""Interrupts `ssoctl scim-probe --write --as IDP` after every single request it makes (not a sample)
and checks that nothing is left behind and that the report says so truthfully.

The fault server (server.py, compliant "ok" mode) is armed from inside the probe's own process, just
before exec (preexec_fn), with POST /_arm?pid=<probe pid>&after=N&reply=R: once request N has changed
the server's store, the server sends SIGINT or SIGTERM (alternating every two N) to the probe, then
drops the answer (R=0: the id of a create never arrives, the hard case) or delivers it (R=1). Every N
is run, from 1 until a run ends before request N, with R = N % 2 (BOTH=1 in the environment runs
both R for every N: twice the time). After each run: exit 130, "interrupted": true,
"leftovers": [] and an empty store (POST /_reset restores a clean store after a failure so that one
failure is reported once).

Usage: interrupt_every_request.py BIN BASE_URL IDP   (BASE_URL = http://127.0.0.1:PORT of server.py)
Prints one line per failure and a last line "RUNS FAILURES". Loopback only."""
import http.client, json, os, subprocess, sys
from urllib.parse import urlsplit

BIN, BASE, IDP = sys.argv[1:4]
HOST, PORT = urlsplit(BASE).hostname, urlsplit(BASE).port


def call(method, path):
    c = http.client.HTTPConnection(HOST, PORT, timeout=30)
    c.request(method, path)
    r = c.getresponse()
    body = r.read().decode()
    c.close()
    return body


EMPTY = {"Users": [], "Groups": []}
runs = failures = 0
n = 1
while True:
    for reply in ((0, 1) if os.environ.get("BOTH") == "1" else (n % 2,)):
        def arm(n=n, reply=reply):  # runs in the child between fork and exec: the pid is the probe's
            call("POST", "/_arm?pid=%d&after=%d&reply=%d" % (os.getpid(), n, reply))
        p = subprocess.run([BIN, "scim-probe", "--base-url", BASE + "/ok/scim/v2", "--as", IDP, "--write", "--format", "json"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=arm, timeout=120)
        runs += 1
        fired = json.loads(call("GET", "/_fired"))
        store = json.loads(call("GET", "/_dump"))
        if not fired:  # the whole run took fewer than n requests: every request has been covered
            if p.returncode not in (0,) or store != EMPTY:
                print("FAIL %s: uninterrupted run exit %d, store %s" % (IDP, p.returncode, json.dumps(store)[:300]))
                failures += 1
            print("%s: interrupted after each of requests 1..%d (%d runs), no leftovers" % (IDP, n - 1, runs))
            print(runs, failures)
            sys.exit(0)
        why = []
        try:
            j = json.loads(p.stdout)
        except ValueError as e:
            j = {}
            why.append("no JSON report (%s)" % e)
        if p.returncode != 130:
            why.append("exit %d, expected 130" % p.returncode)
        if j and j.get("interrupted") is not True:
            why.append('"interrupted" is %r' % j.get("interrupted"))
        if store != EMPTY:
            why.append("store not empty: " + json.dumps(store)[:300])
        if j and j.get("leftovers") != []:
            why.append("leftovers %r" % j.get("leftovers"))
        if why:
            failures += 1
            print("FAIL %s after request %d (answer %s): %s" % (IDP, n, "delivered" if reply else "dropped", "; ".join(why)), flush=True)
            call("POST", "/_reset")
    n += 1
