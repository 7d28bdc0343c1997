//! Fitting a table to a terminal's width: which columns stay, how wide the long-text
//! columns may be, and lines of prose wrapped at words. Pure arithmetic on display widths
//! (a CJK character or an emoji takes two cells), so it can be tested without a terminal.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Cells a column takes beyond its content: one space either side, and the blank that
/// stands between two columns (the table draws no vertical lines). The last column has no
/// blank after it, so a table of `n` columns is one cell narrower than their sum.
pub const PADDING: usize = 3;
/// A long-text column is never shortened below this (or its header, if wider).
pub const SHORTEN_MIN: usize = 24;

/// Terminal cells `s` takes.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` cells, with "…" when anything was cut.
pub fn shorten(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push(c);
    }
    // Sequences (emoji joined by ZWJ) can measure differently as a whole: keep cutting.
    while !out.is_empty() && width(&out) + 1 > max {
        out.pop();
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('…');
    out
}

/// `text` broken at spaces into lines of at most `max` cells (a word longer than a line
/// is shortened rather than split).
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let word = if width(word) > max {
            shorten(word, max)
        } else {
            word.to_string()
        };
        if line.is_empty() {
            line = word;
        } else if width(&line) + 1 + width(&word) <= max {
            line.push(' ');
            line.push_str(&word);
        } else {
            lines.push(std::mem::take(&mut line));
            line = word;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// One column as the fitting sees it.
#[derive(Debug, Clone, Copy)]
pub struct Need {
    /// The widest of its header and cells.
    pub natural: usize,
    /// Its header's width.
    pub header: usize,
    /// Long text that may be shortened.
    pub shorten: bool,
    /// Lowest is left out first; `u8::MAX` never.
    pub keep: u8,
}

impl Need {
    /// The least this column can take: its full width, or for long text a readable part.
    fn least(&self) -> usize {
        if self.shorten {
            self.natural.min(self.header.max(SHORTEN_MIN))
        } else {
            self.natural
        }
    }
}

/// The outcome: which columns stay (by index into the input) and the width each gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// `(index, width)` of each column kept, in their order.
    pub kept: Vec<(usize, usize)>,
    /// Indices of the columns left out.
    pub hidden: Vec<usize>,
}

/// Which columns fit in `total` cells, and how wide each may be. Columns are left out
/// lowest `keep` first (the rightmost of equals first) until the others fit at their
/// least; then the long-text columns share what is left, up to their natural widths.
pub fn layout(needs: &[Need], total: usize) -> Layout {
    let total = total.saturating_add(1);
    let mut kept: Vec<usize> = (0..needs.len()).collect();
    let mut hidden = Vec::new();
    let least =
        |kept: &[usize]| -> usize { kept.iter().map(|&i| needs[i].least() + PADDING).sum() };
    while least(&kept) > total {
        let drop = kept
            .iter()
            .enumerate()
            .filter(|(_, i)| needs[**i].keep != u8::MAX)
            .min_by(|a, b| needs[*a.1].keep.cmp(&needs[*b.1].keep).then(b.0.cmp(&a.0)));
        match drop {
            Some((pos, &i)) => {
                kept.remove(pos);
                hidden.push(i);
            }
            None => break,
        }
    }
    hidden.sort_unstable();
    let mut widths: Vec<usize> = kept.iter().map(|&i| needs[i].least()).collect();
    let mut spare = total.saturating_sub(least(&kept));
    // Hand the spare cells out one at a time to the long-text columns still short of their
    // natural width, so two captions share the room evenly.
    loop {
        let mut gave = false;
        for (w, &i) in widths.iter_mut().zip(&kept) {
            if spare > 0 && needs[i].shorten && *w < needs[i].natural {
                *w += 1;
                spare -= 1;
                gave = true;
            }
        }
        if !gave {
            break;
        }
    }
    Layout {
        kept: kept.into_iter().zip(widths).collect(),
        hidden,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(natural: usize, keep: u8) -> Need {
        Need {
            natural,
            header: 4,
            shorten: false,
            keep,
        }
    }

    #[test]
    fn shortening_marks_the_cut_and_respects_wide_characters() {
        assert_eq!(shorten("hello world", 20), "hello world");
        assert_eq!(shorten("hello world", 8), "hello w…");
        assert_eq!(shorten("hello world", 7), "hello…");
        assert!(width(&shorten("日本語のテキスト", 7)) <= 7);
        assert_eq!(shorten("日本語のテキスト", 7), "日本語…");
    }

    #[test]
    fn wrapping_breaks_at_spaces() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(wrap("abcdefgh", 5), vec!["abcd…"]);
    }

    #[test]
    fn everything_stays_when_it_fits() {
        let l = layout(&[need(10, 1), need(10, 1)], 25);
        assert_eq!(l.kept, vec![(0, 10), (1, 10)]);
        assert!(l.hidden.is_empty());
    }

    #[test]
    fn the_lowest_priority_goes_first_then_the_rightmost() {
        let needs = [need(10, u8::MAX), need(10, 2), need(10, 1), need(10, 2)];
        let l = layout(&needs, 25);
        assert_eq!(l.hidden, vec![2, 3]);
        assert_eq!(l.kept, vec![(0, 10), (1, 10)]);
    }

    #[test]
    fn long_text_shares_what_is_left() {
        let needs = [
            need(10, u8::MAX),
            Need {
                natural: 60,
                header: 11,
                shorten: true,
                keep: 3,
            },
        ];
        let l = layout(&needs, 40);
        assert_eq!(l.kept, vec![(0, 10), (1, 25)]);
        // Never below its least, even when that means a column goes.
        let l = layout(&[need(30, 1), needs[1]], 40);
        assert_eq!(l.hidden, vec![0]);
    }

    #[test]
    fn columns_that_never_go_stay_even_when_too_wide() {
        let l = layout(&[need(100, u8::MAX)], 80);
        assert_eq!(l.kept, vec![(0, 100)]);
    }
}
