// The vidi-server-mock developer portal in headless Chromium.
//
// Starts the server binary on 127.0.0.1:0 with a fresh data dir, issues two
// credentials over OpenID4VCI from here (node:crypto ES256 key proofs, an
// implementation independent of the Rust wallet), then drives the portal:
// the citizens table, the trust anchor, revoke / suspend / reinstate, key
// rotation, and an offer with its QR code, deep link and PIN. A second test
// runs the portal against a server that needs the admin token. A third
// serves a page from another loopback origin whose script and form POST to
// the admin API, and opens the portal under a DNS name rebound to 127.0.0.1:
// the server refuses both and nothing changes.
//
// Run with tests/portal/run.sh, or `node --test` here once
// `cargo build -p vidi-server-mock` and `npm ci` have run. Environment:
//   VIDI_SERVER_MOCK_BIN  the server binary (default target/debug/vidi-server-mock)
//   CHROMIUM              the browser (default /usr/bin/chromium)
//   PORTAL_SCREENSHOT     where the screenshot goes (default target/portal.png)

import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { generateKeyPairSync, sign } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { ROOT, json, openBrowser, startServer } from "./harness.js";

const SCREENSHOT = process.env.PORTAL_SCREENSHOT || join(ROOT, "target", "portal.png");
const PRE_AUTHORIZED = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
// Letters only Vietnamese uses among Latin scripts (and đ).
const VIETNAMESE = /[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơư]/iu;

const b64url = (data) => Buffer.from(data).toString("base64url");

/** An ES256 key proof JWT (OpenID4VCI §F.1) by a fresh P-256 key. */
function proofJwt(audience, nonce) {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const { kty, crv, x, y } = publicKey.export({ format: "jwk" });
  const header = { typ: "openid4vci-proof+jwt", alg: "ES256", jwk: { kty, crv, x, y } };
  const payload = { aud: audience, iat: Math.floor(Date.now() / 1000), nonce };
  const input = b64url(JSON.stringify(header)) + "." + b64url(JSON.stringify(payload));
  const signature = sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" });
  return input + "." + b64url(signature);
}

/** The whole wallet side of issuance: offer, token with PIN, nonce, credential. */
async function issue(base, citizen, configuration, proofs) {
  const offer = await json(await fetch(base + "/admin/offers", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ citizen, document_types: ["national_id"] }),
  }));
  const code = offer.offer.grants[PRE_AUTHORIZED]["pre-authorized_code"];
  const token = await json(await fetch(base + "/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: PRE_AUTHORIZED, "pre-authorized_code": code, tx_code: offer.pin }),
  }));
  const { c_nonce: nonce } = await json(await fetch(base + "/nonce", { method: "POST" }));
  const jwts = Array.from({ length: proofs }, () => proofJwt(offer.offer.credential_issuer, nonce));
  const issued = await json(await fetch(base + "/credential", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer " + token.access_token },
    body: JSON.stringify({ credential_configuration_id: configuration, proofs: { jwt: jwts } }),
  }));
  assert.equal(issued.credentials.length, proofs);
  return issued.credentials.map((c) => c.credential);
}

async function stateOf(page, id) {
  return page.locator(`[data-credential="${id}"] [data-state]`).getAttribute("data-state");
}

