//! SVG charts, written by hand: no script, no fonts fetched, legible in
//! grayscale (shapes, dashes and labels carry the meaning, not colour).
//! Numbers are printed with fixed precision so output is byte-stable.

use super::escape::html_escape;

fn f(x: f64) -> String {
    format!("{x:.1}")
}

/// `s` in at most `n` columns, cut with `…` when longer: by display
/// width, as the terminal's tables are (`text.rs`), so a label of CJK
/// characters (two columns each) takes the room the chart gave it.
fn truncate(s: &str, n: usize) -> String {
    use super::text::{take_columns, width};
    match width(s) > n {
        true => format!("{}…", take_columns(s, n.saturating_sub(1))),
        false => s.to_string(),
    }
}

/// One spoke of the radar chart.
pub(crate) struct Spoke<'a> {
    pub(crate) label: &'a str,
    /// 0..=100.
    pub(crate) score: u32,
    pub(crate) met: bool,
}

/// The most competencies a radar shows; beyond, labels cannot all stay
/// legible around a circle and [`scores`] draws bars instead.
pub(crate) const RADAR_MAX: usize = 25;

/// Label height and the widest label, in characters (font size 10).
const LABEL_GAP: f64 = 12.0;
const LABEL_CHARS: usize = 28;

/// Competency scores: a radar up to [`RADAR_MAX`] spokes, bars beyond.
pub(crate) fn scores(spokes: &[Spoke<'_>]) -> String {
    if spokes.len() > RADAR_MAX {
        bars(spokes)
    } else {
        radar(spokes)
    }
}

/// Where each label goes: labels right of the centre start at their spoke
/// and labels left of it end there, so the two columns never meet; within
/// a column, labels are moved apart vertically until none overlaps and all
/// stay inside the chart.
fn label_layout(points: &[(f64, f64)], cx: f64, h: f64) -> Vec<(f64, f64, bool)> {
    let mut out: Vec<(f64, f64, bool)> =
        points.iter().map(|&(x, y)| (x, y, x >= cx - 0.5)).collect();
    for right in [true, false] {
        let mut col: Vec<usize> = (0..out.len()).filter(|&i| out[i].2 == right).collect();
        col.sort_by(|&a, &b| out[a].1.total_cmp(&out[b].1).then(a.cmp(&b)));
        // Down from the top, then up from the bottom, then down again.
        let (top, bottom) = (LABEL_GAP / 2.0, h - LABEL_GAP / 2.0);
        for k in 0..col.len() {
            let min = if k == 0 {
                top
            } else {
                out[col[k - 1]].1 + LABEL_GAP
            };
            out[col[k]].1 = out[col[k]].1.max(min);
        }
        for k in (0..col.len()).rev() {
            let max = if k + 1 == col.len() {
                bottom
            } else {
                out[col[k + 1]].1 - LABEL_GAP
            };
            out[col[k]].1 = out[col[k]].1.min(max);
        }
        for k in 0..col.len() {
            let min = if k == 0 {
                top
            } else {
                out[col[k - 1]].1 + LABEL_GAP
            };
            out[col[k]].1 = out[col[k]].1.max(min);
        }
    }
    out
}

/// A radar chart of competency scores against the target (the outer ring).
pub(crate) fn radar(spokes: &[Spoke<'_>]) -> String {
    // Tall enough for RADAR_MAX labels in two columns.
    let (w, h, cx, cy, r) = (720.0, 420.0, 360.0, 210.0, 140.0);
    let n = spokes.len().max(1) as f64;
    let at = |i: usize, frac: f64| {
        let a = -std::f64::consts::FRAC_PI_2 + 2.0 * std::f64::consts::PI * i as f64 / n;
        (cx + r * frac * a.cos(), cy + r * frac * a.sin())
    };
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" style="max-width:100%;height:auto" role="img" aria-label="Readiness by competency" font-family="Helvetica, Arial, sans-serif" font-size="10">"#
    );
    let ring = |frac: f64| -> String {
        let pts: Vec<String> = (0..spokes.len())
            .map(|i| {
                let (x, y) = at(i, frac);
                format!("{},{}", f(x), f(y))
            })
            .collect();
        pts.join(" ")
    };
    for frac in [0.25, 0.5, 0.75] {
        s.push_str(&format!(
            r##"<polygon points="{}" fill="none" stroke="#d0d7de"/>"##,
            ring(frac)
        ));
    }
    s.push_str(&format!(r##"<polygon points="{}" fill="none" stroke="#444" stroke-dasharray="5 3" stroke-width="1.5"/>"##, ring(1.0)));
    let label_at: Vec<(f64, f64)> = (0..spokes.len()).map(|i| at(i, 1.13)).collect();
    let labels = label_layout(&label_at, cx, h);
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
        let (lx, ly, right) = labels[i];
        let anchor = if right { "start" } else { "end" };
        s.push_str(&format!(
            r##"<text x="{}" y="{}" text-anchor="{anchor}" dominant-baseline="middle" fill="#1b1f24">{} {}%</text>"##,
            f(lx), f(ly), html_escape(&truncate(sp.label, LABEL_CHARS)), sp.score
        ));
    }
    if !spokes.is_empty() {
        s.push_str(&format!(r##"<polygon points="{}" fill="#57606a" fill-opacity="0.25" stroke="#1b1f24" stroke-width="2"/>"##, pts.join(" ")));
        for (i, sp) in spokes.iter().enumerate() {
            let (px, py) = at(i, sp.score as f64 / 100.0);
            s.push_str(&marker(px, py, sp.met));
        }
    }
    s.push_str("</svg>");
    s
}

/// Met: a filled square; not met: a hollow circle.
fn marker(x: f64, y: f64, met: bool) -> String {
    if met {
        format!(
            r##"<rect x="{}" y="{}" width="7" height="7" fill="#1b1f24"/>"##,
            f(x - 3.5),
            f(y - 3.5)
        )
    } else {
        format!(
            r##"<circle cx="{}" cy="{}" r="4" fill="#fff" stroke="#1b1f24" stroke-width="1.5"/>"##,
            f(x),
            f(y)
        )
    }
}

/// Competency scores as horizontal bars, one row each, with the target
/// (100%) dashed: for frameworks with more competencies than a radar holds.
pub(crate) fn bars(spokes: &[Spoke<'_>]) -> String {
    let (label_w, bar_w, row) = (190.0, 380.0, 16.0);
    let w = label_w + bar_w + 60.0;
    let h = row * spokes.len() as f64 + 24.0;
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {}" style="max-width:100%;height:auto" role="img" aria-label="Readiness by competency" font-family="Helvetica, Arial, sans-serif" font-size="10">"#,
        f(h)
    );
    for (i, sp) in spokes.iter().enumerate() {
        let y = 8.0 + row * i as f64;
        let len = bar_w * f64::from(sp.score.min(100)) / 100.0;
        s.push_str(&format!(
            r##"<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle" fill="#1b1f24">{}</text><rect x="{}" y="{}" width="{}" height="10" fill="#57606a" fill-opacity="0.35"/>{}<text x="{}" y="{}" dominant-baseline="middle" fill="#1b1f24">{}%</text>"##,
            f(label_w - 6.0),
            f(y + 5.0),
            html_escape(&truncate(sp.label, 34)),
            f(label_w),
            f(y),
            f(len),
            marker(label_w + len, y + 5.0, sp.met),
            f(label_w + bar_w + 10.0),
            f(y + 5.0),
            sp.score
        ));
    }
    let x = label_w + bar_w;
    s.push_str(&format!(
        r##"<line x1="{}" y1="4" x2="{}" y2="{}" stroke="#444" stroke-dasharray="5 3" stroke-width="1.5"/></svg>"##,
        f(x),
        f(x),
        f(h - 16.0)
    ));
    s
}

/// One month's evidence counts per group.
pub(crate) struct MonthBar<'a> {
    pub(crate) month: &'a str,
    pub(crate) groups: &'a [(String, usize)],
}

const SHADES: &[&str] = &[
    "#24292f", "#6e7781", "#afb8c1", "#eaeef2", "#57606a", "#d0d7de",
];

/// Stacked bars of evidence per month, by group, with a legend.
pub(crate) fn activity(months: &[MonthBar<'_>]) -> String {
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
pub(crate) struct ScorePoint<'a> {
    pub(crate) label: &'a str,
    pub(crate) score: u32,
    pub(crate) evidence: usize,
    pub(crate) ready: bool,
}

/// Overall score over time, the readiness threshold (100%: every
/// competency met), evidence counts as bars, and a marker where the
/// verdict changed.
pub(crate) fn score_over_time(points: &[ScorePoint<'_>], title: &str) -> String {
    let (w, h, left, right, top, bottom) = (760.0, 360.0, 44.0, 44.0, 36.0, 290.0);
    let n = points.len().max(1);
    // One point sits in the middle; several spread over the width.
    let (step, offset) = match n {
        1 => (0.0, (w - left - right) / 2.0),
        _ => ((w - left - right) / (n - 1) as f64, 0.0),
    };
    let x = |i: usize| left + step * i as f64 + offset;
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
    score_marks(points, &x, &y, top, bottom, &mut s);
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

/// A dot per point (filled when ready), and a marked line where the
/// verdict changes.
fn score_marks(
    points: &[ScorePoint<'_>],
    x: &dyn Fn(usize) -> f64,
    y: &dyn Fn(f64) -> f64,
    top: f64,
    bottom: f64,
    s: &mut String,
) {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (x, y, columns of text, anchor) of every `<text>` in `svg`.
    fn texts(svg: &str) -> Vec<(f64, f64, usize, String)> {
        svg.split("<text ")
            .skip(1)
            .map(|t| {
                let attr = |name: &str| -> String {
                    let at = t.find(&format!("{name}=\"")).map(|i| i + name.len() + 2);
                    at.map(|i| t[i..].split('"').next().unwrap_or("").to_string())
                        .unwrap_or_default()
                };
                let body = t
                    .split('>')
                    .nth(1)
                    .unwrap_or("")
                    .split('<')
                    .next()
                    .unwrap_or("");
                let x = attr("x").parse().unwrap();
                let y = attr("y").parse().unwrap();
                (x, y, crate::render::text::width(body), attr("text-anchor"))
            })
            .collect()
    }

    /// Every radar of 1 to [`RADAR_MAX`] of `names` keeps its labels
    /// inside the chart and apart.
    fn assert_labels_apart(names: &[String]) {
        for n in 1..=RADAR_MAX {
            let spokes: Vec<Spoke<'_>> = names[..n]
                .iter()
                .enumerate()
                .map(|(i, l)| Spoke {
                    label: l,
                    score: (i as u32 * 37) % 101,
                    met: i % 2 == 0,
                })
                .collect();
            let svg = scores(&spokes);
            assert!(svg.contains("<polygon"), "{n}: a radar");
            // Boxes at 6 px a column (wider than Helvetica at 10 px; a CJK
            // character takes two).
            let boxes: Vec<(f64, f64, f64, f64)> = texts(&svg)
                .into_iter()
                .map(|(x, y, len, anchor)| {
                    let w = 6.0 * len as f64;
                    let x0 = if anchor == "end" { x - w } else { x };
                    (x0, y - 5.0, x0 + w, y + 5.0)
                })
                .collect();
            assert_eq!(boxes.len(), n);
            for (i, a) in boxes.iter().enumerate() {
                assert!(
                    a.0 >= 0.0 && a.2 <= 720.0 && a.1 >= 0.0 && a.3 <= 420.0,
                    "{n}: label {i} outside: {a:?}"
                );
                for b in &boxes[i + 1..] {
                    let apart = a.2 <= b.0 || b.2 <= a.0 || a.3 <= b.1 || b.3 <= a.1;
                    assert!(apart, "{n}: labels overlap: {a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn radar_labels_never_overlap_up_to_the_limit_then_bars() {
        let names: Vec<String> = (0..=RADAR_MAX)
            .map(|i| format!("A rather long competency name number {i}"))
            .collect();
        assert_labels_apart(&names);
        // Cut by display width: 28 CJK characters would take 56 columns.
        let wide: Vec<String> = (0..=RADAR_MAX)
            .map(|i| format!("組織横断の技術戦略と複数チームの長期的な方向付け第{i}"))
            .collect();
        assert_labels_apart(&wide);
        let spokes: Vec<Spoke<'_>> = names
            .iter()
            .map(|l| Spoke {
                label: l,
                score: 50,
                met: false,
            })
            .collect();
        let svg = scores(&spokes);
        assert!(!svg.contains("<polygon"), "beyond the limit: bars");
        assert_eq!(
            texts(&svg).len(),
            2 * (RADAR_MAX + 1),
            "a label and a score per row"
        );
    }
}
