// A matter's dossier: its file names, its formats, and the dossiers issued of a matter.

import type { DossierFormat, Edition, EntityRow } from './ipc';
import { REPORT_FORMATS, type Named } from './words';

const DOSSIER_FORMAT_VALUES: readonly string[] = ['html', 'pdf', 'md', 'json'] satisfies DossierFormat[];

/** HTML, PDF, Markdown and JSON, with the core's labels, in its order. */
export const DOSSIER_FORMATS: readonly Named[] = REPORT_FORMATS.filter((f) => DOSSIER_FORMAT_VALUES.includes(f.value));

/**
 * A name as a file name's stem, as the core makes it: lower-case, every run of
 * characters other than letters and digits one "-", none at either end
 * ("Invoice cut-off" → "invoice-cut-off"); "matter" when nothing is left.
 */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .split(/[^\p{Alphabetic}\p{N}]+/u)
      .filter(Boolean)
      .join('-') || 'matter'
  );
}

/** "invoice-cut-off-client-dossier.pdf" from the matter's name. */
export function dossierFileName(matter: string, edition: Edition, format: DossierFormat): string {
  return `${slug(matter)}-${edition}-dossier.${format}`;
}

/** Whether an issued record is a dossier of the matter `matter` (its key). */
export function isDossierOf(row: EntityRow, matter: string): boolean {
  return row.kind === 'issued_report' && row.data.document === 'dossier' && row.data.subject === matter;
}

/** The live dossiers issued of the matter `matter`, the latest first. */
export function issuedDossiers(rows: readonly EntityRow[], matter: string): EntityRow[] {
  return rows.filter((r) => !r.voided && isDossierOf(r, matter)).sort((a, b) => b.recorded_at.localeCompare(a.recorded_at));
}
