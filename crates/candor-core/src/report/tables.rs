//! The report as tables, one per section: CSV files and XLSX sheets.
//! Cells that a spreadsheet would read as a formula are neutralised.

use super::model::{Edition, Report};
use crate::error::{Error, Result};

/// One section of the report as rows of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Sheet or file name ("communications").
    pub name: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// A cell made safe for spreadsheets: text beginning with `= + - @`, a tab,
/// a carriage return or NUL is prefixed with an apostrophe, so it is never a formula.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\0') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

/// Every section as a table; internal-only columns only in the internal edition.
pub fn tables(r: &Report) -> Vec<Table> {
    let internal = r.edition == Edition::Internal;
    let note = |headers: Vec<&'static str>| -> Vec<&'static str> {
        let mut h = headers;
        if internal {
            h.push("internal note");
        }
        h
    };
    let with_note = |mut row: Vec<String>, note: &str| {
        if internal {
            row.push(note.to_owned());
        }
        row
    };
    let mut out = vec![Table {
        name: "summary",
        headers: vec!["field", "value"],
        rows: vec![
            vec!["engagement".into(), r.engagement.clone()],
            vec!["week".into(), r.week.clone()],
            vec!["period".into(), r.period.clone()],
            vec!["edition".into(), format!("{:?}", r.edition).to_lowercase()],
            vec!["summary".into(), r.summary.clone()],
            vec!["audit checkpoint".into(), r.checkpoint.clone()],
        ],
    }];
    out.push(Table {
        name: "bad news",
        headers: vec!["what went wrong"],
        rows: r.bad_news.iter().map(|b| vec![b.clone()]).collect(),
    });
    out.push(Table {
        name: "communications",
        headers: note(vec![
            "when",
            "kind",
            "channel",
            "subject",
            "with",
            "minutes",
            "minutes state",
        ]),
        rows: r
            .communications
            .iter()
            .map(|c| {
                with_note(
                    vec![
                        c.when.clone(),
                        c.kind.clone(),
                        c.channel.clone(),
                        c.subject.clone(),
                        c.with.clone(),
                        c.minutes.clone(),
                        c.minutes_state.clone(),
                    ],
                    &c.internal_note,
                )
            })
            .collect(),
    });
    for (name, list) in [("decisions", &r.decisions), ("agreements", &r.agreements)] {
        out.push(Table {
            name,
            headers: vec!["when", "text", "matter", "owner", "due", "source"],
            rows: list
                .iter()
                .map(|i| {
                    vec![
                        i.when.clone(),
                        i.text.clone(),
                        i.matter.clone(),
                        i.owner.clone(),
                        i.due.clone(),
                        i.source.clone(),
                    ]
                })
                .collect(),
        });
    }
    out.push(Table {
        name: "commitments",
        headers: vec!["commitment", "owner", "due", "state", "source"],
        rows: r
            .commitments
            .iter()
            .map(|c| {
                vec![
                    c.text.clone(),
                    c.owner.clone(),
                    c.due.clone(),
                    c.state.clone(),
                    c.source.clone(),
                ]
            })
            .collect(),
    });
    out.push(Table {
        name: "workarounds",
        headers: note(vec![
            "when",
            "procedure",
            "by",
            "what",
            "justification",
            "approval",
            "disclosure",
        ]),
        rows: r
            .workarounds
            .iter()
            .map(|w| {
                with_note(
                    vec![
                        w.when.clone(),
                        w.procedure.clone(),
                        w.by.clone(),
                        w.what.clone(),
                        w.justification.clone(),
                        w.approval.clone(),
                        w.disclosure.clone(),
                    ],
                    &w.internal_note,
                )
            })
            .collect(),
    });
    out.push(Table {
        name: "requests",
        headers: note(vec![
            "when",
            "request",
            "requested by",
            "scope",
            "outcome",
            "disclosure",
        ]),
        rows: r
            .requests
            .iter()
            .map(|q| {
                with_note(
                    vec![
                        q.when.clone(),
                        q.summary.clone(),
                        q.requested_by.clone(),
                        q.scope.clone(),
                        q.outcome.clone(),
                        q.disclosure.clone(),
                    ],
                    &q.internal_note,
                )
            })
            .collect(),
    });
    out.push(Table {
        name: "exceptions",
        headers: note(vec!["when", "procedure", "decision", "to", "by", "summary"]),
        rows: r
            .exceptions
            .iter()
            .map(|e| {
                with_note(
                    vec![
                        e.when.clone(),
                        e.procedure.clone(),
                        e.decision.clone(),
                        e.to.clone(),
                        e.by.clone(),
                        e.summary.clone(),
                    ],
                    &e.internal_note,
                )
            })
            .collect(),
    });
    out.push(Table {
        name: "incidents",
        headers: note(vec![
            "incident",
            "severity",
            "known",
            "client told",
            "description",
        ]),
        rows: r
            .incidents
            .iter()
            .map(|i| {
                with_note(
                    vec![
                        i.title.clone(),
                        i.severity.clone(),
                        i.known.clone(),
                        i.told.clone(),
                        i.description.clone(),
                    ],
                    &i.internal_note,
                )
            })
            .collect(),
    });
    out.push(Table {
        name: "cadence",
        headers: vec![
            "stakeholder",
            "cadence days",
            "last update",
            "days since",
            "updates this week",
            "state",
        ],
        rows: r
            .cadence
            .iter()
            .map(|c| {
                vec![
                    c.stakeholder.clone(),
                    c.cadence_days.to_string(),
                    c.last_update.clone(),
                    c.days_since.to_string(),
                    c.updates_this_week.to_string(),
                    c.state.clone(),
                ]
            })
            .collect(),
    });
    out.push(Table {
        name: "rules of engagement",
        headers: vec!["edition", "clause", "agreed"],
        rows: r
            .rules
            .iter()
            .flat_map(|rules| {
                let standing = vec![
                    rules.edition.to_string(),
                    "standing".into(),
                    rules.standing.clone(),
                ];
                let note = (internal && !rules.internal_note.is_empty()).then(|| {
                    vec![
                        rules.edition.to_string(),
                        "internal note".into(),
                        rules.internal_note.clone(),
                    ]
                });
                std::iter::once(standing)
                    .chain(
                        rules.clauses.iter().map(|c| {
                            vec![rules.edition.to_string(), c.title.clone(), c.text.clone()]
                        }),
                    )
                    .chain(note)
            })
            .collect(),
    });
    out.push(Table {
        name: "flags",
        headers: if internal {
            vec![
                "severity", "rule", "flag", "rests on", "since", "state", "note",
            ]
        } else {
            vec!["severity", "rule", "flag", "rests on", "since", "state"]
        },
        rows: r
            .flags
            .iter()
            .map(|f| {
                let mut row = vec![
                    f.severity.clone(),
                    f.rule.clone(),
                    f.message.clone(),
                    f.clause.clone(),
                    f.since.clone(),
                    f.state.clone(),
                ];
                if internal {
                    row.push(f.note.clone());
                }
                row
            })
            .collect(),
    });
    out.push(Table {
        name: "changes",
        headers: vec!["change since last week"],
        rows: r.changes.iter().map(|c| vec![c.clone()]).collect(),
    });
    out
}

