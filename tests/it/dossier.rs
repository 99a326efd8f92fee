//! `candor dossier`: the demo's cut-off matter in both editions and every
//! format, the same bytes twice, issued as PDF and verified; bad input named.

use crate::support::Db;

#[test]
fn a_matter_dossier_is_rendered_issued_and_verified() {
    let db = Db::demo();
    let at = "2026-12-07T09:00:00Z";
    let md = db.ok(&["dossier", "invoice cut-off", "--format", "md", "--at", at]);
    assert!(md.starts_with("# Invoice cut-off — matter dossier"), "{md}");
    assert!(
        md.contains("Freight accruals during the port strike"),
        "{md}"
    );
    assert!(md.contains("confirmed by Maria Lopez on"), "{md}");
    assert!(md.contains("Client edition"), "{md}");
    assert!(!md.contains("Internal note"), "{md}");
    let again = db.ok(&["dossier", "invoice cut-off", "--format", "md", "--at", at]);
    assert_eq!(md, again, "the same record gives the same bytes");
    let internal = db.ok(&[
        "dossier",
        "Invoice cut-off",
        "--edition",
        "internal",
        "--format",
        "json",
        "--at",
        at,
    ]);
    let json: serde_json::Value = serde_json::from_str(&internal).unwrap();
    assert_eq!(json["document"], "dossier");
    assert_eq!(json["edition"], "internal");
    assert!(json["entries"].as_array().unwrap().len() >= 8);

    let pdf = db.sibling("cut-off.pdf");
    let pdf_arg = pdf.to_str().unwrap();
    let out = db.run(&[
        "--as",
        "Lena Fischer",
        "dossier",
        "invoice cut-off",
        "--format",
        "pdf",
        "-o",
        pdf_arg,
        "--issue",
        "--to",
        "Maria Lopez",
    ]);
    crate::support::assert_success(&out);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let said = db.ok(&["report", "verify", pdf_arg]);
    assert!(
        said.contains("the client pdf dossier of Invoice cut-off") && said.contains("Maria Lopez"),
        "{said}"
    );
    let mut altered = bytes.clone();
    let n = altered.len() - 20;
    altered[n] ^= 1;
    let forged = db.write("forged.pdf", altered);
    db.fails_printing_with(
        &["report", "verify", forged.to_str().unwrap()],
        "NOT a report, dossier or brief issued",
    );
    db.ok(&["audit", "verify"]);
}

#[test]
fn bad_dossier_input_is_named() {
    let db = Db::demo();
    db.fails_with(&["dossier", "no such matter"], "no such matter");
    db.fails_with(
        &["dossier", "invoice cut-off", "--format", "xlsx"],
        "html, pdf, md or json",
    );
    db.fails_with(
        &["dossier", "invoice cut-off", "--edition", "board"],
        "client or internal",
    );
    db.fails_with(
        &["dossier", "invoice cut-off", "--at", "yesterday"],
        "RFC 3339",
    );
    db.fails_with(
        &["dossier", "invoice cut-off", "--format", "pdf"],
        "-o PATH",
    );
}
