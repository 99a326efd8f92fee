import { describe, expect, test } from 'vitest';
import { FIELDS, baseField, changes, fromForm, missing, toForm } from '../../src/lib/fields';

describe('form values and entity data', () => {
  test('a new person starts from the fields’ initial values and a preset', () => {
    const values = toForm(FIELDS.person, null, { department: 'd1' });
    expect(values).toMatchObject({ name: '', department: 'd1', authority_level: '1', key_stakeholder: false, cadence_days: '', emails: '' });
  });

  test('a person’s data round-trips through the form', () => {
    const data = {
      name: 'Ana Diaz',
      department: 'd1',
      title: 'CFO',
      emails: ['ana@acme.example', 'ana.diaz@gmail.example'],
      authority_level: 4,
      key_stakeholder: true,
      cadence_days: 7,
      management: false,
      internal_note: '',
    };
    const values = toForm(FIELDS.person, data);
    expect(values.emails).toBe('ana@acme.example, ana.diaz@gmail.example');
    expect(values.authority_level).toBe('4');
    expect(fromForm(FIELDS.person, values, data)).toEqual(data);
  });

  test('an optional number left empty is absent; emails split on commas and spaces', () => {
    const values = { ...toForm(FIELDS.person, null), name: 'Ben', department: 'd1', cadence_days: '  ', emails: 'a@x.example,  b@y.example ; c@z.example' };
    const data = fromForm(FIELDS.person, values, { cadence_days: 9 });
    expect('cadence_days' in data).toBe(false);
    expect(data.emails).toEqual(['a@x.example', 'b@y.example', 'c@z.example']);
    expect(data.authority_level).toBe(1);
  });

  test('no approval needed leaves exception_authority out', () => {
    const values = { ...toForm(FIELDS.procedure, null), name: 'Triage', version: '1', owner_department: 'd1' };
    expect('exception_authority' in fromForm(FIELDS.procedure, values)).toBe(false);
    expect(fromForm(FIELDS.procedure, { ...values, exception_authority: '3' }).exception_authority).toBe(3);
  });

  test('required fields are named in words', () => {
    const values = toForm(FIELDS.procedure, null);
    expect(missing(FIELDS.procedure, values)).toEqual({
      name: 'Name is required',
      owner_department: 'Owner department is required',
      version: 'Version is required',
    });
    expect(missing(FIELDS.scope, { ...toForm(FIELDS.scope, null), name: 'AP' })).toEqual({});
  });

  test('server field names map to form fields', () => {
    expect(baseField('emails[1]')).toBe('emails');
    expect(baseField('name')).toBe('name');
  });
});

describe('changes between versions', () => {
  const labelOf = (key: string) => ({ d1: 'Finance', d2: 'Logistics' })[key] ?? key;

  test('lists changed fields with values as they read', () => {
    const before = { name: 'Ana', department: 'd1', authority_level: 4, key_stakeholder: true, emails: ['a@x.example'] };
    const after = { name: 'Ana', department: 'd2', authority_level: 5, key_stakeholder: true, emails: ['a@x.example'], cadence_days: 5 };
    expect(changes('person', before, after, labelOf)).toEqual([
      { field: 'department', label: 'Department', before: 'Finance', after: 'Logistics' },
      { field: 'authority_level', label: 'Authority level', before: 'director (4)', after: 'executive (5)' },
      { field: 'cadence_days', label: 'Update cadence', before: 'engagement default', after: 'every 5 days' },
    ]);
  });

  test('fields the form does not know are still reported', () => {
    expect(changes('scope', { name: 'AP', sla_days: 3 }, { name: 'AP', sla_days: 5 }, labelOf)).toEqual([
      { field: 'sla_days', label: 'Sla days', before: '3', after: '5' },
    ]);
  });
});
