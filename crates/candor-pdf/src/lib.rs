//! The weekly report as PDF, typeset by Typst from the report's JSON form.
//! Kept out of candor-core because Typst takes minutes to build. Fonts are
//! embedded (Typst's own assets); no creation date is written, so the same
//! report always gives the same bytes.

use typst::foundations::Smart;
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

const TEMPLATE: &str = include_str!("../templates/report.typ");

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
#[error("PDF: {0}")]
pub struct Error(String);

/// Typesets `report_json` (the report's JSON rendition) as an A4 PDF.
pub fn pdf(report_json: &str) -> Result<Vec<u8>, Error> {
    let engine = TypstEngine::builder()
        .main_file(TEMPLATE)
        .fonts(typst_assets::fonts())
        .with_static_file_resolver([("report.json", report_json.as_bytes().to_vec())])
        .build();
    let doc: PagedDocument = engine.compile().output.map_err(|e| Error(e.to_string()))?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom("candor-weekly-report".into()),
        creator: Smart::Custom(Some("Candor".into())),
        timestamp: None,
        ..Default::default()
    };
    typst_pdf::pdf(&doc, &options).map_err(|e| Error(format!("{e:?}")))
}
