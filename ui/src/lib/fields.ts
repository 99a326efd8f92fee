// The fields of each kind of entry as forms and detail panels show them,
// and the conversion between an entity's data and a form's values.

import type { Kind } from './ipc';
import { COMMON_TIME_ZONES } from './zones';
import { AUTHORITY_LEVELS, ROLES, WEEKDAYS, authorityName, capitalise, exceptionAuthority, roleName, yesNo } from './words';

export type FieldType = 'text' | 'textarea' | 'number' | 'checkbox' | 'select' | 'reference' | 'emails';

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
  /** For references: the kind of entry referred to. */
  ref?: Kind;
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
  /** What the field holds when a new entry is made. */
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
};

export const KIND_NAMES: Record<Kind, string> = {
  engagement: 'engagement',
  party: 'party',
  department: 'department',
  person: 'person',
  procedure: 'procedure',
  scope: 'scope item',
};

/** A form's starting values: from an entry's data, or the fields' initial values. */
export function toForm(fields: FieldSpec[], data: Record<string, unknown> | null, preset: FormValues = {}): FormValues {
  const values: FormValues = {};
  for (const f of fields) {
    const v = data ? data[f.name] : undefined;
    if (f.type === 'checkbox') values[f.name] = data ? Boolean(v) : Boolean(f.initial ?? false);
    else if (f.type === 'emails') values[f.name] = Array.isArray(v) ? v.join(', ') : '';
    else if (v === undefined || v === null) values[f.name] = data ? '' : String(f.initial ?? '');
    else values[f.name] = String(v);
    if (!data && f.name in preset) values[f.name] = preset[f.name];
  }
  return values;
}

/** The entry's data from a form's values, on top of `base` (the current data when amending). */
export function fromForm(fields: FieldSpec[], values: FormValues, base: Record<string, unknown> = {}): Record<string, unknown> {
  const data: Record<string, unknown> = { ...base };
  for (const f of fields) {
    const v = values[f.name];
    if (f.type === 'checkbox') {
      data[f.name] = Boolean(v);
    } else if (f.type === 'emails') {
      data[f.name] = String(v ?? '')
        .split(/[\s,;]+/)
        .filter((e) => e !== '');
    } else if (f.type === 'number' || f.numeric) {
      const text = String(v ?? '').trim();
      if (text === '' && f.optional) delete data[f.name];
      else data[f.name] = text === '' ? null : Number(text);
    } else {
      data[f.name] = String(v ?? '');
    }
  }
  return data;
}

/** The required-field messages of a form, by field ("Name is required"). */
export function missing(fields: FieldSpec[], values: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of fields) {
    if (f.required && String(values[f.name] ?? '').trim() === '') errors[f.name] = `${f.label} is required`;
  }
  return errors;
}

/** The field a server error names ("emails[1]" → "emails"). */
export function baseField(field: string): string {
  return field.replace(/\[\d+\]$/, '').replace(/\..*$/, '');
}

/** How a field's value reads, with references as labels. */
export function showValue(f: FieldSpec, value: unknown, labelOf: (key: string) => string): string {
  if (f.type === 'reference') return value ? labelOf(String(value)) : '—';
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
): Change[] {
  const fields = FIELDS[kind];
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  const out: Change[] = [];
  for (const spec of fields) {
    names.delete(spec.name);
    if (JSON.stringify(before[spec.name] ?? null) === JSON.stringify(after[spec.name] ?? null)) continue;
    out.push({
      field: spec.name,
      label: spec.label,
      before: showValue(spec, before[spec.name], labelOf),
      after: showValue(spec, after[spec.name], labelOf),
    });
  }
  for (const name of names) {
    if (JSON.stringify(before[name] ?? null) === JSON.stringify(after[name] ?? null)) continue;
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
