// What is owed this week: open commitments due by the end of the week (or
// overdue), and stakeholders near or past the update cadence they are owed.

import type { EntityRow } from './ipc';
import { daysFrom } from './time';

export interface Commitment {
  communication: EntityRow;
  id: string;
  type: string;
  text: string;
  owner: string;
  due: string;
  /** Days past due (0 or less: not overdue). */
  late: number;
}

/** Open agreements and action items of live communications due on or before `until`, the most overdue first. */
export function commitmentsDue(communications: EntityRow[], today: string, until: string): Commitment[] {
  const out: Commitment[] = [];
  for (const c of communications) {
    if (c.voided) continue;
    const items = (Array.isArray(c.data.items) ? c.data.items : []) as Record<string, unknown>[];
    for (const i of items) {
      const type = String(i.type ?? '');
      const due = typeof i.due === 'string' ? i.due : '';
      if ((type !== 'agreement' && type !== 'action') || !due || (i.status ?? 'open') !== 'open' || due > until) continue;
      out.push({
        communication: c,
        id: String(i.id ?? ''),
        type,
        text: String(i.text ?? ''),
        owner: String(i.owner ?? ''),
        due,
        late: daysFrom(due, today),
      });
    }
  }
  return out.sort((a, b) => a.due.localeCompare(b.due) || a.text.localeCompare(b.text));
}