test("portal: citizens, trust anchor, credential states, key rotation, offer QR", async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const issued = await issue(server.base, 0, "national_id", 2);
  const browser = await openBrowser();
  t.after(() => browser.close());
  const { page } = browser;

  await page.goto(server.base + "/");
  await page.waitForSelector("body[data-loaded=true]");

  // At least 50 citizens, with Vietnamese names.
  const names = await page.locator("#citizens tbody tr td.name").allTextContents();
  assert.ok(names.length >= 50, `${names.length} citizens`);
  assert.equal(await page.locator("#count").textContent(), String(names.length));
  for (const name of names) assert.match(name, /^\p{Lu}\p{Ll}*( \p{Lu}\p{Ll}*)+$/u, name);
  const vietnamese = names.filter((n) => VIETNAMESE.test(n)).length;
  assert.ok(vietnamese >= names.length * 0.6, `${vietnamese} of ${names.length} names look Vietnamese`);
  assert.equal(names[0], "Nguyễn Thị Thanh Hương");
  // The edge cases carry their notes.
  for (const [number, note] of [[0, "reference"], [1, "minor"], [2, "expired_licence"], [3, "suspended_licence"], [4, "long_name"]]) {
    assert.equal(await page.locator(`tr[data-citizen="${number}"] [data-note="${note}"]`).count(), 1, note);
  }
  assert.equal(await page.locator('tr[data-citizen="1"]').getByText("driving licence").count(), 0, "the minor has no licence");

  // The trust anchor fingerprint is the one the server printed.
  assert.equal(await page.locator("#anchor-kid").textContent(), server.anchor);

  // The two credentials issued above, with their key id, both valid.
  const ids = await page.locator('tr[data-citizen="0"] [data-credential]').evaluateAll((els) => els.map((e) => e.dataset.credential));
  assert.equal(ids.length, 2);
  for (const id of ids) assert.equal(await stateOf(page, id), "valid");
  assert.match(await page.locator(`[data-credential="${ids[0]}"]`).textContent(), new RegExp(`kid ${issued[0].kid} · idx \\d+`));

  // Suspend, reinstate, suspend the first; revoke the second.
  const click = async (id, action, expected) => {
    await page.locator(`[data-credential="${id}"] button[data-action=${action}]`).click();
    await page.waitForSelector(`[data-credential="${id}"] [data-state=${expected}]`);
  };
  await click(ids[0], "suspend", "suspended");
  await click(ids[0], "reinstate", "valid");
  await click(ids[0], "suspend", "suspended");
  await click(ids[1], "revoke", "revoked");
  for (const action of ["revoke", "suspend", "reinstate"]) {
    assert.ok(await page.locator(`[data-credential="${ids[1]}"] button[data-action=${action}]`).isDisabled(), `${action} after revoke`);
  }
  const citizen = await json(await fetch(server.base + "/admin/citizens/0"));
  const states = Object.fromEntries(citizen.documents.flatMap((d) => d.credentials).map((c) => [String(c.id), c.state]));
  assert.deepEqual(states, { [ids[0]]: "suspended", [ids[1]]: "revoked" });

  // Key rotation: kid 1 retires, kid 2 signs.
  assert.equal(await page.locator("#keys tbody tr").count(), 1);
  await page.locator("#rotate").click();
  await page.waitForSelector('#keys tbody tr[data-kid="2"]');
  assert.match(await page.locator('#keys tbody tr[data-kid="1"]').textContent(), /retired/);

  // An offer for citizen 0: a large QR code, the deep link, a 6-digit PIN.
  await page.locator('tr[data-citizen="0"] button[data-action=offer]').click();
  await page.waitForSelector("#offer:not([hidden]) #offer-qr svg");
  const qr = await page.locator("#offer-qr svg").boundingBox();
  assert.ok(qr.width >= 300 && qr.height >= 300, `QR ${qr.width}x${qr.height}`);
  assert.ok((await page.locator("#offer-qr svg path").getAttribute("d")).length > 1000);
  const link = await page.locator("#offer-link").inputValue();
  assert.match(link, /^openid-credential-offer:\/\/\?credential_offer=/);
  assert.equal(await page.locator("#offer-open").getAttribute("href"), link);
  assert.match(await page.locator("#offer-pin").textContent(), /^\d{6}$/);
  const offered = JSON.parse(decodeURIComponent(link.split("credential_offer=")[1]));
  assert.equal(offered.credential_issuer, server.base);

  // For the Android emulator, by reference: the link names 10.0.2.2.
  await page.selectOption("#target", "android");
  await page.check("#by-ref");
  await page.locator('tr[data-citizen="4"] button[data-action=offer]').click();
  await page.waitForFunction(() => document.getElementById("offer-link").value.includes("credential_offer_uri"));
  const port = new URL(server.base).port;
  assert.equal(
    decodeURIComponent((await page.locator("#offer-link").inputValue()).split("credential_offer_uri=")[1]).replace(/\/offers\/.*/, ""),
    `http://10.0.2.2:${port}`,
  );
  assert.equal(await page.locator("#offer-issuer").textContent(), `http://10.0.2.2:${port}`);

  // Back to citizen 0's offer for the screenshot.
  await page.selectOption("#target", "here");
  await page.uncheck("#by-ref");
  await page.locator('tr[data-citizen="0"] button[data-action=offer]').click();
  await page.waitForFunction(() => document.getElementById("offer-title").textContent.includes("#0 "));
  await page.evaluate(() => window.scrollTo(0, 0));
  mkdirSync(dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });

  assert.deepEqual(browser.errors, [], "console errors (CSP violations included)");
});

test("portal: an admin token typed into the page is kept for the tab", async (t) => {
  const token = "portal-test-" + Math.random().toString(36).slice(2);
  const server = await startServer(["--admin-token", token]);
  t.after(() => server.stop());
  const browser = await openBrowser();
  t.after(() => browser.close());
  const { page } = browser;

  await page.goto(server.base + "/");
  await page.waitForSelector("#status.error");
  assert.match(await page.locator("#status").textContent(), /401/);
  assert.equal(await page.locator("#citizens tbody tr").count(), 0);
  // The anchor is public.
  assert.equal(await page.locator("#anchor-kid").textContent(), server.anchor);

  await page.fill("#token", token);
  await page.locator("#token-form button[type=submit]").click();
  await page.waitForFunction(() => document.querySelectorAll("#citizens tbody tr").length >= 50);
  assert.equal(await page.evaluate(() => sessionStorage.getItem("vidi-admin-token")), token);

  // A reload in the same tab keeps it.
  await page.reload();
  await page.waitForSelector("body[data-loaded=true]");
  await page.locator('tr[data-citizen="1"] button[data-action=offer]').click();
  await page.waitForSelector("#offer:not([hidden]) #offer-qr svg");
  assert.match(await page.locator("#offer-pin").textContent(), /^\d{6}$/);

  // A wrong token is refused, and forgetting it locks the page again.
  await page.fill("#token", "wrong");
  await page.locator("#token-form button[type=submit]").click();
  await page.waitForFunction(() => /401/.test(document.getElementById("status").textContent));
  await page.locator("#token-clear").click();
  assert.equal(await page.evaluate(() => sessionStorage.getItem("vidi-admin-token")), null);

  // 401 answers are logged by Chromium as failed resources; nothing else.
  assert.deepEqual(browser.errors.filter((e) => !/401/.test(e)), []);
});

