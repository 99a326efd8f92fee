//! Small inline SVG charts for the HTML report.

use super::model::Charts;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const COLOURS: [&str; 4] = ["#2f5d8a", "#8a6d2f", "#5f7f4f", "#7a4f7f"];

/// Communications per day, stacked by party.
pub fn per_day(c: &Charts) -> String {
    let (w, h, left, bottom) = (420.0, 150.0, 24.0, 22.0);
    let totals: Vec<u32> = (0..c.days.len())
        .map(|d| c.per_day.iter().map(|s| s.values[d]).sum())
        .collect();
    let max = f64::from(totals.iter().copied().max().unwrap_or(0).max(1));
    let bar = (w - left) / c.days.len().max(1) as f64;
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {}" role="img" aria-label="Communications per day by party">"#,
        h + 20.0
    );
    for (d, label) in c.days.iter().enumerate() {
        let x = left + d as f64 * bar;
        let mut y = h - bottom;
        for (i, s) in c.per_day.iter().enumerate() {
            let v = f64::from(s.values[d]);
            if v == 0.0 {
                continue;
            }
            let height = v / max * (h - bottom - 10.0);
            y -= height;
            out.push_str(&format!(
                r#"<rect x="{:.1}" y="{y:.1}" width="{:.1}" height="{height:.1}" fill="{}"><title>{}: {}</title></rect>"#,
                x + 4.0, bar - 8.0, COLOURS[i % COLOURS.len()], esc(&s.name), s.values[d]
            ));
        }
        out.push_str(&format!(
            r#"<text x="{:.1}" y="{:.1}" font-size="10" text-anchor="middle">{}</text>"#,
            x + bar / 2.0,
            h - 6.0,
            esc(label)
        ));
        if totals[d] > 0 {
            out.push_str(&format!(
                r#"<text x="{:.1}" y="{:.1}" font-size="9" text-anchor="middle">{}</text>"#,
                x + bar / 2.0,
                y - 3.0,
                totals[d]
            ));
        }
    }
    for (i, s) in c.per_day.iter().enumerate() {
        let x = left + i as f64 * 130.0;
        out.push_str(&format!(
            r#"<rect x="{x}" y="{}" width="9" height="9" fill="{}"/><text x="{}" y="{}" font-size="10">{}</text>"#,
            h + 6.0, COLOURS[i % COLOURS.len()], x + 13.0, h + 14.0, esc(&s.name)
        ));
    }
    out.push_str("</svg>");
    out
}

/// Days since the last update per stakeholder, against the cadence owed (a tick).
pub fn cadence(c: &Charts) -> String {
    let row = 22.0;
    let (w, label_w) = (420.0, 190.0);
    let h = row * c.cadence.len().max(1) as f64 + 10.0;
    let max = c
        .cadence
        .iter()
        .map(|b| b.days_since.max(i64::from(b.cadence_days)))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let scale = (w - label_w - 30.0) / max;
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-label="Days since the last update against the cadence owed">"#
    );
    for (i, b) in c.cadence.iter().enumerate() {
        let y = 5.0 + i as f64 * row;
        let over = b.days_since > i64::from(b.cadence_days);
        let fill = if over { "#a33a2b" } else { "#2f5d8a" };
        out.push_str(&format!(
            r#"<text x="0" y="{:.1}" font-size="10">{}</text>"#,
            y + 12.0,
            esc(&b.name)
        ));
        out.push_str(&format!(
            r#"<rect x="{label_w}" y="{:.1}" width="{:.1}" height="12" fill="{fill}"><title>{} days since the last update; cadence {}</title></rect>"#,
            y + 2.0, (b.days_since.max(0) as f64 * scale).max(1.0), b.days_since, b.cadence_days
        ));
        let tick = label_w + f64::from(b.cadence_days) * scale;
        out.push_str(&format!(r##"<line x1="{tick:.1}" x2="{tick:.1}" y1="{:.1}" y2="{:.1}" stroke="#222" stroke-width="2"/>"##, y, y + 16.0));
        out.push_str(&format!(
            r#"<text x="{:.1}" y="{:.1}" font-size="9">{}{}</text>"#,
            label_w + (b.days_since.max(0) as f64 * scale).max(tick - label_w) + 6.0,
            y + 12.0,
            b.days_since,
            if over { " (overdue)" } else { "" }
        ));
    }
    out.push_str("</svg>");
    out
}
