//! Terminal and plain-text outputs: `status`, `diff`, `timeline`.

use super::escape::gh_escape;
use super::escape::md_escape;
use super::escape::terminal as one_line;
use super::style::Style;
use super::table::{Cell, Column, Layout, Paint, Table};
use crate::readiness::{Status, Verdict};
use crate::report::diff::{Cause, Change, DiffReport};
use crate::report::status::StatusReport;
use crate::report::timeline::Timeline;

/// A status as a table cell: its mark and word, coloured.
fn status_cell(s: Status) -> Cell {
    let paint = match s {
        Status::Strong | Status::Met => Paint::Green,
        Status::Developing | Status::Emerging => Paint::Yellow,
        Status::Missing => Paint::Red,
        Status::Waived | Status::Withheld => Paint::Dim,
    };
    Cell::painted(
        format!("{} {}", super::marks::of(Some(s)), s.as_str()),
        paint,
    )
}

/// `status`'s table; "missing" takes the rest of the line.
const STATUS_COLUMNS: [Column; 5] = [
    Column::shortened("competency", 34),
    Column::left("status", 12),
    Column::right("evidence", 9),
    Column::right("months", 6),
    Column::left("missing", 0),
];
const STATUS_TABLE: Layout<'static> = Layout {
    columns: &STATUS_COLUMNS,
    gap: "  ",
};

fn verdict_word(v: Option<Verdict>, st: Style) -> String {
    match v {
        Some(Verdict::Ready) => st.green("ready"),
        Some(Verdict::NotYet) => st.yellow("not-yet"),
        Some(Verdict::NoVerdict) => st.cyan("none (judged as a whole)"),
        None => st.dim("no case"),
    }
}

/// Every run of three or more line breaks cut to two (one blank line), in
/// one pass and in place: templates leave runs of blank lines around
/// optional sections, and a large brief is megabytes. Only line breaks
/// (one byte each) are taken out, so UTF-8 stays UTF-8.
pub(crate) fn squeeze_blank_lines(mut b: Vec<u8>) -> Vec<u8> {
    // Stretches between runs are moved down over what was cut.
    let (mut kept, mut copied, mut i) = (0, 0, 0);
    while let Some(at) = b[i..].iter().position(|&c| c == b'\n') {
        let run = i + at;
        i = run;
        while i < b.len() && b[i] == b'\n' {
            i += 1;
        }
        if i - run > 2 {
            b.copy_within(copied..run + 2, kept);
            kept += run + 2 - copied;
            copied = i;
        }
    }
    b.copy_within(copied.., kept);
    kept += b.len() - copied;
    b.truncate(kept);
    b
}

/// [`squeeze_blank_lines`] for a text in pieces (a brief rendered on every
/// core): each piece squeezed on its own, on every core, then the runs that
/// cross from one piece into the next cut as the whole text's would be.
pub(crate) fn squeeze_blank_lines_in(pieces: &mut [Vec<u8>]) {
    use rayon::prelude::*;
    pieces
        .par_iter_mut()
        .for_each(|p| *p = squeeze_blank_lines(std::mem::take(p)));
    // Line breaks at the end of the text so far: at most two, once cut.
    let mut before = 0;
    for p in pieces {
        let lead = p.iter().take_while(|&&b| b == b'\n').count();
        if before + lead > 2 {
            p.drain(..lead - (2 - before));
        }
        let trail = p.iter().rev().take_while(|&&b| b == b'\n').count();
        before = match trail == p.len() {
            true => before + trail,
            false => trail,
        };
    }
}

/// Columns `s` takes on a terminal: wide (CJK) characters take two,
/// combining marks and control characters none. Counted per character, as
/// [`take_columns`] cuts, so the two always agree.
pub(crate) fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// The longest start of `s` that fits in `n` columns.
pub(crate) fn take_columns(s: &str, n: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        used += char_width(c);
        if used > n {
            return &s[..i];
        }
    }
    s
}

/// `s` in exactly `n` columns: padded with spaces, or cut (a wide character
/// that would straddle the edge is left out and its column padded).
pub(crate) fn pad(s: &str, n: usize) -> String {
    let cut = take_columns(s, n);
    format!("{cut}{}", " ".repeat(n - width(cut)))
}

/// `s` in `n` columns: padded, or shortened at a word's end with `…`.
pub(crate) fn fit(s: &str, n: usize) -> String {
    if width(s) <= n {
        return pad(s, n);
    }
    let cut = take_columns(s, n.saturating_sub(1));
    let short = match cut.rfind(' ') {
        Some(i) if width(&cut[..i]) > n / 2 => cut[..i].trim_end(),
        _ => cut,
    };
    pad(&format!("{short}…"), n)
}

