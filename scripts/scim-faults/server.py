#!/usr/bin/python3
"""Fault-injecting SCIM server for ssoctl scim-probe tests: a small, otherwise correct in-memory
SCIM 2.0 service whose fault is chosen by the first path segment of the base URL:
  http://127.0.0.1:PORT/<mode>/scim/v2
modes: ok, ratelimit (429 + Retry-After: 1 on every 3rd request), notfound (404 on no-match
filters), license (403 seat-limit error on user create), htmllogin (302 to an HTML login page on a
bad or missing token), plaintext (errors as text/plain), wrongtotal (totalResults = page size),
filterignored (filters return every user), sloppy (discovery accepts writes, no schema validation,
case-sensitive uniqueness, count=0 ignored, startIndex<1 refused, manager strings refused,
deleted users stay group members), slowpatch (every PATCH of a user or group answers after 5 s, for timeouts), strictops (PATCH ops
must be lower case, as a strict RFC reading has it), emailkey (userName filters and uniqueness compare
emails[0].value instead of userName), staleindex (filters and uniqueness use the values of the
create, never updated by PATCH or PUT), urnsplit (PATCH paths and pathless keys are split at the first
dot, URNs included), cappedtotal (totalResults never exceeds 50, the page size cap), ignorecaps
(PATCH ops not in lower case answer 200 and change nothing), nomembers (groups never show members),
nodiscovery (404 on every discovery endpoint), publicdiscovery (discovery answers without a token).
Test hook: POST /_arm?pid=P&after=N[&reply=0|1] makes the Nth SCIM request after arming (counted over
every mode) send SIGINT (odd N) or SIGTERM (even N) to process P once that request has changed the
store; then the answer is dropped (reply=0: connection closed) or sent (reply=1). GET /_fired says
whether it fired, POST /_reset empties the store. This is how itest-scim-interrupt interrupts a run after every single request.
Standard library only. Loopback only.
Usage: server.py PORT (0 = any; prints "listening PORT"). Token: env SCIM_TOKEN."""
import json, os, signal, sys, threading, time, uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs, unquote

TOKEN = os.environ["SCIM_TOKEN"]
MODES = {"ok", "sloppy", "slowpatch", "strictops", "ratelimit", "notfound", "license", "htmllogin", "plaintext", "wrongtotal", "filterignored",
         "emailkey", "staleindex", "urnsplit", "cappedtotal", "ignorecaps", "nomembers", "nodiscovery", "publicdiscovery"}
LIST, ERR = "urn:ietf:params:scim:api:messages:2.0:ListResponse", "urn:ietf:params:scim:api:messages:2.0:Error"
store = {"Users": {}, "Groups": {}}
lock = threading.Lock()
counter = {"n": 0}
arm = {"pid": 0, "after": 0, "seen": 0, "reply": True, "fired": False}
index = {}  # staleindex: id -> (userName, work email, externalId) as created
SPC = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"], "patch": {"supported": True},
       "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0}, "filter": {"supported": True, "maxResults": 200},
       "changePassword": {"supported": False}, "sort": {"supported": False}, "etag": {"supported": False},
       "authenticationSchemes": [{"type": "oauthbearertoken", "name": "Bearer", "description": "bearer token"}]}


USER_URN, ENT_URN = "urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
RESOURCE_TYPES = [{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": "User", "name": "User", "endpoint": "/Users",
                   "schema": USER_URN, "schemaExtensions": [{"schema": ENT_URN, "required": False}]},
                  {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": "Group", "name": "Group", "endpoint": "/Groups",
                   "schema": "urn:ietf:params:scim:schemas:core:2.0:Group"}]
SCHEMAS = [{"id": USER_URN, "attributes": [{"name": "userName"}]}, {"id": ENT_URN, "attributes": [{"name": "manager"}]},
           {"id": "urn:ietf:params:scim:schemas:core:2.0:Group", "attributes": [{"name": "displayName"}]}]


def discovery(rest):
    """The answer to GET /ServiceProviderConfig, /ResourceTypes[/id], /Schemas[/id], or None (404)."""
    if rest == ["ServiceProviderConfig"]:
        return SPC
    items = RESOURCE_TYPES if rest[0] == "ResourceTypes" else SCHEMAS
    if len(rest) == 1:
        return {"schemas": [LIST], "totalResults": len(items), "startIndex": 1, "itemsPerPage": len(items), "Resources": items}
    return next((i for i in items if len(rest) == 2 and i["id"] == rest[1]), None)


