// Generated from Candor's model types by `candor schema --typescript`: do not edit.
// Each kind's fields, each choice's labels, the rules and report formats, as the
// core describes them (crates/candor-core/src/describe). A test checks that this
// file is what the core prints; to change it, change the Rust types and run
// `candor schema --typescript > ui/src/lib/model.gen.ts`.

/** Every kind of entry, in the record's order. */
export const KINDS = [
  "engagement",
  "party",
  "department",
  "person",
  "procedure",
  "scope",
  "matter",
  "communication",
  "request",
  "incident",
  "workaround",
  "exception",
  "disclosure",
  "delegation",
  "address_mapping",
  "settings",
  "flag_note",
  "issued_report"
] as const;
export type Kind = (typeof KINDS)[number];

/** How a field is entered. */
export type Input = 'text' | 'number' | 'checkbox' | 'select' | 'reference' | 'list' | 'instant' | 'day' | 'other';

/** One field of a kind's data, as the core describes it. */
export interface ModelField {
  name: string;
  label: string;
  hint?: string;
  input: Input;
  required: boolean;
  many: boolean;
  refs?: readonly Kind[];
  choices?: EnumName;
  nest?: string;
  min?: number;
  max?: number;
}

/** A value and its label. */
export interface Choice<V = string> {
  value: V;
  label: string;
}

