// The fields of each kind of entry as forms and detail panels show them — the
// core's description of the model (model.gen.ts) with the looks of this UI —
// and the conversion between an entity's data and a form's values.

import { AUTHORITY_LEVELS, ENUMS, KINDS, MODEL, type Input, type Kind, type ModelField } from './model.gen';
import { formatInstant, fromLocalInput, toLocalInput } from './time';
import { COMMON_TIME_ZONES } from './zones';
import { authorityName, cadence, capitalise, exceptionAuthority, nameOf, plural, yesNo } from './words';

/** `instant`: a date and time typed in the engagement's zone, stored in UTC; `day`: a local calendar day. */
export type FieldType = 'text' | 'password' | 'textarea' | 'number' | 'checkbox' | 'select' | 'reference' | 'emails' | 'list' | 'instant' | 'day';

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
  /** How the value reads in a detail panel; `labelOf` names an entry by its key. */
  show?: (value: unknown, labelOf: (key: string) => string) => string;
  /** A person reference that may only name someone of this side (the type-ahead offers only them). */
  side?: 'client' | 'provider';
}

export type FormValue = string | boolean;
export type FormValues = Record<string, FormValue>;

/**
 * How a field looks beyond what the core describes (its name, label, hint,
 * input, whether it is required, what it refers to and its choices come from
 * model.gen.ts): a wider input, a unit, words for its value, a default.
 * `hidden` leaves a field out of forms and panels.
 */
type Look = Partial<Omit<FieldSpec, 'name'>> & { hidden?: boolean };

const TYPES: Record<Input, FieldType> = {
  text: 'text',
  number: 'number',
  checkbox: 'checkbox',
  select: 'select',
  reference: 'reference',
  list: 'list',
  instant: 'instant',
  day: 'day',
  other: 'text',
};

const textarea: Look = { type: 'textarea' };
const yesNoBox: Look = { show: yesNo };

function days(label?: string): Look {
  return { optional: true, unit: 'days', half: true, ...(label ? { label } : {}), show: (v) => (v === undefined ? '—' : plural(Number(v), 'day')) };
}

const cadenceDays: Look = {
  optional: true,
  unit: 'days',
  show: (v) => (v === undefined || v === null ? 'engagement default' : `every ${v} days`),
};

/** Rows of structured data in words, one per entry ("Maria Lopez: every 7 days; …"), or "none". */
function rowsShown(words: (row: Record<string, unknown>, i: number, labelOf: (key: string) => string) => string): Look['show'] {
  return (v, labelOf) =>
    Array.isArray(v) && v.length ? v.map((r, i) => words((r ?? {}) as Record<string, unknown>, i, labelOf)).join('; ') : 'none';
}

const authorityChoices: Choice[] = AUTHORITY_LEVELS.map((a) => ({ value: String(a.value), label: `${a.value} · ${a.label}` }));

