//! Imported HTML made safe to show: no scripts, handlers, forms, frames,
//! SVG/MathML, styles or images, and only http, https and mailto links.

use std::collections::HashSet;
use std::sync::OnceLock;

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.rm_tags(["img"])
            .url_schemes(HashSet::from(["http", "https", "mailto"]))
            .link_rel(Some("noopener noreferrer nofollow"))
            .strip_comments(true);
        b
    })
}

/// Sanitised HTML, to be shown only inside a sandboxed iframe.
pub fn sanitize_html(html: &str) -> String {
    cleaner().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_js_links_and_remote_images_are_gone() {
        let dirty = r#"<p onclick="steal()">Hi <script>alert(1)</script><a href="javascript:alert(2)">x</a>
            <img src="https://tracker.example/p.gif"><a href="https://ok.example">ok</a>
            <svg><script>alert(3)</script></svg><math><mi>x</mi></math><iframe src="https://x.example"></iframe>
            <div style="background:url(https://tracker.example/bg)">s</div><form action="https://x"><input></form></p>"#;
        let clean = sanitize_html(dirty);
        for bad in [
            "script",
            "onclick",
            "javascript:",
            "<img",
            "tracker.example",
            "<svg",
            "<math",
            "<iframe",
            "style=",
            "<form",
            "<input",
        ] {
            assert!(!clean.contains(bad), "{bad} survived: {clean}");
        }
        assert!(clean.contains(r#"href="https://ok.example""#), "{clean}");
    }
}
