// The mock online public service's page (/rp) in headless Chromium, end to
// end with the terminal wallet.
//
// Starts the server binary, issues the reference citizen's documents into a
// fresh `vidi` wallet (an offer from the admin API, `vidi wallet add`), then
// for each of the three services: the page starts a session, the test reads
// the request link from the page as a user would copy it, `vidi wallet
// present --request <link> --yes` answers, and the page shows the verified
// claims by itself. Then `--no` (the page shows the decline), and each
// refusal the service makes to answers posted over HTTP by this test, a
// holder written here with `jose` (an independent JOSE implementation) and
// node:crypto: a response replayed into another session, the same
// presentation re-encrypted to that session, a wrong nonce, a tampered
// disclosure, a second answer; last, a revoked credential, and a return
// link to a session the service does not know. Along the way: the status
// is a live region that polls leave alone, and no console error (CSP
// violations included).
//
// Run with tests/portal/run.sh, or `node --test rp.test.js` here once
// `cargo build -p vidi-server-mock -p vidi-cli --bins` and `npm ci` have
// run. Environment (besides harness.js's):
//   VIDI_BIN        the wallet CLI (default target/debug/vidi)
//   RP_SCREENSHOT   where the verified page goes (default target/rp.png)

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { CompactEncrypt, SignJWT, decodeJwt, exportJWK, generateKeyPair, importJWK } from "jose";
import { ROOT, json, openBrowser, startServer } from "./harness.js";

const VIDI = process.env.VIDI_BIN || join(ROOT, "target", "debug", "vidi");
const SCREENSHOT = process.env.RP_SCREENSHOT || join(ROOT, "target", "rp.png");
const PASSPHRASE = "correct horse battery staple";
const PRE_AUTHORIZED = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
const REFERENCE_NAME = "Nguyễn Thị Thanh Hương";
const RESIDENCE = ["full_name", "personal_id_number", "date_of_birth", "place_of_residence"];
const run = promisify(execFile);

/** `vidi wallet --dir DIR ARGS`: { code, out } (stdout and stderr). */
async function wallet(dir, ...args) {
  try {
    const { stdout, stderr } = await run(VIDI, ["wallet", "--dir", dir, ...args], {
      env: { ...process.env, VIDI_PASSPHRASE: PASSPHRASE, VIDI_SCRYPT_LOG_N: "10", NO_COLOR: "1" },
    });
    return { code: 0, out: stdout + stderr, stdout };
  } catch (e) {
    return { code: e.code, out: (e.stdout || "") + (e.stderr || ""), stdout: e.stdout || "" };
  }
}

const post = (url, body) => fetch(url, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** The page starts `service`; its session id and the link as shown. */
async function startOnPage(page, base, service) {
  await page.goto(base + "/rp");
  await page.waitForSelector("body[data-loaded=true]");
  await page.locator(`[data-start=${service}]`).click();
  await page.waitForSelector("#session[data-state=waiting] #qr svg");
  const link = await page.locator("#link-text").inputValue();
  assert.match(link, /^openid4vp:\/\/\?client_id=verifier_attestation%3Adichvucong\.vidi\.test&request_uri=/);
  assert.equal(await page.locator("#wallet-link").getAttribute("href"), link);
  const id = new URL(page.url()).searchParams.get("session");
  assert.ok(decodeURIComponent(link).endsWith("/rp/requests/" + id), link);
  return { id, link };
}

async function claimsShown(page) {
  return page.locator("#claims tbody tr").evaluateAll((rows) => rows.map((r) => ({
    name: r.dataset.claim,
    label: r.querySelector("th").textContent,
    value: r.querySelector("td").textContent,
  })));
}

/** The session's request object, read as any wallet would (not verified here: tests/interop does). */
async function requestOf(link) {
  const uri = new URL(link).searchParams.get("request_uri");
  const response = await fetch(uri);
  assert.equal(response.status, 200);
  return decodeJwt(await response.text());
}

// ---- a holder written here: its own device key, presentations, JWE ----

const b64url = (data) => Buffer.from(data).toString("base64url");
const sha256 = (text) => createHash("sha256").update(text).digest("base64url");

/** The reference citizen's national ID as an SD-JWT VC bound to a key made here. */
async function issueHere(base) {
  const offer = await json(await post(base + "/admin/offers", { citizen: 0, document_types: ["national_id"] }));
  const code = offer.offer.grants[PRE_AUTHORIZED]["pre-authorized_code"];
  const token = await json(await fetch(base + "/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: PRE_AUTHORIZED, "pre-authorized_code": code, tx_code: offer.pin }),
  }));
  const { c_nonce: nonce } = await json(await fetch(base + "/nonce", { method: "POST" }));
  const device = await generateKeyPair("ES256");
  const proof = await new SignJWT({ aud: offer.offer.credential_issuer, nonce })
    .setProtectedHeader({ typ: "openid4vci-proof+jwt", alg: "ES256", jwk: await exportJWK(device.publicKey) })
    .setIssuedAt()
    .sign(device.privateKey);
  const issued = await json(await fetch(base + "/credential", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer " + token.access_token },
    body: JSON.stringify({ credential_configuration_id: "national_id_sd_jwt", proofs: { jwt: [proof] } }),
  }));
  return { credential: issued.credentials[0].credential, device };
}

