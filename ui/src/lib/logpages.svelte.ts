// The Log's rows, fetched a page at a time as the list scrolls, and let go of
// when far away, so that 100,000 entries cost no more than the few pages in view.

import type { EntityRow, LogFilter, LogPage } from './ipc';

export const PAGE_SIZE = 200;
/** Pages kept either side of the ones in view. */
const KEEP = 8;

type Fetch = (filter: LogFilter, offset: number, limit: number) => Promise<LogPage>;

export class LogPages {
  total = $state(0);
  /** Whether the first answer for the current filter has arrived. */
  ready = $state(false);
  error = $state('');
  pages: Record<number, EntityRow[]> = $state.raw({});
  filter: LogFilter = {};
  #pending = new Set<number>();
  #generation = 0;
  #fetch: Fetch;

  constructor(fetch: Fetch) {
    this.#fetch = fetch;
  }

  /** Starts again for `filter` (keeping nothing), and fetches the first page. */
  reset(filter: LogFilter): Promise<void> {
    this.#generation += 1;
    this.filter = { ...filter };
    this.pages = {};
    this.#pending.clear();
    this.ready = false;
    this.error = '';
    return this.load(0);
  }

  rowAt(index: number): EntityRow | undefined {
    return this.pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE];
  }

  /** The index of a loaded row, or -1. */
  indexOf(key: string): number {
    for (const [page, rows] of Object.entries(this.pages)) {
      const i = rows.findIndex((r) => r.key === key);
      if (i >= 0) return Number(page) * PAGE_SIZE + i;
    }
    return -1;
  }

  /** Fetches the pages not yet here, and lets go of pages far from them. */
  ensure(pages: number[]): void {
    if (pages.length === 0) return;
    const lo = Math.min(...pages) - KEEP;
    const hi = Math.max(...pages) + KEEP;
    const far = Object.keys(this.pages)
      .map(Number)
      .filter((p) => p < lo || p > hi);
    if (far.length) {
      const kept = { ...this.pages };
      for (const p of far) delete kept[p];
      this.pages = kept;
    }
    for (const p of pages) if (!(p in this.pages)) void this.load(p);
  }

  async load(page: number): Promise<void> {
    if (this.#pending.has(page)) return;
    this.#pending.add(page);
    const generation = this.#generation;
    try {
      const answer = await this.#fetch(this.filter, page * PAGE_SIZE, PAGE_SIZE);
      if (generation !== this.#generation) return;
      this.total = answer.total;
      this.pages = { ...this.pages, [page]: answer.rows };
      this.ready = true;
    } catch (e) {
      if (generation === this.#generation) this.error = (e as { message?: string }).message ?? String(e);
    } finally {
      if (generation === this.#generation) this.#pending.delete(page);
    }
  }

  /** Looks for `key` page by page (up to `maxPages`); its index, or -1. */
  async find(key: string, maxPages = 10): Promise<number> {
    for (let page = 0; page < maxPages; page++) {
      if (!(page in this.pages)) await this.load(page);
      const rows = this.pages[page];
      if (!rows) return -1;
      const i = rows.findIndex((r) => r.key === key);
      if (i >= 0) return page * PAGE_SIZE + i;
      if ((page + 1) * PAGE_SIZE >= this.total) return -1;
    }
    return -1;
  }
}
