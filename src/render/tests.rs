use super::*;
use crate::metrics::growth::Direction;
use crate::model::{Creator, SampleMetrics, Signals};
use crate::text::sanitize;
use crate::views::{
    HistoryView, ReportRow, ReportView, TrendRow, TrendsView, VideoRow, VideosView,
};
use chrono::NaiveDate;
use std::borrow::Cow;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn report() -> ReportView {
    let row = |tag: &str, videos: u64, growth: Option<f64>| ReportRow {
        hashtag: tag.into(),
        video_count: Some(videos),
        view_count: videos * 1234,
        basis: crate::model::Basis::Videos,
        approximate: false,
        metrics: SampleMetrics {
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
        },
        video_growth_pct: growth,
        view_growth_pct: growth.map(|g| g / 2.0),
        prev_date: growth.map(|_| d("2026-05-21")),
        new_top_creators: vec!["bob|pipe".into()],
        top_sound: None,
        fetched_at: "2026-05-22T09:00:00Z".into(),
        suspect: false,
    };
    ReportView {
        date: d("2026-05-22"),
        hashtags: vec![
            row("aitools", 1_090_800, Some(1.0)),
            row("newtag", 5_000, None),
        ],
        missing_hashtags: vec![],
        simulated: false,
    }
}

fn trends() -> TrendsView {
    let signals = Signals {
        suspect: false,
        basis: crate::model::Basis::Videos,
        approximate: false,
        daily_growth_pct: Some(12.0),
        daily_growth_low_pct: Some(12.0),
        daily_growth_high_pct: Some(12.0),
        recent_growth_low_pct: Some(12.0),
        growth_7d_pct: Some(14.04),
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
            video_count: Some(570_092),
            view_count: 2_863_266_914,
            signals,
        }],
    }
}

fn text<V: View>(view: &V, format: DataFormat) -> String {
    String::from_utf8(render(view, format, Color::Never, Width::Full).unwrap()).unwrap()
}

#[test]
fn report_table() {
    insta::assert_snapshot!(text(&report(), DataFormat::Table));
}

#[test]
fn report_markdown() {
    insta::assert_snapshot!(text(&report(), DataFormat::Markdown));
}

#[test]
fn report_csv_has_machine_values() {
    insta::assert_snapshot!(text(&report(), DataFormat::Csv));
}

#[test]
fn trends_table_and_markdown() {
    insta::assert_snapshot!(text(&trends(), DataFormat::Table));
    insta::assert_snapshot!(text(&trends(), DataFormat::Markdown));
}

#[test]
fn colour_only_when_asked() {
    let plain =
        String::from_utf8(render(&report(), DataFormat::Table, Color::Never, Width::Full).unwrap())
            .unwrap();
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
    // Neighbours of the replaced ranges are ordinary text; a paragraph separator is a line
    // break, and U+206A (a deprecated format control) is invisible, so it is shown as `�`.
    assert_eq!(sanitize(" ~\u{a0}é\u{2029}\u{206a}"), " ~\u{a0}é \u{fffd}");
    assert_eq!(sanitize(HOSTILE).chars().count(), HOSTILE.chars().count());
    assert!(sanitize(HOSTILE).starts_with("x\u{fffd}[31mred\u{fffd}]0;title\u{fffd}"));
}

