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

function parse(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "Tue 17 Nov 2026, 16:45" in `timeZone`; the input unchanged when it is not an instant. */
export function formatInstant(iso: string, timeZone: string): string {
  const d = parse(iso);
  if (!d) return iso;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatter(timeZone).formatToParts(d);
  } catch {
    parts = formatter('UTC').formatToParts(d);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')}`;
}

/** The UTC instant, for a tooltip: "2026-11-17 15:45:00 UTC". */
export function utcTitle(iso: string): string {
  const d = parse(iso);
  if (!d) return iso;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
