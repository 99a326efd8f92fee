use crate::support::{Db, candor, export_json, first_amended, import_document, import_json, items};

#[test]
fn export_import_export_is_byte_identical() {
    let a = Db::demo();
    let exported = a.ok(&["export", "json"]);
    let file = a.write("a.json", &exported);
    let b = a.sibling("b.db");
    import_document(&b, &file);
    assert_eq!(export_json(&b), exported);
    let verify = candor(&b).args(["audit", "verify"]).output().unwrap();
    assert!(verify.status.success());
}

#[test]
fn export_carries_history_and_internal_notes() {
    let a = Db::demo();
    let doc = a.json(&["export", "json"]);
    assert_eq!(doc["format"], "candor/1");
    for section in ["parties", "departments", "people", "procedures", "scope"] {
        assert!(!items(&doc[section]).is_empty(), "{section}");
    }
    let voided: Vec<_> = items(&doc["scope"])
        .iter()
        .filter(|s| s["voided"] == true)
        .collect();
    assert_eq!(voided.len(), 1);
    let history = items(&voided[0]["history"]);
    assert_eq!(history.last().unwrap()["action"], "void");
    assert!(
        history.last().unwrap()["reason"]
            .as_str()
            .unwrap()
            .contains("by mistake")
    );
    let amended = &doc["procedures"][first_amended(&doc["procedures"])];
    assert_eq!(amended["version"], "1.4");
    assert_eq!(amended["history"][0]["data"]["version"], "1.3");
    assert!(
        doc["engagement"]["internal_note"]
            .as_str()
            .unwrap()
            .contains("renewal")
    );
}

#[test]
fn demo_is_deterministic_and_seed_changes_ids() {
    let a = Db::demo();
    let b = Db::demo();
    assert_eq!(a.ok(&["export", "json"]), b.ok(&["export", "json"]));
    assert_eq!(a.head(), b.head());
    let c = Db::new();
    c.ok(&["demo", "--seed", "2"]);
    assert_ne!(a.ok(&["export", "json"]), c.ok(&["export", "json"]));
}

#[test]
fn demo_has_the_story_the_product_needs() {
    let a = Db::demo();
    let show = a.json(&["show", "--json"]);
    assert!(show["counts"]["people"].as_u64().unwrap() >= 12);
    assert!(show["counts"]["procedures"].as_u64().unwrap() >= 8);
    let parties = a.json(&["list", "party", "--json"]);
    let roles: Vec<&str> = items(&parties)
        .iter()
        .map(|p| p["data"]["role"].as_str().unwrap())
        .collect();
    for role in ["client", "provider", "third_party"] {
        assert!(roles.contains(&role), "{role}");
    }
}

#[test]
fn import_into_a_non_empty_database_is_refused() {
    let a = Db::demo();
    let file = a.write("a.json", a.ok(&["export", "json"]));
    a.fails_with(
        &["import", "json", file.to_str().unwrap()],
        "already holds a record",
    );
}

#[test]
fn imported_originals_travel_with_the_document() {
    let a = Db::demo();
    let eml = a.write("m.eml", "From: Maria Lopez <maria.lopez@northwind.example>\r\nTo: sam.carter@brightline.example\r\nSubject: Cut-off evidence\r\nDate: Tue, 17 Nov 2026 16:45:00 +0100\r\nMessage-ID: <cutoff-1@northwind.example>\r\n\r\nPlease keep this.\r\n");
    let with_attachment = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/eml/tika-testEmailWithPNGAtt.eml");
    a.ok_as_sam(&[
        "import",
        "eml",
        eml.to_str().unwrap(),
        with_attachment.to_str().unwrap(),
    ]);
    let exported = a.ok(&["export", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(items(&doc["originals"]).len(), 2);
    let attachments: Vec<&serde_json::Value> = items(&doc["communications"])
        .iter()
        .filter_map(|c| c["attachments"].as_array())
        .flatten()
        .collect();
    assert!(
        attachments.iter().any(|a| a["content_type"] == "image/png"
            && a["size"].as_u64().unwrap() > 0
            && a["sha256"].as_str().unwrap().len() == 64),
        "{attachments:?}"
    );
    let file = a.write("a.json", &exported);
    let b = a.sibling("b.db");
    import_document(&b, &file);
    assert_eq!(export_json(&b), exported);
    let mut tampered = doc.clone();
    tampered["originals"][0]["base64"] = serde_json::json!("UGxlYXNl");
    std::fs::write(&file, tampered.to_string()).unwrap();
    let out = import_json(&a.sibling("c.db"), &file);
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("$.originals[0].sha256: does not match the bytes")
    );
}
