// The built UI in a real browser (Debian's chromium), against the real desktop
// command layer (candor-bridge): each test starts on a fresh, empty database.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { LOCAL_TIME, finish, perFile, screenshot, showView } from './harness.js';

const bridge = perFile();

async function start(options) {
  const app = await bridge.open(options);
  await app.page.getByRole('heading', { name: 'Welcome to Candor' }).waitFor();
  return app;
}

/** The demo loaded; the app opens on This week, and the test goes on from Stakeholders. */
async function loadDemo(options) {
  const app = await start(options);
  const { page } = app;
  await page.getByRole('button', { name: /Load the demo engagement/ }).click();
  await page.getByRole('heading', { name: 'This week', level: 1 }).waitFor();
  await showView(page, 'Alt+7', 'Stakeholders');
  // The views' lists have all been read (forms take their choices from them when they open).
  await app.settled();
  return app;
}

/** How many times the page sent `cmd`. */
const calls = (app, cmd) => app.calls.filter((x) => x.cmd === cmd).length;
const argsOf = (app, cmd) => app.calls.filter((x) => x.cmd === cmd).map((x) => x.args);
const focusedLabel = (page) =>
  page.evaluate(() => document.querySelector(`label[for="${document.activeElement?.id}"]`)?.textContent?.trim() ?? '');
