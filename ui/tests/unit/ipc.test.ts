import { afterEach, describe, expect, test } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import * as ipc from '../../src/lib/ipc';
import { isAppError, toAppError } from '../../src/lib/ipc';

afterEach(() => clearMocks());

describe('toAppError', () => {
  test('keeps an AppError as it is', () => {
    const e = { kind: 'invalid', message: 'person.name: Name is required', fields: [{ entity: 'person', field: 'name', message: 'Name is required' }] };
    expect(toAppError(e)).toEqual(e);
  });

  test('fills in what a partial error lacks', () => {
    expect(toAppError({ kind: 'refused', message: 'a reason is required to void an entry' })).toEqual({
      kind: 'refused',
      message: 'a reason is required to void an entry',
      fields: [],
    });
    expect(toAppError({ kind: 'invalid', message: 'bad', fields: [{ field: 'emails[1]', message: 'not an address' }, 'junk', null] })).toEqual({
      kind: 'invalid',
      message: 'bad',
      fields: [{ entity: '', field: 'emails[1]', message: 'not an address' }],
    });
  });

  test('an unknown kind becomes internal', () => {
    expect(toAppError({ kind: 'exploded', message: 'boom' }).kind).toBe('internal');
  });

  test('strings, Errors and anything else become internal errors with a message', () => {
    expect(toAppError('command list not found')).toEqual({ kind: 'internal', message: 'command list not found', fields: [] });
    expect(toAppError(new TypeError('x is undefined'))).toEqual({ kind: 'internal', message: 'x is undefined', fields: [] });
    for (const odd of [undefined, null, 42, '', { no: 'message' }]) {
      const e = toAppError(odd);
      expect(e.kind).toBe('internal');
      expect(e.message.length).toBeGreaterThan(0);
      expect(isAppError(e)).toBe(true);
    }
  });
});

