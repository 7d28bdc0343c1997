//! Renderers: one trait, one module per format. They return bytes and never print.
//!
//! Table-like formats (table, markdown, csv) share one intermediate, [`Tabular`], built once
//! per view here; JSON serialises the views themselves; HTML draws the report.

mod csv;
pub mod format;
mod html;
mod json;
mod markdown;
mod table;

use crate::cli::Format;
use crate::report::{CostsView, HistoryView, ReportView, TrendsView, VideosView};
use anyhow::Result;
use format::{decimal1, growth, int, opt_int, ratio_pct, signed1, sparkline};
use std::borrow::Cow;

/// Turns a view into the bytes of one output format.
pub trait Renderer {
    fn report(&self, view: &ReportView) -> Result<Vec<u8>>;
    fn trends(&self, view: &TrendsView) -> Result<Vec<u8>>;
    fn history(&self, view: &HistoryView) -> Result<Vec<u8>>;
    fn videos(&self, view: &VideosView) -> Result<Vec<u8>>;
    fn costs(&self, view: &CostsView) -> Result<Vec<u8>>;
}

/// The renderer for a format. `color` is only honoured by the terminal table.
pub fn renderer(format: Format, color: bool) -> Box<dyn Renderer> {
    match format {
        Format::Table => Box::new(table::TableRenderer { color }),
        Format::Json => Box::new(json::JsonRenderer),
        Format::Csv => Box::new(csv::CsvRenderer),
        Format::Markdown => Box::new(markdown::MarkdownRenderer),
        Format::Html => Box::new(html::HtmlRenderer),
    }
}

/// Text made harmless to show: hashtags, names, ids and descriptions come from the network
/// (or a config file) and could otherwise drive the terminal (ANSI colour, title and
/// clear-screen escapes, `\r`, bell), split a table row (`\n`) or reverse what follows
/// (bidi overrides). Line breaks and tabs become a space; other C0 controls, DEL, C1
/// controls and the bidi embedding/override/isolate controls become `�`. Everything else
/// (emoji, CJK, accents) is kept. For the table, markdown and html renderers only: csv and
/// json carry the data as it came, and both quote or escape it themselves.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        // C0 controls; DEL and C1 controls; LRE RLE PDF LRO RLO; LRI RLI FSI PDI.
        matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if unsafe_char(c) => '\u{fffd}',
            c => c,
        })
        .collect()
}

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
    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        Cell {
            raw: s.clone(),
            pretty: s,
            tone: Tone::Plain,
        }
    }
    fn num(raw: impl ToString, pretty: String) -> Cell {
        Cell {
            raw: raw.to_string(),
            pretty,
            tone: Tone::Plain,
        }
    }
    fn opt(raw: Option<impl ToString>, pretty: String) -> Cell {
        Cell {
            raw: raw.map(|r| r.to_string()).unwrap_or_default(),
            pretty,
            tone: Tone::Plain,
        }
    }
    fn tone(mut self, tone: Tone) -> Cell {
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

/// A column: its machine name (csv header) and its title (table, markdown).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub key: &'static str,
    pub title: &'static str,
    pub numeric: bool,
    pub show: Show,
    /// Long text the terminal table may wrap; every other column keeps its width.
    pub wrap: bool,
}

const fn col(key: &'static str, title: &'static str, numeric: bool) -> Column {
    Column {
        key,
        title,
        numeric,
        show: Show::Everywhere,
        wrap: false,
    }
}

