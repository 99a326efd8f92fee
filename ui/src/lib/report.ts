// Names for report files.

import type { Edition, ReportFormat } from './ipc';

/** "northwind-foods-2026-W47-client.pdf" from the engagement's name. */
export function reportFileName(engagement: string, week: string, edition: Edition, format: ReportFormat): string {
  const stem =
    engagement
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
      .slice(0, 3)
      .join('-') || 'report';
  return format === 'csv' ? `${stem}-${week}-${edition}` : `${stem}-${week}-${edition}.${format}`;
}
