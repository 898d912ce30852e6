//! `list`'s human output: a line per entry, the columns cut to the
//! terminal by display width.

use super::escape::terminal as one_line;
use super::style::Style;
use super::table::{Column, Layout};
use super::text::plural;

use crate::report::list::{EntryList, Reason};

/// One line per entry: date, title, scope, and per competency a mark
/// (`✓` counted) or, with `--competency`, the reason in words.
pub(crate) fn human(l: &EntryList, st: Style) -> String {
    let mut o = String::new();
    // date (10) + two gaps; the rest shared by title and what it counts for.
    let rest = st.width.saturating_sub(14).max(40);
    let title_width = (rest * 11 / 20).max(24);
    let scope_width = l
        .entries
        .iter()
        .map(|e| super::text::width(&e.scope))
        .max()
        .unwrap_or(0);
    let columns = [
        Column::left("date", 10),
        Column::shortened("title", title_width),
        Column::left("scope", scope_width),
        Column::left("counts", 0),
    ];
    let table = Layout {
        columns: &columns,
        gap: "  ",
    };
    for e in &l.entries {
        let counts = match &l.competency {
            Some(_) => e
                .counts
                .iter()
                .map(|c| c.reason.words().to_string())
                .collect::<Vec<_>>(),
            None => e.counts.iter().map(mark).collect(),
        };
        let cells = [
            e.date.to_string().into(),
            one_line(&e.title).into_owned().into(),
            one_line(&e.scope).into_owned().into(),
            one_line(&counts.join(", ")).into_owned().into(),
        ];
        o.push_str(&table.row(&cells, Style::PLAIN));
    }
    o.push_str(&st.dim(&footer(l)));
    o.push('\n');
    o
}

fn mark(c: &crate::report::list::Counting) -> String {
    let sign = match c.reason {
        Reason::Counted => "✓".to_string(),
        r => format!("✗ {}", r.words()),
    };
    format!("{} {sign}", c.competency)
}

/// How many are listed, and what is not.
fn footer(l: &EntryList) -> String {
    let mut parts = vec![plural(l.entries.len(), "entry", "entries")];
    if let Some(id) = &l.competency {
        parts[0].push_str(&format!(" naming {id}"));
    }
    if l.withheld > 0 {
        let n = plural(l.withheld, "entry", "entries");
        parts.push(format!(
            "{n} of the case withheld from audience {}",
            l.audience.as_str()
        ));
    }
    if l.sealed > 0 {
        parts.push(format!(
            "{} no key here opens",
            plural(l.sealed, "sealed file", "sealed files")
        ));
    }
    format!("{} (as of {})", parts.join("; "), l.as_of)
}

/// `show`'s lines per competency: name, why it counts or not, the status
/// now and without the entry.
const COUNTS_COLUMNS: [Column; 5] = [
    Column::left("", 0),
    Column::shortened("competency", 34),
    Column::left("reason", 20),
    Column::left("now", 0),
    Column::left("without", 0),
];
const COUNTS_TABLE: Layout<'static> = Layout {
    columns: &COUNTS_COLUMNS,
    gap: "  ",
};

