import { describe, expect, test } from 'vitest';
import { FIELDS, KIND_NAMES, missing, toForm } from '../../src/lib/fields';
import { ENUMS, KINDS, MODEL } from '../../src/lib/model.gen';
import { DIRECTIONS, RULES } from '../../src/lib/words';

describe('the forms are the core’s description of the model', () => {
  test('every kind has a form with every field the core describes, unless it is structured data', () => {
    for (const kind of KINDS) {
      const shown = FIELDS[kind].map((f) => f.name);
      const described = MODEL[kind].fields.filter((f) => f.input !== 'other' && !(kind === 'person' && f.name === 'formerly'));
      for (const f of described) expect(shown, `${kind}.${f.name}`).toContain(f.name);
      expect(KIND_NAMES[kind]).toBe(MODEL[kind].noun);
    }
  });

  test('labels, required fields and references are the core’s', () => {
    const workaround = FIELDS.workaround;
    const by = (name: string) => workaround.find((f) => f.name === name);
    expect(by('performed_by')).toMatchObject({ label: 'Performed by', type: 'reference', ref: 'person', required: true });
    expect(by('approver')).toMatchObject({ nest: 'approval', ref: 'person' });
    expect(by('approver')?.required).toBeUndefined();
    expect(FIELDS.disclosure.find((f) => f.name === 'subject')?.ref).toEqual(['workaround', 'request', 'incident']);
    expect(missing(FIELDS.party, toForm(FIELDS.party, null))).toEqual({ name: 'Name is required' });
  });

  test('choices and their labels come from the core’s enums', () => {
    expect(DIRECTIONS.map((d) => d.value)).toEqual(ENUMS.Direction.map((d) => d.value));
    expect(FIELDS.communication.find((f) => f.name === 'direction')?.choices).toContainEqual({ value: 'two_way', label: 'Two-way (meeting, call)' });
    expect(RULES).toHaveLength(13);
  });
});

describe('a kind new to the model can be added', () => {
  test('the palette offers every kind not recorded through its own flow', async () => {
    const { commands } = await import('../../src/lib/commands');
    const ids = commands().map((c) => c.id);
    for (const kind of KINDS.filter((k) => !['engagement', 'communication', 'address_mapping', 'settings', 'flag_note', 'issued_report', 'rules'].includes(k)))
      expect(ids, kind).toContain(`add:${kind}`);
    // The rules of engagement are drafted on their own view, from the last edition.
    expect(ids).not.toContain('add:rules');
    expect(ids).toContain('rules:draft');
  });
});
