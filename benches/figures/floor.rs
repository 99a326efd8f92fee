//! The import floor: what parsing a mailbox with mail-parser and inserting
//! the same fields, searchable with FTS5, in one SQLite transaction costs.
//! Candor's importer is measured against it in the same run.

use mail_parser::MessageParser;
use mail_parser::mailbox::mbox::MessageIterator;
use rusqlite::{Connection, params};
use std::path::Path;
use std::time::Instant;

/// Messages per second for importing `mbox` into a fresh database at `db`.
pub fn messages_per_second(mbox: &[u8], db: &Path) -> f64 {
    let started = Instant::now();
    let mut conn = Connection::open(db).expect("a floor database");
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         CREATE TABLE messages (id INTEGER PRIMARY KEY, message_id TEXT UNIQUE, sent_at TEXT,
                                sender TEXT, subject TEXT, body TEXT, original BLOB);
         CREATE VIRTUAL TABLE search USING fts5(subject, body, tokenize = 'unicode61 remove_diacritics 2');",
    )
    .expect("the floor's tables");
    let tx = conn.transaction().expect("a transaction");
    let mut count = 0usize;
    {
        let mut insert = tx
            .prepare("INSERT INTO messages (message_id, sent_at, sender, subject, body, original) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .expect("insert");
        let mut search = tx
            .prepare("INSERT INTO search (rowid, subject, body) VALUES (?1, ?2, ?3)")
            .expect("insert into search");
        let parser = MessageParser::default();
        for message in MessageIterator::new(mbox) {
            let message = message.expect("an mbox message");
            let Some(parsed) = parser.parse(message.contents()) else {
                continue;
            };
            let subject = parsed.subject().unwrap_or_default();
            let body = parsed.body_text(0).unwrap_or_default();
            let sender = parsed
                .from()
                .and_then(|a| a.first())
                .and_then(|a| a.address())
                .unwrap_or_default();
            let sent_at = parsed.date().map(|d| d.to_rfc3339()).unwrap_or_default();
            insert
                .execute(params![
                    parsed.message_id(),
                    sent_at,
                    sender,
                    subject,
                    body,
                    message.contents()
                ])
                .expect("a message row");
            search
                .execute(params![tx.last_insert_rowid(), subject, body])
                .expect("a search row");
            count += 1;
        }
    }
    tx.commit().expect("commit");
    count as f64 / started.elapsed().as_secs_f64()
}