/// `show`: the entry's fields, then what it does for each competency.
pub(crate) fn shown(s: &crate::report::list::EntryShown, st: Style) -> String {
    let e = &s.entry;
    let mut o = format!(
        "{}\n{}\n",
        st.bold(&format!("{} · {}", e.date, one_line(&e.title))),
        one_line(&e.path)
    );
    let mut facts = vec![format!("scope {}", e.scope)];
    facts.extend(
        e.role
            .map(|r| format!("role {}", crate::case::kinds::Word::as_str(r))),
    );
    facts.extend(
        e.autonomy
            .map(|a| format!("autonomy {}", crate::case::kinds::Word::as_str(a))),
    );
    facts.push(format!(
        "visibility {}",
        crate::case::kinds::Word::as_str(e.visibility)
    ));
    o.push_str(&format!("{}\n", one_line(&facts.join(" · "))));
    let lists = [
        ("impact", e.impact.iter().cloned().collect::<Vec<_>>()),
        ("witnesses", e.witnesses.clone()),
        ("stakeholders", e.stakeholders.clone()),
        ("shows", e.shows.clone()),
        ("closes", e.closes.clone()),
    ];
    for (what, items) in lists.iter().filter(|(_, v)| !v.is_empty()) {
        o.push_str(&format!("{what}: {}\n", one_line(&items.join(", "))));
    }
    o.push_str(&format!("\nas of {}:\n", s.as_of));
    for c in &s.counts {
        let now = c.status.map_or("—", |x| x.as_str());
        let without = match (c.status, c.status_without) {
            (Some(a), Some(b)) if a == b => format!("without it: still {}", b.as_str()),
            (_, Some(b)) => format!("without it: {}", b.as_str()),
            _ => String::new(),
        };
        let cells = [
            "".into(),
            one_line(&c.name).into_owned().into(),
            c.reason.words().into(),
            now.into(),
            without.into(),
        ];
        o.push_str(&COUNTS_TABLE.row(&cells, Style::PLAIN));
    }
    if s.verdict != s.verdict_without {
        let (a, b) = (s.verdict.as_str(), s.verdict_without.as_str());
        o.push_str(&format!("verdict {a}; without it: {b}\n"));
    }
    o
}

/// A framework's competencies at `level`, under their groups: id, name,
/// what the level expects, and its behaviours under each.
pub(crate) fn framework_table(fw: &crate::case::Framework, level: &str, st: Style) -> String {
    let name = fw.level(level).map_or(level, |l| l.name.as_str());
    let title = format!("{} {} · expectations at {}", fw.id, fw.version, name);
    let mut o = format!("{}\n", st.bold(&one_line(&title)));
    let id_width = fw
        .competencies
        .iter()
        .map(|c| super::text::width(&c.id))
        .max()
        .unwrap_or(2);
    // Groups in the framework's order, then competencies in none.
    let mut heads: Vec<(Option<&str>, String)> = fw
        .groups
        .iter()
        .map(|g| (Some(g.id.as_str()), g.name.clone()))
        .collect();
    heads.push((None, "Other".to_string()));
    for (group, head) in heads {
        let members: Vec<_> = fw
            .competencies
            .iter()
            .filter(|c| c.group.as_deref() == group)
            .collect();
        if members.is_empty() {
            continue;
        }
        o.push_str(&format!("\n{}\n", st.bold(&one_line(&head))));
        for c in members {
            o.push_str(&competency_line(c, level, id_width, st));
        }
    }
    o
}

/// One competency of [`framework_table`], its behaviours under it.
fn competency_line(
    c: &crate::case::framework::Competency,
    level: &str,
    id_width: usize,
    st: Style,
) -> String {
    let exp = c.expectations.get(level);
    let expects = match exp {
        Some(e) => {
            let months = match e.need.months {
                0 => String::new(),
                m => format!(", over {m} months"),
            };
            let n = plural(e.need.pieces.get() as usize, "piece", "pieces");
            format!("{n} at {}+{months}", e.scope)
        }
        None => "not assessed at this level".to_string(),
    };
    let columns = [
        Column::left("", 0),
        Column::left("id", id_width),
        Column::shortened("name", 34),
        Column::left("expects", 0),
    ];
    let cells = [
        "".into(),
        one_line(&c.id).into_owned().into(),
        one_line(&c.name).into_owned().into(),
        expects.into(),
    ];
    let table = Layout {
        columns: &columns,
        gap: "  ",
    };
    let mut o = table.cells(&cells, Style::PLAIN) + "\n";
    for b in exp.map(|e| e.behaviours.as_slice()).unwrap_or_default() {
        let text = one_line(&format!("{}: {}", b.id, b.text)).into_owned();
        o.push_str(&st.dim(&super::text::hanging("      - ", 8, &text, 8, st.width)));
    }
    o
}
