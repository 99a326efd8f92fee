import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Dialogs from '../../src/components/Dialogs.svelte';
import type { EntityRow, Owed } from '../../src/lib/ipc';
import { reset, start } from '../../src/lib/store.svelte';
import Stakeholders from '../../src/views/Stakeholders.svelte';
import { owed } from './judged';
import { row, smallMap } from './rows';

const engagement = row('engagement', { name: 'Acme outsourcing', time_zone: 'Europe/Madrid', week_start: 'monday', default_cadence_days: 14 });

function backend(rows: EntityRow[], onCreate?: (kind: string, data: Record<string, unknown>) => unknown, cadence: Owed[] = []) {
  const calls: string[] = [];
  mockIPC((cmd, args) => {
    calls.push(cmd);
    const a = args as Record<string, unknown>;
    if (cmd === 'app_state') return { db_path: '/tmp/acme.db', engagement, identity: { key: 'p', name: 'Sam Carter' }, recent: [], head: { seq: 9, hash: 'ab' } };
    if (cmd === 'list') return rows.filter((r) => r.kind === a.kind && (a.includeVoided || !r.voided));
    if (cmd === 'judgements') return { flags: [], cadence, standings: {}, commitments: [] };
    if (cmd === 'current_week') return '2026-W47';
    if (cmd === 'check_reminders') return 0;
    if (cmd === 'create' && onCreate) return onCreate(String(a.kind), a.data as Record<string, unknown>);
    throw { kind: 'internal', message: `unexpected ${cmd}`, fields: [] };
  });
  return calls;
}

beforeEach(() => reset());
afterEach(() => clearMocks());

describe('Stakeholders view', () => {
  test('shows the map grouped by role, with authority in words, badges and cadences', async () => {
    const m = smallMap();
    backend([...m.parties, ...m.departments, ...m.people]);
    await start();
    render(Stakeholders);

    const client = screen.getByRole('region', { name: 'Client' });
    const provider = screen.getByRole('region', { name: 'Provider' });
    const third = screen.getByRole('region', { name: 'Third parties' });
    expect(within(client).getByText('Acme')).toBeInTheDocument();
    expect(within(provider).getByText('Sam Carter')).toBeInTheDocument();
    expect(within(third).getByText('Keystone')).toBeInTheDocument();
    expect(within(client).queryByText('Sam Carter')).toBeNull();

    const ana = within(client).getByRole('button', { name: /Ana Diaz/ });
    expect(ana).toHaveTextContent('key stakeholder');
    expect(ana).toHaveTextContent('CFO');
    expect(ana).toHaveTextContent('director');
    expect(ana).toHaveTextContent('every 7 days');
    expect(ana).toHaveTextContent('ana@acme.example');
    expect(within(client).getByRole('button', { name: /Ben Ross/ })).toHaveTextContent('team member · engagement default (14 days)');
  });

  test('who is owed an update, and by when, is the core’s cadence judgement', async () => {
    const m = smallMap();
    const cadence = [
      owed({ key: m.ana.key, name: 'Ana Diaz (Acme Finance)', due: '2026-11-12T23:00:00.000Z', days_left: -3, state: 'overdue' }),
      owed({
        key: m.finance.key,
        name: 'Acme Finance',
        subject: { type: 'department', key: m.finance.key, label: 'Finance' },
        due: '2026-11-26T23:00:00.000Z',
        days_left: 6,
      }),
    ];
    backend([...m.parties, ...m.departments, ...m.people], undefined, cadence);
    await start();
    render(Stakeholders);
    const client = screen.getByRole('region', { name: 'Client' });
    const ana = within(client).getByRole('button', { name: /Ana Diaz/ });
    expect(within(ana).getByText('update overdue 3 days')).toHaveClass('tone-warn');
    const finance = within(client).getByRole('button', { name: /^Finance/ });
    // The cadence in force is the core's (the department's own is not recorded here; the judgement says 7 days).
    expect(finance).toHaveTextContent('updates every 7 days · next update due Thu 26 Nov');
    expect(within(finance).getByText(/next update due/)).not.toHaveClass('tone-warn');
    // Ben is no key stakeholder and Logistics has no judgement here: nothing is said of them.
    expect(within(client).getByRole('button', { name: /Ben Ross/ })).not.toHaveTextContent('update');
    expect(within(client).getByRole('button', { name: /^Logistics/ })).not.toHaveTextContent('update');
  });

  test('with nothing recorded, says what the view is for and offers the first action', async () => {
    backend([]);
    await start();
    render(Stakeholders);
    expect(screen.getByText(/shows who is who on each side of the engagement/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add the client party' })).toBeInTheDocument();
  });

  test('voided people are hidden until "Show voided", then struck through and labelled', async () => {
    const m = smallMap();
    const gone = row('person', { name: 'Old Entry', department: m.finance.key, emails: [], authority_level: 1 }, { voided: true, version: 2 });
    backend([...m.parties, ...m.departments, ...m.people, gone]);
    await start();
    render(Stakeholders);
    expect(screen.queryByText('Old Entry')).toBeNull();
    await fireEvent.click(screen.getByLabelText(/Show voided/));
    const name = await screen.findByText('Old Entry');
    expect(name).toHaveClass('voided-text');
    expect(name.closest('button')).toHaveTextContent('voided');
  });

  test('adding a department: server field errors appear next to the field', async () => {
    const m = smallMap();
    const calls = backend([...m.parties, ...m.departments, ...m.people], () => {
      throw { kind: 'invalid', message: 'department.cadence_days: must be between 1 and 365, not 400', fields: [{ entity: 'department', field: 'cadence_days', message: 'must be between 1 and 365, not 400' }] };
    });
    await start();
    render(Stakeholders);
    render(Dialogs);
    await fireEvent.click(screen.getByRole('button', { name: 'Add department' }));
    const dialog = await screen.findByRole('dialog');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Add department' }));
    expect(within(dialog).getByText('Name is required')).toBeInTheDocument();
    expect(within(dialog).getByText('Party is required')).toBeInTheDocument();
    expect(calls).not.toContain('create');

    await fireEvent.input(within(dialog).getByLabelText(/^Name/), { target: { value: 'Treasury' } });
    const party = within(dialog).getByLabelText(/^Party/) as HTMLSelectElement;
    expect([...party.options].map((o) => o.textContent)).toEqual(['Choose a party…', 'Acme', 'Brightline', 'Keystone']);
    await fireEvent.change(party, { target: { value: m.acme.key } });
    await fireEvent.input(within(dialog).getByLabelText(/^Update cadence/), { target: { value: '400' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Add department' }));
    const error = await within(dialog).findByText('must be between 1 and 365, not 400');
    expect(error.closest('.field')).toContainElement(within(dialog).getByLabelText(/^Update cadence/));
    await waitFor(() => expect(calls).toContain('create'));
  });
});
