//! The one table model: every table promocase prints (status, diff,
//! timeline, calibrate, list) is a [`Layout`] of typed columns and rows of
//! [`Cell`]s, and every table it writes for a document or a spreadsheet is
//! a [`Table`] of text.
//!
//! Why one model: a column's width, alignment and whether a long value is
//! cut or shortened with `…` used to be written in a format string per
//! table, twice (header and rows), counting characters. Here a column is
//! said once, widths are display columns (`unicode-width`: a CJK name takes
//! two per character), and colour is applied after padding, so escape codes
//! never count as width.

use super::style::Style;
use super::text::{fit, pad};

/// Where a value sits in its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// What happens to a value wider than its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Overflow {
    /// Cut at the column's edge.
    Cut,
    /// Shortened at a word's end, with `…`.
    Shorten,
}

/// One column of a terminal table. The last column of a layout may have
/// width 0: it takes the rest of the line, unpadded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub(crate) header: &'static str,
    pub(crate) width: usize,
    pub(crate) align: Align,
    pub(crate) overflow: Overflow,
}

impl Column {
    pub(crate) const fn left(header: &'static str, width: usize) -> Column {
        Column {
            header,
            width,
            align: Align::Left,
            overflow: Overflow::Cut,
        }
    }
    pub(crate) const fn right(header: &'static str, width: usize) -> Column {
        Column {
            header,
            width,
            align: Align::Right,
            overflow: Overflow::Cut,
        }
    }
    /// A left-aligned column whose long values end in `…`.
    pub(crate) const fn shortened(header: &'static str, width: usize) -> Column {
        Column {
            header,
            width,
            align: Align::Left,
            overflow: Overflow::Shorten,
        }
    }

    /// `text` in exactly this column's width (unless the width is 0).
    fn place(&self, text: &str) -> String {
        if self.width == 0 {
            return text.to_string();
        }
        match (self.align, self.overflow) {
            (Align::Left, Overflow::Cut) => pad(text, self.width),
            (Align::Left, Overflow::Shorten) => fit(text, self.width),
            (Align::Right, _) => {
                let w = super::text::width(text);
                if w >= self.width {
                    pad(text, self.width)
                } else {
                    format!("{}{text}", " ".repeat(self.width - w))
                }
            }
        }
    }
}

/// How a cell is coloured on a terminal that takes colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paint {
    Plain,
    Green,
    Yellow,
    Red,
    Cyan,
    Dim,
}

/// A value and its colour.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub(crate) text: String,
    pub(crate) paint: Paint,
}

impl Cell {
    pub(crate) fn painted(text: impl Into<String>, paint: Paint) -> Cell {
        Cell {
            text: text.into(),
            paint,
        }
    }
}

impl<T: Into<String>> From<T> for Cell {
    fn from(text: T) -> Cell {
        Cell::painted(text, Paint::Plain)
    }
}

/// The columns of a terminal table and the gap between them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout<'a> {
    pub(crate) columns: &'a [Column],
    pub(crate) gap: &'static str,
}

impl<'a> Layout<'a> {
    /// The columns not headed `names`, and for each column whether it is
    /// kept (to pick a row's cells with [`Layout::pick`]).
    pub(crate) fn without(&self, names: &[&str]) -> (Vec<Column>, Vec<bool>) {
        let keep: Vec<bool> = self
            .columns
            .iter()
            .map(|c| !names.contains(&c.header))
            .collect();
        let columns = self.columns.iter().zip(&keep).filter(|(_, k)| **k);
        (columns.map(|(c, _)| *c).collect(), keep)
    }

    /// The cells of the columns `keep` marks.
    pub(crate) fn pick(cells: Vec<Cell>, keep: &[bool]) -> Vec<Cell> {
        let kept = cells
            .into_iter()
            .zip(keep.iter().chain(std::iter::repeat(&true)));
        kept.filter(|(_, k)| **k).map(|(c, _)| c).collect()
    }

    /// The header line, bold, ended by a line break (inside the bold, as
    /// every table has always written it).
    pub(crate) fn header(&self, st: Style) -> String {
        let names: Vec<Cell> = self.columns.iter().map(|c| c.header.into()).collect();
        st.bold(&(self.join(&names, Style::PLAIN) + "\n"))
    }

    /// One row: each cell placed in its column, then coloured. Trailing
    /// spaces are kept (a caller may continue the line); see [`Self::row`].
    pub(crate) fn cells(&self, cells: &[Cell], st: Style) -> String {
        self.join(cells, st)
    }

    /// One row ended by a line break, without trailing spaces.
    pub(crate) fn row(&self, cells: &[Cell], st: Style) -> String {
        let mut line = self.join(cells, st);
        line.truncate(line.trim_end().len());
        line + "\n"
    }

    /// Columns taken by the first `n` columns and their gaps.
    pub(crate) fn lead(&self, n: usize) -> usize {
        let widths: usize = self.columns[..n].iter().map(|c| c.width).sum();
        widths + n * super::text::width(self.gap)
    }

