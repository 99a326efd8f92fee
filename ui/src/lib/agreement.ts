// The rules of engagement as the app works with them: an edition's clauses as
// their form holds them (numbers as typed, cadence and escalation as rows) and
// the data they become, where an error the core names belongs in that form, and
// what may be done to an edition in the state it is in. What an edition says and
// where it stands, in words, is the core's (the `agreements` command).

import type { EntityRow, Escalation, FieldError, Page } from './ipc';

export interface CadenceRow {
  id: string;
  /** A person's or a department's key. */
  stakeholder: string;
  /** Days between updates, as typed. */
  days: string;
}

export interface LevelRow {
  id: string;
  /** The provider's person at this level. */
  provider: string;
  /** The client's person at this level. */
  client: string;
}

/** The clauses of an edition as its form holds them. */
export interface RulesDraft {
  edition: number;
  cadence: CadenceRow[];
  default_cadence_days: string;
  official_channels: string;
  minutes_sent_days: string;
  minutes_confirmed_days: string;
  bad_news_days: string;
  bad_news_to: string[];
  disclosure_procedures: string[];
  disclosure_days: string;
  escalation: LevelRow[];
  escalation_days: string;
  internal_note: string;
}

/** The clauses that are a number of days, each absent from the data when left empty. */
export const DAY_FIELDS = [
  'default_cadence_days',
  'minutes_sent_days',
  'minutes_confirmed_days',
  'bad_news_days',
  'disclosure_days',
  'escalation_days',
] as const;
export type DayField = (typeof DAY_FIELDS)[number];