/** A form field's label: its name, then "required" when it is. */
const field = (name) => new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*(required)?\\s*$`);
const recordingAs = (page, name) => page.getByRole('button', { name: `Recording as ${name}` }).waitFor();
const dialog = (page) => page.getByRole('dialog');
const details = (page) => page.getByRole('complementary', { name: 'Details' });

/** Fills fields of the open amendment dialog by label, gives the reason and saves with Ctrl+Enter. */
async function amendInDialog(page, fields, reason) {
  for (const [label, value] of Object.entries(fields)) await dialog(page).getByLabel(field(label)).fill(value);
  await dialog(page).getByLabel(/Reason for the amendment/).fill(reason);
  await page.keyboard.press('Control+Enter');
  await dialog(page).waitFor({ state: 'detached' });
}

describe('first run', () => {
  test('creating an engagement checks required fields, then asks who you are', async () => {
    const app = await start();
    const { page, problems } = app;
    await page.getByRole('button', { name: /Create an engagement/ }).click();
    assert.match(await focusedLabel(page), /^Name/, 'the cursor starts in the first field');
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    assert.equal(await page.getByLabel(field('Time zone')).inputValue(), zone, 'time zone defaults to the browser’s');
    assert.equal(await page.getByLabel(field('Default update cadence')).inputValue(), '14');

    await page.getByRole('button', { name: 'Create engagement' }).click();
    await page.getByText('Name is required').waitFor();
    assert.equal(calls(app, 'create_engagement'), 0, 'nothing is sent while a required field is empty');

    await page.getByLabel(field('Name')).fill('Acme — Finance outsourcing');
    await page.getByLabel(field('Default update cadence')).fill('400');
    await page.keyboard.press('Control+Enter');
    const cadenceError = page.locator('.field', { has: page.getByLabel(field('Default update cadence')) }).locator('.error');
    await cadenceError.waitFor();
    assert.match(await cadenceError.textContent(), /between 1 and 365/, 'a server error shows next to its field');
    await page.getByLabel(field('Default update cadence')).fill('10');
    await page.keyboard.press('Control+Enter');

    await page.getByRole('heading', { name: 'Who are you?' }).waitFor();
    assert.match(await focusedLabel(page), /Your organisation/);
    await page.getByLabel(field('Your organisation')).fill('Brightline Outsourcing');
    await page.getByLabel(field('Your department')).fill('Account management');
    await page.getByLabel(field('Your name')).fill('Sam Carter');
    await page.getByLabel(field('Your e-mail address')).fill('sam.carter@');
    await page.getByRole('button', { name: 'This is me' }).click();
    const emailError = page.locator('.field', { has: page.getByLabel(field('Your e-mail address')) }).locator('.error');
    await emailError.waitFor();
    assert.match(await emailError.textContent(), /not an e-mail address/);
    await page.getByLabel(field('Your e-mail address')).fill('sam.carter@brightline.example');
    await page.getByRole('button', { name: 'This is me' }).click();

    await recordingAs(page, 'Sam Carter');
    assert.equal(await page.locator('.engagement').textContent(), 'Acme — Finance outsourcing');
    const provider = page.getByRole('region', { name: 'Provider' });
    await provider.getByText('Brightline Outsourcing').waitFor();
    await provider.getByText('Account management').waitFor();
    await provider.getByText('engagement default (10 days)').waitFor();
    assert.equal(
      await page.getByRole('region', { name: 'Client' }).getByRole('button', { name: 'Add one' }).count(),
      1,
      'an empty role offers its first action',
    );
    await finish(page, problems);
  });

  test('opening a shared database asks who you are among the provider’s people', async () => {
    const shared = 'Shared/northwind-shared.db';
    const app = await start({ demoFiles: [shared], openPath: shared });
    const { page, problems } = app;
    await page.getByRole('button', { name: /Open another database/ }).click();
    await page.getByRole('heading', { name: 'Who are you?' }).waitFor();
    const people = page.getByRole('list', { name: /People of Brightline Outsourcing/ });
    await people.getByRole('button', { name: /Sam Carter/ }).waitFor();
    const names = await people.getByRole('button').locator('strong').allTextContents();
    assert.deepEqual(
      names,
      ['Chloé Martin', 'Diego Alvarez', 'Grace Kim', 'Lena Fischer', 'Owen Brooks', 'Ravi Shah', 'Sam Carter'],
      'only provider people are offered',
    );
    await people.getByRole('button', { name: /Lena Fischer/ }).click();
    await recordingAs(page, 'Lena Fischer');

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByText(`${app.home}/${shared}`).first().waitFor();
    const recent = page.locator('.recent li');
    assert.equal(await recent.count(), 2, 'both files are in the recent list');
    await finish(page, problems);
  });
});

describe('stakeholders', () => {
  test('the demo’s map shows parties, departments and people by role', async () => {
    const { page, problems } = await loadDemo();
    await recordingAs(page, 'Sam Carter');
    const client = page.getByRole('region', { name: 'Client' });
    const provider = page.getByRole('region', { name: 'Provider' });
    const third = page.getByRole('region', { name: 'Third parties' });
    await client.getByText('Northwind Foods').waitFor();
    await provider.getByText('Brightline Outsourcing').waitFor();
    await third.getByText('Keystone Freight Audit').waitFor();
    await client.getByText('Finance', { exact: true }).waitFor();
    const maria = client.getByRole('button', { name: /Maria Lopez/ });
    const text = await maria.textContent();
    for (const part of ['key stakeholder', 'Finance director', 'director', 'every 7 days', 'maria.lopez@northwind.example'])
      assert.ok(text.includes(part), `Maria's row shows ${part}`);
    assert.match(await client.getByRole('button', { name: /Tomás Ruiz/ }).textContent(), /engagement default \(14 days\)/);
    assert.equal(await provider.getByRole('button', { name: /Maria Lopez/ }).count(), 0);
    await screenshot(page, 'stakeholders-light');

    await maria.click();
    await details(page).getByRole('heading', { name: 'Maria Lopez' }).waitFor();
    await details(page).getByText('(1 version)').waitFor();
    await screenshot(page, 'stakeholders-detail-light');
    await finish(page, problems);
  });

  test('adding a department: the empty form says what is required, then the department appears at once', async () => {
    const app = await loadDemo();
    const { page, problems } = app;
    await page.getByRole('button', { name: 'Add department' }).click();
    assert.match(await focusedLabel(page), /^Name/);
    await dialog(page).getByRole('button', { name: 'Add department' }).click();
    await dialog(page).getByText('Name is required').waitFor();
    await dialog(page).getByText('Party is required').waitFor();
    assert.equal(calls(app, 'create'), 0);

    await dialog(page).getByLabel(field('Name')).fill('Treasury');
    await dialog(page).getByLabel(field('Party')).selectOption({ label: 'Northwind Foods' });
    await dialog(page).getByLabel(field('Update cadence')).fill('21');
    await dialog(page).getByRole('button', { name: 'Add department' }).click();
    await dialog(page).waitFor({ state: 'detached' });

    const client = page.getByRole('region', { name: 'Client' });
    const row = client.getByRole('button', { name: /Treasury/ });
    await row.waitFor();
    assert.match(await row.textContent(), /every 21 days/);
    assert.equal(await row.getAttribute('aria-pressed'), 'true', 'the new department is selected');
    await details(page).getByRole('heading', { name: 'Treasury' }).waitFor();
    await details(page).getByText('Northwind Foods', { exact: true }).waitFor();
    await finish(page, problems);
  });

  test('amending a person needs a reason, and the history shows both versions and what changed', async () => {
    const app = await loadDemo();
    const { page, problems } = app;
    await page.getByRole('button', { name: /Maria Lopez/ }).click();
    const panel = details(page);
    await panel.getByRole('button', { name: 'Amend…' }).click();
    assert.equal(await dialog(page).getByLabel(field('Name')).inputValue(), 'Maria Lopez', 'the form is prefilled');
    assert.equal(
      await dialog(page).getByLabel(field('Department')).locator('option:checked').textContent(),
      'Finance',
      'references show labels',
    );
    await dialog(page).getByLabel(field('Title')).fill('Chief financial officer');
    await dialog(page).getByLabel(field('Authority level')).selectOption('5');
    await dialog(page).getByRole('button', { name: 'Save amendment' }).click();
    await dialog(page)
      .getByText(/Reason is required/)
      .waitFor();
    assert.equal(calls(app, 'amend'), 0);
    await dialog(page)
      .getByLabel(/Reason for the amendment/)
      .fill('Maria was promoted to CFO on 1 Nov.');
    await page.keyboard.press('Control+Enter');
    await dialog(page).waitFor({ state: 'detached' });

    const history = panel.getByRole('region', { name: 'History' });
    await history.getByText('(2 versions)').waitFor();
    const versions = history.locator('li.version');
    assert.equal(await versions.count(), 2);
    const second = versions.nth(1);
    assert.match(await second.textContent(), /Amended\s*by Sam Carter/);
    await second.getByText('“Maria was promoted to CFO on 1 Nov.”').waitFor();
    assert.match(await second.locator('.diff').textContent(), /Title\s*Finance director\s*→.*Chief financial officer/s);
    assert.match(await second.locator('.diff').textContent(), /Authority level\s*director \(4\)\s*→.*executive \(5\)/s);
    const time = second.locator('time');
    assert.match(await time.textContent(), LOCAL_TIME, 'times show in the engagement’s zone with the weekday');
    assert.match(await time.getAttribute('title'), /UTC$/, 'the UTC instant is in the tooltip');
    await page.getByRole('region', { name: 'Client' }).getByText('Chief financial officer').waitFor();
    await finish(page, problems);
  });

  test('an amendment that meets a newer version shows both side by side and applies on top', async () => {
    const app = await loadDemo();
    const { page, problems } = app;
    await page.getByRole('button', { name: /Maria Lopez/ }).click();
    await details(page).getByRole('button', { name: 'Amend…' }).click();
    await dialog(page).getByLabel(field('Title')).fill('Chief financial officer');
    // Meanwhile another writer changes the same title.
    const people = await app.invoke('list', { kind: 'person', includeVoided: false });
    const maria = people.find((p) => p.data.name === 'Maria Lopez');
    await page.evaluate(async (key) => {
      await window.__TAURI_INTERNALS__.invoke('amend', { key, base: 1, fields: { title: 'Finance VP' }, reason: 'Another writer' });
    }, maria.key);
    await dialog(page).getByLabel(/Reason for the amendment/).fill('Promoted to CFO.');
    await page.keyboard.press('Control+Enter');
    const conflict = dialog(page);
    await conflict.getByRole('heading', { name: 'Changed since you opened it' }).waitFor();
    const clash = conflict.locator('tr', { hasText: 'changed by both' });
    await clash.filter({ hasText: 'Finance VP' }).waitFor();
    assert.match(await clash.textContent(), /Title.*Chief financial officer.*Finance VP/s);
    assert.match(await conflict.getByRole('alert').textContent(), /you started from version 1; it is now at version 2/);
    await screenshot(page, 'amend-conflict');
    await conflict.getByRole('button', { name: 'Apply my change on top of version 2' }).click();
    await dialog(page).waitFor({ state: 'detached' });
    const history = details(page).getByRole('region', { name: 'History' });
    await history.getByText('(3 versions)').waitFor();
    const sent = argsOf(app, 'amend');
    assert.deepEqual(
      sent.map((a) => [a.base, a.fields.title]),
      [
        [1, 'Finance VP'],
        [1, 'Chief financial officer'],
        [2, 'Chief financial officer'],
      ],
    );
    await finish(page, problems);
  });

  test('voiding a person needs a reason and no remaining references; voided entries hide unless shown, struck through', async () => {
    const { page, problems } = await loadDemo();
    const client = page.getByRole('region', { name: 'Client' });
    await client.getByRole('button', { name: /Tomás Ruiz/ }).click();
    await details(page).getByRole('button', { name: 'Void…' }).click();
    await dialog(page).getByRole('button', { name: 'Void this person' }).click();
    await dialog(page)
      .getByText(/Reason is required/)
      .waitFor();
    await dialog(page)
      .getByLabel(/Reason for voiding/)
      .fill('Entered twice; Tomás is recorded under Logistics.');
    await dialog(page).getByRole('button', { name: 'Void this person' }).click();
    // Tomás takes part in recorded communications: the core refuses, and says why.
    await dialog(page)
      .getByText(/is still referred to by communication .*amend or void those first/)
      .waitFor();
    await dialog(page).getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Discard', exact: true }).click();
    await dialog(page).waitFor({ state: 'detached' });
    await client.getByRole('button', { name: /Tomás Ruiz/ }).waitFor();

    // Nadia Petrova is referred to by nothing.
    const third = page.getByRole('region', { name: 'Third parties' });
    await third.getByRole('button', { name: /Nadia Petrova/ }).click();
    await details(page).getByRole('button', { name: 'Void…' }).click();
    await dialog(page)
      .getByLabel(/Reason for voiding/)
      .fill('Entered twice; Nadia is recorded under Keystone.');
    await dialog(page).getByRole('button', { name: 'Void this person' }).click();
    await dialog(page).waitFor({ state: 'detached' });
    await third.getByRole('button', { name: /Nadia Petrova/ }).waitFor({ state: 'detached' });

    await page.getByLabel(/Show voided/).check();
    const row = third.getByRole('button', { name: /Nadia Petrova/ });
    await row.waitFor();
    assert.match(await row.textContent(), /voided/);
    const decoration = await row.locator('.name').evaluate((el) => getComputedStyle(el).textDecorationLine);
    assert.equal(decoration, 'line-through');
    await row.click();
    const history = details(page).getByRole('region', { name: 'History' });
    await history.getByText('Voided', { exact: true }).waitFor();
    await history.getByText('“Entered twice; Nadia is recorded under Keystone.”').waitFor();
    assert.equal(await details(page).getByRole('button', { name: 'Amend…' }).count(), 0, 'a voided entry offers no amendment');
    await finish(page, problems);
  });

  test('Esc asks before throwing away typed text', async () => {
    const app = await loadDemo();
    const { page, problems } = app;
    await page.getByRole('button', { name: 'Add person' }).click();
    await page.keyboard.press('Escape');
    await dialog(page).waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Add person' }).click();
    await page.keyboard.type('Ana Gomez');
    await page.keyboard.press('Escape');
    await page.getByText('Discard what you typed?').waitFor();
    await page.getByRole('button', { name: 'Keep editing' }).click();
    assert.equal(await dialog(page).getByLabel(field('Name')).inputValue(), 'Ana Gomez');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Discard', exact: true }).click();
    await dialog(page).waitFor({ state: 'detached' });
    assert.equal(calls(app, 'create'), 0);
    await finish(page, problems);
  });
});

