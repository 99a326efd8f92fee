// The one door to the Rust side: every command of docs/ipc.md, typed.
// Every rejection is normalised into an AppError.

import { Channel, invoke } from '@tauri-apps/api/core';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { open, save } from '@tauri-apps/plugin-dialog';
import type { Kind } from './model.gen';

export type { Kind };

export interface EntityRow {
  key: string;
  kind: Kind;
  version: number;
  voided: boolean;
  recorded_at: string;
  label: string;
  data: Record<string, unknown>;
}

export interface HistoryEntry {
  seq: number;
  kind: Kind;
  key: string;
  version: number;
  action: 'create' | 'amend' | 'void';
  recorded_at: string;
  actor: string;
  actor_name: string;
  reason?: string;
  data?: Record<string, unknown>;
}

export interface Checkpoint {
  seq: number;
  hash: string;
}

export interface Identity {
  key: string;
  name: string;
}

export interface AppState {
  db_path: string;
  engagement: EntityRow | null;
  identity: Identity | null;
  recent: string[];
  head: Checkpoint | null;
}

export interface FieldError {
  entity: string;
  field: string;
  message: string;
}

export type ErrorKind =
  | 'invalid'
  | 'not_found'
  | 'refused'
  | 'denied'
  | 'conflict'
  | 'busy'
  | 'damaged'
  | 'disk_full'
  | 'too_new'
  | 'document'
  | 'no_identity'
  | 'mail'
  | 'internal';

/** A change based on a version that is no longer current (`kind: 'conflict'`). */
export interface ConflictInfo {
  entity: string;
  base: number;
  current: number;
  changed_by: string;
  changed_by_name: string;
  changed_at: string;
}

export interface AppError {
  kind: ErrorKind;
  message: string;
  /** For a conflict: the fields that changed since the base, each with who changed it. */
  fields: FieldError[];
  conflict?: ConflictInfo;
}

export interface Finding {
  event: number | null;
  entity: string | null;
  message: string;
}

export interface Verification {
  events: number;
  entities: number;
  head: Checkpoint | null;
  findings: Finding[];
}

/** How far verifying has come: `done` of `total` in pass `pass` of `passes`, which checks `stage` ("the chain"). */
export interface VerifyProgress {
  pass: number;
  passes: number;
  stage: string;
  done: number;
  total: number;
}

export interface Newcomer {
  providerName: string;
  departmentName: string;
  name: string;
  email: string;
}

const ERROR_KINDS: readonly ErrorKind[] = [
  'invalid',
  'not_found',
  'refused',
  'conflict',
  'busy',
  'damaged',
  'disk_full',
  'too_new',
  'document',
  'no_identity',
  'mail',
  'internal',
];

function conflictOf(o: Record<string, unknown>): ConflictInfo | undefined {
  if (o.kind === 'conflict' && typeof o.conflict === 'object' && o.conflict !== null) return conflictOf({ kind: 'conflict', ...o.conflict });
  if (o.kind !== 'conflict' || typeof o.entity !== 'string' || typeof o.base !== 'number' || typeof o.current !== 'number') return undefined;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    entity: o.entity,
    base: o.base,
    current: o.current,
    changed_by: text(o.changed_by),
    changed_by_name: text(o.changed_by_name) || text(o.changed_by),
    changed_at: text(o.changed_at),
  };
}

function isFieldError(x: unknown): x is FieldError {
  if (typeof x !== 'object' || x === null) return false;
  const f = x as Record<string, unknown>;
  return typeof f.field === 'string' && typeof f.message === 'string';
}