impl Column {
    const fn detail(mut self) -> Column {
        self.show = Show::Detail;
        self
    }
    const fn terminal(mut self) -> Column {
        self.show = Show::Terminal;
        self
    }
    const fn wrap(mut self) -> Column {
        self.wrap = true;
        self
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

fn growth_tone(g: Option<f64>) -> Tone {
    match g {
        Some(g) if g > 0.0 => Tone::Good,
        Some(g) if g < 0.0 => Tone::Bad,
        _ => Tone::Plain,
    }
}

fn opt_num(v: Option<f64>) -> Option<String> {
    v.map(|v| v.to_string())
}

pub fn report_tabular(v: &ReportView) -> Tabular {
    let columns = vec![
        col("hashtag", "Hashtag", false),
        col("video_count", "Videos", true),
        col("view_count", "Views", true),
        col("video_growth_pct", "Videos Δ", true),
        col("view_growth_pct", "Views Δ", true),
        col("sample_size", "Sample", true),
        col("plays", "Plays", true).detail(),
        col("likes", "Likes", true).detail(),
        col("comments", "Comments", true).detail(),
        col("shares", "Shares", true).detail(),
        col("engagement_rate", "ER", true),
        col("virality", "Shares/vid", true),
        col("top_creators", "Top creators", false).wrap(),
        col("prev_date", "Since", false).detail(),
    ];
    let rows = v
        .hashtags
        .iter()
        .map(|r| {
            let creators: Vec<String> = r
                .top_creators
                .iter()
                .map(|c| {
                    let new = if r.new_top_creators.contains(&c.username) {
                        " (new)"
                    } else {
                        ""
                    };
                    format!("@{} ({}){new}", c.username, c.videos)
                })
                .collect();
            let raw_creators: Vec<String> = r
                .top_creators
                .iter()
                .map(|c| format!("{}:{}", c.username, c.videos))
                .collect();
            vec![
                Cell::num(&r.hashtag, format!("#{}", r.hashtag)),
                Cell::num(r.video_count, int(r.video_count)),
                Cell::num(r.view_count, int(r.view_count)),
                Cell::opt(opt_num(r.video_growth_pct), growth(r.video_growth_pct))
                    .tone(growth_tone(r.video_growth_pct)),
                Cell::opt(opt_num(r.view_growth_pct), growth(r.view_growth_pct))
                    .tone(growth_tone(r.view_growth_pct)),
                Cell::num(r.sample_size, int(r.sample_size)),
                Cell::num(r.plays, int(r.plays)),
                Cell::num(r.likes, int(r.likes)),
                Cell::num(r.comments, int(r.comments)),
                Cell::num(r.shares, int(r.shares)),
                Cell::num(r.engagement_rate, ratio_pct(r.engagement_rate)),
                Cell::num(r.virality, decimal1(r.virality)),
                Cell {
                    raw: raw_creators.join(";"),
                    pretty: creators.join(", "),
                    tone: Tone::Plain,
                },
                Cell::opt(
                    r.prev_date,
                    r.prev_date.map(|d| d.to_string()).unwrap_or("—".into()),
                ),
            ]
        })
        .collect();
    Tabular {
        title: match v.hashtags.iter().find_map(|r| r.prev_date) {
            Some(prev) => format!("Hashtag report — {} (Δ since {prev})", v.date),
            None => format!("Hashtag report — {}", v.date),
        },
        columns,
        rows,
        notes: vec!["ER = (likes + comments + shares) / plays over the sampled videos; Δ = change since the previous snapshot.".into()],
    }
}

pub fn trends_tabular(v: &TrendsView) -> Tabular {
    let columns = vec![
        col("rank", "#", true),
        col("hashtag", "Hashtag", false),
        col("direction", "Direction", false),
        col("flag", "Flag", false).terminal(),
        col("trending", "Trending", false).detail(),
        col("breakout", "Breakout", false).detail(),
        col("suspect", "Suspect", false).detail(),
        col("momentum", "Momentum", true),
        col("video_growth_pct", "Videos Δ", true),
        col("daily_video_growth_pct", "Δ/day", true).detail(),
        col("new_videos", "New/day", true),
        col("view_growth_pct", "Views Δ", true).detail(),
        col("new_views", "New views/day", true).detail(),
        col("video_growth_7d_pct", "7d Δ", true),
        col("acceleration_pp", "Accel pp", true),
        col("streak", "Streak", true),
        col("video_count", "Videos", true),
    ];
    let rows = v
        .hashtags
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let s = &r.signals;
            let dir = r.direction.as_str();
            let dir_tone = match r.direction.as_str() {
                "rising" => Tone::Good,
                "falling" => Tone::Bad,
                _ => Tone::Plain,
            };
            vec![
                Cell::text((i + 1).to_string()),
                Cell::num(&r.hashtag, format!("#{}", r.hashtag)),
                Cell::text(dir).tone(dir_tone),
                match (s.breakout, r.trending, s.suspect) {
                    (true, _, _) => Cell::text("BREAKOUT").tone(Tone::Hot),
                    (_, true, _) => Cell::text("trending").tone(Tone::Hot),
                    (_, _, true) => Cell::text("suspect").tone(Tone::Bad),
                    _ => Cell::text(""),
                },
                Cell::num(
                    r.trending,
                    if r.trending { "yes".into() } else { "".into() },
                )
                .tone(if r.trending { Tone::Hot } else { Tone::Plain }),
                // Detail columns (csv, markdown) say true / false; the table's Flag sums them up.
                Cell::num(s.breakout, s.breakout.to_string()),
                Cell::num(s.suspect, s.suspect.to_string()),
                Cell::opt(
                    opt_num(s.momentum),
                    s.momentum.map(decimal1).unwrap_or("—".into()),
                ),
                Cell::opt(opt_num(r.video_growth_pct), growth(r.video_growth_pct))
                    .tone(growth_tone(r.video_growth_pct)),
                Cell::opt(
                    opt_num(s.daily_video_growth_pct),
                    growth(s.daily_video_growth_pct),
                ),
                Cell::opt(s.new_videos, opt_int(s.new_videos)),
                Cell::opt(opt_num(r.view_growth_pct), growth(r.view_growth_pct))
                    .tone(growth_tone(r.view_growth_pct)),
                Cell::opt(s.new_views, opt_int(s.new_views)),
                Cell::opt(
                    opt_num(s.video_growth_7d_pct),
                    growth(s.video_growth_7d_pct),
                ),
                Cell::opt(
                    opt_num(s.acceleration_pp),
                    s.acceleration_pp.map(signed1).unwrap_or("—".into()),
                ),
                Cell::num(s.streak, s.streak.to_string()),
                Cell::num(r.video_count, int(r.video_count)),
            ]
        })
        .collect();
    Tabular {
        title: format!(
            "Trends — {} (sorted by {}, trending above {}% video growth)",
            v.date, v.sorted_by, v.threshold_pct
        ),
        columns,
        rows,
        notes: vec!["Formulas: `tracker trends --help`.".into()],
    }
}

