// An in-memory stand-in for Candor's Rust side, implementing the IPC contract
// (docs/ipc.md) closely enough to drive the UI in a real browser. Injected with
// page.addInitScript before the app loads; it installs window.__TAURI_INTERNALS__
// the way @tauri-apps/api/mocks mockIPC does, answers the dialog plugin and the
// event plugin (for file drops).
//
// Its data comes from window.__CANDOR_FIXTURE__ (fixtures/demo.json, made from the
// real CLI by fixtures/make-fixtures.mjs): the demo's candor/1 export, its flags
// as of the demo's "now", report previews, and what importing a few files gives.
//
// Options, read from window.__CANDOR_FAKE_OPTIONS__ (and changeable later through
// window.__CANDOR_FAKE__.options):
//   openPath      what the "open" dialog returns for a database (default: a shared copy of the demo, with no identity)
//   importPaths   what the "open" dialog returns when asked for several files (default: none)
//   folderPath    what the "open" dialog returns when asked for a folder
//   savePath      what the "save" dialog returns (default: the suggested path)
//   logSize       synthetic communications added to the log pages (older than the demo's), for scale
//   importDelay   milliseconds per imported message (default 120), so that progress can be seen and cancelled
//   exportDelay   milliseconds a PDF export takes (default 400)
// window.__CANDOR_FAKE__ exposes the databases, the calls made, backups, exports,
// reminders raised, and drop(paths) to simulate files dropped on the window.

