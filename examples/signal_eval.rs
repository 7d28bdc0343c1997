//! Measures the trend signals on labelled synthetic hashtags, in one command:
//!
//! ```sh
//! cargo run --release --example signal_eval        # or: scripts/signal-eval
//! cargo run --release --example signal_eval -- --seed 7 --tags 100
//! ```
//!
//! A seeded generator draws daily series of every kind the issue names — exact counts,
//! display-rounded counts ("1.2M") between 1M and 5M videos, and series whose video count
//! stops being reported so that only (rounded) views remain — each shaped as a steady
//! grower, a noisy one (±0.8 pp a day), weekend seasonality, glitch days that read far too
//! low, a permanent purge of a tenth of the videos, a one-day jump or a ramp (growth climbing
//! a couple of points a day). The labels (true daily growth, event days) come from the
//! generator's own true counts, never from a detector's output. Every evaluated day runs the
//! real `tracker::metrics::signals::compute` over the same 30-day window `trends` uses, and
//! the naive detectors over the same stored counts:
//!
//! - the seeds' rule: trending when the day-over-day growth of the stored count is above 5 %;
//! - a plain z-score: the stored count's raw daily growth at least 3 standard deviations
//!   above the mean of the previous 14 days' (at least 3 of them).
//!
//! Both naive detectors are given the same basis as the signals (the view count on days
//! whose video count is not reported), so the comparison isolates the rules themselves.
//!
//! It prints the seed and parameters, a markdown table per kind (detection lag of breakouts,
//! false breakout and false trending flags per tag-day) and the issue's acceptance checks,
//! and exits with 1 when one fails.
//!
//! Flags: `--seed N` (default 13), `--tags N` per kind (default 40), `--days N` evaluated
//! (default 30), `--warmup N` days of history before them (default 14), `--threshold PCT`
//! (the `trends --threshold`, default 5).

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::process::ExitCode;
use tracker::metrics::signals;
use tracker::model::{Count, Point};

/// Days of history `trends` computes a day's signals over.
const SIGNAL_WINDOW_DAYS: usize = tracker::metrics::window::SIGNAL_WINDOW_DAYS as usize;
/// The seeds' fixed day-over-day rule, in percent.
const SEED_RULE_PCT: f64 = 5.0;
/// The plain z-score detector: threshold, window and minimum history.
const Z_THRESHOLD: f64 = 3.0;
const Z_WINDOW: usize = 14;
const Z_MIN_HISTORY: usize = 3;
/// A ramp must be flagged within this many days of its start; a jump on its day.
const RAMP_MAX_LAG: usize = 2;
/// After an event, breakout flags stay legitimate while true growth is at least this far
/// above the pre-event base (pp), and for this many days after.
const EVENT_LIFT_PP: f64 = 2.0;
const EVENT_GRACE_DAYS: usize = 2;
/// A day whose true growth is this close to the threshold (pp) is not judged for trending:
/// exact counts are whole videos, so the stored growth differs from the true one slightly.
const THRESHOLD_TOLERANCE_PP: f64 = 0.01;

struct Params {
    seed: u64,
    tags: usize,
    days: usize,
    warmup: usize,
    threshold: f64,
    /// Print every missed or late event and every false flag of the signals to stderr.
    verbose: bool,
}

impl Params {
    fn parse() -> Result<Self, String> {
        let mut p = Params {
            seed: 13,
            tags: 40,
            days: 30,
            warmup: 14,
            threshold: 5.0,
            verbose: false,
        };
        let mut args = std::env::args().skip(1);
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or(format!("{flag} needs a value"));
            match flag.as_str() {
                "--seed" => p.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
                "--tags" => p.tags = value()?.parse().map_err(|e| format!("--tags: {e}"))?,
                "--days" => p.days = value()?.parse().map_err(|e| format!("--days: {e}"))?,
                "--warmup" => p.warmup = value()?.parse().map_err(|e| format!("--warmup: {e}"))?,
                "--threshold" => {
                    p.threshold = value()?.parse().map_err(|e| format!("--threshold: {e}"))?
                }
                "--verbose" => p.verbose = true,
                "-h" | "--help" => {
                    return Err(
                        "usage: signal_eval [--seed N] [--tags N] [--days N] [--warmup N] [--threshold PCT] [--verbose]"
                            .into(),
                    );
                }
                other => return Err(format!("unknown argument {other}")),
            }
        }
        if p.days < 28 || p.tags == 0 {
            return Err("--days must be at least 28 and --tags at least 1".into());
        }
        Ok(p)
    }
}

