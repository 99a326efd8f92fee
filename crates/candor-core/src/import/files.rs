//! Importing files by path, one transaction per file: the loop both hosts
//! run (the CLI with a progress bar, the desktop with a progress channel and
//! a cancel button).

use super::{File, Format, Options, Report, import_file};
use crate::error::{Error, Result};
use crate::key::Ids;
use crate::store::{Author, Store};
use std::path::PathBuf;

/// Imports `paths` in turn. Each file's format is `format` when given, else
/// its extension; every file's format is settled before anything is
/// imported. `progress(file, done, total)` is called as messages are
/// processed; returning `false` cancels: the file being imported is not
/// written (files before it are) and the import ends with that error.
pub fn import_paths(
    store: &mut Store,
    author: &Author,
    ids: &mut Ids,
    format: Option<Format>,
    paths: &[PathBuf],
    options: &Options,
    progress: &mut dyn FnMut(&str, usize, usize) -> bool,
) -> Result<Vec<Report>> {
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let name = path.display().to_string();
        let format = format
            .or_else(|| Format::from_file_name(&name))
            .ok_or_else(|| {
                Error::input(
                    "file",
                    format!("{name}: Candor imports .eml, .mbox, .msg, .ics and .csv files"),
                )
            })?;
        files.push((path, name, format));
    }
    let mut reports = Vec::with_capacity(files.len());
    for (path, name, format) in files {
        let bytes = std::fs::read(path).map_err(|e| {
            Error::Io(std::io::Error::new(
                e.kind(),
                format!("cannot read {name}: {e}"),
            ))
        })?;
        let mut each = |done: usize, total: usize| progress(&name, done, total);
        let file = File {
            format,
            name: &name,
            bytes: &bytes,
        };
        reports.push(import_file(store, author, ids, &file, options, &mut each)?);
    }
    Ok(reports)
}
