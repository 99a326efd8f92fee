// The fields of each kind of entry as forms and detail panels show them,
// and the conversion between an entity's data and a form's values.

import type { Kind } from './ipc';
import { formatInstant, fromLocalInput, toLocalInput } from './time';
import { COMMON_TIME_ZONES } from './zones';
import {
  AUDIENCES,
  AUTHORITY_LEVELS,
  CHANNELS,
  COMM_KINDS,
  COMM_STATUSES,
  DIRECTIONS,
  OUTCOMES,
  ROLES,
  SEVERITIES,
  WEEKDAYS,
  authorityName,
  capitalise,
  exceptionAuthority,
  nameOf,
  plural,
  roleName,
  yesNo,
  type Named,
} from './words';

/** `instant`: a date and time typed in the engagement's zone, stored in UTC; `day`: a local calendar day. */
export type FieldType = 'text' | 'textarea' | 'number' | 'checkbox' | 'select' | 'reference' | 'emails' | 'list' | 'instant' | 'day';

export interface Choice {
  value: string;
  label: string;
  group?: string;
}

export interface FieldSpec {
  name: string;
  label: string;
  type: FieldType;
  required?: boolean;
  /** For selects. */
  choices?: readonly Choice[];
  /** For references: the kind of entry referred to, or the kinds. */
  ref?: Kind | Kind[];
  /** A reference picked by typing (people, procedures, communications) rather than from a list. */
  typeahead?: boolean;
  /** Stored inside an object of the data: approval.approver is { name: 'approver', nest: 'approval' }. */
  nest?: string;
  /** Selects whose values are true/false in the data. */
  bool?: boolean;
  /** What to say when the required field is empty (default: "<Label> is required"). */
  requiredMessage?: string;
  /** Required when this other field has a value. */
  requiredWith?: string;
  /** Takes half a row in a form, beside the next half field. */
  half?: boolean;
  /** Selects whose values are numbers in the data. */
  numeric?: boolean;
  /** A number field left empty is absent from the data. */
  optional?: boolean;
  /** A short line under the field. */
  hint?: string;
  /** Shown after a number input ("days"). */
  unit?: string;
  /** Values offered as the user types (a datalist); any other value may be typed. */
  suggestions?: readonly string[];
  /** What the field holds when a new entry is made; 'now' for an instant is the current time. */
  initial?: string | boolean;
  /** How the value reads in a detail panel. */
  show?: (value: unknown) => string;
}

export type FormValue = string | boolean;
export type FormValues = Record<string, FormValue>;

const INTERNAL_NOTE: FieldSpec = {
  name: 'internal_note',
  label: 'Internal note',
  type: 'textarea',
  hint: 'Internal only: never shown to the client.',
};

function days(name: string, label: string): FieldSpec {
  return { name, label, type: 'number', optional: true, unit: 'days', half: true, show: (v) => (v === undefined ? '—' : plural(Number(v), 'day')) };
}

const named = (list: readonly Named[]): Choice[] => list.map((n) => ({ value: n.value, label: n.label }));
const showNamed = (list: readonly Named[]) => (v: unknown) => nameOf(list, v);

const authorityChoices: Choice[] = AUTHORITY_LEVELS.map((a) => ({ value: String(a.level), label: `${a.level} · ${a.name}` }));

