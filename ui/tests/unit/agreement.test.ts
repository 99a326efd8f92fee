import { describe, expect, test } from 'vitest';
import {
  actionsFor,
  checkDraft,
  draftFromData,
  draftToData,
  escalationWords,
  inForce,
  openDraft,
  pageTitle,
  placeOf,
} from '../../src/lib/agreement';
import { FIELDS, showValue } from '../../src/lib/fields';
import type { Page } from '../../src/lib/ipc';
import { VIEWS, viewOfDigit, viewShortcut } from '../../src/lib/store.svelte';
import { row } from './rows';

/** What the next draft starts from, as the core sends it: edition 2's clauses under number 3. */
const next = {
  edition: 3,
  cadence: [
    { stakeholder: 'maria', days: 7 },
    { stakeholder: 'priya', days: 28 },
  ],
  official_channels: 'The weekly steering call; e-mail between named contacts.',
  minutes_sent_days: 2,
  minutes_confirmed_days: 5,
  bad_news_days: 2,
  bad_news_to: ['maria'],
  disclosure_procedures: [],
  disclosure_days: 7,
  escalation: [
    { provider: 'sam', client: 'maria' },
    { provider: 'grace', client: 'henrik' },
  ],
  escalation_days: 14,
  internal_note: '',
};

function ids() {
  let n = 0;
  return () => `row-${++n}`;
}

describe('an edition as its form holds it', () => {
  test('what the next draft starts from comes back unchanged when nothing is edited', () => {
    const draft = draftFromData(next, ids());
    expect(draft.minutes_sent_days).toBe('2');
    expect(draft.cadence.map((c) => [c.id, c.stakeholder, c.days])).toEqual([
      ['row-1', 'maria', '7'],
      ['row-2', 'priya', '28'],
    ]);
    expect(draftToData(draft, next)).toEqual(next);
  });

  test('numbers are sent as numbers, an emptied clause is left out, and the sending and confirmation are kept', () => {
    const recorded = { ...next, sent_in: 'steering-9' };
    const draft = draftFromData(recorded, ids());
    draft.minutes_sent_days = ' 1 ';
    draft.bad_news_days = '';
    draft.official_channels = '  Steering call only.  ';
    const data = draftToData(draft, recorded);
    expect(data.minutes_sent_days).toBe(1);
    expect('bad_news_days' in data).toBe(false);
    expect(data.official_channels).toBe('Steering call only.');
    expect(data.sent_in).toBe('steering-9');
    expect(data.edition).toBe(3);
  });

  test('rows not edited are sent back exactly as the core gave them, whatever the order of their keys', () => {
    const recorded = { ...next, cadence: [{ days: 7, stakeholder: 'maria' }], escalation: [{ client: 'maria', provider: 'sam' }] };
    const data = draftToData(draftFromData(recorded, ids()), recorded);
    expect(JSON.stringify(data.cadence)).toBe(JSON.stringify(recorded.cadence));
    expect(JSON.stringify(data.escalation)).toBe(JSON.stringify(recorded.escalation));
  });

  test('rows left entirely empty are not sent; a level may name one side only', () => {
    const draft = draftFromData(next, ids());
    draft.cadence.push({ id: 'blank', stakeholder: '', days: '' });
    draft.escalation.push({ id: 'owen', provider: 'owen', client: '' }, { id: 'empty', provider: '', client: '' });
    const data = draftToData(draft, next);
    expect(data.cadence).toEqual(next.cadence);
    expect(data.escalation).toEqual([...next.escalation, { provider: 'owen' }]);
  });

  test('what the form can tell by itself: half-filled cadence rows and numbers that are not whole days', () => {
    const draft = draftFromData(next, ids());
    draft.minutes_sent_days = 'one';
    draft.cadence.push({ id: 'jonas', stakeholder: 'jonas', days: '' }, { id: 'nobody', stakeholder: '', days: '14' });
    draft.cadence[0].days = '7.5';
    expect(checkDraft(draft)).toEqual({
      minutes_sent_days: 'Say a whole number of days, such as 2',
      'cadence.row-1.days': 'Say a whole number of days, such as 2',
      'cadence.jonas.days': 'Say how many days may pass between updates (7 is weekly)',
      'cadence.nobody.stakeholder': 'Choose whom this cadence is owed to, or remove the row',
    });
    expect(checkDraft(draftFromData(next, ids()))).toEqual({});
  });

  test('an error the core names by its data field lands on the row it means, blank rows not counted', () => {
    const draft = draftFromData(next, ids());
    draft.cadence.splice(1, 0, { id: 'blank', stakeholder: '', days: '' });
    const at = (field: string) => placeOf({ entity: 'rules', field, message: '' }, draft);
    expect(at('cadence[1].days')).toBe('cadence.row-2.days');
    expect(at('cadence[0].stakeholder')).toBe('cadence.row-1.stakeholder');
    expect(at('cadence[5].days')).toBeNull();
    expect(at('escalation[1].client')).toBe('escalation.row-4.client');
    expect(at('escalation[0]')).toBe('escalation.row-3');
    expect(at('bad_news_to[0]')).toBe('bad_news_to');
    expect(at('escalation_days')).toBe('escalation_days');
    expect(at('edition')).toBeNull();
  });
});

