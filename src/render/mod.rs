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
                Cell::num(
                    s.breakout,
                    if s.breakout {
                        "BREAKOUT".into()
                    } else {
                        "".into()
                    },
                )
                .tone(if s.breakout { Tone::Hot } else { Tone::Plain }),
                Cell::opt(
                    opt_num(s.momentum),
                    s.momentum.map(|m| format!("{m:.1}")).unwrap_or("—".into()),
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
