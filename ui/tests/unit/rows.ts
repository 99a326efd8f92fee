import type { EntityRow, Kind } from '../../src/lib/ipc';

let n = 0;

/** A made-up entity row for tests. */
export function row(kind: Kind, data: Record<string, unknown>, extra: Partial<EntityRow> = {}): EntityRow {
  n += 1;
  return {
    key: `${kind}-${n}`,
    kind,
    version: 1,
    voided: false,
    recorded_at: '2026-11-17T15:45:00Z',
    label: String(data.code ? `${data.code} ${data.name}` : data.name),
    data,
    ...extra,
  };
}

/** A small stakeholder map: client Acme (Finance: Ana, Ben), provider Brightline (Delivery: Sam), contractor Keystone. */
export function smallMap() {
  const acme = row('party', { name: 'Acme', role: 'client' });
  const bright = row('party', { name: 'Brightline', role: 'provider' });
  const key = row('party', { name: 'Keystone', role: 'third_party' });
  const finance = row('department', { name: 'Finance', party: acme.key });
  const logistics = row('department', { name: 'Logistics', party: acme.key });
  const delivery = row('department', { name: 'Delivery', party: bright.key });
  const ben = row('person', { name: 'Ben Ross', department: finance.key, title: 'AP clerk', emails: [], authority_level: 1, key_stakeholder: false });
  const ana = row('person', {
    name: 'Ana Diaz',
    department: finance.key,
    title: 'CFO',
    emails: ['ana@acme.example'],
    authority_level: 4,
    key_stakeholder: true,
    cadence_days: 7,
  });
  const sam = row('person', { name: 'Sam Carter', department: delivery.key, title: 'Lead', emails: [], authority_level: 3, key_stakeholder: false });
  return { parties: [bright, acme, key], departments: [logistics, finance, delivery], people: [ben, ana, sam], acme, bright, key, finance, logistics, delivery, ana, ben, sam };
}