/// How the counts are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Exact counts (`statsV2`).
    Exact,
    /// Both counters display-rounded (legacy `stats`), 1M–5M videos at the start.
    Rounded,
    /// Rounded counters; the video count stops being reported early (before the evaluated
    /// days), so the signals run on the view count (1B–200B views).
    ViewsOnly,
}

impl Mode {
    const ALL: [Mode; 3] = [Mode::Exact, Mode::Rounded, Mode::ViewsOnly];

    fn name(self) -> &'static str {
        match self {
            Mode::Exact => "exact",
            Mode::Rounded => "rounded",
            Mode::ViewsOnly => "views-only",
        }
    }
}

/// The shape of the true growth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Steady,
    Noisy,
    Seasonal,
    Glitch,
    Purge,
    Jump,
    Ramp,
    /// A jump without the two-display-step margin: on a rounded counter part of these are
    /// within rounding of ordinary growth. Shown for information, not judged.
    SmallJump,
}

impl Shape {
    const ALL: [Shape; 8] = [
        Shape::Steady,
        Shape::Noisy,
        Shape::Seasonal,
        Shape::Glitch,
        Shape::Purge,
        Shape::Jump,
        Shape::Ramp,
        Shape::SmallJump,
    ];

    fn name(self) -> &'static str {
        match self {
            Shape::Steady => "steady",
            Shape::Noisy => "noisy",
            Shape::Seasonal => "seasonal",
            Shape::Glitch => "glitch",
            Shape::Purge => "purge",
            Shape::Jump => "jump",
            Shape::Ramp => "ramp",
            Shape::SmallJump => "small jump (info)",
        }
    }

    fn applies_to(self, mode: Mode) -> bool {
        self != Shape::SmallJump || mode != Mode::Exact
    }
}

/// One labelled event: the day it starts and the last day a breakout is still legitimate.
#[derive(Debug, Clone, Copy)]
struct Event {
    start: usize,
    legit_until: usize,
    max_lag: usize,
    /// Whether the stored counts can show the event in time at all: the growth the readings
    /// of the day before it and of its last on-target day guarantee is at least the pre-event
    /// growth + `signals::BREAKOUT_MIN_PP` (always, for exact counts). On a coarse rounded
    /// counter a slow ramp may stay within rounding of ordinary growth for its first days.
    resolvable: bool,
}

/// One generated hashtag.
struct Tag {
    points: Vec<Point>,
    /// True daily growth of the counts on each day, in percent (day 0 has none).
    true_growth: Vec<f64>,
    events: Vec<Event>,
}

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).expect("a valid date")
}

fn day(n: usize) -> NaiveDate {
    first_day()
        .checked_add_days(Days::new(n as u64))
        .expect("a date in range")
}

/// Log-uniform in `[lo, hi]`.
fn log_uniform(rng: &mut fastrand::Rng, lo: f64, hi: f64) -> f64 {
    (lo.ln() + rng.f64() * (hi.ln() - lo.ln())).exp()
}

fn uniform(rng: &mut fastrand::Rng, lo: f64, hi: f64) -> f64 {
    lo + rng.f64() * (hi - lo)
}

/// What TikTok's legacy counter shows for a true count: one decimal of K, M or B.
fn display(true_count: f64) -> Count {
    let unit = if true_count >= 1e9 {
        1e8
    } else if true_count >= 1e6 {
        1e5
    } else if true_count >= 1e3 {
        1e2
    } else {
        1.0
    };
    Count::display_rounded(((true_count / unit).round() * unit) as u64)
}

fn reading(mode: Mode, true_count: f64) -> Count {
    match mode {
        Mode::Exact => Count::exact(true_count.round() as u64),
        Mode::Rounded | Mode::ViewsOnly => display(true_count),
    }
}

/// The relative size, in percent, of two display steps of the counter at `true_count`.
fn two_steps_pct(mode: Mode, true_count: f64) -> f64 {
    let c = reading(mode, true_count);
    if c.value == 0 {
        return 0.0;
    }
    2.0 * (2 * c.precision) as f64 / c.value as f64 * 100.0
}

