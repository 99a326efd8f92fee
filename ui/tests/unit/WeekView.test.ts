import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import { afterWrite, start } from '../../src/lib/store.svelte';
import Flags from '../../src/views/Flags.svelte';
import Week from '../../src/views/Week.svelte';
import { backend, commitment, lena, onFridayEvening, owed, priya } from './judged';

const maria = owed({ key: 'maria', name: 'Maria Lopez (Northwind Foods Finance)' });
const finance = owed({
  key: 'dept-finance',
  name: 'Northwind Foods Finance',
  subject: { type: 'department', key: 'dept-finance', label: 'Finance' },
  last_update: '2026-11-13T09:00:00.000Z',
  due: '2026-11-20T23:00:00.000Z',
  days_left: 0,
  state: 'due_soon',
});

const commitments = [
  commitment({ id: 'a', text: 'Vendor list', type: 'agreement', due: '2026-11-12', days_late: 8, overdue: true }),
  commitment({ id: 'b', text: 'Cut-off proposal', due: '2026-11-20', owner: null, owner_name: '' }),
  commitment({ id: 'c', text: 'Draft SLA', due: '2026-11-22', days_late: -2 }),
  commitment({ id: 'd', text: 'Next week’s review', due: '2026-11-23', days_late: -3 }),
];

onFridayEvening();

describe('This week: what is owed, as the core judged it', () => {
  test('commitments are asked for up to the last day of the week, and read as the core counted them', async () => {
    const calls = backend({ commitments, cadence: [maria, priya, lena, finance] });
    await start();
    render(Week);
    expect(calls).toContainEqual(['judgements', { until: '2026-11-22' }]);
    const card = screen.getByRole('region', { name: 'What is owed' });
    const items = within(card).getAllByRole('listitem');
    expect(items.slice(0, 3).map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'overdue 8 days Vendor list Sam Carter · from Steering call #6',
      'due today Cut-off proposal from Steering call #6',
      'due Sun 22 Nov Draft SLA Sam Carter · from Steering call #6',
    ]);
    expect(within(items[0]).getByText('overdue 8 days')).toHaveClass('late');
    expect(within(items[1]).getByText('due today')).not.toHaveClass('late');
    expect(within(card).queryByText('Next week’s review')).toBeNull();
  });

  test('stakeholders owed an update are those the core says are due soon or overdue, most overdue first', async () => {
    backend({ commitments: [], cadence: [maria, priya, lena, finance] });
    await start();
    render(Week);
    const card = screen.getByRole('region', { name: 'What is owed' });
    const names = within(card)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(names).toEqual(['Priya Nair (Keystone Logistics)', 'Northwind Foods Finance']);
    const row = (name: string) => within(card).getByRole('button', { name }).closest('li') as HTMLElement;
    expect(row('Priya Nair (Keystone Logistics)')).toHaveTextContent('overdue 11 days');
    expect(row('Priya Nair (Keystone Logistics)')).toHaveTextContent('every 28 days · last Mon 12 Oct · was due Mon 9 Nov');
    expect(within(row('Priya Nair (Keystone Logistics)')).getByText('overdue 11 days')).toHaveClass('late');
    expect(row('Northwind Foods Finance')).toHaveTextContent('due today');
    expect(within(row('Northwind Foods Finance')).getByText('due today')).not.toHaveClass('late');
    // Added yesterday with no update: not overdue here, because the core does not say so.
    expect(within(card).queryByText(/Lena Berg/)).toBeNull();
  });

  test('after a write the judgements are asked for again and the view follows them', async () => {
    let updated = false;
    const calls = backend({
      commitments,
      cadence: () => (updated ? [maria, { ...priya, state: 'on_track', days_left: 27, last_update: '2026-11-20T16:00:00.000Z' }] : [maria, priya]),
      other: () => null,
    });
    await start();
    render(Week);
    expect(screen.getByRole('button', { name: 'Priya Nair (Keystone Logistics)' })).toBeInTheDocument();
    const asked = (cmd: string) => calls.filter(([c]) => c === cmd).length;
    const before = asked('judgements');
    updated = true;
    await afterWrite();
    // Flags, cadence, standings and commitments come from one reading of the record.
    expect(asked('judgements')).toBe(before + 1);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Priya Nair (Keystone Logistics)' })).toBeNull());
    expect(screen.getByText(/Every key stakeholder has had an update within their cadence/)).toBeInTheDocument();
  });

  test('when the core cannot judge, the view says so instead of guessing', async () => {
    backend({ other: () => null, failing: 'The record is damaged: run verify.' });
    await start();
    render(Week);
    expect(screen.getByText('The record is damaged: run verify.')).toBeInTheDocument();
    expect(screen.queryByText(/Every key stakeholder has had an update/)).toBeNull();
  });
});

describe('the Flags view’s cadence timeline', () => {
  // jsdom has no layout: the chart's width binding needs a ResizeObserver that never reports.
  beforeEach(() =>
    vi.stubGlobal(
      'ResizeObserver',
      class {
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    ),
  );
  afterEach(() => vi.unstubAllGlobals());

  test('draws every stakeholder the core judged, with its words and past-cadence bands', async () => {
    backend({ cadence: [maria, priya, lena] });
    await start();
    const { container } = render(Flags);
    const chart = screen.getByRole('figure');
    expect(within(chart).getByRole('button', { name: 'Maria Lopez (Northwind Foods Finance)' })).toBeInTheDocument();
    expect(within(chart).getByText('last Mon 12 Oct · overdue 11 days')).toHaveClass('overdue');
    expect(within(chart).getByText('added Thu 19 Nov, no update yet · due Thu 3 Dec')).not.toHaveClass('overdue');
    expect(within(chart).getByText('last Thu 19 Nov · due Thu 26 Nov')).not.toHaveClass('overdue');
    // One past-cadence band: Priya's, from her due instant to now.
    expect(container.querySelectorAll('rect.span.past')).toHaveLength(1);
    expect(container.querySelectorAll('line.tick')).toHaveLength(2);
  });
});
