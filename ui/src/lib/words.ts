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

export interface Named {
  value: string;
  label: string;
}

export const COMM_KINDS: readonly Named[] = [
  { value: 'meeting', label: 'Meeting' },
  { value: 'call', label: 'Call' },
  { value: 'email', label: 'E-mail' },
  { value: 'chat', label: 'Chat' },
  { value: 'letter', label: 'Letter' },
  { value: 'ticket', label: 'Ticket' },
];

export const CHANNELS: readonly Named[] = [
  { value: 'official', label: 'Official' },
  { value: 'personal_phone', label: 'Personal phone' },
  { value: 'personal_email', label: 'Personal e-mail' },
  { value: 'personal_messaging', label: 'Personal messaging' },
  { value: 'other_unofficial', label: 'Other unofficial' },
];

export const DIRECTIONS: readonly Named[] = [
  { value: 'two_way', label: 'Two-way (meeting, call)' },
  { value: 'inbound', label: 'Inbound (to us)' },
  { value: 'outbound', label: 'Outbound (from us)' },
  { value: 'internal', label: 'Internal (within the provider)' },
];

export const COMM_STATUSES: readonly Named[] = [
  { value: 'held', label: 'Held' },
  { value: 'scheduled', label: 'Scheduled' },
  { value: 'cancelled', label: 'Cancelled' },
];

export const ITEM_TYPES: readonly Named[] = [
  { value: 'agreement', label: 'Agreement' },
  { value: 'decision', label: 'Decision' },
  { value: 'action', label: 'Action' },
  { value: 'instruction', label: 'Instruction' },
];

export const OUTCOMES: readonly Named[] = [
  { value: 'pending', label: 'Pending' },
  { value: 'declined', label: 'Declined' },
  { value: 'change_request_raised', label: 'Change request raised' },
  { value: 'done_under_contract', label: 'Done under the contract' },
  { value: 'done_as_favour', label: 'Done as a favour' },
];

export const SEVERITIES: readonly Named[] = [
  { value: 'high', label: 'High' },
  { value: 'medium', label: 'Medium' },
  { value: 'low', label: 'Low' },
];

export const AUDIENCES: readonly Named[] = [
  { value: 'client', label: 'The client' },
  { value: 'provider_management', label: "The provider's management" },
];

export const REPORT_FORMATS: readonly Named[] = [
  { value: 'html', label: 'HTML' },
  { value: 'pdf', label: 'PDF' },
  { value: 'md', label: 'Markdown' },
  { value: 'xlsx', label: 'Excel (XLSX)' },
  { value: 'csv', label: 'CSV (folder)' },
  { value: 'json', label: 'JSON' },
];

/** The label of a value among `list`, or the value itself. */
export function nameOf(list: readonly Named[], value: unknown): string {
  return list.find((n) => n.value === value)?.label ?? String(value ?? '');
}

/** Each flag rule's name, in the order the core lists them. */
export const RULES: readonly Named[] = [
  { value: 'workaround-unjustified', label: 'Workaround without a real justification' },
  { value: 'workaround-unapproved', label: 'Workaround without sufficient approval' },
  { value: 'deviation-undisclosed', label: 'Deviation not disclosed to the client' },
  { value: 'request-kept-quiet', label: 'Out-of-scope request kept from management' },
  { value: 'update-gap', label: 'Stakeholder owed an update' },
  { value: 'agreement-unminuted', label: 'Agreement without minutes' },
  { value: 'minutes-unconfirmed', label: 'Minutes not confirmed' },
  { value: 'commitment-overdue', label: 'Commitment overdue' },
  { value: 'instructions-conflict', label: 'Conflicting instructions' },
  { value: 'exception-inconsistent', label: 'Inconsistent exceptions' },
  { value: 'off-channel-contact', label: 'Contact off the official channels' },
  { value: 'bad-news-delayed', label: 'Bad news delayed' },
  { value: 'procedure-stale', label: 'Procedure worked around too often' },
];
