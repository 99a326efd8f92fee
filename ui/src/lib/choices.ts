// What type-aheads offer for each kind of reference.

import * as ipc from './ipc';
import type { EntityRow, Kind } from './ipc';
import { app, live, referenceChoices, remember, timeZone } from './store.svelte';
import { formatShort } from './time';
import { personOptions, type Option } from './typeahead';

/** Every live person (or only those of one side), with department, party and addresses to match on. */
export function peopleOptions(side?: string): Option[] {
  return personOptions(app.rows.person, app.rows.department, app.rows.party, side);
}

/** Procedures, the most recently worked-around first, then by code and name. */
function procedureOptions(): Option[] {
  const last = new Map<string, string>();
  for (const w of live('workaround')) {
    const p = String(w.data.procedure ?? '');
    const at = String(w.data.performed_at ?? '');
    if (at > (last.get(p) ?? '')) last.set(p, at);
  }
  const owner = (p: EntityRow) => app.rows.department.find((d) => d.key === p.data.owner_department)?.label ?? '';
  return live('procedure')
    .map((p) => ({ row: p, at: last.get(p.key) ?? '' }))
    .sort((a, b) => b.at.localeCompare(a.at) || a.row.label.localeCompare(b.row.label))
    .map(({ row, at }) => ({
      value: row.key,
      label: row.label,
      detail: at ? `${owner(row)} · recent` : owner(row),
      keywords: String(row.data.code ?? ''),
    }));
}

function communicationOption(row: EntityRow): Option {
  return { value: row.key, label: row.label, detail: formatShort(String(row.data.occurred_at ?? ''), timeZone()) };
}

/** The communications in memory, newest first (what a communication type-ahead offers before typing). */
function communicationOptions(): Option[] {
  return Object.values(app.extra)
    .filter((r) => r.kind === 'communication' && !r.voided)
    .sort((a, b) => String(b.data.occurred_at ?? '').localeCompare(String(a.data.occurred_at ?? '')))
    .slice(0, 40)
    .map(communicationOption);
}

/** Communications whose subject, minutes or items match `query`. */
export async function searchCommunications(query: string): Promise<Option[]> {
  const hits = (await ipc.search(query, 30)).filter((h) => h.kind === 'communication');
  const rows = await Promise.all(hits.map((h) => app.extra[h.key] ?? ipc.get(h.key)));
  remember(rows);
  return rows.filter((r) => !r.voided).map(communicationOption);
}

/** The options of a type-ahead reference field; `side` limits people to one side. */
export function optionsFor(kind: Kind, side?: string): Option[] {
  if (kind === 'person') return peopleOptions(side);
  if (kind === 'procedure') return procedureOptions();
  if (kind === 'communication') return communicationOptions();
  return referenceChoices(kind).map((c) => ({ value: c.value, label: c.label, detail: c.group }));
}

/** Fetches the latest communications, so that a communication type-ahead has something to offer before typing. */
export async function loadRecentCommunications(): Promise<void> {
  const page = await ipc.logList({}, 0, 20);
  remember(page.rows);
}
