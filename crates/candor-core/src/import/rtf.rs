//! The HTML an RTF body encapsulates ([MS-OXRTFEX]): Outlook stores many
//! HTML mails only as RTF marked `\fromhtml1`, with the HTML's markup in
//! `{\*\htmltagN …}` groups, its text between them, and RTF-only renderings
//! between `\htmlrtf` and `\htmlrtf0`, which are skipped.

use encoding_rs::Encoding;

/// The de-encapsulated HTML, or `None` when the RTF does not encapsulate HTML.
pub(crate) fn html(rtf: &[u8]) -> Option<String> {
    let header = &rtf[..rtf.len().min(256)];
    if !header.starts_with(b"{\\rtf1") || !contains(header, b"\\fromhtml1") {
        return None;
    }
    let encoding = code_page(header)
        .and_then(codepage::to_encoding)
        .unwrap_or(encoding_rs::WINDOWS_1252);
    let mut out = Output::new(encoding);
    let mut stack: Vec<Group> = Vec::new();
    let mut group = Group {
        uc: 1,
        ..Group::default()
    };
    let mut i = 0;
    while i < rtf.len() {
        match rtf[i] {
            b'{' => {
                stack.push(group);
                group.first = true;
                group.starred = false;
                group.pending_skip = 0;
                i += 1;
                continue;
            }
            b'}' => {
                group = stack.pop().unwrap_or_default();
                i += 1;
                continue;
            }
            b'\\' => {
                let (word, param, next) = control(rtf, i + 1);
                i = next;
                let first = std::mem::replace(&mut group.first, false);
                if group.skip {
                    continue;
                }
                match word {
                    Control::Word(w) => {
                        handle(w, param, first, &mut group, &mut out);
                        if group.pending_skip > 0 && w != b"u" {
                            group.pending_skip = 0;
                        }
                    }
                    Control::Symbol(b'*') => {
                        group.starred = true;
                        group.first = first;
                    }
                    Control::Symbol(c @ (b'\\' | b'{' | b'}')) => out.text(&group, &[c]),
                    Control::Symbol(b'~') => out.text(&group, b"\xa0"),
                    Control::Symbol(_) => {}
                    Control::Hex(b) => {
                        if group.pending_skip > 0 {
                            group.pending_skip -= 1;
                        } else {
                            out.text(&group, &[b]);
                        }
                    }
                }
                continue;
            }
            b'\r' | b'\n' => {}
            c => {
                group.first = false;
                if !group.skip {
                    if group.pending_skip > 0 {
                        group.pending_skip -= 1;
                    } else {
                        out.text(&group, &[c]);
                    }
                }
            }
        }
        i += 1;
    }
    Some(out.finish())
}

/// The state a group inherits from its parent.
#[derive(Clone, Copy, Default)]
struct Group {
    /// Inside `{\*\htmltag …}`: copied as HTML.
    tag: bool,
    /// Between `\htmlrtf` and `\htmlrtf0`: an RTF-only rendering.
    rtf_only: bool,
    /// A destination that is not HTML (font table, pictures, …): skipped whole.
    skip: bool,
    /// The group began with `\*`.
    starred: bool,
    /// Nothing has been read in this group yet.
    first: bool,
    /// Characters to skip after a `\u` (its ANSI fallback).
    pending_skip: u32,
    /// `\ucN`: how many fallback characters follow each `\u`.
    uc: u32,
}

fn handle(w: &[u8], param: Option<i32>, first: bool, g: &mut Group, out: &mut Output) {
    match w {
        b"htmltag" | b"mhtmltag" if g.starred || first => {
            g.tag = true;
            g.rtf_only = false;
        }
        b"htmlrtf" => g.rtf_only = param != Some(0),
        b"fonttbl" | b"colortbl" | b"stylesheet" | b"info" | b"pict" | b"object" | b"listtable"
        | b"listoverridetable" | b"generator" | b"xmlnstbl" | b"rsidtbl"
            if first =>
        {
            g.skip = true
        }
        _ if g.starred && first => g.skip = true,
        b"uc" => g.uc = param.unwrap_or(1).max(0) as u32,
        b"u" => {
            let code = param.unwrap_or(0);
            let code = if code < 0 { code + 65536 } else { code } as u32;
            if let Some(c) = char::from_u32(code) {
                out.unicode(g, c);
            }
            g.pending_skip = g.uc;
        }
        b"par" | b"line" => out.text(g, b"\r\n"),
        b"tab" => out.text(g, b"\t"),
        b"lquote" => out.unicode(g, '\u{2018}'),
        b"rquote" => out.unicode(g, '\u{2019}'),
        b"ldblquote" => out.unicode(g, '\u{201C}'),
        b"rdblquote" => out.unicode(g, '\u{201D}'),
        b"bullet" => out.unicode(g, '\u{2022}'),
        b"endash" => out.unicode(g, '\u{2013}'),
        b"emdash" => out.unicode(g, '\u{2014}'),
        _ => {}
    }
}

