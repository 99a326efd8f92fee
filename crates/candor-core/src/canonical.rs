//! Canonical JSON (compact, object keys sorted, no floats in Candor's data)
//! and SHA-256, the basis of the audit chain's hashes.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// The canonical text of a JSON value: compact, with object keys sorted.
/// serde_json's map is ordered by key (no `preserve_order`), so this is its compact form.
pub fn to_string(value: &Value) -> String {
    serde_json::to_string(value).expect("a JSON value serialises")
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_sorted_and_output_compact() {
        let v: Value = serde_json::from_str(r#"{ "b": 1, "a": {"d": [1, 2], "c": "x"} }"#).unwrap();
        assert_eq!(to_string(&v), r#"{"a":{"c":"x","d":[1,2]},"b":1}"#);
    }

    #[test]
    fn sha256_golden_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
