// What the command palette offers: every view, every action, every entry by name.

import { KIND_NAMES } from './fields';
import type { EntityRow } from './ipc';
import { LIST_KINDS, addEntry, app, go, labelOf, openAnother, reveal, runBackup, runVerify, setTheme, ui } from './store.svelte';
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
  if (row.kind === 'person' || row.kind === 'department') {
    const parent = String(row.data[row.kind === 'person' ? 'department' : 'party'] ?? '');
    return `${kind} · ${labelOf(parent)}`;
  }
  if (row.kind === 'procedure') return `${kind} · ${labelOf(String(row.data.owner_department ?? ''))}`;
  return kind;
}

export function commands(): Command[] {
  const list: Command[] = [
    { id: 'go:stakeholders', group: 'Go to', label: 'Stakeholders', keys: 'Alt+1', run: () => go('stakeholders') },
    {
      id: 'go:procedures',
      group: 'Go to',
      label: 'Procedures',
      keys: 'Alt+2',
      run: () => {
        go('procedures');
        ui.procedureTab = 'procedures';
      },
    },
    {
      id: 'go:scope',
      group: 'Go to',
      label: 'Scope',
      run: () => {
        go('procedures');
        ui.procedureTab = 'scope';
      },
    },
    { id: 'go:settings', group: 'Go to', label: 'Settings', keys: 'Alt+3', run: () => go('settings') },
    { id: 'add:party', group: 'Add', label: 'Add party', run: () => addEntry('party') },
    { id: 'add:department', group: 'Add', label: 'Add department', run: () => addEntry('department') },
    { id: 'add:person', group: 'Add', label: 'Add person', run: () => addEntry('person') },
    { id: 'add:procedure', group: 'Add', label: 'Add procedure', run: () => addEntry('procedure') },
    { id: 'add:scope', group: 'Add', label: 'Add scope item', run: () => addEntry('scope') },
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
  ];
  for (const kind of LIST_KINDS) {
    for (const row of app.rows[kind]) {
      if (row.voided) continue;
      list.push({ id: `entry:${row.key}`, group: 'Entries', label: row.label, hint: entryHint(row), run: () => reveal(row.key) });
    }
  }
  return list;
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