fn generate(rng: &mut fastrand::Rng, mode: Mode, shape: Shape, p: &Params) -> Tag {
    let total = p.warmup + p.days;
    let eval = |rng: &mut fastrand::Rng, lo: usize, hi: usize| p.warmup + rng.usize(lo..=hi);
    let (videos0, views_per_video) = match mode {
        Mode::Exact => (log_uniform(rng, 1e4, 5e7), uniform(rng, 300.0, 3000.0)),
        Mode::Rounded => (log_uniform(rng, 1e6, 4e6), uniform(rng, 300.0, 3000.0)),
        Mode::ViewsOnly => {
            let views = log_uniform(rng, 1e9, 2e11);
            let ratio = uniform(rng, 300.0, 3000.0);
            (views / ratio, ratio)
        }
    };
    // Day from which the video count is not reported (views-only), inside the warm-up.
    let videos_until = match mode {
        Mode::ViewsOnly => rng.usize(0..=p.warmup.min(10)),
        _ => total,
    };

    let base = match shape {
        Shape::Steady => uniform(rng, 0.2, 8.0),
        Shape::Noisy => uniform(rng, 0.3, 4.0),
        Shape::Seasonal => uniform(rng, 0.5, 3.0),
        Shape::Glitch | Shape::Purge => uniform(rng, 0.3, 3.0),
        Shape::Jump | Shape::SmallJump | Shape::Ramp => uniform(rng, 0.2, 1.5),
    };
    let weekend = uniform(rng, 1.5, 2.5);
    let mut growth = vec![0.0; total];
    let mut glitches: Vec<(usize, f64)> = Vec::new();
    let mut events = Vec::new();
    for (t, g) in growth.iter_mut().enumerate().skip(1) {
        *g = match shape {
            Shape::Noisy => base + uniform(rng, -0.8, 0.8),
            Shape::Seasonal if matches!(day(t).weekday(), Weekday::Sat | Weekday::Sun) => {
                base * weekend
            }
            _ => base,
        };
    }
    match shape {
        Shape::Glitch => {
            // One or two glitch days, never adjacent: two low days in a row are taken as the
            // hashtag's real new level (the suspect rule's confirmation), a different case.
            let first = eval(rng, 1, p.days - 4);
            let second = (rng.bool()).then(|| first + rng.usize(2..=3));
            for t in std::iter::once(first).chain(second) {
                let factor = if rng.bool() {
                    0.0
                } else {
                    uniform(rng, 0.05, 0.45)
                };
                glitches.push((t, factor));
            }
        }
        Shape::Purge => growth[eval(rng, 3, p.days - 3)] = -10.0,
        Shape::Jump | Shape::SmallJump => {
            let start = eval(rng, 3, p.days - 4);
            // The true count the day before, to size the margin on a rounded counter.
            let before: f64 = growth[1..start]
                .iter()
                .fold(videos0, |c, g| c * (1.0 + g / 100.0));
            let basis0 = if start >= videos_until {
                before * views_per_video
            } else {
                before
            };
            let margin = if shape == Shape::Jump {
                two_steps_pct(mode, basis0)
            } else {
                0.0
            };
            growth[start] = base + uniform(rng, 12.0, 35.0) + margin;
            events.push(Event {
                start,
                legit_until: start,
                max_lag: 0,
                resolvable: true,
            });
        }
        Shape::Ramp => {
            let start = eval(rng, 3, p.days - 10);
            let slope = uniform(rng, 2.0, 3.0);
            let len = rng.usize(4..=7);
            for (k, g) in growth.iter_mut().enumerate().skip(start) {
                *g = base + slope * ((k - start + 1).min(len)) as f64;
            }
            events.push(Event {
                start,
                legit_until: start,
                max_lag: RAMP_MAX_LAG,
                resolvable: true,
            });
        }
        _ => {}
    }
    // A breakout stays legitimate while growth stays well above the base, and a little after.
    for e in &mut events {
        let mut last = e.start;
        while last + 1 < total && growth[last + 1] >= base + EVENT_LIFT_PP {
            last += 1;
        }
        e.legit_until = (last + EVENT_GRACE_DAYS).min(total - 1);
    }

    let mut videos = videos0;
    let mut points = Vec::with_capacity(total);
    for (t, g) in growth.iter().enumerate() {
        videos *= 1.0 + g / 100.0;
        let glitch = glitches
            .iter()
            .find(|(d, _)| *d == t)
            .map_or(1.0, |(_, f)| *f);
        let shown_videos = videos * glitch;
        let shown_views = videos * views_per_video * glitch;
        points.push(Point::new(
            day(t),
            (t < videos_until).then(|| reading(mode, shown_videos)),
            Some(reading(mode, shown_views)),
        ));
    }
    for e in &mut events {
        let basis = |p: &Point| p.video_count.or(p.view_count);
        let (Some(before), Some(after)) = (
            basis(&points[e.start - 1]),
            basis(&points[e.start + e.max_lag]),
        ) else {
            continue;
        };
        let days = (e.max_lag + 1) as i64;
        e.resolvable = signals::per_day_growth_pct(before.high(), after.low(), days)
            .is_some_and(|g| g >= base + signals::BREAKOUT_MIN_PP);
    }
    Tag {
        points,
        true_growth: growth,
        events,
    }
}

