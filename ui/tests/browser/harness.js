// Serves the built UI (ui/dist) on 127.0.0.1 and drives it in Debian's chromium
// against the real desktop command layer: candor-bridge (src-tauri/src/bridge.rs,
// built with `cargo build -p candor-desktop --features test-bridge --bin candor-bridge`),
// one process per test file, a fresh data folder and database per page.
//
// The page's IPC (ipc-shim.js) posts each command to http://ipc.localhost/<cmd>;
// page.route answers those from node: the file dialogs from the test's options,
// everything else by forwarding it, with the bridge's token, to the bridge.

import { after, before } from 'node:test';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DIST = path.resolve(here, '../../dist');
export const SCREENSHOTS = path.join(here, 'screenshots');
const SHIM = path.join(here, 'ipc-shim.js');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const BRIDGE = process.env.CANDOR_BRIDGE ?? path.resolve(here, '../../../target/debug/candor-bridge');
/** The demo's "now": Fri 20 Nov 2026, 18:00 in Madrid. The page's clock and the bridge's both read it. */
export const NOW = '2026-11-20T17:00:00.000Z';

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

/**
 * A static server for ui/dist on a random port, and a bridge process; resolves
 * with the origin, the bridge and a close() that stops both.
 */
export async function serve() {
  if (!existsSync(path.join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html is missing: run "npm run build" first`);
  const bridge = await startBridge();
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
  return {
    origin: `http://127.0.0.1:${port}`,
    bridge,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await bridge.close();
    },
  };
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

/**
 * Starts candor-bridge as a child: it prints `{"port":N,"token":"..."}` when ready
 * and exits when its stdin closes (so it cannot outlive this process).
 */
export async function startBridge() {
  if (!existsSync(BRIDGE))
    throw new Error(`${BRIDGE} is missing: run "cargo build -p candor-desktop --features test-bridge --bin candor-bridge" (or set CANDOR_BRIDGE)`);
  const child = spawn(BRIDGE, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const { port, token } = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line));
      } catch (e) {
        reject(new Error(`candor-bridge said ${line}: ${e}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`candor-bridge exited with ${code} before it was ready`)));
  });
  /** POSTs `body` to one of the bridge's endpoints; resolves with its JSON answer. */
  async function post(endpoint, body = {}) {
    const response = await fetch(`http://127.0.0.1:${port}${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-candor-bridge-token': token },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(`candor-bridge ${endpoint}: ${answer.error}`);
    return answer;
  }
  return {
    post,
    /** Runs a command as the page would; resolves with its value, rejects with its AppError. */
    async invoke(cmd, args = {}) {
      const answer = await post('/invoke', { cmd, args });
      if ('err' in answer) throw answer.err;
      return answer.ok;
    },
    close: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

// The files the import tests pick or drop, written into each page's fresh home (Mail/).
// The hostile HTML part: what a careless viewer would execute or fetch.
export const HOSTILE_HTML = `<html><head><script>window.__pwned = 'script'; parent.__pwned = 'script';</script></head><body>
<p>Sam, the <b>revised cut-off calendar</b> is below.</p>
<img src="https://tracker.example/pixel.gif?m=1" onerror="window.__pwned = 'onerror'; parent.__pwned = 'onerror'">
<p><a id="calendar-link" href="javascript:parent.__pwned = 'link'">Open the calendar</a> or <a href="https://northwind.example/calendar">the intranet page</a>.</p>
<table><tr><th>Month</th><th>Cut-off</th></tr><tr><td>November</td><td>Wed 25 Nov</td></tr><tr><td>December</td><td>Tue 22 Dec</td></tr></table>
<div style="background:url(https://tracker.example/bg.png)" onclick="parent.__pwned = 'click'">Please confirm.</div>
</body></html>`;

export const MAIL_FILES = {
  'cutoff-calendar.eml': `From: Maria Lopez <maria.lopez@northwind.example>
To: Sam Carter <sam.carter@brightline.example>, Unknown Person <x.unknown@northwind.example>
Subject: Revised cut-off calendar
Date: Wed, 18 Nov 2026 10:30:00 +0100
Message-ID: <cutoff-calendar-1@northwind.example>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

Sam, the revised cut-off calendar is below. November closes on Wed 25 Nov, December on Tue 22 Dec. Please confirm.

--b1
Content-Type: text/html; charset=utf-8

${HOSTILE_HTML}
--b1--
`,
  'november.mbox': `From maria.lopez@northwind.example Wed Nov 18 09:30:00 2026
From: Maria Lopez <maria.lopez@northwind.example>
To: Sam Carter <sam.carter@brightline.example>
Subject: Revised cut-off calendar
Date: Wed, 18 Nov 2026 10:30:00 +0100
Message-ID: <cutoff-calendar-1@northwind.example>

Sam, the revised cut-off calendar is below. Please confirm.

From jonas.weber@northwind.example Thu Nov 19 07:05:00 2026
From: Jonas Weber <jonas.weber@northwind.example>
To: Sam Carter <sam.carter@brightline.example>, Freight Desk <freight.desk@northwind.example>
Subject: Transnorte PODs for October
Date: Thu, 19 Nov 2026 08:05:00 +0100
Message-ID: <pods-oct@northwind.example>
Content-Type: text/plain; charset=utf-8

Sam, attached are the Transnorte PODs for October. The freight desk will send the rest.

From nobody Thu Nov 19 07:05:00 2026
Subject: (no date, no sender)

Broken message without headers.
`,
  'steering.ics': 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Broken\r\nEND:VCALENDAR\r\n',
};

/**
 * A fresh page on the app, talking to the bridge, its clock fixed at the demo's
 * "now" (Fri 20 Nov 2026, 18:00 in Madrid). Each page gets a fresh home folder
 * and database from the bridge: empty (the first run), or with `demo: true` the
 * demo already loaded (plus `scale` synthetic communications) and its lead as
 * the identity. The fixture mail files are in `<home>/Mail`.
 *
 * Options (paths relative to the home folder; `app.options` can be changed later):
 *   demo, scale   see above
 *   demoFiles     paths where a demo database with no identity is written (someone else's shared file)
 *   mboxFiles     { path: n }: the core's synthetic mbox of n messages (demo::mbox), for a long import
 *   openPath      what the "open" dialog returns for a database
 *   importPaths   what the "open" dialog returns when asked for several files (default: none)
 *   folderPath    what the "open" dialog returns when asked for a folder
 *   savePath      what the "save" dialog returns (default: the suggested name, in the home folder)
 *
 * Resolves with { page, problems, calls, options, home, invoke, settled }: `calls`
 * lists every command the page sent ({cmd, args}), `invoke` runs one from the
 * test, `settled()` waits until the page's commands have all answered.
 * `problems` collects console errors, uncaught exceptions, CSP violations and
 * any request that leaves the test server: a test ends by asserting it is empty.
 */
export async function openApp(context, server, options = {}) {
  const { bridge, origin } = server;
  const { home } = await bridge.post('/reset', { demo: options.demo ?? false, scale: options.scale ?? 0, now: NOW, mail_idle: options.mailIdle, oauth_token_url: options.oauthTokenUrl, oauth_imap_port: options.oauthImapPort });
  const within = (p) => (p == null ? p : path.resolve(home, p));
  await mkdir(path.join(home, 'Mail'), { recursive: true });
  for (const [name, text] of Object.entries(MAIL_FILES)) await writeFile(path.join(home, 'Mail', name), text);
  for (const file of options.demoFiles ?? []) await bridge.post('/demo-file', { path: within(file) });
  for (const [file, n] of Object.entries(options.mboxFiles ?? {})) await bridge.post('/mbox-file', { path: within(file), n });
  const settings = { ...options };
  const calls = [];
  let inFlight = 0;

  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(NOW));
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
  const dialogs = {
    'plugin:dialog|open': (a) => {
      const o = a?.options ?? {};
      if (o.directory) {
        const chosen = within(settings.folderPath ?? 'Reports');
        mkdirSync(chosen, { recursive: true });
        return chosen;
      }
      if (o.multiple) return settings.importPaths?.map(within) ?? null;
      return within(settings.openPath) ?? null;
    },
    // A save dialog returns a path in a folder that exists.
    'plugin:dialog|save': (a) => {
      const chosen = within(settings.savePath ?? a?.options?.defaultPath ?? 'candor-backup.db');
      mkdirSync(path.dirname(chosen), { recursive: true });
      return chosen;
    },
  };
  // Registered last, so asked first: the page's IPC.
  await page.route('http://ipc.localhost/**', async (route) => {
    const cmd = decodeURIComponent(new URL(route.request().url()).pathname.slice(1));
    const body = route.request().postData() ?? '{}';
    let answer;
    try {
      if (cmd === '__channel') {
        answer = await bridge.post('/channel');
      } else {
        const args = JSON.parse(body);
        calls.push({ cmd, args });
        if (dialogs[cmd]) answer = { ok: dialogs[cmd](args) };
        else {
          inFlight++;
          try {
            answer = await bridge.post('/invoke', `{"cmd":${JSON.stringify(cmd)},"args":${body}}`);
          } finally {
            inFlight--;
          }
        }
      }
    } catch (e) {
      // The page (or the bridge) went away while a command ran: nobody is waiting for it.
      if (page.isClosed()) return;
      problems.push(`bridge: ${cmd}: ${e}`);
      answer = { err: { kind: 'internal', message: String(e), fields: [] } };
    }
    await route
      .fulfill({
        status: 200,
        headers: { 'content-type': 'application/json', 'access-control-allow-origin': origin },
        body: JSON.stringify(answer),
      })
      .catch(() => {});
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
  await page.addInitScript({ path: SHIM });
  await page.goto(`${origin}/`);
  /** Resolves once no command has been running for `quiet` ms. */
  async function settled(quiet = 200) {
    let since = Date.now();
    while (Date.now() - since < quiet) {
      if (inFlight > 0) since = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return { page, problems, calls, options: settings, home, invoke: bridge.invoke, post: bridge.post, settled };
}

/**
 * One bridge and one browser for the whole test file, started before its tests and closed after them;
 * `open(options)` opens the app on a fresh database (the options of openApp).
 */
export function perFile() {
  let server;
  let browser;
  before(async () => {
    server = await serve();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return { open: (options) => openApp(browser.context, server, options) };
}

/** The end of a test: nothing went wrong in the page (console errors, CSP violations, remote requests), which is closed. */
/** The demo loaded through the app of `bridge` (from `perFile()`); the app opens on This week. */
export async function openDemo(bridge, options) {
  const app = await bridge.open(options);
  await app.page.getByRole('button', { name: /Load the demo engagement/ }).click();
  await app.page.getByRole('heading', { name: 'This week', level: 1 }).waitFor();
  // The views' lists have all been read (forms take their choices from them when they open).
  await app.settled();
  return app;
}

export async function finish(page, problems) {
  assert.deepEqual(problems, [], 'no console errors, CSP violations or remote requests');
  await page.close();
}

/** Goes to a view by its shortcut, once its heading shows. */
export async function showView(page, key, heading) {
  await page.keyboard.press(key);
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
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

/**
 * Waits (up to the default timeout) until the locator's text matches `pattern`,
 * then asserts it: for what the page redraws once a write has answered.
 */
export async function textMatching(locator, pattern, message) {
  const started = Date.now();
  let text = '';
  while (Date.now() - started < 5000) {
    text = (await locator.textContent({ timeout: 5000 })) ?? '';
    if (pattern.test(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.match(text, pattern, message);
  return text;
}
