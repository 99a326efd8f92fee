import { describe, expect, test } from 'vitest';
import type { EntityRow } from '../../src/lib/ipc';
import {
  authorityAt,
  incidentClient,
  requestClient,
  requestManagement,
  workaroundApproval,
  workaroundDisclosure,
  type Ledger,
} from '../../src/lib/standing';
import { row } from './rows';

const northwind = row('party', { name: 'Northwind Foods', role: 'client' });
const brightline = row('party', { name: 'Brightline Outsourcing', role: 'provider' });
const finance = row('department', { name: 'Finance', party: northwind.key });
const grace = row('person', { name: 'Grace Kim', authority_level: 4 });
const chloe = row('person', { name: 'Chloé Martin', authority_level: 2 });
const fin04 = row('procedure', { code: 'FIN-04', name: 'Month-end invoice cut-off', exception_authority: 4, disclosure_required: true });
const fin09 = row('procedure', { code: 'FIN-09', name: 'Duplicate payment check', exception_authority: 2, disclosure_required: false });
const bl01 = row('procedure', { code: 'BL-01', name: 'Ticket triage', disclosure_required: false });
const leave = row('delegation', { from: grace.key, to: chloe.key, starts: '2026-10-26', ends: '2026-11-01', note: 'Grace on leave.' });
const steering4 = { key: 'comm-steering-4', label: 'Steering call #4' };

function ledger(disclosures: EntityRow[] = [], now = '2026-11-20T17:00:00.000Z'): Ledger {
  const rows: Record<string, EntityRow[]> = {
    party: [northwind, brightline],
    department: [finance],
    person: [grace, chloe],
    procedure: [fin04, fin09, bl01],
    delegation: [leave],
    disclosure: disclosures,
  };
  const all = [...Object.values(rows).flat()];
  return {
    all: (kind) => rows[kind] ?? [],
    labelOf: (key) => (key === steering4.key ? steering4.label : (all.find((r) => r.key === key)?.label ?? key)),
    timeZone: 'Europe/Madrid',
    now: new Date(now),
  };
}

const workaround = (procedure: EntityRow, extra: Record<string, unknown> = {}) =>
  row('workaround', { name: 'w', procedure: procedure.key, performed_at: '2026-11-11T13:00:00.000Z', ...extra });

