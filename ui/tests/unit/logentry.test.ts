import { beforeEach, describe, expect, test } from 'vitest';
import { clearDraft, draftKey, loadDraft, saveDraft } from '../../src/lib/draft';
import {
  checkEntry,
  emptyEntry,
  entryFromData,
  entryToData,
  isBlank,
  newItem,
  newRequest,
  placeOf,
  requestsToData,
  type EntryDraft,
} from '../../src/lib/logentry';

const TZ = 'Europe/Madrid';
const NOW = new Date('2026-11-20T17:00:00.000Z');

function call(): EntryDraft {
  const entry = emptyEntry(TZ, NOW);
  entry.kind = 'call';
  entry.subject = 'Cut-off calendar';
  entry.participants = ['maria', 'jonas'];
  const agreement = newItem('agreement', 'i1');
  agreement.text = 'Brightline sends the calendar';
  agreement.owner = 'sam';
  agreement.due = '2026-11-25';
  const instruction = newItem('instruction', 'i2');
  instruction.text = 'Accrue freight until month-end';
  instruction.department = 'logistics';
  instruction.newMatter = 'Freight accruals';
  instruction.position = 'accrue until month-end';
  entry.items = [agreement, instruction];
  return entry;
}

describe('a log entry’s form values and its data', () => {
  test('a new entry starts now, in the engagement’s zone, held, official, two-way', () => {
    expect(emptyEntry(TZ, NOW)).toMatchObject({ occurred_at: '2026-11-20T18:00', status: 'held', channel: 'official', direction: 'two_way', items: [] });
  });

  test('becomes a communication with UTC times, items, and the keys of matters made for it', () => {
    const data = entryToData(call(), TZ, {}, { 'Freight accruals': 'matter-7' });
    expect(data).toMatchObject({ kind: 'call', occurred_at: '2026-11-20T17:00:00.000Z', participants: ['maria', 'jonas'], source: { format: 'typed' } });
    expect(data.items).toEqual([
      { id: 'i1', type: 'agreement', text: 'Brightline sends the calendar', internal: false, status: 'open', owner: 'sam', due: '2026-11-25' },
      {
        id: 'i2',
        type: 'instruction',
        text: 'Accrue freight until month-end',
        internal: false,
        status: 'open',
        matter: 'matter-7',
        department: 'logistics',
        position: 'accrue until month-end',
      },
    ]);
    expect('ends_at' in data || 'minutes_sent_at' in data || 'from' in data).toBe(false);
  });

  test('amending keeps what the form does not show (source, addresses, attachments)', () => {
    const base = {
      kind: 'email',
      occurred_at: '2026-11-18T09:30:00.000Z',
      subject: 'Revised cut-off calendar',
      participants: ['maria'],
      addresses: ['maria.lopez@northwind.example', 'x@northwind.example'],
      source: { format: 'eml', file: 'cutoff.eml', file_sha256: 'abc' },
      minutes_sent_at: '2026-11-18T10:00:00.000Z',
      items: [{ id: 'a', type: 'action', text: 'Reply', owner: 'sam', status: 'done', done_at: '2026-11-19T08:00:00.000Z', internal: false }],
    };
    const entry = entryFromData(base, TZ);
    expect(entry.minutes_sent_at).toBe('2026-11-18T11:00');
    entry.minutes_sent_at = '';
    const data = entryToData(entry, TZ, base);
    expect(data.source).toEqual(base.source);
    expect(data.addresses).toEqual(base.addresses);
    expect('minutes_sent_at' in data).toBe(false);
    expect(data.items).toEqual(base.items);
  });

  test('requests raised in the entry become requests of their own, raised in it', () => {
    const entry = call();
    const r = newRequest('r1');
    r.summary = 'A carrier scorecard';
    r.requested_by = 'aiko';
    r.out_of_scope = true;
    r.keep_undisclosed = true;
    entry.requests = [r];
    expect(requestsToData(entry, 'comm-1', TZ)).toEqual([
      {
        summary: 'A carrier scorecard',
        requested_by: 'aiko',
        requested_at: '2026-11-20T17:00:00.000Z',
        raised_in: 'comm-1',
        out_of_scope: true,
        keep_undisclosed: true,
        keep_undisclosed_by: 'aiko',
        outcome: 'pending',
      },
    ]);
  });

  test('required fields say so in words, next to the item they belong to', () => {
    const entry = emptyEntry(TZ, NOW);
    entry.items = [newItem('agreement', 'a'), newItem('instruction', 'b')];
    entry.requests = [newRequest('r')];
    expect(checkEntry(entry)).toEqual({
      subject: 'Subject is required: a few words that name it in the log',
      'items.a.text': 'Say what was agreed',
      'items.a.owner': 'Owner is required: who commits to it',
      'items.b.text': 'Say what was instructed',
      'items.b.department': 'Department is required: who gave the instruction',
      'items.b.matter': 'Matter is required: the topic it is given on',
      'items.b.position': "Position is required: the department's stance on the matter",
      'requests.r.summary': 'Say what was asked',
      'requests.r.requested_by': 'Requested by is required',
    });
    expect(checkEntry(call())).toEqual({});
  });

  test('the core’s errors find their place by item', () => {
    const entry = call();
    expect(placeOf({ entity: 'communication', field: 'items[1].position', message: 'x' }, entry)).toBe('items.i2.position');
    expect(placeOf({ entity: 'communication', field: 'participants[0]', message: 'x' }, entry)).toBe('participants');
    expect(placeOf({ entity: 'communication', field: 'confirmed_at', message: 'x' }, entry)).toBe('confirmed_at');
    expect(placeOf({ entity: 'communication', field: 'source.format', message: 'x' }, entry)).toBeNull();
    expect(placeOf({ entity: 'communication', field: 'items[9].owner', message: 'x' }, entry)).toBeNull();
  });

  test('a new entry is blank until something is typed', () => {
    const start = emptyEntry(TZ, NOW);
    const entry = structuredClone(start);
    expect(isBlank(entry, start)).toBe(true);
    entry.subject = 'x';
    expect(isBlank(entry, start)).toBe(false);
  });
});

describe('drafts', () => {
  beforeEach(() => localStorage.clear());

  test('are kept per database and per entry, and come back as they were', () => {
    const key = draftKey('/home/sam/northwind.db', 'log-entry');
    expect(key).not.toBe(draftKey('/home/sam/other.db', 'log-entry'));
    saveDraft(localStorage, key, call(), NOW);
    const back = loadDraft<EntryDraft>(localStorage, key);
    expect(back?.saved_at).toBe('2026-11-20T17:00:00.000Z');
    expect(back?.value).toEqual(call());
  });

  test('are gone once cleared; a damaged one is not offered', () => {
    const key = draftKey('/db', 'log-entry');
    saveDraft(localStorage, key, call(), NOW);
    clearDraft(localStorage, key);
    expect(loadDraft(localStorage, key)).toBeNull();
    localStorage.setItem(key, '{"saved_at": 1}');
    expect(loadDraft(localStorage, key)).toBeNull();
    localStorage.setItem(key, 'not json');
    expect(loadDraft(localStorage, key)).toBeNull();
  });
});
