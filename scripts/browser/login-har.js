// A real SP-initiated SAML login in Debian's chromium (headless, driven by the pinned playwright-core;
// no browser is downloaded), recorded as a Chromium HAR. The SP is this script: a loopback HTTP
// server that sends an HTTP-Redirect AuthnRequest to the IdP and, at its ACS, checks the assertion's
// NotBefore against its own clock as an SP does — and answers with a login error page when the
// IdP's clock runs ahead. Used by scripts/itest-har-browser.
//
// Usage: node login-har.js --idp-sso URL --sp-port N --har FILE [--user U --password P]
'use strict';
const crypto = require('crypto');
const http = require('http');
const zlib = require('zlib');
const { chromium } = require('playwright-core');

function args() {
  const a = { user: 'alice', password: 'alice-pass', entityId: 'https://sp.example.com/saml/metadata', relayState: '/app/dashboard?tab=reports' };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i += 2) {
    const k = v[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    a[k] = v[i + 1];
  }
  for (const k of ['idpSso', 'spPort', 'har']) if (!a[k]) throw new Error('missing --' + k);
  return a;
}

const SKEW_SECONDS = 180;

function authnRequest(opts, id, acs) {
  const xml = '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ' +
    'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="' + id + '" Version="2.0" ' +
    'IssueInstant="' + new Date().toISOString().replace(/\.\d+Z$/, 'Z') + '" Destination="' + opts.idpSso + '" ' +
    'ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" AssertionConsumerServiceURL="' + acs + '">' +
    '<saml:Issuer>' + opts.entityId + '</saml:Issuer>' +
    '<samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" AllowCreate="true"/>' +
    '</samlp:AuthnRequest>';
  return zlib.deflateRawSync(Buffer.from(xml)).toString('base64');
}

function page(title, body) {
  return '<!DOCTYPE html><html><head><meta charset="utf-8"><title>' + title + '</title></head><body><h1>' + title + '</h1>' + body + '</body></html>';
}

function cookie(req, name) {
  const m = (req.headers.cookie || '').match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
  return m ? m[1] : '';
}

function startSp(opts) {
  const base = 'http://127.0.0.1:' + opts.spPort;
  const acs = base + '/saml/acs';
  const sessions = new Map();  // session cookie -> ID of the AuthnRequest it sent
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/login') {
      const id = '_sp-' + crypto.randomBytes(12).toString('hex');
      const session = crypto.randomBytes(16).toString('base64url');
      sessions.set(session, id);
      const query = new URLSearchParams({ SAMLRequest: authnRequest(opts, id, acs), RelayState: opts.relayState });
      res.writeHead(302, { Location: opts.idpSso + '?' + query.toString(), 'Set-Cookie': 'sp_session=' + session + '; Path=/; HttpOnly; SameSite=Lax' });
      return res.end();
    }
    if (req.method === 'POST' && req.url === '/saml/acs') {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const xml = Buffer.from(new URLSearchParams(body).get('SAMLResponse') || '', 'base64').toString();
        const notBefore = (xml.match(/NotBefore="([^"]+)"/) || [])[1];
        const inResponseTo = (xml.match(/InResponseTo="([^"]+)"/) || [])[1];
        let error = '';
        if (!xml) error = 'no SAMLResponse';
        else if (inResponseTo !== sessions.get(cookie(req, 'sp_session'))) error = 'the response does not answer this session\'s request';
        else if (notBefore && Date.parse(notBefore) > Date.now() + SKEW_SECONDS * 1000) error = 'the assertion is not yet valid (NotBefore ' + notBefore + ')';
        if (error) {
          res.writeHead(403, { 'Content-Type': 'text/html; charset=utf-8' });
          return res.end(page('Login failed', '<p id="error">Login failed: ' + error + '. Contact your administrator.</p>'));
        }
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(page('Welcome', '<p id="ok">signed in</p>'));
      });
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  });
  return new Promise((resolve) => server.listen(Number(opts.spPort), '127.0.0.1', () => resolve({ server, base })));
}

async function main() {
  const opts = args();
  const { server, base } = await startSp(opts);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const context = await browser.newContext({ recordHar: { path: opts.har } });
    const tab = await context.newPage();
    await tab.goto(base + '/login', { timeout: 30000 });
    await tab.fill('#username', opts.user);
    await tab.fill('#password', opts.password);
    await Promise.all([tab.waitForURL(base + '/saml/acs', { timeout: 30000 }), tab.press('#password', 'Enter')]);
    const title = await tab.title();
    const text = await tab.textContent('body');
    await context.close();  // writes the HAR
    process.stdout.write(JSON.stringify({ url: tab.url(), title, text }) + '\n');
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => {
  process.stderr.write('login-har: ' + (e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