fn hostile_videos() -> VideosView {
    VideosView {
        hashtag: format!("tag{HOSTILE}"),
        date: d("2026-05-22"),
        videos: vec![VideoRow {
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
    v.hashtags[0].metrics.top_creators[0].username = format!("{FRIENDLY}{HOSTILE}");
    v
}

#[test]
fn table_and_markdown_neutralise_control_characters() {
    for format in [DataFormat::Table, DataFormat::Markdown] {
        let videos = text(&hostile_videos(), format);
        assert_clean(&videos);
        assert!(videos.contains(FRIENDLY), "{videos}");
        let report = text(&hostile_report(), format);
        assert_clean(&report);
        assert!(report.contains(FRIENDLY), "{report}");
        let history = HistoryView {
            hashtag: format!("tag{HOSTILE}"),
            days: vec![],
        };
        assert_clean(&text(&history, format));
        let mut trends = trends();
        trends.hashtags[0].hashtag = format!("tag{HOSTILE}");
        assert_clean(&text(&trends, format));
    }
    // One video, one row: the newline in the text does not start a new one.
    let md = text(&hostile_videos(), DataFormat::Markdown);
    assert_eq!(md.lines().filter(|l| l.starts_with("| 1 |")).count(), 1);
    assert_eq!(md.lines().filter(|l| l.starts_with('|')).count(), 3, "{md}");
    let table = text(&hostile_videos(), DataFormat::Table);
    // Title, three rules, header, the row and the legend.
    assert_eq!(table.lines().count(), 7, "{table}");
}

#[test]
fn csv_is_sanitised_like_tables_and_json_keeps_the_data_as_it_came() {
    // CSV goes to terminals too (`export` writes it to stdout): no control character in
    // it; JSON escapes them, so it carries the text exactly.
    let csv = render(
        &hostile_videos(),
        DataFormat::Csv,
        Color::Never,
        Width::Full,
    )
    .unwrap();
    let mut reader = ::csv::Reader::from_reader(csv.as_slice());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let field = |k: &str| {
        row.get(headers.iter().position(|h| h == k).unwrap())
            .unwrap()
    };
    assert_eq!(field("author"), format!("me{}", sanitize(HOSTILE)));
    assert_eq!(field("id"), format!("id{}", sanitize(HOSTILE)));
    assert_eq!(
        field("description"),
        format!("{FRIENDLY} {}", sanitize(HOSTILE))
    );
    assert_clean(&String::from_utf8(csv).unwrap());
    let json: serde_json::Value = serde_json::from_slice(
        &render(
            &hostile_videos(),
            DataFormat::Json,
            Color::Never,
            Width::Full,
        )
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
    v.hashtags[0].metrics.top_creators = vec![
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
    let md = text(&v, DataFormat::Markdown);
    assert!(!md.contains('<') && !md.contains('>'), "{md}");
    assert!(
        md.contains("@&lt;script&gt;alert(1)&lt;/script&gt; 3"),
        "{md}"
    );
    assert!(
        md.contains("@\"&gt;&lt;img src=x onerror=alert(3)&gt; 2"),
        "{md}"
    );
    assert!(
        md.contains("@&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt; 1"),
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
    v.hashtags[0].metrics.virality = 6.148914691236517e18;
    v.hashtags[0].video_count = Some(u64::MAX);
    for format in [DataFormat::Table, DataFormat::Markdown] {
        let out = text(&v, format);
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
    for format in [DataFormat::Table, DataFormat::Markdown] {
        let out = text(&v, format);
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

    let csv = render(&v, DataFormat::Csv, Color::Never, Width::Full).unwrap();
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

    let md = text(&v, DataFormat::Markdown);
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
    let table = text(&v, DataFormat::Table);
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
    let v: serde_json::Value = serde_json::from_slice(
        &render(&trends(), DataFormat::Json, Color::Never, Width::Full).unwrap(),
    )
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

fn fitted<V: View>(view: &V, columns: u16) -> String {
    String::from_utf8(render(view, DataFormat::Table, Color::Never, Width::Fit(columns)).unwrap())
        .unwrap()
}

fn widest(s: &str) -> usize {
    s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn a_fitted_table_is_never_wider_than_the_screen() {
    for columns in [60, 80, 100] {
        for out in [fitted(&report(), columns), fitted(&trends(), columns)] {
            assert!(widest(&out) <= usize::from(columns), "{columns}:\n{out}");
        }
    }
    let full = text(&report(), DataFormat::Table);
    assert!(widest(&full) > 100, "{full}");
}

#[test]
fn the_lowest_priority_columns_go_first_and_are_named() {
    let out = fitted(&report(), 60);
    let header = out.lines().nth(2).unwrap();
    assert!(
        header.contains("Hashtag") && header.contains("Growth"),
        "{out}"
    );
    assert!(!header.contains("Sample"), "{out}");
    // The note under the table (wrapped to the screen too) names what was left out.
    let note = &out[out.find("columns hidden").expect("a hidden-columns note")..];
    assert!(note.contains("Sample") && note.contains("--wide"), "{note}");
}

#[test]
fn long_text_is_shortened_with_an_ellipsis() {
    let mut v = hostile_videos();
    v.videos[0].description = "word ".repeat(40);
    let out = fitted(&v, 80);
    assert!(widest(&out) <= 80, "{out}");
    let row = out.lines().find(|l| l.contains("word")).unwrap();
    assert!(row.ends_with('…'), "{row}");
    // One row, one line.
    assert_eq!(out.lines().filter(|l| l.contains("word")).count(), 1);
}

#[test]
fn colour_does_not_change_the_layout() {
    let plain = fitted(&trends(), 80);
    let coloured = String::from_utf8(
        render(&trends(), DataFormat::Table, Color::Always, Width::Fit(80)).unwrap(),
    )
    .unwrap();
    assert!(coloured.contains('\u{1b}'));
    let mut stripped = String::new();
    let mut chars = coloured.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|c| c.is_ascii_alphabetic());
        } else {
            stripped.push(c);
        }
    }
    assert_eq!(stripped, plain);
}
