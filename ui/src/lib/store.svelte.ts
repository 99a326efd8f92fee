// The app's state: what the Rust side said last, and where the user is.

import * as ipc from './ipc';
import type { AppError, AppState, Commitment, EntityRow, Flag, Kind, Owed, Standing, Verification } from './ipc';
import type { Choice, FieldSpec, FormValues } from './fields';
import { logView } from './logview.svelte';
import { browserTimeZone, weekDays, weekOf } from './time';
import { storedTheme, saveTheme, type Theme } from './theme';

/** The kinds kept whole in memory (communications are paged: see `app.extra` and the Log). */
export const LIST_KINDS = [
  'party',
  'department',
  'person',
  'procedure',
  'scope',
  'matter',
  'request',
  'incident',
  'workaround',
  'exception',
  'disclosure',
  'delegation',
  'issued_report',
  'rules',
] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export type View =
  | 'week'
  | 'log'
  | 'workarounds'
  | 'requests'
  | 'flags'
  | 'report'
  | 'stakeholders'
  | 'procedures'
  | 'agreement'
  | 'settings';

/** The sidebar, in order; Alt+1 … Alt+9, then Alt+0, go to them. */
export const VIEWS: readonly { view: View; label: string }[] = [
  { view: 'week', label: 'This week' },
  { view: 'log', label: 'Log' },
  { view: 'workarounds', label: 'Workarounds' },
  { view: 'requests', label: 'Requests & incidents' },
  { view: 'flags', label: 'Flags' },
  { view: 'report', label: 'Report' },
  { view: 'stakeholders', label: 'Stakeholders' },
  { view: 'procedures', label: 'Procedures' },
  { view: 'agreement', label: 'Rules of engagement' },
  { view: 'settings', label: 'Settings' },
];

/** The shortcut of the sidebar's view at `index`: Alt+1 for the first, …, Alt+0 for the tenth. */
export function viewShortcut(index: number): string {
  return `Alt+${(index + 1) % 10}`;
}

/** The sidebar's view a digit key goes to (1 the first, 0 the tenth), if there is one. */
export function viewOfDigit(digit: number): View | undefined {
  return VIEWS[digit === 0 ? 9 : digit - 1]?.view;
}

export type ProcedureTab = 'procedures' | 'scope' | 'exceptions';
export type RequestsTab = 'requests' | 'incidents' | 'matters';

/** A change to one entry made through a small form (minutes sent, item done…), always with a reason. */
export interface Patch {
  type: 'patch';
  key: string;
  title: string;
  submitLabel: string;
  fields: FieldSpec[];
  values: FormValues;
  reasonHint: string;
  apply: (values: FormValues, data: Record<string, unknown>) => Record<string, unknown>;
}

export type Dialog =
  | { type: 'create'; kind: Kind; preset?: FormValues; then?: (row: EntityRow) => Promise<void> }
  | { type: 'amend'; key: string; title?: string }
  | { type: 'void'; key: string }
  | { type: 'log'; key?: string; restore?: boolean }
  | { type: 'disclosure'; subject?: string; communication?: string }
  /** Drafting an edition of the rules of engagement from `data` (what the next edition starts from), or editing the draft `key`. */
  | { type: 'rules'; key?: string; data?: Record<string, unknown> }
  | Patch
  | { type: 'import'; paths: string[] }
  | { type: 'issue'; week: string; edition: ipc.Edition }
  /** The dossier of the matter `matter` (its key): preview, export, issue. */
  | { type: 'dossier'; matter: string }
  | null;

export interface Notice {
  text: string;
  tone: 'info' | 'error';
}

const emptyRows = (): Record<ListKind, EntityRow[]> =>
  Object.fromEntries(LIST_KINDS.map((k) => [k, [] as EntityRow[]])) as Record<ListKind, EntityRow[]>;

export const app = $state({
  state: null as AppState | null,
  rows: emptyRows(),
  /** Entries of other kinds (communications) fetched one by one, by key. */
  extra: {} as Record<string, EntityRow>,
  flags: [] as Flag[],
  /** The core's judgements as of the last load (after every write): who is owed an update… */
  cadence: [] as Owed[],
  /** …where each live workaround, request and incident stands, by key… */
  standings: {} as Record<string, Standing>,
  /** …and the open commitments due by the end of the current week, overdue ones included. */
  commitments: [] as Commitment[],
  /** Why the core could not judge, said once where the judgements are shown. */
  judgementsError: '',
  /** The current ISO week in the engagement's time zone. */
  week: '',
  /** Counts up after every write, so that paged lists fetch again. */
  revision: 0,
  /** Set when the Rust side could not even say what is open. */
  failure: null as AppError | null,
});