/// `s` cut into lines of at most `n` columns (display width: a CJK
/// character takes two), at spaces where it can.
pub(crate) fn wrap(s: &str, n: usize) -> Vec<String> {
    let n = n.max(2);
    let mut lines = vec![String::new()];
    for word in s.split_whitespace() {
        let mut word = word;
        loop {
            let last = lines.last_mut().expect("never empty");
            let used = width(last);
            let gap = usize::from(used > 0);
            if used + gap + width(word) <= n {
                if gap == 1 {
                    last.push(' ');
                }
                last.push_str(word);
                break;
            }
            if used > 0 {
                lines.push(String::new());
                continue;
            }
            // A word longer than a line: cut it at the last character that fits.
            let head = take_columns(word, n);
            last.push_str(head);
            word = &word[head.len()..];
            lines.push(String::new());
        }
    }
    lines
}

/// `items` joined by ", " in lines of at most `n` columns, never cutting
/// an item (one longer than a line stands alone).
pub(crate) fn wrap_items(items: &[String], n: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for (i, item) in items.iter().enumerate() {
        let sep = if i + 1 < items.len() { "," } else { "" };
        let last = lines.last_mut().expect("never empty");
        let piece = format!("{item}{sep}");
        if !last.is_empty() && width(last) + 1 + width(&piece) > n {
            lines.push(piece);
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(&piece);
        }
    }
    lines
}

/// The marks' legend for a terminal (see [`super::marks`]): whole items
/// per line, each line dimmed and ended.
pub(crate) fn legend(st: Style, indent: &str) -> String {
    let items: Vec<String> = super::marks::LEGEND
        .split("  ")
        .map(str::to_string)
        .collect();
    let lines = wrap_items(&items, st.width.saturating_sub(indent.len()));
    lines
        .iter()
        .map(|l| format!("{indent}{}\n", st.dim(l)))
        .collect()
}

/// `text` after `lead` (which takes `lead_width` columns, colour codes
/// aside), wrapped to `n` columns with later lines indented by `indent`.
pub(crate) fn hanging(
    lead: &str,
    lead_width: usize,
    text: &str,
    indent: usize,
    n: usize,
) -> String {
    // A floor so a very wide lead still leaves room for a word or two.
    let room = n.saturating_sub(indent).max(10);
    let first_room = n.saturating_sub(lead_width).max(10);
    let mut lines = wrap(text, first_room).into_iter();
    let mut o = format!("{lead}{}\n", lines.next().unwrap_or_default());
    let rest: Vec<String> = lines.collect();
    for line in wrap(&rest.join(" "), room) {
        if !line.is_empty() {
            o.push_str(&format!("{}{line}\n", " ".repeat(indent)));
        }
    }
    o
}

/// `status` for a terminal.
pub(crate) fn status(r: &StatusReport, st: Style) -> String {
    let mut o = String::new();
    let from = r
        .commit
        .as_deref()
        .map(|c| c.chars().take(10).collect::<String>())
        .unwrap_or_else(|| "working tree".into());
    let candidate = one_line(&r.candidate);
    let header = format!(
        "{} → {} · as of {} · {} · audience {}",
        one_line(&r.current_level_name),
        one_line(&r.target_level_name),
        r.as_of,
        from,
        r.audience.as_str()
    );
    let lead = format!("{}: ", st.bold(&candidate));
    o.push_str(&hanging(&lead, width(&candidate) + 2, &header, 2, st.width));
    o.push_str(&format!(
        "verdict {}   score {}%   sustained {}: {}\n\n",
        verdict_word(Some(r.verdict), st),
        r.score,
        crate::readiness::sustained_phrase(r.sustained.months, r.sustained.required),
        if r.sustained.met { "met" } else { "not yet" }
    ));
    let plain_all = r.verdict_rule.rule == crate::case::framework::RuleName::All
        && r.verdict_rule.floor.is_none()
        && !r.verdict_rule.also_current;
    if !plain_all {
        o.push_str(&format!(
            "rule {}: {}\n\n",
            r.verdict_rule.rule.as_str(),
            one_line(&r.verdict_detail.join("; "))
        ));
    }
    status_table(r, st, &mut o);
    o.push_str(&legend(st, ""));
    status_below_scope(r, st, &mut o);
    status_feedback(r, st, &mut o);
    o
}