export const FIELDS: Record<Kind, FieldSpec[]> = {
  engagement: [
    { name: 'name', label: 'Name', type: 'text', required: true, hint: 'e.g. "Acme Corp — Finance & Logistics outsourcing"' },
    {
      name: 'time_zone',
      label: 'Time zone',
      type: 'text',
      required: true,
      suggestions: COMMON_TIME_ZONES,
      hint: 'An IANA zone such as Europe/Madrid: days and weeks are counted in it.',
    },
    {
      name: 'week_start',
      label: 'Week starts on',
      type: 'select',
      choices: WEEKDAYS.map((d) => ({ value: d, label: capitalise(d) })),
      initial: 'monday',
      show: (v) => capitalise(String(v ?? '')),
    },
    {
      name: 'default_cadence_days',
      label: 'Default update cadence',
      type: 'number',
      required: true,
      unit: 'days',
      initial: '14',
      hint: 'How long a key stakeholder may go without an update, unless their own cadence says otherwise.',
      show: (v) => `every ${v} days`,
    },
    { name: 'description', label: 'Description', type: 'textarea', hint: 'Client-visible.' },
    INTERNAL_NOTE,
  ],
  party: [
    { name: 'name', label: 'Name', type: 'text', required: true },
    {
      name: 'role',
      label: 'Role',
      type: 'select',
      choices: ROLES.map((r) => ({ value: r.role, label: r.name })),
      initial: 'client',
      show: roleName,
    },
    INTERNAL_NOTE,
  ],
  department: [
    { name: 'name', label: 'Name', type: 'text', required: true },
    { name: 'party', label: 'Party', type: 'reference', ref: 'party', required: true },
    {
      name: 'cadence_days',
      label: 'Update cadence',
      type: 'number',
      optional: true,
      unit: 'days',
      hint: 'Leave empty for the engagement default.',
      show: (v) => (v === undefined || v === null ? 'engagement default' : `every ${v} days`),
    },
    INTERNAL_NOTE,
  ],
  person: [
    { name: 'name', label: 'Name', type: 'text', required: true },
    { name: 'department', label: 'Department', type: 'reference', ref: 'department', required: true },
    { name: 'title', label: 'Title', type: 'text' },
    {
      name: 'emails',
      label: 'E-mail addresses',
      type: 'emails',
      hint: 'Separate several with commas. Used to match imported mail to this person.',
      show: (v) => (Array.isArray(v) && v.length ? v.join(', ') : 'none'),
    },
    {
      name: 'authority_level',
      label: 'Authority level',
      type: 'select',
      numeric: true,
      choices: authorityChoices,
      initial: '1',
      hint: 'The exceptions this person may approve.',
      show: (v) => `${authorityName(v)} (${v})`,
    },
    { name: 'key_stakeholder', label: 'Key stakeholder', type: 'checkbox', hint: 'Owed updates at their cadence.', show: yesNo },
    {
      name: 'cadence_days',
      label: 'Update cadence',
      type: 'number',
      optional: true,
      unit: 'days',
      hint: 'Leave empty for the engagement default.',
      show: (v) => (v === undefined || v === null ? 'engagement default' : `every ${v} days`),
    },
    { name: 'management', label: 'Provider management', type: 'checkbox', hint: 'Out-of-scope requests must reach them.', show: yesNo },
    INTERNAL_NOTE,
  ],
  procedure: [
    { name: 'code', label: 'Code', type: 'text', hint: 'Short reference, e.g. "FIN-07".' },
    { name: 'name', label: 'Name', type: 'text', required: true },
    { name: 'owner_department', label: 'Owner department', type: 'reference', ref: 'department', required: true },
    { name: 'version', label: 'Version', type: 'text', required: true, hint: "The procedure document's own version, e.g. 3.1." },
    {
      name: 'exception_authority',
      label: 'Exception authority',
      type: 'select',
      numeric: true,
      optional: true,
      choices: [{ value: '', label: 'No approval needed' }, ...authorityChoices],
      initial: '',
      hint: 'Who may approve an exception or workaround.',
      show: exceptionAuthority,
    },
    {
      name: 'disclosure_required',
      label: 'Disclose deviations to the client',
      type: 'checkbox',
      show: yesNo,
    },
    { name: 'description', label: 'Description', type: 'textarea', hint: 'Client-visible.' },
    INTERNAL_NOTE,
  ],
  scope: [
    { name: 'name', label: 'Name', type: 'text', required: true },
    { name: 'reference', label: 'Contract reference', type: 'text', hint: 'e.g. "SOW §2.3".' },
    { name: 'description', label: 'Description', type: 'textarea' },
    INTERNAL_NOTE,
  ],
  matter: [
    { name: 'name', label: 'Name', type: 'text', required: true, hint: 'A topic instructions and decisions are filed under, e.g. "Invoice cut-off".' },
    { name: 'description', label: 'Description', type: 'textarea' },
    INTERNAL_NOTE,
  ],
  communication: [
    { name: 'kind', label: 'Kind', type: 'select', choices: named(COMM_KINDS), show: showNamed(COMM_KINDS) },
    { name: 'status', label: 'Status', type: 'select', choices: named(COMM_STATUSES), show: showNamed(COMM_STATUSES) },
    { name: 'occurred_at', label: 'When', type: 'instant', required: true },
    { name: 'ends_at', label: 'Ended', type: 'instant' },
    { name: 'channel', label: 'Channel', type: 'select', choices: named(CHANNELS), show: showNamed(CHANNELS) },
    { name: 'direction', label: 'Direction', type: 'select', choices: named(DIRECTIONS), show: showNamed(DIRECTIONS) },
    { name: 'from', label: 'From', type: 'reference', ref: 'person' },
    { name: 'participants', label: 'Participants', type: 'reference', ref: 'person' },
    { name: 'subject', label: 'Subject', type: 'text', required: true },
    { name: 'minutes', label: 'Minutes', type: 'textarea' },
    { name: 'minutes_internal', label: 'Minutes internal', type: 'checkbox', show: yesNo },
    { name: 'minutes_sent_at', label: 'Minutes sent', type: 'instant' },
    { name: 'confirmed_at', label: 'Client confirmed', type: 'instant' },
    { name: 'confirmed_by', label: 'Confirmed by', type: 'reference', ref: 'person' },
    { name: 'items', label: 'Items', type: 'text', show: (v) => (Array.isArray(v) ? plural(v.length, 'item') : 'none') },
    INTERNAL_NOTE,
  ],
  request: [
    { name: 'summary', label: 'What was asked', type: 'text', required: true },
    { name: 'requested_by', label: 'Requested by', type: 'reference', ref: 'person', typeahead: true, required: true, half: true },
    { name: 'requested_at', label: 'When', type: 'instant', required: true, initial: 'now', half: true },
    { name: 'raised_in', label: 'Raised in', type: 'reference', ref: 'communication', typeahead: true, hint: 'The communication it was asked in.' },
    { name: 'out_of_scope', label: 'Out of scope', type: 'checkbox', hint: 'Outside the contract: provider management must hear of it.', show: yesNo },
    { name: 'scope_item', label: 'Scope item', type: 'reference', ref: 'scope', hint: 'The scope item it falls under, or was judged against.', half: true },
    { name: 'outcome', label: 'Outcome', type: 'select', choices: named(OUTCOMES), initial: 'pending', show: showNamed(OUTCOMES), half: true },
    { name: 'outcome_note', label: 'Outcome note', type: 'textarea', hint: 'Client-visible.' },
    {
      name: 'keep_undisclosed',
      label: 'Asked to keep it undisclosed',
      type: 'checkbox',
      hint: "The requester asked for it not to be told to the provider's management.",
      show: yesNo,
    },
    { name: 'keep_undisclosed_by', label: 'Secrecy asked by', type: 'reference', ref: 'person', typeahead: true, half: true },
    INTERNAL_NOTE,
  ],
  incident: [
    { name: 'title', label: 'What went wrong', type: 'text', required: true },
    { name: 'description', label: 'Description', type: 'textarea', hint: 'Client-visible.' },
    { name: 'severity', label: 'Severity', type: 'select', choices: named(SEVERITIES), initial: 'medium', show: showNamed(SEVERITIES), half: true },
    { name: 'occurred_at', label: 'Occurred', type: 'instant', half: true },
    {
      name: 'known_at',
      half: true,
      label: 'Known internally',
      type: 'instant',
      required: true,
      initial: 'now',
      hint: 'The clock for telling the client starts here.',
    },
    INTERNAL_NOTE,
  ],
  workaround: [
    { name: 'procedure', label: 'Procedure', type: 'reference', ref: 'procedure', typeahead: true, required: true },
    { name: 'performed_by', label: 'Performed by', type: 'reference', ref: 'person', typeahead: true, required: true, half: true },
    { name: 'performed_at', label: 'When', type: 'instant', required: true, initial: 'now', half: true },
    { name: 'what', label: 'What was done instead', type: 'textarea', required: true },
    {
      name: 'justification',
      label: 'Justification',
      type: 'textarea',
      required: true,
      requiredMessage: 'Justification is required: say why the procedure could not be followed',
      hint: 'Why the procedure could not be followed. Client-visible unless kept internal.',
    },
    { name: 'justification_internal', label: 'Keep the justification internal', type: 'checkbox', show: yesNo },
    {
      name: 'approver',
      half: true,
      nest: 'approval',
      label: 'Approved by',
      type: 'reference',
      ref: 'person',
      typeahead: true,
      requiredWith: 'approved_at',
      requiredMessage: 'Say who approved it, or leave the approval time empty',
    },
    {
      name: 'approved_at',
      half: true,
      nest: 'approval',
      label: 'Approved at',
      type: 'instant',
      requiredWith: 'approver',
      requiredMessage: 'Approval time is required: say when it was approved',
    },
    { name: 'request', label: 'Linked request', type: 'reference', ref: 'request', half: true },
    { name: 'incident', label: 'Linked incident', type: 'reference', ref: 'incident', half: true },
    INTERNAL_NOTE,
  ],
  exception: [
    { name: 'procedure', label: 'Procedure', type: 'reference', ref: 'procedure', typeahead: true, required: true },
    {
      name: 'granted',
      half: true,
      label: 'Decision',
      type: 'select',
      bool: true,
      required: true,
      choices: [
        { value: '', label: 'Granted or refused?' },
        { value: 'true', label: 'Granted' },
        { value: 'false', label: 'Refused' },
      ],
      initial: '',
      show: (v) => (v ? 'granted' : 'refused'),
    },
    { name: 'to', label: 'To', type: 'reference', ref: ['party', 'department'], required: true, hint: 'The party or department it was granted or refused to.', half: true },
    { name: 'decided_by', label: 'Decided by', type: 'reference', ref: 'person', typeahead: true, required: true, half: true },
    { name: 'decided_at', label: 'When', type: 'instant', required: true, initial: 'now', half: true },
    { name: 'summary', label: 'What the exception was for', type: 'textarea', required: true, hint: 'Client-visible.' },
    INTERNAL_NOTE,
  ],
  disclosure: [
    { name: 'subject', label: 'What was disclosed', type: 'reference', ref: ['workaround', 'request', 'incident'], required: true },
    { name: 'audience', label: 'Told to', type: 'select', choices: named(AUDIENCES), initial: 'client', show: showNamed(AUDIENCES), half: true },
    { name: 'department', label: 'Client department', type: 'reference', ref: 'department', hint: 'When the client was told: which department.', half: true },
    { name: 'communication', label: 'In which communication', type: 'reference', ref: 'communication', typeahead: true, half: true },
    { name: 'disclosed_at', label: 'When', type: 'instant', required: true, initial: 'now', half: true },
    { name: 'note', label: 'What was said', type: 'textarea', hint: 'Client-visible unless kept internal.' },
    { name: 'internal', label: 'Keep the note internal', type: 'checkbox', show: yesNo },
    INTERNAL_NOTE,
  ],
  delegation: [
    { name: 'from', label: 'Who delegates', type: 'reference', ref: 'person', typeahead: true, required: true, half: true },
    { name: 'to', label: 'To whom', type: 'reference', ref: 'person', typeahead: true, required: true, half: true },
    { name: 'starts', label: 'First day', type: 'day', required: true, half: true },
    { name: 'ends', label: 'Last day', type: 'day', required: true, half: true },
    { name: 'note', label: 'Note', type: 'textarea' },
  ],
  address_mapping: [
    { name: 'address', label: 'Address', type: 'text', required: true },
    { name: 'person', label: 'Person', type: 'reference', ref: 'person' },
  ],
  settings: [
    days('deviation_undisclosed_days', 'Disclose a deviation to the client within'),
    days('request_kept_quiet_days', 'Tell management of an out-of-scope request within'),
    days('agreement_unminuted_days', 'Send minutes of agreements within'),
    days('minutes_unconfirmed_days', 'The client confirms minutes within'),
    days('bad_news_days', 'Tell the client of an incident within'),
    { name: 'stale_workarounds', label: 'A procedure is stale after', type: 'number', optional: true, unit: 'workarounds', half: true },
    days('stale_window_days', '… within'),
    {
      name: 'min_justification_words',
      label: 'A justification needs at least',
      type: 'number',
      optional: true,
      unit: 'words',
      half: true,
      show: (v) => (v === undefined ? '—' : plural(Number(v), 'word')),
    },
    {
      name: 'boilerplate',
      label: 'Justifications that say nothing',
      type: 'list',
      hint: 'One phrase per line; compared without case and punctuation.',
      show: (v) => (Array.isArray(v) && v.length ? v.map((p) => `“${p}”`).join(', ') : 'none'),
    },
  ],
  flag_note: [
    { name: 'rule', label: 'Rule', type: 'text' },
    { name: 'state', label: 'State', type: 'text' },
    { name: 'note', label: 'Note', type: 'textarea' },
  ],
  issued_report: [
    { name: 'week', label: 'Week', type: 'text' },
    { name: 'edition', label: 'Edition', type: 'text', show: (v) => capitalise(String(v ?? '')) },
    { name: 'format', label: 'Format', type: 'text', show: (v) => String(v ?? '').toUpperCase() },
    { name: 'file_name', label: 'File', type: 'text' },
    { name: 'sha256', label: 'SHA-256', type: 'text' },
  ],
};