describe('commands', () => {
  test('send the contract’s argument names and return the result', async () => {
    const seen: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      if (cmd === 'list') return [];
      if (cmd === 'amend') return { key: 'k1', kind: 'party', version: 2, voided: false, recorded_at: '2026-11-17T15:45:00Z', label: 'Acme', data: {} };
      return null;
    });
    await ipc.list('person', true);
    const read = { key: 'k1', kind: 'party' as const, version: 1, voided: false, recorded_at: '2026-11-17T15:45:00Z', label: 'Acme', data: { name: 'Acne', role: 'client', internal_note: 'x' } };
    const row = await ipc.amend(read, { name: 'Acme', role: 'client' }, 'typo');
    await ipc.bootstrapIdentity({ providerName: 'B', departmentName: 'D', name: 'N', email: '' });
    await ipc.voidEntry(row, 'mistake');
    expect(row.version).toBe(2);
    expect(seen).toEqual([
      ['list', { kind: 'person', includeVoided: true }],
      // The version read and the changed fields only (null clears one).
      ['amend', { key: 'k1', base: 1, fields: { name: 'Acme', internal_note: null }, reason: 'typo' }],
      ['bootstrap_identity', { providerName: 'B', departmentName: 'D', name: 'N', email: '' }],
      ['void_entry', { key: 'k1', base: 2, reason: 'mistake' }],
    ]);
  });

  test('a conflict carries the versions and who changed the entry since', async () => {
    mockIPC(() => {
      throw {
        kind: 'conflict',
        message: 'k1 changed since version 1',
        fields: [{ entity: 'k1', field: 'name', message: 'changed by Sam Carter at 2026-11-19T10:00:00.000Z' }],
        entity: 'k1',
        base: 1,
        current: 2,
        changed_by: 'sam',
        changed_by_name: 'Sam Carter',
        changed_at: '2026-11-19T10:00:00.000Z',
      };
    });
    const e = await ipc.amendFields('k1', 1, { name: 'X' }, 'r').catch((x) => x);
    expect(e.kind).toBe('conflict');
    expect(e.fields.map((f: { field: string }) => f.field)).toEqual(['name']);
    expect(e.conflict).toEqual({ entity: 'k1', base: 1, current: 2, changed_by: 'sam', changed_by_name: 'Sam Carter', changed_at: '2026-11-19T10:00:00.000Z' });
  });

  test('reject with a normalised AppError', async () => {
    mockIPC((cmd) => {
      if (cmd === 'create') throw { kind: 'no_identity', message: 'Choose who you are before recording (Settings → Identity).', fields: [] };
      throw 'boom';
    });
    await expect(ipc.create('party', { name: 'X', role: 'client' })).rejects.toEqual({
      kind: 'no_identity',
      message: 'Choose who you are before recording (Settings → Identity).',
      fields: [],
    });
    await expect(ipc.verify(() => {})).rejects.toEqual({ kind: 'internal', message: 'boom', fields: [] });
  });

  test('dialogs go through the dialog plugin', async () => {
    mockIPC((cmd, args) => {
      if (cmd === 'plugin:dialog|open') return '/data/other.db';
      if (cmd === 'plugin:dialog|save') return (args as { options: { defaultPath: string } }).options.defaultPath;
      return null;
    });
    expect(await ipc.pickDatabase()).toBe('/data/other.db');
    expect(await ipc.pickBackupPath('/data/backup.db')).toBe('/data/backup.db');
  });

  test('the log, flags and report commands send the contract’s argument names', async () => {
    const seen: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      if (cmd === 'log_list') return { total: 0, offset: 0, rows: [] };
      if (cmd === 'annotate_flag' || cmd === 'search' || cmd === 'report_export') return [];
      return null;
    });
    await ipc.logList({ week: '2026-W47' }, 200, 200);
    await ipc.search('cut-off', 50);
    await ipc.mapAddress('x@acme.example', null);
    await ipc.annotateFlag('update-gap:p1', true, 'Called her on Monday.');
    await ipc.checkReminders(true);
    await ipc.judgements('2026-11-22');
    await ipc.judgements(null);
    await ipc.reportExport('2026-W47', 'client', 'pdf', '/r/w47.pdf');
    await ipc.reportIssue('2026-W47', 'internal', 'md', '/r/w47.md', ['p1', 'p2']);
    expect(seen).toEqual([
      ['log_list', { filter: { week: '2026-W47' }, offset: 200, limit: 200 }],
      ['search', { query: 'cut-off', limit: 50 }],
      ['map_address', { address: 'x@acme.example', person: null }],
      ['annotate_flag', { id: 'update-gap:p1', resolve: true, note: 'Called her on Monday.' }],
      ['check_reminders', { opening: true }],
      ['judgements', { until: '2026-11-22' }],
      ['judgements', { until: null }],
      ['report_export', { week: '2026-W47', edition: 'client', format: 'pdf', path: '/r/w47.pdf' }],
      ['report_issue', { week: '2026-W47', edition: 'internal', format: 'md', path: '/r/w47.md', recipients: ['p1', 'p2'] }],
    ]);
  });

  test('an import hears its progress over the onProgress channel', async () => {
    mockIPC((cmd, args) => {
      if (cmd !== 'import_files') return null;
      const a = args as { paths: string[]; onProgress: { id: number } };
      const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } }).__TAURI_INTERNALS__;
      a.paths.forEach((file, i) => internals.runCallback(a.onProgress.id, { message: { file, done: 0, total: 3 }, index: i }));
      return a.paths.map((file) => ({ file, sha256: 'ab', imported: [], amended: [], already_present: 0, refused: [], file_refused: false }));
    });
    const heard: unknown[] = [];
    const reports = await ipc.importFiles(['/m/a.eml', '/m/b.mbox'], (p) => heard.push(p));
    expect(heard).toEqual([
      { file: '/m/a.eml', done: 0, total: 3 },
      { file: '/m/b.mbox', done: 0, total: 3 },
    ]);
    expect(reports.map((r) => r.file)).toEqual(['/m/a.eml', '/m/b.mbox']);
  });

  test('the import and report dialogs ask for the right thing', async () => {
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      asked.push([cmd, (args as { options: unknown }).options]);
      if (cmd === 'plugin:dialog|open') return (args as { options: { multiple?: boolean } }).options.multiple ? ['/m/a.eml'] : '/r';
      return '/r/w47.pdf';
    });
    expect(await ipc.pickImportFiles()).toEqual(['/m/a.eml']);
    expect(await ipc.pickFolder('Write the CSV files into…')).toBe('/r');
    expect(await ipc.pickReportPath('w47.pdf', 'pdf')).toBe('/r/w47.pdf');
    expect(asked).toEqual([
      [
        'plugin:dialog|open',
        { title: 'Import mail, calendars or a CSV log', multiple: true, directory: false, filters: [{ name: 'Mail and calendars', extensions: ['eml', 'mbox', 'msg', 'ics', 'csv'] }] },
      ],
      ['plugin:dialog|open', { title: 'Write the CSV files into…', directory: true, multiple: false }],
      ['plugin:dialog|save', { title: 'Write the report to…', defaultPath: 'w47.pdf', filters: [{ name: 'PDF', extensions: ['pdf'] }] }],
    ]);
  });
});
