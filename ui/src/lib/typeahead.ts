// What a type-ahead offers and how typed text picks among it: every word must
// occur in the option's label, detail or keywords; options whose label starts
// with the first word come first.

import type { EntityRow } from './ipc';

export interface Option {
  value: string;
  label: string;
  /** A second line: a person's department and party, a procedure's owner. */
  detail?: string;
  /** More text to match on: e-mail addresses, codes. */
  keywords?: string;
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** The options matching `query`, best first; all of them (in their order) for an empty query. */
export function matchOptions(query: string, options: Option[], limit = 50): Option[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return options.slice(0, limit);
  const scored: { o: Option; score: number; i: number }[] = [];
  options.forEach((o, i) => {
    const label = fold(o.label);
    const text = `${label} ${fold(o.detail ?? '')} ${fold(o.keywords ?? '')}`;
    if (!words.every((w) => text.includes(w))) return;
    const startsWord = label.split(/\s+/).some((part) => part.startsWith(words[0]));
    const score = label.startsWith(words[0]) ? 0 : startsWord ? 1 : label.includes(words[0]) ? 2 : 3;
    scored.push({ o, score, i });
  });
  return scored
    .sort((a, b) => a.score - b.score || a.i - b.i)
    .slice(0, limit)
    .map((s) => s.o);
}

/** People as options: name, "Department · Party", their addresses as keywords; with `side`, only the people of a party of that role. */
export function personOptions(people: EntityRow[], departments: EntityRow[], parties: EntityRow[], side?: string): Option[] {
  const dept = new Map(departments.map((d) => [d.key, d]));
  const party = new Map(parties.map((p) => [p.key, p]));
  const placeOf = (p: EntityRow) => {
    const d = dept.get(String(p.data.department ?? ''));
    return { d, pa: d ? party.get(String(d.data.party ?? '')) : undefined };
  };
  return people
    .filter((p) => !p.voided && (side === undefined || placeOf(p).pa?.data.role === side))
    .map((p) => {
      const { d, pa } = placeOf(p);
      const emails = Array.isArray(p.data.emails) ? (p.data.emails as string[]) : [];
      return {
        value: p.key,
        label: p.label,
        detail: [d?.label, pa?.label].filter(Boolean).join(' · '),
        keywords: emails.join(' '),
      };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * The ARIA of a type-ahead's input: its listbox is `<id>-list`, the option `active` is `<id>-opt-<active>` (see OptionList).
 * `expanded` for a list that stays open even with no option in it (the command palette).
 */
export function comboboxAria(id: string, shown: boolean, active: number, expanded = shown) {
  return {
    role: 'combobox',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-autocomplete': 'list',
    'aria-expanded': expanded,
    'aria-controls': `${id}-list`,
    'aria-activedescendant': shown ? `${id}-opt-${active}` : undefined,
  } as const;
}

/** The ARIA of option `i` of the listbox under input `id`. */
export function optionAria(id: string, i: number, active: number) {
  return { id: `${id}-opt-${i}`, role: 'option', 'aria-selected': i === active } as const;
}

/** ArrowDown opens the list or moves down it, ArrowUp moves up: the list's new state, or null for any other key. */
export function arrowStep(e: KeyboardEvent, open: boolean, active: number, count: number): { open: boolean; active: number } | null {
  if (e.key === 'ArrowDown') {
    e.preventDefault();
    return open ? { open, active: Math.min(active + 1, count - 1) } : { open: true, active: 0 };
  }
  if (e.key === 'ArrowUp') {
    e.preventDefault();
    return { open, active: Math.max(active - 1, 0) };
  }
  return null;
}
