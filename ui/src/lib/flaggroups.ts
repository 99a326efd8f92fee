// The flags inbox: which flags a filter shows, grouped by severity and then by rule.

import type { Flag, FlagState, Severity } from './ipc';
import { RULES, nameOf } from './words';

export type StateFilter = FlagState | 'all';

export interface RuleGroup {
  rule: string;
  name: string;
  flags: Flag[];
}

export interface SeverityGroup {
  severity: Severity;
  rules: RuleGroup[];
  count: number;
}

const SEVERITY_ORDER: Severity[] = ['high', 'medium', 'low'];

function ruleIndex(rule: string): number {
  const i = RULES.findIndex((r) => r.value === rule);
  return i < 0 ? RULES.length : i;
}

/** The flags in `state` (every state for "all"), high severity first, each severity's flags by rule (in the core's order), oldest first. */
export function groupFlags(flags: Flag[], state: StateFilter): SeverityGroup[] {
  const shown = flags.filter((f) => state === 'all' || f.state === state);
  const groups: SeverityGroup[] = [];
  for (const severity of SEVERITY_ORDER) {
    const mine = shown.filter((f) => f.severity === severity);
    if (mine.length === 0) continue;
    const byRule = new Map<string, Flag[]>();
    for (const f of mine) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
    const rules = [...byRule.entries()]
      .sort(([a], [b]) => ruleIndex(a) - ruleIndex(b) || a.localeCompare(b))
      .map(([rule, list]) => ({
        rule,
        name: nameOf(RULES, rule),
        flags: [...list].sort((a, b) => a.since.localeCompare(b.since) || a.id.localeCompare(b.id)),
      }));
    groups.push({ severity, rules, count: mine.length });
  }
  return groups;
}

export interface FlagCounts {
  open: number;
  acknowledged: number;
  resolved: number;
  /** Open flags by severity. */
  high: number;
  medium: number;
  low: number;
}

export function countFlags(flags: Flag[]): FlagCounts {
  const c: FlagCounts = { open: 0, acknowledged: 0, resolved: 0, high: 0, medium: 0, low: 0 };
  for (const f of flags) {
    c[f.state] += 1;
    if (f.state === 'open') c[f.severity] += 1;
  }
  return c;
}
