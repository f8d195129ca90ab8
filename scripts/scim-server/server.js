#!/usr/bin/env node
// In-memory SCIM 2.0 server for ssoctl's scim-probe integration tests: the real npm
// scimmy + scimmy-routers (pinned in package.json), with the thinnest store possible so the
// probe sees the libraries' own behaviour. Loopback only.
// Usage: node server.js [PORT]  (or env SCIM_PORT; 0 picks a free port). Token: env SCIM_TOKEN.
// Prints "listening <port>" on stdout once ready. GET /_dump (no auth) returns the store for tests.
"use strict";
const crypto = require("node:crypto");
const express = require("express");
const SCIMMY = require("scimmy");
const SCIMMYRouters = require("scimmy-routers").default ?? require("scimmy-routers");

const token = process.env.SCIM_TOKEN;
if (!token) {
    console.error("scim-server: set SCIM_TOKEN");
    process.exit(2);
}
const port = Number(process.argv[2] ?? process.env.SCIM_PORT ?? 0);
const store = {Users: new Map(), Groups: new Map()};

function stamp(kind, id, record, previous) {
    const now = new Date().toISOString();
    return {...record, id, meta: {resourceType: kind === "Users" ? "User" : "Group",
        created: previous?.meta?.created ?? now, lastModified: now}};
}

function declare(resource, kind, uniqueAttr) {
    SCIMMY.Resources.declare(resource, {
        egress: (res) => {
            if (res.id) {
                const found = store[kind].get(res.id);
                if (!found) throw new SCIMMY.Types.Error(404, null, `Resource ${res.id} not found`);
                return found;
            }
            const all = [...store[kind].values()];
            return res.filter ? res.filter.match(all) : all;
        },
        ingress: (res, instance) => {
            const value = instance[uniqueAttr];
            for (const [id, other] of store[kind]) {
                if (id !== res.id && other[uniqueAttr] === value)
                    throw new SCIMMY.Types.Error(409, "uniqueness", `${uniqueAttr} '${value}' is already in use`);
            }
            if (res.id && !store[kind].has(res.id)) throw new SCIMMY.Types.Error(404, null, `Resource ${res.id} not found`);
            const id = res.id ?? crypto.randomUUID();
            const record = stamp(kind, id, JSON.parse(JSON.stringify(instance)), store[kind].get(id));
            store[kind].set(id, record);
            return record;
        },
        degress: (res) => {
            if (!store[kind].delete(res.id)) throw new SCIMMY.Types.Error(404, null, `Resource ${res.id} not found`);
        },
    });
}
declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser), "Users", "userName");
declare(SCIMMY.Resources.Group, "Groups", "displayName");

const app = express();
app.get("/_dump", (req, res) => res.json({Users: [...store.Users.values()], Groups: [...store.Groups.values()]}));
app.use("/scim/v2", new SCIMMYRouters({
    type: "bearer",
    handler: (request) => {
        if (request.header("Authorization") !== `Bearer ${token}`) throw new Error("Authorization failure");
        return "ssoctl-test";
    },
}));
const server = app.listen(port, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => process.exit(0)));