pub fn history_tabular(v: &HistoryView) -> Tabular {
    let columns = vec![
        col("date", "Date", false),
        col("video_count", "Videos", true),
        col("view_count", "Views", true),
        col("daily_video_growth_pct", "Videos Δ/day", true),
        col("daily_view_growth_pct", "Views Δ/day", true),
        col("engagement_rate", "ER", true),
        col("sample_size", "Sample", true),
        col("suspect", "Suspect", false),
    ];
    let rows = v
        .days
        .iter()
        .map(|d| {
            vec![
                Cell::text(d.date.to_string()),
                Cell::num(d.video_count, int(d.video_count)),
                Cell::num(d.view_count, int(d.view_count)),
                Cell::opt(
                    opt_num(d.daily_video_growth_pct),
                    growth(d.daily_video_growth_pct),
                )
                .tone(growth_tone(d.daily_video_growth_pct)),
                Cell::opt(
                    opt_num(d.daily_view_growth_pct),
                    growth(d.daily_view_growth_pct),
                ),
                Cell::num(d.engagement_rate, ratio_pct(d.engagement_rate)),
                Cell::num(d.sample_size, int(d.sample_size)),
                Cell::num(
                    d.suspect,
                    if d.suspect {
                        "suspect".into()
                    } else {
                        String::new()
                    },
                )
                .tone(if d.suspect { Tone::Bad } else { Tone::Plain }),
            ]
        })
        .collect();
    let counts: Vec<u64> = v.days.iter().map(|d| d.video_count).collect();
    Tabular {
        title: format!(
            "#{} — {} days   videos {}",
            v.hashtag,
            v.days.len(),
            sparkline(&counts)
        ),
        columns,
        rows,
        notes: vec![],
    }
}

pub fn videos_tabular(v: &VideosView) -> Tabular {
    let columns = vec![
        col("rank", "#", true),
        col("author", "Author", false),
        col("plays", "Plays", true),
        col("likes", "Likes", true),
        col("comments", "Comments", true),
        col("shares", "Shares", true),
        col("engagement_rate", "ER", true),
        col("id", "Video", false).detail(),
        col("description", "Description", false).wrap(),
    ];
    let rows = v
        .videos
        .iter()
        .enumerate()
        .map(|(i, x)| {
            vec![
                Cell::text((i + 1).to_string()),
                Cell::num(&x.author, format!("@{}", x.author)),
                Cell::num(x.plays, int(x.plays)),
                Cell::num(x.likes, int(x.likes)),
                Cell::num(x.comments, int(x.comments)),
                Cell::num(x.shares, int(x.shares)),
                Cell::num(x.engagement_rate, ratio_pct(x.engagement_rate)),
                Cell::text(x.id.clone()),
                Cell::num(
                    &x.description,
                    crate::api::parse::truncate(&x.description.replace('\n', " "), 60),
                ),
            ]
        })
        .collect();
    Tabular {
        title: format!("#{} — top sampled videos on {}", v.hashtag, v.date),
        columns,
        rows,
        notes: vec![],
    }
}

