import { describe, expect, test } from 'vitest';
import { pagesFor, scrollToShow, visibleRange } from '../../src/lib/windowing';

describe('the windowed list', () => {
  test('draws the rows in view plus the overscan, no more', () => {
    expect(visibleRange(0, 580, 58, 100_000, 6)).toEqual({ start: 0, end: 16 });
    expect(visibleRange(58 * 1000, 580, 58, 100_000, 6)).toEqual({ start: 994, end: 1016 });
    expect(visibleRange(58 * 1000 + 29, 580, 58, 100_000, 0)).toEqual({ start: 1000, end: 1011 });
  });

  test('stays within the list at both ends', () => {
    expect(visibleRange(58 * 99_995, 580, 58, 100_000, 6)).toEqual({ start: 99_989, end: 100_000 });
    expect(visibleRange(-200, 580, 58, 100_000, 6)).toEqual({ start: 0, end: 16 });
    expect(visibleRange(10_000_000, 580, 58, 3, 6)).toEqual({ start: 3, end: 3 });
  });

  test('an empty list, or one without a row height, draws nothing', () => {
    expect(visibleRange(0, 580, 58, 0)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(0, 580, 0, 10)).toEqual({ start: 0, end: 0 });
  });

  test('names the pages that hold the drawn rows', () => {
    expect(pagesFor({ start: 0, end: 16 }, 200)).toEqual([0]);
    expect(pagesFor({ start: 190, end: 215 }, 200)).toEqual([0, 1]);
    expect(pagesFor({ start: 99_989, end: 100_000 }, 200)).toEqual([499]);
    expect(pagesFor({ start: 5, end: 5 }, 200)).toEqual([]);
  });

  test('scrolls as little as possible to show a row whole', () => {
    expect(scrollToShow(5, 0, 580, 58)).toBe(0);
    expect(scrollToShow(10, 0, 580, 58)).toBe(58);
    expect(scrollToShow(2, 580, 580, 58)).toBe(116);
    expect(scrollToShow(99_999, 0, 580, 58)).toBe(58 * 100_000 - 580);
  });
});