def invalid(kind, res):
    """Why a user would break the schema (required userName, boolean active), or None."""
    if kind != "Users":
        return None
    if not isinstance(res.get("userName"), str) or not res["userName"]:
        return "userName is required"
    if "active" in res and not isinstance(res["active"], bool):
        return "active must be a boolean"
    return None


def keyed(res, mode):
    """The values filters and uniqueness see: the resource's own, the create's (staleindex), or the email as userName (emailkey)."""
    if mode == "staleindex" and res.get("id") in index:
        u, e, x = index[res["id"]]
        res = dict(res, userName=u, externalId=x, emails=[{"type": "work", "value": e}])
    if mode == "emailkey":
        res = dict(res, userName=(res.get("emails") or [{}])[0].get("value", ""))
    return res


def work_email(res):
    return next((e.get("value") for e in res.get("emails", []) if e.get("type") == "work"), None)


def match(res, flt):
    """userName/externalId/displayName eq "v" (case-insensitive for userName/displayName), 'and', emails[type eq "work"].value."""
    for part in flt.split(" and "):
        if part.startswith('emails[type eq "work"].value '):
            attr, rest = 'emails[type eq "work"].value', part[len('emails[type eq "work"].value '):]
            op, val = rest.split(" ", 1)
        else:
            attr, op, val = part.split(" ", 2)
        if op.lower() != "eq":
            raise ValueError(op)
        val = json.loads(val)
        a = attr.lower()
        if a.startswith("emails"):
            got = [e.get("value") for e in res.get("emails", []) if e.get("type") == "work"]
            if val not in got:
                return False
        elif a in ("username", "displayname"):
            if str(res.get({"username": "userName", "displayname": "displayName"}[a], "")).lower() != val.lower():
                return False
        elif res.get(attr) != val:
            return False
    return True


