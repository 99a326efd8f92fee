import { describe, expect, test } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import CommunicationDetail from '../../src/components/CommunicationDetail.svelte';
import PersonRecord from '../../src/components/PersonRecord.svelte';
import ProcedureRecord from '../../src/components/ProcedureRecord.svelte';
import type { Flag, Standing } from '../../src/lib/ipc';
import { start, ui } from '../../src/lib/store.svelte';
import Requests from '../../src/views/Requests.svelte';
import Workarounds from '../../src/views/Workarounds.svelte';
import { backend, onFridayEvening } from './judged';
import { row } from './rows';

// A record whose standings the core has judged; nothing in it would let the UI judge them
// (no delegation, no procedure threshold the UI reads): what shows is what the core said.
const northwind = row('party', { name: 'Northwind Foods', role: 'client' });
const finance = row('department', { name: 'Finance', party: northwind.key });
const grace = row('person', { name: 'Grace Kim', department: finance.key, authority_level: 4, emails: [] });
const chloe = row('person', { name: 'Chloé Martin', department: finance.key, authority_level: 2, emails: [] });
const fin04 = row('procedure', { code: 'FIN-04', name: 'Month-end invoice cut-off', owner_department: finance.key });
const steering8 = row('communication', { name: 'Steering call #8', kind: 'call', occurred_at: '2026-11-12T09:00:00.000Z', items: [], participants: [] });
const late = row(
  'workaround',
  { procedure: fin04.key, performed_by: chloe.key, performed_at: '2026-11-17T10:00:00.000Z', what: 'Posted after cut-off' },
  { label: 'Invoice posted after cut-off' },
);
const approved = row(
  'workaround',
  {
    procedure: fin04.key,
    performed_by: chloe.key,
    performed_at: '2026-11-16T10:00:00.000Z',
    what: 'Manual credit note',
    approval: { approver: grace.key, approved_at: '2026-11-16T11:00:00.000Z' },
  },
  { label: 'Manual credit note' },
);
const gone = row('workaround', { procedure: fin04.key, performed_by: chloe.key, performed_at: '2026-11-18T10:00:00.000Z' }, { label: 'Entered twice', voided: true, version: 2 });
const told = row('disclosure', {
  subject: approved.key,
  audience: 'client',
  department: finance.key,
  communication: steering8.key,
  disclosed_at: '2026-11-19T09:00:00.000Z',
  note: 'Explained the credit note.',
  internal: false,
});
const favour = row('request', { requested_by: grace.key, requested_at: '2026-11-16T09:00:00.000Z', out_of_scope: true, outcome: 'done_as_favour' }, { label: 'Extra payment run' });
const outage = row('incident', { known_at: '2026-11-15T09:00:00.000Z', severity: 'high' }, { label: 'Payment file rejected' });

const standings: Record<string, Standing> = {
  [late.key]: {
    approval: { tone: 'warn', text: 'Not approved — needs a director or above' },
    client: { tone: 'warn', text: 'Not disclosed — 3 days' },
  },
  [approved.key]: {
    approval: { tone: 'ok', text: 'Approved by Grace Kim (director), Mon 16 Nov' },
    client: { tone: 'ok', text: 'Disclosed to Northwind Foods Finance in Steering call #8, Thu 19 Nov (3 days after): "Explained the credit note."' },
  },
  [favour.key]: {
    management: { tone: 'warn', text: 'Management not told — 4 days' },
    client: { tone: 'warn', text: 'Not disclosed — 4 days' },
  },
  [outage.key]: { client: { tone: 'warn', text: 'Client not told — 5 days' } },
};

const rows = [northwind, finance, grace, chloe, fin04, steering8, late, approved, gone, told, favour, outage];

function serve(flags: Flag[] = []) {
  return backend({ rows, standings, flags, other: (cmd) => (cmd === 'history' ? [] : null) });
}

onFridayEvening();

