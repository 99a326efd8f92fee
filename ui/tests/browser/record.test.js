// The log, workarounds, flags, the report and imports, in a real browser against
// the real desktop command layer (candor-bridge) with the demo loaded through the
// app. The page's clock and the bridge's read Fri 20 Nov 2026, 18:00 in Madrid
// (the demo's "now").

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { finish, openDemo, perFile, screenshot, showView, textMatching } from './harness.js';

const bridge = perFile();

/** The demo loaded through the app; the app opens on This week. */
const demo = (options) => openDemo(bridge, options);

/** The arguments of every `cmd` the page sent. */
const callsOf = (app, cmd) => app.calls.filter((x) => x.cmd === cmd).map((x) => x.args);
/** The key of the entry of `kind` whose label is `label`, as the record holds it. */
async function keyOf(app, kind, label) {
  const rows = await app.invoke('list', { kind, includeVoided: true });
  const row = rows.find((r) => r.label === label);
  assert.ok(row, `a ${kind} labelled ${label}`);
  return row.key;
}
const person = (app, name) => keyOf(app, 'person', name);
/** The keys of the demo's people the tests name. */
async function demoKeys(app) {
  const [sam, maria, jonas, henrik, tomas] = await Promise.all(
    ['Sam Carter', 'Maria Lopez', 'Jonas Weber', 'Henrik Olsen', 'Tomás Ruiz'].map((n) => person(app, n)),
  );
  return { sam, maria, jonas, henrik, tomas };
}
const dialog = (page) => page.getByRole('dialog');
const details = (page) => page.getByRole('complementary', { name: 'Details' });
const focusedLabel = (page) =>
  page.evaluate(() => document.querySelector(`label[for="${document.activeElement?.id}"]`)?.textContent?.trim() ?? '');

