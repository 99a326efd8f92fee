// A log entry as its form holds it (times as wall-clock text, items and
// requests as rows), and the communication and requests it becomes.

import type { FieldError } from './ipc';
import { fromLocalInput, toLocalInput } from './time';

export type ItemType = 'agreement' | 'decision' | 'action' | 'instruction';

export interface ItemDraft {
  id: string;
  type: ItemType;
  text: string;
  owner: string;
  due: string;
  matter: string;
  /** A matter to create on saving, when none of the existing ones fits. */
  newMatter: string;
  department: string;
  position: string;
  internal: boolean;
  status: string;
  done_at: string;
}

export interface RequestDraft {
  id: string;
  summary: string;
  requested_by: string;
  out_of_scope: boolean;
  scope_item: string;
  keep_undisclosed: boolean;
  keep_undisclosed_by: string;
}

export interface EntryDraft {
  kind: string;
  status: string;
  occurred_at: string;
  ends_at: string;
  channel: string;
  direction: string;
  from: string;
  participants: string[];
  subject: string;
  minutes: string;
  minutes_internal: boolean;
  minutes_sent_at: string;
  confirmed_at: string;
  confirmed_by: string;
  internal_note: string;
  items: ItemDraft[];
  requests: RequestDraft[];
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function emptyEntry(timeZone: string, now: Date = new Date()): EntryDraft {
  return {
    kind: 'meeting',
    status: 'held',
    occurred_at: toLocalInput(now, timeZone),
    ends_at: '',
    channel: 'official',
    direction: 'two_way',
    from: '',
    participants: [],
    subject: '',
    minutes: '',
    minutes_internal: false,
    minutes_sent_at: '',
    confirmed_at: '',
    confirmed_by: '',
    internal_note: '',
    items: [],
    requests: [],
  };
}

export function newItem(type: ItemType, id: string): ItemDraft {
  return { id, type, text: '', owner: '', due: '', matter: '', newMatter: '', department: '', position: '', internal: false, status: 'open', done_at: '' };
}

export function newRequest(id: string): RequestDraft {
  return { id, summary: '', requested_by: '', out_of_scope: false, scope_item: '', keep_undisclosed: false, keep_undisclosed_by: '' };
}

const local = (v: unknown, timeZone: string) => (typeof v === 'string' && v ? toLocalInput(v, timeZone) : '');

/** A communication's data as the form holds it (for amending). */
export function entryFromData(data: Record<string, unknown>, timeZone: string): EntryDraft {
  const items = (Array.isArray(data.items) ? data.items : []) as Record<string, unknown>[];
  return {
    kind: str(data.kind) || 'meeting',
    status: str(data.status) || 'held',
    occurred_at: local(data.occurred_at, timeZone),
    ends_at: local(data.ends_at, timeZone),
    channel: str(data.channel) || 'official',
    direction: str(data.direction) || 'two_way',
    from: str(data.from),
    participants: Array.isArray(data.participants) ? data.participants.map(String) : [],
    subject: str(data.subject),
    minutes: str(data.minutes),
    minutes_internal: Boolean(data.minutes_internal),
    minutes_sent_at: local(data.minutes_sent_at, timeZone),
    confirmed_at: local(data.confirmed_at, timeZone),
    confirmed_by: str(data.confirmed_by),
    internal_note: str(data.internal_note),
    items: items.map((i) => ({
      id: str(i.id),
      type: (str(i.type) || 'decision') as ItemType,
      text: str(i.text),
      owner: str(i.owner),
      due: str(i.due),
      matter: str(i.matter),
      newMatter: '',
      department: str(i.department),
      position: str(i.position),
      internal: Boolean(i.internal),
      status: str(i.status) || 'open',
      done_at: str(i.done_at),
    })),
    requests: [],
  };
}

const instant = (text: string, timeZone: string) => fromLocalInput(text, timeZone) ?? text;

/**
 * The communication's data: on top of `base` (the current data when amending,
 * so that fields the form does not show are kept), with `matters` giving the keys
 * of matters created for items.
 */
export function entryToData(
  entry: EntryDraft,
  timeZone: string,
  base: Record<string, unknown> = {},
  matters: Record<string, string> = {},
): Record<string, unknown> {
  const data: Record<string, unknown> = {
    ...base,
    kind: entry.kind,
    status: entry.status,
    occurred_at: instant(entry.occurred_at, timeZone),
    channel: entry.channel,
    direction: entry.direction,
    participants: [...entry.participants],
    subject: entry.subject,
    minutes: entry.minutes,
    minutes_internal: entry.minutes_internal,
    internal_note: entry.internal_note,
  };
  if (!('source' in base)) data.source = { format: 'typed' };
  const optional: [string, string | null][] = [
    ['ends_at', entry.ends_at ? instant(entry.ends_at, timeZone) : null],
    ['from', entry.from || null],
    ['minutes_sent_at', entry.minutes_sent_at ? instant(entry.minutes_sent_at, timeZone) : null],
    ['confirmed_at', entry.confirmed_at ? instant(entry.confirmed_at, timeZone) : null],
    ['confirmed_by', entry.confirmed_by || null],
  ];
  for (const [field, value] of optional) {
    if (value === null) delete data[field];
    else data[field] = value;
  }
  const items = entry.items.map((i) => {
    const item: Record<string, unknown> = { id: i.id, type: i.type, text: i.text, internal: i.internal, status: i.status || 'open' };
    if (i.done_at) item.done_at = i.done_at;
    if (i.type === 'agreement' || i.type === 'action') {
      if (i.owner) item.owner = i.owner;
      if (i.due) item.due = i.due;
    }
    const matter = i.newMatter ? matters[i.newMatter] : i.matter;
    if (matter && (i.type === 'decision' || i.type === 'instruction' || i.matter)) item.matter = matter;
    if (i.type === 'instruction') {
      if (i.department) item.department = i.department;
      item.position = i.position;
    }
    return item;
  });
  if (items.length) data.items = items;
  else delete data.items;
  return data;
}

/** The requests to create for the entry, raised in the communication `raisedIn`. */
export function requestsToData(entry: EntryDraft, raisedIn: string, timeZone: string): Record<string, unknown>[] {
  return entry.requests.map((r) => {
    const data: Record<string, unknown> = {
      summary: r.summary,
      requested_by: r.requested_by,
      requested_at: instant(entry.occurred_at, timeZone),
      raised_in: raisedIn,
      out_of_scope: r.out_of_scope,
      keep_undisclosed: r.keep_undisclosed,
      outcome: 'pending',
    };
    if (r.scope_item) data.scope_item = r.scope_item;
    if (r.keep_undisclosed && (r.keep_undisclosed_by || r.requested_by)) data.keep_undisclosed_by = r.keep_undisclosed_by || r.requested_by;
    return data;
  });
}

/** Where a field's message shows: "subject", "items.<id>.owner", "requests.<id>.summary". */
export type Place = string;

/** Adds an empty item or request to the entry; returns the place of its first field, where the cursor goes. */
export function addPart(entry: EntryDraft, type: ItemType | 'request', id: string): Place {
  if (type === 'request') {
    entry.requests.push(newRequest(id));
    return `requests.${id}.summary`;
  }
  entry.items.push(newItem(type, id));
  return `items.${id}.${type === 'instruction' ? 'department' : 'text'}`;
}

/** The form-level checks, in words, by place. Anything subtler is the core's to judge. */
export function checkEntry(entry: EntryDraft): Record<Place, string> {
  const errors: Record<Place, string> = {};
  const blank = (s: string) => s.trim() === '';
  if (blank(entry.occurred_at)) errors.occurred_at = 'When is required: the date and time it took place';
  if (blank(entry.subject)) errors.subject = 'Subject is required: a few words that name it in the log';
  for (const i of entry.items) {
    const at = (f: string) => `items.${i.id}.${f}`;
    if (blank(i.text)) errors[at('text')] = `Say what was ${i.type === 'instruction' ? 'instructed' : i.type === 'decision' ? 'decided' : 'agreed'}`;
    if ((i.type === 'agreement' || i.type === 'action') && blank(i.owner)) errors[at('owner')] = 'Owner is required: who commits to it';
    if (i.type === 'instruction') {
      if (blank(i.department)) errors[at('department')] = 'Department is required: who gave the instruction';
      if (blank(i.matter) && blank(i.newMatter)) errors[at('matter')] = 'Matter is required: the topic it is given on';
      if (blank(i.position)) errors[at('position')] = "Position is required: the department's stance on the matter";
    }
  }
  for (const r of entry.requests) {
    if (blank(r.summary)) errors[`requests.${r.id}.summary`] = 'Say what was asked';
    if (blank(r.requested_by)) errors[`requests.${r.id}.requested_by`] = 'Requested by is required';
  }
  return errors;
}

/** Where a server error about the communication shows ("items[1].owner" → "items.<id>.owner"). */
export function placeOf(e: FieldError, entry: EntryDraft): Place | null {
  const m = /^items\[(\d+)\]\.(\w+)/.exec(e.field);
  if (m) {
    const item = entry.items[Number(m[1])];
    return item ? `items.${item.id}.${m[2] === 'matter' ? 'matter' : m[2]}` : null;
  }
  const field = e.field.replace(/\[\d+\]$/, '');
  const known = ['occurred_at', 'ends_at', 'subject', 'participants', 'from', 'minutes_sent_at', 'confirmed_at', 'confirmed_by', 'channel', 'direction', 'kind', 'status'];
  return known.includes(field) ? field : null;
}

/** Whether anything was typed: a blank new entry may be closed without asking. */
export function isBlank(entry: EntryDraft, start: EntryDraft): boolean {
  return JSON.stringify(entry) === JSON.stringify(start);
}