describe('standings are the core’s words', () => {
  test('the workarounds table shows each workaround’s approval and disclosure as judged, in its tone', async () => {
    const calls = serve();
    await start();
    render(Workarounds);
    expect(calls.some(([c]) => c === 'judgements')).toBe(true);
    const rowOf = (label: string) => screen.getByText(label).closest('tr') as HTMLElement;
    expect(within(rowOf('Invoice posted after cut-off')).getByText('Not approved — needs a director or above')).toHaveClass('tone-warn');
    expect(within(rowOf('Invoice posted after cut-off')).getByText('Not disclosed — 3 days')).toHaveClass('tone-warn');
    expect(within(rowOf('Manual credit note')).getByText('Approved by Grace Kim (director), Mon 16 Nov')).toHaveClass('tone-ok');
  });

  test('a voided workaround has no standing; it shows a dash', async () => {
    serve();
    await start();
    ui.showVoided = true;
    render(Workarounds);
    const cells = within(screen.getByText('Entered twice').closest('tr') as HTMLElement).getAllByText('—');
    expect(cells).toHaveLength(2);
  });

  test('the detail panel leads with the standing and lists each disclosure as recorded', async () => {
    serve();
    await start();
    render(Workarounds);
    await fireEvent.click(screen.getByRole('button', { name: 'Manual credit note' }));
    const panel = screen.getByRole('complementary', { name: 'Details' });
    const lead = within(panel).getByRole('region', { name: 'Standing' });
    expect(lead).toHaveTextContent('Approved by Grace Kim (director), Mon 16 Nov');
    expect(lead).toHaveTextContent('Disclosed to Northwind Foods Finance in Steering call #8, Thu 19 Nov (3 days after)');
    const list = within(panel).getByRole('region', { name: 'Disclosures' });
    expect(await within(list).findByText(/Steering call #8/)).toBeInTheDocument();
    expect(list).toHaveTextContent('The client (Northwind Foods Finance), in Steering call #8, Thu 19 Nov 2026, 10:00');
    expect(list).toHaveTextContent('“Explained the credit note.”');
  });

  test('requests show management and client standings; incidents whether the client was told', async () => {
    serve();
    await start();
    render(Requests);
    const request = screen.getByText('Extra payment run').closest('tr') as HTMLElement;
    expect(within(request).getByText('Management not told — 4 days')).toHaveClass('tone-warn');
    expect(within(request).getByText('Not disclosed — 4 days')).toHaveClass('tone-warn');
    await fireEvent.click(screen.getByRole('tab', { name: /Incidents/ }));
    const incident = screen.getByText('Payment file rejected').closest('tr') as HTMLElement;
    expect(within(incident).getByText('Client not told — 5 days')).toHaveClass('tone-warn');
  });

  test('a person’s and a procedure’s workarounds carry the core’s disclosure standing', async () => {
    const stale: Flag = {
      id: 'f1',
      rule: 'procedure-stale',
      severity: 'low',
      message: 'FIN-04 Month-end invoice cut-off was worked around 3 times in 30 days',
      subjects: [{ type: 'procedure', key: fin04.key, label: fin04.label }],
      evidence: [],
      since: '2026-11-17T10:00:00.000Z',
      state: 'open',
      note: null,
    };
    serve([stale]);
    await start();
    const person = render(PersonRecord, { props: { person: chloe } });
    expect(within(person.container).getByText('Not disclosed — 3 days')).toHaveClass('tone-warn');
    expect(within(person.container).getByText(/Disclosed to Northwind Foods Finance in Steering call #8/)).toHaveClass('tone-ok');
    person.unmount();
    const procedure = render(ProcedureRecord, { props: { procedure: fin04 } });
    expect(within(procedure.container).getByText('2 workarounds in all.')).toBeInTheDocument();
    expect(within(procedure.container).getByText(stale.message)).toBeInTheDocument();
    expect(within(procedure.container).getByText('Not disclosed — 3 days')).toHaveClass('tone-warn');
  });

  test('a communication lists the disclosures recorded in it, by their fields', async () => {
    serve();
    await start();
    render(CommunicationDetail, { props: { row: steering8 } });
    const section = screen.getByRole('region', { name: 'Disclosures recorded here' });
    expect(within(section).getByRole('button', { name: 'Manual credit note' })).toBeInTheDocument();
    expect(section).toHaveTextContent('— The client (Northwind Foods Finance), Thu 19 Nov 2026, 10:00');
  });
});
