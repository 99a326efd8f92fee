//! The weekly report and the matter dossier as PDF, typeset by Typst from
//! their JSON form (its `document` member picks the layout).
//! Kept out of candor-core because Typst takes minutes to build. Fonts are
//! embedded (Typst's own assets); no creation date is written, so the same
//! report always gives the same bytes.

use typst::foundations::Smart;
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

const REPORT: &str = include_str!("../templates/report.typ");
const DOSSIER: &str = include_str!("../templates/dossier.typ");

/// The member of the JSON that names the document.
#[derive(serde::Deserialize)]
struct Head {
    #[serde(default)]
    document: String,
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
#[error("PDF: {0}")]
pub struct Error(String);

/// Typesets `report_json` (a report's or dossier's JSON rendition) as an A4 PDF.
pub fn pdf(report_json: &str) -> Result<Vec<u8>, Error> {
    let head: Head = serde_json::from_str(report_json).map_err(|e| Error(e.to_string()))?;
    let (template, ident) = match head.document.as_str() {
        "dossier" => (DOSSIER, "candor-matter-dossier"),
        _ => (REPORT, "candor-weekly-report"),
    };
    let engine = TypstEngine::builder()
        .main_file(template)
        .fonts(typst_assets::fonts())
        .with_static_file_resolver([("report.json", report_json.as_bytes().to_vec())])
        .build();
    let doc: PagedDocument = engine.compile().output.map_err(|e| Error(e.to_string()))?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(ident.into()),
        creator: Smart::Custom(Some("Candor".into())),
        timestamp: None,
        ..Default::default()
    };
    typst_pdf::pdf(&doc, &options).map_err(|e| Error(format!("{e:?}")))
}