export const KIND_NAMES: Record<Kind, string> = {
  engagement: 'engagement',
  party: 'party',
  department: 'department',
  person: 'person',
  procedure: 'procedure',
  scope: 'scope item',
  matter: 'matter',
  communication: 'log entry',
  request: 'request',
  incident: 'incident',
  workaround: 'workaround',
  exception: 'exception',
  disclosure: 'disclosure',
  delegation: 'delegation',
  address_mapping: 'address mapping',
  settings: 'settings',
  flag_note: 'flag note',
  issued_report: 'issued report',
};

/** A field's value in an entry's data (inside its nest when it has one). */
export function fieldValue(f: FieldSpec, data: Record<string, unknown>): unknown {
  if (!f.nest) return data[f.name];
  const outer = data[f.nest];
  return outer && typeof outer === 'object' ? (outer as Record<string, unknown>)[f.name] : undefined;
}

/**
 * A form's starting values: from an entry's data, or the fields' initial values.
 * Instants show as wall-clock time in `timeZone`.
 */
export function toForm(fields: FieldSpec[], data: Record<string, unknown> | null, preset: FormValues = {}, timeZone = 'UTC'): FormValues {
  const values: FormValues = {};
  for (const f of fields) {
    const v = data ? fieldValue(f, data) : undefined;
    if (f.type === 'checkbox') values[f.name] = data ? Boolean(v) : Boolean(f.initial ?? false);
    else if (f.type === 'emails') values[f.name] = Array.isArray(v) ? v.join(', ') : '';
    else if (f.type === 'list') values[f.name] = Array.isArray(v) ? v.join('\n') : '';
    else if (f.type === 'instant' && typeof v === 'string') values[f.name] = toLocalInput(v, timeZone);
    else if (f.type === 'instant' && !data && f.initial === 'now') values[f.name] = toLocalInput(new Date(), timeZone);
    else if (v === undefined || v === null) values[f.name] = data ? '' : String(f.initial ?? '');
    else values[f.name] = String(v);
    if (!data && f.name in preset) values[f.name] = preset[f.name];
  }
  return values;
}