export const ui = $state({
  view: 'week' as View,
  procedureTab: 'procedures' as ProcedureTab,
  requestsTab: 'requests' as RequestsTab,
  selected: null as string | null,
  highlight: null as string | null,
  showVoided: false,
  dialog: null as Dialog,
  palette: false,
  help: false,
  notice: null as Notice | null,
  verification: null as Verification | null,
  verifying: false,
  /** While verifying, the share of the work done, from 0 to 1. */
  verified: 0,
  /** While verifying, what is being checked ("the chain"). */
  verifyingStage: '',
  theme: storedTheme() as Theme,
  choosingIdentity: false,
  /** Asks the Log to put the cursor in its search box. */
  searchFocus: 0,
  /** The Workarounds view's filters; week '' is this week, 'all' every week. */
  workaroundFilter: { week: '', procedure: '', person: '' },
  /** The flags inbox's state filter. */
  flagFilter: 'open' as 'open' | 'acknowledged' | 'resolved' | 'all',
  /** A severity section of the flags inbox to scroll to. */
  flagJump: null as ipc.Severity | null,
  /** The Report view's week and edition. */
  reportWeek: '',
  reportEdition: 'client' as ipc.Edition,
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

/** Takes in a new AppState and reloads the record when an engagement is open. */
export async function adopt(state: AppState): Promise<void> {
  const switched = app.state?.db_path !== state.db_path;
  app.state = state;
  app.failure = null;
  if (switched) app.extra = {};
  if (state.engagement) await reloadRecord();
  else {
    app.rows = emptyRows();
    clearJudgements();
  }
  if (state.engagement && state.identity) remindOnOpening(state.db_path);
}

async function fetchRows(): Promise<Record<ListKind, EntityRow[]>> {
  const lists = await Promise.all(LIST_KINDS.map((k) => ipc.list(k, true)));
  const rows = emptyRows();
  LIST_KINDS.forEach((k, i) => (rows[k] = lists[i]));
  return rows;
}

export async function reloadRows(): Promise<void> {
  app.rows = await fetchRows();
}

/** Asks the core for everything it judges as of now (flags, cadence, standings, commitments due by the week's last day), in one call; resolves with how to show it, so that it appears together with the rows it judges. */
async function fetchJudgements(): Promise<() => void> {
  try {
    const j = await ipc.judgements(weekDays(app.week)?.last ?? null);
    return () => {
      app.flags = j.flags;
      app.cadence = j.cadence;
      app.standings = j.standings;
      app.commitments = j.commitments;
      app.judgementsError = '';
    };
  } catch (e) {
    return () => {
      clearJudgements();
      app.judgementsError = ipc.toAppError(e).message;
      fail(e);
    };
  }
}

/** Asks the core again for everything it judges as of now, and shows it. */
export async function loadJudgements(): Promise<void> {
  (await fetchJudgements())();
}

function clearJudgements(): void {
  app.flags = [];
  app.cadence = [];
  app.standings = {};
  app.commitments = [];
  app.judgementsError = '';
}

async function reloadRecord(): Promise<void> {
  const week = ipc.currentWeek().then(
    (w) => (app.week = w),
    (e) => {
      app.week = weekOf(new Date(), timeZone());
      fail(e);
    },
  );
  const [rows, showJudgements] = await Promise.all([fetchRows(), week.then(fetchJudgements)]);
  app.rows = rows;
  showJudgements();
}

export async function start(): Promise<void> {
  try {
    await adopt(await ipc.appState());
  } catch (e) {
    app.failure = ipc.toAppError(e);
  }
}

/** Reloads everything. */
export async function refresh(): Promise<void> {
  await adopt(await ipc.appState());
}

/** After any write: reload, tell paged lists to fetch again, and raise due reminders. */
export async function afterWrite(): Promise<void> {
  await refresh();
  app.revision += 1;
  remind(false);
}

let remindedFor: string | null = null;
let reminderTimer: ReturnType<typeof setInterval> | undefined;
const REMINDER_INTERVAL = 5 * 60 * 1000;

/** Desktop reminders are a courtesy: when they cannot be raised, the flags inbox still says everything. */
function remind(opening: boolean): void {
  if (!app.state?.identity) return;
  ipc.checkReminders(opening).catch(() => undefined);
}

function remindOnOpening(dbPath: string): void {
  if (remindedFor !== dbPath) {
    remindedFor = dbPath;
    remind(true);
  }
  reminderTimer ??= setInterval(() => remind(false), REMINDER_INTERVAL);
}

/** Keeps communications (or any entry) fetched outside the whole-kind lists. */
export function remember(rows: EntityRow[]): void {
  const next = { ...app.extra };
  for (const r of rows) next[r.key] = r;
  app.extra = next;
}

const wanted = new Set<string>();

/** Fetches an entry that is not in memory; its label shows once it arrives. */
export function want(key: string): void {
  if (!key || wanted.has(key)) return;
  wanted.add(key);
  ipc.get(key).then(
    (row) => remember([row]),
    () => undefined,
  );
}

export function rowByKey(key: string): EntityRow | undefined {
  if (app.state?.engagement?.key === key) return app.state.engagement;
  for (const k of LIST_KINDS) {
    const found = app.rows[k].find((r) => r.key === key);
    if (found) return found;
  }
  return app.extra[key];
}

/** An entry's name as people read it; delegations and disclosures are named by whom they concern. */
export function titleOf(row: EntityRow): string {
  const ref = (field: string) => labelOf(String(row.data[field] ?? ''));
  if (row.kind === 'delegation') return `${ref('from')} → ${ref('to')}`;
  if (row.kind === 'disclosure') return `Disclosure of ${ref('subject')}`;
  return row.label;
}

export function labelOf(key: string): string {
  const row = rowByKey(key);
  if (!row) {
    want(key);
    return key;
  }
  return row.voided ? `${titleOf(row)} (voided)` : titleOf(row);
}

/** The live entries of a kind kept in memory. */
export function live(kind: ListKind): EntityRow[] {
  return app.rows[kind].filter((r) => !r.voided);
}

export function timeZone(): string {
  const tz = app.state?.engagement?.data.time_zone;
  return typeof tz === 'string' && tz ? tz : browserTimeZone();
}

export function defaultCadence(): number | null {
  const d = app.state?.engagement?.data.default_cadence_days;
  return typeof d === 'number' ? d : null;
}

const KIND_GROUPS: Partial<Record<Kind, string>> = { workaround: 'Workarounds', request: 'Requests', incident: 'Incidents' };

/** The live entries a reference field may point at, labelled (departments grouped by party). */
export function referenceChoices(kind: Kind | Kind[]): Choice[] {
  const kinds = Array.isArray(kind) ? kind : [kind];
  const choices: Choice[] = [];
  for (const k of kinds) {
    if (!(LIST_KINDS as readonly string[]).includes(k)) continue;
    for (const r of live(k as ListKind)) {
      const group = k === 'department' ? labelOf(String(r.data.party ?? '')) : kinds.length > 1 ? (KIND_GROUPS[k] ?? k) : undefined;
      choices.push({ value: r.key, label: r.label, group });
    }
  }
  return choices.sort((a, b) => (a.group ?? '').localeCompare(b.group ?? '') || a.label.localeCompare(b.label));
}

export function viewOf(kind: Kind): View {
  switch (kind) {
    case 'procedure':
    case 'scope':
    case 'exception':
      return 'procedures';
    case 'engagement':
    case 'settings':
      return 'settings';
    case 'communication':
    case 'address_mapping':
      return 'log';
    case 'workaround':
      return 'workarounds';
    case 'request':
    case 'incident':
    case 'matter':
      return 'requests';
    case 'flag_note':
      return 'flags';
    case 'issued_report':
      return 'report';
    case 'rules':
      return 'agreement';
    default:
      return 'stakeholders';
  }
}

export function go(view: View): void {
  ui.view = view;
  ui.selected = null;
}

function showTab(kind: Kind): void {
  if (kind === 'procedure') ui.procedureTab = 'procedures';
  if (kind === 'scope') ui.procedureTab = 'scope';
  if (kind === 'exception') ui.procedureTab = 'exceptions';
  if (kind === 'request') ui.requestsTab = 'requests';
  if (kind === 'incident') ui.requestsTab = 'incidents';
  if (kind === 'matter') ui.requestsTab = 'matters';
}

/** Shows an entry: its view, its tab, its detail panel. */
export function reveal(key: string): void {
  const row = rowByKey(key);
  if (!row) {
    ipc.get(key).then(
      (r) => {
        remember([r]);
        reveal(r.key);
      },
      fail,
    );
    return;
  }
  if (row.kind === 'disclosure') {
    reveal(String(row.data.subject ?? ''));
    return;
  }
  ui.view = viewOf(row.kind);
  showTab(row.kind);
  if (row.voided) ui.showVoided = true;
  if (row.kind === 'communication') {
    logView.selected = row.key;
    ui.selected = null;
    return;
  }
  if (row.kind === 'workaround') {
    const week = weekOf(String(row.data.performed_at ?? ''), timeZone());
    const f = ui.workaroundFilter;
    const shown = f.week || app.week;
    ui.workaroundFilter = {
      week: shown === 'all' || shown === week ? f.week : week,
      procedure: f.procedure && f.procedure !== row.data.procedure ? '' : f.procedure,
      person: f.person && f.person !== row.data.performed_by ? '' : f.person,
    };
  }
  if (row.kind === 'issued_report') ui.reportWeek = String(row.data.week ?? ui.reportWeek);
  ui.selected = row.kind === 'engagement' || row.kind === 'issued_report' ? null : key;
}

let highlightTimer: ReturnType<typeof setTimeout> | undefined;

export function highlight(key: string): void {
  ui.highlight = key;
  clearTimeout(highlightTimer);
  highlightTimer = setTimeout(() => (ui.highlight = null), 4000);
}

/** After a write: reload, show the entry, highlight it for a moment. */
export async function saved(row: EntityRow, verb: string): Promise<void> {
  if (row.kind === 'communication') remember([row]);
  await afterWrite();
  if (row.voided) {
    if (ui.selected === row.key && !ui.showVoided) ui.selected = null;
    if (logView.selected === row.key) logView.selected = null;
  } else {
    reveal(row.key);
  }
  highlight(row.key);
  notify(`${titleOf(row)} ${verb}.`);
}

export function openDialog(dialog: Dialog): void {
  ui.palette = false;
  ui.help = false;
  ui.dialog = dialog;
}

export function addEntry(kind: Kind, preset?: FormValues): void {
  if (kind === 'communication') {
    newLogEntry();
    return;
  }
  ui.view = viewOf(kind);
  showTab(kind);
  openDialog({ type: 'create', kind, preset });
}

export function newLogEntry(): void {
  ui.view = 'log';
  openDialog({ type: 'log' });
}

/** Opens the draft of the next edition of the rules of engagement; while a draft is open, shows that one instead. */
export async function draftNextRules(): Promise<void> {
  try {
    const { pages, next } = await ipc.agreements();
    ui.view = 'agreement';
    if (next) {
      openDialog({ type: 'rules', data: next });
      return;
    }
    const open = pages.find((p) => p.state === 'draft' || p.state === 'sent, awaiting confirmation');
    ui.palette = false;
    if (open) {
      ui.selected = open.key;
      notify(`Edition ${open.edition} is still open (${open.state}): edit it, record it as sent or record the client’s confirmation before drafting another.`);
    }
  } catch (e) {
    fail(e);
  }
}

export function recordDisclosure(subject?: string, communication?: string): void {
  openDialog({ type: 'disclosure', subject, communication });
}

/** Asks for files and imports them. */
export async function importFromDialog(): Promise<void> {
  try {
    const paths = await ipc.pickImportFiles();
    if (paths.length) startImport(paths);
  } catch (e) {
    fail(e);
  }
}

export function startImport(paths: string[]): void {
  if (ui.dialog?.type === 'import') return;
  ui.view = 'log';
  openDialog({ type: 'import', paths });
}

export function searchLog(): void {
  ui.view = 'log';
  ui.searchFocus += 1;
}

export async function runVerify(): Promise<void> {
  ui.view = 'settings';
  ui.verifying = true;
  ui.verified = 0;
  ui.verifyingStage = '';
  try {
    ui.verification = await ipc.verify((p) => {
      const within = p.total === 0 ? 1 : p.done / p.total;
      ui.verified = (p.pass - 1 + within) / p.passes;
      ui.verifyingStage = p.stage;
    });
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
    ui.view = 'week';
    logView.selected = null;
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
  app.extra = {};
  clearJudgements();
  app.week = '';
  app.revision = 0;
  app.failure = null;
  wanted.clear();
  remindedFor = null;
  Object.assign(ui, {
    view: 'week',
    procedureTab: 'procedures',
    requestsTab: 'requests',
    selected: null,
    highlight: null,
    showVoided: false,
    dialog: null,
    palette: false,
    help: false,
    notice: null,
    verification: null,
    verifying: false,
    verified: 0,
    verifyingStage: '',
    choosingIdentity: false,
    searchFocus: 0,
    workaroundFilter: { week: '', procedure: '', person: '' },
    flagFilter: 'open',
    flagJump: null,
    reportWeek: '',
    reportEdition: 'client',
  });
}
