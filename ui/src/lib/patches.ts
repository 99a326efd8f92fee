// Small amendments made from a detail panel: each a few fields and a reason.

import { fromForm, toForm, type FieldSpec, type FormValues } from './fields';
import type { EntityRow } from './ipc';
import type { Patch } from './store.svelte';
import { timeZone } from './store.svelte';

function patch(
  row: EntityRow,
  title: string,
  submitLabel: string,
  reasonHint: string,
  fields: FieldSpec[],
  apply: Patch['apply'],
  preset: FormValues = {},
): Patch {
  return { type: 'patch', key: row.key, title, submitLabel, reasonHint, fields, values: toForm(fields, null, preset, timeZone()), apply };
}

/** The fields' values on top of the entry's data. */
const onTop = (fields: FieldSpec[]) => (values: FormValues, data: Record<string, unknown>) => ({ ...data, ...fromForm(fields, values, {}, timeZone()) });

const edition = (row: EntityRow) => `edition ${String(row.data.edition ?? '')}`;

/** A draft of the rules of engagement sent to the client, in a communication of the log. */
export function rulesSent(row: EntityRow): Patch {
  const fields: FieldSpec[] = [
    {
      name: 'sent_in',
      label: 'Sent in',
      type: 'reference',
      ref: 'communication',
      typeahead: true,
      required: true,
      requiredMessage: 'Say which communication of the log sent it to the client',
      hint: 'The meeting, call or e-mail of the log that sent this edition to the client.',
    },
  ];
  return patch(row, `Record ${edition(row)} as sent to the client`, 'Record as sent', 'e.g. "Sent with the minutes of the steering call"', fields, onTop(fields));
}

/** The client's confirmation of a sent draft: the edition is in force from then, and fixed. */
export function rulesConfirmed(row: EntityRow): Patch {
  const fields: FieldSpec[] = [
    {
      name: 'confirmed_by',
      label: 'Confirmed by',
      type: 'reference',
      ref: 'person',
      side: 'client',
      typeahead: true,
      required: true,
      requiredMessage: 'Say who on the client’s side confirmed it',
    },
    {
      name: 'confirmed_at',
      label: 'Confirmed',
      type: 'instant',
      initial: 'now',
      required: true,
      requiredMessage: 'Say when it was confirmed',
      hint: 'The edition is in force from then; once confirmed it cannot be changed, only replaced by a new edition.',
    },
  ];
  return patch(row, `The client’s confirmation of ${edition(row)}`, 'Record confirmation', 'e.g. "Maria confirmed by e-mail"', fields, onTop(fields));
}

/** The internal note of an edition, the one thing that may change once it is confirmed. */
export function rulesNote(row: EntityRow): Patch {
  const fields: FieldSpec[] = [
    { name: 'internal_note', label: 'Internal note', type: 'textarea', hint: 'Internal only: never shown to the client.' },
  ];
  return patch(
    row,
    `The internal note of ${edition(row)}`,
    'Save the note',
    'say why the note changes',
    fields,
    (values, data) => ({ ...data, internal_note: String(values.internal_note ?? '') }),
    { internal_note: String(row.data.internal_note ?? '') },
  );
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
