import { describe, expect, test } from 'vitest';
import { tracks } from '../../src/lib/cadence';
import { commitmentsDue } from '../../src/lib/owed';
import { row } from './rows';

describe('what is owed this week', () => {
  test('open agreements and actions due by Sunday, overdue first; done, cancelled, undated and decisions are not owed', () => {
    const comm = row('communication', {
      name: 'Steering call #6',
      items: [
        { id: 'a', type: 'agreement', text: 'Vendor list', owner: 'sam', due: '2026-11-12', status: 'open' },
        { id: 'b', type: 'action', text: 'Cut-off proposal', owner: 'lena', due: '2026-11-20', status: 'open' },
        { id: 'c', type: 'action', text: 'Next week', owner: 'lena', due: '2026-11-23', status: 'open' },
        { id: 'd', type: 'agreement', text: 'Done', owner: 'sam', due: '2026-11-10', status: 'done' },
        { id: 'e', type: 'decision', text: 'Decided', due: '2026-11-10' },
        { id: 'f', type: 'action', text: 'Someday', owner: 'sam' },
      ],
    });
    const voided = row('communication', { name: 'x', items: [{ id: 'g', type: 'action', text: 'Gone', owner: 'sam', due: '2026-11-01' }] }, { voided: true });
    const owed = commitmentsDue([comm, voided], '2026-11-20', '2026-11-22');
    expect(owed.map((o) => [o.text, o.late])).toEqual([
      ['Vendor list', 8],
      ['Cut-off proposal', 0],
    ]);
  });
});

describe('the cadence timeline', () => {
  const now = new Date('2026-11-20T17:00:00.000Z');

  test('updates become ticks; stretches past the cadence are marked; the status says when the next is due', () => {
    const [maria, priya, henrik] = tracks(
      [
        { key: 'm', name: 'Maria Lopez', cadence_days: 7, updates: ['2026-11-12T09:00:00.000Z', '2026-11-19T09:00:00.000Z'] },
        { key: 'p', name: 'Priya Nair', cadence_days: 28, updates: ['2026-10-12T09:00:00.000Z'] },
        { key: 'h', name: 'Henrik Olsen', cadence_days: 28, updates: [] },
      ],
      now,
      56,
      'Europe/Madrid',
    );
    expect(maria.ticks).toHaveLength(2);
    expect(maria.spans.every((s) => !s.past)).toBe(true);
    expect(maria.status).toBe('last Thu 19 Nov · due Thu 26 Nov');
    expect(maria.overdue).toBe(false);
    expect(priya.spans.map((s) => s.past)).toEqual([false, true]);
    expect(priya.spans[1].to).toBe(1);
    expect(priya.status).toBe('last Mon 12 Oct · overdue by 11 days');
    expect(priya.overdue).toBe(true);
    expect(henrik).toMatchObject({ status: 'no update recorded', overdue: true, spans: [{ from: 0, to: 1, past: true }] });
  });
});
