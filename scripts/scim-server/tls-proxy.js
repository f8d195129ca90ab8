#!/usr/bin/env node
// TLS front for the scim-probe integration tests: terminates TLS on 127.0.0.1 with a test
// certificate, speaks HTTP/2 (ALPN h2) and HTTP/1.1, and forwards every request to a plain-HTTP
// SCIM server on loopback. Node's standard library only.
// Usage: node tls-proxy.js BACKEND_URL KEY.pem CERT.pem [PORT] [--tls13-only]
// Prints "listening <port>" once ready; each request adds "alpn <h2|http/1.1>" to stderr.
"use strict";
const fs = require("node:fs");
const http = require("node:http");
const http2 = require("node:http2");

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const tls13Only = process.argv.includes("--tls13-only");
const [backendUrl, keyFile, certFile, portArg] = args;
if (!backendUrl || !keyFile || !certFile) {
    console.error("usage: tls-proxy.js BACKEND_URL KEY.pem CERT.pem [PORT] [--tls13-only]");
    process.exit(2);
}
const backend = new URL(backendUrl);
if (backend.hostname !== "127.0.0.1") {
    console.error("tls-proxy: the backend must be on 127.0.0.1");
    process.exit(2);
}
const hopByHop = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "host"]);

const server = http2.createSecureServer({
    key: fs.readFileSync(keyFile),
    cert: fs.readFileSync(certFile),
    allowHTTP1: true,
    minVersion: tls13Only ? "TLSv1.3" : "TLSv1.2",
}, (req, res) => {
    console.error(`alpn ${req.httpVersion === "2.0" ? "h2" : "http/1.1"}`);
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) if (!k.startsWith(":") && !hopByHop.has(k)) headers[k] = v;
    const upstream = http.request({host: "127.0.0.1", port: backend.port, method: req.method, path: req.url, headers}, (up) => {
        const out = {};
        for (const [k, v] of Object.entries(up.headers)) if (!hopByHop.has(k)) out[k] = v;
        res.writeHead(up.statusCode, out);
        up.pipe(res);
    });
    upstream.on("error", (e) => {
        res.writeHead(502, {"content-type": "text/plain"});
        res.end(`tls-proxy: ${e.message}`);
    });
    req.pipe(upstream);
});
server.listen(Number(portArg ?? 0), "127.0.0.1", () => console.log(`listening ${server.address().port}`));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(0));