/// Entries each competency would count at a wider scope: said, so none
/// looks lost.
fn status_below_scope(r: &StatusReport, st: Style, o: &mut String) {
    let below: Vec<_> = r
        .competencies
        .iter()
        .filter(|c| !c.below_scope.is_empty())
        .collect();
    if below.is_empty() {
        return;
    }
    o.push_str(&format!(
        "\n{}\n",
        st.bold("below the expected scope (not counted)")
    ));
    for c in below {
        for path in &c.below_scope {
            o.push_str(&format!("  {}: {}\n", one_line(&c.name), one_line(path)));
        }
    }
}

/// `status`'s row per competency, and what is about to age out.
fn status_table(r: &StatusReport, st: Style, o: &mut String) {
    o.push_str(&STATUS_TABLE.header(st));
    for c in &r.competencies {
        let missing = match &c.waived {
            Some(w) => format!("waived: {}", one_line(w)),
            None if c.missing.is_empty() => "—".into(),
            None => one_line(&c.missing.join("; ")).into_owned(),
        };
        let months = match c.required_months {
            0 => "—".to_string(),
            m => format!("{}/{m}", c.months),
        };
        let lead = STATUS_TABLE.cells(
            &[
                one_line(&c.name).into_owned().into(),
                status_cell(c.status),
                format!("{}/{}", c.counted, c.required).into(),
                months.into(),
                "".into(),
            ],
            st,
        );
        // On a narrow terminal "missing" goes under the row, indented.
        let width = STATUS_TABLE.lead(4);
        if st.width >= width + 30 {
            o.push_str(&hanging(&lead, width, &missing, width, st.width));
        } else {
            o.push_str(lead.trim_end());
            o.push('\n');
            if !(c.status.is_met() && c.waived.is_none()) {
                o.push_str(&hanging("    ", 4, &missing, 4, st.width));
            }
        }
        let mut notes = judgement_lines(c, r.basis);
        if c.withheld > 0 && c.waived.is_none() {
            let pieces = plural(c.withheld, "more piece counts", "more pieces count");
            notes.push(format!("{pieces} that this audience does not see"));
        }
        for line in notes {
            o.push_str(&st.dim(&hanging("    ", 4, &one_line(&line), 6, st.width)));
        }
    }
    if !r.expiring.is_empty() {
        o.push_str(&format!("\n{}\n", st.bold("expiring")));
        for e in &r.expiring {
            let days = plural(e.days_left as usize, "day", "days");
            let line = format!(
                "{} {}",
                e.date,
                leaves(e, |s| one_line(s).into_owned(), &format!(" ({days})"))
            );
            o.push_str(&hanging("  ", 2, &line, 4, st.width));
        }
    }
}

/// What people said of a competency, under its row: the rating that
/// counts (flagged when, on an evidence basis, it disagrees with the
/// evidence), then others' view.
pub(crate) fn judgement_lines(
    c: &crate::readiness::CompetencyReadiness,
    basis: crate::case::framework::StatusBasis,
) -> Vec<String> {
    use crate::case::framework::StatusBasis;
    let mut lines = Vec::new();
    if let Some(j) = &c.judgement {
        let rating = j.rating.as_str();
        let evidence_says = match basis {
            StatusBasis::Evidence => Some(c.status.as_str()).filter(|s| *s != rating),
            _ => None,
        };
        lines.push(match evidence_says {
            Some(s) => format!(
                "judged: {}: {rating}; the evidence: {s} (they disagree)",
                j.from
            ),
            None => format!("judged: {}: {rating} ({}, {})", j.from, j.kind, j.date),
        });
    }
    for j in &c.others {
        let rating = j.rating.as_str();
        lines.push(format!(
            "others' view, not counted: {}: {rating} ({}, {})",
            j.from, j.kind, j.date
        ));
    }
    lines
}