/** Each kind's looks, in the order its fields are shown; fields not named here follow in the model's order. */
const LOOKS: { [K in Kind]?: Record<string, Look> } = {
  engagement: {
    name: {},
    time_zone: { suggestions: COMMON_TIME_ZONES },
    week_start: { initial: 'monday' },
    default_cadence_days: { unit: 'days', initial: '14', show: (v) => `every ${v} days` },
    description: textarea,
  },
  party: { name: {}, role: { initial: 'client' } },
  department: { name: {}, party: {}, cadence_days: cadenceDays },
  person: {
    name: {},
    department: {},
    title: {},
    emails: { type: 'emails', show: (v) => (Array.isArray(v) && v.length ? v.join(', ') : 'none') },
    authority_level: { type: 'select', numeric: true, choices: authorityChoices, initial: '1', show: (v) => `${authorityName(v)} (${v})` },
    key_stakeholder: yesNoBox,
    cadence_days: cadenceDays,
    management: yesNoBox,
    formerly: { hidden: true },
  },
  procedure: {
    code: {},
    name: {},
    owner_department: {},
    version: {},
    exception_authority: {
      type: 'select',
      numeric: true,
      optional: true,
      choices: [{ value: '', label: 'No approval needed' }, ...authorityChoices],
      initial: '',
      show: exceptionAuthority,
    },
    disclosure_required: yesNoBox,
    description: textarea,
  },
  scope: { name: {}, reference: {}, description: textarea },
  matter: { name: {}, description: textarea },
  communication: {
    kind: {},
    status: {},
    occurred_at: {},
    ends_at: {},
    channel: {},
    direction: {},
    from: {},
    participants: {},
    subject: {},
    minutes: textarea,
    minutes_internal: yesNoBox,
    minutes_sent_at: {},
    confirmed_at: {},
    confirmed_by: {},
    items: { show: (v) => (Array.isArray(v) ? plural(v.length, 'item') : 'none') },
  },
  request: {
    summary: {},
    requested_by: { typeahead: true, half: true },
    requested_at: { initial: 'now', half: true },
    raised_in: { typeahead: true },
    out_of_scope: yesNoBox,
    scope_item: { half: true },
    outcome: { initial: 'pending', half: true },
    outcome_note: textarea,
    keep_undisclosed: yesNoBox,
    keep_undisclosed_by: { typeahead: true, half: true },
    matter: { half: true },
  },
  incident: {
    title: {},
    description: textarea,
    severity: { initial: 'medium', half: true },
    occurred_at: { half: true },
    known_at: { half: true, initial: 'now' },
    matter: { half: true },
  },
  workaround: {
    procedure: { typeahead: true },
    performed_by: { typeahead: true, half: true },
    performed_at: { initial: 'now', half: true },
    what: textarea,
    justification: { type: 'textarea', requiredMessage: 'Justification is required: say why the procedure could not be followed' },
    justification_internal: yesNoBox,
    approver: { half: true, typeahead: true, requiredWith: 'approved_at', requiredMessage: 'Say who approved it, or leave the approval time empty' },
    approved_at: { half: true, requiredWith: 'approver', requiredMessage: 'Approval time is required: say when it was approved' },
    request: { half: true },
    incident: { half: true },
    matter: { half: true },
  },
  exception: {
    procedure: { typeahead: true },
    granted: {
      half: true,
      type: 'select',
      bool: true,
      choices: [
        { value: '', label: 'Granted or refused?' },
        { value: 'true', label: 'Granted' },
        { value: 'false', label: 'Refused' },
      ],
      initial: '',
      show: (v) => (v ? 'granted' : 'refused'),
    },
    to: { half: true },
    decided_by: { typeahead: true, half: true },
    decided_at: { initial: 'now', half: true },
    summary: textarea,
  },
  disclosure: {
    subject: {},
    audience: { initial: 'client', half: true },
    department: { half: true },
    communication: { typeahead: true, half: true },
    disclosed_at: { initial: 'now', half: true },
    note: textarea,
    internal: yesNoBox,
  },
  delegation: {
    from: { typeahead: true, half: true },
    to: { typeahead: true, half: true },
    starts: { half: true },
    ends: { half: true },
    note: textarea,
  },
  settings: {
    deviation_undisclosed_days: days(),
    request_kept_quiet_days: days(),
    agreement_unminuted_days: days(),
    minutes_unconfirmed_days: days(),
    bad_news_days: days(),
    stale_workarounds: { optional: true, unit: 'workarounds', half: true },
    stale_window_days: days(),
    min_justification_words: { optional: true, unit: 'words', half: true, show: (v) => (v === undefined ? '—' : plural(Number(v), 'word')) },
    boilerplate: { show: (v) => (Array.isArray(v) && v.length ? v.map((p) => `“${p}”`).join(', ') : 'none') },
  },
  rules: {
    edition: {},
    cadence: { show: rowsShown((c, _, labelOf) => `${labelOf(String(c.stakeholder ?? ''))}: ${cadence(c.days, null)}`) },
    default_cadence_days: { optional: true, unit: 'days', half: true, show: (v) => (v === undefined || v === null ? '—' : cadence(v, null)) },
    official_channels: textarea,
    minutes_sent_days: days(),
    minutes_confirmed_days: days(),
    bad_news_days: days(),
    bad_news_to: { side: 'client' },
    disclosure_procedures: {},
    disclosure_days: days(),
    escalation: {
      show: rowsShown((l, i, labelOf) => {
        const names = [l.provider, l.client].filter((k) => typeof k === 'string' && k).map((k) => labelOf(String(k)));
        return `level ${i + 1}: ${names.join(' with ') || 'nobody'}`;
      }),
    },
    escalation_days: days(),
    sent_in: { typeahead: true },
    confirmed_by: { typeahead: true, side: 'client' },
    confirmed_at: {},
  },
  flag_note: { rule: {}, state: {}, note: textarea },
  issued_report: {
    week: {},
    edition: { show: (v) => capitalise(String(v ?? '')) },
    format: { show: (v) => String(v ?? '').toUpperCase() },
    file_name: {},
    sha256: {},
  },
};

/** Every other kind's internal note is the last field of its forms. */
const INTERNAL_NOTE: Look = { type: 'textarea' };

/** A field as forms show it: the core's description with its look on top. */
function spec(m: ModelField, look: Look): FieldSpec {
  const choices = m.choices ? ENUMS[m.choices] : undefined;
  const base: FieldSpec = {
    name: m.name,
    label: m.label,
    type: TYPES[m.input],
    ...(m.required ? { required: true } : {}),
    ...(m.hint ? { hint: m.hint } : {}),
    ...(m.refs ? { ref: m.refs.length === 1 ? m.refs[0] : [...m.refs] } : {}),
    ...(m.nest ? { nest: m.nest } : {}),
    ...(choices ? { choices, show: (v: unknown) => nameOf(choices, v) } : {}),
  };
  return { ...base, ...look };
}

/** A kind's fields: those its looks name, in their order, then the rest; structured data and hidden fields left out. */
function fieldsOf(kind: Kind): FieldSpec[] {
  const looks: Record<string, Look> = { ...(LOOKS[kind] ?? {}), internal_note: INTERNAL_NOTE };
  const model = MODEL[kind].fields;
  const ordered = [...Object.keys(looks).flatMap((name) => model.filter((f) => f.name === name)), ...model.filter((f) => !(f.name in looks))];
  return ordered.filter((f) => !looks[f.name]?.hidden && (f.input !== 'other' || f.name in looks)).map((f) => spec(f, looks[f.name] ?? {}));
}

export const FIELDS = Object.fromEntries(KINDS.map((k) => [k, fieldsOf(k)])) as Record<Kind, FieldSpec[]>;

export const KIND_NAMES = Object.fromEntries(KINDS.map((k) => [k, MODEL[k].noun])) as Record<Kind, string>;

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
  if (f.show) return f.show(value, labelOf);
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
