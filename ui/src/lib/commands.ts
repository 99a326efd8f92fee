// What the command palette offers: every view, every action, every entry by name.

import { KIND_NAMES } from './fields';
import { isConfirmed, isSent } from './agreement';
import * as ipc from './ipc';
import type { EntityRow, Hit } from './ipc';
import { KINDS, type Kind } from './model.gen';
import { rulesConfirmed, rulesSent } from './patches';
import {
  LIST_KINDS,
  VIEWS,
  addEntry,
  app,
  draftNextRules,
  go,
  importFromDialog,
  labelOf,
  newLogEntry,
  openAnother,
  openDialog,
  recordDisclosure,
  reveal,
  rowByKey,
  runBackup,
  runVerify,
  searchLog,
  setTheme,
  ui,
  viewShortcut,
} from './store.svelte';
import { capitalise } from './words';

export interface Command {
  id: string;
  label: string;
  group: string;
  hint?: string;
  keys?: string;
  run: () => void;
}

function entryHint(row: EntityRow): string {
  const kind = capitalise(KIND_NAMES[row.kind]);
  const ref = (field: string) => labelOf(String(row.data[field] ?? ''));
  switch (row.kind) {
    case 'person':
      return `${kind} · ${ref('department')}`;
    case 'department':
      return `${kind} · ${ref('party')}`;
    case 'procedure':
      return `${kind} · ${ref('owner_department')}`;
    case 'workaround':
      return `${kind} · ${ref('procedure')}`;
    case 'request':
      return `${kind} · ${ref('requested_by')}`;
    case 'exception':
      return `${kind} · ${ref('procedure')}`;
    case 'rules':
      return isConfirmed(row) ? 'Confirmed by the client' : isSent(row) ? 'Sent, awaiting confirmation' : 'Draft';
    default:
      return kind;
  }
}

/** Entries the palette finds by name (disclosures, delegations and issued reports are reached through what they are about). */
const NAMED: readonly string[] = ['party', 'department', 'person', 'procedure', 'scope', 'matter', 'request', 'incident', 'workaround', 'exception', 'rules'];

/** Kinds recorded through their own flows (the log, settings, flags, reports), never by a bare form; every other kind can be added from the palette, a kind new to the model included. */
const RECORDED_ELSEWHERE: readonly Kind[] = ['engagement', 'communication', 'address_mapping', 'settings', 'flag_note', 'issued_report', 'rules'];

/** What the palette offers for the rules of engagement: drafting the next edition, and the next step of the open draft. */
function rulesCommands(): Command[] {
  const group = 'Rules of engagement';
  const draft = app.rows.rules.find((r) => !r.voided && !isConfirmed(r));
  const list: Command[] = [
    { id: 'rules:draft', group, label: 'Draft the next edition of the rules of engagement', run: () => void draftNextRules() },
  ];
  if (!draft) return list;
  const n = String(draft.data.edition ?? '');
  list.push({
    id: 'rules:edit',
    group,
    label: `Edit the draft of the rules of engagement (edition ${n})`,
    run: () => {
      go('agreement');
      openDialog({ type: 'rules', key: draft.key });
    },
  });
  if (isSent(draft))
    list.push({
      id: 'rules:confirm',
      group,
      label: `Record the client’s confirmation of the rules of engagement (edition ${n})…`,
      run: () => {
        go('agreement');
        openDialog(rulesConfirmed(draft));
      },
    });
  else
    list.push({
      id: 'rules:send',
      group,
      label: `Record the rules of engagement (edition ${n}) as sent to the client…`,
      run: () => {
        go('agreement');
        openDialog(rulesSent(draft));
      },
    });
  return list;
}

/** What the palette offers for the selected matter: its dossier. */
function matterCommands(): Command[] {
  const matter = ui.selected ? rowByKey(ui.selected) : undefined;
  if (matter?.kind !== 'matter' || matter.voided) return [];
  return [
    {
      id: 'matter:dossier',
      group: 'Matter',
      label: 'Open the dossier of this matter',
      hint: matter.label,
      run: () => openDialog({ type: 'dossier', matter: matter.key }),
    },
  ];
}

