// Settings → Mail accounts in a real browser against the real command layer,
// syncing from a real Dovecot on 127.0.0.1 with the password in a real Secret
// Service (gnome-keyring on a private D-Bus session): both started here, for
// this file only, and stopped when it ends.

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finish, perFile, screenshot, textMatching } from './harness.js';

const USER = 'lead@provider.example';
const PASSWORD = 'Pw-7f3Kq9-cutoff';
const root = mkdtempSync(path.join(tmpdir(), 'candor-mail-'));
// Dovecot's auth process (user dovecot) reads the passwd file below.
chmodSync(root, 0o755);
let bus;
let port;

/** A free loopback port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port: p } = s.address();
      s.close(() => resolve(p));
    });
  });
}

/** A D-Bus session with an unlocked gnome-keyring; the bridge (started after) inherits its address. */
async function startKeyring() {
  bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await new Promise((resolve, reject) => {
    bus.stdout.once('data', (d) => resolve(String(d).trim()));
    bus.once('error', () => reject(new Error('dbus-daemon is not installed (.ci/setup installs dbus)')));
  });
  process.env.DBUS_SESSION_BUS_ADDRESS = address;
  mkdirSync(path.join(root, 'data'), { recursive: true });
  mkdirSync(path.join(root, 'runtime'), { mode: 0o700 });
  execFileSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], {
    input: 'test-keyring',
    env: { ...process.env, XDG_DATA_HOME: path.join(root, 'data'), XDG_RUNTIME_DIR: path.join(root, 'runtime') },
    stdio: ['pipe', 'ignore', 'ignore'],
  });
}

const conf = path.join(root, 'dovecot', 'dovecot.conf');

async function startDovecot() {
  port = await freePort();
  const d = path.join(root, 'dovecot');
  for (const sub of ['run', 'state', 'mail']) mkdirSync(path.join(d, sub), { recursive: true });
  writeFileSync(path.join(d, 'passwd'), `${USER}:{PLAIN}${PASSWORD}\n`);
  writeFileSync(
    conf,
    `base_dir = ${d}/run\nstate_dir = ${d}/state\nlog_path = ${d}/log\ninfo_log_path = ${d}/log\n` +
      `protocols = imap\nlisten = 127.0.0.1\nssl = no\ndisable_plaintext_auth = no\nauth_mechanisms = plain login xoauth2\n` +
      `mail_location = maildir:${d}/mail/%u\nfirst_valid_uid = 1\n` +
      `namespace inbox {\n  inbox = yes\n  mailbox Sent {\n    special_use = \\Sent\n    auto = create\n  }\n}\n` +
      `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${d}/passwd\n}\n` +
      `userdb {\n  driver = static\n  args = uid=dovecot gid=dovecot home=${d}/mail/%u\n}\n` +
      `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n  chroot =\n}\n` +
      `service anvil {\n  chroot =\n}\n`,
  );
  execFileSync('chown', ['-R', 'dovecot:dovecot', path.join(d, 'mail')]);
  execFileSync('dovecot', ['-c', conf], { stdio: 'ignore' });
}

/** Writes `n` messages from the client into the Inbox's maildir (one in four from a shop). */
function fillInbox(n, from = 1) {
  const d = path.join(root, 'dovecot', 'mail', USER, 'new');
  mkdirSync(d, { recursive: true });
  for (let i = from; i < from + n; i++) {
    const sender = i % 4 === 0 ? 'Shop <news@shop.example>' : 'Maria Lopez <maria.lopez@northwind.example>';
    writeFileSync(
      path.join(d, `1800${String(i).padStart(6, '0')}.M${i}P1.test`),
      `From: ${sender}\r\nTo: Sam Carter <sam.carter@brightline.example>\r\nSubject: Cut-off batch ${i}\r\n` +
        `Date: Thu, 19 Nov 2026 10:00:00 +0100\r\nMessage-ID: <batch-${i}@northwind.example>\r\n\r\n${'The invoice cut-off moves.\r\n'.repeat(30)}`,
    );
  }
  execFileSync('chown', ['-R', 'dovecot:dovecot', path.join(root, 'dovecot', 'mail')]);
}