/** Presses Tab until the focused field's label matches (keyboard only). */
async function tabTo(page, label) {
  for (let i = 0; i < 40; i++) {
    if (label.test(await focusedLabel(page))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached a field labelled ${label}`);
}

/** Messages in the mbox the cancelled import reads. */
const LARGE_MBOX = 50000;
const flagId = (flags, rule, words) => flags.find((f) => f.rule === rule && f.message.includes(words)).id;

describe('the log', () => {
  test('a call with two participants, an agreement and an action, logged with the keyboard only, shows highlighted in the list', async () => {
    const app = await demo();
    const { page, problems } = app;
    await screenshot(page, 'week-light');

    await page.keyboard.press('n');
    await dialog(page).getByRole('heading', { name: 'New log entry' }).waitFor();
    assert.equal(await focusedLabel(page), 'Kind', 'the cursor starts in the first field');
    await page.keyboard.press('ArrowDown');
    assert.equal(await dialog(page).getByLabel('Kind').inputValue(), 'call');
    assert.match(await dialog(page).getByLabel(/^When/).inputValue(), /^2026-11-20T18:00$/, 'the time defaults to now, in Madrid');

    await tabTo(page, /^Participants/);
    await page.keyboard.type('Logistics');
    const options = dialog(page).getByRole('listbox', { name: 'People' }).getByRole('option');
    await options.filter({ hasText: 'Jonas Weber' }).waitFor();
    assert.deepEqual(
      (await options.allTextContents()).map((t) => t.replace(/Logistics.*/, '').trim()),
      ['Aiko Tanaka', 'Jonas Weber'],
      'a department’s name finds its people',
    );
    await page.keyboard.press('Escape');
    await page.keyboard.type('mari');
    await page.keyboard.press('Enter');
    await page.keyboard.type('jonas.weber@');
    await page.keyboard.press('Enter');
    const chips = dialog(page).locator('.chip');
    await chips.filter({ hasText: 'Jonas Weber' }).waitFor();
    assert.deepEqual(
      (await chips.allTextContents()).map((t) => t.replace(/×/, '').trim()),
      ['Maria Lopez', 'Jonas Weber'],
      'a name and an e-mail address each found their person',
    );

    await tabTo(page, /^Subject/);
    await page.keyboard.type('Cut-off calendar with Finance and Logistics');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Maria and Jonas agreed one cut-off calendar for November and December.');

    await page.keyboard.press('Alt+A');
    assert.equal(await focusedLabel(page), 'Agreement', 'Alt+A adds an agreement and puts the cursor in it');
    await page.keyboard.type('Brightline sends the revised cut-off calendar to both departments');
    await page.keyboard.press('Tab');
    await page.keyboard.type('sam car');
    await page.keyboard.press('Tab');
    assert.equal(await focusedLabel(page), 'Due');
    await page.keyboard.type('12122026', { delay: 20 });
    assert.equal(await page.evaluate(() => document.activeElement.value), '2026-12-12', 'day and month alike: the same in any field order');

    await page.keyboard.press('Alt+T');
    assert.equal(await focusedLabel(page), 'Action');
    await page.keyboard.type('Jonas lists the freight accruals still open');
    await page.keyboard.press('Tab');
    await page.keyboard.type('jonas');
    await page.keyboard.press('Tab');
    await screenshot(page, 'log-entry-light');

    await page.keyboard.press('Control+Enter');
    await dialog(page).waitFor({ state: 'detached' });

    const KEYS = await demoKeys(app);
    const [sent] = await callsOf(app, 'create');
    assert.equal(sent.kind, 'communication');
    assert.equal(sent.data.kind, 'call');
    assert.equal(sent.data.occurred_at, '2026-11-20T17:00:00.000Z', 'Madrid wall time is sent as UTC');
    assert.deepEqual(sent.data.participants, [KEYS.maria, KEYS.jonas]);
    assert.deepEqual(
      sent.data.items.map((i) => [i.type, i.text, i.owner, i.due ?? null]),
      [
        ['agreement', 'Brightline sends the revised cut-off calendar to both departments', KEYS.sam, '2026-12-12'],
        ['action', 'Jonas lists the freight accruals still open', KEYS.jonas, null],
      ],
    );

    await page.getByRole('heading', { name: 'Log', level: 1 }).waitFor();
    const row = page.locator('.row.highlight', { hasText: 'Cut-off calendar with Finance and Logistics' });
    await row.waitFor();
    assert.match(await row.textContent(), /Fri 20 Nov, 18:00.*Call.*Maria Lopez, Jonas Weber.*1 agreement · 1 action/s);
    assert.equal(await row.getAttribute('class').then((c) => c.includes('selected')), true, 'the new entry is open');
    const panel = details(page);
    await panel.getByRole('heading', { name: 'Cut-off calendar with Finance and Logistics' }).waitFor();
    await panel.getByRole('button', { name: 'Amend…' }).waitFor();
    assert.match(await panel.getByRole('region', { name: 'Items' }).textContent(), /agreement.*Sam Carter.*due Sat 12 Dec.*action.*Jonas Weber/s);
    const reminders = await callsOf(app, 'check_reminders');
    assert.deepEqual(reminders[0], { opening: true }, 'opening the engagement raises the digest once');
    assert.equal(reminders.filter((r) => r.opening).length, 1);
    assert.ok(reminders.length >= 2 && reminders.at(-1).opening === false, 'a write checks the reminders again');
    const draft = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('candor-draft:')));
    assert.deepEqual(draft, [], 'the saved entry leaves no draft behind');
    await screenshot(page, 'log-light');
    await finish(page, problems);
  });

  test('Alt+R and Alt+I: a request and an instruction on a new matter are recorded with the entry', async () => {
    const app = await demo();
    const { page, problems } = app;
    await page.keyboard.press('n');
    const form = dialog(page);
    await form.getByLabel('Kind').selectOption('email');
    await form.getByLabel('Direction').selectOption('inbound');
    await form.getByLabel(/^Subject/).fill('Logistics asks for weekly carrier KPIs');
    await form.getByLabel(/^Subject/).focus();
    await page.keyboard.press('Alt+R');
    assert.equal(await focusedLabel(page), 'What was asked');
    await page.keyboard.type('A weekly carrier KPI dashboard');
    await page.keyboard.press('Tab');
    await page.keyboard.type('jonas');
    await page.keyboard.press('Enter');
    await form.getByLabel('Out of scope').check();
    await page.keyboard.press('Alt+I');
    assert.equal(await focusedLabel(page), 'Department');
    await form.getByLabel('Department').selectOption({ label: 'Logistics (Northwind Foods)' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Carrier KPIs');
    await form.getByRole('option', { name: 'Create matter “Carrier KPIs”' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await form.getByLabel('Position').fill('weekly, every Monday');
    await form.getByRole('textbox', { name: 'Instruction', exact: true }).fill('Send the carrier KPIs every Monday');
    await page.keyboard.press('Control+Enter');
    await form.waitFor({ state: 'detached' });

    const created = await callsOf(app, 'create');
    assert.deepEqual(
      created.map((c) => c.kind),
      ['matter', 'communication', 'request'],
      'the new matter first, then the entry, then the request raised in it',
    );
    const KEYS = await demoKeys(app);
    const matter = await keyOf(app, 'matter', 'Carrier KPIs');
    const [instruction] = created[1].data.items;
    assert.deepEqual(
      { type: instruction.type, matter: instruction.matter, position: instruction.position },
      { type: 'instruction', matter, position: 'weekly, every Monday' },
    );
    const comms = await app.invoke('list', { kind: 'communication', includeVoided: false });
    const comm = comms.find((c) => c.data.subject === 'Logistics asks for weekly carrier KPIs').key;
    assert.deepEqual(created[2].data, {
      summary: 'A weekly carrier KPI dashboard',
      requested_by: KEYS.jonas,
      requested_at: '2026-11-20T17:00:00.000Z',
      raised_in: comm,
      out_of_scope: true,
      keep_undisclosed: false,
      outcome: 'pending',
    });
    const requests = details(page).getByRole('region', { name: 'Requests raised' });
    assert.match(await requests.textContent(), /A weekly carrier KPI dashboard.*out of scope · pending/s);
    await finish(page, problems);
  });

  test('minutes sent and an item done are amendments with a reason, shown at once', async () => {
    const app = await demo();
    const { page, problems } = app;
    await page.keyboard.press('Alt+2');
    await page.locator('.row', { hasText: 'October carrier invoices' }).click();
    const panel = details(page);
    await panel.getByRole('button', { name: 'Record minutes sent…' }).click();
    await dialog(page).getByLabel(/^Minutes sent/).fill('2026-11-20T17:45');
    await dialog(page).getByRole('button', { name: 'Record minutes sent' }).click();
    await dialog(page).getByText(/Reason is required/).waitFor();
    await dialog(page).getByLabel(/Reason for the amendment/).fill('Minutes e-mailed to Jonas and Diego.');
    await page.keyboard.press('Control+Enter');
    await dialog(page).waitFor({ state: 'detached' });
    await textMatching(panel.locator('div.pair', { hasText: /^Minutes sent/ }), /Fri 20 Nov 2026, 17:45/);
    await panel.getByRole('button', { name: 'Record client confirmation…' }).waitFor();

    await panel.getByRole('region', { name: 'Items' }).getByRole('button', { name: 'Mark done…' }).click();
    await dialog(page).getByLabel(/Reason for the amendment/).fill('Re-audit delivered to Jonas.');
    await page.keyboard.press('Control+Enter');
    await dialog(page).waitFor({ state: 'detached' });
    await textMatching(panel.getByRole('region', { name: 'Items' }), /· done\s*Fri 20 Nov 2026, 18:00/);
    const history = panel.getByRole('region', { name: 'History' });
    await history.getByText('(3 versions)').waitFor();
    await history.getByText('“Re-audit delivered to Jonas.”').waitFor();
    const [first, second] = await callsOf(app, 'amend');
    assert.equal(first.fields.minutes_sent_at, '2026-11-20T16:45:00.000Z');
    assert.deepEqual(
      second.fields.items.map((i) => [i.status, i.done_at]),
      [['done', '2026-11-20T17:00:00.000Z']],
    );
    await finish(page, problems);
  });

  test('a draft survives a closed window and is offered back; Esc asks before discarding', async () => {
    const app = await demo();
    const { page, problems } = app;
    await page.keyboard.press('n');
    await dialog(page).getByLabel(/^Subject/).fill('Half-typed call with Priya');
    await page.keyboard.press('Escape');
    await dialog(page).getByText('Discard what you typed?').waitFor();
    await page.getByRole('button', { name: 'Keep editing' }).click();
    await page.reload();
    // The record is on disk: the app reopens on it.
    await page.getByRole('heading', { name: 'This week', level: 1 }).waitFor();
    await page.keyboard.press('Alt+2');
    const banner = page.getByRole('status').filter({ hasText: 'An unsaved log entry' });
    await banner.getByText('“Half-typed call with Priya”').waitFor();
    await banner.getByRole('button', { name: 'Continue it' }).click();
    assert.equal(await dialog(page).getByLabel(/^Subject/).inputValue(), 'Half-typed call with Priya');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Discard', exact: true }).click();
    await dialog(page).waitFor({ state: 'detached' });
    assert.equal(await banner.count(), 0);
    await finish(page, problems);
  });

  test('search marks its matches, filters narrow the list and are kept when coming back', async () => {
    const app = await demo();
    const { page, problems } = app;
    await page.keyboard.press('Alt+2');
    await page.getByText('24 entries, newest first').waitFor();
    await page.keyboard.press('/');
    await page.keyboard.type('cut-off');
    const results = page.getByRole('list', { name: 'Search results' });
    const hit = results.getByRole('button', { name: /Quarterly service review/ });
    await hit.waitFor();
    assert.deepEqual(await hit.locator('mark').allTextContents(), ['cut', 'off']);
    assert.equal(await page.evaluate(() => document.querySelectorAll('.hit-snippet script, .hit-snippet b').length), 0);
    await hit.click();
    await details(page).getByRole('heading', { name: 'Quarterly service review' }).waitFor();
    await page.getByRole('searchbox').fill('');

    await page.getByRole('group', { name: 'Filter the log' }).getByLabel('Kind').selectOption('email');
    await page.getByText('6 matching entries').waitFor();
    await page.keyboard.press('Alt+3');
    await page.keyboard.press('Alt+2');
    await page.getByText('6 matching entries').waitFor();
    assert.equal(await page.getByRole('group', { name: 'Filter the log' }).getByLabel('Kind').inputValue(), 'email');
    const time = page.locator('.row time').first();
    assert.match(await time.textContent(), /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}, \d{2}:\d{2}$/);
    assert.match(await time.getAttribute('title'), /UTC$/);
    await finish(page, problems);
  });

  test('30,000 more entries: the list draws only what is in view and fetches pages as it scrolls', async () => {
    // The demo with the core's synthetic log (candor demo --scale 30000), already open.
    const app = await bridge.open({ demo: true, scale: 30000 });
    const { page, problems } = app;
    // A debug build reads 30,000 entries' flags, cadence and lists for a while on opening.
    await page.getByRole('heading', { name: 'This week', level: 1 }).waitFor({ timeout: 30000 });
    await page.keyboard.press('Alt+2');
    await page.getByText('30,024 entries, newest first').waitFor({ timeout: 30000 });
    const listbox = page.getByRole('listbox', { name: 'Communications, newest first' });
    assert.ok((await listbox.getByRole('option').count()) < 40, 'only the rows in view are drawn');
    await listbox.focus();
    // What the views read on opening has answered (commands take the session lock in turn, as in the window).
    await app.settled();
    const started = Date.now();
    await page.keyboard.press('End');
    await listbox.getByText(/ #1$/).waitFor();
    assert.ok(Date.now() - started < 3000, 'the end of 30,024 entries shows within moments');
    assert.ok((await listbox.getByRole('option').count()) < 40);
    const pages = await callsOf(app, 'log_list');
    assert.ok(pages.every((p) => p.limit <= 1000), 'pages stay within the contract’s limit');
    assert.ok(pages.length < 20, 'jumping to the end does not fetch every page on the way');
    await details(page).getByRole('heading', { name: / #1$/ }).waitFor();
    await finish(page, problems);
  });
});

describe('imports', () => {
  // The fixture files are in each page's fresh home (harness.js MAIL_FILES).
  test('importing through the dialog shows a summary naming each refusal, then unmatched addresses', async () => {
    const app = await demo({ importPaths: ['Mail/cutoff-calendar.eml', 'Mail/november.mbox', 'Mail/steering.ics'] });
    const { page, problems } = app;
    const MAIL = `${app.home}/Mail`;
    await page.keyboard.press('Alt+2');
    await page.keyboard.press('i');
    const panel = dialog(page);
    await panel.getByRole('heading', { name: 'Import' }).waitFor();
    await panel.getByText('2 communications imported, 1 already present, 2 refused.').waitFor();
    const refused = panel.getByRole('region', { name: 'Refused' });
    assert.match(await refused.textContent(), /november\.mbox, message 3: the message has no Date header/);
    assert.match(await refused.textContent(), /steering\.ics, the whole file: not a readable iCalendar file/);
    assert.match(await panel.locator('tr.refused-file').textContent(), /steering\.ics\s*file refused/);
    const unmatched = panel.getByRole('region', { name: /Unmatched addresses/ });
    await unmatched.getByText('freight.desk@northwind.example', { exact: true }).waitFor();
    await unmatched.getByText('x.unknown@northwind.example', { exact: true }).waitFor();
    await screenshot(page, 'import-summary-light');

    const who = unmatched.getByRole('combobox', { name: 'Who is x.unknown@northwind.example?' });
    await who.focus();
    await page.keyboard.type('tomás');
    await page.keyboard.press('Enter');
    await page.getByText('x.unknown@northwind.example is Tomás Ruiz: 1 communication amended.').waitFor();
    await unmatched.getByText('x.unknown@northwind.example', { exact: true }).waitFor({ state: 'detached' });
    await unmatched.getByRole('button', { name: 'Ignore' }).click();
    await page.getByText('freight.desk@northwind.example will be ignored on import.').waitFor();
    await unmatched.waitFor({ state: 'detached' });
    assert.deepEqual(await callsOf(app, 'map_address'), [
      { address: 'x.unknown@northwind.example', person: await person(app, 'Tomás Ruiz') },
      { address: 'freight.desk@northwind.example', person: null },
    ]);
    await panel.getByRole('button', { name: 'Close' }).click();

    await page.getByText('26 entries, newest first').waitFor();
    await page.locator('.row', { hasText: 'Transnorte PODs for October' }).click();
    const source = details(page).getByRole('region', { name: 'Source' });
    assert.ok((await source.textContent()).includes(`${MAIL}/november.mbox`), 'the source names the file imported');
    assert.match(await source.textContent(), /\.mbox, message 2.*File SHA-256\s*cc9435ae/s);
    await page.locator('.row', { hasText: 'Revised cut-off calendar' }).click();
    assert.match(await details(page).locator('div.pair', { hasText: /^Participants/ }).textContent(), /Maria Lopez, Sam Carter, Tomás Ruiz/);
    await finish(page, problems);
  });

  test('a long import shows its progress and can be cancelled, and files dropped on the window are imported', async () => {
    // The core's synthetic mbox: long enough to watch and to cancel.
    const app = await demo({ mboxFiles: { 'Mail/large.mbox': LARGE_MBOX }, importPaths: ['Mail/large.mbox'] });
    const { page, problems } = app;
    const MAIL = `${app.home}/Mail`;
    await page.keyboard.press('Alt+2');
    await page.getByText('24 entries, newest first').waitFor();
    await page.getByRole('button', { name: /^Import…/ }).click();
    const panel = dialog(page);
    await panel.getByRole('progressbar', { name: 'Import progress' }).waitFor();
    await page.waitForFunction(() => Number(document.querySelector('progress[aria-label="Import progress"]')?.value) > 0);
    assert.match(await panel.textContent(), new RegExp(`large\\.mbox — message \\d+ of ${LARGE_MBOX} · file 1 of\\s*1`), 'progress arrives over the channel');
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await panel.getByText(/The import stopped\..*large\.mbox: import cancelled; nothing was written/).waitFor();
    assert.equal((await callsOf(app, 'cancel_import')).length, 1);
    await panel.getByRole('button', { name: 'Close' }).click();
    await page.getByText('24 entries, newest first').waitFor();
    assert.equal((await app.invoke('log_list', { filter: {}, offset: 0, limit: 1 })).total, 24, 'nothing of the cancelled file was written');

    await page.evaluate((p) => window.__CANDOR_TEST__.drop([p]), `${MAIL}/cutoff-calendar.eml`);
    await dialog(page).getByText('1 communication imported, 0 already present, 0 refused.').waitFor();
    const calls = await callsOf(app, 'import_files');
    assert.deepEqual(calls.at(-1).paths, [`${MAIL}/cutoff-calendar.eml`]);
    await finish(page, problems);
  });

  test('Outlook .msg files: subjects in their code page, the HTML body, attachments and the forwarded message inside', async () => {
    const corpus = fileURLToPath(new URL('../../../../shared/corpus/msg/', import.meta.url));
    const files = ['outlook-message-parser-testgetmsgAttch.msg', 'msgreader-nonUnicodeCP932.msg', 'poi-hsmf-msgClassTask.msg'];
    for (const f of files) assert.ok(existsSync(corpus + f), `the corpus file ${corpus + f} is missing (../shared must be beside the clone)`);
    const app = await demo({ importPaths: files.map((f) => corpus + f) });
    const { page, problems } = app;
    await page.keyboard.press('Alt+2');
    await page.keyboard.press('i');
    const panel = dialog(page);
    await panel.getByText('3 communications imported, 0 already present, 1 refused.').waitFor();
    assert.match(
      await panel.getByRole('region', { name: 'Refused' }).textContent(),
      /poi-hsmf-msgClassTask\.msg, the whole file: not an e-mail: it is an Outlook item of class "IPM\.Task"/,
    );
    await panel.getByRole('button', { name: 'Close' }).click();

    // The messages are from 2020 and 2021: the end of the list, newest first.
    await page.getByRole('listbox', { name: 'Communications, newest first' }).focus();
    await page.keyboard.press('End');
    await page.locator('.row', { hasText: '日本語 Non Unicode タイトル' }).waitFor();
    await page.locator('.row', { hasText: '测试多人邮件抄送msg格式' }).click();
    const attachments = details(page).getByRole('region', { name: 'Attachments' });
    await attachments.getByText('剑来.jpg').waitFor();
    await attachments.getByText('application/vnd.ms-outlook').waitFor();
    const body = details(page).getByRole('region', { name: 'Message body' });
    await body.getByRole('button', { name: 'Show formatted' }).click();
    const srcdoc = await body.locator('iframe').getAttribute('srcdoc');
    assert.ok(!/<script|<img|javascript:/i.test(srcdoc), 'the HTML de-encapsulated from the RTF body is sanitised');
    await screenshot(page, 'msg-import-light');

    await page.locator('.row', { hasText: 'test mail' }).click();
    assert.match(await details(page).getByRole('region', { name: 'Source' }).textContent(), /\.msg, embedded message 1/);
    await finish(page, problems);
  });

  test('SECURITY: an imported e-mail’s hostile HTML runs nothing, loads nothing and navigates nowhere', async () => {
    const app = await demo({ importPaths: ['Mail/cutoff-calendar.eml'] });
    const { page, problems } = app;
    const fetched = [];
    const refused = [];
    page.on('requestfinished', (r) => fetched.push(r.url()));
    page.on('requestfailed', (r) => refused.push(`${r.url()} ${r.failure()?.errorText}`));
    await page.keyboard.press('i');
    await dialog(page).getByText('1 communication imported, 0 already present, 0 refused.').waitFor();
    await dialog(page).getByRole('button', { name: 'Close' }).click();
    await page.locator('.row', { hasText: 'Revised cut-off calendar' }).click();

    const body = details(page).getByRole('region', { name: 'Message body' });
    await body.getByText(/the revised cut-off calendar is below/).waitFor();
    assert.equal(await body.locator('iframe').count(), 0, 'plain text by default');
    await body.getByRole('button', { name: 'Show formatted' }).click();
    const frame = body.locator('iframe');
    await frame.waitFor();
    assert.equal(await frame.getAttribute('sandbox'), '', 'sandboxed with no allowance at all (no allow-scripts, no allow-same-origin)');
    const srcdoc = await frame.getAttribute('srcdoc');
    // The core sanitises imported HTML (ammonia): nothing hostile reaches the frame at all.
    for (const hostile of ['<script', 'onerror', 'onclick', 'javascript:', 'tracker.example', 'style='])
      assert.ok(!srcdoc.includes(hostile), `the core removed ${hostile} from the message`);
    assert.match(srcdoc, /the <b>revised cut-off calendar<\/b> is below/, 'the harmless formatting is kept');
    assert.match(srcdoc, /Content-Security-Policy" content="default-src 'none'/, 'the frame’s document may load nothing');

    const inner = page.frameLocator('iframe[title^="Formatted message"]');
    await inner.getByText('Please confirm.').waitFor();
    await inner.getByText('Open the calendar').click();
    await inner.getByText('Please confirm.').click();
    await page.waitForTimeout(300);

    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script, handler or javascript: link ran');
    const child = page.frames().find((f) => f !== page.mainFrame());
    assert.equal(child.url(), 'about:srcdoc', 'the frame did not navigate');
    assert.deepEqual(
      fetched.filter((u) => /tracker\.example|northwind\.example/.test(u)),
      [],
      'no request left for the remote image or any link',
    );
    assert.ok(
      refused.every((r) => / (csp|net::ERR_BLOCKED_BY_CSP)$/.test(r)),
      `whatever the frame tried to load was blocked before it left: ${refused.join(', ')}`,
    );
    await screenshot(page, 'email-formatted-light');
    // Nothing was left for the frame's CSP to refuse: finish() finds no violation.
    await finish(page, problems);
  });
});

describe('workarounds', () => {
  test('a workaround without justification is refused next to the field, then recorded and shown in the list and on its procedure', async () => {
    const app = await demo();
    const { page, problems } = app;
    await showView(page, 'Alt+3', 'Workarounds');
    await screenshot(page, 'workarounds-light');

    await page.keyboard.press('w');
    const form = dialog(page);
    await form.getByRole('heading', { name: 'Record a workaround' }).waitFor();
    assert.match(await focusedLabel(page), /^Procedure/);
    await page.keyboard.press('ArrowDown');
    const first = form.getByRole('listbox').getByRole('option').first();
    assert.match(await first.textContent(), /^FIN-04 Month-end invoice cut-off.*recent/, 'recently worked-around procedures come first');
    await page.keyboard.type('fin-09');
    await page.keyboard.press('Enter');
    assert.equal(await form.getByLabel(/^Performed by/).inputValue(), 'Sam Carter', 'performed by defaults to me');
    assert.equal(await form.getByLabel(/^When/).inputValue(), '2026-11-20T18:00');
    await form.getByLabel(/^What was done instead/).fill('Ran the duplicate check on the proposal file; the paid-invoice report was down.');
    await page.keyboard.press('Control+Enter');
    const message = form.locator('.field', { has: page.getByLabel(/^Justification/) }).locator('.error');
    await message.waitFor();
    assert.equal(await message.textContent(), 'Justification is required: say why the procedure could not be followed');
    assert.equal(await focusedLabel(page).then((l) => l.startsWith('Justification')), true, 'the cursor goes to the field');
    assert.equal((await callsOf(app, 'create')).length, 0, 'nothing is sent while the justification is empty');

    await form.getByLabel(/^Justification/).fill('The paid-invoice report was down for the bank’s maintenance window all morning.');
    await form.getByLabel(/^Approved by/).fill('chloé');
    await page.keyboard.press('Enter');
    await form.getByLabel(/^Approved at/).fill('2026-11-20T17:30');
    await screenshot(page, 'workaround-form-light');
    await page.keyboard.press('Control+Enter');
    await form.waitFor({ state: 'detached' });

    const [sent] = await callsOf(app, 'create');
    assert.equal(sent.data.approval.approved_at, '2026-11-20T16:30:00.000Z');
    const row = page.locator('tr.highlight', { hasText: 'Ran the duplicate check on the proposal file' });
    await row.waitFor();
    assert.match(await row.textContent(), /Fri 20 Nov, 18:00.*FIN-09.*Sam Carter.*Approved by Chloé Martin \(team lead\), Fri 20 Nov.*Disclosure not required/s);
    await details(page).getByRole('button', { name: 'Open the procedure' }).click();
    await page.getByRole('heading', { name: 'Procedures', level: 1 }).waitFor();
    const record = details(page).getByRole('region', { name: 'Workarounds' });
    await record.getByRole('button', { name: 'Ran the duplicate check on the proposal file; the paid-invoice report was down.' }).waitFor();
    assert.match(await record.textContent(), /2 workarounds in all/);
    await showView(page, 'Alt+7', 'Stakeholders');
    await page.getByRole('button', { name: /^Sam Carter/ }).first().click();
    const person = details(page).getByRole('region', { name: 'Workarounds' });
    await person.getByRole('button', { name: 'Ran the duplicate check on the proposal file; the paid-invoice report was down.' }).waitFor();
    assert.match(await person.textContent(), /1 workaround performed/);
    await finish(page, problems);
  });

  test('disclosure and approval read as words, and a disclosure can be recorded', async () => {
    const app = await demo();
    const { page, problems } = app;
    await page.keyboard.press('Alt+3');
    await page.getByLabel('Week').selectOption('all');
    const table = page.locator('table.ledger');
    await textMatching(
      table.locator('tr', { hasText: 'Booked three late Transnorte freight invoices' }),
      /Disclosed to Northwind Foods Finance in Steering call #4, Thu 15 Oct/,
      'a communication is named by its label once the labels are read',
    );
    const unapproved = table.locator('tr', { hasText: 'Booked Transnorte\'s late October invoices in October.' });
    assert.match(await unapproved.textContent(), /Not approved — needs a director or above.*Not disclosed — 18 days/s);
    assert.match(
      await table.locator('tr', { hasText: 'Accrued the last week of October freight' }).textContent(),
      /Approved by Chloé Martin \(team lead\), Mon 9 Nov — below the director level FIN-04 requires/,
    );
    assert.match(
      await table.locator('tr', { hasText: "Changed Ferroval's bank details" }).textContent(),
      /Approved by Chloé Martin \(director, delegated by Grace Kim\)/,
      'authority in force counts delegations',
    );
    await unapproved.click();
    await details(page).getByRole('button', { name: 'Record disclosure…' }).click();
    const form = dialog(page);
    await form.getByRole('heading', { name: 'Record a disclosure' }).waitFor();
    await form.getByLabel(/^Client department/).selectOption({ label: 'Finance' });
    await form.getByLabel(/^In which communication/).fill('steering call #9');
    await form.getByRole('option', { name: /Steering call #9/ }).click();
    await form.getByLabel(/^What was said/).fill('The late October invoices were booked in October at Logistics’ request.');
    await page.keyboard.press('Control+Enter');
    await form.waitFor({ state: 'detached' });
    await details(page).getByRole('region', { name: 'Standing' }).getByText('Disclosed to Northwind Foods Finance in Steering call #9, Fri 20 Nov').waitFor();
    await page.keyboard.press('Escape');
    await unapproved.getByText('Disclosed to Northwind Foods Finance in Steering call #9, Fri 20 Nov').waitFor();
    await finish(page, problems);
  });
});

describe('requests and incidents', () => {
  test('who knows of each request and incident, in words; a new incident is recorded', async () => {
    const app = await demo();
    const { page, problems } = app;
    await page.keyboard.press('Alt+4');
    const rows = page.locator('table.ledger tbody tr');
    assert.match(
      await rows.filter({ hasText: 'Build a carrier scorecard' }).textContent(),
      /out of scope.*asked to keep it undisclosed \(Aiko Tanaka\).*Done as a favour.*Management not told — 32 days.*Not disclosed — 32 days/s,
    );
    await screenshot(page, 'requests-light');
    await page.getByRole('tab', { name: /Incidents/ }).click();
    assert.match(
      await rows.filter({ hasText: 'Duplicate payment of 48,200 EUR' }).textContent(),
      /High.*Told Northwind Foods Finance in Steering call #8, Thu 12 Nov \(9 days after\)/s,
    );
    await page.getByRole('button', { name: 'New incident' }).click();
    await dialog(page).getByLabel(/^What went wrong/).fill('Bank file rejected again after the format change');
    await dialog(page).getByLabel(/^Severity/).selectOption('high');
    await page.keyboard.press('Control+Enter');
    await dialog(page).waitFor({ state: 'detached' });
    const added = rows.filter({ hasText: 'Bank file rejected again' });
    await added.waitFor();
    assert.match(await added.textContent(), /High.*Client not told yet/s);
    await finish(page, problems);
  });
});

describe('flags', () => {
  test('acknowledge one flag and resolve another through the app: a note is required, states and notes are shown', async () => {
    const app = await demo();
    const { page, problems } = app;
    const { flags: FLAGS } = await app.invoke('judgements', { until: null });
    await showView(page, 'Alt+5', 'Flags');
    const open = page.getByRole('button', { name: /^Open 15$/ });
    await open.waitFor();
    assert.equal(await open.getAttribute('aria-pressed'), 'true');
    await page.getByRole('region', { name: 'Update cadence' }).getByRole('img').waitFor();
    await screenshot(page, 'flags-light');

    const unapproved = page.locator('article', { hasText: "Ravi Shah's workaround of FIN-04 Month-end invoice cut-off has no approval" });
    assert.match(await unapproved.textContent(), /High.*workaround-unapproved · since Mon 2 Nov 2026, 14:00/s, 'the sentence, then the rule id small');
    await unapproved.getByRole('button', { name: 'Acknowledge or resolve…' }).click();
    await unapproved.getByRole('button', { name: 'Acknowledge' }).click();
    await unapproved.getByText('A note is required: say why it is acknowledged').waitFor();
    assert.equal((await callsOf(app, 'annotate_flag')).length, 0);
    await unapproved.getByLabel(/^Note/).fill('Grace approves retroactively on Monday; approval to be recorded then.');
    await unapproved.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('button', { name: /^Open 14$/ }).waitFor();

    const stale = page.locator('article', { hasText: 'was worked around 3 times within 30 days' });
    await stale.getByRole('button', { name: 'Acknowledge or resolve…' }).click();
    await stale.getByLabel(/^Note/).fill('Finance agreed to revise FIN-04 at the December steering call.');
    await stale.getByRole('button', { name: 'Resolve' }).click();
    await page.getByRole('button', { name: /^Open 13$/ }).waitFor();
    await page.getByRole('navigation', { name: 'Views' }).getByText('13', { exact: true }).waitFor();

    assert.deepEqual(
      (await callsOf(app, 'annotate_flag')).map((a) => [a.id, a.resolve, a.note]),
      [
        [flagId(FLAGS, 'workaround-unapproved', 'has no approval'), false, 'Grace approves retroactively on Monday; approval to be recorded then.'],
        [flagId(FLAGS, 'procedure-stale', 'FIN-04'), true, 'Finance agreed to revise FIN-04 at the December steering call.'],
      ],
    );

    await page.getByRole('button', { name: /^Acknowledged 2$/ }).click();
    const acknowledged = page.locator('article', { hasText: 'has no approval' });
    assert.match(await acknowledged.textContent(), /Acknowledged.*Note: Grace approves retroactively on Monday/s);
    await page.getByRole('button', { name: /^Resolved 2$/ }).click();
    const resolved = page.locator('article', { hasText: 'was worked around 3 times' });
    assert.match(await resolved.textContent(), /Resolved.*Note: Finance agreed to revise FIN-04/s);
    await page.getByRole('button', { name: /^All 17$/ }).click();
    assert.equal(await page.locator('article', { hasText: 'has no approval' }).count(), 1, 'acknowledged and resolved flags stay visible');

    const offChannel = page.locator('article', { hasText: 'was contacted through a personal phone' });
    assert.match(await offChannel.textContent(), /Resolved/, 'a flag resolved earlier shows its state too');
    await offChannel.getByRole('button', { name: "Aiko on Diego's mobile: carrier scorecard" }).click();
    await page.getByRole('heading', { name: 'Log', level: 1 }).waitFor();
    await details(page).getByRole('heading', { name: "Aiko on Diego's mobile: carrier scorecard" }).waitFor();
    await finish(page, problems);
  });

  test('the flags inbox in the dark theme', async () => {
    const app = await demo();
    const { page, problems } = app;
    await page.keyboard.press('Control+k');
    await page.keyboard.type('theme dark');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Alt+5');
    await page.getByRole('region', { name: 'Update cadence' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'flags-dark');
    await finish(page, problems);
  });
});

describe('the report', () => {
  test('preview shows the week, the edition switches, export and issue send the right arguments', async () => {
    const app = await demo({ savePath: 'Reports/northwind-2026-W46-internal.pdf' });
    const { page, problems } = app;
    const saved = `${app.home}/Reports/northwind-2026-W46-internal.pdf`;
    await page.keyboard.press('Alt+6');
    const frame = page.locator('iframe[title^="Report preview"]');
    await frame.waitFor();
    assert.equal(await frame.getAttribute('sandbox'), '');
    assert.match(await frame.getAttribute('title'), /2026-W47, client edition/);
    assert.match(await frame.getAttribute('srcdoc'), /weekly report 2026-W47[\s\S]*Client edition/);
    await page.frameLocator('iframe[title^="Report preview"]').getByText('Mon 16 Nov 2026 – Sun 22 Nov 2026').first().waitFor();
    await screenshot(page, 'report-light');

    await page.getByRole('radio', { name: 'Internal' }).check();
    await page.waitForFunction(() => document.querySelector('iframe[title^="Report preview"]')?.getAttribute('srcdoc')?.includes('Internal edition'));
    await page.getByRole('button', { name: 'Previous week' }).click();
    await page.getByText('Mon 9 Nov – Sun 15 Nov 2026').waitFor();
    await page.waitForFunction(() => document.querySelector('iframe[title^="Report preview"]')?.getAttribute('srcdoc')?.includes('2026-W46'));
    assert.deepEqual((await callsOf(app, 'report_preview')).at(-1), { week: '2026-W46', edition: 'internal' });

    await page.getByLabel('Format').selectOption('pdf');
    await page.getByRole('button', { name: 'Export…' }).click();
    await page.getByRole('status').filter({ hasText: 'Rendering the PDF…' }).waitFor();
    await page.getByText(`Exported to ${saved}.`).waitFor();
    assert.ok(existsSync(saved), 'the PDF was written');
    assert.deepEqual(await callsOf(app, 'report_export'), [
      { week: '2026-W46', edition: 'internal', format: 'pdf', path: saved },
    ]);
    const [asked] = (await callsOf(app, 'plugin:dialog|save')).slice(-1);
    assert.equal(asked.options.defaultPath, 'northwind-foods-finance-2026-W46-internal.pdf');

    await page.getByRole('radio', { name: 'Client' }).check();
    await page.getByRole('button', { name: 'Issue…' }).click();
    const form = dialog(page);
    await form.getByRole('button', { name: 'Choose where to save, and issue' }).click();
    await form.getByText('Pick at least one recipient: who the report is sent to').waitFor();
    await page.keyboard.type('maria');
    await page.keyboard.press('Enter');
    await page.keyboard.type('henrik');
    await page.keyboard.press('Enter');
    await form.getByRole('button', { name: 'Choose where to save, and issue' }).click();
    await form.waitFor({ state: 'detached' });
    const [issued] = await callsOf(app, 'report_issue');
    assert.deepEqual(issued, {
      week: '2026-W46',
      edition: 'client',
      format: 'pdf',
      path: saved,
      recipients: [await person(app, 'Maria Lopez'), await person(app, 'Henrik Olsen')],
    });
    const list = page.getByRole('complementary', { name: 'Issued for 2026-W46' });
    await textMatching(list, /Client · PDF · Fri 20 Nov 2026, 18:00.*To Maria Lopez, Henrik Olsen/s);
    await finish(page, problems);
  });
});

describe('the palette', () => {
  test('reaches the new actions and records by name, communications through search', async () => {
    const app = await demo();
    const { page, problems } = app;
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await page.keyboard.type('spend cube');
    await palette.getByRole('option', { name: /^Monthly spend cube for Procurement.*Request/ }).waitFor();
    await palette.getByRole('option', { name: /^Monthly spend cube\?.*Log entry/ }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await details(page).getByRole('heading', { name: 'Monthly spend cube?' }).waitFor();

    await page.keyboard.press('Control+k');
    await page.keyboard.type('record a workaround');
    await page.keyboard.press('Enter');
    await dialog(page).getByRole('heading', { name: 'Record a workaround' }).waitFor();
    await finish(page, problems);
  });
});
