import { beforeEach, describe, expect, test } from 'vitest';
import { activeFilters, cleanFilter, clearFilters, logView, persistLogView, resetLogView, restoreLogView, setFilter } from '../../src/lib/logview.svelte';

beforeEach(() => {
  resetLogView();
  sessionStorage.clear();
});

describe('the log’s filters and scroll position', () => {
  test('empty filters are dropped before they are sent', () => {
    expect(cleanFilter({ person: '', kind: 'call', week: '2026-W47', channel: undefined })).toEqual({ kind: 'call', week: '2026-W47' });
    expect(activeFilters({ person: 'p1', kind: '' })).toBe(1);
  });

  test('changing a filter starts the list again from the top', () => {
    logView.scrollTop = 5800;
    setFilter('kind', 'email');
    expect(logView.filter).toEqual({ kind: 'email' });
    expect(logView.scrollTop).toBe(0);
    setFilter('kind', '');
    expect(logView.filter).toEqual({});
  });

  test('filters, scroll and the open entry survive a reload through session storage', () => {
    setFilter('person', 'maria', sessionStorage);
    setFilter('week', '2026-W47', sessionStorage);
    logView.scrollTop = 1160;
    logView.selected = 'comm-9';
    persistLogView(sessionStorage);
    resetLogView();
    expect(logView.filter).toEqual({});
    restoreLogView(sessionStorage);
    expect(logView.filter).toEqual({ person: 'maria', week: '2026-W47' });
    expect(logView.scrollTop).toBe(1160);
    expect(logView.selected).toBe('comm-9');
  });

  test('what cannot be read is ignored', () => {
    sessionStorage.setItem('candor-log-view', '{not json');
    restoreLogView(sessionStorage);
    expect(logView.filter).toEqual({});
    sessionStorage.setItem('candor-log-view', JSON.stringify({ filter: { kind: 'call', bogus: 'x' }, scrollTop: -5, selected: 42 }));
    restoreLogView(sessionStorage);
    expect(logView.filter).toEqual({ kind: 'call' });
    expect(logView.scrollTop).toBe(0);
    expect(logView.selected).toBeNull();
  });

  test('clearing the filters keeps nothing', () => {
    setFilter('channel', 'personal_phone', sessionStorage);
    clearFilters(sessionStorage);
    resetLogView();
    restoreLogView(sessionStorage);
    expect(logView.filter).toEqual({});
  });
});