export function commands(): Command[] {
  const list: Command[] = VIEWS.map((v, i) => ({
    id: `go:${v.view}`,
    group: 'Go to',
    label: v.label,
    keys: viewShortcut(i),
    run: () => go(v.view),
  }));
  list.push(
    {
      id: 'go:scope',
      group: 'Go to',
      label: 'Scope',
      run: () => {
        go('procedures');
        ui.procedureTab = 'scope';
      },
    },
    {
      id: 'go:exceptions',
      group: 'Go to',
      label: 'Exceptions',
      run: () => {
        go('procedures');
        ui.procedureTab = 'exceptions';
      },
    },
    {
      id: 'go:matters',
      group: 'Go to',
      label: 'Matters',
      run: () => {
        go('requests');
        ui.requestsTab = 'matters';
      },
    },
    { id: 'log:new', group: 'Log', label: 'New log entry', keys: 'N', run: newLogEntry },
    { id: 'log:import', group: 'Log', label: 'Import mail, calendars or CSV…', keys: 'I', run: () => void importFromDialog() },
    { id: 'log:search', group: 'Log', label: 'Search the record', keys: '/', run: searchLog },
    { id: 'add:workaround', group: 'Record', label: 'Record a workaround', keys: 'W', run: () => addEntry('workaround') },
    { id: 'add:request', group: 'Record', label: 'Record a request', run: () => addEntry('request') },
    { id: 'add:incident', group: 'Record', label: 'Record an incident', run: () => addEntry('incident') },
    { id: 'add:disclosure', group: 'Record', label: 'Record a disclosure…', run: () => recordDisclosure() },
    { id: 'add:exception', group: 'Record', label: 'Record an exception', run: () => addEntry('exception') },
    { id: 'add:delegation', group: 'Record', label: 'Add a delegation', run: () => addEntry('delegation') },
    { id: 'add:matter', group: 'Record', label: 'Add a matter', run: () => addEntry('matter') },
    { id: 'add:party', group: 'Add', label: 'Add party', run: () => addEntry('party') },
    { id: 'add:department', group: 'Add', label: 'Add department', run: () => addEntry('department') },
    { id: 'add:person', group: 'Add', label: 'Add person', run: () => addEntry('person') },
    { id: 'add:procedure', group: 'Add', label: 'Add procedure', run: () => addEntry('procedure') },
    { id: 'add:scope', group: 'Add', label: 'Add scope item', run: () => addEntry('scope') },
    {
      id: 'flags:open',
      group: 'Flags',
      label: 'Open flags',
      run: () => {
        go('flags');
        ui.flagFilter = 'open';
      },
    },
    {
      id: 'flags:all',
      group: 'Flags',
      label: 'All flags, acknowledged and resolved too',
      run: () => {
        go('flags');
        ui.flagFilter = 'all';
      },
    },
    ...rulesCommands(),
    ...matterCommands(),
    { id: 'report:preview', group: 'Report', label: 'Preview this week’s report', run: () => go('report') },
    {
      id: 'report:internal',
      group: 'Report',
      label: 'Preview the internal edition',
      run: () => {
        go('report');
        ui.reportEdition = 'internal';
      },
    },
    {
      id: 'report:issue',
      group: 'Report',
      label: 'Issue this week’s report…',
      run: () => {
        go('report');
        openDialog({ type: 'issue', week: ui.reportWeek || app.week, edition: ui.reportEdition });
      },
    },
    { id: 'record:verify', group: 'Record', label: 'Verify record', run: () => void runVerify() },
    { id: 'record:backup', group: 'Record', label: 'Back up…', run: () => void runBackup() },
    { id: 'record:open', group: 'Record', label: 'Open another database…', run: () => void openAnother() },
    {
      id: 'record:identity',
      group: 'Record',
      label: 'Change identity…',
      run: () => {
        go('settings');
        ui.choosingIdentity = true;
      },
    },
    {
      id: 'record:engagement',
      group: 'Record',
      label: 'Amend the engagement…',
      run: () => {
        const key = app.state?.engagement?.key;
        if (key) {
          go('settings');
          ui.dialog = { type: 'amend', key };
        }
      },
    },
    {
      id: 'view:voided',
      group: 'View',
      label: ui.showVoided ? 'Hide voided entries' : 'Show voided entries',
      run: () => (ui.showVoided = !ui.showVoided),
    },
    { id: 'theme:system', group: 'View', label: 'Theme: System', run: () => setTheme('system') },
    { id: 'theme:light', group: 'View', label: 'Theme: Light', run: () => setTheme('light') },
    { id: 'theme:dark', group: 'View', label: 'Theme: Dark', run: () => setTheme('dark') },
    { id: 'help', group: 'View', label: 'Keyboard shortcuts', keys: '?', run: () => (ui.help = true) },
  );
  for (const kind of KINDS) {
    if (RECORDED_ELSEWHERE.includes(kind) || list.some((c) => c.id === `add:${kind}`)) continue;
    list.push({ id: `add:${kind}`, group: 'Add', label: `Add ${KIND_NAMES[kind]}`, run: () => addEntry(kind) });
  }
  for (const kind of LIST_KINDS) {
    if (!NAMED.includes(kind)) continue;
    for (const row of app.rows[kind]) {
      if (row.voided) continue;
      list.push({ id: `entry:${row.key}`, group: 'Entries', label: row.label, hint: entryHint(row), run: () => reveal(row.key) });
    }
  }
  return list;
}

/** Communications (and anything else the search finds) as palette entries. */
export function hitCommands(hits: Hit[], known: Set<string>): Command[] {
  return hits
    .filter((h) => !known.has(`entry:${h.key}`))
    .map((h) => ({
      id: `entry:${h.key}`,
      group: 'Entries',
      label: h.title,
      hint: `${capitalise(KIND_NAMES[h.kind] ?? h.kind)} · ${h.snippet.replace(/[\u0002\u0003]/g, '').replace(/\s+/g, ' ')}`,
      run: () => reveal(h.key),
    }));
}

/** Asks the record for entries matching `query` (communications are not all kept in memory). */
export function searchEntries(query: string): Promise<Hit[]> {
  return ipc.search(query, 20);
}

/** The commands matching `query` (every word, in label or hint), best first. */
export function filterCommands(all: Command[], query: string): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return all.filter((c) => c.group !== 'Entries');
  const scored: { c: Command; score: number }[] = [];
  for (const c of all) {
    const label = c.label.toLowerCase();
    const text = `${label} ${(c.hint ?? '').toLowerCase()} ${c.group.toLowerCase()}`;
    if (!words.every((w) => text.includes(w))) continue;
    const score = (label.startsWith(words[0]) ? 0 : label.includes(words[0]) ? 1 : 2) + (c.group === 'Entries' ? 0 : 0.5);
    scored.push({ c, score });
  }
  return scored.sort((a, b) => a.score - b.score || a.c.label.localeCompare(b.c.label)).map((s) => s.c);
}
