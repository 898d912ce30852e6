//! The one CSV writer: every table promocase writes for spreadsheets
//! (`timeline --format csv`, `calibrate --format csv`) goes through it.
//!
//! Quoting is the `csv` crate's (RFC 4180: a cell holding a comma, quote or
//! line break is quoted). On top of it, the guard against formula injection
//! (OWASP's "CSV injection"): a spreadsheet runs a cell that starts with `=`,
//! `+`, `-` or `@` as a formula, and some also strip a leading tab or carriage
//! return first, so any such cell is written with a leading `'`, which makes
//! it text. Competency ids, titles and paths come from files anyone in a pull
//! request can write, so every cell is guarded, headers included.

/// A cell as it is safe to hand to a spreadsheet.
fn guard(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// A header row and data rows as CSV text, each line ended by `\n`.
pub(crate) fn table<H, R, C>(header: &[H], rows: R) -> String
where
    H: AsRef<str>,
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<str>,
{
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .flexible(true)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail; a failure would be a bug in csv.
    let record = |w: &mut ::csv::Writer<Vec<u8>>, cells: Vec<std::borrow::Cow<'_, str>>| {
        w.write_record(cells.iter().map(|c| c.as_bytes()))
            .expect("writing CSV to memory");
    };
    record(&mut w, header.iter().map(|h| guard(h.as_ref())).collect());
    for row in rows {
        record(&mut w, row.iter().map(|c| guard(c.as_ref())).collect());
    }
    let bytes = w.into_inner().expect("flushing CSV to memory");
    super::utf8(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cell_that_a_spreadsheet_would_run_is_text() {
        let hostile = [
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "\"'\r=1\""),
            ("a,b", "\"a,b\""),
            ("line\nbreak", "\"line\nbreak\""),
            ("plain", "plain"),
            // A record of one empty cell is quoted, or it would read as no record.
            ("", "\"\""),
        ];
        for (cell, want) in hostile {
            let out = table(&["h"], [vec![cell]]);
            assert_eq!(out, format!("h\n{want}\n"), "{cell:?}");
        }
    }

    #[test]
    fn headers_are_guarded_and_quoted_too() {
        let out = table(&["id", "a,b", "=x"], [vec!["1", "2", "3"]]);
        assert_eq!(out, "id,\"a,b\",'=x\n1,2,3\n");
    }
}
