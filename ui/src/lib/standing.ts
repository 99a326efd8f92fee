// Where a workaround, request or incident stands, in words: who was told and
// where, who approved it and with what authority. Wording only: whether a
// standing raises a flag is the core's judgement (flags).

import type { EntityRow } from './ipc';
import { daysBetween, formatDayOf, localDay } from './time';
import { authorityName, plural } from './words';

export interface Ledger {
  /** The live entries of a kind. */
  all: (kind: 'person' | 'department' | 'party' | 'procedure' | 'disclosure' | 'delegation') => EntityRow[];
  labelOf: (key: string) => string;
  timeZone: string;
  now: Date;
}

export type Tone = 'ok' | 'warn' | 'neutral';

export interface Standing {
  tone: Tone;
  text: string;
}

type Audience = 'client' | 'provider_management';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function find(r: Ledger, kind: Parameters<Ledger['all']>[0], key: string): EntityRow | undefined {
  return r.all(kind).find((e) => e.key === key);
}

/** The live disclosures of `subject` to `audience`, earliest first. */
export function disclosuresOf(subject: string, audience: Audience | null, r: Ledger): EntityRow[] {
  return r
    .all('disclosure')
    .filter((d) => d.data.subject === subject && (audience === null || d.data.audience === audience))
    .sort((a, b) => str(a.data.disclosed_at).localeCompare(str(b.data.disclosed_at)));
}

/** "Northwind Foods Finance": a department with its party. */
export function departmentName(key: string, r: Ledger): string {
  const dept = find(r, 'department', key);
  if (!dept) return r.labelOf(key);
  const party = find(r, 'party', str(dept.data.party));
  return party ? `${party.label} ${dept.label}` : dept.label;
}

function providerName(r: Ledger): string {
  return r.all('party').find((p) => p.data.role === 'provider')?.label ?? 'the provider';
}

/** Who a disclosure told: "Northwind Foods Finance", "the client", "Brightline Outsourcing's management". */
function toldWhom(d: EntityRow, r: Ledger): string {
  if (d.data.audience === 'provider_management') return `${providerName(r)}'s management`;
  const dept = str(d.data.department);
  return dept ? departmentName(dept, r) : 'the client';
}

/** "Disclosed to Northwind Foods Finance in Steering call #4, Thu 15 Oct". */
export function disclosureWords(d: EntityRow, r: Ledger, verb = 'Disclosed to'): string {
  const comm = str(d.data.communication);
  const where = comm ? ` in ${r.labelOf(comm)}` : '';
  return `${verb} ${toldWhom(d, r)}${where}, ${formatDayOf(str(d.data.disclosed_at), r.timeZone, r.now)}`;
}

function waited(since: string, r: Ledger): number {
  return Math.max(0, daysBetween(since, r.now, r.timeZone));
}

function notYet(prefix: string, since: string, r: Ledger): Standing {
  const days = waited(since, r);
  return { tone: 'warn', text: days === 0 ? `${prefix} yet` : `${prefix} — ${plural(days, 'day')}` };
}

/** A workaround's disclosure to the client. */
export function workaroundDisclosure(w: EntityRow, r: Ledger): Standing {
  const told = disclosuresOf(w.key, 'client', r);
  if (told.length) return { tone: 'ok', text: disclosureWords(told[0], r) };
  const procedure = find(r, 'procedure', str(w.data.procedure));
  if (!procedure?.data.disclosure_required) return { tone: 'neutral', text: 'Disclosure not required' };
  return notYet('Not disclosed', str(w.data.performed_at), r);
}

/** Whether provider management heard of a request ("management told"). */
export function requestManagement(q: EntityRow, r: Ledger): Standing {
  const told = disclosuresOf(q.key, 'provider_management', r);
  if (told.length) return { tone: 'ok', text: disclosureWords(told[0], r, 'Told') };
  if (!q.data.out_of_scope) return { tone: 'neutral', text: 'In scope: management need not be told' };
  return notYet('Management not told', str(q.data.requested_at), r);
}

/** Whether the client heard of out-of-scope work done for a request. */
export function requestClient(q: EntityRow, r: Ledger): Standing {
  const told = disclosuresOf(q.key, 'client', r);
  if (told.length) return { tone: 'ok', text: disclosureWords(told[0], r) };
  const done = q.data.outcome === 'done_as_favour' || q.data.outcome === 'done_under_contract';
  if (!q.data.out_of_scope || !done) return { tone: 'neutral', text: 'Disclosure not required' };
  return notYet('Not disclosed', str(q.data.requested_at), r);
}

/** When and where the client was told of an incident. */
export function incidentClient(i: EntityRow, r: Ledger): Standing {
  const told = disclosuresOf(i.key, 'client', r);
  const known = str(i.data.known_at);
  if (told.length) {
    const after = waited(known, r) - waited(str(told[0].data.disclosed_at), r);
    const delay = after <= 0 ? 'the day it was known' : `${plural(after, 'day')} after it was known`;
    return { tone: 'ok', text: `${disclosureWords(told[0], r, 'Client told:')} (${delay})` };
  }
  return notYet('Client not told', known, r);
}

/** The authority `person` could exercise at `at`: their own level, or a higher one delegated to them that day. */
export function authorityAt(person: string, at: string, r: Ledger): { level: number; delegatedBy: EntityRow | null } {
  const levelOf = (key: string) => Number(find(r, 'person', key)?.data.authority_level ?? 0);
  const own = levelOf(person);
  const day = localDay(at, r.timeZone);
  let best = { level: own, delegatedBy: null as EntityRow | null };
  for (const d of r.all('delegation')) {
    if (d.data.to !== person || str(d.data.starts) > day || day > str(d.data.ends)) continue;
    const level = levelOf(str(d.data.from));
    const from = find(r, 'person', str(d.data.from));
    if (level > best.level && from) best = { level, delegatedBy: from };
  }
  return best;
}

/** A workaround's approval against its procedure's exception authority. */
export function workaroundApproval(w: EntityRow, r: Ledger): Standing {
  const procedure = find(r, 'procedure', str(w.data.procedure));
  const required = procedure?.data.exception_authority;
  const approval = w.data.approval as { approver?: string; approved_at?: string } | undefined;
  if (!approval?.approver) {
    if (required === undefined || required === null) return { tone: 'neutral', text: 'No approval needed' };
    return { tone: 'warn', text: `Not approved — needs a ${authorityName(required)} or above` };
  }
  const at = str(approval.approved_at);
  const who = r.labelOf(approval.approver);
  const { level, delegatedBy } = authorityAt(approval.approver, at, r);
  const when = formatDayOf(at, r.timeZone, r.now);
  const as = delegatedBy ? `${who}, as delegate of ${delegatedBy.label} (${authorityName(level)})` : `${who} (${authorityName(level)})`;
  if (required !== undefined && required !== null && level < Number(required)) {
    const code = str(procedure?.data.code) || procedure?.label || 'the procedure';
    return { tone: 'warn', text: `Approved by ${as}, below the ${authorityName(required)} level ${code} requires` };
  }
  return { tone: 'ok', text: `Approved by ${as}, ${when}` };
}