describe('procedures and the palette', () => {
  test('Ctrl+K jumps to a procedure by name, and reaches actions', async () => {
    const { page, problems } = await loadDemo();
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    await page.keyboard.type('cut-off');
    await palette.getByRole('option', { name: /^FIN-04 Month-end invoice cut-off/ }).waitFor();
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Procedures', level: 1 }).waitFor();
    await details(page).getByRole('heading', { name: 'FIN-04 Month-end invoice cut-off' }).waitFor();
    await details(page).getByText('director or above').waitFor();
    await details(page).getByText('(2 versions)').waitFor();
    const selectedRow = page.locator('tr.selected');
    assert.match(await selectedRow.textContent(), /FIN-04.*Month-end invoice cut-off.*Finance.*1\.4.*director or above.*yes/s);
    await page.locator('tr', { hasText: 'BL-01' }).getByText('no approval needed').waitFor();

    await page.keyboard.press('Control+k');
    await page.keyboard.type('add scope');
    await page.keyboard.press('Enter');
    await dialog(page).getByRole('heading', { name: 'Add a scope item' }).waitFor();
    assert.match(await focusedLabel(page), /^Name/, 'the form opened from the palette has the cursor');
    await dialog(page).getByLabel(field('Name')).fill('Monthly AP reporting');
    await dialog(page).getByLabel(field('Contract reference')).fill('SOW §5.1');
    await page.keyboard.press('Control+Enter');
    await dialog(page).waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('tab', { name: /Scope/ }).getAttribute('aria-selected'), 'true');
    await page.locator('tr.selected', { hasText: 'Monthly AP reporting' }).waitFor();

    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'detached' });
    await finish(page, problems);
  });
});