/** Serves `html` at / from a second loopback origin (another port): "another website". */
async function evilSite(html) {
  const site = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise((r) => site.listen(0, "127.0.0.1", r));
  return {
    origin: `http://127.0.0.1:${site.address().port}`,
    // The browser's keep-alive connections would hold close() open.
    close: () => new Promise((r) => { site.close(r); site.closeAllConnections(); }),
  };
}

test("portal: another website cannot drive the admin API, nor a DNS name rebound to it", async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  await issue(server.base, 0, "national_id", 1);
  const citizen = await json(await fetch(server.base + "/admin/citizens/0"));
  const id = citizen.documents.flatMap((d) => d.credentials)[0].id;
  const revoke = `${server.base}/admin/credentials/${id}/revoke`;

  // The page of another origin: a script's no-cors fetch (text/plain, as
  // in the issue), a JSON fetch (needs a CORS preflight), and a form
  // posted into a frame, each at revocation, suspension and key rotation.
  const evil = await evilSite(`<!doctype html><title>evil</title>
<iframe name="sink"></iframe>
<form id="f" method="POST" action="${server.base}/admin/keys/rotate" enctype="text/plain" target="sink">
  <input name="x" value="y"></form>
<script>
  window.done = (async () => {
    const out = {};
    try { await fetch(${JSON.stringify(revoke)}, { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body: "x" }); out.noCors = "sent"; }
    catch (e) { out.noCors = "blocked"; }
    try { await fetch(${JSON.stringify(server.base + "/admin/credentials/" + id + "/suspend")}, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }); out.json = "read"; }
    catch (e) { out.json = "blocked"; }
    document.getElementById("f").submit();
    return out;
  })();
</script>`);
  t.after(() => evil.close());

  const browser = await openBrowser(["--host-resolver-rules=MAP attacker.example 127.0.0.1"]);
  t.after(() => browser.close());
  const { page } = browser;
  const statuses = [];
  page.on("response", (r) => { if (r.url().includes("/admin/")) statuses.push([r.request().method(), new URL(r.url()).pathname, r.status()]); });

  const formAnswer = page.waitForResponse((r) => r.url().endsWith("/admin/keys/rotate"));
  const revokeAnswer = page.waitForResponse((r) => r.url() === revoke);
  await page.goto(evil.origin + "/");
  const out = await page.evaluate(() => window.done);
  // The JSON fetch needed a preflight the server never grants: never sent.
  assert.equal(out.json, "blocked");
  assert.equal((await revokeAnswer).status(), 403, "the no-cors revoke is refused");
  const form = await formAnswer;
  assert.equal(form.status(), 403, "the form's key rotation is refused");
  assert.equal((await form.json()).vidi_reason, "foreign_origin");
  assert.ok(!statuses.some(([m, p]) => m === "POST" && p.endsWith("/suspend")), JSON.stringify(statuses));

  // DNS rebinding: attacker.example resolves to 127.0.0.1, the server's
  // port, so the portal page loads, but every admin request names the
  // attacker's host and is refused.
  const port = new URL(server.base).port;
  await page.goto(`http://attacker.example:${port}/`);
  await page.waitForSelector("#status.error");
  assert.match(await page.locator("#status").textContent(), /403/);
  assert.equal(await page.locator("#citizens tbody tr").count(), 0);
  const rebound = await page.evaluate(async (path) => {
    const r = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    return [r.status, (await r.json()).vidi_reason];
  }, `/admin/credentials/${id}/revoke`);
  assert.deepEqual(rebound, [403, "foreign_host"]);

  // Nothing was revoked, suspended or rotated.
  const after = await json(await fetch(server.base + "/admin/citizens/0"));
  assert.equal(after.documents.flatMap((d) => d.credentials).find((c) => c.id === id).state, "valid");
  const keys = await json(await fetch(server.base + "/admin/keys"));
  assert.equal(keys.length, 1);

  // The portal on its own origin still revokes.
  await page.goto(server.base + "/");
  await page.waitForSelector("body[data-loaded=true]");
  await page.locator(`[data-credential="${id}"] button[data-action=revoke]`).click();
  await page.waitForSelector(`[data-credential="${id}"] [data-state=revoked]`);
});
