// The orders lists of entries are shown in: by label, or by one of their date fields, newest or earliest first.
import type { EntityRow } from './ipc';

const text = (v: unknown) => (typeof v === 'string' ? v : '');

export const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);

/** Newest first by an ISO date field (a missing one last). */
export const newestFirst = (field: string) => (a: EntityRow, b: EntityRow) => text(b.data[field]).localeCompare(text(a.data[field]));

/** Earliest first by an ISO date field (a missing one first). */
export const earliestFirst = (field: string) => (a: EntityRow, b: EntityRow) => text(a.data[field]).localeCompare(text(b.data[field]));
