// How values read in the interface: authority levels, cadences, roles, days.
// The values and their labels are the core's (model.gen.ts); this puts them in words.

import { AUTHORITY_LEVELS as GENERATED_LEVELS, ENUMS, REPORT_FORMATS as GENERATED_FORMATS, RULES as GENERATED_RULES, type Choice } from './model.gen';

/** Authority levels as the core names them ("director"), lowest first. */
export const AUTHORITY_LEVELS: readonly { level: number; name: string }[] = GENERATED_LEVELS.map((a) => ({ level: a.value, name: a.label }));

/** "director" for 4; the number itself when it is not a known level. */
export function authorityName(level: unknown): string {
  const found = AUTHORITY_LEVELS.find((a) => a.level === Number(level));
  return found ? found.name : String(level ?? '');
}

/** A procedure's exception authority: "manager or above", or "no approval needed" when absent. */
export function exceptionAuthority(level: unknown): string {
  if (level === undefined || level === null || level === '') return 'no approval needed';
  return `${authorityName(level)} or above`;
}

export type Role = (typeof ENUMS.PartyRole)[number]['value'];

/** How many of a side are named in a heading: "Third parties". */
const ROLE_PLURALS: Partial<Record<Role, string>> = { third_party: 'Third parties' };

export const ROLES: readonly { role: Role; name: string; plural: string }[] = ENUMS.PartyRole.map((r) => ({
  role: r.value,
  name: r.label,
  plural: ROLE_PLURALS[r.value] ?? r.label,
}));

export function roleName(role: unknown): string {
  return ROLES.find((r) => r.role === role)?.name ?? String(role ?? '');
}

/** "every 7 days", or "engagement default (14 days)" when no own cadence is set. */
export function cadence(days: unknown, engagementDefault: number | null): string {
  if (typeof days === 'number' && days > 0) return days === 1 ? 'every day' : `every ${days} days`;
  return engagementDefault ? `engagement default (${engagementDefault} days)` : 'engagement default';
}

export const WEEKDAYS = ENUMS.Weekday.map((d) => d.value);

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function yesNo(b: unknown): string {
  return b ? 'yes' : 'no';
}

/** "1 event", "2 events". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A value and its label. */
export type Named = Choice;

export const COMM_KINDS: readonly Named[] = ENUMS.CommKind;
export const CHANNELS: readonly Named[] = ENUMS.Channel;
export const DIRECTIONS: readonly Named[] = ENUMS.Direction;
export const COMM_STATUSES: readonly Named[] = ENUMS.CommStatus;
export const ITEM_TYPES: readonly Named[] = ENUMS.ItemType;
export const OUTCOMES: readonly Named[] = ENUMS.Outcome;
export const SEVERITIES: readonly Named[] = ENUMS.Severity;
export const AUDIENCES: readonly Named[] = ENUMS.Audience;
export const REPORT_FORMATS: readonly Named[] = GENERATED_FORMATS;

/** The label of a value among `list`, or the value itself. */
export function nameOf(list: readonly Named[], value: unknown): string {
  return list.find((n) => n.value === value)?.label ?? String(value ?? '');
}

/** Each flag rule's name, in the order the core lists them. */
export const RULES: readonly Named[] = GENERATED_RULES;

/** "Maria Lopez", "Maria Lopez and Henrik Olsen", "A, B and C". */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