(() => {
  const options = window.__CANDOR_FAKE_OPTIONS__ || {};
  const FIXTURE = window.__CANDOR_FIXTURE__;
  const HOME = '/home/sam';
  const DEFAULT_DB = `${HOME}/.local/share/candor/candor.db`;
  const SHARED_DB = `${HOME}/Shared/northwind-shared.db`;
  const BOOTSTRAP = 'bootstrap';
  const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

  // Field types: string, number, boolean, array (of strings), instant, day, object, objects; "?" marks optional.
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
    matter: { name: 'string', description: 'string', internal_note: 'string' },
    communication: {
      kind: 'string',
      status: 'string',
      occurred_at: 'instant',
      ends_at: 'instant?',
      channel: 'string',
      direction: 'string',
      from: 'string?',
      participants: 'array',
      addresses: 'array',
      subject: 'string',
      minutes: 'string',
      minutes_internal: 'boolean',
      minutes_sent_at: 'instant?',
      confirmed_at: 'instant?',
      confirmed_by: 'string?',
      source: 'object',
      attachments: 'objects',
      items: 'objects',
      internal_note: 'string',
    },
    request: {
      summary: 'string',
      requested_by: 'string',
      requested_at: 'instant',
      raised_in: 'string?',
      out_of_scope: 'boolean',
      scope_item: 'string?',
      keep_undisclosed: 'boolean',
      keep_undisclosed_by: 'string?',
      outcome: 'string',
      outcome_note: 'string',
      internal_note: 'string',
    },
    incident: { title: 'string', description: 'string', severity: 'string', occurred_at: 'instant?', known_at: 'instant', internal_note: 'string' },
    workaround: {
      procedure: 'string',
      performed_by: 'string',
      performed_at: 'instant',
      what: 'string',
      justification: 'string',
      justification_internal: 'boolean',
      approval: 'object?',
      request: 'string?',
      incident: 'string?',
      internal_note: 'string',
    },
    exception: {
      procedure: 'string',
      granted: 'boolean!',
      to: 'string',
      decided_by: 'string',
      decided_at: 'instant',
      summary: 'string',
      internal_note: 'string',
    },
    disclosure: {
      subject: 'string',
      audience: 'string',
      department: 'string?',
      communication: 'string?',
      disclosed_at: 'instant',
      note: 'string',
      internal: 'boolean',
      internal_note: 'string',
    },
    delegation: { from: 'string', to: 'string', starts: 'day', ends: 'day', note: 'string' },
    address_mapping: { address: 'string', person: 'string?' },
    settings: {
      deviation_undisclosed_days: 'number?',
      request_kept_quiet_days: 'number?',
      agreement_unminuted_days: 'number?',
      minutes_unconfirmed_days: 'number?',
      bad_news_days: 'number?',
      stale_workarounds: 'number?',
      stale_window_days: 'number?',
      boilerplate: 'array',
      min_justification_words: 'number?',
    },
    flag_note: { rule: 'string', flag: 'string', state: 'string', note: 'string', evidence: 'array' },
    issued_report: {
      week: 'string',
      edition: 'string',
      format: 'string',
      recipients: 'array',
      file_name: 'string',
      sha256: 'string',
      size: 'number',
      checkpoint: 'string',
    },
  };
  const KINDS = Object.keys(SCHEMA);
  const DEFAULTS = {
    engagement: { week_start: 'monday' },
    person: { authority_level: 1 },
    communication: { status: 'held', channel: 'official', direction: 'two_way', source: { format: '' } },
    request: { outcome: 'pending' },
    incident: { severity: 'medium' },
  };
  const OMIT_EMPTY = { communication: ['addresses', 'attachments', 'items'] };
  const SECTIONS = [
    ['engagement', 'engagement'],
    ['parties', 'party'],
    ['departments', 'department'],
    ['people', 'person'],
    ['procedures', 'procedure'],
    ['scope', 'scope'],
    ['matters', 'matter'],
    ['communications', 'communication'],
    ['requests', 'request'],
    ['incidents', 'incident'],
    ['workarounds', 'workaround'],
    ['exceptions', 'exception'],
    ['disclosures', 'disclosure'],
    ['delegations', 'delegation'],
    ['address_mappings', 'address_mapping'],
    ['settings', 'settings'],
    ['flag_notes', 'flag_note'],
    ['issued_reports', 'issued_report'],
  ];

  class Failure {
    constructor(kind, message, fields = []) {
      this.kind = kind;
      this.message = message;
      this.fields = fields;
    }
  }

  const human = (field) => {
    const base = field.replace(/^.*\./, '').replace(/\[\d+\]$/, '');
    return base.charAt(0).toUpperCase() + base.slice(1).replace(/_/g, ' ');
  };

  function fnv(text) {
    let h = 0xcbf29ce484222325n;
    for (const ch of new TextEncoder().encode(text)) {
      h ^= BigInt(ch);
      h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
    }
    return h.toString(16).padStart(16, '0');
  }

  const sha = (text) => [0, 1, 2, 3].map((i) => fnv(`${i}|${text}`)).join('');

  function newDb(path) {
    return { path, events: [], entities: new Map(), identity: null, nextKey: 1, flags: [], bodies: new Map(), synthetic: 0, notified: [] };
  }

  const dbs = new Map();
  const recent = [];
  const calls = [];
  const backups = [];
  const exports = [];
  const listeners = new Map();
  let db;
  let cancelled = false;

  function touch(path) {
    const i = recent.indexOf(path);
    if (i >= 0) recent.splice(i, 1);
    recent.unshift(path);
  }

  function label(kind, data) {
    switch (kind) {
      case 'procedure':
        return data.code ? `${data.code} ${data.name}` : String(data.name ?? '');
      case 'communication':
        return String(data.subject ?? '');
      case 'request':
      case 'exception':
        return String(data.summary ?? '');
      case 'incident':
        return String(data.title ?? '');
      case 'settings':
        return 'Flag thresholds';
      case 'workaround':
        return String(data.what ?? '');
      case 'disclosure':
        return `disclosure of ${data.subject}`;
      case 'delegation':
        return `delegation ${data.from} → ${data.to}`;
      case 'address_mapping':
        return String(data.address ?? '');
      case 'flag_note':
        return `${data.state} ${data.rule}`;
      case 'issued_report':
        return `${data.week} ${data.edition} report (${data.format})`;
      default:
        return String(data.name ?? '');
    }
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

  function instant(value) {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}/.test(value)) return null;
    const d = new Date(value.replace(' ', 'T'));
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }

  function typeCheck(kind, data, fail) {
    const schema = SCHEMA[kind];
    for (const [field, value] of Object.entries(data)) {
      const type = schema[field];
      if (!type) {
        fail(field, `unknown field \`${field}\``);
        continue;
      }
      const optional = type.endsWith('?');
      if (optional && value === null) continue;
      const base = type.replace(/[?!]$/, '');
      const ok =
        base === 'array'
          ? Array.isArray(value) && value.every((v) => typeof v === 'string')
          : base === 'objects'
            ? Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null)
            : base === 'object'
              ? typeof value === 'object' && value !== null && !Array.isArray(value)
              : base === 'instant'
                ? instant(value) !== null
                : base === 'day'
                  ? typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
                  : typeof value === base;
      if (!ok) {
        const what = { array: 'a list of text', objects: 'a list', object: 'an object', instant: 'an RFC 3339 instant', day: 'a day YYYY-MM-DD' }[base];
        fail(field, `must be ${what ?? `a ${base}`}, not ${JSON.stringify(value)}`);
      }
    }
    for (const [field, type] of Object.entries(schema)) {
      if (!type.endsWith('?') && data[field] === undefined && !(OMIT_EMPTY[kind] ?? []).includes(field)) fail(field, `${human(field)} is required`);
    }
  }

  function validate(kind, data, entity = kind) {
    const errors = [];
    const fail = (field, message) => errors.push({ entity, field, message });
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw new Failure('invalid', `${kind}: data must be an object`, [{ entity, field: '', message: 'data must be an object' }]);
    typeCheck(kind, data, fail);
    const required = (field, value = data[field]) => {
      if (String(value ?? '').trim() === '') fail(field, `${human(field)} is required`);
    };
    const range = (field, lo, hi) => {
      const v = data[field];
      if (typeof v === 'number' && (v < lo || v > hi || !Number.isInteger(v))) fail(field, `must be between ${lo} and ${hi}, not ${v}`);
    };
    const reference = (field, targets, key = data[field]) => {
      const kinds = Array.isArray(targets) ? targets : [targets];
      const k = String(key ?? '');
      if (k.trim() === '') return fail(field, `${human(field)} is required`);
      const found = db.entities.get(k);
      if (!found) return fail(field, `no ${kinds.join(' or ')} has the key "${k}"`);
      if (!kinds.includes(found.kind)) return fail(field, `"${k}" is a ${found.kind}, not a ${kinds.join(' or ')}`);
      if (row(found).voided) fail(field, `${found.kind} "${k}" is voided`);
    };
    const optionalRef = (field, targets) => {
      if (data[field] !== undefined && data[field] !== null) reference(field, targets);
    };
    const oneOf = (field, values) => {
      if (data[field] !== undefined && !values.includes(data[field]))
        fail(field, `unknown variant \`${data[field]}\`, expected one of ${values.map((v) => `\`${v}\``).join(', ')}`);
    };
    const after = (field, earlier, message) => {
      const a = instant(data[field]);
      const b = instant(data[earlier]);
      if (a && b && a < b) fail(field, message);
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
        oneOf('week_start', WEEKDAYS);
        range('default_cadence_days', 1, 365);
        break;
      }
      case 'party':
        required('name');
        oneOf('role', ['client', 'provider', 'third_party']);
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
      case 'matter':
        required('name');
        break;
      case 'communication': {
        oneOf('kind', ['meeting', 'call', 'email', 'chat', 'letter', 'ticket']);
        oneOf('status', ['held', 'scheduled', 'cancelled']);
        oneOf('channel', ['official', 'personal_phone', 'personal_email', 'personal_messaging', 'other_unofficial']);
        oneOf('direction', ['inbound', 'outbound', 'internal', 'two_way']);
        required('subject');
        after('ends_at', 'occurred_at', 'ends before it starts');
        optionalRef('from', 'person');
        (data.participants ?? []).forEach((p, i) => reference(`participants[${i}]`, 'person', p));
        after('minutes_sent_at', 'occurred_at', 'minutes cannot be sent before the communication took place');
        if (data.confirmed_at && !data.minutes_sent_at) fail('confirmed_at', 'minutes cannot be confirmed before they are sent');
        else after('confirmed_at', 'minutes_sent_at', 'is before the minutes were sent');
        optionalRef('confirmed_by', 'person');
        const ids = new Set();
        (data.items ?? []).forEach((item, i) => {
          const f = (name) => `items[${i}].${name}`;
          if (ids.has(item.id)) fail(f('id'), `duplicate item id "${item.id}"`);
          ids.add(item.id);
          if (String(item.id ?? '').trim() === '') fail(f('id'), 'Id is required');
          if (String(item.text ?? '').trim() === '') fail(f('text'), 'Text is required');
          if (!['decision', 'agreement', 'action', 'instruction'].includes(item.type)) fail(f('type'), `unknown variant \`${item.type}\``);
          if (item.matter !== undefined) reference(f('matter'), 'matter', item.matter);
          if (item.owner !== undefined) reference(f('owner'), 'person', item.owner);
          if (item.due !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(item.due)) fail(f('due'), `"${item.due}" is not a day such as 2026-11-20`);
          if (item.status === 'done' && !item.done_at) fail(f('done_at'), 'a done item needs the time it was done');
          if ((item.type === 'agreement' || item.type === 'action') && !item.owner)
            fail(f('owner'), 'an agreement or action needs an owner (who commits to it)');
          if (item.type === 'instruction') {
            if (item.department) reference(f('department'), 'department', item.department);
            else fail(f('department'), 'an instruction needs the department that gave it');
            if (!item.matter) fail(f('matter'), 'an instruction is given on a matter');
            if (String(item.position ?? '').trim() === '') fail(f('position'), 'Position is required');
          }
          const known = ['id', 'type', 'text', 'matter', 'owner', 'due', 'status', 'done_at', 'department', 'position', 'internal'];
          for (const k of Object.keys(item)) if (!known.includes(k)) fail(f(k), `unknown field \`${k}\``);
        });
        break;
      }
      case 'request':
        required('summary');
        reference('requested_by', 'person');
        optionalRef('raised_in', 'communication');
        optionalRef('scope_item', 'scope');
        optionalRef('keep_undisclosed_by', 'person');
        if (data.keep_undisclosed_by && !data.keep_undisclosed) fail('keep_undisclosed_by', 'only when the requester asked to keep it undisclosed');
        oneOf('outcome', ['pending', 'declined', 'change_request_raised', 'done_under_contract', 'done_as_favour']);
        break;
      case 'incident':
        required('title');
        oneOf('severity', ['low', 'medium', 'high']);
        if (data.occurred_at && data.known_at && instant(data.occurred_at) > instant(data.known_at)) fail('known_at', 'is before the incident occurred');
        break;
      case 'workaround':
        reference('procedure', 'procedure');
        reference('performed_by', 'person');
        required('what');
        if (String(data.justification ?? '').trim() === '')
          fail('justification', 'Justification is required: say why the procedure could not be followed');
        if (data.approval) {
          reference('approval.approver', 'person', data.approval.approver);
          if (!instant(data.approval.approved_at)) fail('approval.approved_at', 'Approved at is required');
        }
        optionalRef('request', 'request');
        optionalRef('incident', 'incident');
        break;
      case 'exception':
        reference('procedure', 'procedure');
        reference('to', ['party', 'department']);
        reference('decided_by', 'person');
        required('summary');
        break;
      case 'disclosure':
        reference('subject', ['workaround', 'request', 'incident']);
        oneOf('audience', ['client', 'provider_management']);
        optionalRef('department', 'department');
        optionalRef('communication', 'communication');
        break;
      case 'settings':
        for (const field of ['deviation_undisclosed_days', 'request_kept_quiet_days', 'agreement_unminuted_days', 'minutes_unconfirmed_days', 'bad_news_days', 'stale_window_days'])
          range(field, 0, 365);
        range('stale_workarounds', 2, 1000);
        range('min_justification_words', 0, 50);
        break;
      case 'delegation':
        reference('from', 'person');
        reference('to', 'person');
        if (data.from && data.from === data.to) fail('to', 'a person cannot delegate to themself');
        if (data.starts && data.ends && data.ends < data.starts) fail('ends', 'is before the first day');
        break;
    }
    return errors;
  }

  function normalise(kind, data) {
    const d = structuredClone(data);
    for (const [field, value] of Object.entries(DEFAULTS[kind] ?? {})) if (d[field] === undefined) d[field] = structuredClone(value);
    for (const [field, type] of Object.entries(SCHEMA[kind])) {
      if (type.endsWith('?')) {
        if (d[field] === null) delete d[field];
        else if (type.startsWith('instant') && d[field] !== undefined) d[field] = instant(d[field]) ?? d[field];
        continue;
      }
      if (d[field] === undefined) {
        if (type === 'string') d[field] = '';
        if (type === 'boolean') d[field] = false;
        if (type === 'array' || type === 'objects') d[field] = [];
        continue;
      }
      if (type === 'instant') d[field] = instant(d[field]) ?? d[field];
    }
    for (const field of OMIT_EMPTY[kind] ?? []) if (Array.isArray(d[field]) && d[field].length === 0) delete d[field];
    if (d.approval && typeof d.approval === 'object') d.approval = { ...d.approval, approved_at: instant(d.approval.approved_at) ?? d.approval.approved_at };
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
    const hash = sha(`${head ? head.hash : ''}|${seq}|${JSON.stringify(version)}`);
    db.events.push({ seq, hash });
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

  function create(actor, at, kind, data, key = newKey()) {
    const d = normalise(kind, data);
    const errors = validate(kind, d);
    if (errors.length) throw invalid(errors);
    return record(actor, at, { action: 'create', kind, key, data: d });
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
    if (JSON.stringify(d) === JSON.stringify(row(entity).data)) throw new Failure('refused', 'nothing to amend: the data is unchanged');
    record(actor, at, { action: 'amend', key: entityKey, data: d, reason });
  }

  /** Refuses a change based on an old version when its fields (or, for a void, anything) changed since. */
  function checkBase(entity, base, fields) {
    const versions = entity.versions;
    if (base < 1 || base > versions.length) throw new Failure('invalid', `${entity.key} has no version ${base}`);
    if (base === versions.length) return;
    const changed = new Map();
    for (let i = base; i < versions.length; i++) {
      const before = versions[i - 1].data ?? {};
      const after = versions[i].data ?? {};
      for (const k of new Set([...Object.keys(before), ...Object.keys(after)]))
        if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) changed.set(k, versions[i]);
    }
    const clash = fields === null ? [...changed.keys()] : fields.filter((f) => changed.has(f));
    if (fields !== null && clash.length === 0) return;
    const by = changed.get(clash[0]) ?? versions[versions.length - 1];
    const name = db.entities.get(by.actor) ? row(db.entities.get(by.actor)).label : by.actor;
    const failure = new Failure(
      'conflict',
      `conflict: ${entity.key} changed since version ${base}`,
      clash.map((f) => ({ entity: entity.key, field: f, message: `changed by ${name} at ${by.recorded_at}` })),
    );
    Object.assign(failure, { entity: entity.key, base, current: versions.length, changed_by: by.actor, changed_by_name: name, changed_at: by.recorded_at });
    throw failure;
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

  /** Replays the demo's export, version by version, in the order it was recorded. */
  function loadDemo() {
    if (db.events.length) throw new Failure('refused', `${db.path} already holds a record; the demo loads into an empty database`);
    const doc = FIXTURE.document;
    const versions = [];
    SECTIONS.forEach(([section, kind], order) => {
      const value = doc[section];
      const entities = Array.isArray(value) ? value : value ? [value] : [];
      for (const e of entities) for (const v of e.history) versions.push({ order, kind, key: e.key, v });
    });
    versions.sort(
      (a, b) => a.v.recorded_at.localeCompare(b.v.recorded_at) || a.order - b.order || a.key.localeCompare(b.key) || a.v.version - b.v.version,
    );
    for (const { kind, key, v } of versions)
      record(v.actor, v.recorded_at, { action: v.action, kind, key, data: v.data ?? undefined, reason: v.reason });
    db.flags = structuredClone(FIXTURE.flags);
    db.synthetic = options.logSize ?? 0;
    return live('person').find((p) => p.label === 'Sam Carter').key;
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
      const ok = type === 'any' ? v !== undefined : type === 'array' ? Array.isArray(v) : type === 'nullable' ? v === null || typeof v === 'string' : typeof v === type;
      if (!ok)
        throw new Failure('internal', `invalid args \`${name}\` for command \`${cmd}\`: command ${cmd} missing required key ${name}`);
    }
    return given;
  }

  // Time in the engagement's zone: local days and ISO weeks.

  function zone() {
    return live('engagement')[0]?.data.time_zone ?? 'UTC';
  }

  const dayFormats = new Map();
  function localDay(iso) {
    const tz = zone();
    if (!dayFormats.has(tz)) dayFormats.set(tz, new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }));
    return dayFormats.get(tz).format(new Date(iso));
  }

  function isoWeekOfDay(day) {
    const d = new Date(`${day}T12:00:00Z`);
    const weekday = (d.getUTCDay() + 6) % 7;
    const thursday = new Date(d.getTime() + (3 - weekday) * 86400000);
    const year = thursday.getUTCFullYear();
    const jan4 = new Date(`${year}-01-04T12:00:00Z`);
    const firstMonday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86400000);
    const week = Math.floor((d.getTime() - weekday * 86400000 - firstMonday.getTime()) / (7 * 86400000)) + 1;
    return `${year}-W${String(week).padStart(2, '0')}`;
  }

  const weeks = new Map();
  /** The ISO week of an instant in the engagement's zone (cached by the hour: the log asks it of every entry). */
  function weekOf(iso) {
    const hour = iso.slice(0, 13);
    if (!weeks.has(hour)) weeks.set(hour, isoWeekOfDay(localDay(iso)));
    return weeks.get(hour);
  }

  // The log: the record's communications, then (for scale) synthetic older ones made on demand.

  const SYNTHETIC_KINDS = ['email', 'call', 'meeting', 'chat', 'email', 'ticket'];

  let syntheticPeople = null;

  function synthetic(i) {
    syntheticPeople ??= live('person');
    const people = syntheticPeople;
    const at = new Date(Date.parse('2026-09-01T08:00:00.000Z') - i * 37 * 60000).toISOString();
    const kind = SYNTHETIC_KINDS[i % SYNTHETIC_KINDS.length];
    const a = people[i % people.length];
    const b = people[(i * 7 + 3) % people.length];
    return {
      key: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      kind: 'communication',
      version: 1,
      voided: false,
      recorded_at: at,
      label: `Archived ${kind} #${100000 - i}`,
      data: {
        kind,
        status: 'held',
        occurred_at: at,
        channel: i % 97 === 0 ? 'personal_phone' : 'official',
        direction: kind === 'email' ? 'inbound' : 'two_way',
        participants: a.key === b.key ? [a.key] : [a.key, b.key],
        subject: `Archived ${kind} #${100000 - i}`,
        minutes: 'Archived from the previous tool.',
        minutes_internal: false,
        source: { format: 'csv', file: '/home/sam/archive.csv', index: i + 1 },
        internal_note: '',
      },
    };
  }

  function matches(r, filter) {
    const d = r.data;
    const people = [...(d.participants ?? []), ...(d.from ? [d.from] : [])];
    const person = (key) => db.entities.get(key) && row(db.entities.get(key));
    if (filter.kind && d.kind !== filter.kind) return false;
    if (filter.channel && d.channel !== filter.channel) return false;
    if (filter.person && !people.includes(filter.person)) return false;
    if (filter.department && !people.some((p) => person(p)?.data.department === filter.department)) return false;
    if (filter.party && !people.some((p) => person(person(p)?.data.department ?? '')?.data.party === filter.party)) return false;
    if (filter.kind && d.kind !== filter.kind) return false;
    if (filter.channel && d.channel !== filter.channel) return false;
    if (filter.week && weekOf(d.occurred_at) !== filter.week) return false;
    return true;
  }

  const syntheticIndex = new Map();

  function logList(filter, offset, limit) {
    const real = live('communication')
      .filter((r) => matches(r, filter))
      .sort((a, b) => b.data.occurred_at.localeCompare(a.data.occurred_at) || b.key.localeCompare(a.key));
    let extra = [];
    if (db.synthetic) {
      const key = JSON.stringify(filter);
      if (!syntheticIndex.has(key)) {
        const plain = !filter.person && !filter.department && !filter.party && !filter.kind && !filter.channel && !filter.week;
        syntheticIndex.set(key, plain ? null : Array.from({ length: db.synthetic }, (_, i) => i).filter((i) => matches(synthetic(i), filter)));
      }
      extra = syntheticIndex.get(key) ?? { length: db.synthetic, plain: true };
    }
    const total = real.length + extra.length;
    const rows = [];
    for (let i = offset; i < Math.min(total, offset + Math.min(limit, 1000)); i++) {
      if (i < real.length) rows.push(real[i]);
      else rows.push(synthetic(extra.plain ? i - real.length : extra[i - real.length]));
    }
    return { total, offset, rows };
  }

  // Search: every word must occur (the last as a prefix); matches marked between \u0002 and \u0003.

  const SEARCHED = {
    communication: (d) => [d.subject, d.minutes, ...(d.items ?? []).map((i) => i.text)],
    workaround: (d) => [d.what, d.justification],
    request: (d) => [d.summary, d.outcome_note],
    incident: (d) => [d.title, d.description],
    matter: (d) => [d.name, d.description],
    procedure: (d) => [`${d.code} ${d.name}`, d.description],
    exception: (d) => [d.summary],
  };

  function search(query, limit) {
    const words = String(query)
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    if (!words.length) return [];
    const hits = [];
    for (const [kind, fields] of Object.entries(SEARCHED)) {
      for (const r of live(kind)) {
        const texts = fields(r.data)
          .filter(Boolean)
          .map(String)
          .concat(kind === 'communication' && db.bodies.get(r.key)?.text ? [db.bodies.get(r.key).text] : []);
        const all = texts.join('\n').toLowerCase();
        if (!words.every((w) => all.includes(w))) continue;
        const text = texts.find((t) => t.toLowerCase().includes(words[0])) ?? texts[0];
        const at = text.toLowerCase().indexOf(words[0]);
        const start = Math.max(0, at - 40);
        let snippet = (start > 0 ? '…' : '') + text.slice(start, start + 120) + (start + 120 < text.length ? '…' : '');
        for (const w of words) snippet = snippet.replace(new RegExp(`(${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`, 'gi'), '\u0002$1\u0003');
        hits.push({ key: r.key, kind, title: r.label, snippet, score: r.label.toLowerCase().includes(words[0]) ? 0 : 1 });
      }
    }
    return hits
      .sort((a, b) => a.score - b.score)
      .slice(0, limit)
      .map(({ score: _, ...h }) => h);
  }

  // Imports: what the real importer made of the fixture's files, keyed by file name.

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const baseName = (path) => path.split(/[\\/]/).pop();

  async function importFiles(paths, channel) {
    const actor = author();
    cancelled = false;
    let index = 0;
    const send = (message) => window.__TAURI_INTERNALS__.runCallback(channel.id, { message, index: index++ });
    const reports = [];
    for (const path of paths) {
      const name = baseName(path);
      if (!/\.(eml|mbox|ics|csv)$/i.test(name)) throw new Failure('refused', `${path}: Candor imports .eml, .mbox, .ics and .csv files`);
      const file = FIXTURE.imports[name];
      if (!file) throw new Failure('refused', `${path}: No such file or directory (os error 2)`);
      const report = { file: path, sha256: file.sha256, imported: [], amended: [], already_present: 0, refused: [], file_refused: file.file_refused };
      if (file.note) report.note = file.note;
      if (file.file_refused) {
        report.refused = file.refused.map((r) => ({ file: path, at: r.at, reason: r.reason }));
        reports.push(report);
        continue;
      }
      const steps = [...file.messages.map((m) => ({ m })), ...file.refused.map((r) => ({ r }))];
      const written = [];
      for (let n = 0; n < steps.length; n++) {
        send({ file: path, done: n, total: steps.length });
        await sleep(options.importDelay ?? 120);
        if (cancelled) throw new Failure('refused', `${path}: import cancelled; nothing was written`);
        const { m, r } = steps[n];
        if (r) {
          report.refused.push({ file: path, at: r.at, reason: r.reason });
          continue;
        }
        const id = m.data.source.message_id;
        if (live('communication').some((c) => c.data.source?.message_id === id) || written.some((w) => w.data.source.message_id === id)) {
          report.already_present += 1;
          continue;
        }
        written.push(m);
      }
      const at = now();
      for (const m of written) {
        const data = structuredClone(m.data);
        data.source = { ...data.source, file: path };
        data.participants = [...data.participants];
        for (const address of data.addresses ?? []) {
          const mapping = live('address_mapping').find((a) => a.data.address === address);
          if (mapping?.data.person && !data.participants.includes(mapping.data.person)) data.participants.push(mapping.data.person);
        }
        const key = create(actor, at, 'communication', data);
        db.bodies.set(key, { text: data.minutes, html: m.html });
        report.imported.push(key);
      }
      reports.push(report);
    }
    return reports;
  }

  function knownAddresses() {
    const known = new Set(live('person').flatMap((p) => p.data.emails ?? []));
    for (const m of live('address_mapping')) known.add(m.data.address);
    return known;
  }

  function unmatched() {
    const known = knownAddresses();
    const counts = new Map();
    for (const c of live('communication'))
      for (const a of new Set(c.data.addresses ?? [])) if (!known.has(a)) counts.set(a, (counts.get(a) ?? 0) + 1);
    return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([address, communications]) => ({ address, communications }));
  }

  function mapAddress(address, person) {
    const actor = author();
    const at = now();
    const lower = String(address).toLowerCase();
    create(actor, at, 'address_mapping', { address: lower, ...(person ? { person } : {}) });
    if (!person) return 0;
    let amended = 0;
    for (const c of live('communication')) {
      if (!(c.data.addresses ?? []).includes(lower) || c.data.participants.includes(person)) continue;
      amend(actor, at, c.key, { ...c.data, participants: [...c.data.participants, person] }, `${lower} is ${row(need(person)).label}`);
      amended += 1;
    }
    return amended;
  }

  // The cadence owed to client and third-party key stakeholders (the core's rule, simply).

  function cadence() {
    const engagement = live('engagement')[0];
    const fallback = engagement?.data.default_cadence_days ?? 14;
    const at = now();
    const updates = new Map();
    for (const c of live('communication')) {
      const d = c.data;
      if (d.status !== 'held' || d.occurred_at > at) continue;
      if (!(d.kind === 'meeting' || d.kind === 'call' || d.direction === 'outbound')) continue;
      for (const p of d.participants) updates.set(p, [...(updates.get(p) ?? []), d.occurred_at]);
    }
    const dept = new Map(live('department').map((d) => [d.key, d]));
    const role = new Map(live('party').map((p) => [p.key, p.data.role]));
    return live('person')
      .filter((p) => p.data.key_stakeholder && role.get(dept.get(p.data.department)?.data.party) !== 'provider')
      .map((p) => ({
        key: p.key,
        name: p.label,
        cadence_days: p.data.cadence_days ?? dept.get(p.data.department)?.data.cadence_days ?? fallback,
        updates: (updates.get(p.key) ?? []).sort(),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  function report(week, edition) {
    const fixed = FIXTURE.reports[week]?.[edition];
    if (fixed) return fixed;
    const engagement = live('engagement')[0];
    const title = engagement ? engagement.label : 'Candor';
    return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title} — weekly report ${week}</title></head><body><h1>${title}</h1><p>Weekly transparency report · ${week} · ${edition} edition</p><p>Nothing was recorded in this week.</p></body></html>`;
  }

  const edition = (e) => {
    if (e !== 'client' && e !== 'internal') throw new Failure('invalid', `unknown edition "${e}"`);
    return e;
  };
  const FORMATS = ['html', 'pdf', 'md', 'xlsx', 'csv', 'json'];
  const format = (f) => {
    if (!FORMATS.includes(f)) throw new Failure('invalid', `unknown format "${f}"`);
    return f;
  };

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
    get: (a) => {
      const key = args('get', a, { key: 'string' }).key;
      if (!db.entities.has(key) && key.startsWith('00000000-0000-7000-8000-')) return synthetic(Number(key.slice(-12)));
      return row(need(key));
    },
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
      args('amend', a, { key: 'string', base: 'number', fields: 'object', reason: 'string' });
      const entity = need(a.key);
      checkBase(entity, a.base, Object.keys(a.fields));
      const data = { ...row(entity).data };
      for (const [k, v] of Object.entries(a.fields)) {
        if (v === null) delete data[k];
        else data[k] = v;
      }
      amend(author(), now(), a.key, data, a.reason);
      return row(need(a.key));
    },
    void_entry: (a) => {
      args('void_entry', a, { key: 'string', base: 'number', reason: 'string' });
      checkBase(need(a.key), a.base, null);
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
    log_list: (a) => {
      args('log_list', a, { filter: 'object', offset: 'number', limit: 'number' });
      if (a.filter.week && !/^\d{4}-W\d{2}$/.test(a.filter.week)) throw new Failure('refused', `"${a.filter.week}" is not an ISO week such as 2026-W47`);
      return logList(a.filter, a.offset, a.limit);
    },
    search: (a) => {
      args('search', a, { query: 'string', limit: 'number' });
      return search(a.query, a.limit);
    },
    message_body: (a) => {
      const key = args('message_body', a, { key: 'string' }).key;
      const body = db.bodies.get(key);
      if (!body) throw new Failure('not_found', `${key} has no kept original message`);
      return { text: body.text, html: body.html };
    },
    import_files: (a) => {
      args('import_files', a, { paths: 'array', onProgress: 'object' });
      return importFiles(a.paths, a.onProgress);
    },
    cancel_import: () => {
      cancelled = true;
      return null;
    },
    unmatched: () => unmatched(),
    map_address: (a) => {
      args('map_address', a, { address: 'string', person: 'nullable' });
      return mapAddress(a.address, a.person);
    },
    flags: () => db.flags,
    annotate_flag: (a) => {
      args('annotate_flag', a, { id: 'string', resolve: 'boolean', note: 'string' });
      const actor = author();
      if (!a.note.trim()) throw new Failure('refused', 'a note is required to acknowledge or resolve a flag');
      const flag = db.flags.find((f) => f.id === a.id);
      if (!flag) throw new Failure('refused', `no flag "${a.id}" holds now`);
      const state = a.resolve ? 'resolved' : 'acknowledged';
      create(actor, now(), 'flag_note', { rule: flag.rule, flag: flag.id, state, note: a.note, evidence: flag.evidence.map((e) => e.key) });
      flag.state = state;
      flag.note = a.note;
      return db.flags;
    },
    cadence: () => cadence(),
    check_reminders: (a) => {
      args('check_reminders', a, { opening: 'boolean' });
      const raised = a.opening ? 1 : 0;
      db.notified.push({ opening: a.opening, raised });
      return raised;
    },
    current_week: () => weekOf(now()),
    report_preview: (a) => {
      args('report_preview', a, { week: 'string', edition: 'string' });
      return report(a.week, edition(a.edition));
    },
    report_export: async (a) => {
      args('report_export', a, { week: 'string', edition: 'string', format: 'string', path: 'string' });
      edition(a.edition);
      format(a.format);
      if (a.format === 'pdf') await sleep(options.exportDelay ?? 400);
      exports.push({ week: a.week, edition: a.edition, format: a.format, path: a.path });
      if (a.format === 'csv') return ['summary', 'communications', 'workarounds', 'requests', 'incidents', 'flags'].map((n) => `${a.path}/${n}.csv`);
      return [a.path];
    },
    report_issue: async (a) => {
      args('report_issue', a, { week: 'string', edition: 'string', format: 'string', path: 'string', recipients: 'array' });
      edition(a.edition);
      format(a.format);
      if (a.format === 'csv') throw new Failure('refused', 'A CSV report is a folder of files: issue HTML, PDF, Markdown, XLSX or JSON.');
      const head = db.events[db.events.length - 1];
      const body = report(a.week, a.edition);
      const key = create(author(), now(), 'issued_report', {
        week: a.week,
        edition: a.edition,
        format: a.format,
        recipients: a.recipients,
        file_name: baseName(a.path),
        sha256: sha(`${a.format}|${body}`),
        size: body.length,
        checkpoint: head ? `${head.seq}:${head.hash}` : '',
      });
      exports.push({ week: a.week, edition: a.edition, format: a.format, path: a.path, issued: key });
      return key;
    },
    'plugin:dialog|open': (a) => {
      const o = a?.options ?? {};
      if (o.directory) return options.folderPath ?? `${HOME}/Reports`;
      if (o.multiple) return options.importPaths ?? null;
      return options.openPath ?? SHARED_DB;
    },
    'plugin:dialog|save': (a) => options.savePath ?? a?.options?.defaultPath ?? `${HOME}/candor-backup.db`,
    'plugin:event|listen': (a) => {
      const id = window.crypto.getRandomValues(new Uint32Array(1))[0];
      listeners.set(id, { event: a.event, handler: a.handler });
      return id;
    },
    'plugin:event|unlisten': (a) => {
      listeners.delete(a.eventId);
      return null;
    },
  };

  function emit(event, payload) {
    for (const [id, l] of listeners) if (l.event === event) window.__TAURI_INTERNALS__.runCallback(l.handler, { event, id, payload });
  }

  open(SHARED_DB);
  loadDemo();
  db.identity = null;
  recent.length = 0;
  open(DEFAULT_DB);

  async function invoke(cmd, payload) {
    calls.push({ cmd, args: cmd === 'import_files' ? { paths: [...payload.paths] } : structuredClone(payload ?? {}) });
    const handler = handlers[cmd];
    if (!handler) throw new Failure('internal', `command ${cmd} not found`);
    try {
      return structuredClone(await handler(payload ?? {}));
    } catch (e) {
      if (e instanceof Failure) throw { ...e };
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
  window.__TAURI_EVENT_PLUGIN_INTERNALS__.unregisterListener = (_event, id) => listeners.delete(id);
  window.__CANDOR_FAKE__ = {
    dbs,
    calls,
    backups,
    exports,
    recent,
    options,
    get db() {
      return db;
    },
    /** Files dragged over and dropped on the window. */
    drop(paths) {
      emit('tauri://drag-enter', { paths, position: { x: 400, y: 300 } });
      emit('tauri://drag-over', { position: { x: 410, y: 310 } });
      emit('tauri://drag-drop', { paths, position: { x: 410, y: 310 } });
    },
  };
})();
