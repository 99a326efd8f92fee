import { describe, expect, test } from 'vitest';
import {
  formatDay,
  formatDayOf,
  formatInstant,
  formatShort,
  fromLocalInput,
  isTimeZone,
  shiftWeek,
  toLocalInput,
  utcTitle,
  weekDays,
  weekLabel,
  weekOf,
} from '../../src/lib/time';

describe('formatInstant', () => {
  test.each([
    ['shows the instant in the engagement’s zone, with the weekday', '2026-11-17T15:45:00Z', 'Europe/Madrid', 'Tue 17 Nov 2026, 16:45'],
    ['shows the instant in another zone', '2026-11-17T15:45:00Z', 'America/New_York', 'Tue 17 Nov 2026, 10:45'],
    ['shows the instant in UTC', '2026-11-17T15:45:00Z', 'UTC', 'Tue 17 Nov 2026, 15:45'],
    ['follows daylight saving time', '2026-07-01T08:05:00Z', 'Europe/Madrid', 'Wed 1 Jul 2026, 10:05'],
    ['the local day can be after the UTC day', '2026-11-17T23:30:00Z', 'Asia/Tokyo', 'Wed 18 Nov 2026, 08:30'],
    ['the local day can be before the UTC day', '2026-11-18T00:00:00Z', 'America/Los_Angeles', 'Tue 17 Nov 2026, 16:00'],
    ['midnight reads 00:00, not 24:00', '2026-11-16T23:00:00Z', 'Europe/Madrid', 'Tue 17 Nov 2026, 00:00'],
    ['accepts offsets and fractional seconds', '2026-11-17T16:45:30.123+01:00', 'Europe/Madrid', 'Tue 17 Nov 2026, 16:45'],
    ['falls back to UTC for an unknown zone', '2026-11-17T15:45:00Z', 'Mars/Olympus_Mons', 'Tue 17 Nov 2026, 15:45'],
    ['leaves non-instants as they are', 'not a date', 'Europe/Madrid', 'not a date'],
  ])('%s', (_, iso, zone, shown) => {
    expect(formatInstant(iso, zone)).toBe(shown);
  });
});

describe('utcTitle and isTimeZone', () => {
  test('the tooltip gives the UTC instant', () => {
    expect(utcTitle('2026-11-17T16:45:00+01:00')).toBe('2026-11-17 15:45:00 UTC');
    expect(utcTitle('garbage')).toBe('garbage');
  });

  test('knows IANA zones', () => {
    expect(isTimeZone('Europe/Madrid')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
  });
});

describe('wall-clock input in the engagement’s zone', () => {
  test('reads a datetime-local value as Madrid time, across daylight saving', () => {
    expect(fromLocalInput('2026-11-20T18:00', 'Europe/Madrid')).toBe('2026-11-20T17:00:00.000Z');
    expect(fromLocalInput('2026-07-01T10:05', 'Europe/Madrid')).toBe('2026-07-01T08:05:00.000Z');
    expect(fromLocalInput('2026-11-20 09:00', 'Asia/Tokyo')).toBe('2026-11-20T00:00:00.000Z');
    expect(fromLocalInput('20/11/2026', 'Europe/Madrid')).toBeNull();
    expect(toLocalInput('2026-11-20T17:00:00.000Z', 'Europe/Madrid')).toBe('2026-11-20T18:00');
    expect(toLocalInput('2026-11-20T23:30:00.000Z', 'Europe/Madrid')).toBe('2026-11-21T00:30');
  });

  test('short dates, days and ISO weeks', () => {
    const now = new Date('2026-11-20T17:00:00.000Z');
    expect(formatShort('2026-11-17T15:45:00.000Z', 'Europe/Madrid', now)).toBe('Tue 17 Nov, 16:45');
    expect(formatShort('2025-11-17T15:45:00.000Z', 'Europe/Madrid', now)).toBe('Mon 17 Nov 2025, 16:45');
    expect(formatDay('2026-11-25', now)).toBe('Wed 25 Nov');
    expect(weekOf('2026-11-22T22:30:00.000Z', 'Europe/Madrid')).toBe('2026-W47');
    expect(weekOf('2026-11-22T23:30:00.000Z', 'Europe/Madrid')).toBe('2026-W48');
    expect(weekOf('2027-01-01T12:00:00.000Z', 'UTC')).toBe('2026-W53');
    expect(weekDays('2026-W47')).toEqual({ first: '2026-11-16', last: '2026-11-22' });
    expect(shiftWeek('2026-W01', -1)).toBe('2025-W52');
    expect(shiftWeek('2026-W53', 1)).toBe('2027-W01');
    expect(weekLabel('2026-W47')).toBe('Mon 16 Nov – Sun 22 Nov 2026');
    expect(formatDayOf('2026-11-22T23:30:00.000Z', 'Europe/Madrid', now)).toBe('Mon 23 Nov');
  });
});
