//! `calibrate`'s outputs: a terminal table that fits 100 columns, Markdown
//! for a calibration document, one self-contained HTML page with the
//! matrix as a heat map, and CSV (one row per case and competency) for
//! spreadsheets. JSON is the report itself.

use super::escape::{html_escape, md_escape};
use super::style::Style;
use super::table::{Cell, Column, Layout, Table};

use super::text::{fit, pad, plural, wrap, wrap_items};
use crate::readiness::Status;
use crate::report::calibration::{Calibration, CaseRow, Group, RowState};

/// The verdict column: the verdict, or why there is none.
fn verdict_cell(r: &CaseRow) -> String {
    match (&r.summary, r.state) {
        (_, RowState::Unreadable) => "unreadable".into(),
        (None, _) => "errors".into(),
        (Some(s), _) => s.verdict.map_or("—", |v| v.as_str()).into(),
    }
}

/// How a row names its case: the candidate (the folder when the case
/// could not be read), and the revision read when one was named, so the
/// same case at two revisions reads as two.
fn row_name(r: &CaseRow) -> String {
    let name = r.summary.as_ref().map_or(r.path.as_str(), |s| &s.candidate);
    match &r.rev {
        Some(rev) => format!("{name} @{rev}"),
        None => name.to_string(),
    }
}

fn date_cell(d: Option<crate::date::Date>) -> String {
    d.map_or_else(|| "—".to_string(), |d| d.to_string())
}

/// The brief's glyph for a status; `·` where a case does not assess it.
fn mark(s: Option<Status>) -> &'static str {
    super::marks::of(s)
}

/// The terminal table: a row per case (names wrapped to fit), then a
/// status matrix per group of comparable cases.
pub(crate) fn human(c: &Calibration, st: Style) -> String {
    let hide: &[&str] = if untold(c) {
        &["verdict", "score"]
    } else {
        &[]
    };
    let (columns, keep) = CASE_TABLE.without(hide);
    let table = Layout {
        columns: &columns,
        gap: CASE_TABLE.gap,
    };
    let mut o = table.header(st);
    for r in &c.cases {
        human_row(r, (&table, &keep), st, &mut o);
    }
    o.push_str("\nacts: open/overdue actions; hid: entries withheld from this audience; sust: sustained months\n");
    for g in &c.groups {
        human_matrix(c, g, st, &mut o);
    }
    o
}

/// Whether the verdict and score columns are left out: the shareable
/// calibration, like the shareable brief, states neither (null in JSON).
fn untold(c: &Calibration) -> bool {
    c.audience == crate::readiness::Audience::Shareable
}

/// The candidate column's width in the terminal table.
const NAME: usize = 18;

/// The terminal table's columns, a row per case.
const CASE_COLUMNS: [Column; 11] = [
    Column::left("candidate", NAME),
    Column::shortened("level", 13),
    Column::left("verdict", 10),
    Column::right("score", 5),
    Column::right("met", 5),
    Column::right("sust", 5),
    Column::right("evid", 4),
    Column::left("latest", 10),
    Column::left("revisit", 10),
    Column::right("acts", 5),
    Column::right("hid", 4),
];
const CASE_TABLE: Layout<'static> = Layout {
    columns: &CASE_COLUMNS,
    gap: " ",
};