function deliver(subject) {
  execFileSync('doveadm', ['-c', conf, 'save', '-u', USER, '-m', 'INBOX'], {
    input:
      `From: Maria Lopez <maria.lopez@northwind.example>\r\nTo: Sam Carter <sam.carter@brightline.example>\r\nSubject: ${subject}\r\n` +
      `Date: Fri, 20 Nov 2026 17:30:00 +0100\r\nMessage-ID: <${subject.replace(/\W/g, '-')}@northwind.example>\r\n\r\nPlease confirm by Monday.\r\n`,
  });
}

// Before perFile() starts the bridge, which inherits the D-Bus address.
await startKeyring();
await startDovecot();
const bridge = perFile();

after(() => {
  try {
    execFileSync('doveadm', ['-c', conf, 'stop'], { stdio: 'ignore' });
  } catch {
    // not started
  }
  bus?.kill();
  if (!process.env.KEEP) rmSync(root, { recursive: true, force: true });
});

/** A stand-in for Microsoft's token endpoint on 127.0.0.1: codes and refresh tokens for Dovecot's password as the access token. */
function tokenEndpoint() {
  const grants = [];
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      grants.push(Object.fromEntries(form));
      const ok = (form.get('grant_type') === 'authorization_code' && form.get('code') === 'C' && form.get('code_verifier')) || form.get('grant_type') === 'refresh_token';
      res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          ok
            ? { access_token: PASSWORD, token_type: 'Bearer', expires_in: 3600, refresh_token: form.get('grant_type') === 'refresh_token' ? 'rt-2' : 'rt-1' }
            : { error: 'invalid_grant', error_description: 'unknown code' },
        ),
      );
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}/token`, grants, close: () => server.close() })));
}

const account = (page, name) => page.getByRole('listitem', { name: `Mail account ${name}` });

async function addAccount(page, { name, password }) {
  await page.getByRole('button', { name: 'Add a mail account…' }).click();
  await page.getByLabel('Account name').fill(name);
  await page.getByLabel('Mail server (IMAP)').fill('127.0.0.1');
  await page.getByLabel('Port').fill(String(port));
  await page.getByLabel('Connection').selectOption('plain');
  await page.getByLabel('User name').fill(USER);
  await page.getByLabel('Password or app password').fill(password);
  await page.getByRole('button', { name: 'Add account' }).click();
}

describe('mail accounts', () => {
  test('an account added in Settings syncs with progress, takes new mail as it arrives (IDLE) and on "Sync now", and keeps its password out of the file', async () => {
    const BATCH = 2000;
    fillInbox(BATCH);
    const wanted = BATCH - BATCH / 4;
    const app = await bridge.open({ demo: true, mailIdle: 2 });
    const { page, problems } = app;
    await page.getByRole('heading', { name: 'This week', level: 1 }).waitFor();
    await page.keyboard.press('Alt+0');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByText('No mail accounts yet.').waitFor();

    await addAccount(page, { name: 'work', password: PASSWORD });
    const work = account(page, 'work');
    await work.waitFor();
    const status = work.getByRole('status');
    await textMatching(status, /Reading Inbox: \d+ of 2000 new messages/, 'the sync in progress, folder and count');
    await work.getByRole('progressbar', { name: 'Sync of work' }).waitFor();
    await work.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'mail-syncing');
    await status.filter({ hasText: 'Up to date' }).waitFor({ timeout: 60000 });
    assert.equal((await work.locator('dd.num').textContent())?.trim(), String(wanted), 'the engagement’s mail taken, the shop’s passed over');
    assert.match((await work.textContent()) ?? '', /Password\s*kept in the login keyring/);
    assert.match((await work.textContent()) ?? '', /Last sync\s*(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} \w{3} \d{4}, \d{2}:\d{2}/);
    await work.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'mail-account');

    deliver('Revised cut-off calendar');
    await textMatching(work.locator('dd.num'), new RegExp(`^${wanted + 1}$`), 'a message delivered while watching is taken (IDLE)');
    const hits = await app.invoke('search', { query: 'Revised cut-off calendar', limit: 5 });
    assert.equal(hits.length, 1, 'the new message is in the log, once');

    deliver('Sync now please');
    await work.getByRole('button', { name: 'Sync now' }).click();
    await textMatching(work.locator('dd.num'), new RegExp(`^${wanted + 2}$`), '"Sync now" reads the folders');

    const { db_path } = await app.invoke('app_state');
    for (const f of [db_path, `${db_path}-wal`]) {
      let bytes = '';
      try {
        bytes = readFileSync(f).toString('latin1');
      } catch {
        continue;
      }
      assert.ok(!bytes.includes(PASSWORD), `the password is not in ${path.basename(f)}`);
    }

    await work.getByRole('button', { name: 'Remove…' }).click();
    await work.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByText('No mail accounts yet.').waitFor();
    const left = await app.invoke('search', { query: 'Revised cut-off calendar', limit: 5 });
    assert.equal(left.length, 1, 'what it took stays in the log');
    await finish(page, problems);
  });

  test('a Microsoft 365 account signs in in the browser (PKCE, loopback redirect), then syncs over XOAUTH2', async () => {
    const endpoint = await tokenEndpoint();
    const app = await bridge.open({ demo: true, mailIdle: 2, oauthTokenUrl: endpoint.url, oauthImapPort: port });
    const { page, problems } = app;
    await page.getByRole('heading', { name: 'This week', level: 1 }).waitFor();
    await page.keyboard.press('Alt+0');
    await page.getByRole('button', { name: 'Add a Microsoft 365 account…' }).click();
    await page.getByLabel('Account name').fill('m365');
    await page.getByLabel('Application (client) id').fill('test-client');
    await page.getByLabel('E-mail address').fill(USER);
    await screenshot(page, 'mail-microsoft');
    await page.getByRole('button', { name: 'Sign in in the browser' }).click();
    let opened = [];
    for (let i = 0; i < 50 && opened.length === 0; i++) {
      opened = await app.post('/opened');
      if (opened.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(opened.length, 1, 'the app opened the sign-in page in the browser');
    const signIn = new URL(opened[0]);
    assert.equal(signIn.searchParams.get('client_id'), 'test-client');
    assert.equal(signIn.searchParams.get('code_challenge_method'), 'S256');
    assert.match(signIn.searchParams.get('scope') ?? '', /IMAP\.AccessAsUser\.All/);
    const redirect = new URL(signIn.searchParams.get('redirect_uri') ?? '');
    assert.equal(redirect.hostname, '127.0.0.1', 'the redirect comes back to this machine');
    // The test plays the browser: Microsoft sends it back with a code.
    const back = await fetch(`${redirect.origin}${redirect.pathname}?code=C&state=${encodeURIComponent(signIn.searchParams.get('state') ?? '')}`);
    assert.equal(back.status, 200);
    const m365 = account(page, 'm365');
    await m365.getByRole('status').filter({ hasText: 'Up to date' }).waitFor({ timeout: 30000 });
    assert.match((await m365.textContent()) ?? '', /kept in the login keyring/);
    assert.deepEqual(
      endpoint.grants.map((g) => g.grant_type),
      ['authorization_code', 'refresh_token'],
      'the code exchanged once, then a fresh access token from the refresh token',
    );
    assert.ok(readFileSync(path.join(root, 'dovecot', 'log'), 'utf8').includes('method=XOAUTH2'), 'signed in over XOAUTH2');
    endpoint.close();
    await finish(page, problems);
  });

  test('a refused sign-in is said in words and the account stops until asked again', async () => {
    const app = await bridge.open({ demo: true, mailIdle: 2 });
    const { page, problems } = app;
    await page.getByRole('heading', { name: 'This week', level: 1 }).waitFor();
    await page.keyboard.press('Alt+0');
    await addAccount(page, { name: 'typo', password: 'not-the-password' });
    const typo = account(page, 'typo');
    await typo.getByRole('status').filter({ hasText: 'Stopped' }).waitFor({ timeout: 20000 });
    assert.match((await typo.textContent()) ?? '', /refused to sign in lead@provider\.example/);
    await typo.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'mail-refused');
    await finish(page, problems);
  });
});