describe('settings', () => {
  test('verify, back up, and the theme (remembered, dark screenshot)', async () => {
    const app = await loadDemo({ savePath: 'Backups/northwind.db' });
    const { page, problems } = app;
    await showView(page, 'Alt+0', 'Settings');
    await page.getByText(`${app.home}/.local/share/candor/candor.db`).waitFor();
    const { head } = await app.invoke('app_state');
    await page.getByText(head.hash).waitFor();

    await page.getByRole('button', { name: 'Verify record' }).click();
    await page.getByText(`Record intact: ${head.seq} events`).waitFor();
    await page.getByRole('button', { name: 'Verify record' }).waitFor();
    await screenshot(page, 'settings-verified');

    await page.getByRole('button', { name: 'Back up…' }).click();
    await page.getByText(`Backed up to ${app.home}/Backups/northwind.db.`).waitFor();
    assert.deepEqual(argsOf(app, 'backup'), [{ path: `${app.home}/Backups/northwind.db` }]);
    assert.ok(existsSync(`${app.home}/Backups/northwind.db`), 'the backup was written');

    await page.getByRole('region', { name: 'Engagement' }).getByRole('button', { name: 'Amend…' }).click();
    await amendInDialog(page, { 'Default update cadence': '7' }, 'Steering committee asked for weekly updates.');
    await page.getByText('every 7 days').first().waitFor();

    const thresholds = page.getByRole('region', { name: 'Flag thresholds' });
    await thresholds.getByText('“as discussed”', { exact: false }).waitFor();
    await thresholds.getByRole('button', { name: 'Amend thresholds…' }).click();
    await amendInDialog(page, { 'Disclose a deviation to the client within': '5' }, 'Contract clause 7.2: deviations are disclosed within five days.');
    await thresholds.locator('.pair', { hasText: /Disclose a deviation.*5 days/ }).waitFor();
    const [amended] = app.calls.filter((c) => c.cmd === 'amend').slice(-1);
    assert.deepEqual(amended.args.fields, { deviation_undisclosed_days: 5 }, 'only the changed field is sent, with the version read');
    assert.equal(typeof amended.args.base, 'number');

    await page.getByLabel(field('Dark')).check();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await page.keyboard.press('Alt+7');
    await page.getByRole('button', { name: /Maria Lopez/ }).click();
    await details(page).getByText('(1 version)').waitFor();
    await screenshot(page, 'stakeholders-dark');

    await page.reload();
    // The record is on disk: the app reopens on it.
    await page.getByRole('heading', { name: 'This week', level: 1 }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'the theme is remembered');
    await finish(page, problems);
  });
});