/** Each kind's name for people and its fields, in the type's order. */
export const MODEL: Record<Kind, { noun: string; fields: readonly ModelField[] }> = {
  "address_mapping": {
    "fields": [
      {
        "input": "text",
        "label": "Address",
        "many": false,
        "name": "address",
        "required": true
      },
      {
        "input": "reference",
        "label": "Person",
        "many": false,
        "name": "person",
        "refs": [
          "person"
        ],
        "required": false
      }
    ],
    "noun": "address mapping"
  },
  "communication": {
    "fields": [
      {
        "input": "other",
        "label": "Addresses",
        "many": true,
        "name": "addresses",
        "required": false
      },
      {
        "input": "other",
        "label": "Attachments",
        "many": true,
        "name": "attachments",
        "required": false
      },
      {
        "choices": "Channel",
        "input": "select",
        "label": "Channel",
        "many": false,
        "name": "channel",
        "required": false
      },
      {
        "input": "instant",
        "label": "Client confirmed",
        "many": false,
        "name": "confirmed_at",
        "required": false
      },
      {
        "input": "reference",
        "label": "Confirmed by",
        "many": false,
        "name": "confirmed_by",
        "refs": [
          "person"
        ],
        "required": false
      },
      {
        "choices": "Direction",
        "input": "select",
        "label": "Direction",
        "many": false,
        "name": "direction",
        "required": false
      },
      {
        "input": "instant",
        "label": "Ended",
        "many": false,
        "name": "ends_at",
        "required": false
      },
      {
        "input": "reference",
        "label": "From",
        "many": false,
        "name": "from",
        "refs": [
          "person"
        ],
        "required": false
      },
      {
        "hint": "Internal only: never shown to the client.",
        "input": "text",
        "label": "Internal note",
        "many": false,
        "name": "internal_note",
        "required": false
      },
      {
        "input": "other",
        "label": "Items",
        "many": true,
        "name": "items",
        "required": false
      },
      {
        "choices": "CommKind",
        "input": "select",
        "label": "Kind",
        "many": false,
        "name": "kind",
        "required": true
      },
      {
        "input": "text",
        "label": "Minutes",
        "many": false,
        "name": "minutes",
        "required": false
      },
      {
        "input": "checkbox",
        "label": "Minutes internal",
        "many": false,
        "name": "minutes_internal",
        "required": false
      },
      {
        "input": "instant",
        "label": "Minutes sent",
        "many": false,
        "name": "minutes_sent_at",
        "required": false
      },
      {
        "input": "instant",
        "label": "When",
        "many": false,
        "name": "occurred_at",
        "required": true
      },
      {
        "input": "reference",
        "label": "Participants",
        "many": true,
        "name": "participants",
        "refs": [
          "person"
        ],
        "required": false
      },
      {
        "input": "other",
        "label": "Source",
        "many": false,
        "name": "source",
        "required": false
      },
      {
        "choices": "CommStatus",
        "input": "select",
        "label": "Status",
        "many": false,
        "name": "status",
        "required": false
      },
      {
        "input": "text",
        "label": "Subject",
        "many": false,
        "name": "subject",
        "required": true
      }
    ],
    "noun": "log entry"
  },
  "delegation": {
    "fields": [
      {
        "input": "day",
        "label": "Last day",
        "many": false,
        "name": "ends",
        "required": true
      },
      {
        "input": "reference",
        "label": "Who delegates",
        "many": false,
        "name": "from",
        "refs": [
          "person"
        ],
        "required": true
      },
      {
        "input": "text",
        "label": "Note",
        "many": false,
        "name": "note",
        "required": false
      },
      {
        "input": "day",
        "label": "First day",
        "many": false,
        "name": "starts",
        "required": true
      },
      {
        "input": "reference",
        "label": "To whom",
        "many": false,
        "name": "to",
        "refs": [
          "person"
        ],
        "required": true
      }
    ],
    "noun": "delegation"
  },
  "department": {
    "fields": [
      {
        "hint": "Leave empty for the engagement default.",
        "input": "number",
        "label": "Update cadence",
        "many": false,
        "max": 365,
        "min": 1,
        "name": "cadence_days",
        "required": false
      },
      {
        "hint": "Internal only: never shown to the client.",
        "input": "text",
        "label": "Internal note",
        "many": false,
        "name": "internal_note",
        "required": false
      },
      {
        "input": "text",
        "label": "Name",
        "many": false,
        "name": "name",
        "required": true
      },
      {
        "input": "reference",
        "label": "Party",
        "many": false,
        "name": "party",
        "refs": [
          "party"
        ],
        "required": true
      }
    ],
    "noun": "department"
  },
  "disclosure": {
    "fields": [
      {
        "choices": "Audience",
        "input": "select",
        "label": "Told to",
        "many": false,
        "name": "audience",
        "required": true
      },
      {
        "input": "reference",
        "label": "In which communication",
        "many": false,
        "name": "communication",
        "refs": [
          "communication"
        ],
        "required": false
      },
      {
        "hint": "When the client was told: which department.",
        "input": "reference",
        "label": "Client department",
        "many": false,
        "name": "department",
        "refs": [
          "department"
        ],
        "required": false
      },
      {
        "input": "instant",
        "label": "When",
        "many": false,
        "name": "disclosed_at",
        "required": true
      },
      {
        "input": "checkbox",
        "label": "Keep the note internal",
        "many": false,
        "name": "internal",
        "required": false
      },
      {
        "hint": "Internal only: never shown to the client.",
        "input": "text",
        "label": "Internal note",
        "many": false,
        "name": "internal_note",
        "required": false
      },
      {
        "hint": "Client-visible unless kept internal.",
        "input": "text",
        "label": "What was said",
        "many": false,
        "name": "note",
        "required": false
      },
      {
        "input": "reference",
        "label": "What was disclosed",
        "many": false,
        "name": "subject",
        "refs": [
          "workaround",
          "request",
          "incident"
        ],
        "required": true
      }
    ],
    "noun": "disclosure"
  },
  "engagement": {
    "fields": [
      {
        "hint": "How long a key stakeholder may go without an update, unless their own cadence says otherwise.",
        "input": "number",
        "label": "Default update cadence",
        "many": false,
        "max": 365,
        "min": 1,
        "name": "default_cadence_days",
        "required": true
      },
      {
        "hint": "Client-visible.",
        "input": "text",
        "label": "Description",
        "many": false,
        "name": "description",
        "required": false
      },
      {
        "hint": "Internal only: never shown to the client.",
        "input": "text",
        "label": "Internal note",
        "many": false,
        "name": "internal_note",
        "required": false
      },
      {
        "hint": "e.g. \"Acme Corp — Finance & Logistics outsourcing\"",
        "input": "text",
        "label": "Name",
        "many": false,
        "name": "name",
        "required": true
      },
      {
        "hint": "An IANA zone such as Europe/Madrid: days and weeks are counted in it.",
        "input": "text",
        "label": "Time zone",
        "many": false,
        "name": "time_zone",
        "required": true
      },
      {
        "choices": "Weekday",
        "input": "select",
        "label": "Week starts on",
        "many": false,
        "name": "week_start",
        "required": false
      }
    ],
    "noun": "engagement"
  },
  "exception": {
    "fields": [
      {
        "input": "instant",
        "label": "When",
        "many": false,
        "name": "decided_at",
        "required": true
      },
      {
        "input": "reference",
        "label": "Decided by",
        "many": false,
        "name": "decided_by",
        "refs": [
          "person"
        ],
        "required": true
      },
      {
        "input": "checkbox",
        "label": "Decision",
        "many": false,
        "name": "granted",
        "required": true
      },
      {
        "hint": "Internal only: never shown to the client.",
        "input": "text",
        "label": "Internal note",
        "many": false,
        "name": "internal_note",
        "required": false
      },
      {
        "input": "reference",
        "label": "Procedure",
        "many": false,
        "name": "procedure",
        "refs": [
          "procedure"
        ],
        "required": true
      },
      {
        "hint": "Client-visible.",
        "input": "text",
        "label": "What the exception was for",
        "many": false,
        "name": "summary",
        "required": true
      },
      {
        "hint": "The party or department it was granted or refused to.",
        "input": "reference",
        "label": "To",
        "many": false,
        "name": "to",
        "refs": [
          "party",
          "department"
        ],
        "required": true
      }
    ],
    "noun": "exception"
  },
  "flag_note": {
    "fields": [
      {
        "input": "reference",
        "label": "Evidence",
        "many": true,
        "name": "evidence",
        "required": false
      },
      {
        "input": "text",
        "label": "Flag",
        "many": false,
        "name": "flag",
        "required": true
      },
      {
        "input": "text",
        "label": "Note",
        "many": false,
        "name": "note",
        "required": true
      },
      {
        "input": "text",
        "label": "Rule",
        "many": false,
        "name": "rule",
        "required": true
      },
      {
        "choices": "FlagState",
        "input": "select",
        "label": "State",
        "many": false,
        "name": "state",
        "required": true
      }
    ],
    "noun": "flag note"
  },
  "incident": {
    "fields": [
      {
        "hint": "Client-visible.",
        "input": "text",
        "label": "Description",
        "many": false,
        "name": "description",
        "required": false
      },
      {
        "hint": "Internal only: never shown to the client.",
        "input": "text",
        "label": "Internal note",
        "many": false,
        "name": "internal_note",
        "required": false
      },
      {
        "hint": "The clock for telling the client starts here.",
        "input": "instant",
        "label": "Known internally",
        "many": false,
        "name": "known_at",
        "required": true
      },
      {
        "input": "instant",
        "label": "Occurred",
        "many": false,
        "name": "occurred_at",
        "required": false
      },
      {
        "choices": "Severity",
        "input": "select",
        "label": "Severity",
        "many": false,
        "name": "severity",
        "required": false
      },
      {
        "input": "text",
        "label": "What went wrong",
        "many": false,
        "name": "title",
        "required": true
      }
    ],
    "noun": "incident"
  },
  "issued_report": {
    "fields": [
      {
        "input": "text",
        "label": "Checkpoint",
        "many": false,
        "name": "checkpoint",
        "required": true
      },
      {
        "input": "text",
        "label": "Edition",
        "many": false,
        "name": "edition",
        "required": true
      },
      {
        "input": "text",
        "label": "File",
        "many": false,
        "name": "file_name",
        "required": true
      },
      {
        "input": "text",
        "label": "Format",
        "many": false,
        "name": "format",
        "required": true
      },
      {
        "input": "reference",
        "label": "Recipients",
        "many": true,
        "name": "recipients",
        "refs": [
          "person"
        ],
        "required": true
      },
      {
        "input": "text",
        "label": "SHA-256",
        "many": false,
        "name": "sha256",
        "required": true
      },
      {
        "input": "number",
        "label": "Size",
        "many": false,
        "name": "size",
        "required": true
      },
      {
        "input": "text",
        "label": "Week",
        "many": false,
        "name": "week",
        "required": true
      }
    ],
    "noun": "issued report"
  },
  "matter": {
    "fields": [
      {
        "input": "text",
        "label": "Description",
        "many": false,
        "name": "description",
        "required": false
      },
      {
        "hint": "Internal only: never shown to the client.",
        "input": "text",
        "label": "Internal note",
        "many": false,
        "name": "internal_note",
        "required": false
      },
      {
        "hint": "A topic instructions and decisions are filed under, e.g. \"Invoice cut-off\".",
        "input": "text",
        "label": "Name",
        "many": false,
        "name": "name",
        "required": true
      }
    ],
    "noun": "matter"
  },
  "party": {
    "fields": [
      {
        "hint": "Internal only: never shown to the client.",
        "input": "text",
        "label": "Internal note",
        "many": false,
        "name": "internal_note",
        "required": false
      },
      {
        "input": "text",
        "label": "Name",
        "many": false,
        "name": "name",
        "required": true
      },
      {
        "choices": "PartyRole",
        "input": "select",
        "label": "Role",
        "many": false,
        "name": "role",
        "required": true
      }
    ],
    "noun": "party"
  },
  "person": {
    "fields": [
      {
        "hint": "The exceptions this person may approve.",
        "input": "number",
        "label": "Authority level",
        "many": false,
        "max": 5,
        "min": 1,
        "name": "authority_level",
        "required": false
      },
      {
        "hint": "Leave empty for the engagement default.",
        "input": "number",
        "label": "Update cadence",
        "many": false,
        "max": 365,
        "min": 1,
        "name": "cadence_days",
        "required": false
      },
      {
        "input": "reference",
        "label": "Department",
        "many": false,
        "name": "department",
        "refs": [
          "department"
        ],
        "required": true
      },
      {
        "hint": "Separate several with commas. Used to match imported mail to this person.",
        "input": "list",
        "label": "E-mail addresses",
        "many": true,
        "name": "emails",
        "required": false
      },
      {
        "input": "reference",
        "label": "Formerly",
        "many": false,
        "name": "formerly",
        "refs": [
          "person"
        ],
        "required": false
      },
      {
        "hint": "Internal only: never shown to the client.",
        "input": "text",
        "label": "Internal note",
        "many": false,
        "name": "internal_note",
        "required": false
      },
      {
        "hint": "Owed updates at their cadence.",
        "input": "checkbox",
        "label": "Key stakeholder",
        "many": false,
        "name": "key_stakeholder",
        "required": false
      },
      {
        "hint": "Out-of-scope requests must reach them.",
        "input": "checkbox",
        "label": "Provider management",
        "many": false,
        "name": "management",
        "required": false
      },
      {
        "input": "text",
        "label": "Name",
        "many": false,
        "name": "name",
        "required": true
      },
      {
        "input": "text",
        "label": "Title",
        "many": false,
        "name": "title",
        "required": false
      }
    ],
    "noun": "person"
  },
  "procedure": {
    "fields": [
      {
        "hint": "Short reference, e.g. \"FIN-07\".",
        "input": "text",
        "label": "Code",
        "many": false,
        "name": "code",
        "required": false
      },
      {
        "hint": "Client-visible.",
        "input": "text",
        "label": "Description",
        "many": false,
        "name": "description",
        "required": false
      },
      {
        "input": "checkbox",
        "label": "Disclose deviations to the client",
        "many": false,
        "name": "disclosure_required",
        "required": false
      },
      {
        "hint": "Who may approve an exception or workaround.",
        "input": "number",
        "label": "Exception authority",
        "many": false,
        "max": 5,
        "min": 1,
        "name": "exception_authority",
        "required": false
      },
      {
        "hint": "Internal only: never shown to the client.",
        "input": "text",
        "label": "Internal note",
        "many": false,
        "name": "internal_note",
        "required": false
      },
      {
        "input": "text",
        "label": "Name",
        "many": false,
        "name": "name",
        "required": true
      },
      {
        "input": "reference",
        "label": "Owner department",
        "many": false,
        "name": "owner_department",
        "refs": [
          "department"
        ],
        "required": true
      },
      {
        "hint": "The procedure document's own version, e.g. 3.1.",
        "input": "text",
        "label": "Version",
        "many": false,
        "name": "version",
        "required": true
      }
    ],
    "noun": "procedure"
  },
  "request": {
    "fields": [
      {
        "hint": "Internal only: never shown to the client.",
        "input": "text",
        "label": "Internal note",
        "many": false,
        "name": "internal_note",
        "required": false
      },
      {
        "hint": "The requester asked for it not to be told to the provider's management.",
        "input": "checkbox",
        "label": "Asked to keep it undisclosed",
        "many": false,
        "name": "keep_undisclosed",
        "required": false
      },
      {
        "input": "reference",
        "label": "Secrecy asked by",
        "many": false,
        "name": "keep_undisclosed_by",
        "refs": [
          "person"
        ],
        "required": false
      },
      {
        "hint": "Outside the contract: provider management must hear of it.",
        "input": "checkbox",
        "label": "Out of scope",
        "many": false,
        "name": "out_of_scope",
        "required": false
      },
      {
        "choices": "Outcome",
        "input": "select",
        "label": "Outcome",
        "many": false,
        "name": "outcome",
        "required": false
      },
      {
        "hint": "Client-visible.",
        "input": "text",
        "label": "Outcome note",
        "many": false,
        "name": "outcome_note",
        "required": false
      },
      {
        "hint": "The communication it was asked in.",
        "input": "reference",
        "label": "Raised in",
        "many": false,
        "name": "raised_in",
        "refs": [
          "communication"
        ],
        "required": false
      },
      {
        "input": "instant",
        "label": "When",
        "many": false,
        "name": "requested_at",
        "required": true
      },
      {
        "input": "reference",
        "label": "Requested by",
        "many": false,
        "name": "requested_by",
        "refs": [
          "person"
        ],
        "required": true
      },
      {
        "hint": "The scope item it falls under, or was judged against.",
        "input": "reference",
        "label": "Scope item",
        "many": false,
        "name": "scope_item",
        "refs": [
          "scope"
        ],
        "required": false
      },
      {
        "input": "text",
        "label": "What was asked",
        "many": false,
        "name": "summary",
        "required": true
      }
    ],
    "noun": "request"
  },
  "scope": {
    "fields": [
      {
        "input": "text",
        "label": "Description",
        "many": false,
        "name": "description",
        "required": false
      },
      {
        "hint": "Internal only: never shown to the client.",
        "input": "text",
        "label": "Internal note",
        "many": false,
        "name": "internal_note",
        "required": false
      },
      {
        "input": "text",
        "label": "Name",
        "many": false,
        "name": "name",
        "required": true
      },
      {
        "hint": "e.g. \"SOW §2.3\".",
        "input": "text",
        "label": "Contract reference",
        "many": false,
        "name": "reference",
        "required": false
      }
    ],
    "noun": "scope item"
  },
  "settings": {
    "fields": [
      {
        "input": "number",
        "label": "Send minutes of agreements within",
        "many": false,
        "max": 365,
        "min": 0,
        "name": "agreement_unminuted_days",
        "required": false
      },
      {
        "input": "number",
        "label": "Tell the client of an incident within",
        "many": false,
        "max": 365,
        "min": 0,
        "name": "bad_news_days",
        "required": false
      },
      {
        "hint": "One phrase per line; compared without case and punctuation.",
        "input": "list",
        "label": "Justifications that say nothing",
        "many": true,
        "name": "boilerplate",
        "required": false
      },
      {
        "input": "number",
        "label": "Disclose a deviation to the client within",
        "many": false,
        "max": 365,
        "min": 0,
        "name": "deviation_undisclosed_days",
        "required": false
      },
      {
        "input": "number",
        "label": "A justification needs at least",
        "many": false,
        "max": 50,
        "min": 0,
        "name": "min_justification_words",
        "required": false
      },
      {
        "input": "number",
        "label": "The client confirms minutes within",
        "many": false,
        "max": 365,
        "min": 0,
        "name": "minutes_unconfirmed_days",
        "required": false
      },
      {
        "input": "number",
        "label": "Tell management of an out-of-scope request within",
        "many": false,
        "max": 365,
        "min": 0,
        "name": "request_kept_quiet_days",
        "required": false
      },
      {
        "input": "number",
        "label": "… within",
        "many": false,
        "max": 365,
        "min": 0,
        "name": "stale_window_days",
        "required": false
      },
      {
        "input": "number",
        "label": "A procedure is stale after",
        "many": false,
        "max": 1000,
        "min": 2,
        "name": "stale_workarounds",
        "required": false
      }
    ],
    "noun": "settings"
  },
  "workaround": {
    "fields": [
      {
        "input": "instant",
        "label": "Approved at",
        "many": false,
        "name": "approved_at",
        "nest": "approval",
        "required": false
      },
      {
        "input": "reference",
        "label": "Approved by",
        "many": false,
        "name": "approver",
        "nest": "approval",
        "refs": [
          "person"
        ],
        "required": false
      },
      {
        "input": "reference",
        "label": "Linked incident",
        "many": false,
        "name": "incident",
        "refs": [
          "incident"
        ],
        "required": false
      },
      {
        "hint": "Internal only: never shown to the client.",
        "input": "text",
        "label": "Internal note",
        "many": false,
        "name": "internal_note",
        "required": false
      },
      {
        "hint": "Why the procedure could not be followed. Client-visible unless kept internal.",
        "input": "text",
        "label": "Justification",
        "many": false,
        "name": "justification",
        "required": true
      },
      {
        "input": "checkbox",
        "label": "Keep the justification internal",
        "many": false,
        "name": "justification_internal",
        "required": false
      },
      {
        "input": "instant",
        "label": "When",
        "many": false,
        "name": "performed_at",
        "required": true
      },
      {
        "input": "reference",
        "label": "Performed by",
        "many": false,
        "name": "performed_by",
        "refs": [
          "person"
        ],
        "required": true
      },
      {
        "input": "reference",
        "label": "Procedure",
        "many": false,
        "name": "procedure",
        "refs": [
          "procedure"
        ],
        "required": true
      },
      {
        "input": "reference",
        "label": "Linked request",
        "many": false,
        "name": "request",
        "refs": [
          "request"
        ],
        "required": false
      },
      {
        "input": "text",
        "label": "What was done instead",
        "many": false,
        "name": "what",
        "required": true
      }
    ],
    "noun": "workaround"
  }
};

