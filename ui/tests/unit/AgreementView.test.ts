import { describe, expect, test } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import FlagCard from '../../src/components/FlagCard.svelte';
import RulesForm from '../../src/components/RulesForm.svelte';
import type { Agreements, Flag, Page } from '../../src/lib/ipc';
import { start, ui } from '../../src/lib/store.svelte';
import Agreement from '../../src/views/Agreement.svelte';
import { backend, onFridayEvening } from './judged';
import { row } from './rows';

const northwind = row('party', { name: 'Northwind Foods', role: 'client' });
const brightline = row('party', { name: 'Brightline', role: 'provider' });
const finance = row('department', { name: 'Finance', party: northwind.key });
const delivery = row('department', { name: 'Delivery', party: brightline.key });
const maria = row('person', { name: 'Maria Lopez', department: finance.key, emails: [], authority_level: 4 });
const sam = row('person', { name: 'Sam Carter', department: delivery.key, emails: [], authority_level: 3 });
const confirmed = { sent_in: 'steering-4', confirmed_by: maria.key, confirmed_at: '2026-10-16T07:30:00.000Z' };
const edition1 = row('rules', { edition: 1, minutes_sent_days: 2, ...confirmed }, { label: 'Rules of engagement, edition 1', version: 3 });
const edition2 = row('rules', { edition: 2, minutes_sent_days: 2, internal_note: 'Maria wants her COO in the loop.', ...confirmed }, { label: 'Rules of engagement, edition 2', version: 3 });
const draft3 = row('rules', { edition: 3, minutes_sent_days: 1, cadence: [{ days: 7, stakeholder: maria.key }] }, { label: 'Rules of engagement, edition 3' });

const page = (p: Partial<Page> & { key: string; edition: number; state: Page['state'] }): Page => ({
  standing: 'Not sent yet',
  clauses: [],
  internal_note: '',
  ...p,
});
const page2 = page({
  key: edition2.key,
  edition: 2,
  state: 'in force',
  standing: 'Sent in "Steering call #4" on 15 Oct 2026; confirmed by Maria Lopez (Northwind Foods Finance) on 16 Oct 2026',
  clauses: [
    { title: 'Update cadence', text: 'Maria Lopez (Northwind Foods Finance): weekly' },
    { title: 'Minutes', text: 'sent within 2 days of a meeting or call with agreements' },
  ],
  internal_note: 'Maria wants her COO in the loop.',
});
const page1 = page({ key: edition1.key, edition: 1, state: 'superseded', standing: 'Sent in "Kick-off" on 21 Sep 2026; confirmed by Maria Lopez (Northwind Foods Finance) on 22 Sep 2026' });
const page3 = page({ key: draft3.key, edition: 3, state: 'draft', clauses: [{ title: 'Minutes', text: 'sent within 1 day of a meeting or call with agreements' }] });
const next = { edition: 3, minutes_sent_days: 2, cadence: [], internal_note: '' };

function serve(agreements: Agreements, rules = [edition2, edition1]) {
  return backend({
    rows: [northwind, brightline, finance, delivery, maria, sam, ...rules],
    other: (cmd) => {
      if (cmd === 'agreements') return agreements;
      if (cmd === 'history') return [];
      return null;
    },
  });
}

onFridayEvening();