/** Where in the form a message belongs: a field's name, `cadence.<row>.<field>`, `escalation.<row>[.<side>]`. */
export type Place = string;

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' ? String(v) : '');
const keys = (v: unknown) => (Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string') : []);
const objects = (v: unknown) => (Array.isArray(v) ? v.filter((o): o is Record<string, unknown> => typeof o === 'object' && o !== null) : []);

/** An edition's data (a draft's, or what the next draft starts from) as its form holds it; `newId` names each row. */
export function draftFromData(data: Record<string, unknown>, newId: () => string): RulesDraft {
  return {
    edition: typeof data.edition === 'number' ? data.edition : 1,
    cadence: objects(data.cadence).map((c) => ({ id: newId(), stakeholder: str(c.stakeholder), days: num(c.days) })),
    default_cadence_days: num(data.default_cadence_days),
    official_channels: str(data.official_channels),
    minutes_sent_days: num(data.minutes_sent_days),
    minutes_confirmed_days: num(data.minutes_confirmed_days),
    bad_news_days: num(data.bad_news_days),
    bad_news_to: keys(data.bad_news_to),
    disclosure_procedures: keys(data.disclosure_procedures),
    disclosure_days: num(data.disclosure_days),
    escalation: objects(data.escalation).map((l) => ({ id: newId(), provider: str(l.provider), client: str(l.client) })),
    escalation_days: num(data.escalation_days),
    internal_note: str(data.internal_note),
  };
}

const blankCadence = (c: CadenceRow) => c.stakeholder === '' && c.days.trim() === '';
const blankLevel = (l: LevelRow) => l.provider === '' && l.client === '';

/** The rows that become data: a row left entirely empty is not sent. */
export const sentCadence = (d: RulesDraft) => d.cadence.filter((c) => !blankCadence(c));
export const sentLevels = (d: RulesDraft) => d.escalation.filter((l) => !blankLevel(l));

/** JSON with every object's keys in order: two values alike whatever order their keys came in. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/**
 * The edition's data from its form, on top of `base` (what the draft started from, or the draft
 * as recorded): its sending and confirmation are kept as they are, and rows not edited stay the
 * very values of `base`, so that an amendment sends only what changed.
 */
export function draftToData(d: RulesDraft, base: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  const rows = (field: 'cadence' | 'escalation', value: Record<string, unknown>[]) =>
    canonical(value) === canonical(base[field] ?? []) && Array.isArray(base[field]) ? data[field] : value;
  data.cadence = rows(
    'cadence',
    sentCadence(d).map((c) => ({ stakeholder: c.stakeholder, days: Number(c.days.trim()) })),
  );
  for (const field of DAY_FIELDS) {
    const text = d[field].trim();
    if (text === '') delete data[field];
    else data[field] = Number(text);
  }
  data.official_channels = d.official_channels.trim();
  data.bad_news_to = [...d.bad_news_to];
  data.disclosure_procedures = [...d.disclosure_procedures];
  data.escalation = rows(
    'escalation',
    sentLevels(d).map((l) => ({ ...(l.provider ? { provider: l.provider } : {}), ...(l.client ? { client: l.client } : {}) })),
  );
  data.internal_note = d.internal_note;
  return data;
}

const WHOLE = /^\d+$/;
const DAYS_MESSAGE = 'Say a whole number of days, such as 2';

/** What the form can tell before the core is asked: numbers that are not numbers, half-filled cadence rows. */
export function checkDraft(d: RulesDraft): Record<Place, string> {
  const errors: Record<Place, string> = {};
  for (const field of DAY_FIELDS) {
    const text = d[field].trim();
    if (text !== '' && !WHOLE.test(text)) errors[field] = DAYS_MESSAGE;
  }
  for (const c of sentCadence(d)) {
    if (c.stakeholder === '') errors[`cadence.${c.id}.stakeholder`] = 'Choose whom this cadence is owed to, or remove the row';
    const days = c.days.trim();
    if (days === '') errors[`cadence.${c.id}.days`] = 'Say how many days may pass between updates (7 is weekly)';
    else if (!WHOLE.test(days)) errors[`cadence.${c.id}.days`] = DAYS_MESSAGE;
  }
  return errors;
}

const PLAIN: readonly string[] = [...DAY_FIELDS, 'official_channels', 'bad_news_to', 'disclosure_procedures', 'internal_note'];

/** The place in the form of an error the core named by its data field ("cadence[1].days"); null when the form has no such place. */
export function placeOf(e: FieldError, d: RulesDraft): Place | null {
  const cadence = /^cadence\[(\d+)\](?:\.(stakeholder|days))?/.exec(e.field);
  if (cadence) {
    const row = sentCadence(d)[Number(cadence[1])];
    return row ? `cadence.${row.id}.${cadence[2] ?? 'stakeholder'}` : null;
  }
  const level = /^escalation\[(\d+)\](?:\.(provider|client))?/.exec(e.field);
  if (level) {
    const row = sentLevels(d)[Number(level[1])];
    if (!row) return null;
    return level[2] ? `escalation.${row.id}.${level[2]}` : `escalation.${row.id}`;
  }
  const field = e.field.replace(/\[\d+\]$/, '');
  return PLAIN.includes(field) ? field : null;
}

/** Whether the client has confirmed an edition: then it is fixed, but for its internal note. */
export const isConfirmed = (row: EntityRow) => typeof row.data.confirmed_at === 'string' && row.data.confirmed_at !== '';
/** Whether an edition was recorded as sent to the client. */
export const isSent = (row: EntityRow) => typeof row.data.sent_in === 'string' && row.data.sent_in !== '';

export type EditionAction = 'edit' | 'send' | 'confirm' | 'note';

/**
 * What may be done to an edition, the next step first: a draft is edited and recorded as sent,
 * then (its sending still correctable) as confirmed by the client; a confirmed edition is fixed,
 * and only its internal note may change.
 */
export function actionsFor(row: EntityRow): EditionAction[] {
  if (row.voided) return [];
  if (isConfirmed(row)) return ['note'];
  return isSent(row) ? ['confirm', 'edit', 'send'] : ['edit', 'send'];
}

/** The edition in force, else null. */
export const inForce = (pages: Page[]) => pages.find((p) => p.state === 'in force') ?? null;
/** The edition not yet confirmed (only one is open at a time), else null. */
export const openDraft = (pages: Page[]) => pages.find((p) => p.state === 'draft' || p.state === 'sent, awaiting confirmation') ?? null;

/** "Edition 2 · in force". */
export const pageTitle = (p: Page) => `Edition ${p.edition} · ${p.state}`;

/** The edition number the next draft gets, from what it starts from. */
export const nextEdition = (next: Record<string, unknown> | null) => (next && typeof next.edition === 'number' ? next.edition : null);

/** "Escalate to level 2: Grace Kim (Brightline Management) with Henrik Olsen (Northwind Foods Executive office)". */
export function escalationWords(e: Escalation): string {
  const who = [e.provider, e.client].filter((n): n is string => typeof n === 'string' && n !== '');
  return who.length ? `Escalate to level ${e.level}: ${who.join(' with ')}` : `Escalate to level ${e.level}`;
}