/** Whether a field with an empty value is left out of the data (optional references, times and days). */
function absentWhenEmpty(f: FieldSpec): boolean {
  return !f.required && (f.type === 'reference' || f.type === 'instant' || f.type === 'day');
}

/**
 * The entry's data from a form's values, on top of `base` (the current data when amending).
 * Instants are read as wall-clock time in `timeZone`; an unreadable one is sent as typed, for the core to refuse.
 */
export function fromForm(fields: FieldSpec[], values: FormValues, base: Record<string, unknown> = {}, timeZone = 'UTC'): Record<string, unknown> {
  const data: Record<string, unknown> = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  const nests = new Set(fields.filter((f) => f.nest).map((f) => f.nest as string));
  for (const nest of nests) {
    const outer = data[nest];
    data[nest] = outer && typeof outer === 'object' ? { ...(outer as Record<string, unknown>) } : {};
  }
  for (const f of fields) {
    const v = values[f.name];
    const target = f.nest ? (data[f.nest] as Record<string, unknown>) : data;
    const text = String(v ?? '').trim();
    if (f.type === 'checkbox') {
      target[f.name] = Boolean(v);
    } else if (f.type === 'emails') {
      target[f.name] = text.split(/[\s,;]+/).filter((e) => e !== '');
    } else if (f.type === 'list') {
      target[f.name] = String(v ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
    } else if (f.type === 'number' || f.numeric) {
      if (text === '' && f.optional) delete target[f.name];
      else target[f.name] = text === '' ? null : Number(text);
    } else if (f.bool) {
      if (text === '') delete target[f.name];
      else target[f.name] = text === 'true';
    } else if (text === '' && absentWhenEmpty(f)) {
      delete target[f.name];
    } else if (f.type === 'instant') {
      target[f.name] = fromLocalInput(text, timeZone) ?? text;
    } else if (f.type === 'reference' || f.type === 'day') {
      target[f.name] = text;
    } else {
      target[f.name] = String(v ?? '');
    }
  }
  for (const nest of nests) {
    if (Object.keys(data[nest] as object).length === 0) delete data[nest];
  }
  return data;
}

/** The required-field messages of a form, by field ("Name is required"). */
export function missing(fields: FieldSpec[], values: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  const empty = (name: string) => String(values[name] ?? '').trim() === '';
  for (const f of fields) {
    const needed = f.required || (f.requiredWith !== undefined && !empty(f.requiredWith));
    if (needed && empty(f.name)) errors[f.name] = f.requiredMessage ?? `${f.label} is required`;
  }
  return errors;
}

/** The field a server error names ("emails[1]" → "emails", "approval.approver" → "approver" when nested). */
export function baseField(field: string, fields: FieldSpec[] = []): string {
  const nested = fields.find((f) => f.nest && field === `${f.nest}.${f.name}`);
  if (nested) return nested.name;
  return field.replace(/\[\d+\]$/, '').replace(/\..*$/, '');
}

/** How a field's value reads, with references as labels and instants in `timeZone`. */
export function showValue(f: FieldSpec, value: unknown, labelOf: (key: string) => string, timeZone = 'UTC'): string {
  if (f.type === 'reference' && Array.isArray(value)) return value.length ? value.map((k) => labelOf(String(k))).join(', ') : '—';
  if (f.type === 'reference') return value ? labelOf(String(value)) : '—';
  if (f.type === 'instant') return typeof value === 'string' && value ? formatInstant(value, timeZone) : '—';
  if (f.show) return f.show(value);
  if (f.type === 'checkbox') return yesNo(value);
  if (value === undefined || value === null || value === '') return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export interface Change {
  field: string;
  label: string;
  before: string;
  after: string;
}

/** What changed between two versions of an entry's data, field by field. */
export function changes(
  kind: Kind,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  labelOf: (key: string) => string,
  timeZone = 'UTC',
): Change[] {
  const fields = FIELDS[kind];
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  const out: Change[] = [];
  for (const spec of fields) {
    if (spec.nest) continue;
    names.delete(spec.name);
    if (JSON.stringify(before[spec.name] ?? null) === JSON.stringify(after[spec.name] ?? null)) continue;
    out.push({
      field: spec.name,
      label: spec.label,
      before: showValue(spec, before[spec.name], labelOf, timeZone),
      after: showValue(spec, after[spec.name], labelOf, timeZone),
    });
  }
  for (const name of names) {
    if (JSON.stringify(before[name] ?? null) === JSON.stringify(after[name] ?? null)) continue;
    const inner = fields.filter((f) => f.nest === name);
    if (inner.length) {
      const show = (v: unknown) =>
        v && typeof v === 'object'
          ? inner.map((f) => showValue(f, (v as Record<string, unknown>)[f.name], labelOf, timeZone)).join(', ')
          : '—';
      out.push({ field: name, label: capitalise(name.replace(/_/g, ' ')), before: show(before[name]), after: show(after[name]) });
      continue;
    }
    const spec: FieldSpec = { name, label: capitalise(name.replace(/_/g, ' ')), type: 'text' };
    out.push({
      field: name,
      label: spec.label,
      before: showValue(spec, before[name], labelOf),
      after: showValue(spec, after[name], labelOf),
    });
  }
  return out;
}