describe('the rules of engagement view', () => {
  test('the edition in force reads as one page: its standing, each clause, the internal note marked internal; earlier editions listed in words', async () => {
    serve({ pages: [page2, page1], next });
    await start();
    render(Agreement);
    const inForce = await screen.findByRole('region', { name: 'In force' });
    expect(within(inForce).getByRole('heading', { name: 'Edition 2 · in force' })).toBeInTheDocument();
    expect(inForce).toHaveTextContent('Sent in "Steering call #4" on 15 Oct 2026; confirmed by Maria Lopez (Northwind Foods Finance) on 16 Oct 2026.');
    const terms = within(inForce).getAllByRole('term').map((t) => t.textContent);
    const definitions = within(inForce).getAllByRole('definition').map((d) => d.textContent);
    expect(terms).toEqual(['Update cadence', 'Minutes']);
    expect(definitions).toEqual(['Maria Lopez (Northwind Foods Finance): weekly', 'sent within 2 days of a meeting or call with agreements']);
    const note = within(inForce).getByRole('complementary', { name: 'Internal note' });
    expect(note).toHaveTextContent('Internal note · never shown to the client');
    expect(note).toHaveTextContent('Maria wants her COO in the loop.');
    // Confirmed: fixed, but for its note.
    expect(within(inForce).queryByRole('button', { name: 'Edit draft' })).toBeNull();
    expect(within(inForce).getByRole('button', { name: 'Amend the internal note…' })).toBeInTheDocument();

    const editions = screen.getByRole('region', { name: 'Editions' });
    expect(within(editions).getAllByRole('button').map((b) => b.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Edition 2 in force Sent in "Steering call #4" on 15 Oct 2026; confirmed by Maria Lopez (Northwind Foods Finance) on 16 Oct 2026',
      'Edition 1 superseded Sent in "Kick-off" on 21 Sep 2026; confirmed by Maria Lopez (Northwind Foods Finance) on 22 Sep 2026',
    ]);
    expect(screen.getByRole('button', { name: 'Draft edition 3' })).toBeInTheDocument();
  });

  test('a superseded edition, selected, reads as fixed and offers no edit; drafting the next edition starts from what the core gave', async () => {
    serve({ pages: [page2, page1], next });
    await start();
    render(Agreement);
    await fireEvent.click(await screen.findByRole('button', { name: /^Edition 1 superseded/ }));
    const panel = await screen.findByRole('complementary', { name: 'Details' });
    expect(within(panel).getByRole('heading', { name: 'Edition 1 · superseded' })).toBeInTheDocument();
    expect(panel).toHaveTextContent('Superseded: confirmed by the client, so its clauses are fixed. To change one, draft edition 3.');
    expect(within(panel).queryByRole('button', { name: /Edit|Record/ })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Draft edition 3' }));
    expect(ui.dialog).toEqual({ type: 'rules', data: next });
  });

  test('an open draft says where it stands and offers its next step; the draft is not offered again', async () => {
    serve({ pages: [page3, page2, page1], next: null }, [draft3, edition2, edition1]);
    await start();
    render(Agreement);
    const notice = await screen.findByRole('status');
    expect(notice).toHaveTextContent('Edition 3 is a draft · Not sent yet.');
    expect(within(notice).getByRole('button', { name: 'Edit draft' })).toBeInTheDocument();
    await fireEvent.click(within(notice).getByRole('button', { name: 'Record as sent…' }));
    expect(ui.dialog).toMatchObject({ type: 'patch', key: draft3.key, title: 'Record edition 3 as sent to the client' });
    expect(screen.queryByRole('button', { name: /^Draft edition/ })).toBeNull();
  });

  test('with nothing recorded, it says what the rules are for and offers the first edition', async () => {
    serve({ pages: [], next: { edition: 1 } }, []);
    await start();
    render(Agreement);
    await screen.findByText(/No rules of engagement yet/);
    await fireEvent.click(screen.getByRole('button', { name: 'Draft the first edition' }));
    expect(ui.dialog).toEqual({ type: 'rules', data: { edition: 1 } });
  });

  test('nothing confirmed yet is said in words', async () => {
    serve({ pages: [page({ key: draft3.key, edition: 1, state: 'sent, awaiting confirmation', standing: 'Sent in "Kick-off" on 21 Sep 2026' })], next: null }, [
      row('rules', { edition: 1, sent_in: 'kickoff' }, { key: draft3.key }),
    ]);
    await start();
    render(Agreement);
    const inForce = await screen.findByRole('region', { name: 'In force' });
    await within(inForce).findByRole('heading', { name: 'Nothing in force yet' });
    expect(inForce).toHaveTextContent('the flags use the record’s own cadences and the settings');
    const notice = screen.getByRole('status');
    expect(notice).toHaveTextContent('Edition 1 is sent, awaiting the client’s confirmation');
    expect(within(notice).getAllByRole('button')[0]).toHaveTextContent('Record the client’s confirmation…');
  });
});

describe('drafting an edition', () => {
  test('the form starts from the last edition; a changed clause is sent as a number, with the rest as it was', async () => {
    const calls = serve({ pages: [page2, page1], next }, [edition2, edition1]);
    await start();
    const data = { ...next, cadence: [{ days: 7, stakeholder: maria.key }] };
    render(RulesForm, { props: { start: data, onclose: () => undefined } });
    const minutes = screen.getByLabelText('Minutes sent within') as HTMLInputElement;
    expect(minutes.value).toBe('2');
    expect((screen.getByLabelText('Owed to') as HTMLInputElement).value).toBe('Maria Lopez');
    await fireEvent.input(minutes, { target: { value: '1' } });
    await fireEvent.keyDown(minutes, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(calls.some(([c]) => c === 'create')).toBe(true));
    const [, args] = calls.find(([c]) => c === 'create')!;
    expect(args).toEqual({ kind: 'rules', data: { ...data, minutes_sent_days: 1, official_channels: '', bad_news_to: [], disclosure_procedures: [], escalation: [] } });
  });

  test('the core’s refusal shows next to the clause it names, in its words', async () => {
    backend({
      rows: [northwind, finance, maria],
      other: (cmd) => {
        if (cmd === 'create')
          throw {
            kind: 'invalid',
            message: 'rules: cadence[0].days: must be between 1 and 365, not 400',
            fields: [
              { entity: 'rules', field: 'cadence[0].days', message: 'must be between 1 and 365, not 400' },
              { entity: 'rules', field: 'edition', message: 'edition 3 of the rules of engagement is already recorded' },
            ],
          };
        return null;
      },
    });
    await start();
    render(RulesForm, { props: { start: { ...next, cadence: [{ days: 400, stakeholder: maria.key }] }, onclose: () => undefined } });
    await fireEvent.click(screen.getByRole('button', { name: 'Draft edition 3' }));
    const message = await screen.findByText('must be between 1 and 365, not 400');
    expect(screen.getByLabelText('Every')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Every').getAttribute('aria-describedby')).toContain(message.id);
    expect(screen.getByRole('alert')).toHaveTextContent('edition 3 of the rules of engagement is already recorded');
  });

  test('editing a draft asks for a reason before anything is sent', async () => {
    const calls = serve({ pages: [page3, page2, page1], next: null }, [draft3, edition2, edition1]);
    await start();
    render(RulesForm, { props: { row: draft3, onclose: () => undefined } });
    await fireEvent.input(screen.getByLabelText('Minutes sent within'), { target: { value: '0' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save the draft' }));
    await screen.findByText('Reason is required: say why the draft changes');
    expect(calls.some(([c]) => c === 'amend')).toBe(false);
  });
});

describe('a flag that rests on the rules of engagement', () => {
  const flag: Flag = {
    id: 'f1',
    rule: 'agreement-unminuted',
    severity: 'medium',
    message: '"October carrier invoices" (4 days ago) recorded 1 agreement(s) or decision(s), but no minutes were sent',
    subjects: [],
    evidence: [],
    since: '2026-11-18T09:00:00.000Z',
    state: 'open',
    note: null,
  };

  test('says which clause it rests on, quietly, and whom it escalates to, visibly', () => {
    render(FlagCard, {
      props: {
        flag: {
          ...flag,
          clause: 'Minutes sent: within 2 days (rules of engagement edition 2, confirmed by Maria Lopez on 16 Oct)',
          escalation: {
            level: 2,
            provider: 'Grace Kim (Brightline Management)',
            client: 'Henrik Olsen (Northwind Foods Executive office)',
            clause: 'Escalation after 14 days at each level (rules of engagement edition 2, confirmed by Maria Lopez on 16 Oct)',
          },
        },
      },
    });
    expect(screen.getByText('Rests on: Minutes sent: within 2 days (rules of engagement edition 2, confirmed by Maria Lopez on 16 Oct)')).toHaveClass('rests');
    expect(screen.getByText('Escalate to level 2: Grace Kim (Brightline Management) with Henrik Olsen (Northwind Foods Executive office)')).toBeInTheDocument();
    expect(screen.getByText(/^Rests on: Escalation after 14 days at each level/)).toBeInTheDocument();
  });

  test('a flag that rests on no clause says nothing of it', () => {
    render(FlagCard, { props: { flag } });
    expect(screen.queryByText(/Rests on|Escalate/)).toBeNull();
  });
});