def set_path(res, path, val, split_urn):
    """Applies one attribute path: 'a', 'a.b', '<urn>:a[.b]' (enterprise) or '<urn>' (a map merged into the block).
    split_urn: every path is split at its first dot, as a server that does not know URNs does."""
    if split_urn and "." in path:
        a, b = path.split(".", 1)
        res.setdefault(a, {})[b] = val
        return
    block = res
    if path == ENT_URN and isinstance(val, dict):
        res.setdefault(ENT_URN, {}).update(val)
        return
    if path.startswith(ENT_URN + ":"):
        block, path = res.setdefault(ENT_URN, {}), path[len(ENT_URN) + 1:]
        if path == "manager" and isinstance(val, str):
            val = {"value": val}
    if "." in path:
        a, b = path.split(".", 1)
        block.setdefault(a, {})[b] = val
    elif isinstance(val, dict) and isinstance(block.get(path), dict):
        block[path].update(val)
    else:
        block[path] = val


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def send(self, status, body=None, ctype="application/scim+json", headers=()):
        if getattr(self, "fire", False):
            self.fire = False
            os.kill(arm["pid"], signal.SIGINT if arm["after"] % 2 else signal.SIGTERM)
            arm["fired"] = True
            if not arm["reply"]:
                self.close_connection = True
                return
        data = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        self.send_response(status)
        if data:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, detail, scim_type=None):
        if self.mode == "plaintext":
            return self.send(status, detail.encode(), "text/plain")
        body = {"schemas": [ERR], "status": str(status), "detail": detail}
        if scim_type:
            body["scimType"] = scim_type
        self.send(status, body, headers=[("WWW-Authenticate", 'Bearer realm="scim"')] if status == 401 else [])

    def handle_any(self, method):
        url = urlsplit(self.path)
        parts = [unquote(p) for p in url.path.split("/") if p]
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if url.path == "/_dump":
            with lock:
                return self.send(200, json.dumps({k: list(v.values()) for k, v in store.items()}, separators=(",", ":")).encode(), "application/json")
        if url.path == "/_arm" and method == "POST":
            q = {k: v[0] for k, v in parse_qs(url.query).items()}
            with lock:
                arm.update(pid=int(q["pid"]), after=int(q["after"]), seen=0, reply=q.get("reply", "1") == "1", fired=False)
            return self.send(204)
        if url.path == "/_reset" and method == "POST":
            with lock:
                store["Users"].clear(); store["Groups"].clear(); index.clear()
            return self.send(204)
        if url.path == "/_fired":
            return self.send(200, json.dumps(arm["fired"]).encode(), "application/json")
        if url.path == "/_seed" and method == "POST":
            with lock:
                for i in range(3):
                    rid = str(uuid.uuid4())
                    store["Users"][rid] = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": rid,
                                           "userName": "seed%d@example.com" % i, "active": True}
            return self.send(204)
        if len(parts) < 3 or parts[0] not in MODES or parts[1:3] != ["scim", "v2"]:
            return self.send(404, b"<html>not here</html>", "text/html")
        self.mode, rest = parts[0], parts[3:]
        with lock:
            counter["n"] += 1
            n = counter["n"]
            if arm["pid"] and not arm["fired"]:
                arm["seen"] += 1
                self.fire = arm["seen"] == arm["after"]
        if self.mode == "ratelimit" and n % 3 == 0:
            return self.send(429, {"schemas": [ERR], "status": "429", "detail": "slow down"}, headers=[("Retry-After", "1")])
        discovery_path = rest[:1] in (["ServiceProviderConfig"], ["ResourceTypes"], ["Schemas"])
        if self.mode == "nodiscovery" and discovery_path:
            return self.error(404, "no such endpoint")
        if self.headers.get("Authorization") != "Bearer " + TOKEN and not (self.mode == "publicdiscovery" and discovery_path):
            if self.mode == "publicdiscovery":
                return self.error(401, "Invalid SCIM bearer token")
            if self.mode == "htmllogin":
                return self.send(302, b"<!DOCTYPE html><html><body><form>Sign in</form></body></html>", "text/html",
                                 [("Location", "/login?next=/scim")])
            return self.error(401, "invalid token")
        if self.mode == "slowpatch" and method == "PATCH" and rest[:1] in (["Users"], ["Groups"]):
            time.sleep(5)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        body = json.loads(raw) if raw else None
        if discovery_path:
            if method != "GET":
                if self.mode == "sloppy":
                    return self.send(200, discovery(rest[:1]))
                return self.error(405, "discovery endpoints are read-only")
            found = discovery(rest)
            return self.send(200, found) if found else self.error(404, "no such " + rest[0][:-1])
        if not rest or rest[0] not in ("Users", "Groups"):
            return self.error(404, "no such endpoint")
        kind, coll = rest[0], store[rest[0]]
        key = "userName" if kind == "Users" else "displayName"
        if len(rest) == 1 and method == "GET":
            with lock:
                items = list(coll.values())
            if "filter" in q and self.mode != "filterignored":
                try:
                    match({}, q["filter"])
                    items = [r for r in items if match(keyed(r, self.mode), q["filter"])]
                except Exception:
                    return self.error(400, "bad filter", "invalidFilter")
                if not items and self.mode == "notfound":
                    return self.error(404, "no such user")
            if self.mode == "sloppy" and int(q.get("startIndex", 1)) < 1:
                return self.error(400, "startIndex must be >= 1", "invalidValue")
            start = max(1, int(q.get("startIndex", 1)))
            count = max(0, int(q.get("count", 100)))
            if self.mode == "sloppy" and count == 0:
                count = 100
            page = items[start - 1:start - 1 + count]
            total = len(page) if self.mode == "wrongtotal" else min(len(items), 50) if self.mode == "cappedtotal" else len(items)
            if self.mode == "nomembers":
                page = [dict(r, members=[]) if kind == "Groups" else r for r in page]
            return self.send(200, {"schemas": [LIST], "totalResults": total, "startIndex": start, "itemsPerPage": len(page), "Resources": page})
        if len(rest) == 1 and method == "POST":
            if kind == "Users" and self.mode == "license":
                return self.error(403, "License limit exceeded: all 5 seats of the plan are in use")
            if invalid(kind, body) and self.mode != "sloppy":
                return self.error(400, invalid(kind, body), "invalidValue")
            fold = (lambda v: str(v)) if self.mode == "sloppy" else (lambda v: str(v).lower())
            with lock:
                mine = keyed(body, self.mode) if self.mode == "emailkey" else body
                if any(fold(keyed(r, self.mode).get(key, "")) == fold(mine.get(key, "")) for r in coll.values()):
                    return self.error(409, key + " exists", "uniqueness")
                rid = str(uuid.uuid4())
                res = dict(body, id=rid)
                res.pop("password", None)
                loc = "http://127.0.0.1:%d/%s/scim/v2/%s/%s" % (self.server.server_address[1], self.mode, kind, rid)
                res["meta"] = {"resourceType": kind[:-1], "location": loc}
                coll[rid] = res
                if kind == "Users":
                    index[rid] = (res.get("userName", ""), work_email(res), res.get("externalId"))
            return self.send(201, res, headers=[("Location", loc)])
        rid = rest[1] if len(rest) == 2 else None
        with lock:
            res = coll.get(rid)
            if res is None:
                return self.error(404, "not found")
            if method == "GET":
                out = dict(res)
                if self.mode == "nomembers" and kind == "Groups":
                    out["members"] = []
                if q.get("excludedAttributes") == "members" or (q.get("excludedAttributes") and self.mode != "sloppy"):
                    for a in q["excludedAttributes"].split(","):
                        out.pop(a.strip(), None)
                if q.get("attributes") and self.mode != "sloppy":
                    keep = {a.strip() for a in q["attributes"].split(",")} | {"id", "schemas", "meta"}
                    out = {k: v for k, v in out.items() if k in keep}
                return self.send(200, out)
            if method == "DELETE":
                del coll[rid]
                for g in store["Groups"].values() if kind == "Users" and self.mode != "sloppy" else ():
                    g["members"] = [m for m in g.get("members", []) if m.get("value") != rid]
                return self.send(204)
            if method == "PUT":
                if invalid(kind, body) and self.mode != "sloppy":
                    return self.error(400, invalid(kind, body), "invalidValue")
                new = dict(body, id=rid, meta=res["meta"])
                new.pop("password", None)
                coll[rid] = new
                return self.send(200, new)
            if method == "PATCH":
                if self.mode == "strictops" and any(op.get("op") not in ("add", "remove", "replace") for op in body.get("Operations", [])):
                    return self.error(400, "op must be one of add, remove, replace", "invalidSyntax")
                for op in body.get("Operations", []):
                    o, path, val = op.get("op", ""), op.get("path"), op.get("value")
                    if self.mode == "ignorecaps" and o != o.lower():
                        continue
                    o = o.lower()
                    if isinstance(val, str) and val in ("True", "False"):
                        val = val == "True"
                    if path is None and isinstance(val, dict):
                        for k, v in val.items():
                            if k == "id":
                                continue
                            set_path(res, k, v, self.mode == "urnsplit")
                    elif path == "members" and o == "add":
                        res.setdefault("members", []).extend(m for m in val if m.get("value") not in {x["value"] for x in res.get("members", [])})
                    elif path == "members" and o == "replace":
                        res["members"] = list(val)
                    elif path == "members" and o == "remove":
                        drop = {m["value"] for m in (val or [])}
                        res["members"] = [m for m in res.get("members", []) if m["value"] not in drop] if drop else []
                    elif path and path.startswith("members[value eq "):
                        v = json.loads(path[len("members[value eq "):-1])
                        res["members"] = [m for m in res.get("members", []) if m["value"] != v]
                    elif path and path.startswith("emails[type eq \"work\"].value"):
                        for e in res.setdefault("emails", []):
                            if e.get("type") == "work":
                                e["value"] = val
                    elif path and path.startswith(ENT_URN + ":") and path[len(ENT_URN) + 1:] == "manager" and isinstance(val, str) and self.mode == "sloppy":
                        return self.error(400, "manager: expected complex value", "invalidValue")
                    elif path:
                        set_path(res, path, val, self.mode == "urnsplit")
                return self.send(200, dict(res, members=[]) if self.mode == "nomembers" and kind == "Groups" else res)
        return self.error(405, "method not allowed")

    def do_GET(self): self.handle_any("GET")
    def do_POST(self): self.handle_any("POST")
    def do_PUT(self): self.handle_any("PUT")
    def do_PATCH(self): self.handle_any("PATCH")
    def do_DELETE(self): self.handle_any("DELETE")


if __name__ == "__main__":
    srv = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0), H)
    print("listening %d" % srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