/** Each enum's values and labels, by the Rust type's name. */
export const ENUMS = {
  "Action": [
    {
      "value": "create",
      "label": "Create"
    },
    {
      "value": "amend",
      "label": "Amend"
    },
    {
      "value": "void",
      "label": "Void"
    }
  ],
  "Audience": [
    {
      "value": "client",
      "label": "The client"
    },
    {
      "value": "provider_management",
      "label": "The provider's management"
    }
  ],
  "Channel": [
    {
      "value": "official",
      "label": "Official"
    },
    {
      "value": "personal_phone",
      "label": "Personal phone"
    },
    {
      "value": "personal_email",
      "label": "Personal e-mail"
    },
    {
      "value": "personal_messaging",
      "label": "Personal messaging"
    },
    {
      "value": "other_unofficial",
      "label": "Other unofficial"
    }
  ],
  "CommKind": [
    {
      "value": "meeting",
      "label": "Meeting"
    },
    {
      "value": "call",
      "label": "Call"
    },
    {
      "value": "email",
      "label": "E-mail"
    },
    {
      "value": "chat",
      "label": "Chat"
    },
    {
      "value": "letter",
      "label": "Letter"
    },
    {
      "value": "ticket",
      "label": "Ticket"
    }
  ],
  "CommStatus": [
    {
      "value": "held",
      "label": "Held"
    },
    {
      "value": "scheduled",
      "label": "Scheduled"
    },
    {
      "value": "cancelled",
      "label": "Cancelled"
    }
  ],
  "Direction": [
    {
      "value": "inbound",
      "label": "Inbound (to us)"
    },
    {
      "value": "outbound",
      "label": "Outbound (from us)"
    },
    {
      "value": "internal",
      "label": "Internal (within the provider)"
    },
    {
      "value": "two_way",
      "label": "Two-way (meeting, call)"
    }
  ],
  "FlagState": [
    {
      "value": "acknowledged",
      "label": "Acknowledged"
    },
    {
      "value": "resolved",
      "label": "Resolved"
    }
  ],
  "ItemStatus": [
    {
      "value": "open",
      "label": "Open"
    },
    {
      "value": "done",
      "label": "Done"
    },
    {
      "value": "cancelled",
      "label": "Cancelled"
    }
  ],
  "ItemType": [
    {
      "value": "decision",
      "label": "Decision"
    },
    {
      "value": "agreement",
      "label": "Agreement"
    },
    {
      "value": "action",
      "label": "Action"
    },
    {
      "value": "instruction",
      "label": "Instruction"
    }
  ],
  "Outcome": [
    {
      "value": "pending",
      "label": "Pending"
    },
    {
      "value": "declined",
      "label": "Declined"
    },
    {
      "value": "change_request_raised",
      "label": "Change request raised"
    },
    {
      "value": "done_under_contract",
      "label": "Done under the contract"
    },
    {
      "value": "done_as_favour",
      "label": "Done as a favour"
    }
  ],
  "PartyRole": [
    {
      "value": "client",
      "label": "Client"
    },
    {
      "value": "provider",
      "label": "Provider"
    },
    {
      "value": "third_party",
      "label": "Third party"
    }
  ],
  "Severity": [
    {
      "value": "low",
      "label": "Low"
    },
    {
      "value": "medium",
      "label": "Medium"
    },
    {
      "value": "high",
      "label": "High"
    }
  ],
  "Weekday": [
    {
      "value": "monday",
      "label": "Monday"
    },
    {
      "value": "tuesday",
      "label": "Tuesday"
    },
    {
      "value": "wednesday",
      "label": "Wednesday"
    },
    {
      "value": "thursday",
      "label": "Thursday"
    },
    {
      "value": "friday",
      "label": "Friday"
    },
    {
      "value": "saturday",
      "label": "Saturday"
    },
    {
      "value": "sunday",
      "label": "Sunday"
    }
  ]
} as const satisfies Record<string, readonly Choice[]>;
export type EnumName = keyof typeof ENUMS;