/**
 * `<JWT>~<disclosures of names>~<KB-JWT>` for `aud` and `nonce`; `edit`
 * may change a disclosure's [salt, name, value] after the issuer signed it.
 */
async function presentHere(held, names, aud, nonce, edit = null) {
  const [jwt, ...disclosures] = held.credential.split("~").filter((p) => p);
  const chosen = disclosures
    .map((d) => [d, JSON.parse(Buffer.from(d, "base64url"))])
    .filter(([, [, name]]) => names.includes(name))
    .map(([d, parts]) => (edit ? b64url(JSON.stringify(edit(parts))) : d));
  assert.equal(chosen.length, names.length);
  const body = [jwt, ...chosen].join("~") + "~";
  const kb = await new SignJWT({ aud, nonce, sd_hash: sha256(body) })
    .setProtectedHeader({ typ: "kb+jwt", alg: "ES256" })
    .setIssuedAt()
    .sign(held.device.privateKey);
  return body + kb;
}

/** An authorization response encrypted to the request's key (direct_post.jwt). */
async function encryptTo(request, payload) {
  const [key] = request.client_metadata.jwks.keys;
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: "ECDH-ES", enc: "A128GCM", kid: key.kid })
    .encrypt(await importJWK(key, "ECDH-ES"));
}

/** `jwe` with its protected header's `kid` replaced (the rest kept as it was). */
function relabelled(jwe, kid) {
  const [header, ...rest] = jwe.split(".");
  const parsed = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
  parsed.kid = kid;
  return [Buffer.from(JSON.stringify(parsed)).toString("base64url"), ...rest].join(".");
}

/** Posts a response as a wallet would; { status, body }. */
async function answer(request, jwe) {
  const response = await fetch(request.response_uri, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ response: jwe }),
  });
  return { status: response.status, body: await response.json() };
}

/** `vp_token` with `presentation` under `request`'s one credential query id, and `state`. */
const vpToken = (request, presentation, state) =>
  ({ vp_token: { [request.dcql_query.credentials[0].id]: [presentation] }, state });

