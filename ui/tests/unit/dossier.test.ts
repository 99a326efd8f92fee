import { describe, expect, test, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { mockIPC } from '@tauri-apps/api/mocks';
import DossierPanel from '../../src/components/DossierPanel.svelte';
import { commands } from '../../src/lib/commands';
import { DOSSIER_FORMATS, dossierFileName, issuedDossiers, slug } from '../../src/lib/dossier';
import { FIELDS } from '../../src/lib/fields';
import * as ipc from '../../src/lib/ipc';
import type { DossierPreview } from '../../src/lib/ipc';
import { start, ui } from '../../src/lib/store.svelte';
import { andList } from '../../src/lib/words';
import { backend, onFridayEvening } from './judged';
import { row } from './rows';

describe('a dossier’s file name', () => {
  test('the matter’s name in lower case, every run of other characters one hyphen, none at the ends', () => {
    expect(slug('Invoice cut-off')).toBe('invoice-cut-off');
    expect(slug('  Freight -- accruals (Q4) / 2026! ')).toBe('freight-accruals-q4-2026');
    expect(slug('VENDOR bank_details')).toBe('vendor-bank-details');
  });

  test('letters of any script stay, as the core keeps them; nothing left is "matter"', () => {
    expect(slug('Tomás Ruiz: Überweisung')).toBe('tomás-ruiz-überweisung');
    expect(slug('---')).toBe('matter');
    expect(slug('')).toBe('matter');
  });

  test('<slug>-<edition>-dossier.<ext>, Markdown as .md', () => {
    expect(dossierFileName('Invoice cut-off', 'client', 'pdf')).toBe('invoice-cut-off-client-dossier.pdf');
    expect(dossierFileName('Invoice cut-off', 'internal', 'md')).toBe('invoice-cut-off-internal-dossier.md');
    expect(dossierFileName('Carrier rate disputes', 'client', 'json')).toBe('carrier-rate-disputes-client-dossier.json');
  });

  test('HTML, PDF, Markdown and JSON are offered, no spreadsheet or folder', () => {
    expect(DOSSIER_FORMATS.map((f) => f.value)).toEqual(['html', 'pdf', 'md', 'json']);
    expect(DOSSIER_FORMATS.map((f) => f.label)).toEqual(['HTML', 'PDF', 'Markdown', 'JSON']);
  });
});

describe('the dossiers issued of a matter', () => {
  test('only live dossiers of that matter, the latest first; weekly reports and other matters’ dossiers left out', () => {
    const issued = (data: Record<string, unknown>, extra = {}) =>
      row('issued_report', { edition: 'client', format: 'pdf', recipients: ['p1'], file_name: 'x', sha256: 'ab', size: 1, checkpoint: '9:ab', ...data }, extra);
    const older = issued({ document: 'dossier', subject: 'm1', title: 'Invoice cut-off' }, { recorded_at: '2026-11-18T09:00:00Z' });
    const newer = issued({ document: 'dossier', subject: 'm1', title: 'Invoice cut-off' }, { recorded_at: '2026-11-20T09:00:00Z' });
    const voided = issued({ document: 'dossier', subject: 'm1' }, { voided: true });
    const other = issued({ document: 'dossier', subject: 'm2' });
    const weekly = issued({ week: '2026-W47' });
    const brief = issued({ document: 'brief', subject: 'm1' });
    expect(issuedDossiers([older, weekly, voided, newer, other, brief], 'm1')).toEqual([newer, older]);
  });
});

describe('names in words', () => {
  test('one, two, and more', () => {
    expect(andList([])).toBe('');
    expect(andList(['Maria Lopez'])).toBe('Maria Lopez');
    expect(andList(['Maria Lopez', 'Henrik Olsen'])).toBe('Maria Lopez and Henrik Olsen');
    expect(andList(['A', 'B', 'C'])).toBe('A, B and C');
  });
});

describe('the dossier commands', () => {
  test('send the contract’s argument names', async () => {
    const seen: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      if (cmd === 'dossier_preview') return { html: '<p>x</p>', summary: 's', matter: 'Invoice cut-off' };
      if (cmd === 'dossier_export') return '/r/d.md';
      if (cmd === 'dossier_issue') return 'issued-1';
      return null;
    });
    expect(await ipc.dossierPreview('m1', 'client')).toEqual({ html: '<p>x</p>', summary: 's', matter: 'Invoice cut-off' });
    expect(await ipc.dossierExport('m1', 'internal', 'md', '/r/d.md')).toBe('/r/d.md');
    expect(await ipc.dossierIssue('m1', 'client', 'pdf', '/r/d.pdf', ['p1', 'Maria Lopez'])).toBe('issued-1');
    expect(seen).toEqual([
      ['dossier_preview', { matter: 'm1', edition: 'client' }],
      ['dossier_export', { matter: 'm1', edition: 'internal', format: 'md', path: '/r/d.md' }],
      ['dossier_issue', { matter: 'm1', edition: 'client', format: 'pdf', path: '/r/d.pdf', recipients: ['p1', 'Maria Lopez'] }],
    ]);
  });

  test('a refusal comes back as an AppError', async () => {
    mockIPC(() => {
      throw { kind: 'not_found', message: 'not found: no matter is called or keyed "nope"' };
    });
    await expect(ipc.dossierPreview('nope', 'client')).rejects.toEqual({ kind: 'not_found', message: 'not found: no matter is called or keyed "nope"', fields: [] });
  });
});

describe('the matter a request, an incident or a workaround is filed under', () => {
  test('is a half-width choice of the matters on each of the three', () => {
    for (const kind of ['request', 'incident', 'workaround'] as const) {
      const f = FIELDS[kind].find((x) => x.name === 'matter');
      expect(f, kind).toMatchObject({ type: 'reference', ref: 'matter', half: true, label: 'Matter' });
      expect(f?.required, kind).toBeFalsy();
    }
  });
});