    fn join(&self, cells: &[Cell], st: Style) -> String {
        let mut o = String::new();
        for (i, (column, cell)) in self.columns.iter().zip(cells).enumerate() {
            if i > 0 {
                o.push_str(self.gap);
            }
            o.push_str(&paint(&column.place(&cell.text), cell.paint, st));
        }
        o
    }
}

fn paint(s: &str, p: Paint, st: Style) -> String {
    match p {
        Paint::Plain => s.to_string(),
        Paint::Green => st.green(s),
        Paint::Yellow => st.yellow(s),
        Paint::Red => st.red(s),
        Paint::Cyan => st.cyan(s),
        Paint::Dim => st.dim(s),
    }
}

/// A table of text for documents and spreadsheets: a header and rows.
/// Each format escapes the cells its own way.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    pub(crate) header: Vec<String>,
    pub(crate) rows: Vec<Vec<String>>,
}

impl Table {
    pub(crate) fn new<H: AsRef<str>>(header: &[H]) -> Table {
        Table {
            header: header.iter().map(|h| h.as_ref().to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// The table without the columns headed `names` (what a reader may
    /// not be told: the shareable calibration has no verdict or score).
    pub(crate) fn without(mut self, names: &[&str]) -> Table {
        let keep: Vec<bool> = self
            .header
            .iter()
            .map(|h| !names.contains(&h.as_str()))
            .collect();
        fn pick(row: Vec<String>, keep: &[bool]) -> Vec<String> {
            let cells = row.into_iter().zip(keep);
            cells.filter(|(_, k)| **k).map(|(c, _)| c).collect()
        }
        self.header = pick(std::mem::take(&mut self.header), &keep);
        let rows = std::mem::take(&mut self.rows).into_iter();
        self.rows = rows.map(|r| pick(r, &keep)).collect();
        self
    }

    /// CSV through the one CSV writer (quoted, guarded against formulas).
    pub(crate) fn csv(&self) -> String {
        super::csv::table(&self.header, self.rows.iter().cloned())
    }

    /// A Markdown (GitHub) table, every cell escaped.
    pub(crate) fn markdown(&self) -> String {
        let line = |cells: &[String]| {
            let cells: Vec<String> = cells.iter().map(|c| super::escape::md_escape(c)).collect();
            format!("| {} |\n", cells.join(" | "))
        };
        let mut o = line(&self.header);
        o.push_str(&format!("|{}\n", "---|".repeat(self.header.len())));
        for r in &self.rows {
            o.push_str(&line(r));
        }
        o
    }

    /// An HTML table, every cell escaped.
    pub(crate) fn html(&self) -> String {
        let cells = |tag: &str, cells: &[String]| -> String {
            cells
                .iter()
                .map(|c| format!("<{tag}>{}</{tag}>", super::escape::html_escape(c)))
                .collect()
        };
        let mut o = format!(
            "<table>\n<thead><tr>{}</tr></thead>\n<tbody>\n",
            cells("th", &self.header)
        );
        for r in &self.rows {
            o.push_str(&format!("<tr>{}</tr>\n", cells("td", r)));
        }
        o.push_str("</tbody>\n</table>\n");
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: [Column; 3] = [
        Column::shortened("name", 8),
        Column::right("n", 4),
        Column::left("rest", 0),
    ];
    const LAYOUT: Layout<'static> = Layout {
        columns: &COLUMNS,
        gap: "  ",
    };

    #[test]
    fn columns_line_up_by_display_width() {
        let st = Style::PLAIN;
        assert_eq!(LAYOUT.header(st), "name         n  rest\n");
        let row = |name: &str| LAYOUT.row(&[name.into(), "12".into(), "x".into()], st);
        assert_eq!(row("ab"), "ab          12  x\n");
        // Two columns per CJK character: four characters fill eight.
        assert_eq!(row("山田太郎"), "山田太郎    12  x\n");
        assert_eq!(row("a long name"), "a long…     12  x\n");
        assert_eq!(LAYOUT.lead(2), 8 + 4 + 4);
    }

    #[test]
    fn colour_does_not_count_as_width() {
        let st = Style {
            color: true,
            width: 80,
        };
        let line = LAYOUT.cells(
            &[Cell::painted("ok", Paint::Green), "1".into(), "".into()],
            st,
        );
        assert!(line.starts_with(&st.green("ok      ")), "{line:?}");
        assert!(line.contains("     1  "), "{line:?}");
    }

    #[test]
    fn markdown_and_csv_escape_their_own_way() {
        let mut t = Table::new(&["a", "b"]);
        t.rows.push(vec!["x|y".into(), "=1".into()]);
        assert_eq!(t.markdown(), "| a | b |\n|---|---|\n| x\\|y | =1 |\n");
        assert_eq!(t.csv(), "a,b\nx|y,'=1\n");
    }
}
