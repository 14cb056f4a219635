// What the browser tests share: the server binary on a free loopback port,
// a headless Chromium with a fresh profile, JSON answers.
//
// Environment:
//   VIDI_SERVER_MOCK_BIN  the server binary (default target/debug/vidi-server-mock)
//   CHROMIUM              the browser (default /usr/bin/chromium)

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = process.env.VIDI_SERVER_MOCK_BIN || join(ROOT, "target", "debug", "vidi-server-mock");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

/** Starts the server; resolves once its banner names the base URL. */
export async function startServer(extraArgs = []) {
  const dataDir = mkdtempSync(join(tmpdir(), "vidi-portal-"));
  const child = spawn(BIN, ["--data-dir", dataDir, "--listen", "127.0.0.1:0", "--quiet", ...extraArgs], {
    stdio: ["ignore", "pipe", "inherit"],
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "VIDI_ADMIN_TOKEN")),
  });
  const banner = [];
  const ready = new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error("no banner in 60 s: " + banner.join("\n"))), 60_000);
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${banner.join("\n")}`)));
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      banner.push(line);
      if (line.includes("Ctrl-C")) {
        clearTimeout(timer);
        resolveReady();
      }
    });
  });
  await ready;
  const field = (label) => banner.find((l) => l.trimStart().startsWith(label))?.trim().slice(label.length).trim();
  const base = field("this machine");
  const anchor = field("trust anchor")?.split(/\s+/)[0];
  assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
  return {
    base,
    anchor,
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGINT");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A browser page with a fresh profile; collects console errors (CSP violations included). */
export async function openBrowser(extraArgs = []) {
  const profile = mkdtempSync(join(tmpdir(), "vidi-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 1100 },
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ...extraArgs,
    ],
  });
  const errors = [];
  const watch = (page) => {
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(String(e)));
    // Revoke and rotate ask for confirmation.
    page.on("dialog", (d) => d.accept());
    return page;
  };
  const page = watch(context.pages()[0] || (await context.newPage()));
  return {
    page,
    errors,
    /** Another tab, watched the same way. */
    async newPage() {
      return watch(await context.newPage());
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The JSON body of a successful answer. */
export async function json(response) {
  const body = await response.json();
  assert.ok(response.ok, `${response.status} ${JSON.stringify(body)}`);
  return body;
}
