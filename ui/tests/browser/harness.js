// Serves the built UI (ui/dist) on 127.0.0.1 and drives it in Debian's chromium
// with the fake backend standing in for the Rust side.

import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DIST = path.resolve(here, '../../dist');
export const SCREENSHOTS = path.join(here, 'screenshots');
const FAKE = path.join(here, 'fake-backend.js');
const FIXTURE = path.join(here, 'fixtures', 'demo.json');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// The CSP the Tauri window enforces (tauri.conf.json), minus what only a Tauri window serves.
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src ipc: http://ipc.localhost; object-src 'none'; base-uri 'none'; form-action 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** A static server for ui/dist on a random port; resolves with its origin and a close(). */
export async function serve() {
  if (!existsSync(path.join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html is missing: run "npm run build" first`);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = path.resolve(DIST, `.${rel}`);
    if (!file.startsWith(DIST)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CSP,
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Chromium with a throwaway profile. */
export async function launch() {
  const profile = await mkdtemp(path.join(tmpdir(), 'candor-ui-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    timezoneId: 'Europe/Madrid',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context.setDefaultTimeout(5000);
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

let fixture;

/** The fake backend's data: the real CLI's demo, flags, reports and imports (fixtures/make-fixtures.mjs). */
export async function demoFixture() {
  fixture ??= JSON.parse(await readFile(FIXTURE, 'utf8'));
  return fixture;
}

/**
 * A fresh page on the app with the fake backend installed, its clock fixed at the
 * demo's "now" (Fri 20 Nov 2026, 18:00 in Madrid). `problems` collects console
 * errors, uncaught exceptions, CSP violations and any request that leaves the
 * test server: a test ends by asserting it is empty.
 */
export async function openApp(context, origin, fakeOptions = {}) {
  const page = await context.newPage();
  const data = await demoFixture();
  await page.clock.setFixedTime(new Date(data.now));
  const problems = [];
  // The init scripts below run in every frame; in a sandboxed frame (report preview,
  // formatted e-mail) Chromium refuses them, which is the sandbox doing its job.
  const sandboxed = /^Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/;
  page.on('console', (m) => {
    if (m.type() === 'error' && !sandboxed.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin)) return route.continue();
    problems.push(`remote request: ${url}`);
    return route.abort();
  });
  await page.addInitScript(() => {
    try {
      if (!sessionStorage.getItem('candor-test-started')) {
        localStorage.clear();
        sessionStorage.setItem('candor-test-started', '1');
      }
    } catch {
      return;
    }
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.addInitScript(
    ([options, demo]) => {
      window.__CANDOR_FAKE_OPTIONS__ = options;
      window.__CANDOR_FIXTURE__ = demo;
    },
    [fakeOptions, data],
  );
  await page.addInitScript({ path: FAKE });
  await page.goto(`${origin}/`);
  return { page, problems };
}

export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.evaluate(() => document.querySelectorAll('button[aria-label="Dismiss"]').forEach((b) => b.click()));
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** "Tue 17 Nov 2026, 16:45" */
export const LOCAL_TIME = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}, \d{2}:\d{2}$/;
