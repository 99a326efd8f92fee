import { describe, expect, test } from 'vitest';
import { axisEnding, dueWords, left, place, status, track, weekMarks } from '../../src/lib/cadence';
import type { Owed } from '../../src/lib/ipc';
import { lena, owed, priya } from './judged';

const now = new Date('2026-11-20T17:00:00.000Z');
const tz = 'Europe/Madrid';
const axis = axisEnding(now, 8);
const drawn = (o: Owed) => track(o, axis, tz, now);
/** Someone on the default weekly cadence, updated at `updates`, with the core's stretches as [from, due, until]. */
const updated = (key: string, updates: string[], stretches: [string, string, string][]) =>
  owed({ key, name: key, updates, stretches: stretches.map(([from, due, until]) => ({ from, due, until })) });

describe('the cadence timeline draws the core’s stretches', () => {
  test('the axis is the eight weeks ending now; instants outside it are clamped', () => {
    expect(new Date(axis.start).toISOString()).toBe('2026-09-25T17:00:00.000Z');
    expect(place(axis, now.toISOString())).toBe(1);
    expect(place(axis, '2026-01-01T00:00:00.000Z')).toBe(0);
    expect(place(axis, '2026-10-23T17:00:00.000Z')).toBeCloseTo(0.5);
  });

  test('updates within their cadence are one band each, with a tick per update', () => {
    const maria = drawn(
      updated('maria', ['2026-11-12T09:00:00.000Z', '2026-11-19T09:00:00.000Z'], [
        ['2026-11-12T09:00:00.000Z', '2026-11-19T23:00:00.000Z', '2026-11-19T09:00:00.000Z'],
        ['2026-11-19T09:00:00.000Z', '2026-11-26T23:00:00.000Z', '2026-11-20T17:00:00.000Z'],
      ]),
    );
    expect(maria.ticks.map((t) => t.at)).toEqual(['2026-11-12T09:00:00.000Z', '2026-11-19T09:00:00.000Z']);
    expect(maria.spans.map((s) => s.past)).toEqual([false, false]);
    expect(maria.spans[0].to).toBe(maria.ticks[1].x);
    expect(maria.spans[1].to).toBe(1);
    expect(maria.status).toBe('last Thu 19 Nov · due Thu 26 Nov');
    expect(maria.overdue).toBe(false);
  });

  test('a stretch that ran past its due instant is within cadence until then and past cadence after', () => {
    const overdue = drawn(priya);
    expect(overdue.spans).toEqual([
      { from: place(axis, '2026-10-12T09:00:00.000Z'), to: place(axis, '2026-11-09T23:00:00.000Z'), past: false },
      { from: place(axis, '2026-11-09T23:00:00.000Z'), to: 1, past: true },
    ]);
    expect(overdue.status).toBe('last Mon 12 Oct · overdue 11 days');
    expect(overdue.overdue).toBe(true);
  });

  test('someone added yesterday with no update yet is within cadence from when they were added, not overdue', () => {
    const newcomer = drawn(lena);
    expect(newcomer.spans).toEqual([{ from: place(axis, '2026-11-19T10:00:00.000Z'), to: 1, past: false }]);
    expect(newcomer.ticks).toEqual([]);
    expect(newcomer.overdue).toBe(false);
    expect(newcomer.status).toBe('added Thu 19 Nov, no update yet · due Thu 3 Dec');
  });

  test('stretches wholly before the axis draw nothing', () => {
    const old = drawn(
      updated('x', ['2026-08-01T09:00:00.000Z', '2026-11-19T09:00:00.000Z'], [
        ['2026-08-01T09:00:00.000Z', '2026-08-08T22:00:00.000Z', '2026-09-01T09:00:00.000Z'],
        ['2026-11-19T09:00:00.000Z', '2026-11-26T23:00:00.000Z', '2026-11-20T17:00:00.000Z'],
      ]),
    );
    expect(old.spans).toHaveLength(1);
    expect(old.ticks).toHaveLength(1);
  });
});

describe('the core’s days left, in words', () => {
  test('state and days_left read as they are: nothing is counted here', () => {
    expect(left(owed({ key: 'a', name: 'A', days_left: 0, state: 'due_soon' }))).toBe('due today');
    expect(left(owed({ key: 'a', name: 'A', days_left: 1, state: 'due_soon' }))).toBe('due tomorrow');
    expect(left(owed({ key: 'a', name: 'A', days_left: 2, state: 'due_soon' }))).toBe('due in 2 days');
    expect(left(owed({ key: 'a', name: 'A', days_left: -1, state: 'overdue' }))).toBe('overdue 1 day');
    expect(dueWords(owed({ key: 'a', name: 'A', days_left: 0, state: 'due_soon' }), tz, now)).toBe('due today');
    expect(dueWords(owed({ key: 'a', name: 'A', due: '2026-11-19T23:00:00.000Z', days_left: -1, state: 'overdue' }), tz, now)).toBe(
      'was due Thu 19 Nov',
    );
    expect(status(owed({ key: 'a', name: 'A', days_left: 0, state: 'due_soon' }), tz, now)).toBe('last Thu 19 Nov · due today');
  });

  test('Mondays are marked on the axis', () => {
    const marks = weekMarks(axis, tz, now);
    expect(marks.map((m) => m.label)).toEqual(['28 Sep', '5 Oct', '12 Oct', '19 Oct', '26 Oct', '2 Nov', '9 Nov', '16 Nov']);
    expect(marks.every((m) => m.x > 0 && m.x < 1)).toBe(true);
  });
});
