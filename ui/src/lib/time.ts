// Instants are stored in UTC and shown in the engagement's time zone, with the weekday.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The browser's own IANA time zone, for when no engagement says otherwise. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Whether `timeZone` is an IANA zone this browser knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Reads the parts of `d` as shown in `timeZone` (in UTC when the zone is unknown): `part('weekday')` is "Tue". */
function partsIn(d: Date, timeZone: string): (type: Intl.DateTimeFormatPartTypes) => string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatter(timeZone).formatToParts(d);
  } catch {
    parts = formatter('UTC').formatToParts(d);
  }
  return (type) => parts.find((p) => p.type === type)?.value ?? '';
}

function parse(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "Tue 17 Nov 2026, 16:45" in `timeZone`; the input unchanged when it is not an instant. */
export function formatInstant(iso: string, timeZone: string): string {
  const d = parse(iso);
  if (!d) return iso;
  const part = partsIn(d, timeZone);
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')}`;
}

/** The UTC instant, for a tooltip: "2026-11-17 15:45:00 UTC". */
export function utcTitle(iso: string): string {
  const d = parse(iso);
  if (!d) return iso;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: string;
  monthName: string;
}

/** The wall-clock parts of an instant in `timeZone`. */
export function localParts(d: Date, timeZone: string): LocalParts {
  const part = partsIn(d, timeZone);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return {
    year: Number(part('year')),
    month: months.indexOf(part('month')) + 1,
    day: Number(part('day')),
    hour: Number(part('hour')) % 24,
    minute: Number(part('minute')),
    weekday: part('weekday'),
    monthName: part('month'),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "Tue 17 Nov, 16:45" in `timeZone`, with the year only when it is not the year of `now`. */
export function formatShort(iso: string, timeZone: string, now: Date = new Date()): string {
  const d = parse(iso);
  if (!d) return iso;
  const p = localParts(d, timeZone);
  const year = p.year === localParts(now, timeZone).year ? '' : ` ${p.year}`;
  return `${p.weekday} ${p.day} ${p.monthName}${year}, ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "Thu 15 Oct": the local day of an instant. */
export function formatDayOf(iso: string, timeZone: string, now: Date = new Date()): string {
  const d = parse(iso);
  if (!d) return iso;
  return formatDay(localDay(iso, timeZone), now, timeZone);
}

/** "Fri 20 Nov" for a day "2026-11-20" (the year added when it is not this year). */
export function formatDay(day: string, now: Date = new Date(), timeZone = 'UTC'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  const p = localParts(d, 'UTC');
  const year = p.year === localParts(now, timeZone).year ? '' : ` ${p.year}`;
  return `${p.weekday} ${p.day} ${p.monthName}${year}`;
}

/** The local day "2026-11-17" of an instant in `timeZone`. */
export function localDay(iso: string | Date, timeZone: string): string {
  const d = typeof iso === 'string' ? parse(iso) : iso;
  if (!d) return '';
  const p = localParts(d, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** An instant as a datetime-local input value in `timeZone`: "2026-11-17T16:45". */
export function toLocalInput(iso: string | Date, timeZone: string): string {
  const d = typeof iso === 'string' ? parse(iso) : iso;
  if (!d) return '';
  const p = localParts(d, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

function offsetAt(utcMs: number, timeZone: string): number {
  const p = localParts(new Date(utcMs), timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(utcMs / 60000) * 60000;
}

/** A datetime-local value read as wall-clock time in `timeZone`, as an RFC 3339 UTC instant; null when unreadable. */
export function fromLocalInput(value: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(wall)) return null;
  let utc = wall - offsetAt(wall, timeZone);
  const second = offsetAt(utc, timeZone);
  if (wall - second !== utc) utc = wall - second;
  return new Date(utc).toISOString();
}

function dayNumber(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86400000 : NaN;
}

function dayOfNumber(n: number): string {
  return new Date(n * 86400000).toISOString().slice(0, 10);
}

// How many days lie between two moments of the record (due? late? within a threshold?) is the
// core's to count (docs/ipc.md: cadence, commitments_due, standings); the calendar here only
// names days and weeks and steps through them for display.

/** A calendar day moved by `n` days (stepping through weeks and chart axes). */
export function addDays(day: string, n: number): string {
  return dayOfNumber(dayNumber(day) + n);
}

/** The ISO week "2026-W47" a local day falls in. */
export function isoWeekOfDay(day: string): string {
  const n = dayNumber(day);
  const weekday = (new Date(n * 86400000).getUTCDay() + 6) % 7;
  const thursday = n - weekday + 3;
  const year = new Date(thursday * 86400000).getUTCFullYear();
  const firstThursday = dayNumber(`${year}-01-04`);
  const firstMonday = firstThursday - ((new Date(firstThursday * 86400000).getUTCDay() + 6) % 7);
  return `${year}-W${pad(Math.floor((n - weekday - firstMonday) / 7) + 1)}`;
}

/** The ISO week of an instant in `timeZone`. */
export function weekOf(iso: string | Date, timeZone: string): string {
  return isoWeekOfDay(localDay(iso, timeZone));
}

/** The Monday and Sunday of an ISO week; null when it is not one. */
export function weekDays(week: string): { first: string; last: string } | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return null;
  const jan4 = dayNumber(`${m[1]}-01-04`);
  const monday = jan4 - ((new Date(jan4 * 86400000).getUTCDay() + 6) % 7) + (Number(m[2]) - 1) * 7;
  return { first: dayOfNumber(monday), last: dayOfNumber(monday + 6) };
}

/** The ISO week `n` weeks after `week`. */
export function shiftWeek(week: string, n: number): string {
  const days = weekDays(week);
  return days ? isoWeekOfDay(addDays(days.first, 7 * n)) : week;
}

/** "Mon 16 Nov – Sun 22 Nov 2026". */
export function weekLabel(week: string): string {
  const days = weekDays(week);
  if (!days) return week;
  const year = days.last.slice(0, 4);
  const fixed = new Date(`${year}-06-01T00:00:00Z`);
  return `${formatDay(days.first, fixed)} – ${formatDay(days.last, fixed)} ${year}`;
}
