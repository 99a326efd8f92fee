// The core's judgements as the desktop sends them (docs/ipc.md: cadence, commitments_due,
// standings), and a mocked backend that serves them with a record, for view tests.

import { afterEach, beforeEach, vi } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Commitment, EntityRow, Flag, Owed, Standing } from '../../src/lib/ipc';
import { reset } from '../../src/lib/store.svelte';
import { row } from './rows';

export const engagement = row('engagement', {
  name: 'Northwind outsourcing',
  time_zone: 'Europe/Madrid',
  week_start: 'monday',
  default_cadence_days: 14,
});

/** One stakeholder's cadence judgement; by default on track, last updated on Thu 19 Nov. */
export function owed(o: Partial<Owed> & { key: string; name: string }): Owed {
  const { key, name, ...rest } = o;
  return {
    subject: { type: 'person', key, label: name.replace(/ \(.*\)$/, '') },
    name,
    cadence_days: 7,
    last_update: '2026-11-19T09:00:00.000Z',
    last_communication: 'comm-1',
    added: '2026-09-01T08:00:00.000Z',
    due: '2026-11-26T23:00:00.000Z',
    days_since: 1,
    days_left: 6,
    state: 'on_track',
    updates: ['2026-11-19T09:00:00.000Z'],
    stretches: [{ from: '2026-11-19T09:00:00.000Z', due: '2026-11-26T23:00:00.000Z', until: '2026-11-20T17:00:00.000Z' }],
    ...rest,
    // Due instants here are Madrid midnights (23:00Z): the day they end is their UTC date.
    due_day: rest.due_day ?? (rest.due ?? '2026-11-26T23:00:00.000Z').slice(0, 10),
  };
}

/** Last updated on Mon 12 Oct on a 28-day cadence: overdue by 11 days on Fri 20 Nov. */
export const priya = owed({
  key: 'priya',
  name: 'Priya Nair (Keystone Logistics)',
  cadence_days: 28,
  last_update: '2026-10-12T09:00:00.000Z',
  due: '2026-11-09T23:00:00.000Z',
  days_since: 39,
  days_left: -11,
  state: 'overdue',
  updates: ['2026-10-12T09:00:00.000Z'],
  stretches: [{ from: '2026-10-12T09:00:00.000Z', due: '2026-11-09T23:00:00.000Z', until: '2026-11-20T17:00:00.000Z' }],
});

/** Added on Thu 19 Nov with no update yet: within a 14-day cadence from when she was added, so not owed yet (the core does not flag her). */
export const lena = owed({
  key: 'lena',
  name: 'Lena Berg (Northwind Foods Finance)',
  cadence_days: 14,
  last_update: null,
  last_communication: null,
  added: '2026-11-19T10:00:00.000Z',
  due: '2026-12-03T23:00:00.000Z',
  days_left: 13,
  updates: [],
  stretches: [{ from: '2026-11-19T10:00:00.000Z', due: '2026-12-03T23:00:00.000Z', until: '2026-11-20T17:00:00.000Z' }],
});

export function commitment(c: Partial<Commitment> & { id: string; text: string; due: string }): Commitment {
  return {
    communication: 'comm-steering-6',
    source: 'Steering call #6',
    type: 'action',
    owner: 'sam',
    owner_name: 'Sam Carter',
    due_end: `${c.due}T23:00:00.000Z`,
    days_late: 0,
    overdue: false,
    ...c,
  };
}

export interface Backend {
  rows?: EntityRow[];
  flags?: Flag[];
  cadence?: Owed[] | (() => Owed[]);
  standings?: Record<string, Standing> | (() => Record<string, Standing>);
  commitments?: Commitment[];
  week?: string;
  /** The core cannot judge: `judgements` fails with this message. */
  failing?: string;
  /** Answers for any other command; throw to refuse. */
  other?: (cmd: string, args: Record<string, unknown>) => unknown;
}

/** Mocks the desktop; returns every call made, with its arguments. */
export function backend(b: Backend = {}): [string, Record<string, unknown>][] {
  const calls: [string, Record<string, unknown>][] = [];
  const rows = b.rows ?? [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push([cmd, a]);
    switch (cmd) {
      case 'app_state':
        return { db_path: '/tmp/northwind.db', engagement, identity: { key: 'sam', name: 'Sam Carter' }, recent: [], head: { seq: 9, hash: 'ab' } };
      case 'list':
        return rows.filter((r) => r.kind === a.kind && (a.includeVoided || !r.voided));
      case 'get': {
        const found = rows.find((r) => r.key === a.key);
        if (found) return found;
        throw { kind: 'not_found', message: `no entry ${a.key}`, fields: [] };
      }
      case 'judgements':
        if (b.failing) throw { kind: 'damaged', message: b.failing, fields: [] };
        return {
          flags: b.flags ?? [],
          cadence: typeof b.cadence === 'function' ? b.cadence() : (b.cadence ?? []),
          standings: typeof b.standings === 'function' ? b.standings() : (b.standings ?? {}),
          commitments: a.until === null ? [] : (b.commitments ?? []).filter((c) => c.due <= String(a.until)),
        };
      case 'current_week':
        return b.week ?? '2026-W47';
      case 'check_reminders':
        return 0;
      case 'log_list':
        return { total: 0, offset: 0, rows: [] };
    }
    if (b.other) return b.other(cmd, a);
    throw { kind: 'internal', message: `unexpected ${cmd}`, fields: [] };
  });
  return calls;
}

/** Each test of the file starts from an empty store on Fri 20 Nov 2026, 18:00 in Madrid, and leaves no mock behind. */
export function onFridayEvening() {
  beforeEach(() => {
    reset();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-20T17:00:00.000Z'));
  });
  afterEach(() => {
    clearMocks();
    vi.useRealTimers();
  });
}
