import { describe, expect, test } from 'vitest';
import { formatInstant, isTimeZone, utcTitle } from '../../src/lib/time';

describe('formatInstant', () => {
  test('shows the instant in the engagement’s zone, with the weekday', () => {
    expect(formatInstant('2026-11-17T15:45:00Z', 'Europe/Madrid')).toBe('Tue 17 Nov 2026, 16:45');
    expect(formatInstant('2026-11-17T15:45:00Z', 'America/New_York')).toBe('Tue 17 Nov 2026, 10:45');
    expect(formatInstant('2026-11-17T15:45:00Z', 'UTC')).toBe('Tue 17 Nov 2026, 15:45');
  });

  test('follows daylight saving time', () => {
    expect(formatInstant('2026-07-01T08:05:00Z', 'Europe/Madrid')).toBe('Wed 1 Jul 2026, 10:05');
  });

  test('the local day can differ from the UTC day', () => {
    expect(formatInstant('2026-11-17T23:30:00Z', 'Asia/Tokyo')).toBe('Wed 18 Nov 2026, 08:30');
    expect(formatInstant('2026-11-18T00:00:00Z', 'America/Los_Angeles')).toBe('Tue 17 Nov 2026, 16:00');
  });

  test('midnight reads 00:00, not 24:00', () => {
    expect(formatInstant('2026-11-16T23:00:00Z', 'Europe/Madrid')).toBe('Tue 17 Nov 2026, 00:00');
  });

  test('accepts offsets and fractional seconds', () => {
    expect(formatInstant('2026-11-17T16:45:30.123+01:00', 'Europe/Madrid')).toBe('Tue 17 Nov 2026, 16:45');
  });

  test('falls back to UTC for an unknown zone, and leaves non-instants as they are', () => {
    expect(formatInstant('2026-11-17T15:45:00Z', 'Mars/Olympus_Mons')).toBe('Tue 17 Nov 2026, 15:45');
    expect(formatInstant('not a date', 'Europe/Madrid')).toBe('not a date');
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
