import { describe, expect, test } from 'vitest';
import { groupStakeholders, providerPeople } from '../../src/lib/stakeholders';
import { row, smallMap } from './rows';

const names = (groups: ReturnType<typeof groupStakeholders>) =>
  groups.map((g) => [g.title, g.parties.map((p) => [p.party.label, p.departments.map((d) => [d.department.label, d.people.map((x) => x.label)])])]);

describe('groupStakeholders', () => {
  test('groups parties by role (client, provider, third parties), with departments and people sorted by name', () => {
    const m = smallMap();
    expect(names(groupStakeholders(m.parties, m.departments, m.people, false))).toEqual([
      ['Client', [['Acme', [['Finance', ['Ana Diaz', 'Ben Ross']], ['Logistics', []]]]]],
      ['Provider', [['Brightline', [['Delivery', ['Sam Carter']]]]]],
      ['Third parties', [['Keystone', []]]],
    ]);
  });

  test('every role is present even when empty', () => {
    expect(groupStakeholders([], [], [], false).map((g) => [g.role, g.parties.length])).toEqual([
      ['client', 0],
      ['provider', 0],
      ['third_party', 0],
    ]);
  });

  test('voided entries are hidden unless shown', () => {
    const m = smallMap();
    const gone = row('person', { name: 'Old Entry', department: m.finance.key }, { voided: true });
    const oldDept = row('department', { name: 'Archive', party: m.acme.key }, { voided: true });
    const hidden = groupStakeholders(m.parties, [...m.departments, oldDept], [...m.people, gone], false);
    expect(names(hidden)[0]).toEqual(['Client', [['Acme', [['Finance', ['Ana Diaz', 'Ben Ross']], ['Logistics', []]]]]]);
    const shown = groupStakeholders(m.parties, [...m.departments, oldDept], [...m.people, gone], true);
    expect(names(shown)[0]).toEqual(['Client', [['Acme', [['Archive', []], ['Finance', ['Ana Diaz', 'Ben Ross', 'Old Entry']], ['Logistics', []]]]]]);
  });

  test('a voided party that still holds live departments stays visible', () => {
    const m = smallMap();
    const voidedAcme = { ...m.acme, voided: true };
    const parties = [m.bright, voidedAcme, m.key];
    expect(groupStakeholders(parties, m.departments, m.people, false)[0].parties.map((p) => p.party.label)).toEqual(['Acme']);
    const empty = row('party', { name: 'Gone Ltd', role: 'client' }, { voided: true });
    expect(groupStakeholders([...parties, empty], m.departments, m.people, false)[0].parties.map((p) => p.party.label)).toEqual(['Acme']);
  });
});

describe('providerPeople', () => {
  test('lists only live people of live provider departments', () => {
    const m = smallMap();
    const left = row('person', { name: 'Zoe Left', department: m.delivery.key }, { voided: true });
    expect(providerPeople(m.parties, m.departments, [...m.people, left]).map((p) => p.label)).toEqual(['Sam Carter']);
  });
});
