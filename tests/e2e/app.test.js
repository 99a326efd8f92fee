// End to end through the real Candor window: tauri-driver drives WebKitWebDriver,
// which starts the built desktop binary (CANDOR_APP) against a fresh database.
// Run under Xvfb by .ci/test.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { remote } from 'webdriverio';

const APP = process.env.CANDOR_APP;
const DRIVER = process.env.TAURI_DRIVER ?? 'tauri-driver';
const CLI = process.env.CANDOR_CLI;
const home = mkdtempSync(path.join(tmpdir(), 'candor-e2e-'));
const env = {
  ...process.env,
  CANDOR_DB: path.join(home, 'record.db'),
  XDG_CONFIG_HOME: path.join(home, 'config'),
  XDG_DATA_HOME: path.join(home, 'data'),
};

let driver;

async function startDriver() {
  driver = spawn(DRIVER, ['--port', '4444'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  await new Promise((resolve) => setTimeout(resolve, 800));
}

function stopDriver() {
  driver?.kill();
  driver = undefined;
}

async function openApp() {
  return remote({
    hostname: '127.0.0.1',
    port: 4444,
    logLevel: 'error',
    capabilities: { 'tauri:options': { application: APP }, 'wdio:enforceWebDriverClassic': true },
  });
}

/** The form control labelled `label` inside the open form. */
function field(browser, label) {
  return browser.$(`//form//label[starts-with(normalize-space(.), "${label}")]/following-sibling::*[self::input or self::select or self::textarea][1]`);
}

/** Opens the Stakeholders view from the sidebar and waits for it. */
async function openStakeholders(browser) {
  const item = await browser.$('//nav[@aria-label="Views"]//button[.//span[normalize-space(.)="Stakeholders"]]');
  await item.waitForClickable({ timeout: 20000 });
  await item.click();
  await (await browser.$('h1=Stakeholders')).waitForDisplayed({ timeout: 20000 });
}

before(async () => {
  assert.ok(APP && existsSync(APP), `CANDOR_APP must name the built desktop binary (got ${APP})`);
  await startDriver();
});

after(() => {
  stopDriver();
  rmSync(home, { recursive: true, force: true });
});

test('load the demo, add a department, restart, and find it listed', async () => {
  let browser = await openApp();
  try {
    const demo = await browser.$('button*=Load the demo engagement');
    await demo.waitForClickable({ timeout: 20000 });
    await demo.click();
    await openStakeholders(browser);
    await (await browser.$('button=Add department')).click();
    await (await field(browser, 'Party')).selectByVisibleText('Northwind Foods');
    await (await field(browser, 'Name')).setValue('Treasury (e2e)');
    await (await browser.$('form button[type="submit"]')).click();
    await (await browser.$('//*[contains(text(), "Treasury (e2e)")]')).waitForDisplayed({ timeout: 10000 });
  } catch (e) {
    if (process.env.E2E_SHOTS) await browser.saveScreenshot(path.join(process.env.E2E_SHOTS, 'e2e-failure.png'));
    throw e;
  } finally {
    await browser.deleteSession();
  }

  stopDriver();
  await startDriver();
  browser = await openApp();
  try {
    await openStakeholders(browser);
    const listed = await browser.$('//*[contains(text(), "Treasury (e2e)")]');
    await listed.waitForDisplayed({ timeout: 10000 });
    assert.ok(await listed.isDisplayed(), 'the department added before the restart is listed');
  } finally {
    await browser.deleteSession();
  }
});

/** The `candor` CLI on the app's database: a second writer beside the window. */
function cli(...args) {
  return execFileSync(CLI, ['--db', env.CANDOR_DB, ...args], { env, encoding: 'utf8' });
}

test('a change made by the CLI while the window’s form is open is shown beside the user’s, then applied on top', async () => {
  assert.ok(CLI && existsSync(CLI), `CANDOR_CLI must name the built candor binary (got ${CLI})`);
  const browser = await openApp();
  try {
    await openStakeholders(browser);
    await (await browser.$('button*=Maria Lopez')).click();
    await (await browser.$('button=Amend…')).click();
    await (await field(browser, 'Title')).setValue('Chief financial officer');
    const maria = JSON.parse(cli('list', 'person', '--json')).find((p) => p.label === 'Maria Lopez');
    cli('--as', 'Sam Carter', 'amend', maria.key, 'title=Finance VP', '--reason', 'Changed from the CLI');
    await (await field(browser, 'Reason for the amendment')).setValue('Promoted to CFO.');
    await (await browser.$('form button[type="submit"]')).click();
    await (await browser.$('h2=Changed since you opened it')).waitForDisplayed({ timeout: 10000 });
    const clash = await browser.$('//tr[contains(., "changed by both")]');
    assert.match(await clash.getText(), /Chief financial officer[\s\S]*Finance VP/);
    if (process.env.E2E_SHOTS) await browser.saveScreenshot(path.join(process.env.E2E_SHOTS, 'e2e-conflict.png'));
    await (await browser.$('button*=Apply my change on top')).click();
    await (await browser.$('h2=Changed since you opened it')).waitForDisplayed({ reverse: true, timeout: 10000 });
    const after = JSON.parse(cli('show', maria.key, '--json'));
    assert.equal(after.entry.data.title, 'Chief financial officer');
    assert.deepEqual(
      after.history.map((v) => v.reason ?? null),
      [null, 'Changed from the CLI', 'Promoted to CFO.'],
    );
    assert.match(cli('audit', 'verify'), /^intact/);
  } catch (e) {
    if (process.env.E2E_SHOTS) await browser.saveScreenshot(path.join(process.env.E2E_SHOTS, 'e2e-failure.png'));
    throw e;
  } finally {
    await browser.deleteSession();
  }
});
