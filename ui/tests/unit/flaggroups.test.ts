import { describe, expect, test } from 'vitest';
import { countFlags, groupFlags } from '../../src/lib/flaggroups';
import type { Flag } from '../../src/lib/ipc';

function flag(rule: string, severity: Flag['severity'], since: string, state: Flag['state'] = 'open'): Flag {
  return { id: `${rule}:${since}`, rule, severity, message: `${rule} since ${since}`, subjects: [], evidence: [], since, state, note: state === 'open' ? null : 'noted' };
}

const flags = [
  flag('update-gap', 'medium', '2026-11-09T23:00:00.000Z'),
  flag('procedure-stale', 'low', '2026-11-16T13:00:00.000Z'),
  flag('workaround-unapproved', 'high', '2026-11-02T13:00:00.000Z'),
  flag('workaround-unapproved', 'medium', '2026-11-09T13:30:00.000Z'),
  flag('bad-news-delayed', 'high', '2026-11-05T23:00:00.000Z'),
  flag('deviation-undisclosed', 'high', '2026-11-09T23:00:00.000Z'),
  flag('deviation-undisclosed', 'high', '2026-10-26T23:00:00.000Z'),
  flag('off-channel-contact', 'medium', '2026-10-19T17:40:00.000Z', 'resolved'),
  flag('minutes-unconfirmed', 'low', '2026-11-17T23:00:00.000Z', 'acknowledged'),
];

describe('the flags inbox', () => {
  test('groups by severity, high first, then by rule in the core’s order, oldest first', () => {
    const groups = groupFlags(flags, 'open');
    expect(groups.map((g) => [g.severity, g.count])).toEqual([
      ['high', 4],
      ['medium', 2],
      ['low', 1],
    ]);
    expect(groups[0].rules.map((r) => r.rule)).toEqual(['workaround-unapproved', 'deviation-undisclosed', 'bad-news-delayed']);
    expect(groups[0].rules[1].flags.map((f) => f.since)).toEqual(['2026-10-26T23:00:00.000Z', '2026-11-09T23:00:00.000Z']);
    expect(groups[0].rules[0].name).toBe('Workaround without sufficient approval');
  });

  test('filters by state; "all" keeps acknowledged and resolved flags in view', () => {
    expect(groupFlags(flags, 'resolved').flatMap((g) => g.rules.map((r) => r.rule))).toEqual(['off-channel-contact']);
    expect(groupFlags(flags, 'acknowledged').map((g) => g.severity)).toEqual(['low']);
    expect(groupFlags(flags, 'all').reduce((n, g) => n + g.count, 0)).toBe(flags.length);
    expect(groupFlags([], 'open')).toEqual([]);
  });

  test('an unknown rule still shows, after the known ones', () => {
    const groups = groupFlags([flag('new-rule', 'high', '2026-11-01T00:00:00.000Z'), flag('update-gap', 'high', '2026-11-02T00:00:00.000Z')], 'open');
    expect(groups[0].rules.map((r) => [r.rule, r.name])).toEqual([
      ['update-gap', 'Stakeholder owed an update'],
      ['new-rule', 'new-rule'],
    ]);
  });

  test('counts open flags by severity, and every state', () => {
    expect(countFlags(flags)).toEqual({ open: 7, acknowledged: 1, resolved: 1, high: 4, medium: 2, low: 1 });
  });
});
