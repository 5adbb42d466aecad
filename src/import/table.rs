//! Reading a progress sheet into rows of text: spreadsheets (xlsx, xls, ods) through calamine,
//! CSV in UTF-8, UTF-8 with a byte-order mark, or Shift_JIS (CP932), told apart by its bytes.
//! Every cell of a merged cell (xlsx, xls) reads as its text.

use std::fs;
use std::path::Path;

use calamine::{Data, Reader, Sheets, open_workbook_auto};

use crate::diagnostics::{Code, Diagnostic};
use crate::export::unprotect_cell;

/// The cells of one sheet, as text, row by row.
#[derive(Debug, Clone)]
pub struct Table {
    /// The sheet's name (the file's name for CSV).
    pub sheet: String,
    /// The rows, each a list of cells.
    pub rows: Vec<Vec<String>>,
}

/// Reads `path`: the sheet `sheet` of a spreadsheet (the first when `None`), or a CSV file.
///
/// # Errors
/// An unreadable file, an unknown sheet, a CSV that is neither UTF-8 nor Shift_JIS, a cell with
/// an error value (`#DIV/0!`).
pub fn read_table(path: &Path, sheet: Option<&str>) -> Result<Table, Diagnostic> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "csv" => read_csv(path),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => read_workbook(path, sheet),
        other => Err(Diagnostic::error(
            Code::Io,
            path,
            format!("cannot read a `.{other}` file as a progress sheet"),
        )
        .with_hint("use .xlsx, .xls, .ods or .csv")),
    }
}

fn read_csv(path: &Path) -> Result<Table, Diagnostic> {
    let bytes = fs::read(path)
        .map_err(|e| Diagnostic::error(Code::Io, path, format!("cannot read the file: {e}")))?;
    let text = decode(&bytes).ok_or_else(|| {
        Diagnostic::error(
            Code::Io,
            path,
            "the file is neither UTF-8 nor Shift_JIS text",
        )
        .with_hint("save it from Excel as 「CSV UTF-8（コンマ区切り）」")
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Diagnostic::error(
                Code::Syntax,
                path,
                format!("row {}: the CSV cannot be read: {e}", i + 1),
            )
        })?;
        rows.push(
            record
                .iter()
                .map(|cell| unprotect_cell(cell).to_string())
                .collect(),
        );
    }
    let sheet = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Table { sheet, rows })
}

/// The text of a CSV file: UTF-8 (a byte-order mark dropped), else Shift_JIS (CP932).
fn decode(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_string());
    }
    encoding_rs::SHIFT_JIS
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
}

fn read_workbook(path: &Path, sheet: Option<&str>) -> Result<Table, Diagnostic> {
    let fail = |message: String| Diagnostic::error(Code::Io, path, message);
    let mut workbook =
        open_workbook_auto(path).map_err(|e| fail(format!("cannot read the spreadsheet: {e}")))?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(name) if names.iter().any(|n| n == name) => name.to_string(),
        Some(name) => {
            return Err(fail(format!("the spreadsheet has no sheet `{name}`"))
                .with_hint(format!("its sheets are: {}", names.join(", "))));
        }
        None => names
            .first()
            .cloned()
            .ok_or_else(|| fail("the spreadsheet has no sheets".to_string()))?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| fail(format!("cannot read the sheet `{name}`: {e}")))?;
    // A merged cell (a policy printed once for the rows below it) holds its text in its first
    // cell only; every cell it covers is given that text.
    let merged = match &mut workbook {
        Sheets::Xlsx(xlsx) => xlsx.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        _ => Vec::new(),
    };
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut rows = vec![Vec::new(); first_row as usize];
    for (r, row) in range.rows().enumerate() {
        let mut cells = vec![String::new(); first_column as usize];
        for (c, cell) in row.iter().enumerate() {
            cells.push(match cell {
                Data::Empty => String::new(),
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Int(i) => i.to_string(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                Data::Float(f) => f.to_string(),
                Data::Bool(b) => b.to_string(),
                Data::DateTime(d) => date_text(d),
                Data::Error(e) => {
                    return Err(fail(format!(
                        "sheet {name}, row {}, column {}: the cell holds the error {e}",
                        first_row as usize + r + 1,
                        column_letter(first_column as usize + c)
                    )));
                }
            });
        }
        rows.push(cells);
    }
    for region in merged {
        let (top, left) = (region.start.0 as usize, region.start.1 as usize);
        if top >= rows.len() {
            continue;
        }
        let text = rows
            .get(top)
            .and_then(|row| row.get(left))
            .cloned()
            .unwrap_or_default();
        for r in top..=(region.end.0 as usize).min(rows.len().saturating_sub(1)) {
            let row = &mut rows[r];
            let right = region.end.1 as usize;
            if row.len() <= right {
                row.resize(right + 1, String::new());
            }
            for cell in &mut row[left..=right] {
                cell.clone_from(&text);
            }
        }
    }
    Ok(Table { sheet: name, rows })
}

/// A date cell as Japanese Excel shows a date by default (`2023/4/1`, with `13:30` when it has a
/// time); a duration as its hours and minutes.
fn date_text(d: &calamine::ExcelDateTime) -> String {
    if d.is_duration() {
        let minutes = (d.as_f64() * 24.0 * 60.0).round().max(0.0) as u64;
        return format!("{}:{:02}", minutes / 60, minutes % 60);
    }
    let (year, month, day, hour, minute, _, _) = d.to_ymd_hms_milli();
    if (hour, minute) == (0, 0) {
        format!("{year}/{month}/{day}")
    } else {
        format!("{year}/{month}/{day} {hour}:{minute:02}")
    }
}

/// The letter of a 0-based column: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The 0-based column of a letter (`C` → 2), if `text` is one.
pub fn column_index(text: &str) -> Option<usize> {
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    Some(
        text.bytes()
            .fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1))
            - 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_go_both_ways() {
        for (i, letter) in [
            (0, "A"),
            (2, "C"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(column_letter(i), letter);
            assert_eq!(column_index(letter), Some(i));
        }
        assert_eq!(column_index("評価"), None);
        assert_eq!(column_index("No"), None);
    }

    #[test]
    fn csv_bytes_are_read_as_utf8_with_or_without_bom_or_as_shift_jis() {
        assert_eq!(decode("評価,A\n".as_bytes()).as_deref(), Some("評価,A\n"));
        assert_eq!(
            decode("\u{FEFF}評価,A\n".as_bytes()).as_deref(),
            Some("評価,A\n")
        );
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("評価,Ａ\n");
        assert_eq!(decode(&sjis).as_deref(), Some("評価,Ａ\n"));
        assert_eq!(decode(&[0xff, 0xff, 0xff]), None);
    }
}