/// "evidence since: ...; add `closes:`?" for an open action with evidence
/// in its competency dated after it was asked.
fn evidence_since_line(a: &crate::readiness::OpenAction) -> Option<String> {
    let latest = a.evidence_since.first()?;
    let more = match a.evidence_since.len() {
        1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    let ask = match &a.id {
        Some(id) => format!("if it answers this, add `closes: [{id}]` to it"),
        None => "if it answers this, give the action an `id` and the entry `closes:`".into(),
    };
    Some(format!(
        "evidence since: \"{}\" ({}){more}; {ask}",
        latest.title, latest.date
    ))
}

/// `status`'s open actions, revisit date and counts of what is not shown.
fn status_feedback(r: &StatusReport, st: Style, o: &mut String) {
    let overdue: Vec<_> = r.feedback.actions.iter().filter(|a| a.overdue).collect();
    if !r.feedback.actions.is_empty() {
        o.push_str(&format!(
            "\n{} ({} overdue)\n",
            st.bold("open actions"),
            overdue.len()
        ));
        for a in &r.feedback.actions {
            let due = a
                .due
                .map(|d| d.to_string())
                .unwrap_or_else(|| "no date".into());
            let (flag, flag_width) = match a.overdue {
                true => (st.red(" overdue"), 8),
                false => (String::new(), 0),
            };
            let lead = format!("  {due}{flag}  ");
            let lead_width = 2 + width(&due) + flag_width + 2;
            o.push_str(&hanging(&lead, lead_width, &one_line(&a.what), 4, st.width));
            if let Some(line) = evidence_since_line(a) {
                o.push_str(&st.dim(&hanging("    ", 4, &one_line(&line), 6, st.width)));
            }
        }
    }
    match r.feedback.revisit {
        Some(d) if r.revisit_past => o.push_str(&format!(
            "\n{} the revisit date, {d}, has passed: time for the promotion conversation again\n",
            st.yellow("!")
        )),
        Some(d) => o.push_str(&format!("\nrevisit the promotion conversation on {d}\n")),
        None => {}
    }
    if r.outside_window > 0 {
        o.push_str(&format!(
            "{}\n",
            st.dim(&format!(
                "{} older than the window, not counted",
                plural(r.outside_window, "entry", "entries")
            ))
        ));
    }
    if r.withheld > 0 {
        o.push_str(&format!(
            "{}\n",
            st.dim(&format!(
                "{} withheld from audience {}",
                plural(r.withheld, "entry", "entries"),
                r.audience.as_str()
            ))
        ));
    }
    if r.sealed > 0 {
        let n = plural(r.sealed, "sealed file", "sealed files");
        let line = format!("{n} no key here opens: not counted");
        o.push_str(&format!("{}\n", st.dim(&line)));
    }
}

fn side_label(d: &DiffReport, to: bool) -> String {
    let s = if to { &d.to } else { &d.from };
    format!(
        "{} ({})",
        s.rev.as_deref().map_or("working tree".into(), one_line),
        s.as_of
    )
}

fn change_cell(c: Change) -> Cell {
    let paint = match c {
        Change::Improved => Paint::Green,
        Change::Regressed => Paint::Red,
        Change::Unchanged => Paint::Dim,
        Change::Added | Change::Removed => Paint::Cyan,
    };
    Cell::painted(c.as_str(), paint)
}

/// A changed competency in `diff`: indented, name, statuses, the change.
const DIFF_COLUMNS: [Column; 4] = [
    Column::left("", 0),
    Column::shortened("competency", 34),
    Column::left("statuses", 0),
    Column::left("change", 0),
];
const DIFF_TABLE: Layout<'static> = Layout {
    columns: &DIFF_COLUMNS,
    gap: "  ",
};

/// A score that one side of a diff may not have (no case there).
fn opt_score(s: Option<u32>) -> String {
    s.map(|v| format!("{v}%")).unwrap_or_else(|| "—".into())
}

fn opt_status(s: &Option<crate::report::diff::StatusScore>) -> String {
    s.map(|s| format!("{} {}%", s.status.as_str(), s.score))
        .unwrap_or_else(|| "—".into())
}

/// `diff` for a terminal.
pub(crate) fn diff_human(d: &DiffReport, st: Style) -> String {
    let mut o = String::new();
    o.push_str(&format!(
        "{} {} → {}\n",
        st.bold("readiness"),
        side_label(d, false),
        side_label(d, true)
    ));
    o.push_str(&format!(
        "verdict {} → {}   score {} → {}\n",
        verdict_word(d.from.verdict, st),
        verdict_word(d.to.verdict, st),
        opt_score(d.from.score),
        opt_score(d.to.score)
    ));
    if let Some(line) = framework_line(d) {
        o.push_str(&format!("{}\n", one_line(&line)));
    }
    let changed: Vec<_> = d.changed().collect();
    if changed.is_empty() {
        o.push_str("no competency changed\n");
    } else {
        o.push('\n');
        for c in changed {
            let cells = [
                "".into(),
                one_line(&c.name).into_owned().into(),
                format!("{} → {}", opt_status(&c.from), opt_status(&c.to)).into(),
                change_cell(c.change),
            ];
            o.push_str(&DIFF_TABLE.cells(&cells, st));
            o.push_str(&format!("{}\n", c.cause_note()));
        }
    }
    diff_evidence(&d.evidence, st, &mut o);
    diff_feedback(&d.feedback, st, &mut o);
    if !d.expiring.is_empty() {
        o.push_str(&format!("\n{}\n", st.bold("expiring on the new side")));
        for x in &d.expiring {
            o.push_str(&format!(
                "  {}\n",
                leaves(x, |s| one_line(s).into_owned(), "")
            ));
        }
    }
    o.push_str(&format!(
        "\nerrors {} → {}   regressions {}\n",
        d.diagnostics.from, d.diagnostics.to, d.regressions
    ));
    o
}