/// Text being decoded: 8-bit runs in the document's code page, and Unicode.
struct Output {
    encoding: &'static Encoding,
    bytes: Vec<u8>,
    text: String,
}

impl Output {
    fn new(encoding: &'static Encoding) -> Output {
        Output {
            encoding,
            bytes: Vec::new(),
            text: String::new(),
        }
    }

    fn wanted(g: &Group) -> bool {
        g.tag || !g.rtf_only
    }

    fn text(&mut self, g: &Group, bytes: &[u8]) {
        if Self::wanted(g) {
            self.bytes.extend_from_slice(bytes);
        }
    }

    fn unicode(&mut self, g: &Group, c: char) {
        if Self::wanted(g) {
            self.flush();
            self.text.push(c);
        }
    }

    fn flush(&mut self) {
        if !self.bytes.is_empty() {
            let (text, _) = self.encoding.decode_without_bom_handling(&self.bytes);
            self.text.push_str(&text);
            self.bytes.clear();
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        self.text
    }
}

enum Control<'a> {
    Word(&'a [u8]),
    Symbol(u8),
    Hex(u8),
}

/// The control word or symbol after a backslash at `at`: it, its numeric
/// parameter, and where the text after it begins.
fn control(rtf: &[u8], at: usize) -> (Control<'_>, Option<i32>, usize) {
    let Some(&c) = rtf.get(at) else {
        return (Control::Symbol(b'\\'), None, at);
    };
    if c == b'\'' {
        let hex = rtf
            .get(at + 1..at + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        return match hex {
            Some(b) => (Control::Hex(b), None, at + 3),
            None => (Control::Symbol(b'\''), None, at + 1),
        };
    }
    if !c.is_ascii_alphabetic() {
        return (Control::Symbol(c), None, at + 1);
    }
    let mut end = at;
    while end < rtf.len() && rtf[end].is_ascii_alphabetic() && end - at < 32 {
        end += 1;
    }
    let word = &rtf[at..end];
    let mut p = end;
    if p < rtf.len() && rtf[p] == b'-' {
        p += 1;
    }
    while p < rtf.len() && rtf[p].is_ascii_digit() && p - end < 10 {
        p += 1;
    }
    let param = std::str::from_utf8(&rtf[end..p])
        .ok()
        .and_then(|s| s.parse().ok());
    if p < rtf.len() && rtf[p] == b' ' {
        p += 1;
    }
    (Control::Word(word), param, p)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// `\ansicpgN` in the header.
fn code_page(header: &[u8]) -> Option<u16> {
    let at = header.windows(8).position(|w| w == b"\\ansicpg")? + 8;
    let digits: Vec<u8> = header[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::html;

    #[test]
    fn markup_and_text_come_back_and_rtf_only_runs_do_not() {
        let rtf = br"{\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0\fswiss Arial;}}
{\*\htmltag19 <html>}{\*\htmltag50 <body>}\htmlrtf {\b bold rtf}\htmlrtf0 Caf\'e9 \u8364? ok\par
{\*\htmltag58 </body>}{\*\htmltag27 </html>}}";
        let out = html(rtf).unwrap();
        assert_eq!(out, "<html><body>Café € ok\r\n</body></html>");
    }

    #[test]
    fn rtf_without_encapsulated_html_gives_none() {
        assert!(html(br"{\rtf1\ansi\fromtext Hello}").is_none());
        assert!(html(b"not rtf").is_none());
    }

    #[test]
    fn the_code_page_of_the_header_decodes_eight_bit_text() {
        let rtf = br"{\rtf1\ansi\ansicpg932\fromhtml1 {\*\htmltag50 <p>}\'93\'fa\'96\'7b{\*\htmltag58 </p>}}";
        assert_eq!(html(rtf).unwrap(), "<p>日本</p>");
    }
}
