// Small amendments made from a detail panel: each a few fields and a reason.

import { fromForm, toForm, type FieldSpec } from './fields';
import type { EntityRow } from './ipc';
import type { Patch } from './store.svelte';
import { timeZone } from './store.svelte';

function patch(row: EntityRow, title: string, submitLabel: string, reasonHint: string, fields: FieldSpec[], apply: Patch['apply']): Patch {
  return { type: 'patch', key: row.key, title, submitLabel, reasonHint, fields, values: toForm(fields, null, {}, timeZone()), apply };
}

/** A scheduled meeting or call that took place. */
export function markHeld(row: EntityRow): Patch {
  return patch(row, `Mark “${row.label}” as held`, 'Mark held', 'say how you know it took place', [], (_, data) => ({
    ...data,
    status: 'held',
  }));
}

export function minutesSent(row: EntityRow): Patch {
  const fields: FieldSpec[] = [{ name: 'minutes_sent_at', label: 'Minutes sent', type: 'instant', required: true, initial: 'now' }];
  return patch(row, `Minutes of “${row.label}” sent`, 'Record minutes sent', 'e.g. "Minutes e-mailed to the attendees"', fields, (values, data) => ({
    ...data,
    ...fromForm(fields, values, {}, timeZone()),
  }));
}

export function clientConfirmation(row: EntityRow): Patch {
  const fields: FieldSpec[] = [
    { name: 'confirmed_at', label: 'Confirmed', type: 'instant', required: true, initial: 'now' },
    { name: 'confirmed_by', label: 'Confirmed by', type: 'reference', ref: 'person', typeahead: true },
  ];
  return patch(row, `Client confirmed the minutes of “${row.label}”`, 'Record confirmation', 'e.g. "Maria replied to the minutes e-mail"', fields, (values, data) => ({
    ...data,
    ...fromForm(fields, values, {}, timeZone()),
  }));
}

interface Item {
  id: string;
  text: string;
}

export function itemDone(row: EntityRow, item: Item): Patch {
  const fields: FieldSpec[] = [{ name: 'done_at', label: 'Done', type: 'instant', required: true, initial: 'now' }];
  return patch(row, `Done: “${item.text}”`, 'Mark done', 'say how it was done or where it was delivered', fields, (values, data) => {
    const { done_at } = fromForm(fields, values, {}, timeZone());
    const items = (Array.isArray(data.items) ? data.items : []) as Item[];
    return { ...data, items: items.map((i) => (i.id === item.id ? { ...i, status: 'done', done_at } : i)) };
  });
}
