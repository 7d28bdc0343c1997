//! The intermediate every table-like format lays out: columns with a machine key and a
//! human title, and cells with a machine value and a human one.

/// How a cell may be coloured on a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Good,
    Bad,
    Hot,
}
/// One cell: the machine value (csv) and the human one (table, markdown).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub raw: String,
    pub pretty: String,
    pub tone: Tone,
}
impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        Cell {
            raw: s.clone(),
            pretty: s,
            tone: Tone::Plain,
        }
    }
    pub fn num(raw: impl ToString, pretty: String) -> Cell {
        Cell {
            raw: raw.to_string(),
            pretty,
            tone: Tone::Plain,
        }
    }
    pub fn opt(raw: Option<impl ToString>, pretty: String) -> Cell {
        Cell {
            raw: raw.map(|r| r.to_string()).unwrap_or_default(),
            pretty,
            tone: Tone::Plain,
        }
    }
    pub fn tone(mut self, tone: Tone) -> Cell {
        self.tone = tone;
        self
    }
}
/// Which renderers show a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    Everywhere,
    /// csv and markdown only: the terminal table keeps to what fits a screen.
    Detail,
    /// The terminal table only: a summary of columns that csv carries separately.
    Terminal,
}
/// How hard a narrow terminal keeps a column: the lowest are left out first.
pub const KEEP_DEFAULT: u8 = 5;
/// Never left out (the row's name, its main figure).
pub const KEEP_ALWAYS: u8 = u8::MAX;

/// A column: its machine name (csv header) and its title (table, markdown).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub key: &'static str,
    pub title: &'static str,
    pub numeric: bool,
    pub show: Show,
    /// Long text (captions, creator lists) the terminal table may shorten with "…";
    /// every other column keeps its full width.
    pub shorten: bool,
    /// Which columns a narrow terminal leaves out first (lowest first, `--wide` shows all).
    pub keep: u8,
}
pub const fn col(key: &'static str, title: &'static str, numeric: bool) -> Column {
    Column {
        key,
        title,
        numeric,
        show: Show::Everywhere,
        shorten: false,
        keep: KEEP_DEFAULT,
    }
}
impl Column {
    pub const fn detail(mut self) -> Column {
        self.show = Show::Detail;
        self
    }
    pub const fn terminal(mut self) -> Column {
        self.show = Show::Terminal;
        self
    }
    pub const fn shorten(mut self) -> Column {
        self.shorten = true;
        self
    }
    pub const fn keep(mut self, keep: u8) -> Column {
        self.keep = keep;
        self
    }
    pub const fn always(self) -> Column {
        self.keep(KEEP_ALWAYS)
    }
}
/// A view flattened to rows, plus lines shown above / below it for people.
#[derive(Debug, Clone)]
pub struct Tabular {
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    pub notes: Vec<String>,
}
impl Tabular {
    /// Indices of the columns a renderer shows: the terminal table drops detail columns,
    /// csv and markdown drop the terminal-only summaries.
    pub fn shown(&self, terminal: bool) -> Vec<usize> {
        let hidden = if terminal {
            Show::Detail
        } else {
            Show::Terminal
        };
        (0..self.columns.len())
            .filter(|&i| self.columns[i].show != hidden)
            .collect()
    }

    /// The cells of `row` at `shown`, in order.
    pub fn cells<'a>(&self, row: &'a [Cell], shown: &'a [usize]) -> impl Iterator<Item = &'a Cell> {
        shown.iter().filter_map(move |&i| row.get(i))
    }
}
pub fn growth_tone(g: Option<f64>) -> Tone {
    match g {
        Some(g) if g > 0.0 => Tone::Good,
        Some(g) if g < 0.0 => Tone::Bad,
        _ => Tone::Plain,
    }
}
pub fn opt_num(v: Option<f64>) -> Option<String> {
    v.map(|v| v.to_string())
}