describe("online service page", () => {
  let server;
  let browser;
  let page;
  let dir;

  before(async () => {
    server = await startServer();
    browser = await openBrowser();
    page = browser.page;
    dir = mkdtempSync(join(tmpdir(), "vidi-rp-wallet-"));
    const offer = await json(await post(server.base + "/admin/offers", { citizen: 0 }));
    assert.equal((await wallet(dir, "init")).code, 0);
    const added = await wallet(dir, "add", "--offer", offer.offer_uri, "--pin", offer.pin);
    assert.equal(added.code, 0, added.out);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("each service: started on the page, answered by vidi, shown verified by the page itself", async () => {
    // Residence: the four claims, the citizen's name among them.
    let { id, link } = await startOnPage(page, server.base, "residence");
    assert.match(await page.locator("#state").textContent(), /Đang chờ ví… \/ Waiting for the wallet…/);
    assert.match(await page.locator("#countdown").textContent(), /^[45]:\d\d$/);
    // The status is a live region: polls that change nothing leave it alone.
    await page.evaluate(() => {
      window.stateChanges = 0;
      new MutationObserver(() => { window.stateChanges += 1; })
        .observe(document.getElementById("state"), { childList: true, subtree: true, characterData: true });
    });
    for (let i = 0; i < 2; i += 1) await page.waitForResponse((r) => r.url().endsWith("/rp/sessions/" + id));
    assert.equal(await page.evaluate(() => window.stateChanges), 0, "the waiting status was rewritten");
    const qr = await page.locator("#qr svg").boundingBox();
    assert.ok(qr.width >= 250 && qr.height >= 250, `QR ${qr.width}x${qr.height}`);
    let out = await wallet(dir, "present", "--request", link, "--yes", "--json");
    assert.equal(out.code, 0, out.out);
    const shared = JSON.parse(out.stdout);
    assert.equal(shared.result, "shared");
    assert.equal(shared.redirect_uri, `${server.base}/rp?session=${id}`);
    await page.waitForSelector("#session[data-state=verified]");
    assert.match(await page.locator("#state").textContent(), /Đã xác minh \/ Verified/);
    let rows = await claimsShown(page);
    assert.deepEqual(rows.map((r) => r.name), RESIDENCE, "in the order the card lists them");
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    assert.equal(byName.full_name.value, REFERENCE_NAME);
    assert.match(byName.full_name.label, /Họ, chữ đệm và tên\s*Full name/);
    assert.match(byName.personal_id_number.value, /^\d{12}$/);
    assert.match(byName.date_of_birth.value, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(byName.place_of_residence.value.length > 10);
    // The link and QR are gone once answered.
    assert.ok(await page.locator("#wallet-block").isHidden());
    await page.evaluate(() => window.scrollTo(0, 0));
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // The same-device return: the redirect the wallet got shows the result.
    const back = await browser.newPage();
    await back.goto(shared.redirect_uri);
    await back.waitForSelector("#session[data-state=verified]");
    assert.deepEqual((await claimsShown(back)).map((r) => r.value).includes(REFERENCE_NAME), true);
    assert.match(await back.locator("#session-title").textContent(), /Đăng ký tạm trú/);
    await back.close();

    // Age: one claim, and neither name nor birth date.
    ({ link } = await startOnPage(page, server.base, "age"));
    out = await wallet(dir, "present", "--request", link, "--yes");
    assert.equal(out.code, 0, out.out);
    await page.waitForSelector("#session[data-state=verified]");
    rows = await claimsShown(page);
    assert.deepEqual(rows.map((r) => r.name), ["age_over_18"]);
    assert.match(rows[0].label, /Đủ 18 tuổi\s*Aged 18 or over/);
    assert.match(rows[0].value, /^✓/);
    const result = await page.locator("#result").textContent();
    assert.ok(!result.includes(REFERENCE_NAME), "the age check shows no name");

    // Licence: number, classes and expiry of the licence.
    ({ link } = await startOnPage(page, server.base, "licence"));
    out = await wallet(dir, "present", "--request", link, "--yes");
    assert.equal(out.code, 0, out.out);
    await page.waitForSelector("#session[data-state=verified]");
    rows = await claimsShown(page);
    assert.deepEqual(rows.map((r) => r.name).sort(), ["date_of_expiry", "full_name", "licence_classes", "licence_number"]);
    assert.ok(rows.find((r) => r.name === "licence_classes").value.length > 0);
    assert.deepEqual(browser.errors, [], "console errors (CSP violations included)");
  });

  it("declining in the wallet: the page says the citizen declined", async () => {
    const { link } = await startOnPage(page, server.base, "residence");
    const out = await wallet(dir, "present", "--request", link, "--no");
    assert.equal(out.code, 0, out.out);
    await page.waitForSelector("#session[data-state=declined]");
    assert.match(await page.locator("#state").textContent(), /Người dùng đã từ chối \/ The citizen declined/);
    assert.ok(await page.locator("#result").isHidden());
  });

  it("the service's refusals of answers posted over HTTP, on the page", async () => {
    const held = await issueHere(server.base);
    const aud = "verifier_attestation:dichvucong.vidi.test";
    const pageA = page;
    const pageB = await browser.newPage();
    const a = await startOnPage(pageA, server.base, "residence");
    const b = await startOnPage(pageB, server.base, "residence");
    const requestA = await requestOf(a.link);
    const requestB = await requestOf(b.link);
    assert.notEqual(requestA.nonce, requestB.nonce);

    // A response made for A, replayed into B (its header's kid, which names
    // the session, changed to B's): it does not decrypt with B's key (the
    // header is authenticated too), and B keeps waiting for its own wallet.
    const forA = await presentHere(held, RESIDENCE, aud, requestA.nonce);
    const jweA = await encryptTo(requestA, vpToken(requestA, forA, requestA.state));
    const polled = pageB.waitForResponse((r) => r.url().endsWith("/rp/sessions/" + b.id));
    let r = await answer(requestB, relabelled(jweA, requestB.client_metadata.jwks.keys[0].kid));
    assert.equal(r.status, 400);
    assert.match(r.body.error_description, /not encrypted to this session/);
    await polled;
    assert.equal(await pageB.locator("#session").getAttribute("data-state"), "waiting");

    // The same presentation re-encrypted to B with B's state: refused for its nonce.
    r = await answer(requestB, await encryptTo(requestB, vpToken(requestB, forA, requestB.state)));
    assert.equal(r.status, 400);
    assert.match(r.body.error_description, /answers another nonce/);
    await pageB.waitForSelector("#session[data-state=refused]");
    let state = await pageB.locator("#state").textContent();
    assert.match(state, /Dịch vụ từ chối câu trả lời \/ The service refused the answer/);
    assert.match(state, /nonce không khớp/);
    assert.match(state, /key binding JWT answers another nonce/);
    await pageB.close();

    // A's own answer is accepted, once: a second answer is refused and the
    // page keeps the verified claims.
    r = await answer(requestA, jweA);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await pageA.waitForSelector("#session[data-state=verified]");
    assert.ok((await claimsShown(pageA)).some((c) => c.value === REFERENCE_NAME));
    r = await answer(requestA, await encryptTo(requestA, vpToken(requestA, forA, requestA.state)));
    assert.equal(r.status, 400);
    assert.match(r.body.error_description, /already answered/);
    const view = await json(await fetch(`${server.base}/rp/sessions/${a.id}`));
    assert.equal(view.state, "verified");
    await pageA.reload();
    await pageA.waitForSelector("#session[data-state=verified]");

    // A presentation made for another nonce.
    const c = await startOnPage(page, server.base, "age");
    const requestC = await requestOf(c.link);
    const wrongNonce = await presentHere(held, ["age_over_18"], aud, "not-the-sessions-nonce");
    r = await answer(requestC, await encryptTo(requestC, vpToken(requestC, wrongNonce, requestC.state)));
    assert.equal(r.status, 400);
    assert.match(r.body.error_description, /answers another nonce/);
    await page.waitForSelector("#session[data-state=refused]");
    assert.match(await page.locator("#state").textContent(), /nonce không khớp/);

    // A disclosure changed after the issuer signed it (a birth date moved
    // back), with a fresh key binding over the changed presentation.
    const d = await startOnPage(page, server.base, "residence");
    const requestD = await requestOf(d.link);
    const tampered = await presentHere(held, RESIDENCE, aud, requestD.nonce,
      ([salt, name, value]) => [salt, name, name === "date_of_birth" ? "1970-01-01" : value]);
    r = await answer(requestD, await encryptTo(requestD, vpToken(requestD, tampered, requestD.state)));
    assert.equal(r.status, 400);
    assert.match(r.body.error_description, /matches no digest the issuer signed/);
    await page.waitForSelector("#session[data-state=refused]");
    state = await page.locator("#state").textContent();
    assert.match(state, /Thông tin đã bị sửa sau khi cơ quan cấp ký/);
    assert.ok(!(await page.locator("#result").isVisible()), "no claim of a refused answer is shown");
    assert.deepEqual(browser.errors, [], "console errors (CSP violations included)");
  });

  it("a revoked credential: the page shows the service's refusal", async () => {
    const citizen = await json(await fetch(server.base + "/admin/citizens/0"));
    for (const c of citizen.documents.flatMap((d) => d.credentials).filter((c) => c.state === "valid")) {
      await json(await post(`${server.base}/admin/credentials/${c.id}/revoke`, {}));
    }
    const { link } = await startOnPage(page, server.base, "residence");
    const out = await wallet(dir, "present", "--request", link, "--yes");
    assert.equal(out.code, 1, out.out);
    assert.match(out.out, /the credential has been revoked/);
    await page.waitForSelector("#session[data-state=refused]");
    const state = await page.locator("#state").textContent();
    assert.match(state, /Giấy tờ đã bị thu hồi/);
    assert.match(state, /the credential has been revoked/);
    assert.deepEqual(browser.errors, [], "console errors (CSP violations included)");

    // A return link to a session the service does not know.
    await page.goto(server.base + "/rp?session=no-such-session");
    await page.waitForSelector("#session[data-state=missing]");
    assert.match(await page.locator("#state").textContent(), /Không tìm thấy phiên \/ No such session/);
    // Chromium logs the 404 as a failed resource; nothing else.
    assert.deepEqual(browser.errors.filter((e) => !/404/.test(e)), []);
  });
});