/** Authority levels, lowest first. */
export const AUTHORITY_LEVELS: readonly Choice<number>[] = [
  {
    "value": 1,
    "label": "team member"
  },
  {
    "value": 2,
    "label": "team lead"
  },
  {
    "value": 3,
    "label": "manager"
  },
  {
    "value": 4,
    "label": "director"
  },
  {
    "value": 5,
    "label": "executive"
  }
];

/** The flag rules, in listing order. */
export const RULES: readonly Choice[] = [
  {
    "value": "workaround-unjustified",
    "label": "Workaround without a real justification"
  },
  {
    "value": "workaround-unapproved",
    "label": "Workaround without sufficient approval"
  },
  {
    "value": "deviation-undisclosed",
    "label": "Deviation not disclosed to the client"
  },
  {
    "value": "request-kept-quiet",
    "label": "Out-of-scope request kept from management"
  },
  {
    "value": "update-gap",
    "label": "Stakeholder owed an update"
  },
  {
    "value": "agreement-unminuted",
    "label": "Agreement without minutes"
  },
  {
    "value": "minutes-unconfirmed",
    "label": "Minutes not confirmed"
  },
  {
    "value": "commitment-overdue",
    "label": "Commitment overdue"
  },
  {
    "value": "instructions-conflict",
    "label": "Conflicting instructions"
  },
  {
    "value": "exception-inconsistent",
    "label": "Inconsistent exceptions"
  },
  {
    "value": "off-channel-contact",
    "label": "Contact off the official channels"
  },
  {
    "value": "bad-news-delayed",
    "label": "Bad news delayed"
  },
  {
    "value": "procedure-stale",
    "label": "Procedure worked around too often"
  }
];

/** The formats a report renders to. */
export const REPORT_FORMATS: readonly Choice[] = [
  {
    "value": "html",
    "label": "HTML"
  },
  {
    "value": "pdf",
    "label": "PDF"
  },
  {
    "value": "md",
    "label": "Markdown"
  },
  {
    "value": "xlsx",
    "label": "Excel (XLSX)"
  },
  {
    "value": "csv",
    "label": "CSV (folder)"
  },
  {
    "value": "json",
    "label": "JSON"
  }
];