/** Whatever a command rejected with, as an AppError. */
export function toAppError(e: unknown): AppError {
  if (typeof e === 'object' && e !== null && !(e instanceof Error)) {
    const o = e as Record<string, unknown>;
    if (typeof o.message === 'string') {
      const kind = ERROR_KINDS.includes(o.kind as ErrorKind) ? (o.kind as ErrorKind) : 'internal';
      const fields = Array.isArray(o.fields)
        ? o.fields
            .filter(isFieldError)
            .map((f) => ({ entity: typeof f.entity === 'string' ? f.entity : '', field: f.field, message: f.message }))
        : [];
      const conflict = conflictOf(o);
      return conflict ? { kind, message: o.message, fields, conflict } : { kind, message: o.message, fields };
    }
  }
  if (e instanceof Error) return { kind: 'internal', message: e.message || e.name, fields: [] };
  if (typeof e === 'string' && e.trim() !== '') return { kind: 'internal', message: e, fields: [] };
  return { kind: 'internal', message: 'Something went wrong, and the app was not told what.', fields: [] };
}

export function isAppError(e: unknown): e is AppError {
  if (typeof e !== 'object' || e === null) return false;
  const o = e as Record<string, unknown>;
  return ERROR_KINDS.includes(o.kind as ErrorKind) && typeof o.message === 'string' && Array.isArray(o.fields);
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export const appState = () => call<AppState>('app_state');
export const createEngagement = (data: Record<string, unknown>) => call<AppState>('create_engagement', { data });
export const loadDemo = () => call<AppState>('load_demo');
export const bootstrapIdentity = (who: Newcomer) => call<AppState>('bootstrap_identity', { ...who });
export const setIdentity = (key: string) => call<AppState>('set_identity', { key });
export const openDatabase = (path: string) => call<AppState>('open_database', { path });
export const list = (kind: Kind, includeVoided: boolean) => call<EntityRow[]>('list', { kind, includeVoided });
export const get = (key: string) => call<EntityRow>('get', { key });
export const history = (key: string) => call<HistoryEntry[]>('history', { key });
export const create = (kind: Kind, data: Record<string, unknown>) => call<EntityRow>('create', { kind, data });
/** The top-level fields whose values differ from `before` to `after` (`null`: no longer there). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) if (JSON.stringify(before[k]) !== JSON.stringify(v)) out[k] = v;
  for (const k of Object.keys(before)) if (!(k in after)) out[k] = null;
  return out;
}

/** Amends `fields` (`null` clears one) of the entry, based on version `base`. */
export const amendFields = (key: string, base: number, fields: Record<string, unknown>, reason: string) =>
  call<EntityRow>('amend', { key, base, fields, reason });
/** Amends `row` (as read) to `data`: sends its version and the changed fields only. */
export const amend = (row: EntityRow, data: Record<string, unknown>, reason: string) =>
  amendFields(row.key, row.version, changedFields(row.data, data), reason);
/** Voids `row` as read; a conflict if it changed since. */
export const voidEntry = (row: EntityRow, reason: string) => call<EntityRow>('void_entry', { key: row.key, base: row.version, reason });
/** Verifies the record; `progress` hears how far it has come (pass 1, the chain; pass 2, the tables). */
export function verify(progress: (p: VerifyProgress) => void): Promise<Verification> {
  const onProgress = new Channel<VerifyProgress>();
  onProgress.onmessage = progress;
  return call<Verification>('verify', { onProgress });
}
export const backup = (path: string) => call<null>('backup', { path });

export interface LogFilter {
  person?: string;
  department?: string;
  party?: string;
  kind?: string;
  channel?: string;
  week?: string;
}

export interface LogPage {
  total: number;
  offset: number;
  rows: EntityRow[];
}

/** A search result; the matches in `snippet` sit between \u0002 and \u0003. */
export interface Hit {
  key: string;
  kind: Kind;
  title: string;
  snippet: string;
}

/** An imported e-mail's body; `html` is sanitised and may only be shown in a sandboxed frame. */
export interface MessageBody {
  text: string;
  html: string | null;
}

export interface ImportProgress {
  file: string;
  done: number;
  total: number;
}

export interface Refusal {
  file: string;
  at: number | null;
  reason: string;
}

export interface ImportReport {
  file: string;
  sha256: string;
  imported: string[];
  amended: string[];
  already_present: number;
  refused: Refusal[];
  file_refused: boolean;
  note?: string;
}

export interface Unmatched {
  address: string;
  communications: number;
}

export interface Subject {
  type: string;
  key: string;
  label: string;
}

export type Severity = 'high' | 'medium' | 'low';
export type FlagState = 'open' | 'acknowledged' | 'resolved';

/** Where a flag left unresolved past the agreed escalation window goes next (the rules of engagement). */
export interface Escalation {
  /** The level reached: 2 is the first above the day-to-day one. */
  level: number;
  /** "Grace Kim (Brightline Management)", when the level names a provider person. */
  provider: string | null;
  /** The client's person at that level, when named. */
  client: string | null;
  /** The clause it rests on, in words. */
  clause: string;
}

export interface Flag {
  id: string;
  rule: string;
  severity: Severity;
  message: string;
  subjects: Subject[];
  evidence: Subject[];
  since: string;
  state: FlagState;
  note: string | null;
  /** The rules-of-engagement clause its threshold rests on, when it does ("Cadence owed to Maria Lopez: weekly (rules of engagement edition 2, …)"). */
  clause?: string;
  /** Present once the flag is unresolved past the agreed escalation window. */
  escalation?: Escalation;
}

/** Where a stakeholder stands against their cadence (the core's judgement; `update-gap` flags exactly the overdue ones). */
export type CadenceState = 'on_track' | 'due_soon' | 'overdue';

/** One stretch between updates: from an update (or from when the stakeholder was added) until the next update or now. */
export interface Stretch {
  from: string;
  /** When the next update fell due (the end of that local day). */
  due: string;
  until: string;
}

/** A key stakeholder (a client or third-party person) or a client department, and the updates they are owed. */
export interface Owed {
  subject: Subject & { type: 'person' | 'department' };
  /** "Maria Lopez (Northwind Foods Finance)" or "Northwind Foods Finance". */
  name: string;
  cadence_days: number;
  last_update: string | null;
  last_communication: string | null;
  /** When the stakeholder was first recorded. */
  added: string;
  /** The end of the local day by which the next update is owed (the first instant after it). */
  due: string;
  /** That local day, YYYY-MM-DD. */
  due_day: string;
  /** Local days since the last update (or since being added). */
  days_since: number;
  /** Local days to the due day: 0 on it, negative once overdue. */
  days_left: number;
  state: CadenceState;
  /** Every update up to now, oldest first. */
  updates: string[];
  stretches: Stretch[];
}

/** An open agreement or action item with a due day. */
export interface Commitment {
  /** The communication it was made in, and its subject. */
  communication: string;
  source: string;
  /** The item's id within the communication. */
  id: string;
  type: 'agreement' | 'action';
  text: string;
  owner: string | null;
  /** The owner's name, or "" when nobody owns it. */
  owner_name: string;
  /** The local due day "2026-11-20". */
  due: string;
  /** The end of the due day (the first instant after it). */
  due_end: string;
  /** Local days past the due day: 0 on it, negative before it. */
  days_late: number;
  /** Whether the due day has ended. */
  overdue: boolean;
}

export type Tone = 'ok' | 'warn' | 'neutral';

/** One standing, in the core's words. */
export interface Judged {
  tone: Tone;
  text: string;
}

/** Where a workaround (approval, client), request (management, client) or incident (client) stands. */
export interface Standing {
  approval?: Judged;
  management?: Judged;
  client?: Judged;
}

/** One clause of an edition of the rules of engagement, in the core's words. */
export interface Clause {
  /** "Update cadence". */
  title: string;
  /** "Maria Lopez (Northwind Foods Finance): weekly; …". */
  text: string;
}

/** Where an edition of the rules of engagement stands, in words. */
export type PageState = 'in force' | 'superseded' | 'sent, awaiting confirmation' | 'draft';

/** One edition of the rules of engagement as a page reads it. */
export interface Page {
  key: string;
  edition: number;
  state: PageState;
  /** 'Sent in "Steering call #4" on 1 Oct 2026; confirmed by Maria Lopez (…) on 2 Oct 2026', or 'Not sent yet'. */
  standing: string;
  /** The clauses it sets; those it leaves empty are not listed. */
  clauses: Clause[];
  /** Internal only: never shown to the client. */
  internal_note: string;
}

/** Every edition of the rules of engagement, latest first, and what the next draft starts from. */
export interface Agreements {
  pages: Page[];
  /** The data (of kind `rules`) a new draft starts from, its edition number set; null while a draft is open. */
  next: Record<string, unknown> | null;
}

export type Edition = 'client' | 'internal';
export type ReportFormat = 'html' | 'pdf' | 'md' | 'xlsx' | 'csv' | 'json';

export const logList = (filter: LogFilter, offset: number, limit: number) => call<LogPage>('log_list', { filter, offset, limit });
export const search = (query: string, limit: number) => call<Hit[]>('search', { query, limit });
export const messageBody = (key: string) => call<MessageBody>('message_body', { key });
export const cancelImport = () => call<null>('cancel_import');
export const unmatched = () => call<Unmatched[]>('unmatched');
export const mapAddress = (address: string, person: string | null) => call<number>('map_address', { address, person });
export const annotateFlag = (id: string, resolve: boolean, note: string) => call<Flag[]>('annotate_flag', { id, resolve, note });
/** Everything the core judges as of now, from one reading of the record. */
export interface Judgements {
  flags: Flag[];
  /** Every stakeholder owed updates. */
  cadence: Owed[];
  /** The open commitments due on or before `until`, overdue ones included, earliest due first (none without `until`). */
  commitments: Commitment[];
  /** Where every live workaround, request and incident stands, by key. */
  standings: Record<string, Standing>;
}
/** The core's judgements as of now; `until` is a local day ("2026-11-22") for the commitments due. */
export const judgements = (until: string | null) => call<Judgements>('judgements', { until });
/** Every edition of the rules of engagement as of now, and the data the next draft starts from. */
export const agreements = () => call<Agreements>('agreements');
export const checkReminders = (opening: boolean) => call<number>('check_reminders', { opening });
export const currentWeek = () => call<string>('current_week');
export const reportPreview = (week: string, edition: Edition) => call<string>('report_preview', { week, edition });
export const reportExport = (week: string, edition: Edition, format: ReportFormat, path: string) =>
  call<string[]>('report_export', { week, edition, format, path });
export const reportIssue = (week: string, edition: Edition, format: ReportFormat, path: string, recipients: string[]) =>
  call<string>('report_issue', { week, edition, format, path, recipients });

/** What a matter's dossier can be written as: one document each (no spreadsheet, no folder). */
export type DossierFormat = Extract<ReportFormat, 'html' | 'pdf' | 'md' | 'json'>;

/** A matter's dossier for the preview frame: `html` is self-contained (inline CSS, no scripts) and may only be shown in a sandboxed frame. */
export interface DossierPreview {
  html: string;
  /** "10 entries on record about Invoice cut-off from … : 3 instructions, …". */
  summary: string;
  /** The matter's name. */
  matter: string;
}

/** The dossier of the matter `matter` (its key). */
export const dossierPreview = (matter: string, edition: Edition) => call<DossierPreview>('dossier_preview', { matter, edition });
/** Writes the dossier to `path`; resolves with the path written. */
export const dossierExport = (matter: string, edition: Edition, format: DossierFormat, path: string) =>
  call<string>('dossier_export', { matter, edition, format, path });
/** Writes the dossier to `path` and records it as sent to `recipients` (people's keys or names); resolves with the issued record's key. */
export const dossierIssue = (matter: string, edition: Edition, format: DossierFormat, path: string, recipients: string[]) =>
  call<string>('dossier_issue', { matter, edition, format, path, recipients });

/** What an account's watcher is doing now (docs/ipc.md `MailActivity`). */
export type MailActivity =
  | { state: 'connecting' }
  | { state: 'syncing'; folder: string; done: number; total: number }
  | { state: 'watching'; imported: number }
  | { state: 'retrying'; error: string; retry_seconds: number }
  | { state: 'stopped'; error: string };

/** A mail account of this machine with how its syncing goes (docs/ipc.md `MailAccountView`). */
export interface MailAccountView {
  name: string;
  host: string;
  port: number;
  security: 'tls' | 'plain';
  user: string;
  folders: string[];
  synced_at: string | null;
  error: string | null;
  taken: number;
  password_kept: boolean;
  password_place: string;
  activity: MailActivity | null;
}

export interface NewMailAccount {
  name: string;
  host: string;
  port: number | null;
  security: 'tls' | 'plain';
  user: string;
  folders: string[];
}

/** A Microsoft 365 account, signed in to in the browser (docs/ipc.md `NewOAuthAccount`). */
export interface NewOAuthAccount {
  name: string;
  client_id: string;
  tenant: string | null;
  user: string | null;
  folders: string[];
}

export const mailAccounts = () => call<MailAccountView[]>('mail_accounts');
export const mailAccountAdd = (account: NewMailAccount, password: string) => call<MailAccountView[]>('mail_account_add', { account, password });
export const mailAccountRemove = (name: string) => call<MailAccountView[]>('mail_account_remove', { name });
export const mailAccountSignIn = (account: NewOAuthAccount) => call<MailAccountView[]>('mail_account_sign_in', { account });
export const mailSyncNow = (name: string) => call<MailAccountView[]>('mail_sync_now', { name });

/** Imports files; `progress` hears of each file's messages as they are processed. */
export function importFiles(paths: string[], progress: (p: ImportProgress) => void): Promise<ImportReport[]> {
  const onProgress = new Channel<ImportProgress>();
  onProgress.onmessage = progress;
  return call<ImportReport[]>('import_files', { paths, onProgress });
}

export type DropEvent = { type: 'over' } | { type: 'drop'; paths: string[] } | { type: 'leave' };

/** Hears files dragged over and dropped on the window; resolves with a function that stops listening. */
export async function onFileDrop(handler: (e: DropEvent) => void): Promise<() => void> {
  return getCurrentWebview().onDragDropEvent((event) => {
    const p = event.payload;
    if (p.type === 'drop') handler({ type: 'drop', paths: p.paths });
    else if (p.type === 'leave') handler({ type: 'leave' });
    else handler({ type: 'over' });
  });
}

const IMPORT_FILTERS = [{ name: 'Mail and calendars', extensions: ['eml', 'mbox', 'msg', 'ics', 'csv'] }];

/** Asks for files to import; an empty list when cancelled. */
export async function pickImportFiles(): Promise<string[]> {
  try {
    const chosen = await open({ title: 'Import mail, calendars or a CSV log', multiple: true, directory: false, filters: IMPORT_FILTERS });
    if (Array.isArray(chosen)) return chosen;
    return typeof chosen === 'string' ? [chosen] : [];
  } catch (e) {
    throw toAppError(e);
  }
}

/** Asks where to write a report (or a dossier: `title` says which); null when cancelled. */
export async function pickReportPath(suggested: string, format: ReportFormat, title = 'Write the report to…'): Promise<string | null> {
  try {
    return await save({ title, defaultPath: suggested, filters: [{ name: format.toUpperCase(), extensions: [format] }] });
  } catch (e) {
    throw toAppError(e);
  }
}

/** Asks for a folder (a CSV report is a folder of files); null when cancelled. */
export async function pickFolder(title: string): Promise<string | null> {
  try {
    const chosen = await open({ title, directory: true, multiple: false });
    return typeof chosen === 'string' ? chosen : null;
  } catch (e) {
    throw toAppError(e);
  }
}

const DATABASE_FILTERS = [{ name: 'Candor database', extensions: ['db', 'candor', 'sqlite'] }];

/** Asks for a database file to open (or create); null when cancelled. */
export async function pickDatabase(): Promise<string | null> {
  try {
    const chosen = await open({ title: 'Open a Candor database', multiple: false, directory: false, filters: DATABASE_FILTERS });
    return typeof chosen === 'string' ? chosen : null;
  } catch (e) {
    throw toAppError(e);
  }
}

/** Asks where to write a backup; null when cancelled. */
export async function pickBackupPath(suggested: string): Promise<string | null> {
  try {
    return await save({ title: 'Back up the record to…', defaultPath: suggested, filters: DATABASE_FILTERS });
  } catch (e) {
    throw toAppError(e);
  }
}