/// One detector's verdicts on one tag: breakout-like and trending flags per day.
#[derive(Default, Clone)]
struct Verdicts {
    breakout: Vec<bool>,
    trending: Vec<bool>,
}

/// The stored count the naive detectors look at: the video count, or the views when the
/// video count is not reported; with which of the two it is.
fn stored_basis(p: &Point) -> Option<(bool, u64)> {
    match (p.video_count, p.view_count) {
        (Some(v), _) => Some((true, v.value)),
        (None, Some(w)) => Some((false, w.value)),
        _ => None,
    }
}

/// Raw day-over-day growth of the stored basis count (None across a basis switch or from 0).
fn raw_growth(points: &[Point]) -> Vec<Option<f64>> {
    let mut out = vec![None];
    for pair in points.windows(2) {
        let g = match (stored_basis(&pair[0]), stored_basis(&pair[1])) {
            (Some((k0, p)), Some((k1, c))) if k0 == k1 && p > 0 => {
                Some((c as f64 - p as f64) / p as f64 * 100.0)
            }
            _ => None,
        };
        out.push(g);
    }
    out
}

fn ours(tag: &Tag, p: &Params) -> Verdicts {
    let mut v = Verdicts::default();
    for t in 0..tag.points.len() {
        let from = t.saturating_sub(SIGNAL_WINDOW_DAYS);
        let s = signals::compute(&tag.points[from..=t], day(t));
        v.breakout.push(s.breakout);
        v.trending.push(signals::is_trending(&s, p.threshold));
    }
    v
}

fn seed_rule(tag: &Tag) -> Verdicts {
    let flags: Vec<bool> = raw_growth(&tag.points)
        .into_iter()
        .map(|g| g.is_some_and(|g| g > SEED_RULE_PCT))
        .collect();
    Verdicts {
        breakout: flags.clone(),
        trending: flags,
    }
}

fn z_score(tag: &Tag) -> Verdicts {
    let raw = raw_growth(&tag.points);
    let flags = (0..raw.len())
        .map(|t| {
            let Some(g) = raw[t] else { return false };
            let hist: Vec<f64> = raw[t.saturating_sub(Z_WINDOW)..t]
                .iter()
                .flatten()
                .copied()
                .collect();
            if hist.len() < Z_MIN_HISTORY {
                return false;
            }
            let n = hist.len() as f64;
            let mu = hist.iter().sum::<f64>() / n;
            let sigma = (hist.iter().map(|x| (x - mu).powi(2)).sum::<f64>() / n).sqrt();
            if sigma > 0.0 {
                (g - mu) / sigma >= Z_THRESHOLD
            } else {
                g > mu
            }
        })
        .collect();
    Verdicts {
        breakout: flags,
        trending: Vec::new(),
    }
}

/// Totals for one detector over the tags of one kind.
#[derive(Default, Clone)]
struct Score {
    lags: Vec<usize>,
    on_target: usize,
    missed: usize,
    /// Events the stored counts can show in time, and how many of them were on target.
    resolvable: usize,
    resolvable_on_target: usize,
    /// Lags of the events the counts could not show in time.
    unresolvable_lags: Vec<usize>,
    false_breakouts: usize,
    false_trending: usize,
    true_trending_days: usize,
    trending_hits: usize,
    /// False flags (breakout or trending) on a day the stored basis count moved by exactly
    /// one display step.
    false_on_rounding_step: usize,
}

/// Whether day `t`'s stored basis reading moved one display step from the day before.
fn one_rounding_step(points: &[Point], t: usize) -> bool {
    if t == 0 {
        return false;
    }
    let count = |p: &Point| p.video_count.or(p.view_count);
    match (count(&points[t - 1]), count(&points[t])) {
        (Some(a), Some(b)) if a.precision > 0 && a.precision == b.precision => {
            a.value.abs_diff(b.value) == 2 * a.precision
        }
        _ => false,
    }
}

