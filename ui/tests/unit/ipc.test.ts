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
    const row = await ipc.amend('k1', { name: 'Acme' }, 'typo');
    await ipc.bootstrapIdentity({ providerName: 'B', departmentName: 'D', name: 'N', email: '' });
    await ipc.voidEntry('k1', 'mistake');
    expect(row.version).toBe(2);
    expect(seen).toEqual([
      ['list', { kind: 'person', includeVoided: true }],
      ['amend', { key: 'k1', data: { name: 'Acme' }, reason: 'typo' }],
      ['bootstrap_identity', { providerName: 'B', departmentName: 'D', name: 'N', email: '' }],
      ['void_entry', { key: 'k1', reason: 'mistake' }],
    ]);
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
    await expect(ipc.verify()).rejects.toEqual({ kind: 'internal', message: 'boom', fields: [] });
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
});
