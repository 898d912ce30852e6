//! SVG charts, written by hand: no script, no fonts fetched, legible in
//! grayscale (shapes, dashes and labels carry the meaning, not colour).
//! Numbers are printed with fixed precision so output is byte-stable.

use super::templates::html_escape;

fn f(x: f64) -> String {
    format!("{x:.1}")
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() > n {
        s.chars().take(n - 1).collect::<String>() + "…"
    } else {
        s.to_string()
    }
}

/// One spoke of the radar chart.
pub struct Spoke<'a> {
    pub label: &'a str,
    /// 0..=100.
    pub score: u32,
    pub met: bool,
}

/// A radar chart of competency scores against the target (the outer ring).
pub fn radar(spokes: &[Spoke<'_>]) -> String {
    let (w, h, cx, cy, r) = (620.0, 420.0, 310.0, 210.0, 140.0);
    let n = spokes.len().max(1) as f64;
    let at = |i: usize, frac: f64| {
        let a = -std::f64::consts::FRAC_PI_2 + 2.0 * std::f64::consts::PI * i as f64 / n;
        (cx + r * frac * a.cos(), cy + r * frac * a.sin())
    };
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" style="max-width:100%;height:auto" role="img" aria-label="Readiness by competency" font-family="Helvetica, Arial, sans-serif" font-size="10">"#
    );
    for ring in [0.25, 0.5, 0.75] {
        let pts: Vec<String> = (0..spokes.len())
            .map(|i| {
                let (x, y) = at(i, ring);
                format!("{},{}", f(x), f(y))
            })
            .collect();
        s.push_str(&format!(
            r##"<polygon points="{}" fill="none" stroke="#d0d7de"/>"##,
            pts.join(" ")
        ));
    }
    let target: Vec<String> = (0..spokes.len())
        .map(|i| {
            let (x, y) = at(i, 1.0);
            format!("{},{}", f(x), f(y))
        })
        .collect();
    s.push_str(&format!(r##"<polygon points="{}" fill="none" stroke="#444" stroke-dasharray="5 3" stroke-width="1.5"/>"##, target.join(" ")));
    let mut pts = Vec::new();
    for (i, sp) in spokes.iter().enumerate() {
        let (x, y) = at(i, 1.0);
        s.push_str(&format!(
            r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d0d7de"/>"##,
            f(cx),
            f(cy),
            f(x),
            f(y)
        ));
        let (px, py) = at(i, sp.score as f64 / 100.0);
        pts.push(format!("{},{}", f(px), f(py)));
        let (lx, ly) = at(i, 1.13);
        let anchor = if (lx - cx).abs() < 5.0 {
            "middle"
        } else if lx > cx {
            "start"
        } else {
            "end"
        };
        s.push_str(&format!(
            r##"<text x="{}" y="{}" text-anchor="{anchor}" dominant-baseline="middle" fill="#1b1f24">{} {}%</text>"##,
            f(lx), f(ly), html_escape(&truncate(sp.label, 28)), sp.score
        ));
    }
    if !spokes.is_empty() {
        s.push_str(&format!(r##"<polygon points="{}" fill="#57606a" fill-opacity="0.25" stroke="#1b1f24" stroke-width="2"/>"##, pts.join(" ")));
        for (i, sp) in spokes.iter().enumerate() {
            let (px, py) = at(i, sp.score as f64 / 100.0);
            // Met: a filled square; not met: a hollow circle.
            if sp.met {
                s.push_str(&format!(
                    r##"<rect x="{}" y="{}" width="7" height="7" fill="#1b1f24"/>"##,
                    f(px - 3.5),
                    f(py - 3.5)
                ));
            } else {
                s.push_str(&format!(r##"<circle cx="{}" cy="{}" r="4" fill="#fff" stroke="#1b1f24" stroke-width="1.5"/>"##, f(px), f(py)));
            }
        }
    }
    s.push_str("</svg>");
    s
}

/// One month's evidence counts per group.
pub struct MonthBar<'a> {
    pub month: &'a str,
    pub groups: &'a [(String, usize)],
}

const SHADES: &[&str] = &[
    "#24292f", "#6e7781", "#afb8c1", "#eaeef2", "#57606a", "#d0d7de",
];

/// Stacked bars of evidence per month, by group, with a legend.
pub fn activity(months: &[MonthBar<'_>]) -> String {
    let (w, h, left, top, bottom) = (460.0, 400.0, 34.0, 20.0, 300.0);
    let max = months
        .iter()
        .map(|m| m.groups.iter().map(|g| g.1).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let slot = (w - left - 10.0) / months.len().max(1) as f64;
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" style="max-width:100%;height:auto" role="img" aria-label="Evidence per month" font-family="Helvetica, Arial, sans-serif" font-size="10">"#
    );
    let ticks = max as usize;
    let step = ((ticks as f64) / 4.0).ceil().max(1.0) as usize;
    for t in (0..=ticks).step_by(step) {
        let y = bottom - (bottom - top) * t as f64 / max;
        s.push_str(&format!(r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#eaeef2"/><text x="{}" y="{}" text-anchor="end" fill="#57606a">{t}</text>"##, f(left), f(y), f(w - 10.0), f(y), f(left - 4.0), f(y + 3.0)));
    }
    for (i, m) in months.iter().enumerate() {
        let x = left + slot * i as f64 + slot * 0.15;
        let bw = slot * 0.7;
        let mut y = bottom;
        for (g, (_, n)) in m.groups.iter().enumerate() {
            if *n == 0 {
                continue;
            }
            let bh = (bottom - top) * *n as f64 / max;
            y -= bh;
            s.push_str(&format!(r##"<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#1b1f24" stroke-width="0.6"/>"##, f(x), f(y), f(bw), f(bh), SHADES[g % SHADES.len()]));
        }
        let label = m.month.get(2..).unwrap_or(m.month);
        s.push_str(&format!(r##"<text x="{}" y="{}" text-anchor="end" transform="rotate(-60 {} {})" fill="#1b1f24">{}</text>"##, f(x + bw / 2.0), f(bottom + 10.0), f(x + bw / 2.0), f(bottom + 10.0), html_escape(label)));
    }
    s.push_str(&format!(
        r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1b1f24"/>"##,
        f(left),
        f(bottom),
        f(w - 10.0),
        f(bottom)
    ));
    if let Some(first) = months.first() {
        for (g, (name, _)) in first.groups.iter().enumerate() {
            let ly = bottom + 48.0 + 14.0 * g as f64;
            s.push_str(&format!(r##"<rect x="{}" y="{}" width="10" height="10" fill="{}" stroke="#1b1f24" stroke-width="0.6"/><text x="{}" y="{}" fill="#1b1f24">{}</text>"##, f(left), f(ly - 9.0), SHADES[g % SHADES.len()], f(left + 16.0), f(ly), html_escape(name)));
        }
    }
    s.push_str("</svg>");
    s
}

/// One point of the readiness-over-time chart.
pub struct ScorePoint<'a> {
    pub label: &'a str,
    pub score: u32,
    pub evidence: usize,
    pub ready: bool,
}

/// Overall score over time, the readiness threshold (100%: every
/// competency met), evidence counts as bars, and a marker where the
/// verdict changed.
pub fn score_over_time(points: &[ScorePoint<'_>], title: &str) -> String {
    let (w, h, left, right, top, bottom) = (760.0, 360.0, 44.0, 44.0, 36.0, 290.0);
    let n = points.len().max(1);
    let step = if n > 1 {
        (w - left - right) / (n - 1) as f64
    } else {
        0.0
    };
    let x = |i: usize| {
        left + step * i as f64
            + if n == 1 {
                (w - left - right) / 2.0
            } else {
                0.0
            }
    };
    let y = |score: f64| bottom - (bottom - top) * score / 100.0;
    let max_ev = points.iter().map(|p| p.evidence).max().unwrap_or(0).max(1) as f64;
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}" font-family="Helvetica, Arial, sans-serif" font-size="11">"#,
        html_escape(title)
    );
    s.push_str(&format!(r##"<rect width="{w}" height="{h}" fill="#fff"/><text x="{}" y="20" font-size="14" font-weight="bold" fill="#1b1f24">{}</text>"##, f(left), html_escape(title)));
    for t in [0.0, 25.0, 50.0, 75.0] {
        s.push_str(&format!(r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#eaeef2"/><text x="{}" y="{}" text-anchor="end" fill="#57606a">{}%</text>"##, f(left), f(y(t)), f(w - right), f(y(t)), f(left - 4.0), f(y(t) + 4.0), t as u32));
    }
    s.push_str(&format!(r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1b1f24" stroke-dasharray="6 4"/><text x="{}" y="{}" text-anchor="end" fill="#1b1f24">ready: 100%</text>"##, f(left), f(y(100.0)), f(w - right), f(y(100.0)), f(w - right), f(y(100.0) - 5.0)));
    for (i, p) in points.iter().enumerate() {
        let bh = (bottom - top) * 0.35 * p.evidence as f64 / max_ev;
        s.push_str(&format!(
            r##"<rect x="{}" y="{}" width="4" height="{}" fill="#d0d7de"/>"##,
            f(x(i) - 2.0),
            f(bottom - bh),
            f(bh)
        ));
    }
    let line: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{},{}", f(x(i)), f(y(p.score as f64))))
        .collect();
    if !line.is_empty() {
        s.push_str(&format!(
            r##"<polyline points="{}" fill="none" stroke="#1b1f24" stroke-width="2"/>"##,
            line.join(" ")
        ));
    }
    for (i, p) in points.iter().enumerate() {
        let changed = i > 0 && points[i - 1].ready != p.ready;
        if changed {
            s.push_str(&format!(r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1b1f24" stroke-dasharray="2 2"/><text x="{}" y="{}" text-anchor="middle" fill="#1b1f24">{}</text>"##, f(x(i)), f(top), f(x(i)), f(bottom), f(x(i)), f(top - 4.0), if p.ready { "▲ ready" } else { "▼ not yet" }));
        }
        s.push_str(&format!(
            r##"<circle cx="{}" cy="{}" r="3" fill="{}" stroke="#1b1f24"/>"##,
            f(x(i)),
            f(y(p.score as f64)),
            if p.ready { "#1b1f24" } else { "#fff" }
        ));
    }
    let label_every = (n / 8).max(1);
    for (i, p) in points.iter().enumerate() {
        if i % label_every == 0 || i + 1 == n {
            s.push_str(&format!(
                r##"<text x="{}" y="{}" text-anchor="middle" fill="#57606a">{}</text>"##,
                f(x(i)),
                f(bottom + 16.0),
                html_escape(p.label)
            ));
        }
    }
    s.push_str(&format!(r##"<text x="{}" y="{}" fill="#57606a">line: overall score · bars: evidence count (max {}) · filled dot: ready</text>"##, f(left), f(bottom + 40.0), max_ev as usize));
    s.push_str("</svg>\n");
    s
}