/// One case's row, then under it the rest of a long name, the error count
/// and why it was not scored.
fn human_row(r: &CaseRow, (table, keep): (&Layout<'_>, &[bool]), st: Style, o: &mut String) {
    let name = &row_name(r);
    let mut name_lines = wrap(name, NAME).into_iter();
    let first = name_lines.next().unwrap_or_default();
    let cells: Vec<Cell> = match &r.summary {
        Some(s) => vec![
            first.into(),
            format!("{}→{}", s.current_level, s.target_level).into(),
            verdict_cell(r).into(),
            s.score.map_or("—".to_string(), |x| format!("{x}%")).into(),
            format!("{}/{}", s.met, s.assessed).into(),
            format!("{}/{}", s.sustained_months, s.sustained_required).into(),
            s.evidence_counted.to_string().into(),
            date_cell(s.latest_evidence).into(),
            date_cell(s.revisit).into(),
            format!("{}/{}", s.open_actions, s.overdue_actions).into(),
            s.withheld.to_string().into(),
        ],
        None => vec![first.into(), "—".into(), verdict_cell(r).into()],
    };
    o.push_str(&table.row(&Layout::pick(cells, keep), Style::PLAIN));
    let mut notes: Vec<String> = Vec::new();
    if r.errors > 0 {
        notes.push(plural(r.errors, "error", "errors"));
    }
    if r.summary.is_none() {
        notes.extend(r.reason.clone());
    }
    let notes = wrap(&notes.join(": "), st.width.saturating_sub(NAME + 1));
    let mut names = name_lines.filter(|l| !l.is_empty());
    for note in notes.into_iter().filter(|l| !l.is_empty()) {
        let name = names.next().unwrap_or_default();
        o.push_str(&format!("{} {note}\n", pad(&name, NAME)));
    }
    for more in names {
        o.push_str(&format!("{more}\n"));
    }
}

fn human_matrix(c: &Calibration, g: &Group, st: Style, o: &mut String) {
    o.push_str(&format!(
        "\n{} {} {} → {} ({})\n",
        st.bold("framework"),
        g.framework.id,
        g.framework.version,
        g.target_level_name,
        plural(g.cases.len(), "case", "cases")
    ));
    if let Some(w) = &g.caution {
        o.push_str(&format!("{}: {w}\n", st.yellow("caution")));
    }
    let numbers: String = (1..=g.competencies.len())
        .map(|i| format!("{i:>3}"))
        .collect();
    o.push_str(&format!("{} {numbers}\n", pad("", 18)));
    for &i in &g.cases {
        let name = &row_name(&c.cases[i]);
        let marks: String = g
            .row(c, i)
            .iter()
            .map(|cell| format!("  {}", super::marks::coloured(cell.map(|c| c.status), st)))
            .collect();
        o.push_str(&format!("{} {marks}\n", pad(&fit(name, 18), 18)));
    }
    let legend: Vec<String> = g
        .competencies
        .iter()
        .enumerate()
        .map(|(i, (id, _))| format!("{} {id}", i + 1))
        .collect();
    // Each "N id" stays whole: a number is never cut from its name.
    for line in wrap_items(&legend, st.width.saturating_sub(2)) {
        o.push_str(&format!("  {line}\n"));
    }
    o.push_str(&super::text::legend(st, "  "));
}

/// The columns of the Markdown and HTML tables.
const COLUMNS: [&str; 12] = [
    "Candidate",
    "Levels",
    "Framework",
    "Verdict",
    "Score",
    "Met",
    "Sustained",
    "Evidence",
    "Latest",
    "Revisit",
    "Actions (overdue)",
    "Withheld",
];

/// A case's cells under [`COLUMNS`], as text (each format escapes it); a
/// case that was not scored says why in the verdict cell (in the levels
/// cell when the verdict column is `untold`).
fn row_cells(r: &CaseRow, untold: bool) -> Vec<String> {
    let Some(s) = &r.summary else {
        let why = format!(
            "{}: {}",
            verdict_cell(r),
            r.reason.as_deref().unwrap_or_default()
        );
        let levels = if untold { why.clone() } else { "—".into() };
        let mut cells = vec![row_name(r), levels, "—".into(), why];
        cells.resize(COLUMNS.len(), "—".into());
        return cells;
    };
    let errors = match r.errors {
        0 => String::new(),
        n => format!(" ({})", plural(n, "error", "errors")),
    };
    vec![
        row_name(r),
        format!("{} → {}", s.current_level_name, s.target_level_name),
        format!("{} {}", s.framework.id, s.framework.version),
        format!("{}{errors}", verdict_cell(r)),
        s.score.map_or("—".to_string(), |x| format!("{x}%")),
        format!("{} of {}", s.met, s.assessed),
        crate::readiness::sustained_phrase(s.sustained_months, s.sustained_required),
        s.evidence_counted.to_string(),
        date_cell(s.latest_evidence),
        date_cell(s.revisit),
        format!("{} ({})", s.open_actions, s.overdue_actions),
        s.withheld.to_string(),
    ]
}

/// Markdown for a calibration document.
pub(crate) fn markdown(c: &Calibration) -> String {
    let mut o = format!(
        "# Calibration: {}\n\nAudience: {}. ",
        plural(c.cases.len(), "case", "cases"),
        c.audience.as_str()
    );
    o.push_str("Each row is the case's own `promocase status`.\n\n");
    o.push_str(&case_table(c).markdown());
    for g in &c.groups {
        o.push_str(&format!(
            "\n## {} {} → {}\n\n",
            md_escape(&g.framework.id),
            md_escape(&g.framework.version),
            md_escape(&g.target_level_name)
        ));
        if let Some(w) = &g.caution {
            o.push_str(&format!("**Caution:** {}.\n\n", md_escape(w)));
        }
        o.push_str(&matrix_table(c, g).markdown());
    }
    o
}

/// The table of cases under [`COLUMNS`] (Markdown and HTML).
fn case_table(c: &Calibration) -> Table {
    let mut t = Table::new(&COLUMNS);
    t.rows = c.cases.iter().map(|r| row_cells(r, untold(c))).collect();
    let hide: &[&str] = if untold(c) {
        &["Verdict", "Score"]
    } else {
        &[]
    };
    t.without(hide)
}

/// A group's status matrix as words: a row per case, a column per
/// competency.
fn matrix_table(c: &Calibration, g: &Group) -> Table {
    let mut t = Table::new(&["Candidate"]);
    t.header
        .extend(g.competencies.iter().map(|(_, name)| name.clone()));
    for &i in &g.cases {
        let mut row = vec![row_name(&c.cases[i])];
        row.extend(
            g.row(c, i)
                .iter()
                .map(|cell| cell.map_or("—", |c| c.status.as_str()).to_string()),
        );
        t.rows.push(row);
    }
    t
}

/// One row per case and competency, for spreadsheets (quoted and guarded
/// against formulas by [`super::csv`]).
pub(crate) fn csv(c: &Calibration) -> String {
    let header = [
        "path",
        "rev",
        "candidate",
        "framework",
        "version",
        "target_level",
        "verdict",
        "score",
        "competency",
        "status",
    ];
    let mut t = Table::new(&header);
    for r in &c.cases {
        let rev = r.rev.clone().unwrap_or_default();
        let Some(s) = &r.summary else {
            let mut row = vec![
                r.path.clone(),
                rev,
                String::new(),
                String::new(),
                String::new(),
            ];
            row.extend([String::new(), verdict_cell(r)]);
            row.resize(header.len(), String::new());
            t.rows.push(row);
            continue;
        };
        for cell in &s.statuses {
            t.rows.push(vec![
                r.path.clone(),
                rev.clone(),
                s.candidate.clone(),
                s.framework.id.clone(),
                s.framework.version.clone(),
                s.target_level.clone(),
                verdict_cell(r),
                s.score.map(|x| x.to_string()).unwrap_or_default(),
                cell.id.clone(),
                cell.status.as_str().to_string(),
            ]);
        }
    }
    let hide: &[&str] = if untold(c) {
        &["verdict", "score"]
    } else {
        &[]
    };
    t.without(hide).csv()
}

/// One self-contained page: the table, then each group's matrix as a heat
/// map (the status is written in each cell, so it reads in grayscale).
pub(crate) fn html(c: &Calibration) -> String {
    let mut o = String::from(concat!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<title>Calibration</title>\n<style>\n",
        "body{font:14px/1.45 -apple-system,\"Segoe UI\",Helvetica,Arial,sans-serif;color:#1b1f24;max-width:75rem;margin:2rem auto;padding:0 1.5rem}\n",
        "table{border-collapse:collapse;margin:.8rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}\n",
        "th{background:#f6f8fa}.m td.s{text-align:center;font-weight:600}\n",
        ".strong{background:#1a7f37;color:#fff}.met{background:#4ac26b}.developing{background:#eac54f}\n",
        ".emerging{background:#f5e0a8}.missing{background:#ffd8d3}.waived,.withheld,.none{background:#f6f8fa;color:#59636e}\n",
        ".caution{color:#9a6700;font-weight:600}\n</style>\n</head>\n<body>\n",
    ));
    o.push_str(&format!(
        "<h1>Calibration: {}</h1>\n<p>Audience: {}. Each row is the case's own <code>promocase status</code>.</p>\n",
        plural(c.cases.len(), "case", "cases"),
        c.audience.as_str()
    ));
    o.push_str(&case_table(c).html());
    for g in &c.groups {
        html_matrix(c, g, &mut o);
    }
    o.push_str("</body>\n</html>\n");
    o
}

/// One group's matrix as a heat map: a row per case, a cell per
/// competency with its status written in it.
fn html_matrix(c: &Calibration, g: &Group, o: &mut String) {
    o.push_str(&format!(
        "<h2>{} {} → {}</h2>\n",
        html_escape(&g.framework.id),
        html_escape(&g.framework.version),
        html_escape(&g.target_level_name)
    ));
    if let Some(w) = &g.caution {
        o.push_str(&format!("<p class=\"caution\">{}</p>\n", html_escape(w)));
    }
    o.push_str("<table class=\"m\">\n<thead><tr><th>Candidate</th>");
    for (_, name) in &g.competencies {
        o.push_str(&format!("<th>{}</th>", html_escape(name)));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for &i in &g.cases {
        let name = &row_name(&c.cases[i]);
        o.push_str(&format!("<tr><td>{}</td>", html_escape(name)));
        for cell in g.row(c, i) {
            let word = cell.map_or("none", |c| c.status.as_str());
            o.push_str(&format!(
                "<td class=\"s {word}\">{} {}</td>",
                mark(cell.map(|c| c.status)),
                if word == "none" { "—" } else { word }
            ));
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n");
}
