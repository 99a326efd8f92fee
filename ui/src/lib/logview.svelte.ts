// What the Log view shows: its filters, its scroll position, the open entry and
// the search. Kept here, outside the view, so that coming back finds it as it was,
// and in session storage so that a reload does too.

import * as ipc from './ipc';
import type { LogFilter } from './ipc';
import { LogPages } from './logpages.svelte';

export const FILTER_FIELDS = ['person', 'department', 'party', 'kind', 'channel', 'week'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export interface LogViewState {
  filter: LogFilter;
  scrollTop: number;
  selected: string | null;
  query: string;
}

const STORAGE_KEY = 'candor-log-view';

export const logView: LogViewState = $state({ filter: {}, scrollTop: 0, selected: null, query: '' });

/** The filter without empty fields (what log_list is sent). */
export function cleanFilter(filter: LogFilter): LogFilter {
  const out: LogFilter = {};
  for (const f of FILTER_FIELDS) {
    const v = filter[f];
    if (typeof v === 'string' && v !== '') out[f] = v;
  }
  return out;
}

export function activeFilters(filter: LogFilter): number {
  return Object.keys(cleanFilter(filter)).length;
}

/** Changes one filter; the list starts again from the top. */
export function setFilter(field: FilterField, value: string, storage?: Storage): void {
  logView.filter = cleanFilter({ ...logView.filter, [field]: value });
  logView.scrollTop = 0;
  if (storage) persistLogView(storage);
}

export function clearFilters(storage?: Storage): void {
  logView.filter = {};
  logView.scrollTop = 0;
  if (storage) persistLogView(storage);
}

export function persistLogView(storage: Storage): void {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify({ filter: cleanFilter(logView.filter), scrollTop: logView.scrollTop, selected: logView.selected }));
  } catch {
    return;
  }
}

/** Takes back what was persisted; anything unreadable is ignored. */
export function restoreLogView(storage: Storage): void {
  let saved: Partial<LogViewState>;
  try {
    saved = JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}') as Partial<LogViewState>;
  } catch {
    return;
  }
  if (saved.filter && typeof saved.filter === 'object') logView.filter = cleanFilter(saved.filter);
  if (typeof saved.scrollTop === 'number' && saved.scrollTop >= 0) logView.scrollTop = saved.scrollTop;
  if (typeof saved.selected === 'string' || saved.selected === null) logView.selected = saved.selected ?? null;
}

export function resetLogView(): void {
  logView.filter = {};
  logView.scrollTop = 0;
  logView.selected = null;
  logView.query = '';
}

/** The Log's pages, kept while the app runs. */
export const logPages = new LogPages(ipc.logList);
