// The cadence timeline's geometry and words: where each update falls on a
// time axis, which stretches were within the cadence owed and which past it.

import type { CadenceLine } from './ipc';
import { addDays, daysBetween, formatDay, localDay } from './time';
import { plural } from './words';

export interface Span {
  from: number;
  to: number;
  past: boolean;
}

export interface Track {
  line: CadenceLine;
  /** Update instants as fractions of the axis (0–1). */
  ticks: { x: number; at: string }[];
  spans: Span[];
  status: string;
  overdue: boolean;
}

const DAY = 86400000;

/** Lays each stakeholder's updates over the `days` days ending at `now`. */
export function tracks(lines: CadenceLine[], now: Date, days: number, timeZone: string): Track[] {
  const end = now.getTime();
  const start = end - days * DAY;
  const x = (t: number) => Math.min(1, Math.max(0, (t - start) / (end - start)));
  return lines.map((line) => {
    const times = line.updates.map((u) => new Date(u).getTime()).filter((t) => t <= end).sort((a, b) => a - b);
    const spans: Span[] = [];
    const cadence = line.cadence_days * DAY;
    const from = times;
    for (let i = 0; i < from.length; i++) {
      const next = i + 1 < from.length ? from[i + 1] : end;
      const due = from[i] + cadence;
      if (next <= start) continue;
      spans.push({ from: x(from[i]), to: x(Math.min(next, due)), past: false });
      if (next > due) spans.push({ from: x(due), to: x(next), past: true });
    }
    if (from.length === 0) spans.push({ from: 0, to: 1, past: true });
    const ticks = times.filter((t) => t >= start).map((t) => ({ x: x(t), at: new Date(t).toISOString() }));
    const last = times[times.length - 1];
    let status: string;
    let overdue = false;
    if (last === undefined) {
      status = 'no update recorded';
      overdue = true;
    } else {
      const since = daysBetween(new Date(last), now, timeZone);
      const left = line.cadence_days - since;
      const lastDay = formatDay(localDay(new Date(last), timeZone), now, timeZone);
      if (left < 0) {
        overdue = true;
        status = `last ${lastDay} · overdue by ${plural(-left, 'day')}`;
      } else {
        const dueDay = formatDay(addDays(localDay(new Date(last), timeZone), line.cadence_days), now, timeZone);
        status = left === 0 ? `last ${lastDay} · due today` : `last ${lastDay} · due ${dueDay}`;
      }
    }
    return { line, ticks, spans: spans.filter((s) => s.to > s.from), status, overdue };
  });
}

/** Mondays on the axis, as fractions, with a short label ("16 Nov"). */
export function weekMarks(now: Date, days: number, timeZone: string): { x: number; label: string }[] {
  const end = now.getTime();
  const start = end - days * DAY;
  const marks: { x: number; label: string }[] = [];
  let day = localDay(new Date(start), timeZone);
  for (let i = 0; i <= days; i++, day = addDays(day, 1)) {
    const at = new Date(`${day}T12:00:00Z`);
    if (at.getUTCDay() !== 1) continue;
    const t = new Date(`${day}T00:00:00Z`).getTime();
    if (t < start || t > end) continue;
    marks.push({ x: (t - start) / (end - start), label: formatDay(day, now, timeZone).replace(/^\w+ /, '') });
  }
  return marks;
}
