// The rules of engagement in a real browser against the real desktop command layer
// (candor-bridge), with the demo loaded through the app: two confirmed editions, the
// first sent in the kick-off meeting, the second in Steering call #4. The page's clock
// and the bridge's read Fri 20 Nov 2026, 18:00 in Madrid (the demo's "now").

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { finish, openDemo, perFile, screenshot, showView, textMatching } from './harness.js';

const bridge = perFile();

/** The demo loaded through the app; the app opens on This week. */
const demo = (options) => openDemo(bridge, options);

/** What a part of the page says, its white space as one reads it. */
const said = async (locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ');
const callsOf = (app, cmd) => app.calls.filter((x) => x.cmd === cmd).map((x) => x.args);
const dialog = (page) => page.getByRole('dialog');
const details = (page) => page.getByRole('complementary', { name: 'Details' });
const inForce = (page) => page.getByRole('region', { name: 'In force' });
const editions = (page) => page.getByRole('region', { name: 'Editions' });
/** The key of the entry of `kind` whose label is `label`, as the record holds it. */
async function keyOf(app, kind, label) {
  const rows = await app.invoke('list', { kind, includeVoided: false });
  const row = rows.find((r) => r.label === label);
  assert.ok(row, `a ${kind} labelled ${label}`);
  return row.key;
}
/** The clauses of the page in force, title → text, as shown. */
async function clauses(page) {
  const terms = await inForce(page).getByRole('term').allTextContents();
  const texts = await inForce(page).getByRole('definition').allTextContents();
  return Object.fromEntries(terms.map((t, i) => [t.trim(), texts[i].trim()]));
}
/** Runs a palette command by what its label says. */
async function palette(page, words) {
  await page.keyboard.press('Control+k');
  await page.keyboard.type(words);
  await page.keyboard.press('Enter');
}
/** Screenshots the page at a size in light and dark, back to light at 1280×800 after. */
async function shots(page, name, sizes = [[1280, 800], [1024, 700]]) {
  const files = [];
  for (const [width, height] of sizes) {
    await page.setViewportSize({ width, height });
    for (const theme of ['light', 'dark']) {
      await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
      files.push(await screenshot(page, `${name}-${theme}-${width}x${height}`));
    }
  }
  await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
  await page.setViewportSize({ width: 1280, height: 800 });
  return files;
}

describe('the rules of engagement', () => {
  test('edition 2 in force reads as a page; edition 3 is drafted, sent, confirmed and then holds, and the flags rest on it', async () => {
    const app = await demo();
    const { page, problems } = app;
    const maria = await keyOf(app, 'person', 'Maria Lopez');
    const steering9 = (await app.invoke('search', { query: 'Steering call #9', limit: 5 })).find((h) => h.kind === 'communication' && h.title === 'Steering call #9');
    assert.ok(steering9, 'the demo has Steering call #9');

    await showView(page, 'Alt+9', 'Rules of engagement');
    await inForce(page).getByRole('heading', { name: 'Edition 2 · in force' }).waitFor();
    assert.match(
      await said(inForce(page)),
      /Sent in "Steering call #4" on 15 Oct 2026; confirmed by Maria Lopez \(Northwind Foods Finance\) on 16 Oct 2026\./,
    );
    const two = await clauses(page);
    assert.match(two['Update cadence'], /Maria Lopez \(Northwind Foods Finance\): weekly.*Priya Nair \(Northwind Foods Procurement\): every four weeks; Henrik Olsen \(Northwind Foods Executive office\): every four weeks/);
    assert.equal(two.Minutes, 'sent within 2 days of a meeting or call with agreements');
    assert.match(two['Escalation path'], /level 1: Sam Carter .* with Maria Lopez .*; level 2: Grace Kim .* with Henrik Olsen .*; level 3: Owen Brooks .* with Henrik Olsen .*; a matter unresolved for 14 days at one level goes to the next/);
    const note = inForce(page).getByRole('complementary', { name: 'Internal note' });
    assert.match(await said(note), /Internal note · never shown to the client.*Maria wants her COO in the loop/s);
    const first = editions(page).getByRole('button', { name: /^Edition 1/ });
    assert.match(await said(first), /superseded\s*Sent in "Kick-off: Finance & Logistics outsourcing" on .*; confirmed by Maria Lopez/);
    assert.equal(await inForce(page).getByRole('button', { name: 'Edit draft' }).count(), 0, 'a confirmed edition offers no edit of its clauses');
    const [overview] = await shots(page, 'agreement');
    assert.ok(overview);

    // Draft edition 3 from the palette, by keyboard: it starts from edition 2's clauses.
    await palette(page, 'draft the next edition');
    const form = dialog(page);
    await form.getByRole('heading', { name: 'Draft edition 3 of the rules of engagement' }).waitFor();
    const minutes = form.getByLabel('Minutes sent within');
    assert.equal(await minutes.inputValue(), '2', 'the last edition’s clause is the starting point');
    assert.equal(await form.getByRole('group', { name: 'Cadence 2' }).getByLabel('Owed to').inputValue(), 'Priya Nair');
    assert.equal(await form.getByRole('group', { name: 'Level 2' }).getByLabel('Ours').inputValue(), 'Grace Kim');
    await minutes.fill('x');
    await page.keyboard.press('Control+Enter');
    await form.getByText('Say a whole number of days, such as 2').waitFor();
    assert.equal(callsOf(app, 'create').length, 0, 'nothing is sent while a number of days is not one');
    await minutes.fill('1');
    await shots(page, 'agreement-draft-form', [[1280, 800]]);
    await page.keyboard.press('Control+Enter');
    await form.waitFor({ state: 'detached' });
    const [drafted] = callsOf(app, 'create');
    assert.equal(drafted.kind, 'rules');
    assert.equal(drafted.data.edition, 3);
    assert.equal(drafted.data.minutes_sent_days, 1);
    assert.equal(drafted.data.cadence.length, 3, 'the cadence of edition 2 is carried over');
    assert.equal(drafted.data.sent_in, undefined);

    const panel = details(page);
    await panel.getByRole('heading', { name: 'Edition 3 · draft' }).waitFor();
    const notice = page.getByRole('status').filter({ hasText: 'Edition 3 is a draft' });
    assert.match(await said(notice), /Edition 3 is a draft · Not sent yet\./);
    assert.equal(await page.getByRole('button', { name: /^Draft edition/ }).count(), 0, 'one draft at a time');

    // Record it as sent in a communication of the log, picked by type-ahead.
    await panel.getByRole('button', { name: 'Record as sent…' }).click();
    await form.getByRole('heading', { name: 'Record edition 3 as sent to the client' }).waitFor();
    await page.keyboard.press('Control+Enter');
    await form.getByText('Say which communication of the log sent it to the client').waitFor();
    await form.getByLabel(/^Sent in/).fill('steering call #9');
    await form.getByRole('option', { name: /Steering call #9/ }).click();
    await form.getByLabel(/^Reason for the amendment/).fill('Sent with the minutes of the steering call.');
    await page.keyboard.press('Control+Enter');
    await form.waitFor({ state: 'detached' });
    const [sent] = callsOf(app, 'amend');
    assert.deepEqual(sent.fields, { sent_in: steering9.key });
    assert.equal(sent.reason, 'Sent with the minutes of the steering call.');
    await panel.getByRole('heading', { name: 'Edition 3 · sent, awaiting confirmation' }).waitFor();
    assert.match(await said(panel), /Sent in "Steering call #9" on 19 Nov 2026\./);

    // Record Maria's confirmation: only client people are offered; the time defaults to now.
    await panel.getByRole('button', { name: 'Record the client’s confirmation…' }).click();
    await form.getByRole('heading', { name: 'The client’s confirmation of edition 3' }).waitFor();
    assert.equal(await form.getByLabel(/^Confirmed\b(?! by)/).inputValue(), '2026-11-20T18:00');
    const by = form.getByLabel(/^Confirmed by/);
    await by.fill('sam carter');
    assert.equal(await form.getByRole('option', { name: /Sam Carter/ }).count(), 0, 'a provider person cannot confirm for the client');
    await by.fill('maria');
    await page.keyboard.press('Enter');
    await form.getByLabel(/^Reason for the amendment/).fill('Maria confirmed by e-mail after the call.');
    await shots(page, 'agreement-confirm-form', [[1280, 800]]);
    await page.keyboard.press('Control+Enter');
    await form.waitFor({ state: 'detached' });
    const [, confirmed] = callsOf(app, 'amend');
    assert.deepEqual(confirmed.fields, { confirmed_by: maria, confirmed_at: '2026-11-20T17:00:00.000Z' });

    // Edition 3 is in force, edition 2 superseded.
    await inForce(page).getByRole('heading', { name: 'Edition 3 · in force' }).waitFor();
    await textMatching(inForce(page), /Sent in "Steering call #9" on 19 Nov 2026; confirmed by Maria Lopez \(Northwind Foods Finance\) on 20 Nov 2026\./);
    assert.equal((await clauses(page)).Minutes, 'sent within 1 day of a meeting or call with agreements');
    assert.match(await said(editions(page).getByRole('button', { name: /^Edition 2/ })), /superseded/);
    assert.equal(await page.getByRole('status').filter({ hasText: 'is a draft' }).count(), 0);
    await page.getByRole('button', { name: 'Draft edition 4' }).waitFor();

    // A confirmed edition's clauses cannot be edited: not offered, and the core refuses in words.
    await editions(page).getByRole('button', { name: /^Edition 2/ }).click();
    await panel.getByRole('heading', { name: 'Edition 2 · superseded' }).waitFor();
    assert.match(await said(panel), /Superseded: confirmed by the client, so its clauses are fixed\. To change one, draft edition 4\./);
    assert.equal(await panel.getByRole('button', { name: /Edit|Record/ }).count(), 0);
    await panel.getByRole('button', { name: 'Amend the internal note…' }).waitFor();
    await panel.getByText('(3 versions)').waitFor();
    assert.match(await said(panel.getByRole('region', { name: 'History' })), /Sent in — →changed to Steering call #4.*Confirmed by — →changed to Maria Lopez/);
    const rules = await app.invoke('list', { kind: 'rules', includeVoided: false });
    const edition2 = rules.find((r) => r.data.edition === 2);
    await assert.rejects(
      app.invoke('amend', { key: edition2.key, base: edition2.version, fields: { minutes_sent_days: 1 }, reason: 'Try to change a confirmed clause' }),
      (e) => e.kind === 'refused' && /edition 2 was confirmed by the client and is fixed; draft edition 3/.test(e.message),
    );
    await shots(page, 'agreement-confirmed');

    // The flags now rest on edition 3.
    await showView(page, 'Alt+5', 'Flags');
    const resting = page.locator('article').filter({ hasText: /Rests on: .*rules of engagement edition 3, confirmed by Maria Lopez on 20 Nov/ });
    await resting.first().waitFor();
    const unminuted = page.locator('article').filter({ hasText: 'Rests on: Minutes sent: within 1 day (rules of engagement edition 3' });
    assert.match(await said(unminuted), /agreement-unminuted/);
    const escalated = page.locator('article').filter({ hasText: 'Escalate to level 2: Grace Kim (Brightline Outsourcing Management) with Henrik Olsen (Northwind Foods Executive office)' });
    assert.ok((await escalated.count()) > 0, 'a flag open past the agreed window names whom it escalates to');
    await unminuted.scrollIntoViewIfNeeded();
    await shots(page, 'flags-rests-on');
    const both = escalated.filter({ hasText: 'Rests on: Deviations disclosed: within 7 days (rules of engagement edition 3' });
    await both.first().scrollIntoViewIfNeeded();
    await shots(page, 'flags-escalated', [[1280, 800]]);
    await finish(page, problems);
  });
});
