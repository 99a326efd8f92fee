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

describe('the fields of the record’s other kinds', () => {
  test('a workaround: instants in the engagement’s zone, the approval nested, empty optional references left out', () => {
    const values = {
      ...toForm(FIELDS.workaround, null, { performed_by: 'sam' }, 'Europe/Madrid'),
      procedure: 'fin-04',
      performed_at: '2026-11-20T18:00',
      what: 'Booked late invoices',
      justification: 'Logistics instructed accrual until month-end.',
      approver: 'grace',
      approved_at: '2026-11-20T17:30',
    };
    const data = fromForm(FIELDS.workaround, values, {}, 'Europe/Madrid');
    expect(data).toEqual({
      procedure: 'fin-04',
      performed_by: 'sam',
      performed_at: '2026-11-20T17:00:00.000Z',
      what: 'Booked late invoices',
      justification: 'Logistics instructed accrual until month-end.',
      justification_internal: false,
      approval: { approver: 'grace', approved_at: '2026-11-20T16:30:00.000Z' },
      internal_note: '',
    });
    expect(toForm(FIELDS.workaround, data, {}, 'Europe/Madrid')).toMatchObject({ approver: 'grace', approved_at: '2026-11-20T17:30', request: '' });
    expect('approval' in fromForm(FIELDS.workaround, { ...values, approver: '', approved_at: '' }, data, 'Europe/Madrid')).toBe(false);
  });

  test('a justification is required in words; an approval time goes with an approver', () => {
    const values = { ...toForm(FIELDS.workaround, null), procedure: 'p', performed_by: 's', what: 'x', approver: 'grace' };
    expect(missing(FIELDS.workaround, values)).toEqual({
      justification: 'Justification is required: say why the procedure could not be followed',
      approved_at: 'Approval time is required: say when it was approved',
    });
  });

  test('a new entry’s “now” is the current time in the engagement’s zone', () => {
    const before = Date.now();
    const when = toForm(FIELDS.incident, null, {}, 'UTC').known_at as string;
    expect(Math.abs(Date.parse(`${when}:00Z`) - before)).toBeLessThan(61_000);
  });

  test('an exception’s decision is true or false, never a default', () => {
    const values = toForm(FIELDS.exception, null);
    expect(values.granted).toBe('');
    expect(missing(FIELDS.exception, values).granted).toBe('Decision is required');
    expect(fromForm(FIELDS.exception, { ...values, granted: 'false' }).granted).toBe(false);
    expect(fromForm(FIELDS.exception, { ...values, granted: 'true' }).granted).toBe(true);
  });

  test('nested server errors find their field', () => {
    expect(baseField('approval.approver', FIELDS.workaround)).toBe('approver');
    expect(baseField('approval.approved_at', FIELDS.workaround)).toBe('approved_at');
  });

  test('changes read instants in the zone and nested approvals by name', () => {
    const labelOf = (k: string) => ({ grace: 'Grace Kim', chloe: 'Chloé Martin' })[k] ?? k;
    const before = { performed_at: '2026-11-09T13:00:00.000Z', approval: { approver: 'chloe', approved_at: '2026-11-09T13:30:00.000Z' } };
    const after = { performed_at: '2026-11-09T14:00:00.000Z', approval: { approver: 'grace', approved_at: '2026-11-10T09:00:00.000Z' } };
    expect(changes('workaround', before, after, labelOf, 'Europe/Madrid')).toEqual([
      { field: 'performed_at', label: 'When', before: 'Mon 9 Nov 2026, 14:00', after: 'Mon 9 Nov 2026, 15:00' },
      { field: 'approval', label: 'Approval', before: 'Chloé Martin, Mon 9 Nov 2026, 14:30', after: 'Grace Kim, Tue 10 Nov 2026, 10:00' },
    ]);
  });
});