pub fn costs_tabular(v: &CostsView) -> Tabular {
    let columns = vec![
        col("per", "Per", false),
        col("period", "Period", false),
        col("runs", "Runs", true),
        col("requests", "Requests", true),
        col("paid_requests", "Paid", true),
        col("cost_usd", "Cost (USD)", true),
    ];
    let per = |kind: &'static str| move |r: &crate::store::CostRow| (kind, r.clone());
    let rows = v
        .days
        .iter()
        .map(per("day"))
        .chain(v.months.iter().map(per("month")))
        .map(|(kind, r)| {
            vec![
                Cell::text(kind),
                Cell::text(r.period.clone()),
                Cell::num(r.runs, int(r.runs)),
                Cell::num(r.requests, int(r.requests)),
                Cell::num(r.paid_requests, int(r.paid_requests)),
                Cell::num(r.cost_usd, format!("${:.3}", r.cost_usd)),
            ]
        })
        .collect();
    Tabular {
        title: "Spend per day and per month (UTC, from the run log)".to_string(),
        columns,
        rows,
        notes: vec![format!(
            "Total: {} requests, {} paid, ${:.3}",
            int(v.total_requests),
            int(v.total_paid_requests),
            v.total_cost_usd
        )],
    }
}

/// Renderers of table-like formats only need to lay out a [`Tabular`].
trait MarkupRenderer {
    fn tabular(&self, t: &Tabular) -> Result<Vec<u8>>;
}