/// One CSV file per section: (file name, bytes).
pub fn csv_files(r: &Report) -> Result<Vec<(String, Vec<u8>)>> {
    tables(r)
        .into_iter()
        .map(|t| {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(&t.headers)
                .map_err(|e| Error::Render(format!("CSV: {e}")))?;
            for row in &t.rows {
                w.write_record(row.iter().map(|c| neutralise(c)))
                    .map_err(|e| Error::Render(format!("CSV: {e}")))?;
            }
            let bytes = w
                .into_inner()
                .map_err(|e| Error::Render(format!("CSV: {e}")))?;
            Ok((format!("{}.csv", t.name.replace(' ', "-")), bytes))
        })
        .collect()
}

/// An XLSX workbook, one sheet per section; no creation time, so the same report gives the same bytes.
pub fn xlsx(r: &Report) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| Error::Render(format!("XLSX: {e}"));
    let mut book = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1).map_err(fail)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("{} — {}", r.engagement, r.week))
            .set_creation_datetime(&fixed),
    );
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    for t in tables(r) {
        let sheet = book.add_worksheet();
        sheet.set_name(t.name).map_err(fail)?;
        for (c, h) in t.headers.iter().enumerate() {
            let col = c as u16;
            sheet
                .write_string_with_format(0, col, *h, &bold)
                .map_err(fail)?;
            sheet
                .set_column_width(col, if t.headers.len() == 1 { 110 } else { 28 })
                .map_err(fail)?;
        }
        for (r_i, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                sheet
                    .write_string_with_format(r_i as u32 + 1, c as u16, neutralise(cell), &wrap)
                    .map_err(fail)?;
            }
        }
    }
    book.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_are_neutralised() {
        for bad in ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\0x"] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralise("Plain text"), "Plain text");
    }
}