/// "framework changed: t 1 → t 2", when it did: said before any status
/// change it may explain.
fn framework_line(d: &DiffReport) -> Option<String> {
    if !d.framework_changed {
        return None;
    }
    let name = |f: &Option<crate::report::status::FrameworkRef>| {
        f.as_ref()
            .map_or("—".to_string(), |f| format!("{} {}", f.id, f.version))
    };
    let (a, b) = (name(&d.from.framework), name(&d.to.framework));
    let same = if a == b {
        " (edited without a new version)"
    } else {
        ""
    };
    Some(format!("framework changed: {a} → {b}{same}"))
}

/// `diff`'s feedback part for a terminal: files added and removed, actions
/// opened and done, the revisit date moved.
fn diff_feedback(f: &crate::report::diff::FeedbackChanges, st: Style, o: &mut String) {
    if f.is_empty() {
        return;
    }
    o.push_str(&format!("\n{}\n", st.bold("feedback")));
    for line in feedback_lines(f) {
        o.push_str(&format!("  {}\n", one_line(&line)));
    }
}

/// Each feedback change in words, for every text format (the caller
/// escapes for its sink).
pub(crate) fn feedback_lines(f: &crate::report::diff::FeedbackChanges) -> Vec<String> {
    let mut lines = Vec::new();
    for (word, list) in [("added", &f.added), ("removed", &f.removed)] {
        for x in list {
            lines.push(format!("{word}: {} from {} ({})", x.kind, x.from, x.date));
        }
    }
    for a in &f.actions_opened {
        let due = a.due.map(|d| format!(", due {d}")).unwrap_or_default();
        lines.push(format!("action asked by {}: {}{due}", a.from, a.what));
    }
    for a in &f.actions_done {
        let by = a
            .answered_by
            .as_ref()
            .map(|e| format!(" by \"{}\"", e.title))
            .unwrap_or_default();
        lines.push(format!("action done{by} ({}): {}", a.done, a.what));
    }
    if let Some(r) = f.revisit {
        let d = |x: Option<crate::date::Date>| x.map_or("none".to_string(), |d| d.to_string());
        lines.push(format!("revisit date {} → {}", d(r.from), d(r.to)));
    }
    lines
}

/// `diff`'s evidence part for a terminal: added, removed, renamed,
/// withheld and modified entries, each modification's diff coloured.
fn diff_evidence(e: &crate::report::diff::EvidenceChanges, st: Style, o: &mut String) {
    let quiet = e.added.is_empty()
        && e.removed.is_empty()
        && e.modified.is_empty()
        && e.renamed.is_empty()
        && e.withheld == 0;
    if quiet {
        return;
    }
    o.push_str(&format!("\n{}\n", st.bold("evidence")));
    for (mark, list) in [(st.green("+"), &e.added), (st.red("-"), &e.removed)] {
        for r in list {
            let (title, path) = (one_line(&r.title), one_line(&r.path));
            o.push_str(&format!("  {mark} {} {title} ({path})\n", r.date));
        }
    }
    for r in &e.renamed {
        let (from, to) = (one_line(&r.from), one_line(&r.to));
        o.push_str(&format!("  {} {from} → {to}\n", st.cyan("→")));
    }
    if e.withheld > 0 {
        let n = plural(e.withheld, "entry", "entries");
        o.push_str(&format!(
            "  {}\n",
            st.dim(&format!("{n} no longer shown to this audience"))
        ));
    }
    for m in &e.modified {
        let (path, what) = (one_line(&m.path), m.what_changed().join(", "));
        o.push_str(&format!("  {} {path} ({what})\n", st.yellow("~")));
        for line in m.diff.iter().flat_map(|d| d.lines()) {
            let line = &*one_line(line);
            let l = if line.starts_with('+') && !line.starts_with("+++") {
                st.green(line)
            } else if line.starts_with('-') && !line.starts_with("---") {
                st.red(line)
            } else {
                line.to_string()
            };
            o.push_str(&format!("      {l}\n"));
        }
    }
}

