// An in-memory stand-in for Candor's Rust side, implementing the IPC contract
// (docs/ipc.md) closely enough to drive the UI in a real browser. Injected with
// page.addInitScript before the app loads; it installs window.__TAURI_INTERNALS__
// the way @tauri-apps/api/mocks mockIPC does, and answers plugin:dialog calls.
//
// Options, read from window.__CANDOR_FAKE_OPTIONS__ when set before this script:
//   openPath  what the "open" dialog returns (default: a shared copy of the demo, with no identity)
//   savePath  what the "save" dialog returns (default: the suggested path)
// window.__CANDOR_FAKE__ exposes the databases, the calls made and the backups written.

(() => {
  const options = window.__CANDOR_FAKE_OPTIONS__ || {};
  const HOME = '/home/sam';
  const DEFAULT_DB = `${HOME}/.local/share/candor/candor.db`;
  const SHARED_DB = `${HOME}/Shared/northwind-shared.db`;
  const BOOTSTRAP = 'bootstrap';
  const KINDS = ['engagement', 'party', 'department', 'person', 'procedure', 'scope'];
  const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

  const SCHEMA = {
    engagement: {
      name: 'string',
      time_zone: 'string',
      week_start: 'string',
      default_cadence_days: 'number',
      description: 'string',
      internal_note: 'string',
    },
    party: { name: 'string', role: 'string', internal_note: 'string' },
    department: { party: 'string', name: 'string', cadence_days: 'number?', internal_note: 'string' },
    person: {
      name: 'string',
      department: 'string',
      title: 'string',
      emails: 'array',
      authority_level: 'number',
      key_stakeholder: 'boolean',
      cadence_days: 'number?',
      management: 'boolean',
      internal_note: 'string',
    },
    procedure: {
      name: 'string',
      code: 'string',
      owner_department: 'string',
      version: 'string',
      exception_authority: 'number?',
      disclosure_required: 'boolean',
      description: 'string',
      internal_note: 'string',
    },
    scope: { name: 'string', reference: 'string', description: 'string', internal_note: 'string' },
  };

  class Failure {
    constructor(kind, message, fields = []) {
      this.kind = kind;
      this.message = message;
      this.fields = fields;
    }
  }

  const human = (field) => field.charAt(0).toUpperCase() + field.slice(1).replace(/_/g, ' ');

  function fnv(text) {
    let h = 0xcbf29ce484222325n;
    for (const ch of new TextEncoder().encode(text)) {
      h ^= BigInt(ch);
      h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
    }
    return h.toString(16).padStart(16, '0');
  }

  function newDb(path) {
    return { path, events: [], entities: new Map(), identity: null, nextKey: 1 };
  }

  const dbs = new Map();
  const recent = [];
  const calls = [];
  const backups = [];
  let db;

  function touch(path) {
    const i = recent.indexOf(path);
    if (i >= 0) recent.splice(i, 1);
    recent.unshift(path);
  }

  function label(kind, data) {
    if (kind === 'procedure' && data.code) return `${data.code} ${data.name}`;
    return String(data.name ?? '');
  }

  function row(entity) {
    const last = entity.versions[entity.versions.length - 1];
    const data = [...entity.versions].reverse().find((v) => v.data).data;
    return {
      key: entity.key,
      kind: entity.kind,
      version: last.version,
      voided: last.action === 'void',
      recorded_at: last.recorded_at,
      label: label(entity.kind, data),
      data: structuredClone(data),
    };
  }

  const live = (kind) =>
    [...db.entities.values()]
      .filter((e) => e.kind === kind)
      .map(row)
      .filter((r) => !r.voided);

  function providerPeople() {
    const parties = new Set(
      live('party')
        .filter((p) => p.data.role === 'provider')
        .map((p) => p.key),
    );
    const depts = new Set(
      live('department')
        .filter((d) => parties.has(d.data.party))
        .map((d) => d.key),
    );
    return live('person').filter((p) => depts.has(p.data.department));
  }

  function validate(kind, data, entity = kind) {
    const errors = [];
    const fail = (field, message) => errors.push({ entity, field, message });
    const schema = SCHEMA[kind];
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw new Failure('invalid', `${kind}: data must be an object`, [{ entity, field: '', message: 'data must be an object' }]);
    for (const [field, value] of Object.entries(data)) {
      const type = schema[field];
      if (!type) {
        fail(field, `unknown field "${field}"`);
        continue;
      }
      const optional = type.endsWith('?');
      if (optional && value === null) continue;
      const base = optional ? type.slice(0, -1) : type;
      const ok = base === 'array' ? Array.isArray(value) && value.every((v) => typeof v === 'string') : typeof value === base;
      if (!ok) fail(field, `must be ${base === 'array' ? 'a list of text' : `a ${base}`}, not ${JSON.stringify(value)}`);
    }
    const required = (field) => {
      if (String(data[field] ?? '').trim() === '') fail(field, `${human(field)} is required`);
    };
    const range = (field, lo, hi) => {
      const v = data[field];
      if (typeof v === 'number' && (v < lo || v > hi || !Number.isInteger(v))) fail(field, `must be between ${lo} and ${hi}, not ${v}`);
    };
    const reference = (field, target) => {
      const key = String(data[field] ?? '');
      if (key.trim() === '') return fail(field, `${human(field)} is required`);
      const found = db.entities.get(key);
      if (!found) return fail(field, `no ${target} has the key "${key}"`);
      if (found.kind !== target) return fail(field, `"${key}" is a ${found.kind}, not a ${target}`);
      if (row(found).voided) fail(field, `${target} "${key}" is voided`);
    };
    switch (kind) {
      case 'engagement': {
        required('name');
        let zoneOk = true;
        try {
          new Intl.DateTimeFormat('en', { timeZone: String(data.time_zone ?? '') });
        } catch {
          zoneOk = false;
        }
        if (!zoneOk || !data.time_zone) fail('time_zone', `"${data.time_zone ?? ''}" is not an IANA time zone (e.g. Europe/Madrid)`);
        if (data.week_start !== undefined && !WEEKDAYS.includes(data.week_start)) fail('week_start', `unknown day "${data.week_start}"`);
        if (data.default_cadence_days === undefined) fail('default_cadence_days', 'Default cadence days is required');
        range('default_cadence_days', 1, 365);
        break;
      }
      case 'party':
        required('name');
        if (!['client', 'provider', 'third_party'].includes(data.role)) fail('role', `unknown role "${data.role ?? ''}"`);
        break;
      case 'department':
        reference('party', 'party');
        required('name');
        range('cadence_days', 1, 365);
        break;
      case 'person':
        required('name');
        reference('department', 'department');
        (data.emails ?? []).forEach((email, i) => {
          const [local, domain] = String(email).split('@');
          if (!local || !domain || !domain.includes('.') || /\s/.test(email) || String(email).split('@').length !== 2)
            fail(`emails[${i}]`, `"${email}" is not an e-mail address`);
        });
        range('authority_level', 1, 5);
        range('cadence_days', 1, 365);
        break;
      case 'procedure':
        required('name');
        required('version');
        reference('owner_department', 'department');
        range('exception_authority', 1, 5);
        break;
      case 'scope':
        required('name');
        break;
    }
    return errors;
  }

  function normalise(kind, data) {
    const d = structuredClone(data);
    for (const [field, type] of Object.entries(SCHEMA[kind])) {
      if (type.endsWith('?')) {
        if (d[field] === null) delete d[field];
        continue;
      }
      if (d[field] !== undefined) continue;
      if (field === 'internal_note' || type === 'string') d[field] = '';
      if (type === 'boolean') d[field] = false;
      if (type === 'array') d[field] = [];
      if (field === 'authority_level') d[field] = 1;
      if (field === 'week_start') d[field] = 'monday';
    }
    return d;
  }

  function invalid(errors) {
    return new Failure('invalid', errors.map((e) => `${e.entity}.${e.field}: ${e.message}`).join('; '), errors);
  }

  function record(actor, at, change) {
    const head = db.events[db.events.length - 1];
    const seq = db.events.length + 1;
    let entity = change.key ? db.entities.get(change.key) : undefined;
    if (!entity) {
      entity = { key: change.key, kind: change.kind, versions: [] };
      db.entities.set(change.key, entity);
    }
    const version = {
      seq,
      kind: entity.kind,
      key: entity.key,
      version: entity.versions.length + 1,
      action: change.action,
      recorded_at: at,
      actor,
      ...(change.reason !== undefined ? { reason: change.reason } : {}),
      ...(change.data ? { data: change.data } : {}),
    };
    entity.versions.push(version);
    const hash = fnv(`${head ? head.hash : ''}|${seq}|${JSON.stringify(version)}`);
    db.events.push({ seq, hash: (hash + fnv(hash) + fnv(hash + 'a') + fnv(hash + 'b')).slice(0, 64) });
    return entity.key;
  }

  function newKey() {
    const n = db.nextKey++;
    return `0196f3a2-7c00-7000-8000-${String(n).padStart(12, '0')}`;
  }

  const now = () => new Date().toISOString();

  function author() {
    if (!db.identity || !providerPeople().some((p) => p.key === db.identity)) {
      throw new Failure('no_identity', 'Choose who you are before recording (Settings → Identity).');
    }
    return db.identity;
  }

  function create(actor, at, kind, data) {
    const d = normalise(kind, data);
    const errors = validate(kind, d);
    if (errors.length) throw invalid(errors);
    return record(actor, at, { action: 'create', kind, key: newKey(), data: d });
  }

  function need(entityKey) {
    const entity = db.entities.get(entityKey);
    if (!entity) throw new Failure('not_found', `not found: ${entityKey}`);
    return entity;
  }

  function amend(actor, at, entityKey, data, reason) {
    const entity = need(entityKey);
    if (row(entity).voided) throw new Failure('refused', `${row(entity).label} is voided; a voided entry cannot be amended`);
    if (!String(reason ?? '').trim()) throw new Failure('refused', 'a reason is required to amend an entry');
    const d = normalise(entity.kind, data);
    const errors = validate(entity.kind, d);
    if (errors.length) throw invalid(errors);
    record(actor, at, { action: 'amend', key: entityKey, data: d, reason });
  }

  function voidEntry(actor, at, entityKey, reason) {
    const entity = need(entityKey);
    if (row(entity).voided) throw new Failure('refused', `${row(entity).label} is already voided`);
    if (!String(reason ?? '').trim()) throw new Failure('refused', 'a reason is required to void an entry');
    record(actor, at, { action: 'void', key: entityKey, reason });
  }

  function state() {
    const engagement = live('engagement')[0] ?? null;
    const person = db.identity ? providerPeople().find((p) => p.key === db.identity) : undefined;
    const head = db.events[db.events.length - 1];
    return {
      db_path: db.path,
      engagement,
      identity: person ? { key: person.key, name: person.label } : null,
      recent: [...recent],
      head: head ? { seq: head.seq, hash: head.hash } : null,
    };
  }

  function loadDemo() {
    if (db.events.length) throw new Failure('refused', `${db.path} already holds a record; the demo loads into an empty database`);
    const day = 86400000;
    const start = Date.now() - 63 * day;
    const at = (offset) => new Date(start + offset).toISOString();
    const b = BOOTSTRAP;
    create(b, at(0), 'engagement', {
      name: 'Northwind Foods — Finance & Logistics outsourcing',
      time_zone: 'Europe/Madrid',
      week_start: 'monday',
      default_cadence_days: 14,
      description: 'Accounts payable, freight audit and carrier invoicing run by Brightline for Northwind Foods.',
      internal_note: 'Contract renewal talks start in Q1.',
    });
    const client = create(b, at(60000), 'party', { name: 'Northwind Foods', role: 'client' });
    const provider = create(b, at(60000), 'party', { name: 'Brightline Outsourcing', role: 'provider' });
    const contractor = create(b, at(60000), 'party', { name: 'Keystone Freight Audit', role: 'third_party' });
    const finance = create(b, at(120000), 'department', { name: 'Finance', party: client });
    const logistics = create(b, at(120000), 'department', { name: 'Logistics', party: client });
    const account = create(b, at(180000), 'department', { name: 'Account management', party: provider });
    const delivery = create(b, at(180000), 'department', { name: 'Service delivery', party: provider });
    const audit = create(b, at(180000), 'department', { name: 'Audit team', party: contractor });
    const person = (name, department, title, email, level, key, cadence, management = false) =>
      create(b, at(240000), 'person', {
        name,
        department,
        title,
        emails: [email],
        authority_level: level,
        key_stakeholder: key,
        management,
        ...(cadence ? { cadence_days: cadence } : {}),
      });
    person('Maria Lopez', finance, 'Finance director', 'maria.lopez@northwind.example', 4, true, 7);
    person('Tomás Ruiz', finance, 'AP supervisor', 'tomas.ruiz@northwind.example', 2, false, null);
    const jonas = person('Jonas Weber', logistics, 'Head of logistics', 'jonas.weber@northwind.example', 4, true, 7);
    const sam = person('Sam Carter', account, 'Outsourcing lead', 'sam.carter@brightline.example', 3, false, null);
    person('Lena Fischer', account, 'Account manager', 'lena.fischer@brightline.example', 3, false, null, true);
    person('Chloé Martin', delivery, 'Team lead, AP', 'chloe.martin@brightline.example', 2, false, null);
    person('Nadia Petrova', audit, 'Freight auditor', 'nadia.petrova@keystone.example', 1, false, null);
    const procedure = (code, name, owner, version, authority, disclose, description) =>
      create(b, at(300000), 'procedure', {
        code,
        name,
        owner_department: owner,
        version,
        disclosure_required: disclose,
        description,
        ...(authority ? { exception_authority: authority } : {}),
      });
    procedure(
      'FIN-01',
      'Three-way match before payment',
      finance,
      '2.0',
      3,
      true,
      'Invoices are paid only when PO, goods receipt and invoice agree.',
    );
    const cutoff = procedure(
      'FIN-04',
      'Month-end invoice cut-off',
      finance,
      '1.3',
      4,
      true,
      'Invoices received after the 25th are booked in the next period.',
    );
    procedure(
      'LOG-02',
      'Carrier invoice approval',
      logistics,
      '2.2',
      3,
      true,
      'Carrier invoices are approved against the rate card and proof of delivery.',
    );
    procedure('BL-01', 'Ticket triage', delivery, '4.0', null, false, 'Every inbound request gets a ticket within one working day.');
    create(b, at(360000), 'scope', {
      name: 'Accounts payable processing',
      reference: 'SOW §2.1',
      description: 'Invoice capture, matching, payment proposals.',
    });
    create(b, at(360000), 'scope', {
      name: 'Carrier invoice audit',
      reference: 'SOW §3.1',
      description: 'Audit of road and sea freight invoices against rate cards.',
    });
    const payroll = create(sam, at(2 * day), 'scope', {
      name: 'Payroll processing',
      reference: 'SOW §4',
      description: 'Entered from the draft SOW.',
    });
    voidEntry(sam, at(2 * day + 1800000), payroll, 'Payroll was removed from the signed SOW; entered from the draft by mistake.');
    const old = row(need(cutoff)).data;
    amend(sam, at(17 * day), cutoff, { ...old, version: '1.4' }, 'Northwind Finance issued version 1.4 of the cut-off procedure on 4 Oct.');
    const jonasData = row(need(jonas)).data;
    amend(sam, at(30 * day), jonas, { ...jonasData, cadence_days: 5 }, 'Jonas asked for twice-weekly updates during peak season.');
    return sam;
  }

  function bootstrap({ providerName, departmentName, name, email }) {
    const at = now();
    const hadPeople = providerPeople().length > 0;
    const errors = [];
    let party = live('party').find((p) => p.data.role === 'provider')?.key;
    if (!party && !String(providerName ?? '').trim()) errors.push({ entity: 'party', field: 'name', message: 'Name is required' });
    if (!String(departmentName ?? '').trim()) errors.push({ entity: 'department', field: 'name', message: 'Name is required' });
    if (!String(name ?? '').trim()) errors.push({ entity: 'person', field: 'name', message: 'Name is required' });
    const mail = String(email ?? '').trim();
    if (mail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(mail))
      errors.push({ entity: 'person', field: 'emails[0]', message: `"${mail}" is not an e-mail address` });
    if (errors.length) throw invalid(errors);
    const personKey = newKey();
    const actor = hadPeople ? personKey : BOOTSTRAP;
    if (!party) party = create(actor, at, 'party', { name: providerName, role: 'provider' });
    const wanted = departmentName.trim().toLowerCase();
    let dept = live('department').find((d) => d.data.party === party && d.data.name.trim().toLowerCase() === wanted)?.key;
    if (!dept) dept = create(actor, at, 'department', { name: departmentName, party });
    const data = normalise('person', { name, department: dept, emails: mail ? [mail] : [] });
    record(actor, at, { action: 'create', kind: 'person', key: personKey, data });
    return personKey;
  }

  function open(path) {
    if (!dbs.has(path)) dbs.set(path, newDb(path));
    db = dbs.get(path);
    touch(path);
  }

  function args(cmd, given, names) {
    for (const [name, type] of Object.entries(names)) {
      const v = given?.[name];
      const ok = type === 'any' ? v !== undefined : typeof v === type;
      if (!ok)
        throw new Failure('internal', `invalid args \`${name}\` for command \`${cmd}\`: command ${cmd} missing required key ${name}`);
    }
    return given;
  }

  const handlers = {
    app_state: () => state(),
    create_engagement: (a) => {
      args('create_engagement', a, { data: 'object' });
      if (live('engagement').length) throw new Failure('refused', 'this database already holds an engagement');
      const actor = providerPeople().length ? author() : BOOTSTRAP;
      create(actor, now(), 'engagement', a.data);
      return state();
    },
    load_demo: () => {
      db.identity = loadDemo();
      return state();
    },
    bootstrap_identity: (a) => {
      args('bootstrap_identity', a, { providerName: 'string', departmentName: 'string', name: 'string', email: 'string' });
      db.identity = bootstrap(a);
      return state();
    },
    set_identity: (a) => {
      args('set_identity', a, { key: 'string' });
      const person = providerPeople().find((p) => p.key === a.key);
      if (!person) {
        const found = db.entities.get(a.key);
        if (!found) throw new Failure('not_found', `not found: ${a.key}`);
        throw new Failure('refused', `${row(found).label} is not a person of the provider; changes are recorded by the provider's people`);
      }
      db.identity = a.key;
      return state();
    },
    open_database: (a) => {
      args('open_database', a, { path: 'string' });
      open(a.path);
      return state();
    },
    list: (a) => {
      args('list', a, { kind: 'string', includeVoided: 'boolean' });
      if (!KINDS.includes(a.kind)) throw new Failure('invalid', `unknown kind "${a.kind}"`);
      return [...db.entities.values()]
        .filter((e) => e.kind === a.kind)
        .map(row)
        .filter((r) => a.includeVoided || !r.voided);
    },
    get: (a) => row(need(args('get', a, { key: 'string' }).key)),
    history: (a) => {
      const entity = need(args('history', a, { key: 'string' }).key);
      return entity.versions.map((v) => {
        const actor = v.actor === BOOTSTRAP ? undefined : db.entities.get(v.actor);
        return { ...structuredClone(v), actor_name: actor ? row(actor).label : v.actor };
      });
    },
    create: (a) => {
      args('create', a, { kind: 'string', data: 'object' });
      if (!KINDS.includes(a.kind) || a.kind === 'engagement') throw new Failure('invalid', `unknown kind "${a.kind}"`);
      const key = create(author(), now(), a.kind, a.data);
      return row(need(key));
    },
    amend: (a) => {
      args('amend', a, { key: 'string', data: 'object', reason: 'string' });
      amend(author(), now(), a.key, a.data, a.reason);
      return row(need(a.key));
    },
    void_entry: (a) => {
      args('void_entry', a, { key: 'string', reason: 'string' });
      voidEntry(author(), now(), a.key, a.reason);
      return row(need(a.key));
    },
    verify: () => {
      const head = db.events[db.events.length - 1];
      return { events: db.events.length, entities: db.entities.size, head: head ? { seq: head.seq, hash: head.hash } : null, findings: [] };
    },
    backup: (a) => {
      args('backup', a, { path: 'string' });
      backups.push({ from: db.path, to: a.path, events: db.events.length });
      return null;
    },
    'plugin:dialog|open': () => options.openPath ?? SHARED_DB,
    'plugin:dialog|save': (a) => options.savePath ?? a?.options?.defaultPath ?? `${HOME}/candor-backup.db`,
  };

  open(SHARED_DB);
  loadDemo();
  db.identity = null;
  recent.length = 0;
  open(DEFAULT_DB);

  async function invoke(cmd, payload) {
    calls.push({ cmd, args: structuredClone(payload ?? {}) });
    const handler = handlers[cmd];
    if (!handler) throw new Failure('internal', `command ${cmd} not found`);
    try {
      return structuredClone(handler(payload ?? {}));
    } catch (e) {
      if (e instanceof Failure) throw { kind: e.kind, message: e.message, fields: e.fields };
      throw { kind: 'internal', message: String(e && e.message ? e.message : e), fields: [] };
    }
  }

  const callbacks = new Map();
  window.__TAURI_INTERNALS__ = window.__TAURI_INTERNALS__ ?? {};
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = window.__TAURI_EVENT_PLUGIN_INTERNALS__ ?? {};
  Object.assign(window.__TAURI_INTERNALS__, {
    invoke,
    transformCallback(callback, once = false) {
      const id = window.crypto.getRandomValues(new Uint32Array(1))[0];
      callbacks.set(id, (data) => {
        if (once) callbacks.delete(id);
        return callback && callback(data);
      });
      return id;
    },
    unregisterCallback: (id) => callbacks.delete(id),
    runCallback: (id, data) => callbacks.get(id)?.(data),
    callbacks,
    metadata: { currentWindow: { label: 'main' }, currentWebview: { windowLabel: 'main', label: 'main' } },
  });
  window.__TAURI_EVENT_PLUGIN_INTERNALS__.unregisterListener = (_event, id) => callbacks.delete(id);
  window.__CANDOR_FAKE__ = { dbs, calls, backups, recent };
})();
