//! One mark per status, the same in every output (status, brief,
//! timeline, diff, calibrate; terminal, Markdown, HTML), and the one legend
//! that explains them. One character each, so a timeline row holds a
//! column per competency; legible without colour (the fill grows with the
//! status), coloured only where the output's style allows.

use crate::readiness::Status;

/// The mark of a status word (`·` for one that is not a status: a
/// competency a case does not assess).
pub(crate) fn glyph(word: &str) -> &'static str {
    match word {
        "strong" => "◉",
        "met" => "●",
        "developing" => "◐",
        "emerging" => "◔",
        "missing" => "○",
        "withheld" => "◌",
        "waived" => "–",
        _ => "·",
    }
}

/// The mark of a status, `·` for none.
pub(crate) fn of(s: Option<Status>) -> &'static str {
    glyph(s.map_or("", Status::as_str))
}

/// What each mark means, in one line.
pub(crate) const LEGEND: &str =
    "◉ strong  ● met  ◐ developing  ◔ emerging  ○ missing  ◌ withheld  – waived  · not assessed";

/// A mark in the colour of its status, for a terminal.
pub(crate) fn coloured(s: Option<Status>, st: super::style::Style) -> String {
    let m = of(s);
    match s {
        Some(Status::Strong | Status::Met) => st.green(m),
        Some(Status::Developing | Status::Emerging) => st.yellow(m),
        Some(Status::Missing) => st.red(m),
        _ => st.dim(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every status has its own mark, and the legend names each.
    #[test]
    fn each_status_has_one_mark_the_legend_names() {
        let all = [
            Status::Strong,
            Status::Met,
            Status::Developing,
            Status::Emerging,
            Status::Missing,
            Status::Withheld,
            Status::Waived,
        ];
        let marks: std::collections::BTreeSet<&str> = all.iter().map(|s| of(Some(*s))).collect();
        assert_eq!(marks.len(), all.len());
        for s in all {
            assert!(
                LEGEND.contains(&format!("{} {}", of(Some(s)), s.as_str())),
                "{s:?}"
            );
        }
        assert!(LEGEND.contains(&format!("{} not assessed", of(None))));
    }
}