describe('the dossier', () => {
  onFridayEvening();

  const matter = row('matter', { name: 'Invoice cut-off', description: 'Which period late invoices are booked in.' });
  const other = row('matter', { name: 'Carrier rate disputes' });
  const doc = (edition: string): DossierPreview => ({
    html: `<html><body><h1>Invoice cut-off</h1><p>${edition === 'internal' ? 'Internal edition' : 'Client edition'}</p></body></html>`,
    summary: '10 entries on record about Invoice cut-off.',
    matter: 'Invoice cut-off',
  });

  test('the palette offers it only while a matter is selected', async () => {
    backend({ rows: [matter, other] });
    await start();
    expect(commands().some((c) => c.id === 'matter:dossier')).toBe(false);
    ui.selected = matter.key;
    const open = commands().find((c) => c.id === 'matter:dossier');
    expect(open).toMatchObject({ label: 'Open the dossier of this matter', hint: 'Invoice cut-off' });
    open!.run();
    expect(ui.dialog).toEqual({ type: 'dossier', matter: matter.key });
  });

  test('shows the client edition in a sandboxed frame, then the internal one, marked not for the client', async () => {
    const calls = backend({ rows: [matter], other: (cmd, a) => (cmd === 'dossier_preview' ? doc(String(a.edition)) : null) });
    await start();
    render(DossierPanel, { matter: matter.key, onclose: vi.fn() });
    expect(screen.getByText('Building the dossier of Invoice cut-off…')).toBeInTheDocument();
    const frame = await screen.findByTitle('Dossier preview: Invoice cut-off, client edition');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain('Client edition');
    expect(screen.getByRole('radio', { name: /^Client edition/ })).toBeChecked();
    expect(screen.queryByRole('note')).toBeNull();

    const internal = screen.getByRole('radio', { name: /^Internal edition/ });
    expect(internal.closest('label')).toHaveTextContent('Internal edition not for the client');
    await fireEvent.click(internal);
    const shown = await screen.findByTitle('Dossier preview: Invoice cut-off, internal edition');
    expect(shown.getAttribute('srcdoc')).toContain('Internal edition');
    expect(screen.getByRole('note')).toHaveTextContent('Internal edition: not for the client.');
    expect(calls.filter(([c]) => c === 'dossier_preview').map(([, a]) => a)).toEqual([
      { matter: matter.key, edition: 'client' },
      { matter: matter.key, edition: 'internal' },
    ]);
  });

  test('says in words why it could not be built', async () => {
    backend({
      rows: [matter],
      other: (cmd) => {
        if (cmd === 'dossier_preview') throw { kind: 'not_found', message: 'not found: no matter is called or keyed "m9"', fields: [] };
        return null;
      },
    });
    await start();
    render(DossierPanel, { matter: matter.key, onclose: vi.fn() });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The dossier could not be built. not found: no matter is called or keyed "m9"');
    expect(screen.queryByTitle(/Dossier preview/)).toBeNull();
  });

  test('exports through the save dialog with the matter’s file name', async () => {
    const calls = backend({
      rows: [matter],
      other: (cmd, a) => {
        if (cmd === 'dossier_preview') return doc(String(a.edition));
        if (cmd === 'plugin:dialog|save') return `/home/sam/${(a.options as { defaultPath: string }).defaultPath}`;
        if (cmd === 'dossier_export') return String(a.path);
        return null;
      },
    });
    await start();
    render(DossierPanel, { matter: matter.key, onclose: vi.fn() });
    await screen.findByTitle(/Dossier preview/);
    await fireEvent.change(screen.getByLabelText('Format'), { target: { value: 'json' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    await waitFor(() => expect(ui.notice?.text).toBe('Exported the client dossier of Invoice cut-off to /home/sam/invoice-cut-off-client-dossier.json.'));
    const save = calls.find(([c]) => c === 'plugin:dialog|save')![1].options;
    expect(save).toEqual({ title: 'Write the dossier to…', defaultPath: 'invoice-cut-off-client-dossier.json', filters: [{ name: 'JSON', extensions: ['json'] }] });
    expect(calls.filter(([c]) => c === 'dossier_export').map(([, a]) => a)).toEqual([
      { matter: matter.key, edition: 'client', format: 'json', path: '/home/sam/invoice-cut-off-client-dossier.json' },
    ]);
  });

  test('Esc closes it; in the issue form, Esc goes back to the preview, and nobody is issued to without a recipient', async () => {
    const calls = backend({ rows: [matter], other: (cmd, a) => (cmd === 'dossier_preview' ? doc(String(a.edition)) : null) });
    await start();
    const onclose = vi.fn();
    render(DossierPanel, { matter: matter.key, onclose });
    await screen.findByTitle(/Dossier preview/);
    await fireEvent.click(screen.getByRole('button', { name: 'Issue…' }));
    expect(screen.getByRole('heading', { name: 'Issue the client edition of the dossier' })).toBeInTheDocument();
    expect(screen.getByTitle(/Dossier preview/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Choose where to save, and issue' }));
    expect(screen.getByText('Pick at least one recipient: who the dossier is sent to')).toBeInTheDocument();
    expect(calls.some(([c]) => c === 'dossier_issue' || c === 'plugin:dialog|save')).toBe(false);
    await fireEvent.keyDown(screen.getByLabelText('Format'), { key: 'Escape' });
    expect(screen.queryByRole('heading', { name: /^Issue the/ })).toBeNull();
    expect(onclose).not.toHaveBeenCalled();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Issue…' })));
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(onclose).toHaveBeenCalledOnce();
  });
});
