// The stakeholder map: parties grouped by role, their departments, their people.

import type { EntityRow } from './ipc';
import { ROLES, type Role } from './words';

export interface DepartmentNode {
  department: EntityRow;
  people: EntityRow[];
}

export interface PartyNode {
  party: EntityRow;
  departments: DepartmentNode[];
}

export interface RoleGroup {
  role: Role;
  title: string;
  parties: PartyNode[];
}

const byLabel = (a: EntityRow, b: EntityRow) => a.label.localeCompare(b.label, undefined, { sensitivity: 'base' });

/**
 * Client, provider and third parties, in that order, each with its parties,
 * departments and people sorted by name. Voided entries are left out unless
 * `showVoided`, except a voided party or department that still holds live
 * entries, so that nothing live is hidden.
 */
export function groupStakeholders(parties: EntityRow[], departments: EntityRow[], people: EntityRow[], showVoided: boolean): RoleGroup[] {
  const peopleOf = new Map<string, EntityRow[]>();
  for (const p of people) {
    if (p.voided && !showVoided) continue;
    const dept = String(p.data.department ?? '');
    peopleOf.set(dept, [...(peopleOf.get(dept) ?? []), p]);
  }
  const departmentsOf = new Map<string, DepartmentNode[]>();
  for (const d of departments) {
    const members = (peopleOf.get(d.key) ?? []).sort(byLabel);
    if (d.voided && !showVoided && members.length === 0) continue;
    const party = String(d.data.party ?? '');
    departmentsOf.set(party, [...(departmentsOf.get(party) ?? []), { department: d, people: members }]);
  }
  return ROLES.map(({ role, plural }) => ({
    role,
    title: plural,
    parties: parties
      .filter((p) => p.data.role === role)
      .map((party) => ({ party, departments: (departmentsOf.get(party.key) ?? []).sort((a, b) => byLabel(a.department, b.department)) }))
      .filter((n) => showVoided || !n.party.voided || n.departments.length > 0)
      .sort((a, b) => byLabel(a.party, b.party)),
  }));
}

/** The live people of the provider: those who may record. */
export function providerPeople(parties: EntityRow[], departments: EntityRow[], people: EntityRow[]): EntityRow[] {
  const providers = new Set(parties.filter((p) => !p.voided && p.data.role === 'provider').map((p) => p.key));
  const depts = new Set(departments.filter((d) => !d.voided && providers.has(String(d.data.party))).map((d) => d.key));
  return people.filter((p) => !p.voided && depts.has(String(p.data.department))).sort(byLabel);
}