/// `diff --format markdown`: a short table first, details folded. Paths
/// are shown from the repository root (`repository_prefix`), as GitHub
/// names a pull request's files and `check --format github` annotates them.
pub(crate) fn diff_markdown(d: &DiffReport, repository_prefix: &str) -> String {
    let mut o = String::new();
    let v = |x: Option<Verdict>| x.map(|v| v.as_str()).unwrap_or("—");
    o.push_str("### promocase: readiness change\n\n");
    o.push_str(&format!(
        "**{}** {} → **{}** {} · verdict {} → {} · {} regression{}\n\n",
        md_escape(&d.from.label),
        opt_score(d.from.score),
        md_escape(&d.to.label),
        opt_score(d.to.score),
        v(d.from.verdict),
        v(d.to.verdict),
        d.regressions,
        if d.regressions == 1 { "" } else { "s" }
    ));
    if let Some(line) = framework_line(d) {
        o.push_str(&format!("**{}**\n\n", md_escape(&line)));
    }
    let changed: Vec<_> = d.changed().collect();
    if changed.is_empty() {
        o.push_str("No competency changed.\n");
    } else {
        let mut t = Table::new(&["Competency", "Before", "After", "Change"]);
        for c in changed {
            t.rows.push(vec![
                c.name.clone(),
                opt_status(&c.from),
                opt_status(&c.to),
                format!("{}{}", c.change.as_str(), c.cause_note()),
            ]);
        }
        o.push_str(&t.markdown());
    }
    diff_markdown_evidence(d, repository_prefix, &mut o);
    if !d.feedback.is_empty() {
        o.push_str("\n**Feedback**\n\n");
        for line in feedback_lines(&d.feedback) {
            o.push_str(&format!("- {}\n", md_escape(&line)));
        }
    }
    if d.left_out.to > 0 {
        o.push_str(&left_out_line(d.left_out.to));
    }
    diff_markdown_expiring(d, &mut o);
    o.push_str(&format!(
        "\nErrors: {} → {}.\n",
        d.diagnostics.from, d.diagnostics.to
    ));
    o
}

/// One piece about to age out, in the words every text output uses:
/// "TITLE leaves the COMPETENCY window on DATE: now → after", its fields
/// made safe by `esc` and `when` (such as the days left) after the date.
fn leaves(x: &crate::readiness::Expiring, esc: fn(&str) -> String, when: &str) -> String {
    format!(
        "{} leaves the {} window on {}{when}: {} → {}",
        esc(&x.title),
        esc(&x.competency),
        x.leaves_window,
        x.status_now.as_str(),
        x.status_after.as_str()
    )
}

/// What is about to age out on the later side, folded.
fn diff_markdown_expiring(d: &DiffReport, o: &mut String) {
    if d.expiring.is_empty() {
        return;
    }
    o.push_str("\n<details><summary>Evidence about to age out</summary>\n\n");
    for x in &d.expiring {
        o.push_str(&format!("- {}\n", leaves(x, md_escape, "")));
    }
    o.push_str("\n</details>\n");
}

/// `diff --format github`: a warning per regression.
pub(crate) fn diff_github(d: &DiffReport) -> String {
    let mut o = String::new();
    for c in d.competencies.iter().filter(|c| {
        c.change == Change::Regressed
            && matches!((c.from, c.to), (Some(a), Some(b)) if b.status < a.status)
    }) {
        let cause = match c.cause {
            Some(Cause::AgedOut) => " (evidence aged out of the window)",
            Some(Cause::FrameworkChanged) => " (the framework changed)",
            _ => " (evidence changed)",
        };
        o.push_str(&format!(
            "::warning title={}::{}\n",
            gh_escape(&format!("promocase: {} regressed", c.id), true),
            gh_escape(
                &format!(
                    "{}: {} → {}{cause}",
                    c.name,
                    opt_status(&c.from),
                    opt_status(&c.to)
                ),
                false
            )
        ));
    }
    if d.verdict_regressed {
        o.push_str(
            "::warning title=promocase%3A verdict regressed::verdict went from ready to not-yet\n",
        );
    }
    if o.is_empty() {
        o.push_str(&format!(
            "::notice title=promocase::no regression; score {} → {}\n",
            opt_score(d.from.score),
            opt_score(d.to.score)
        ));
    }
    o
}

