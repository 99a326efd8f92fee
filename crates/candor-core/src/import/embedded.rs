//! Messages embedded in an Outlook message (attach method 5, a forwarded
//! mail) made into stand-alone `.msg` files: the embedded message's storage
//! becomes the root of a new compound file, which is kept as evidence and
//! imported like any other `.msg` file.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

/// The storage an embedded message lives in, inside its attachment's storage.
const EMBEDDED: &str = "__substg1.0_3701000D";
/// The named-property map, kept only at the root of a file.
const NAMEID: &str = "__nameid_version1.0";
const PROPERTIES: &str = "__properties_version1.0";
/// The attachment's display name (Unicode).
const DISPLAY_NAME: &str = "__substg1.0_3001001F";
/// Streams and storages copied per embedded message, at most.
const MAX_ENTRIES: usize = 20_000;

/// Each embedded message of `bytes`: its display name and its stand-alone file.
/// A message that cannot be copied is left out (the original keeps it).
pub(crate) fn files(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let Ok(mut file) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return Vec::new();
    };
    let mut attachments: Vec<String> = file
        .read_root_storage()
        .filter(|e| e.is_storage() && e.name().starts_with("__attach_version1.0_#"))
        .map(|e| e.name().to_owned())
        .collect();
    attachments.sort();
    attachments.retain(|a| file.is_storage(format!("/{a}/{EMBEDDED}")));
    attachments
        .into_iter()
        .filter_map(|a| {
            let name = read(&mut file, &format!("/{a}/{DISPLAY_NAME}"))
                .map(|d| utf16(&d))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "(embedded message)".into());
            Some((name, standalone(&mut file, &format!("/{a}/{EMBEDDED}"))?))
        })
        .collect()
}

/// A new compound file whose root holds what `storage` holds, with the
/// root's named-property map and a top-level property stream header.
fn standalone(file: &mut cfb::CompoundFile<Cursor<&[u8]>>, storage: &str) -> Option<Vec<u8>> {
    let base = PathBuf::from(storage);
    let entries: Vec<(PathBuf, bool)> = file
        .walk_storage(storage)
        .ok()?
        .take(MAX_ENTRIES)
        .filter_map(|e| {
            let relative = e.path().strip_prefix(&base).ok()?.to_path_buf();
            (!relative.as_os_str().is_empty()).then(|| (relative, e.is_storage()))
        })
        .collect();
    let mut out =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).ok()?;
    let has_nameid = entries.iter().any(|(p, _)| p == Path::new(NAMEID));
    let mut copies: Vec<(PathBuf, PathBuf, bool)> = entries
        .into_iter()
        .map(|(relative, is_storage)| (base.join(&relative), relative, is_storage))
        .collect();
    if !has_nameid && file.is_storage(format!("/{NAMEID}")) {
        let nameid: Vec<(PathBuf, PathBuf, bool)> = file
            .walk_storage(format!("/{NAMEID}"))
            .ok()?
            .take(MAX_ENTRIES)
            .filter_map(|e| {
                let relative = e.path().strip_prefix("/").ok()?.to_path_buf();
                Some((e.path().to_path_buf(), relative, e.is_storage()))
            })
            .collect();
        copies.extend(nameid);
    }
    for (from, to, is_storage) in copies {
        let to = Path::new("/").join(to);
        if is_storage {
            out.create_storage_all(&to).ok()?;
            continue;
        }
        if let Some(parent) = to.parent().filter(|p| *p != Path::new("/")) {
            out.create_storage_all(parent).ok()?;
        }
        let mut data = read(file, from.to_str()?)?;
        if to == Path::new("/").join(PROPERTIES) && data.len() >= 24 {
            data.splice(24..24, [0u8; 8]);
        }
        out.create_stream(&to).ok()?.write_all(&data).ok()?;
    }
    out.flush().ok()?;
    Some(out.into_inner().into_inner())
}

fn read(file: &mut cfb::CompoundFile<Cursor<&[u8]>>, path: &str) -> Option<Vec<u8>> {
    let mut data = Vec::new();
    file.open_stream(path).ok()?.read_to_end(&mut data).ok()?;
    Some(data)
}

fn utf16(data: &[u8]) -> String {
    let units: Vec<u16> = data
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
        .trim_matches(|c: char| c == '\0' || c.is_whitespace())
        .to_owned()
}