describe('what may be done to an edition', () => {
  test('a draft is edited and sent, a sent draft confirmed, a confirmed edition only gets its note changed', () => {
    expect(actionsFor(row('rules', { edition: 3 }))).toEqual(['edit', 'send']);
    expect(actionsFor(row('rules', { edition: 3, sent_in: 'c' }))).toEqual(['confirm', 'edit', 'send']);
    expect(actionsFor(row('rules', { edition: 2, sent_in: 'c', confirmed_by: 'maria', confirmed_at: '2026-10-16T07:30:00.000Z' }))).toEqual(['note']);
    expect(actionsFor(row('rules', { edition: 1 }, { voided: true }))).toEqual([]);
  });

  test('the edition in force and the open draft are read from the states the core gives', () => {
    const page = (edition: number, state: Page['state']): Page => ({ key: `e${edition}`, edition, state, standing: '', clauses: [], internal_note: '' });
    const pages = [page(3, 'sent, awaiting confirmation'), page(2, 'in force'), page(1, 'superseded')];
    expect(inForce(pages)?.edition).toBe(2);
    expect(openDraft(pages)?.edition).toBe(3);
    expect(openDraft(pages.slice(1))).toBeNull();
    expect(inForce([page(1, 'draft')])).toBeNull();
    expect(pageTitle(pages[1])).toBe('Edition 2 · in force');
  });

  test('an escalation reads as who is brought in at which level', () => {
    const clause = 'Escalation after 14 days at each level (rules of engagement edition 2, confirmed by Maria Lopez on 16 Oct)';
    expect(escalationWords({ level: 2, provider: 'Grace Kim (Brightline Management)', client: 'Henrik Olsen (Northwind Executive office)', clause })).toBe(
      'Escalate to level 2: Grace Kim (Brightline Management) with Henrik Olsen (Northwind Executive office)',
    );
    expect(escalationWords({ level: 3, provider: null, client: 'Henrik Olsen', clause })).toBe('Escalate to level 3: Henrik Olsen');
  });
});

describe('an edition’s history reads in words', () => {
  test('the cadence and the escalation path are named people, not keys', () => {
    const names: Record<string, string> = { maria: 'Maria Lopez', priya: 'Priya Nair', sam: 'Sam Carter', grace: 'Grace Kim', henrik: 'Henrik Olsen' };
    const labelOf = (k: string) => names[k] ?? k;
    const field = (name: string) => FIELDS.rules.find((f) => f.name === name)!;
    expect(showValue(field('cadence'), next.cadence, labelOf)).toBe('Maria Lopez: every 7 days; Priya Nair: every 28 days');
    expect(showValue(field('escalation'), next.escalation, labelOf)).toBe('level 1: Sam Carter with Maria Lopez; level 2: Grace Kim with Henrik Olsen');
    expect(showValue(field('bad_news_to'), ['maria'], labelOf)).toBe('Maria Lopez');
    expect(showValue(field('minutes_sent_days'), 1, labelOf)).toBe('1 day');
    expect(field('minutes_sent_days').label).toBe('Minutes sent within');
  });
});

describe('the sidebar’s shortcuts', () => {
  test('ten views: Alt+1 … Alt+9, then Alt+0 for Settings, which stays last', () => {
    expect(VIEWS).toHaveLength(10);
    expect(VIEWS.at(-1)?.view).toBe('settings');
    expect(VIEWS.at(-2)).toEqual({ view: 'agreement', label: 'Rules of engagement' });
    expect(viewShortcut(0)).toBe('Alt+1');
    expect(viewShortcut(8)).toBe('Alt+9');
    expect(viewShortcut(9)).toBe('Alt+0');
    expect(viewOfDigit(9)).toBe('agreement');
    expect(viewOfDigit(0)).toBe('settings');
    expect(viewOfDigit(1)).toBe('week');
  });
});