fn score(score: &mut Score, tag: &Tag, v: &Verdicts, p: &Params) {
    let days = p.warmup..p.warmup + p.days;
    for e in &tag.events {
        score.resolvable += usize::from(e.resolvable);
        match (e.start..=e.legit_until).find(|&t| v.breakout[t]) {
            Some(t) => {
                let lag = t - e.start;
                score.lags.push(lag);
                if lag <= e.max_lag {
                    score.on_target += 1;
                    score.resolvable_on_target += usize::from(e.resolvable);
                }
                if !e.resolvable {
                    score.unresolvable_lags.push(lag);
                }
            }
            None => score.missed += 1,
        }
    }
    for t in days {
        let legit = tag
            .events
            .iter()
            .any(|e| (e.start..=e.legit_until).contains(&t));
        let false_bo = v.breakout[t] && !legit;
        let growth = tag.true_growth[t];
        let truly = growth > p.threshold + THRESHOLD_TOLERANCE_PP;
        let flagged = v.trending.get(t).copied().unwrap_or(false);
        let false_tr = flagged && growth <= p.threshold - THRESHOLD_TOLERANCE_PP;
        score.false_breakouts += usize::from(false_bo);
        score.false_trending += usize::from(false_tr);
        score.true_trending_days += usize::from(truly);
        score.trending_hits += usize::from(truly && flagged);
        if (false_bo || false_tr) && one_rounding_step(&tag.points, t) {
            score.false_on_rounding_step += 1;
        }
    }
}

#[derive(Default, Clone)]
struct KindResult {
    tags: usize,
    tag_days: usize,
    events: usize,
    ours: Score,
    seeds: Score,
    z: Score,
}

fn lag_cell(s: &Score, events: usize) -> String {
    if events == 0 {
        return "—".into();
    }
    let found = if s.lags.is_empty() {
        "—".to_string()
    } else {
        let mean = s.lags.iter().sum::<usize>() as f64 / s.lags.len() as f64;
        format!("{mean:.1}/{}", s.lags.iter().max().copied().unwrap_or(0))
    };
    format!("{found} ({} on target, {} missed)", s.on_target, s.missed)
}

fn per_day(n: usize, days: usize) -> String {
    if n == 0 {
        "0".into()
    } else {
        format!("{:.4} ({n})", n as f64 / days as f64)
    }
}

fn recall(s: &Score) -> String {
    if s.true_trending_days == 0 {
        "—".into()
    } else {
        format!(
            "{:.0}%",
            s.trending_hits as f64 / s.true_trending_days as f64 * 100.0
        )
    }
}

/// Prints, for a tag where the signals missed an event's target or raised a false flag, its
/// readings and signals day by day.
fn explain(mode: Mode, shape: Shape, tag: &Tag, v: &Verdicts, p: &Params) {
    let mut one = Score::default();
    score(&mut one, tag, v, p);
    let late = one.on_target < tag.events.len();
    if !late && one.false_breakouts == 0 && one.false_trending == 0 {
        return;
    }
    eprintln!(
        "--- {} {} events {:?} (false breakouts {}, false trending {})",
        mode.name(),
        shape.name(),
        tag.events
            .iter()
            .map(|e| (e.start, e.legit_until, e.resolvable))
            .collect::<Vec<_>>(),
        one.false_breakouts,
        one.false_trending
    );
    for t in p.warmup.saturating_sub(5)..tag.points.len() {
        let pt = &tag.points[t];
        let s = signals::compute(
            &tag.points[t.saturating_sub(SIGNAL_WINDOW_DAYS)..=t],
            day(t),
        );
        let f = |x: Option<f64>| x.map_or("—".to_string(), |x| format!("{x:.2}"));
        eprintln!(
            "{t:>3} true {:>6.2} videos {:>12} views {:>15} | g {:>7} low {:>7} high {:>7} mu {:>6} sd {:>6}{}{}",
            tag.true_growth[t],
            pt.video_count.map_or("—".into(), |c| c.value.to_string()),
            pt.view_count.map_or("—".into(), |c| c.value.to_string()),
            f(s.daily_growth_pct),
            f(s.daily_growth_low_pct),
            f(s.daily_growth_high_pct),
            f(s.baseline_mean_pct),
            f(s.baseline_std_pct),
            if v.breakout[t] { " BREAKOUT" } else { "" },
            if v.trending[t] { " trending" } else { "" },
        );
    }
}