/// `timeline`'s table; the statuses take the rest of the line.
const TIMELINE_COLUMNS: [Column; 6] = [
    Column::left("commit", 10),
    Column::left("as of", 10),
    Column::left("verdict", 7),
    Column::right("score", 5),
    Column::right("evidence", 8),
    Column::left("statuses", 0),
];
const TIMELINE_TABLE: Layout<'static> = Layout {
    columns: &TIMELINE_COLUMNS,
    gap: "  ",
};

/// `timeline` for a terminal.
pub(crate) fn timeline_human(t: &Timeline, st: Style) -> String {
    let mut o = TIMELINE_TABLE.header(st);
    for r in &t.rows {
        let marks: String = r
            .statuses
            .iter()
            .map(|s| super::marks::coloured(*s, st))
            .collect();
        // A row scored with files left out says so: its figures rest on less.
        let errors = match r.errors {
            0 => String::new(),
            n => format!(
                "  {}",
                st.red(&format!("✗ {}", plural(n, "error", "errors")))
            ),
        };
        let cells = [
            r.commit.as_str().into(),
            r.as_of.to_string().into(),
            r.verdict.as_str().into(),
            format!("{}%", r.score).into(),
            r.evidence.to_string().into(),
            marks.into(),
        ];
        o.push_str(&TIMELINE_TABLE.cells(&cells, st));
        o.push_str(&errors);
        o.push('\n');
    }
    o.push_str(&st.dim(&format!(
        "{} rows · statuses in order: {}\n",
        t.rows.len(),
        one_line(&t.competencies.join(", "))
    )));
    o.push_str(&legend(st, ""));
    o
}

/// `timeline --format csv`: one row per point, one column per competency.
pub(crate) fn timeline_csv(t: &Timeline) -> String {
    let fixed = [
        "commit", "date", "as_of", "verdict", "score", "evidence", "errors",
    ];
    let mut table = Table::new(&fixed);
    table.header.extend(t.competencies.iter().cloned());
    for r in &t.rows {
        let mut cells = vec![
            r.commit.clone(),
            r.date.to_string(),
            r.as_of.to_string(),
            r.verdict.as_str().to_string(),
            r.score.to_string(),
            r.evidence.to_string(),
            r.errors.to_string(),
        ];
        cells.extend(
            r.statuses
                .iter()
                .map(|s| s.map_or("", Status::as_str).to_string()),
        );
        table.rows.push(cells);
    }
    table.csv()
}

pub(crate) use crate::readiness::plural;

/// The scoring commands' word on standard error about evidence left out:
/// each entry with its problems in short form, and the hint.
pub(crate) fn left_out_notice(
    n: &crate::report::left_out::LeftOutNotice,
    prefix: &str,
    st: Style,
) -> String {
    let total = n.shown.len() + n.hidden;
    let mut o = format!(
        "{}: {} left out of readiness because {}:\n",
        st.yellow("warning"),
        plural(total, "evidence file is", "evidence files are"),
        if total == 1 {
            "it has errors"
        } else {
            "they have errors"
        }
    );
    for (path, problems) in &n.shown {
        let path = one_line(&format!("{prefix}{path}")).into_owned();
        if problems.is_empty() {
            o.push_str(&format!("  {path}\n"));
        }
        for d in problems {
            let at = if d.line > 0 {
                format!("{path}:{}:{}", d.line, d.column)
            } else {
                path.clone()
            };
            o.push_str(&format!(
                "  {at}: {}[{}]: {}\n",
                d.severity.as_str(),
                d.code.as_str(),
                one_line(&d.message)
            ));
        }
    }
    if n.hidden > 0 {
        o.push_str(&format!(
            "  and {} this audience does not see\n",
            plural(n.hidden, "file", "files")
        ));
    }
    o.push_str(&format!(
        "  {}: run `promocase check` to see every problem\n",
        st.bold("help")
    ));
    o
}

/// The Markdown line for evidence files left out because of errors.
fn left_out_line(n: usize) -> String {
    format!(
        "\n**{} left out of readiness because of errors** (`promocase check` lists them).\n",
        plural(n, "evidence file is", "evidence files are")
    )
}