describe('disclosure in words', () => {
  test('a disclosed workaround names whom, where and when', () => {
    const w = workaround(fin04);
    const told = row('disclosure', {
      name: 'd',
      subject: w.key,
      audience: 'client',
      department: finance.key,
      communication: steering4.key,
      disclosed_at: '2026-10-15T14:20:00.000Z',
    });
    expect(workaroundDisclosure(w, ledger([told]))).toEqual({ tone: 'ok', text: 'Disclosed to Northwind Foods Finance in Steering call #4, Thu 15 Oct' });
  });

  test('an undisclosed workaround of a disclosure-required procedure counts calendar days in the engagement’s zone', () => {
    expect(workaroundDisclosure(workaround(fin04), ledger())).toEqual({ tone: 'warn', text: 'Not disclosed — 9 days' });
    expect(workaroundDisclosure(workaround(fin04, { performed_at: '2026-11-20T16:00:00.000Z' }), ledger())).toEqual({
      tone: 'warn',
      text: 'Not disclosed yet',
    });
    expect(workaroundDisclosure(workaround(fin04, { performed_at: '2026-11-19T22:30:00.000Z' }), ledger()).text).toBe('Not disclosed — 1 day');
  });

  test('a procedure that does not ask for disclosure says so', () => {
    expect(workaroundDisclosure(workaround(fin09), ledger())).toEqual({ tone: 'neutral', text: 'Disclosure not required' });
  });

  test('a disclosure to the client without a department or communication still reads', () => {
    const w = workaround(fin04);
    const told = row('disclosure', { name: 'd', subject: w.key, audience: 'client', disclosed_at: '2026-11-12T09:00:00.000Z' });
    expect(workaroundDisclosure(w, ledger([told])).text).toBe('Disclosed to the client, Thu 12 Nov');
  });

  test('voided or other subjects’ disclosures do not count', () => {
    const w = workaround(fin04);
    const other = row('disclosure', { name: 'd', subject: 'someone-else', audience: 'client', disclosed_at: '2026-11-12T09:00:00.000Z' });
    expect(workaroundDisclosure(w, ledger([other])).tone).toBe('warn');
  });

  test('requests: management told, and the client told of out-of-scope work done', () => {
    const quiet = row('request', { name: 'r', out_of_scope: true, outcome: 'done_as_favour', requested_at: '2026-10-19T17:40:00.000Z' });
    expect(requestManagement(quiet, ledger())).toEqual({ tone: 'warn', text: 'Management not told — 32 days' });
    expect(requestClient(quiet, ledger())).toEqual({ tone: 'warn', text: 'Not disclosed — 32 days' });
    const told = row('disclosure', {
      name: 'd',
      subject: quiet.key,
      audience: 'provider_management',
      communication: steering4.key,
      disclosed_at: '2026-10-27T07:55:00.000Z',
    });
    expect(requestManagement(quiet, ledger([told])).text).toBe("Told Brightline Outsourcing's management in Steering call #4, Tue 27 Oct");
    const inScope = row('request', { name: 'r', out_of_scope: false, outcome: 'done_under_contract', requested_at: '2026-11-04T09:00:00.000Z' });
    expect(requestManagement(inScope, ledger()).tone).toBe('neutral');
    expect(requestClient(inScope, ledger())).toEqual({ tone: 'neutral', text: 'Disclosure not required' });
  });

  test('incidents: when the client was told, counted from when it was known', () => {
    const incident = row('incident', { name: 'i', known_at: '2026-11-03T10:00:00.000Z' });
    expect(incidentClient(incident, ledger())).toEqual({ tone: 'warn', text: 'Client not told — 17 days' });
    const told = row('disclosure', {
      name: 'd',
      subject: incident.key,
      audience: 'client',
      department: finance.key,
      communication: steering4.key,
      disclosed_at: '2026-11-12T15:15:00.000Z',
    });
    expect(incidentClient(incident, ledger([told])).text).toBe(
      'Client told: Northwind Foods Finance in Steering call #4, Thu 12 Nov (9 days after it was known)',
    );
  });
});

describe('approval in words', () => {
  test('no approval: needed or not, by the procedure’s exception authority', () => {
    expect(workaroundApproval(workaround(fin04), ledger())).toEqual({ tone: 'warn', text: 'Not approved — needs a director or above' });
    expect(workaroundApproval(workaround(bl01), ledger())).toEqual({ tone: 'neutral', text: 'No approval needed' });
  });

  test('an approver with enough authority', () => {
    const w = workaround(fin04, { approval: { approver: grace.key, approved_at: '2026-11-16T14:30:00.000Z' } });
    expect(workaroundApproval(w, ledger())).toEqual({ tone: 'ok', text: 'Approved by Grace Kim (director), Mon 16 Nov' });
  });

  test('an approver below the procedure’s exception authority is shown as such', () => {
    const w = workaround(fin04, { approval: { approver: chloe.key, approved_at: '2026-11-09T13:30:00.000Z' } });
    expect(workaroundApproval(w, ledger())).toEqual({
      tone: 'warn',
      text: 'Approved by Chloé Martin (team lead), below the director level FIN-04 requires',
    });
  });

  test('authority in force counts delegations, on the local days of the delegation', () => {
    const during = workaround(fin04, { approval: { approver: chloe.key, approved_at: '2026-10-28T13:30:00.000Z' } });
    expect(workaroundApproval(during, ledger())).toEqual({
      tone: 'ok',
      text: 'Approved by Chloé Martin, as delegate of Grace Kim (director), Wed 28 Oct',
    });
    expect(authorityAt(chloe.key, '2026-11-01T22:30:00.000Z', ledger()).level, '23:30 on 1 Nov in Madrid: the last day of the delegation').toBe(4);
    expect(authorityAt(chloe.key, '2026-11-01T23:30:00.000Z', ledger()).level, '00:30 on 2 Nov in Madrid').toBe(2);
  });
});
