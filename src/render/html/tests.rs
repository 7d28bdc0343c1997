use super::*;
use crate::model::{Creator, SampleMetrics};
use crate::views::HistoryDay;
use chrono::NaiveDate;

/// A report row with the chart drawn for it.
struct Row {
    report: ReportRow,
    chart: Option<Chart>,
}

fn day(n: u32, videos: u64, g: Option<f64>, suspect: bool) -> HistoryDay {
    HistoryDay {
        date: NaiveDate::from_ymd_opt(2025, 3, n).unwrap(),
        video_count: Some(videos),
        view_count: videos.saturating_mul(40),
        basis: crate::model::Basis::Videos,
        approximate: false,
        daily_video_growth_pct: g,
        daily_view_growth_pct: g,
        engagement_rate: 0.091,
        sample_size: 30,
        suspect,
        breakout: false,
        trending: false,
    }
}

fn row(tag: &str, points: Vec<HistoryDay>, breakout: bool) -> Row {
    let date = NaiveDate::from_ymd_opt(2025, 3, 12).unwrap();
    let mut sig = signals::compute(&[], date);
    sig.breakout = breakout;
    sig.daily_video_growth_pct = Some(if breakout { 12.0 } else { 0.4 });
    sig.baseline_mean_pct = Some(0.3);
    sig.baseline_std_pct = Some(0.1);
    sig.streak = 3;
    let report = ReportRow {
        hashtag: tag.into(),
        video_count: Some(1_234_567),
        view_count: 98_765_432_100,
        basis: crate::model::Basis::Videos,
        approximate: false,
        metrics: SampleMetrics {
            sample_size: 30,
            plays: 1000,
            likes: 80,
            comments: 5,
            shares: 6,
            engagement_rate: 0.091,
            virality: 0.2,
            top_creators: vec![
                Creator {
                    username: "<script>alert(1)</script>".into(),
                    videos: 4,
                },
                Creator {
                    username: "old_friend".into(),
                    videos: 1,
                },
            ],
        },
        video_growth_pct: Some(2.5),
        view_growth_pct: Some(-1.25),
        prev_date: Some(NaiveDate::from_ymd_opt(2025, 3, 11).unwrap()),
        new_top_creators: vec!["<script>alert(1)</script>".into()],
        top_sound: None,
        fetched_at: "2025-03-12T06:00:00Z".into(),
        suspect: false,
    };
    Row {
        report,
        chart: Some(Chart {
            points,
            breakout,
            signals: Some(sig),
        }),
    }
}

fn history(n: u32) -> Vec<HistoryDay> {
    (1..=n)
        .map(|d| day(d, 1000 + u64::from(d) * 10, (d > 1).then_some(1.0), false))
        .collect()
}

fn render(rows: Vec<Row>) -> String {
    let (hashtags, charts): (Vec<ReportRow>, Vec<Chart>) = rows
        .into_iter()
        .map(|r| (r.report, r.chart.unwrap_or_default()))
        .unzip();
    let view = ReportView {
        date: NaiveDate::from_ymd_opt(2025, 3, 12).unwrap(),
        hashtags,
        missing_hashtags: vec![],
        simulated: false,
    };
    String::from_utf8(report_page(&view, &charts, None, None)).unwrap()
}

fn assert_self_contained(html: &str) {
    assert!(
        !html.to_lowercase().contains("<script"),
        "script tag in output"
    );
    assert!(!html.contains("http"), "URL in output");
    assert!(!html.contains("url("), "CSS url() in output");
}

