// How values read in the interface: authority levels, cadences, roles, days.

export const AUTHORITY_LEVELS: readonly { level: number; name: string }[] = [
  { level: 1, name: 'team member' },
  { level: 2, name: 'team lead' },
  { level: 3, name: 'manager' },
  { level: 4, name: 'director' },
  { level: 5, name: 'executive' },
];

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

export type Role = 'client' | 'provider' | 'third_party';

export const ROLES: readonly { role: Role; name: string; plural: string }[] = [
  { role: 'client', name: 'Client', plural: 'Client' },
  { role: 'provider', name: 'Provider', plural: 'Provider' },
  { role: 'third_party', name: 'Third party', plural: 'Third parties' },
];

export function roleName(role: unknown): string {
  return ROLES.find((r) => r.role === role)?.name ?? String(role ?? '');
}

/** "every 7 days", or "engagement default (14 days)" when no own cadence is set. */
export function cadence(days: unknown, engagementDefault: number | null): string {
  if (typeof days === 'number' && days > 0) return days === 1 ? 'every day' : `every ${days} days`;
  return engagementDefault ? `engagement default (${engagementDefault} days)` : 'engagement default';
}

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

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
