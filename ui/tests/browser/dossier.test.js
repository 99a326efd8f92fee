// A matter's dossier in a real browser against the real desktop command layer
// (candor-bridge), with the demo loaded through the app: everything on record about
// "Invoice cut-off" as one document, previewed in a sandboxed frame in the client and
// the internal edition, exported, and issued to Maria Lopez. The page's clock and the
// bridge's read Fri 20 Nov 2026, 18:00 in Madrid (the demo's "now").

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { finish, openDemo, perFile, screenshot, showView, textMatching } from './harness.js';

const bridge = perFile();

/** The demo loaded through the app; the app opens on This week. */
const demo = (options) => openDemo(bridge, options);

/** The arguments of every `cmd` the page sent. */
const callsOf = (app, cmd) => app.calls.filter((x) => x.cmd === cmd).map((x) => x.args);
/** What a part of the page says, its white space as one reads it. */
const said = async (locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ');
const details = (page) => page.getByRole('complementary', { name: 'Details' });
const dossier = (page) => page.getByRole('dialog', { name: 'Invoice cut-off' });
const FRAME = 'iframe[title^="Dossier preview"]';
/** The key of the entry of `kind` whose label is `label`, as the record holds it. */
async function keyOf(app, kind, label) {
  const rows = await app.invoke('list', { kind, includeVoided: false });
  const row = rows.find((r) => r.label === label);
  assert.ok(row, `a ${kind} labelled ${label}`);
  return row.key;
}
/** Waits until the preview frame shows the `edition` edition; resolves with its document. */
async function previewOf(page, edition) {
  await page.waitForFunction((e) => document.querySelector('iframe[title^="Dossier preview"]')?.getAttribute('title')?.endsWith(`, ${e} edition`), edition);
  return (await page.locator(FRAME).getAttribute('srcdoc')) ?? '';
}
/** Screenshots the page at a size in light and dark into /tmp (and the harness's folder), back to light at 1280×800 after. */
async function shots(page, name, sizes = [[1280, 800], [1024, 700]]) {
  const files = [];
  for (const [width, height] of sizes) {
    await page.setViewportSize({ width, height });
    for (const theme of ['light', 'dark']) {
      await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
      const file = await screenshot(page, `${name}-${theme}-${width}x${height}`);
      const copy = path.join('/tmp', path.basename(file));
      await page.screenshot({ path: copy });
      files.push(copy);
    }
  }
  await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
  await page.setViewportSize({ width: 1280, height: 800 });
  return files;
}

describe('the matter dossier', () => {
  test('opens from the matter, previews both editions, exports, and is issued to Maria Lopez and listed with the matter', async () => {
    const app = await demo();
    const { page, problems, home } = app;
    const matter = await keyOf(app, 'matter', 'Invoice cut-off');
    const maria = await keyOf(app, 'person', 'Maria Lopez');

    await showView(page, 'Alt+4', 'Requests & incidents');
    // Without a matter selected, the palette does not offer a dossier.
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await page.keyboard.type('open the dossier');
    await app.settled();
    assert.equal(await palette.getByRole('option', { name: /Open the dossier of this matter/ }).count(), 0, 'no dossier without a matter');
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });

    await page.getByRole('tab', { name: /^Matters/ }).click();
    await page.getByRole('button', { name: 'Invoice cut-off', exact: true }).click();
    const panel = details(page);
    await panel.getByRole('heading', { name: 'Invoice cut-off' }).waitFor();
    const issuedList = panel.getByRole('region', { name: 'Dossiers issued' });
    assert.match(await said(issuedList), /None yet\./);

    // The Dossier button opens it: the matter's name as its title, the client edition first.
    const open = panel.getByRole('button', { name: 'Dossier', exact: true });
    await open.click();
    const dialog = dossier(page);
    await dialog.waitFor();
    assert.match(await said(dialog), /Dossier of the matter/);
    const client = await previewOf(page, 'client');
    assert.equal(await page.locator(FRAME).getAttribute('sandbox'), '', 'the preview runs nothing');
    assert.ok(await dialog.getByRole('radio', { name: /^Client edition/ }).isChecked(), 'the client edition is the default');
    assert.match(client, /Freight accruals during the port strike/);
    assert.match(client, /confirmed by Maria Lopez/);
    assert.doesNotMatch(client, /Internal edition/, 'the client edition says nothing of the internal one');
    assert.deepEqual(callsOf(app, 'dossier_preview'), [{ matter, edition: 'client' }]);
    await page.frameLocator(FRAME).getByText('Freight accruals during the port strike').first().waitFor();
    const [clientShot] = await shots(page, 'dossier-client');
    assert.ok(clientShot);

    // The internal edition is marked as not for the client, and says it is the internal edition.
    const internalRadio = dialog.getByRole('radio', { name: /^Internal edition/ });
    assert.match((await internalRadio.evaluate((el) => el.closest('label')?.textContent)) ?? '', /not for the client/);
    await internalRadio.check();
    const internal = await previewOf(page, 'internal');
    assert.match(internal, /Internal edition/);
    assert.match(internal, /Freight accruals during the port strike/);
    assert.deepEqual(callsOf(app, 'dossier_preview').at(-1), { matter, edition: 'internal' });
    await dialog.getByRole('note').filter({ hasText: 'Internal edition: not for the client.' }).waitFor();
    await page.frameLocator(FRAME).getByText('Freight accruals during the port strike').first().waitFor();
    await shots(page, 'dossier-internal');

    // Export as Markdown: the save dialog suggests the matter's file name; the file is written.
    await dialog.getByLabel('Format').selectOption('md');
    await dialog.getByRole('button', { name: 'Export…' }).click();
    const exported = path.join(home, 'invoice-cut-off-internal-dossier.md');
    await page.getByText(`Exported the internal dossier of Invoice cut-off to ${exported}.`).waitFor();
    const [asked] = callsOf(app, 'plugin:dialog|save').slice(-1);
    assert.equal(asked.options.defaultPath, 'invoice-cut-off-internal-dossier.md');
    assert.equal(asked.options.title, 'Write the dossier to…');
    assert.deepEqual(callsOf(app, 'dossier_export'), [{ matter, edition: 'internal', format: 'md', path: exported }]);
    assert.ok(existsSync(exported), 'the Markdown was written');
    assert.match(readFileSync(exported, 'utf8'), /Freight accruals during the port strike/);

    // Esc closes it, and the focus is back on the Dossier button.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.ok(await open.evaluate((el) => el === document.activeElement), 'the focus returns to the Dossier button');

    // The palette opens it for the selected matter, in the client edition again.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('dossier');
    await palette.getByRole('option', { name: /Open the dossier of this matter.*Invoice cut-off/ }).waitFor();
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await previewOf(page, 'client');
    assert.ok(await dialog.getByRole('radio', { name: /^Client edition/ }).isChecked());

    // Issue…: Esc in the form goes back to the preview; recipients are required.
    await dialog.getByRole('button', { name: 'Issue…' }).click();
    await dialog.getByRole('heading', { name: 'Issue the client edition of the dossier' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.getByRole('heading', { name: 'Issue the client edition of the dossier' }).waitFor({ state: 'detached' });
    assert.ok(await dialog.getByRole('button', { name: 'Issue…' }).evaluate((el) => el === document.activeElement), 'back on Issue…');
    await dialog.getByRole('button', { name: 'Issue…' }).click();
    await previewOf(page, 'client'); // beside the form, what is issued
    const submit = dialog.getByRole('button', { name: 'Choose where to save, and issue' });
    await submit.click();
    await dialog.getByText('Pick at least one recipient: who the dossier is sent to').waitFor();
    assert.equal(callsOf(app, 'dossier_issue').length, 0, 'nothing is issued to nobody');
    await page.keyboard.type('maria');
    await page.keyboard.press('Enter');
    assert.equal(await dialog.getByLabel('Format').inputValue(), 'pdf', 'PDF unless said');
    // HTML: PDF has a test of its own below.
    await dialog.getByLabel('Format').selectOption('html');
    await shots(page, 'dossier-issue', [[1280, 800]]);
    await submit.click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Dossier issued to Maria Lopez.' }).waitFor();
    const saved = path.join(home, 'invoice-cut-off-client-dossier.html');
    assert.deepEqual(callsOf(app, 'dossier_issue'), [{ matter, edition: 'client', format: 'html', path: saved, recipients: [maria] }]);
    assert.ok(existsSync(saved), 'the HTML was written');
    const written = readFileSync(saved, 'utf8');
    assert.match(written, /Freight accruals during the port strike/);
    assert.doesNotMatch(written, /Internal edition/);

    // The record holds it as an issued dossier of the matter, and the matter lists it.
    const issued = (await app.invoke('list', { kind: 'issued_report', includeVoided: false })).filter((r) => r.data.document === 'dossier');
    assert.equal(issued.length, 1);
    assert.equal(issued[0].data.subject, matter);
    assert.deepEqual(issued[0].data.recipients, [maria]);
    await textMatching(issuedList, /Client · HTML · Fri 20 Nov 2026, 18:00.*To Maria Lopez.*invoice-cut-off-client-dossier\.html/s);
    await shots(page, 'dossier-issued', [[1280, 800]]);

    // It is not a weekly report: the Report view's list of the week does not hold it.
    await showView(page, 'Alt+6', 'Report');
    await textMatching(page.getByRole('complementary', { name: 'Issued for 2026-W47' }), /Nothing issued for this week yet\./);
    await finish(page, problems);
  });

  test(
    'exported as PDF, the dossier is a PDF',
    async () => {
      const app = await demo();
      const { page, problems, home } = app;
      await showView(page, 'Alt+4', 'Requests & incidents');
      await page.getByRole('tab', { name: /^Matters/ }).click();
      await page.getByRole('button', { name: 'Invoice cut-off', exact: true }).click();
      await details(page).getByRole('button', { name: 'Dossier', exact: true }).click();
      const dialog = dossier(page);
      await previewOf(page, 'client');
      assert.equal(await dialog.getByLabel('Format').inputValue(), 'pdf');
      await dialog.getByRole('button', { name: 'Export…' }).click();
      const saved = path.join(home, 'invoice-cut-off-client-dossier.pdf');
      try {
        await page.getByText(`Exported the client dossier of Invoice cut-off to ${saved}.`).waitFor({ timeout: 20000 });
        assert.equal(readFileSync(saved).subarray(0, 5).toString(), '%PDF-');
      } finally {
        await page.close();
      }
      assert.deepEqual(problems, []);
    },
  );

  test('a request, an incident and a workaround can each be filed under a matter', async () => {
    const app = await demo();
    const { page, problems } = app;
    for (const [button, heading] of [
      ['New request', /^Add a request$/],
      ['New incident', /^Add an? incident$/],
    ]) {
      await showView(page, 'Alt+4', 'Requests & incidents');
      await page.getByRole('button', { name: button }).click();
      const form = page.getByRole('dialog');
      await form.getByRole('heading', { name: heading }).waitFor();
      const field = form.getByLabel('Matter', { exact: true });
      assert.ok((await field.locator('option').allTextContents()).includes('Invoice cut-off'), `${button}: the matters are offered`);
      await page.keyboard.press('Escape');
      await form.waitFor({ state: 'detached' });
    }
    await page.keyboard.press('w');
    const form = page.getByRole('dialog');
    await form.getByRole('heading', { name: 'Record a workaround' }).waitFor();
    assert.ok((await form.getByLabel('Matter', { exact: true }).locator('option').allTextContents()).includes('Invoice cut-off'));
    await page.keyboard.press('Escape');
    await finish(page, problems);
  });
});