/// The evidence part of `diff --format markdown`: a folded list, or one
/// line when nothing changed.
fn diff_markdown_evidence(d: &DiffReport, prefix: &str, o: &mut String) {
    let path = |p: &str| md_escape(&format!("{prefix}{p}"));
    let e = &d.evidence;
    let changed = e.added.len() + e.removed.len() + e.modified.len() + e.renamed.len();
    if changed + e.withheld == 0 {
        o.push_str("\nNo evidence changed.\n");
        return;
    }
    o.push_str(&format!(
        "\n<details><summary>Evidence: {} added, {} removed, {} modified, {} renamed</summary>\n\n",
        e.added.len(),
        e.removed.len(),
        e.modified.len(),
        e.renamed.len()
    ));
    if e.withheld > 0 {
        o.push_str(&format!(
            "- {} no longer shown to this audience\n",
            plural(e.withheld, "entry", "entries")
        ));
    }
    for (verb, list) in [("added", &e.added), ("removed", &e.removed)] {
        for r in list {
            o.push_str(&format!(
                "- {verb} {} {} ({})\n",
                r.date,
                md_escape(&r.title),
                path(&r.path)
            ));
        }
    }
    for r in &e.renamed {
        o.push_str(&format!("- renamed {} → {}\n", path(&r.from), path(&r.to)));
    }
    for m in &e.modified {
        let what = m.what_changed();
        o.push_str(&format!(
            "- modified {} ({})\n",
            path(&m.path),
            what.join(", ")
        ));
        if let Some(diff) = &m.diff {
            o.push_str(&format!("\n```diff\n{}```\n\n", diff.replace("```", "ʼʼʼ")));
        }
    }
    o.push_str("\n</details>\n");
}

#[cfg(test)]
mod tests {
    #[test]
    fn items_wrap_whole_and_text_hangs_under_its_lead() {
        let items: Vec<String> = ["1 team-effectiveness", "2 org-leverage", "3 impact"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            super::wrap_items(&items, 37),
            ["1 team-effectiveness, 2 org-leverage,", "3 impact"]
        );
        // An item longer than a line stands alone, whole.
        assert_eq!(
            super::wrap_items(&items, 5),
            ["1 team-effectiveness,", "2 org-leverage,", "3 impact"]
        );
        let h = super::hanging("ab: ", 4, "one two three four five six", 2, 20);
        assert_eq!(h, "ab: one two three\n  four five six\n");
        for line in h.lines() {
            assert!(super::width(line) <= 20, "{line:?}");
        }
    }

    #[test]
    fn padding_and_cutting_count_display_columns() {
        // (text, columns, pad, fit): CJK characters take two columns.
        let table = [
            ("abc", 5, "abc  ", "abc  "),
            ("日本語", 6, "日本語", "日本語"),
            ("日本語", 7, "日本語 ", "日本語 "),
            ("日本語", 5, "日本 ", "日本…"),
            (
                "Growth of engineering managers",
                20,
                "Growth of engineerin",
                "Growth of engineeri…",
            ),
            (
                "Growth of engineering managers",
                14,
                "Growth of engi",
                "Growth of…    ",
            ),
            ("組織 の 成長 と 採用", 10, "組織 の 成", "組織 の…  "),
            ("", 3, "   ", "   "),
        ];
        for (s, n, pad, fit) in table {
            assert_eq!(super::pad(s, n), pad, "pad {s:?} {n}");
            assert_eq!(super::fit(s, n), fit, "fit {s:?} {n}");
            assert_eq!(super::width(&super::fit(s, n)), n, "fit {s:?} {n} width");
        }
    }

    #[test]
    fn blank_line_runs_are_squeezed_as_repeated_replacing_did() {
        let slow = |s: &str| {
            let mut s = s.to_string();
            while s.contains("\n\n\n") {
                s = s.replace("\n\n\n", "\n\n");
            }
            s
        };
        let table = [
            "",
            "a",
            "a\nb",
            "a\n\nb",
            "a\n\n\nb",
            "\n\n\n\n\n\n\n",
            "a\n \n\n\nb\n\n\n\n",
            "é\n\n\n\nü",
            "\n\n\na\n\n\n\nbc\n\n\nd\n\ne\n\n\n",
        ];
        for text in table {
            assert_eq!(
                super::squeeze_blank_lines(text.as_bytes().to_vec()),
                slow(text).into_bytes(),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        /// A text cut anywhere into pieces is squeezed as the whole is.
        #[test]
        fn pieces_are_squeezed_as_the_whole_text(
            text in "[ab\n]{0,40}",
            cuts in proptest::collection::vec(0usize..=40, 0..6),
        ) {
            let mut at: Vec<usize> = cuts.into_iter().map(|c| c.min(text.len())).collect();
            at.sort_unstable();
            let mut pieces = Vec::new();
            let mut from = 0;
            for c in at.into_iter().chain([text.len()]) {
                pieces.push(text.as_bytes()[from..c].to_vec());
                from = c;
            }
            super::squeeze_blank_lines_in(&mut pieces);
            proptest::prop_assert_eq!(pieces.concat(), super::squeeze_blank_lines(text.into_bytes()));
        }
    }
}
