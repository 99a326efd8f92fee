// The app's state: what the Rust side said last, and where the user is.

import * as ipc from './ipc';
import type { AppError, AppState, EntityRow, Kind, Verification } from './ipc';
import type { Choice, FormValues } from './fields';
import { browserTimeZone } from './time';
import { storedTheme, saveTheme, type Theme } from './theme';

export type ListKind = Exclude<Kind, 'engagement'>;
export const LIST_KINDS: readonly ListKind[] = ['party', 'department', 'person', 'procedure', 'scope'];

export type View = 'stakeholders' | 'procedures' | 'settings';
export type ProcedureTab = 'procedures' | 'scope';

export type Dialog =
  { type: 'create'; kind: Kind; preset?: FormValues } | { type: 'amend'; key: string } | { type: 'void'; key: string } | null;

export interface Notice {
  text: string;
  tone: 'info' | 'error';
}

const emptyRows = (): Record<ListKind, EntityRow[]> => ({ party: [], department: [], person: [], procedure: [], scope: [] });

export const app = $state({
  state: null as AppState | null,
  rows: emptyRows(),
  /** Set when the Rust side could not even say what is open. */
  failure: null as AppError | null,
});

export const ui = $state({
  view: 'stakeholders' as View,
  procedureTab: 'procedures' as ProcedureTab,
  selected: null as string | null,
  highlight: null as string | null,
  showVoided: false,
  dialog: null as Dialog,
  palette: false,
  help: false,
  notice: null as Notice | null,
  verification: null as Verification | null,
  verifying: false,
  theme: storedTheme() as Theme,
  choosingIdentity: false,
});

let noticeTimer: ReturnType<typeof setTimeout> | undefined;

export function notify(text: string, tone: Notice['tone'] = 'info'): void {
  ui.notice = { text, tone };
  clearTimeout(noticeTimer);
  if (tone === 'info') noticeTimer = setTimeout(() => (ui.notice = null), 4000);
}

export function fail(e: unknown): void {
  notify(ipc.toAppError(e).message, 'error');
}

/** Takes in a new AppState and reloads the lists when an engagement is open. */
export async function adopt(state: AppState): Promise<void> {
  app.state = state;
  app.failure = null;
  if (state.engagement) await reloadRows();
  else app.rows = emptyRows();
}

export async function reloadRows(): Promise<void> {
  const lists = await Promise.all(LIST_KINDS.map((k) => ipc.list(k, true)));
  const rows = emptyRows();
  LIST_KINDS.forEach((k, i) => (rows[k] = lists[i]));
  app.rows = rows;
}

export async function start(): Promise<void> {
  try {
    await adopt(await ipc.appState());
  } catch (e) {
    app.failure = ipc.toAppError(e);
  }
}

/** Reloads everything after a write. */
export async function refresh(): Promise<void> {
  await adopt(await ipc.appState());
}

export function rowByKey(key: string): EntityRow | undefined {
  if (app.state?.engagement?.key === key) return app.state.engagement;
  for (const k of LIST_KINDS) {
    const found = app.rows[k].find((r) => r.key === key);
    if (found) return found;
  }
  return undefined;
}

export function labelOf(key: string): string {
  const row = rowByKey(key);
  if (!row) return key;
  return row.voided ? `${row.label} (voided)` : row.label;
}

export function timeZone(): string {
  const tz = app.state?.engagement?.data.time_zone;
  return typeof tz === 'string' && tz ? tz : browserTimeZone();
}

export function defaultCadence(): number | null {
  const d = app.state?.engagement?.data.default_cadence_days;
  return typeof d === 'number' ? d : null;
}

/** The live entries a reference field may point at, labelled (departments grouped by party). */
export function referenceChoices(kind: Kind): Choice[] {
  if (kind === 'engagement') return [];
  const live = app.rows[kind].filter((r) => !r.voided);
  const choices = live.map((r) => ({
    value: r.key,
    label: r.label,
    group: kind === 'department' ? labelOf(String(r.data.party ?? '')) : undefined,
  }));
  return choices.sort((a, b) => (a.group ?? '').localeCompare(b.group ?? '') || a.label.localeCompare(b.label));
}

export function viewOf(kind: Kind): View {
  if (kind === 'procedure' || kind === 'scope') return 'procedures';
  if (kind === 'engagement') return 'settings';
  return 'stakeholders';
}

export function go(view: View): void {
  ui.view = view;
  ui.selected = null;
}

/** Shows an entry: its view, its tab, its detail panel. */
export function reveal(key: string): void {
  const row = rowByKey(key);
  if (!row) return;
  ui.view = viewOf(row.kind);
  if (row.kind === 'procedure') ui.procedureTab = 'procedures';
  if (row.kind === 'scope') ui.procedureTab = 'scope';
  if (row.voided) ui.showVoided = true;
  ui.selected = row.kind === 'engagement' ? null : key;
}

let highlightTimer: ReturnType<typeof setTimeout> | undefined;

/** After a write: reload, show the entry, highlight it for a moment. */
export async function saved(row: EntityRow, verb: string): Promise<void> {
  await refresh();
  if (row.voided) {
    if (ui.selected === row.key && !ui.showVoided) ui.selected = null;
  } else {
    reveal(row.key);
  }
  ui.highlight = row.key;
  clearTimeout(highlightTimer);
  highlightTimer = setTimeout(() => (ui.highlight = null), 4000);
  notify(`${row.label} ${verb}.`);
}

export function openDialog(dialog: Dialog): void {
  ui.palette = false;
  ui.help = false;
  ui.dialog = dialog;
}

export function addEntry(kind: Kind, preset?: FormValues): void {
  ui.view = viewOf(kind);
  if (kind === 'procedure') ui.procedureTab = 'procedures';
  if (kind === 'scope') ui.procedureTab = 'scope';
  openDialog({ type: 'create', kind, preset });
}

export async function runVerify(): Promise<void> {
  ui.view = 'settings';
  ui.verifying = true;
  try {
    ui.verification = await ipc.verify();
    await refresh();
  } catch (e) {
    fail(e);
  } finally {
    ui.verifying = false;
  }
}

function backupName(): string {
  const path = app.state?.db_path ?? 'candor.db';
  const dot = path.lastIndexOf('.');
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const stem = dot > slash ? path.slice(0, dot) : path;
  const day = new Date().toISOString().slice(0, 10);
  return `${stem}-backup-${day}.db`;
}

export async function runBackup(): Promise<void> {
  try {
    const path = await ipc.pickBackupPath(backupName());
    if (!path) return;
    await ipc.backup(path);
    notify(`Backed up to ${path}.`);
  } catch (e) {
    fail(e);
  }
}

export async function openPath(path: string): Promise<void> {
  try {
    await adopt(await ipc.openDatabase(path));
    ui.selected = null;
    ui.verification = null;
    ui.view = 'stakeholders';
    notify(`Opened ${path}.`);
  } catch (e) {
    fail(e);
  }
}

export async function openAnother(): Promise<void> {
  try {
    const path = await ipc.pickDatabase();
    if (path) await openPath(path);
  } catch (e) {
    fail(e);
  }
}

export function setTheme(theme: Theme): void {
  ui.theme = theme;
  saveTheme(theme);
}

/** Clears everything; for tests. */
export function reset(): void {
  app.state = null;
  app.rows = emptyRows();
  app.failure = null;
  Object.assign(ui, {
    view: 'stakeholders',
    procedureTab: 'procedures',
    selected: null,
    highlight: null,
    showVoided: false,
    dialog: null,
    palette: false,
    help: false,
    notice: null,
    verification: null,
    verifying: false,
    choosingIdentity: false,
  });
}