fn main() -> ExitCode {
    let p = match Params::parse() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let mut rng = fastrand::Rng::with_seed(p.seed);

    let mut results: Vec<(Mode, Shape, KindResult)> = Vec::new();
    for mode in Mode::ALL {
        for shape in Shape::ALL.into_iter().filter(|s| s.applies_to(mode)) {
            let mut r = KindResult::default();
            for _ in 0..p.tags {
                let tag = generate(&mut rng, mode, shape, &p);
                r.tags += 1;
                r.tag_days += p.days;
                r.events += tag.events.len();
                let verdicts = ours(&tag, &p);
                if p.verbose {
                    explain(mode, shape, &tag, &verdicts, &p);
                }
                score(&mut r.ours, &tag, &verdicts, &p);
                score(&mut r.seeds, &tag, &seed_rule(&tag), &p);
                score(&mut r.z, &tag, &z_score(&tag), &p);
            }
            results.push((mode, shape, r));
        }
    }

    println!("# Signal evaluation\n");
    println!(
        "seed {} · {} tags per kind · {} evaluated days after {} days of history · threshold {} % · signals over a {}-day window (as `trends`)\n",
        p.seed, p.tags, p.days, p.warmup, p.threshold, SIGNAL_WINDOW_DAYS
    );
    println!("Parameters of the generator (true growth per day, in %):\n");
    println!(
        "- counts: exact 10K–50M videos; rounded 1M–4M videos at the start, shown as TikTok's legacy counters (one decimal of K/M/B, stored with their precision); views-only: rounded views 1B–200B, video count not reported from a day inside the history; views 300–3000 per video"
    );
    println!(
        "- steady U(0.2, 8) · noisy U(0.3, 4) ± U(0.8) a day · seasonal U(0.5, 3), × U(1.5, 2.5) on Saturdays and Sundays · glitch U(0.3, 3) with 1–2 non-adjacent days reading 0 (half of them) or U(5 %, 45 %) of the true count · purge U(0.3, 3) with one day at −10 %"
    );
    println!(
        "- jump: U(0.2, 1.5), one day at base + U(12, 35) pp + two display steps of the counter (0 when exact); small jump: the same without the two steps"
    );
    println!(
        "- ramp: U(0.2, 1.5), then base + U(2, 3) pp more each day for 4–7 days, then holding"
    );
    println!(
        "- a breakout is legitimate from an event's start while true growth stays ≥ base + {EVENT_LIFT_PP} pp, and {EVENT_GRACE_DAYS} days after; trending is legitimate when the day's true growth is above the threshold (days within {THRESHOLD_TOLERANCE_PP} pp of it are not judged)"
    );
    println!(
        "- naive detectors on the stored counts: the seeds' day-over-day growth > {SEED_RULE_PCT} % (as breakout and as trending); a plain z-score ≥ {Z_THRESHOLD} over the previous {Z_WINDOW} days' raw growth (≥ {Z_MIN_HISTORY} of them; σ = 0 flags any rise)"
    );
    println!(
        "- signals constants: breakout ≥ {} σ and ≥ {} pp over {} days (≥ {} rates), lower bound over the last {} days\n",
        signals::BREAKOUT_SIGMAS,
        signals::BREAKOUT_MIN_PP,
        signals::BREAKOUT_WINDOW_DAYS,
        signals::BREAKOUT_MIN_HISTORY,
        signals::LOW_BOUND_WINDOW_DAYS
    );
    println!(
        "Lag: mean/max days from the event's start to the first breakout flag (target: jump 0, ramp ≤ {RAMP_MAX_LAG}). False flags per tag-day (count)."
    );
    println!();
    println!(
        "| counts | shape | tags | events | lag: signals | lag: 5 % rule | lag: z-score | false breakout: signals | 5 % rule | z-score | false trending: signals | 5 % rule | trending recall: signals | 5 % rule |"
    );
    println!("|---|---|---:|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (mode, shape, r) in &results {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            mode.name(),
            shape.name(),
            r.tags,
            r.events,
            lag_cell(&r.ours, r.events),
            lag_cell(&r.seeds, r.events),
            lag_cell(&r.z, r.events),
            per_day(r.ours.false_breakouts, r.tag_days),
            per_day(r.seeds.false_breakouts, r.tag_days),
            per_day(r.z.false_breakouts, r.tag_days),
            per_day(r.ours.false_trending, r.tag_days),
            per_day(r.seeds.false_trending, r.tag_days),
            recall(&r.ours),
            recall(&r.seeds),
        );
    }

    // Totals over the judged kinds, per detector.
    let judged = || results.iter().filter(|(_, s, _)| *s != Shape::SmallJump);
    let sum = |f: &dyn Fn(&KindResult) -> usize| judged().map(|(_, _, r)| f(r)).sum::<usize>();
    let tag_days = sum(&|r| r.tag_days);
    println!();
    println!(
        "| all judged kinds | tag-days | false breakout | false trending | false flags on a one-step rounding change |"
    );
    println!("|---|---:|---:|---:|---:|");
    for (name, pick) in [
        (
            "signals",
            (|r: &KindResult| r.ours.clone()) as fn(&KindResult) -> Score,
        ),
        ("5 % rule", |r| r.seeds.clone()),
        ("z-score", |r| r.z.clone()),
    ] {
        let trending = if name == "z-score" {
            "— (no trending flag)".to_string()
        } else {
            per_day(sum(&|r| pick(r).false_trending), tag_days)
        };
        println!(
            "| {name} | {tag_days} | {} | {trending} | {} |",
            per_day(sum(&|r| pick(r).false_breakouts), tag_days),
            sum(&|r| pick(r).false_on_rounding_step),
        );
    }

    // The issue's acceptance checks, on the signals.
    let of_shape = |shape: Shape| -> Score {
        let mut total = Score::default();
        for (_, _, r) in judged().filter(|(_, s, _)| *s == shape) {
            total.on_target += r.ours.on_target;
            total.missed += r.ours.missed;
            total.resolvable += r.ours.resolvable;
            total.resolvable_on_target += r.ours.resolvable_on_target;
            total.lags.extend(&r.ours.lags);
            total.unresolvable_lags.extend(&r.ours.unresolvable_lags);
        }
        total
    };
    let jumps = of_shape(Shape::Jump);
    let ramps = of_shape(Shape::Ramp);
    let events = jumps.lags.len() + jumps.missed + ramps.lags.len() + ramps.missed;
    let missed = jumps.missed + ramps.missed;
    let rounding_false = sum(&|r| r.ours.false_on_rounding_step);
    let false_flags_rounded: usize = judged()
        .filter(|(m, _, _)| *m != Mode::Exact)
        .map(|(_, _, r)| r.ours.false_breakouts + r.ours.false_trending)
        .sum();
    let unresolvable = ramps.lags.len() + ramps.missed - ramps.resolvable;
    let checks = [
        (
            format!(
                "every jump flagged on its day: {} of {}",
                jumps.on_target,
                jumps.lags.len() + jumps.missed
            ),
            jumps.on_target == jumps.lags.len() + jumps.missed,
        ),
        (
            format!(
                "every ramp flagged within {RAMP_MAX_LAG} days: {} of {}, the others at lags {:?} (of the {} ramps whose readings, the day before and {RAMP_MAX_LAG} days after the start, guarantee the pre-ramp growth + {} pp: {} in time; the other {unresolvable} stay that close to rounding and came at lags {:?})",
                ramps.on_target,
                ramps.lags.len() + ramps.missed,
                ramps
                    .lags
                    .iter()
                    .filter(|&&l| l > RAMP_MAX_LAG)
                    .collect::<Vec<_>>(),
                ramps.resolvable,
                signals::BREAKOUT_MIN_PP,
                ramps.resolvable_on_target,
                ramps.unresolvable_lags,
            ),
            ramps.on_target == ramps.lags.len() + ramps.missed,
        ),
        (
            format!(
                "every event flagged while it lasts: {} of {events}",
                events - missed
            ),
            missed == 0,
        ),
        (
            format!("no false flag on a rounding step: {rounding_false}"),
            rounding_false == 0,
        ),
        (
            format!(
                "no false breakout or trending flag on rounded or views-only hashtags: {false_flags_rounded}"
            ),
            false_flags_rounded == 0,
        ),
    ];
    println!();
    println!("Acceptance (signals):\n");
    for (text, ok) in &checks {
        println!("- [{}] {text}", if *ok { "x" } else { " " });
    }
    if checks.iter().all(|(_, ok)| *ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
