// The one door to the Rust side: every command of docs/ipc.md, typed.
// Every rejection is normalised into an AppError.

import { invoke } from '@tauri-apps/api/core';
import { open, save } from '@tauri-apps/plugin-dialog';

export type Kind = 'engagement' | 'party' | 'department' | 'person' | 'procedure' | 'scope';

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

export type ErrorKind = 'invalid' | 'not_found' | 'refused' | 'too_new' | 'document' | 'no_identity' | 'internal';

export interface AppError {
  kind: ErrorKind;
  message: string;
  fields: FieldError[];
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

export interface Newcomer {
  providerName: string;
  departmentName: string;
  name: string;
  email: string;
}

const ERROR_KINDS: readonly ErrorKind[] = ['invalid', 'not_found', 'refused', 'too_new', 'document', 'no_identity', 'internal'];

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
      return { kind, message: o.message, fields };
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
export const amend = (key: string, data: Record<string, unknown>, reason: string) => call<EntityRow>('amend', { key, data, reason });
export const voidEntry = (key: string, reason: string) => call<EntityRow>('void_entry', { key, reason });
export const verify = () => call<Verification>('verify');
export const backup = (path: string) => call<null>('backup', { path });

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