#[test]
fn escapes_network_text() {
    let html = render(vec![row("ai\"tools<img src=x>", history(5), false)]);
    assert!(html.contains("@&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("#ai&quot;tools&lt;img src=x&gt;"));
    assert!(html.contains("id=\"tag-ai-tools-img-src-x-\""));
    assert!(!html.contains("<img"));
    assert_self_contained(&html);
}

#[test]
fn no_control_characters_reach_the_page() {
    let hostile = "\u{1b}[31m\u{1b}]0;t\u{7}\u{0}\u{9b}\u{7f}\r\u{202e}x\u{2066}";
    let mut r = row(&format!("tag{hostile}"), history(3), true);
    r.report.metrics.top_creators[0].username = format!("me{hostile}🚀 日本語");
    let html = render(vec![r]);
    for c in html.chars() {
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        assert!(c == '\n' || !(c.is_control() || bidi), "{c:?} in the page");
    }
    assert!(html.contains("🚀 日本語"));
    assert_self_contained(&html);
}

#[test]
fn figures_that_round_to_zero_have_no_sign() {
    let mut r = row("ai", history(3), false);
    let sig = r.chart.as_mut().unwrap().signals.as_mut().unwrap();
    sig.acceleration_pp = Some(-0.04);
    sig.momentum = Some(-0.017);
    sig.baseline_mean_pct = Some(-0.01);
    let html = render(vec![r]);
    assert!(html.contains("acceleration <b>0.0 pp</b>"), "{html}");
    assert!(html.contains("momentum <b>0.0</b>"), "{html}");
    assert!(
        html.contains("baseline growth <b>0.0%/day</b> (± 0.1)"),
        "{html}"
    );
    assert!(!html.contains("-0.0"));
}

#[test]
fn new_creators_are_marked() {
    let html = render(vec![row("ai", history(3), false)]);
    let creators = &html[html.find("class=\"creators\"").unwrap()..];
    let script = creators.find("alert(1)").unwrap();
    let old = creators.find("old_friend").unwrap();
    let new = creators.find("class=\"new\"").unwrap();
    assert!(script < new && new < old, "only the new creator is marked");
    assert_eq!(creators.matches("class=\"new\"").count(), 1);
}

#[test]
fn one_chart_per_hashtag_and_self_contained() {
    let mut no_chart = row("nochart", vec![], false);
    no_chart.chart = None;
    let html = render(vec![
        row("a", history(12), false),
        row("b", history(1), false),
        row("c", vec![], false),
        no_chart,
    ]);
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 4);
    assert_eq!(html.matches("<section class=\"hashtag").count(), 4);
    assert_eq!(html.matches("</svg>").count(), 4);
    assert_self_contained(&html);
    // Metrics with their sign and as percentages.
    assert!(html.contains("1,234,567"));
    assert!(html.contains("+2.5%"));
    assert!(html.contains("-1.2%"));
    assert!(html.contains("9.1%"));
}

#[test]
fn breakout_highlights_card_and_last_point() {
    let html = render(vec![
        row("calm", history(12), false),
        row("vibecoding", history(12), true),
    ]);
    assert!(html.contains("<section class=\"hashtag breakout\" id=\"tag-vibecoding\">"));
    assert!(html.contains("<section class=\"hashtag\" id=\"tag-calm\">"));
    assert_eq!(html.matches("class=\"badge hot\">BREAKOUT<").count(), 1);
    assert_eq!(html.matches("class=\"pt hot\"").count(), 1);
    assert!(html.contains("href=\"#tag-vibecoding\""));
    let calm =
        &html[html.find("id=\"tag-calm\"").unwrap()..html.find("id=\"tag-vibecoding\"").unwrap()];
    assert!(!calm.contains("pt hot") && !calm.contains("BREAKOUT"));
}

#[test]
fn charts_with_zero_or_one_point() {
    let empty = svg_chart(&[], false, &Axes::shared([]));
    assert!(empty.starts_with("<svg class=\"chart\"") && empty.ends_with("</svg>"));
    assert!(empty.contains("No stored history"));
    let pts = [day(1, 500, None, false)];
    let one = svg_chart(&pts, true, &Axes::shared([&pts[..]]));
    assert!(one.ends_with("</svg>"));
    assert_eq!(one.matches("<circle class=\"pt").count(), 1);
    assert!(one.contains("pt hot"));
    assert!(!one.contains("NaN") && !one.contains("inf"));
}

#[test]
fn edge_values_do_not_break_the_chart() {
    // All equal, missing growth, a suspect zero, a suspect giant, non-finite rates.
    let pts = vec![
        day(1, 7, None, false),
        day(2, 7, Some(0.0), false),
        day(3, 0, None, true),
        day(4, u64::MAX, Some(f64::INFINITY), true),
        day(6, 7, Some(f64::NAN), false),
    ];
    let svg = svg_chart(&pts, false, &Axes::shared([&pts[..]]));
    assert!(svg.ends_with("</svg>"));
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
    // A suspect day is a gap marked by a rule, never a point at the axis minimum.
    assert_eq!(svg.matches("class=\"suspect-rule\"").count(), 2);
    assert_eq!(svg.matches("<circle class=\"pt").count(), 3);
    assert_eq!(svg.matches("<polyline class=\"line\"").count(), 1, "{svg}");
    // Huge numbers: the gutter is capped so the plot keeps its width.
    let huge = vec![
        day(1, u64::MAX / 2, Some(-50.0), false),
        day(2, u64::MAX - 1, Some(1e9), false),
    ];
    let svg = svg_chart(&huge, true, &Axes::shared([&huge[..]]));
    assert!(svg.contains("18,446,744,073,709,551,614"));
    assert!(!svg.contains("NaN"));
}
