// End to end through the real Candor window: tauri-driver drives WebKitWebDriver,
// which starts the built desktop binary (CANDOR_APP) against a fresh database.
// Run under Xvfb by .ci/test.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { remote } from 'webdriverio';

const APP = process.env.CANDOR_APP;
const DRIVER = process.env.TAURI_DRIVER ?? 'tauri-driver';
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
