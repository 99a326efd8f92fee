// The cadence timeline's drawing and words. Everything judged — when an update
// fell due, whether a stakeholder is overdue, how many days are left — is the
// core's (`Owed` from the `cadence` command); this only maps its instants onto
// a time axis and puts its numbers into words.

import type { Owed } from './ipc';
import { addDays, formatDay, formatDayOf, localDay } from './time';
import { plural } from './words';

/** A time axis from `start` to `end` (milliseconds since the epoch). */
export interface Axis {
  start: number;
  end: number;
}

export interface Span {
  from: number;
  to: number;
  past: boolean;
}

export interface Track {
  owed: Owed;
  /** Update instants as fractions of the axis (0–1). */
  ticks: { x: number; at: string }[];
  spans: Span[];
  status: string;
  overdue: boolean;
}

/** The chart's window: the `weeks` weeks ending at `now` (how much to draw, not a judgement). */
export function axisEnding(now: Date, weeks: number): Axis {
  const end = now.getTime();
  const start = new Date(now);
  start.setUTCDate(start.getUTCDate() - 7 * weeks);
  return { start: start.getTime(), end };
}

/** Where an instant falls on the axis, as a fraction clamped to 0–1. */
export function place(axis: Axis, iso: string | number): number {
  const t = typeof iso === 'number' ? iso : Date.parse(iso);
  return Math.min(1, Math.max(0, (t - axis.start) / (axis.end - axis.start)));
}

/**
 * A stakeholder's lane: each of the core's stretches is within cadence from
 * `from` until `due` (or `until`, when the next update came first) and past
 * cadence from `due` to `until` when `until` is later.
 */
export function track(owed: Owed, axis: Axis, timeZone: string, now: Date): Track {
  const x = (iso: string) => place(axis, iso);
  const spans: Span[] = [];
  for (const s of owed.stretches) {
    const late = Date.parse(s.until) > Date.parse(s.due);
    spans.push({ from: x(s.from), to: x(late ? s.due : s.until), past: false });
    if (late) spans.push({ from: x(s.due), to: x(s.until), past: true });
  }
  const ticks = owed.updates
    .filter((u) => Date.parse(u) >= axis.start && Date.parse(u) <= axis.end)
    .map((u) => ({ x: x(u), at: u }));
  return { owed, ticks, spans: spans.filter((s) => s.to > s.from), status: status(owed, timeZone, now), overdue: owed.state === 'overdue' };
}

/** "due today", "due in 3 days", "overdue 2 days": the core's `days_left` and `state` in words. */
export function left(owed: Owed): string {
  if (owed.state === 'overdue') return `overdue ${plural(-owed.days_left, 'day')}`;
  if (owed.days_left === 0) return 'due today';
  return owed.days_left === 1 ? 'due tomorrow' : `due in ${plural(owed.days_left, 'day')}`;
}

/** "last Tue 17 Nov", or "added Mon 30 Nov, no update yet". */
export function lastUpdate(owed: Owed, timeZone: string, now: Date): string {
  return owed.last_update ? `last ${formatDayOf(owed.last_update, timeZone, now)}` : `added ${formatDayOf(owed.added, timeZone, now)}, no update yet`;
}

/** "due Fri 20 Nov", "due today", "was due Fri 20 Nov": the core's due instant named. */
export function dueWords(owed: Owed, timeZone: string, now: Date): string {
  if (owed.state !== 'overdue' && owed.days_left === 0) return 'due today';
  return `${owed.state === 'overdue' ? 'was due' : 'due'} ${formatDay(owed.due_day, now, timeZone)}`;
}

/** "last Tue 17 Nov · due Fri 20 Nov", "added Mon 30 Nov, no update yet · overdue 2 days". */
export function status(owed: Owed, timeZone: string, now: Date): string {
  return `${lastUpdate(owed, timeZone, now)} · ${owed.state === 'overdue' ? left(owed) : dueWords(owed, timeZone, now)}`;
}

/** Mondays on the axis, as fractions, with a short label ("16 Nov"): the calendar, drawn. */
export function weekMarks(axis: Axis, timeZone: string, now: Date): { x: number; label: string }[] {
  const marks: { x: number; label: string }[] = [];
  const last = localDay(new Date(axis.end), timeZone);
  for (let day = localDay(new Date(axis.start), timeZone); day <= last; day = addDays(day, 1)) {
    if (new Date(`${day}T12:00:00Z`).getUTCDay() !== 1) continue;
    const t = Date.parse(`${day}T00:00:00Z`);
    if (t < axis.start || t > axis.end) continue;
    marks.push({ x: place(axis, t), label: formatDay(day, now, timeZone).replace(/^\w+ /, '') });
  }
  return marks;
}