impl<T: MarkupRenderer> Renderer for T {
    fn report(&self, v: &ReportView) -> Result<Vec<u8>> {
        self.tabular(&report_tabular(v))
    }
    fn trends(&self, v: &TrendsView) -> Result<Vec<u8>> {
        self.tabular(&trends_tabular(v))
    }
    fn history(&self, v: &HistoryView) -> Result<Vec<u8>> {
        self.tabular(&history_tabular(v))
    }
    fn videos(&self, v: &VideosView) -> Result<Vec<u8>> {
        self.tabular(&videos_tabular(v))
    }
    fn costs(&self, v: &CostsView) -> Result<Vec<u8>> {
        self.tabular(&costs_tabular(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::growth::Direction;
    use crate::metrics::sample::Creator;
    use crate::metrics::signals::Signals;
    use crate::report::{ReportRow, TrendRow};
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn report() -> ReportView {
        let row = |tag: &str, videos: u64, growth: Option<f64>| ReportRow {
            hashtag: tag.into(),
            video_count: videos,
            view_count: videos * 1234,
            sample_size: 12,
            plays: 1_234_567,
            likes: 98_765,
            comments: 4_321,
            shares: 2_345,
            engagement_rate: 0.0837,
            virality: 195.4167,
            top_creators: vec![
                Creator {
                    username: "amy".into(),
                    videos: 4,
                },
                Creator {
                    username: "bob|pipe".into(),
                    videos: 2,
                },
            ],
            video_growth_pct: growth,
            view_growth_pct: growth.map(|g| g / 2.0),
            prev_date: growth.map(|_| d("2026-05-21")),
            new_top_creators: vec!["bob|pipe".into()],
            fetched_at: "2026-05-22T09:00:00Z".into(),
            chart: None,
        };
        ReportView {
            date: d("2026-05-22"),
            hashtags: vec![
                row("aitools", 1_090_800, Some(1.0)),
                row("newtag", 5_000, None),
            ],
        }
    }

    fn trends() -> TrendsView {
        let signals = Signals {
            suspect: false,
            daily_video_growth_pct: Some(12.0),
            daily_view_growth_pct: Some(11.5),
            new_videos: Some(61_081),
            new_views: Some(324_377_608),
            video_growth_7d_pct: Some(14.04),
            view_growth_7d_pct: Some(13.0),
            acceleration_pp: Some(11.7),
            streak: 13,
            breakout: true,
            baseline_mean_pct: Some(0.3),
            baseline_std_pct: Some(0.01),
            momentum: Some(117.85),
        };
        TrendsView {
            date: d("2026-05-22"),
            threshold_pct: 5.0,
            sorted_by: "momentum",
            hashtags: vec![TrendRow {
                hashtag: "vibecoding".into(),
                direction: Direction::Rising,
                trending: true,
                video_growth_pct: Some(12.0),
                view_growth_pct: Some(11.5),
                prev_date: Some(d("2026-05-21")),
                video_count: 570_092,
                view_count: 2_863_266_914,
                signals,
            }],
        }
    }

    fn text(format: Format, f: impl Fn(&dyn Renderer) -> Result<Vec<u8>>) -> String {
        String::from_utf8(f(renderer(format, false).as_ref()).unwrap()).unwrap()
    }

    #[test]
    fn report_table() {
        insta::assert_snapshot!(text(Format::Table, |r| r.report(&report())));
    }

    #[test]
    fn report_markdown() {
        insta::assert_snapshot!(text(Format::Markdown, |r| r.report(&report())));
    }

    #[test]
    fn report_csv_has_machine_values() {
        insta::assert_snapshot!(text(Format::Csv, |r| r.report(&report())));
    }

    #[test]
    fn trends_table_and_markdown() {
        insta::assert_snapshot!(text(Format::Table, |r| r.trends(&trends())));
        insta::assert_snapshot!(text(Format::Markdown, |r| r.trends(&trends())));
    }

    #[test]
    fn colour_only_when_asked() {
        let plain =
            String::from_utf8(renderer(Format::Table, false).report(&report()).unwrap()).unwrap();
        assert!(!plain.contains('\u{1b}'));
    }

    /// What a hostile API answer could put in a name or description: colour and title
    /// escapes, a screen clear, carriage return, bell, NUL, C1 CSI, DEL, a newline that
    /// would split a row, and bidi overrides that reverse the text after them.
    const HOSTILE: &str = "x\u{1b}[31mred\u{1b}]0;title\u{7}\u{1b}[2J\r\n\u{0}\u{9b}2J\u{7f}\u{202e}txet\u{2066}iso\u{2069}\u{202a}";
    /// Ordinary unicode that must come through unchanged.
    const FRIENDLY: &str = "🚀 日本語 café";

    /// No control character (but the line ends) and no bidi control in `out`.
    fn assert_clean(out: &str) {
        for c in out.chars() {
            let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            assert!(
                c == '\n' || !(c.is_control() || bidi),
                "{c:?} reaches the output: {out:?}"
            );
        }
    }

    #[test]
    fn sanitize_replaces_controls_and_keeps_unicode() {
        assert!(matches!(sanitize(FRIENDLY), Cow::Borrowed(_)));
        assert_eq!(sanitize("a\nb\r\tc"), "a b  c");
        assert_eq!(sanitize("\u{1b}[31mred"), "\u{fffd}[31mred");
        assert_eq!(
            sanitize("\u{0}\u{7}\u{7f}\u{9b}\u{9f}"),
            "\u{fffd}".repeat(5)
        );
        assert_eq!(
            sanitize("\u{202a}\u{202e}\u{2066}\u{2069}"),
            "\u{fffd}".repeat(4)
        );
        // Neighbours of the replaced ranges are ordinary text.
        assert_eq!(
            sanitize(" ~\u{a0}é\u{2029}\u{206a}"),
            " ~\u{a0}é\u{2029}\u{206a}"
        );
        assert_eq!(sanitize(HOSTILE).chars().count(), HOSTILE.chars().count());
        assert!(sanitize(HOSTILE).starts_with("x\u{fffd}[31mred\u{fffd}]0;title\u{fffd}"));
    }

    fn hostile_videos() -> VideosView {
        VideosView {
            hashtag: format!("tag{HOSTILE}"),
            date: d("2026-05-22"),
            videos: vec![crate::report::VideoRow {
                id: format!("id{HOSTILE}"),
                author: format!("me{HOSTILE}"),
                plays: 10,
                likes: 1,
                comments: 0,
                shares: 0,
                engagement_rate: 0.1,
                description: format!("{FRIENDLY} {HOSTILE}"),
            }],
        }
    }

    fn hostile_report() -> ReportView {
        let mut v = report();
        v.hashtags.truncate(1);
        v.hashtags[0].hashtag = format!("tag{HOSTILE}");
        v.hashtags[0].top_creators[0].username = format!("{FRIENDLY}{HOSTILE}");
        v
    }

    #[test]
    fn table_and_markdown_neutralise_control_characters() {
        for format in [Format::Table, Format::Markdown] {
            let videos = text(format, |r| r.videos(&hostile_videos()));
            assert_clean(&videos);
            assert!(videos.contains(FRIENDLY), "{videos}");
            let report = text(format, |r| r.report(&hostile_report()));
            assert_clean(&report);
            assert!(report.contains(FRIENDLY), "{report}");
            let history = HistoryView {
                hashtag: format!("tag{HOSTILE}"),
                days: vec![],
            };
            assert_clean(&text(format, |r| r.history(&history)));
            let mut trends = trends();
            trends.hashtags[0].hashtag = format!("tag{HOSTILE}");
            assert_clean(&text(format, |r| r.trends(&trends)));
        }
        // One video, one row: the newline in the text does not start a new one.
        let md = text(Format::Markdown, |r| r.videos(&hostile_videos()));
        assert_eq!(md.lines().filter(|l| l.starts_with("| 1 |")).count(), 1);
        assert_eq!(md.lines().filter(|l| l.starts_with('|')).count(), 3, "{md}");
        let table = text(Format::Table, |r| r.videos(&hostile_videos()));
        assert_eq!(table.lines().count(), 6, "{table}");
    }

    #[test]
    fn csv_and_json_keep_the_data_as_it_came() {
        let csv = renderer(Format::Csv, false)
            .videos(&hostile_videos())
            .unwrap();
        let mut reader = ::csv::Reader::from_reader(csv.as_slice());
        let headers = reader.headers().unwrap().clone();
        let row = reader.records().next().unwrap().unwrap();
        let field = |k: &str| {
            row.get(headers.iter().position(|h| h == k).unwrap())
                .unwrap()
        };
        assert_eq!(field("author"), format!("me{HOSTILE}"));
        assert_eq!(field("id"), format!("id{HOSTILE}"));
        assert_eq!(field("description"), format!("{FRIENDLY} {HOSTILE}"));
        let json: serde_json::Value = serde_json::from_slice(
            &renderer(Format::Json, false)
                .videos(&hostile_videos())
                .unwrap(),
        )
        .unwrap();
        assert_eq!(json["videos"][0]["author"], format!("me{HOSTILE}"));
        assert_eq!(json["hashtag"], format!("tag{HOSTILE}"));
    }

    /// Cells of a GitHub-flavoured Markdown table row, split on unescaped pipes.
    fn md_cells(line: &str) -> usize {
        let (mut cells, mut chars) = (0, line.chars());
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '|' => cells += 1,
                _ => {}
            }
        }
        cells - 1
    }

    #[test]
    fn markdown_escapes_html_and_keeps_the_columns() {
        let mut v = report();
        v.hashtags.truncate(1);
        v.hashtags[0].hashtag = "a<b>&c".into();
        v.hashtags[0].top_creators = vec![
            Creator {
                username: "<script>alert(1)</script>".into(),
                videos: 3,
            },
            Creator {
                username: "\"><img src=x onerror=alert(3)>".into(),
                videos: 2,
            },
            Creator {
                username: "</td></tr></table>".into(),
                videos: 1,
            },
            Creator {
                username: "back\\|slash\\".into(),
                videos: 1,
            },
        ];
        let md = text(Format::Markdown, |r| r.report(&v));
        assert!(!md.contains('<') && !md.contains('>'), "{md}");
        assert!(
            md.contains("@&lt;script&gt;alert(1)&lt;/script&gt; (3)"),
            "{md}"
        );
        assert!(
            md.contains("@\"&gt;&lt;img src=x onerror=alert(3)&gt; (2)"),
            "{md}"
        );
        assert!(
            md.contains("@&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt; (1)"),
            "{md}"
        );
        assert!(md.contains("#a&lt;b&gt;&amp;c"), "{md}");
        let rows: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
        assert_eq!(rows.len(), 3);
        let header = md_cells(rows[0]);
        for row in &rows {
            assert_eq!(md_cells(row), header, "{row}");
        }
    }

    #[test]
    fn huge_figures_do_not_wrap() {
        let mut v = report();
        v.hashtags.truncate(1);
        v.hashtags[0].virality = 6.148914691236517e18;
        v.hashtags[0].video_count = u64::MAX;
        for format in [Format::Table, Format::Markdown] {
            let out = text(format, |r| r.report(&v));
            assert!(!out.contains("1,844,674,407,370,955,161.5"), "{out}");
            assert!(out.contains("6,148,914,691,236,517,000.0"), "{out}");
            assert!(out.contains("18,446,744,073,709,551,615"), "{out}");
        }
    }

    #[test]
    fn figures_that_round_to_zero_have_no_sign() {
        let mut v = trends();
        v.hashtags[0].signals.momentum = Some(-0.017);
        v.hashtags[0].signals.new_videos = Some(0);
        v.hashtags[0].signals.acceleration_pp = Some(-0.04);
        for format in [Format::Table, Format::Markdown] {
            let out = text(format, |r| r.trends(&v));
            assert!(!out.contains("-0.0") && !out.contains("+0 "), "{out}");
            let row = out.lines().find(|l| l.contains("#vibecoding")).unwrap();
            let cells: Vec<&str> = row.split(['|', ' ']).filter(|c| !c.is_empty()).collect();
            assert!(cells.contains(&"0.0"), "{row}");
            assert!(cells.contains(&"0"), "{row}");
        }
    }

    #[test]
    fn trends_csv_and_markdown_carry_suspect_and_breakout() {
        let mut v = trends();
        let mut calm = v.hashtags[0].clone();
        calm.hashtag = "calm".into();
        calm.trending = false;
        calm.signals.breakout = false;
        calm.signals.suspect = true;
        v.hashtags.push(calm);

        let csv = renderer(Format::Csv, false).trends(&v).unwrap();
        let mut reader = ::csv::Reader::from_reader(csv.as_slice());
        let headers = reader.headers().unwrap().clone();
        let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let field = |row: &::csv::StringRecord, k: &str| {
            let i = headers.iter().position(|h| h == k);
            row.get(i.unwrap_or_else(|| panic!("no {k} column in {headers:?}")))
                .unwrap()
                .to_string()
        };
        assert_eq!(field(&rows[0], "breakout"), "true");
        assert_eq!(field(&rows[0], "suspect"), "false");
        assert_eq!(field(&rows[1], "breakout"), "false");
        assert_eq!(field(&rows[1], "suspect"), "true");

        let md = text(Format::Markdown, |r| r.trends(&v));
        let lines: Vec<Vec<&str>> = md
            .lines()
            .filter(|l| l.starts_with('|'))
            .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
            .collect();
        let col = |title: &str| {
            lines[0]
                .iter()
                .position(|t| *t == title)
                .unwrap_or_else(|| panic!("no {title} column in {md}"))
        };
        let (b, s) = (col("Breakout"), col("Suspect"));
        assert_eq!((lines[2][b], lines[2][s]), ("true", "false"));
        assert_eq!((lines[3][b], lines[3][s]), ("false", "true"));

        // The terminal table keeps its one Flag column.
        let table = text(Format::Table, |r| r.trends(&v));
        assert!(
            table.contains("Flag") && !table.contains("Suspect"),
            "{table}"
        );
        assert!(
            table.contains("BREAKOUT") && table.contains("suspect"),
            "{table}"
        );
    }

    #[test]
    fn json_keeps_the_contract_names() {
        let v: serde_json::Value =
            serde_json::from_slice(&renderer(Format::Json, false).trends(&trends()).unwrap())
                .unwrap();
        let row = &v["hashtags"][0];
        for key in [
            "hashtag",
            "direction",
            "trending",
            "video_growth_pct",
            "view_growth_pct",
            "new_videos",
            "new_views",
            "video_growth_7d_pct",
            "view_growth_7d_pct",
            "acceleration_pp",
            "streak",
            "breakout",
            "momentum",
            "suspect",
        ] {
            assert!(row.get(key).is_some(), "{key}");
        }
        assert_eq!(row["direction"], "rising");
    }
}
