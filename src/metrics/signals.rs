//! Trend signals for one hashtag on one day, computed from its stored daily snapshots.
//!
//! Everything here is plain arithmetic over a list of daily totals (video count and
//! view count per date), so every figure the tool prints can be checked by hand.
//! The rules, exactly (each constant's value is in parentheses):
//!
//! **Input.** A point is a date and two counts, videos and views. Each count is either
//! *not reported* or a value with a *precision*: the half-width of the interval the value
//! stands for. An exact count has precision 0. TikTok's legacy counters show one decimal of
//! K/M/B, so "1.2M" is stored as 1,200,000 with precision 50,000: it stands for anything from
//! 1,150,000 up to 1,250,000 ([`Count::display_rounded`]). Below, for a count `x` with
//! precision `e`, `x↓ = x − e` (not below 0) and `x↑ = x + e`; a count is *rounded* when
//! `e > 0`. The points are sorted by date; when a date occurs more than once, the last
//! occurrence wins. Signals are computed for one day `D`; points dated after `D` are
//! ignored, so a day's signals never change when newer data arrives. If there is no point
//! dated `D`, or it reports neither count, every signal is empty (no value / `false` / `0`).
//!
//! **Basis.** The signals run on the video counts when the point on `D` reports one, and
//! on the view counts otherwise (`basis`: `videos` | `views`), with the same rules: where
//! TikTok stops reporting a hashtag's video count, its views still carry growth, streak,
//! breakout and momentum.
//!
//! **Suspect points.** Walking the points in date order, each point is judged on its video
//! count, or on its view count when its video count is not reported (a point reporting
//! neither is never suspect). Remembering the count `L` of the same kind at the last
//! *clean* point that reported one, a count `v` is *suspect* when it drops to `v = 0` (from
//! `L > 0`) or below half, `v < L / 2`. The first count of each kind is clean (there is no
//! `L` yet). A low count confirmed by the next point judged on the same kind (within a
//! factor of two of it) is the hashtag's real new level: that next point is clean again. A
//! suspect point never provides `L`, and it is left out of every signal below: they all use
//! the *clean* points only. A count that is not reported is never a drop: the signals switch
//! basis instead. If the point on `D` is suspect, it is flagged and every other signal is
//! empty.
//!
//! **Series.** The *video series* is the clean points up to `D` that report a video count,
//! in date order; the *view series* likewise for views. Every rule below applies to either
//! series; the *basis series* is the one named by the basis. Two consecutive readings of a
//! series that are both rounded and show the same value are *flat*: the true count may have
//! grown inside the interval. A *flat run* is a longest chain of flat consecutive readings.
//!
//! **Daily growth** (`g`, in % per day). The rate from count `p` on day `a` to count `c` on
//! day `b` is `rate = ((c / p)^(1 / (b − a)) − 1) × 100` (no value when `p = 0`). Each
//! consecutive pair of readings, `p` on day `a` and `c` on day `b`, assigns a rate to the
//! days `(a, b]` — its *span* — in date order:
//! - normally the pair's own rate, so a gap of several days is spread evenly, as compound
//!   growth, over the days it covers; a flat pair assigns 0;
//! - when `c` ends a flat run — `p` and the readings before it back to day `r < a` all show
//!   the same rounded value — the step is spread like a gap over the days since the count
//!   last changed: the rate from `p` over `(r, b]` replaces the run's rates on those days,
//!   which become the span. Unless that spread rate lies outside the *day interval*
//!   `[rate from p↑ to c↓, rate from p↓ to c↑]` over `(a, b]` (the upper end is unbounded
//!   when `p↓ = 0`): then the step is more than growth inside the rounding can explain — a
//!   jump — and it keeps its own rate on `(a, b]`, the run keeping its zeros.
//!
//! Today's growth `g` is the rate assigned to `D`, its span the span that assigned it and
//! its *reference* the reading at the start of that span; `g` has no value when there is no
//! earlier reading. Video and view daily growth are computed the same way, each from its
//! own series (no value when the point on `D` does not report that count); `daily_growth_pct`
//! is the basis series' `g`.
//!
//! **Growth interval.** What the readings guarantee and allow for `g`: `low` is the rate
//! from the reference's `↑` to `c↓` over the span, never above `g`; `high` is the rate from
//! the reference's `↓` to `c↑` over the span (no value when unbounded), never below `g`.
//! For exact counts `low = high = g`. A single step of a rounded counter (1.5M to 1.6M)
//! guarantees no growth at all: its `low` is at most 0, and so is a flat day's.
//!
//! **Evidence.** A ramp on a rounded counter shows over a few readings before any single
//! day does. The evidence for `D` is today's span with its `low`, and every earlier reading
//! `q` of the series dated at most `LOW_BOUND_WINDOW_DAYS` (3) days before `D` with the rate
//! from `q↑` to `c↓` over the days from `q` to `D`, never above `g` (what those days
//! guarantee, and so today's growth as long as growth is not slowing). For exact counts no
//! piece of evidence guarantees more than `g = low`.
//!
//! `approximate` is true when any figure of either series rests on a rounded count.
//!
//! **New per day.** `(c − ref) / days of the span`, for the reference and today's reading,
//! rounded to the nearest whole number (halves away from zero); negative when the count fell.
//!
//! **7-day growth.** `(today − x) / x × 100`, where `x` is the series' reading dated exactly
//! `D − 7`; no value when there is no such reading or `x = 0`.
//!
//! **Earlier rates.** The basis series' rates assigned to days before `D` that lie before
//! today's span (a gap or a flat run ending today has no information of its own: its days
//! are today's figure).
//!
//! **Acceleration** (percentage points). `g − mean(earlier rates of days D−7 … D−1)`,
//! counting only the days that have a rate; no value when `g` has none or fewer than
//! `ACCEL_MIN_RATES` (3) of those days have a rate.
//!
//! **Streak.** The number of consecutive days ending on `D` whose assigned basis rate is
//! above 0. Every day of a span counts; a day without a rate ends the streak. It is 0 when
//! `g ≤ 0` or `g` has no value.
//!
//! **Breakout.** Each piece of evidence is judged against its own baseline: the earlier
//! rates of days `D−14 … D−1` dated no later than the reading it starts from (the days it
//! covers are what is judged, not history); at least `BREAKOUT_MIN_HISTORY` (3) are needed.
//! With their mean `μ` and population standard deviation `σ`, and `lift = guarantee − μ`,
//! the piece makes a breakout when `lift ≥ k × σ` with `k` = `BREAKOUT_SIGMAS` (3), and
//! `lift ≥` `BREAKOUT_MIN_PP` (2) percentage points, and the guarantee is above 0. Today is
//! a breakout when any piece makes one: judged on what the readings guarantee, so a rounding
//! step never is one. `recent_growth_low_pct` and the baseline shown (`baseline_mean_pct`,
//! `baseline_std_pct`; none without enough rates) are those of the breakout piece with the
//! greatest lift or, without a breakout, of the piece guaranteeing the most (today's span
//! on a tie). A steady grower, however fast, is never a breakout (`g ≈ μ`); a hashtag
//! jumping from ~0.3 %/day to ~12 %/day is, and so is a rounded counter leaping
//! 1.5M → 2.0M in a day.
//!
//! **Momentum** (the default ranking, "look at this first"):
//! `g + a × acceleration (0 when it has no value) + b if breakout`, with `a` =
//! `MOMENTUM_ACCEL_WEIGHT` (0.5) and `b` = `MOMENTUM_BREAKOUT_BONUS` (100); no value when `g`
//! has none.
//!
//! **Trending** ([`is_trending`]): not suspect and `low` strictly above the threshold.
//!
//! Values that are not finite numbers are never reported: they become "no value".

use crate::model::{Basis, Count, Point, Signals};
use chrono::{Days, NaiveDate};

// The tunable numbers are written once, here, as macros: the constants below and the
// `FORMULAS` text are both built from them, so the help text cannot drift from the code.
macro_rules! breakout_sigmas {
    () => {
        3.0
    };
}
macro_rules! breakout_min_pp {
    () => {
        2.0
    };
}
macro_rules! breakout_min_history {
    () => {
        3
    };
}
macro_rules! breakout_window_days {
    () => {
        14
    };
}
macro_rules! accel_window_days {
    () => {
        7
    };
}
macro_rules! accel_min_rates {
    () => {
        3
    };
}
macro_rules! growth_window_days {
    () => {
        7
    };
}
macro_rules! low_bound_window_days {
    () => {
        3
    };
}
macro_rules! momentum_accel_weight {
    () => {
        0.5
    };
}
macro_rules! momentum_breakout_bonus {
    () => {
        100.0
    };
}

/// How many standard deviations above the baseline mean today's guaranteed growth must be.
pub const BREAKOUT_SIGMAS: f64 = breakout_sigmas!();
/// Minimum lift over the baseline mean, in percentage points, so that a near-zero
/// σ (a perfectly steady grower) cannot turn noise into a breakout.
pub const BREAKOUT_MIN_PP: f64 = breakout_min_pp!();
/// Fewer baseline rates than this make σ meaningless: no breakout.
pub const BREAKOUT_MIN_HISTORY: usize = breakout_min_history!();
/// How much acceleration counts towards momentum relative to today's growth.
pub const MOMENTUM_ACCEL_WEIGHT: f64 = momentum_accel_weight!();
/// Added to momentum on a breakout so that a breakout ranks above any steady grower short
/// of one doubling every day: catching breakouts early is what the ranking is for.
pub const MOMENTUM_BREAKOUT_BONUS: f64 = momentum_breakout_bonus!();
/// How far back (days before `D`) the recent guaranteed growth looks for the reading that
/// guarantees the most: a ramp shows over a few rounded readings before any single day does.
pub const LOW_BOUND_WINDOW_DAYS: u64 = low_bound_window_days!();
/// Days before `D` that acceleration compares today's growth with.
pub const ACCEL_WINDOW_DAYS: u64 = accel_window_days!();
/// Below this many rates in the window, the mean is too noisy to compare with.
pub const ACCEL_MIN_RATES: usize = accel_min_rates!();
/// Days before `D` that form the breakout baseline.
pub const BREAKOUT_WINDOW_DAYS: u64 = breakout_window_days!();
/// Distance of the reference point for the week-over-week figures.
pub const GROWTH_WINDOW_DAYS: u64 = growth_window_days!();

/// The formulas, for `tracker trends --help` (the module doc above has the full rules).
pub const FORMULAS: &str = concat!(
    "\
Signals (per hashtag, for the chosen date D). They run on the video count, or on the view
count when TikTok does not report the video count (`basis`: videos | views). A count that
drops to 0 or below half the previous clean count is marked `suspect` and kept out of every
signal. A rounded count (\"1.2M\": anything from 1,150,000 to 1,249,999) is an interval, and
every figure built on one is `approximate`.
  video_growth_pct     (videos - prev) / prev x 100 against the previous snapshot
  daily growth g       ((c / p)^(1 / days) - 1) x 100: a gap between snapshots is spread per
                       day; a step of a rounded count after flat days is spread over the days
                       since it last changed, unless it is more than rounding explains (a jump)
  daily_growth_low_pct the growth g's readings guarantee (with the interval ends that make it
                       smallest); daily_growth_high_pct the most they allow
  recent_growth_low_pct what breakout was judged on: daily_growth_low_pct, or the growth per
                       day the readings of the last ",
    low_bound_window_days!(),
    " days guarantee (at most g)
  new_videos/new_views (c - p) / days: absolute increase per day (velocity)
  growth_7d_pct        growth against the snapshot exactly ",
    growth_window_days!(),
    " days earlier
  acceleration_pp      g - mean(daily growth of D-",
    accel_window_days!(),
    " .. D-1 before g's days), needs ",
    accel_min_rates!(),
    "+ of them
  streak               consecutive days, ending on D, with a rising count
  breakout             recent_growth_low_pct - mean >= ",
    breakout_sigmas!(),
    " x std-dev AND >= ",
    breakout_min_pp!(),
    " pp over the
                       baseline of D-",
    breakout_window_days!(),
    " .. D-1 up to the readings it rests on (needs ",
    breakout_min_history!(),
    "+
                       rates): a steady grower never is a breakout, nor is a rounding step
  momentum             g + ",
    momentum_accel_weight!(),
    " x acceleration_pp + ",
    momentum_breakout_bonus!(),
    " if breakout (default ranking:
                       breakouts first, then by growth and acceleration)
  trending             daily_growth_low_pct above --threshold (never on a suspect day, nor on
                       the day after one: its growth is the recovery from the glitch)"
);

/// Trending: not suspect, and the growth the readings guarantee (the lower bound) strictly
/// above the threshold, in percent per day. A rounding step is never trending.
pub fn is_trending(signals: &Signals, threshold_pct: f64) -> bool {
    !signals.suspect
        && signals
            .daily_growth_low_pct
            .is_some_and(|low| low > threshold_pct)
}

/// `series`: the hashtag's stored points in ascending date order (may contain gaps;
/// unsorted or duplicated input is sorted and deduplicated by date, keeping the last).
/// Signals are computed for the point dated `date`; if there is no point on `date`, every
/// signal is empty.
pub fn compute(series: &[Point], date: NaiveDate) -> Signals {
    let points = normalize(series);
    let flags = flags_for_sorted(&points);
    let Ok(today_idx) = points.binary_search_by_key(&date, |p| p.date) else {
        return Signals::empty(false);
    };
    let today = points[today_idx];
    let basis = if today.video_count.is_some() {
        Basis::Videos
    } else if today.view_count.is_some() {
        Basis::Views
    } else {
        return Signals::empty(false);
    };
    if flags.get(today_idx).copied().unwrap_or(true) {
        return Signals {
            basis,
            ..Signals::empty(true)
        };
    }

    // Clean points up to and including today.
    let clean: Vec<Point> = points[..=today_idx]
        .iter()
        .zip(&flags)
        .filter(|(_, suspect)| !**suspect)
        .map(|(p, _)| *p)
        .collect();
    let videos = SeriesSignals::of(&clean, Basis::Videos, date);
    let views = SeriesSignals::of(&clean, Basis::Views, date);
    let Some(main) = (match basis {
        Basis::Videos => videos.as_ref(),
        Basis::Views => views.as_ref(),
    }) else {
        return Signals::empty(false);
    };

    let g = main.today.rate;
    let acceleration_pp = g.and_then(|g| {
        let rates = main.earlier_rates(date, ACCEL_WINDOW_DAYS);
        if rates.len() < ACCEL_MIN_RATES {
            return None;
        }
        finite(g - mean(&rates)?)
    });

    // Each piece of evidence is judged against the baseline before it; the one shown is
    // the breakout with the greatest lift or, without one, the greatest guarantee.
    let judged: Vec<Judgement> = main
        .today
        .evidence
        .iter()
        .map(|e| main.judge(e, date))
        .collect();
    let shown = judged
        .iter()
        .filter(|j| j.breakout)
        .max_by(|a, b| a.lift().total_cmp(&b.lift()))
        .or_else(|| {
            // The first (today's span) wins ties: it keeps the most baseline.
            judged
                .iter()
                .rev()
                .max_by(|a, b| a.guaranteed.total_cmp(&b.guaranteed))
        });
    let breakout = shown.is_some_and(|j| j.breakout);
    let recent_low = shown.map(|j| j.guaranteed);
    let (baseline_mean_pct, baseline_std_pct) = shown
        .and_then(|j| j.baseline)
        .map_or((None, None), |(m, s)| (Some(m), Some(s)));

    let momentum = g.and_then(|g| {
        let bonus = if breakout {
            MOMENTUM_BREAKOUT_BONUS
        } else {
            0.0
        };
        finite(g + MOMENTUM_ACCEL_WEIGHT * acceleration_pp.unwrap_or(0.0) + bonus)
    });

    let approximate = main.rests_on_rounding(date, true)
        || [videos.as_ref(), views.as_ref()]
            .into_iter()
            .flatten()
            .any(|s| s.rests_on_rounding(date, false));

    Signals {
        suspect: false,
        basis,
        approximate,
        daily_growth_pct: g,
        daily_growth_low_pct: main.today.low,
        daily_growth_high_pct: main.today.high,
        recent_growth_low_pct: recent_low,
        daily_video_growth_pct: videos.as_ref().and_then(|s| s.today.rate),
        daily_view_growth_pct: views.as_ref().and_then(|s| s.today.rate),
        new_videos: videos.as_ref().and_then(|s| s.today.per_day),
        new_views: views.as_ref().and_then(|s| s.today.per_day),
        growth_7d_pct: main.growth_7d,
        video_growth_7d_pct: videos.as_ref().and_then(|s| s.growth_7d),
        view_growth_7d_pct: views.as_ref().and_then(|s| s.growth_7d),
        acceleration_pp,
        streak: main.streak(),
        breakout,
        baseline_mean_pct,
        baseline_std_pct,
        momentum,
    }
}

/// Marks which points are suspect, in the order of the series after sorting and
/// deduplicating by date (the same cleanup `compute` applies), so for sorted input with
/// one point per date — what the store returns — it lines up with the input.
/// Exposed for `history`.
pub fn suspect_flags(series: &[Point]) -> Vec<bool> {
    flags_for_sorted(&normalize(series))
}

/// Per-day compound growth in percent from `prev` to `curr` over `days` days:
/// `((curr/prev)^(1/days) - 1) * 100`. None when prev == 0 or days <= 0.
pub fn per_day_growth_pct(prev: u64, curr: u64, days: i64) -> Option<f64> {
    if prev == 0 || days <= 0 {
        return None;
    }
    // Work on the relative change rather than the ratio: with counts in the billions a
    // one-video change would otherwise drown in rounding of `curr / prev`.
    let change = (i128::from(curr) - i128::from(prev)) as f64 / prev as f64;
    let rate = if days == 1 {
        change
    } else {
        (change.ln_1p() / days as f64).exp_m1()
    };
    finite(rate * 100.0)
}

/// One clean count of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Reading {
    date: NaiveDate,
    count: Count,
}

/// The days `(start, end]` that share one daily rate, and the index of the reading on
/// `start` it is measured from.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Span {
    start: NaiveDate,
    end: NaiveDate,
    rate: Option<f64>,
    from: usize,
}

/// Today's growth figure of one series.
#[derive(Debug, Clone, PartialEq, Default)]
struct Figure {
    rate: Option<f64>,
    low: Option<f64>,
    /// What the breakout test may rest on: today's span with `low`, then each reading of
    /// the last `LOW_BOUND_WINDOW_DAYS` days with what it guarantees.
    evidence: Vec<Evidence>,
    high: Option<f64>,
    per_day: Option<i64>,
    /// Index of the reading the figure is measured from.
    from: Option<usize>,
}

/// Growth per day the readings guarantee from reading `from` to today.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Evidence {
    guaranteed: f64,
    /// Index of the reading the evidence starts from.
    from: usize,
}

/// One piece of evidence judged against the baseline of the days before it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Judgement {
    guaranteed: f64,
    /// Mean and standard deviation of the baseline, when it has enough rates.
    baseline: Option<(f64, f64)>,
    breakout: bool,
}

impl Judgement {
    fn lift(&self) -> f64 {
        self.baseline
            .map_or(f64::NEG_INFINITY, |(mu, _)| self.guaranteed - mu)
    }
}

/// One series (videos or views) up to today, with its rates assigned to days.
#[derive(Debug)]
struct SeriesSignals {
    readings: Vec<Reading>,
    /// Tiles the days from the first reading to today without holes.
    spans: Vec<Span>,
    today: Figure,
    growth_7d: Option<f64>,
    /// Index of the reading dated exactly `D − 7`, if any.
    week_ago: Option<usize>,
}

impl SeriesSignals {
    /// The series of `kind` in `clean` (sorted, unique dates, ending on `date`); None when
    /// the point on `date` does not report that count.
    fn of(clean: &[Point], kind: Basis, date: NaiveDate) -> Option<Self> {
        let readings: Vec<Reading> = clean
            .iter()
            .filter_map(|p| {
                p.count(kind).map(|count| Reading {
                    date: p.date,
                    count,
                })
            })
            .collect();
        let today = *readings.last().filter(|r| r.date == date)?;
        let spans = assign_rates(&readings);
        let figure = today_figure(&readings, &spans);
        let week_ago = date
            .checked_sub_days(Days::new(GROWTH_WINDOW_DAYS))
            .and_then(|d| readings.binary_search_by_key(&d, |r| r.date).ok());
        let growth_7d = week_ago
            .and_then(|i| readings.get(i))
            .and_then(|x| pct_change(x.count.value, today.count.value));
        Some(SeriesSignals {
            readings,
            spans,
            today: figure,
            growth_7d,
            week_ago,
        })
    }

    /// The first day of today's span: days after it are today's figure, not history.
    fn today_span_start(&self) -> Option<NaiveDate> {
        self.spans.last().map(|s| s.start)
    }

    /// The rates assigned to the `window` days just before `date` that lie before today's
    /// span, skipping days without one.
    fn earlier_rates(&self, date: NaiveDate, window: u64) -> Vec<f64> {
        self.rates_until(date, window, self.today_span_start().unwrap_or(date))
    }

    /// Judges one piece of evidence: against the baseline of the rates of days D−14 … D−1
    /// dated no later than its start (nor than today's span's).
    fn judge(&self, evidence: &Evidence, date: NaiveDate) -> Judgement {
        let span = self.today_span_start().unwrap_or(date);
        let start = self.readings[evidence.from].date;
        let rates = self.rates_until(date, BREAKOUT_WINDOW_DAYS, span.min(start));
        let baseline = if rates.len() >= BREAKOUT_MIN_HISTORY {
            mean(&rates).zip(std_dev(&rates))
        } else {
            None
        };
        let low = evidence.guaranteed;
        let breakout = baseline.is_some_and(|(mu, sigma)| {
            let lift = low - mu;
            lift >= BREAKOUT_SIGMAS * sigma && lift >= BREAKOUT_MIN_PP && low > 0.0
        });
        Judgement {
            guaranteed: low,
            baseline,
            breakout,
        }
    }

    /// The rates of the `window` days before `date` dated up to `limit`.
    fn rates_until(&self, date: NaiveDate, window: u64, limit: NaiveDate) -> Vec<f64> {
        (1..=window)
            .filter_map(|k| date.checked_sub_days(Days::new(k)))
            .filter(|day| *day <= limit)
            .filter_map(|day| rate_on(&self.spans, day))
            .collect()
    }

    /// Consecutive days of positive growth ending today. Spans tile the days from the first
    /// reading onward without holes, so walking them backwards and adding their lengths
    /// counts exactly those days.
    fn streak(&self) -> u32 {
        let mut total: u32 = 0;
        for span in self.spans.iter().rev() {
            match span.rate {
                Some(rate) if rate > 0.0 => {
                    let days =
                        u32::try_from(days_between(span.start, span.end)).unwrap_or(u32::MAX);
                    total = total.saturating_add(days);
                }
                _ => break,
            }
        }
        total
    }

    /// Whether a figure of this series shown for `date` rests on a rounded reading: today's,
    /// its reference, the week-ago one and, with `history`, the readings the baseline and
    /// acceleration rates were computed from.
    fn rests_on_rounding(&self, date: NaiveDate, history: bool) -> bool {
        let last = self.readings.len().saturating_sub(1);
        let mut first = [self.today.from, self.week_ago]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(last);
        if history {
            let window_start = date
                .checked_sub_days(Days::new(BREAKOUT_WINDOW_DAYS))
                .unwrap_or(NaiveDate::MIN);
            let covering = self.spans.partition_point(|s| s.end < window_start);
            if let Some(span) = self.spans.get(covering) {
                first = first.min(span.from);
            }
        }
        self.readings
            .get(first..)
            .is_some_and(|rs| rs.iter().any(|r| !r.count.is_exact()))
    }
}

/// Assigns a daily rate to every day from the first reading to the last, by the rules of
/// the module docs (pairs, gaps spread, flat runs spread unless the step is a jump).
fn assign_rates(readings: &[Reading]) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::with_capacity(readings.len().saturating_sub(1));
    // Index of the first reading of the flat run that ends at the previous reading.
    let mut run_start = 0;
    for (i, pair) in readings.windows(2).enumerate() {
        let [p, c] = pair else { break };
        let own = Span {
            start: p.date,
            end: c.date,
            rate: rate_between(p.count.value, c.count.value, p.date, c.date),
            from: i,
        };
        let flat = p.count.value == c.count.value && !p.count.is_exact() && !c.count.is_exact();
        let run_len = i - run_start;
        if !flat && run_len > 0 {
            let s = readings[run_start];
            let spread = rate_between(s.count.value, c.count.value, s.date, c.date);
            let (low, high) = day_interval(p, c);
            let explained = spread.is_some_and(|r| {
                low.is_none_or(|low| r >= low) && high.is_none_or(|high| r <= high)
            });
            if explained {
                // The run's flat days (one span per flat pair) take the spread rate.
                spans.truncate(spans.len() - run_len);
                spans.push(Span {
                    start: s.date,
                    end: c.date,
                    rate: spread,
                    from: run_start,
                });
            } else {
                spans.push(own);
            }
        } else {
            spans.push(own);
        }
        if !flat {
            run_start = i + 1;
        }
    }
    spans
}

/// `[rate from p↑ to c↓, rate from p↓ to c↑]` over the days from `p` to `c`: the daily
/// growth the two readings allow. An end is None when it has no value (unbounded above).
fn day_interval(p: &Reading, c: &Reading) -> (Option<f64>, Option<f64>) {
    (
        rate_between(p.count.high(), c.count.low(), p.date, c.date),
        rate_between(p.count.low(), c.count.high(), p.date, c.date),
    )
}

/// Today's figure of a series whose last reading is today.
fn today_figure(readings: &[Reading], spans: &[Span]) -> Figure {
    let (Some(span), Some(today)) = (spans.last(), readings.last()) else {
        return Figure::default();
    };
    let reference = readings[span.from];
    let rate = span.rate;
    let guaranteed =
        |q: &Reading| rate_between(q.count.high(), today.count.low(), q.date, today.date);
    let high = rate.and_then(|g| {
        rate_between(
            reference.count.low(),
            today.count.high(),
            reference.date,
            today.date,
        )
        .map(|h| h.max(g))
    });
    let low = rate.and_then(|g| guaranteed(&reference).map(|low| low.min(g)));

    // The recent readings may guarantee more than the span does: a ramp shows over a few
    // rounded readings before any single one does.
    let window_start = today
        .date
        .checked_sub_days(Days::new(LOW_BOUND_WINDOW_DAYS))
        .unwrap_or(NaiveDate::MIN);
    let last = readings.len() - 1;
    let recent: Vec<(f64, usize)> = (0..last)
        .rev()
        .take_while(|&k| readings[k].date >= window_start)
        .filter_map(|k| guaranteed(&readings[k]).map(|low| (low, k)))
        .collect();
    let mut evidence: Vec<Evidence> = low
        .map(|low| Evidence {
            guaranteed: low,
            from: span.from,
        })
        .into_iter()
        .collect();
    if let Some(g) = rate {
        evidence.extend(recent.into_iter().map(|(guaranteed, from)| Evidence {
            guaranteed: guaranteed.min(g),
            from,
        }));
    }
    Figure {
        rate,
        low,
        evidence,
        high,
        per_day: per_day_delta(
            reference.count.value,
            today.count.value,
            days_between(reference.date, today.date),
        ),
        from: Some(span.from),
    }
}

/// Sorts by date and keeps the last point of each date, so callers may pass anything.
fn normalize(series: &[Point]) -> Vec<Point> {
    let mut points = series.to_vec();
    // Stable sort: points sharing a date stay in input order, so "last" means last given.
    points.sort_by_key(|p| p.date);
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for p in points {
        match out.last_mut() {
            Some(last) if last.date == p.date => *last = p,
            _ => out.push(p),
        }
    }
    out
}

/// What the suspect rule remembers about one kind of count.
#[derive(Debug, Default)]
struct LastSeen {
    clean: Option<u64>,
    suspect: Option<u64>,
}

impl LastSeen {
    fn judge(&self, value: u64) -> bool {
        is_suspect(value, self.clean, self.suspect)
    }
}

/// Suspect flags for an already sorted, deduplicated series.
fn flags_for_sorted(points: &[Point]) -> Vec<bool> {
    let mut videos = LastSeen::default();
    let mut views = LastSeen::default();
    points
        .iter()
        .map(|p| {
            // Judged on the video count; on the view count when videos are not reported.
            let (judged, count) = match (p.video_count, p.view_count) {
                (Some(c), _) => (&mut videos, c),
                (None, Some(c)) => (&mut views, c),
                (None, None) => return false,
            };
            let suspect = judged.judge(count.value);
            if suspect {
                judged.suspect = Some(count.value);
            } else {
                for (seen, count) in [(&mut videos, p.video_count), (&mut views, p.view_count)] {
                    if let Some(c) = count {
                        seen.clean = Some(c.value);
                        seen.suspect = None;
                    }
                }
            }
            suspect
        })
        .collect()
}

/// A drop to zero or below half of the last clean count is far likelier to be an API glitch
/// than a real day, and would poison every rate around it. A low count that the next day
/// confirms (within a factor of two of it) is taken as the hashtag's real new level, so a
/// genuine fall is not hidden for ever.
fn is_suspect(count: u64, last_clean: Option<u64>, last_suspect: Option<u64>) -> bool {
    let Some(last) = last_clean else {
        return false;
    };
    if count == 0 {
        return last > 0;
    }
    // u128 so the comparisons cannot overflow; `2v < L` is exactly `v < L/2`.
    let (v, l) = (u128::from(count), u128::from(last));
    if v * 2 >= l {
        return false;
    }
    match last_suspect {
        Some(s) if s > 0 => {
            let s = u128::from(s);
            !(v * 2 >= s && v <= s * 2)
        }
        _ => true,
    }
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    b.signed_duration_since(a).num_days()
}

/// The daily rate from `prev` on day `a` to `curr` on day `b`.
fn rate_between(prev: u64, curr: u64, a: NaiveDate, b: NaiveDate) -> Option<f64> {
    per_day_growth_pct(prev, curr, days_between(a, b))
}

/// The rate assigned to `day`: that of the span `(start, end]` containing it.
fn rate_on(spans: &[Span], day: NaiveDate) -> Option<f64> {
    let idx = spans.partition_point(|s| s.end < day);
    spans
        .get(idx)
        .filter(|s| s.start < day)
        .and_then(|s| s.rate)
}
/// `(curr - prev) / days` rounded to nearest, halves away from zero. Done in integers so
/// it stays exact for any u64 counts; None when it does not fit an i64.
fn per_day_delta(prev: u64, curr: u64, days: i64) -> Option<i64> {
    if days <= 0 {
        return None;
    }
    let diff = i128::from(curr) - i128::from(prev);
    let days = i128::from(days);
    let mut quotient = diff / days;
    let remainder = diff % days;
    if remainder.abs() * 2 >= days {
        quotient += diff.signum();
    }
    i64::try_from(quotient).ok()
}

/// Plain percentage change; None when there is nothing to divide by.
fn pct_change(from: u64, to: u64) -> Option<f64> {
    if from == 0 {
        return None;
    }
    finite((i128::from(to) - i128::from(from)) as f64 / from as f64 * 100.0)
}

fn mean(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    finite(xs.iter().sum::<f64>() / xs.len() as f64)
}

/// Population standard deviation: the baseline is all the history we judge by, not a
/// sample of a larger one.
fn std_dev(xs: &[f64]) -> Option<f64> {
    let mu = mean(xs)?;
    let var = mean(&xs.iter().map(|x| (x - mu) * (x - mu)).collect::<Vec<_>>())?;
    finite(var.sqrt())
}

/// Keeps NaN and infinities from ever reaching output.
fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 1)
            .unwrap()
            .checked_add_days(Days::new(n))
            .unwrap()
    }

    fn pt(n: u64, videos: u64, views: u64) -> Point {
        Point::exact(day(n), videos, views)
    }

    /// Consecutive daily points with the given video counts; views are 10× videos.
    fn daily(videos: &[u64]) -> Vec<Point> {
        videos
            .iter()
            .enumerate()
            .map(|(i, &v)| pt(i as u64, v, v.saturating_mul(10)))
            .collect()
    }

    /// `days + 1` daily points growing at `pct` %/day, rounded to whole counts.
    fn geometric(start: f64, pct: f64, days: usize) -> Vec<Point> {
        let counts: Vec<u64> = (0..=days)
            .map(|i| (start * (1.0 + pct / 100.0).powi(i as i32)).round() as u64)
            .collect();
        daily(&counts)
    }

    #[track_caller]
    fn assert_close(actual: Option<f64>, expected: f64, tol: f64) {
        let a = actual.expect("expected a value, got None");
        assert!(
            (a - expected).abs() <= tol,
            "expected {expected} ± {tol}, got {a}"
        );
    }

    // ---- per_day_growth_pct -------------------------------------------------------

    #[test]
    fn per_day_growth_simple_and_compound() {
        assert_close(per_day_growth_pct(1000, 1100, 1), 10.0, 1e-12);
        assert_close(per_day_growth_pct(1000, 900, 1), -10.0, 1e-12);
        // 1000 · 1.1³ = 1331: 10 %/day over a 3-day gap.
        assert_close(per_day_growth_pct(1000, 1331, 3), 10.0, 1e-12);
        // 1000 → 4000 over 2 days is doubling each day.
        assert_close(per_day_growth_pct(1000, 4000, 2), 100.0, 1e-12);
        assert_close(per_day_growth_pct(500, 500, 4), 0.0, 0.0);
    }

    #[test]
    fn per_day_growth_edge_cases() {
        assert_eq!(per_day_growth_pct(0, 100, 1), None);
        assert_eq!(per_day_growth_pct(100, 100, 0), None);
        assert_eq!(per_day_growth_pct(100, 100, -3), None);
        assert_close(per_day_growth_pct(100, 0, 1), -100.0, 0.0);
        assert_close(per_day_growth_pct(100, 0, 5), -100.0, 0.0);
        // Extremes stay finite.
        assert!(per_day_growth_pct(1, u64::MAX, 1).is_some_and(f64::is_finite));
        assert!(per_day_growth_pct(u64::MAX, 1, 1).is_some_and(f64::is_finite));
        assert!(per_day_growth_pct(1, u64::MAX, i64::MAX).is_some_and(f64::is_finite));
        // One video on three billion is still visible.
        assert_close(
            per_day_growth_pct(3_000_000_000, 3_000_000_001, 1),
            100.0 / 3e9,
            1e-20,
        );
    }

    #[test]
    fn per_day_delta_rounds_half_away_from_zero() {
        assert_eq!(per_day_delta(1000, 1003, 2), Some(2)); // 1.5
        assert_eq!(per_day_delta(1000, 997, 2), Some(-2)); // -1.5
        assert_eq!(per_day_delta(1000, 1004, 3), Some(1)); // 1.33
        assert_eq!(per_day_delta(1000, 1005, 3), Some(2)); // 1.67
        assert_eq!(per_day_delta(1000, 1000, 3), Some(0));
        assert_eq!(per_day_delta(1000, 1005, 0), None);
        assert_eq!(per_day_delta(0, u64::MAX, 1), None); // does not fit i64
        // (2^64 − 1) / 2 = 2^63 − 0.5 rounds up to 2^63: one past i64::MAX.
        assert_eq!(per_day_delta(0, u64::MAX, 2), None);
        assert_eq!(
            per_day_delta(0, u64::MAX, 3),
            Some(6_148_914_691_236_517_205)
        );
        assert_eq!(
            per_day_delta(u64::MAX, 0, 3),
            Some(-6_148_914_691_236_517_205)
        );
    }

    // ---- steady growth never breaks out ------------------------------------------

    #[test]
    fn steady_growers_never_break_out() {
        for pct in [5.0, 30.0] {
            let series = geometric(1_000_000.0, pct, 20);
            for (i, p) in series.iter().enumerate() {
                let s = compute(&series, p.date);
                assert!(!s.suspect, "{pct}% day {i}");
                assert!(!s.breakout, "{pct}% day {i} must not be a breakout");
                if i == 0 {
                    assert_eq!(s.daily_video_growth_pct, None);
                    assert_eq!(s.momentum, None);
                } else {
                    assert_close(s.daily_video_growth_pct, pct, 1e-3);
                    assert_close(s.daily_view_growth_pct, pct, 1e-3);
                    assert_eq!(s.streak, i as u32);
                }
                if i > BREAKOUT_MIN_HISTORY {
                    assert_close(s.baseline_mean_pct, pct, 1e-3);
                    assert_close(s.baseline_std_pct, 0.0, 1e-3);
                }
                if i >= 4 {
                    // Steady: no acceleration, so momentum is just the growth.
                    assert_close(s.acceleration_pp, 0.0, 1e-3);
                    assert_close(s.momentum, pct, 1e-3);
                }
            }
        }
    }

    // ---- the jump from 0.3 %/day to 12 %/day ------------------------------------

    #[test]
    fn jump_from_slow_to_fast_is_a_breakout_on_the_jump_day_only() {
        let mut series = geometric(10_000_000.0, 0.3, 10); // days 0..=10
        let last = series.last().unwrap().video_count.unwrap().value;
        let jumped = (last as f64 * 1.12).round() as u64;
        series.push(pt(11, jumped, jumped * 10));

        for n in 0..=10 {
            let s = compute(&series, day(n));
            assert!(!s.breakout, "day {n} is before the jump");
            if n >= 1 {
                assert_close(s.daily_video_growth_pct, 0.3, 1e-4);
            }
            // Days 1..=3 have fewer than 4 earlier rates.
            if n <= BREAKOUT_MIN_HISTORY as u64 {
                assert_eq!(s.baseline_mean_pct, None, "day {n}");
                assert_eq!(s.baseline_std_pct, None, "day {n}");
            } else {
                assert_close(s.baseline_mean_pct, 0.3, 1e-4);
            }
        }

        let s = compute(&series, day(11));
        assert!(s.breakout);
        assert_close(s.daily_video_growth_pct, 12.0, 1e-4);
        // 12 − mean(0.3 × 7) = 11.7
        assert_close(s.acceleration_pp, 11.7, 1e-3);
        assert_close(s.baseline_mean_pct, 0.3, 1e-4);
        assert_close(s.baseline_std_pct, 0.0, 1e-4);
        // 12 + 0.5 × 11.7 + 100 = 117.85
        assert_close(s.momentum, 117.85, 1e-3);
        assert_eq!(s.streak, 11);
    }

    // ---- breakout thresholds with exact numbers ----------------------------------

    #[test]
    fn breakout_needs_three_sigma() {
        // Rates on days 1..=4: 0, 4, 0, 4 %  →  μ = 2, σ = 2, so 3σ = 6 pp.
        let base = [10_000_000, 10_000_000, 10_400_000, 10_400_000, 10_816_000];
        // Day 5 at +8.1 %: lift 6.1 ≥ 6 → breakout.
        let mut up = base.to_vec();
        up.push(11_692_096);
        let s = compute(&daily(&up), day(5));
        assert_close(s.baseline_mean_pct, 2.0, 1e-9);
        assert_close(s.baseline_std_pct, 2.0, 1e-9);
        assert_close(s.daily_video_growth_pct, 8.1, 1e-9);
        assert!(s.breakout);
        // Acceleration over days -2..=4 uses the same four rates: 8.1 − 2 = 6.1.
        assert_close(s.acceleration_pp, 6.1, 1e-9);
        // 8.1 + 0.5 × 6.1 + 100 = 111.15
        assert_close(s.momentum, 111.15, 1e-9);

        // Day 5 at +7.9 %: lift 5.9 is above 2 pp but below 3σ → no breakout.
        let mut up = base.to_vec();
        up.push(11_670_464);
        let s = compute(&daily(&up), day(5));
        assert_close(s.daily_video_growth_pct, 7.9, 1e-9);
        assert!(!s.breakout);
        // 7.9 + 0.5 × 5.9 = 10.85
        assert_close(s.momentum, 10.85, 1e-9);
    }

    #[test]
    fn breakout_needs_two_percentage_points() {
        // Rates on days 1..=4: 1, 2, 1, 2 %  →  μ = 1.5, σ = 0.5, 3σ = 1.5 pp.
        let base = [
            100_000_000_000,
            101_000_000_000,
            103_020_000_000,
            104_050_200_000,
            106_131_204_000,
        ];
        // +3.6 %: lift 2.1 → breakout.
        let mut up = base.to_vec();
        up.push(109_951_927_344);
        let s = compute(&daily(&up), day(5));
        assert_close(s.baseline_mean_pct, 1.5, 1e-9);
        assert_close(s.baseline_std_pct, 0.5, 1e-9);
        assert_close(s.daily_video_growth_pct, 3.6, 1e-9);
        assert!(s.breakout);

        // +3.4 %: lift 1.9 clears 3σ but not 2 pp → no breakout.
        let mut up = base.to_vec();
        up.push(109_739_664_936);
        let s = compute(&daily(&up), day(5));
        assert_close(s.daily_video_growth_pct, 3.4, 1e-9);
        assert!(!s.breakout);
    }

    #[test]
    fn shrinking_less_fast_is_not_a_breakout() {
        // −10 %/day for 4 days, then −5 %: lift 5 pp, σ = 0, but g ≤ 0.
        let series = daily(&[1_000_000, 900_000, 810_000, 729_000, 656_100, 623_295]);
        let s = compute(&series, day(5));
        assert_close(s.daily_video_growth_pct, -5.0, 1e-9);
        assert_close(s.baseline_mean_pct, -10.0, 1e-9);
        assert!(!s.breakout);
        assert_eq!(s.streak, 0);
    }

    #[test]
    fn fewer_than_four_earlier_days_means_no_breakout() {
        // Three earlier days (two rates), then a huge jump on day 3.
        let series = daily(&[1000, 1001, 1002, 2000]);
        let s = compute(&series, day(3));
        assert!(!s.breakout);
        assert_eq!(s.baseline_mean_pct, None);
        assert_eq!(s.baseline_std_pct, None);
        assert_close(s.daily_video_growth_pct, 998.0 / 1002.0 * 100.0, 1e-9);
        // Acceleration needs 3 rates too.
        assert_eq!(s.acceleration_pp, None);
        assert_close(s.momentum, s.daily_video_growth_pct.unwrap(), 1e-12);
        // Four earlier days are enough.
        let series = daily(&[1000, 1001, 1002, 1003, 2000]);
        assert!(compute(&series, day(4)).breakout);
    }

    // ---- 7-day growth -------------------------------------------------------------

    #[test]
    fn seven_day_growth() {
        let series = vec![pt(0, 1000, 5000), pt(3, 1200, 9000), pt(7, 1500, 20000)];
        let s = compute(&series, day(7));
        assert_close(s.video_growth_7d_pct, 50.0, 1e-12);
        assert_close(s.view_growth_7d_pct, 300.0, 1e-12);

        // No point exactly 7 days earlier (day 0 is 8 days before day 8).
        let series = vec![pt(0, 1000, 5000), pt(8, 1500, 20000)];
        let s = compute(&series, day(8));
        assert_eq!(s.video_growth_7d_pct, None);
        assert_eq!(s.view_growth_7d_pct, None);

        // Zero views a week ago: nothing to divide by.
        let series = vec![pt(0, 1000, 0), pt(7, 1100, 100)];
        let s = compute(&series, day(7));
        assert_close(s.video_growth_7d_pct, 10.0, 1e-12);
        assert_eq!(s.view_growth_7d_pct, None);
    }

    #[test]
    fn seven_day_growth_ignores_a_suspect_reference() {
        // Day 0 clean, day 1 suspect (0), day 8 compares with day 1 → None.
        let series = vec![pt(0, 1000, 1), pt(1, 0, 1), pt(8, 1200, 1)];
        let s = compute(&series, day(8));
        assert_eq!(s.video_growth_7d_pct, None);
    }

    // ---- streak -------------------------------------------------------------------

    #[test]
    fn streak_counts_growing_days_and_resets() {
        let series = daily(&[100, 110, 120, 120, 130, 140, 130]);
        let streaks: Vec<u32> = (0..7).map(|n| compute(&series, day(n)).streak).collect();
        // day 3 is flat (0 %), day 6 shrinks.
        assert_eq!(streaks, vec![0, 1, 2, 0, 1, 2, 0]);
    }

    // ---- gaps -----------------------------------------------------------------------

    #[test]
    fn three_day_gap_is_spread_over_its_days() {
        // 1000 → 1331 over 3 days is 10 %/day; views 10000 → 13310 likewise.
        let series = vec![
            pt(0, 1000, 10_000),
            pt(3, 1331, 13_310),
            pt(4, 1464, 14_641),
        ];
        let s = compute(&series, day(3));
        assert_close(s.daily_video_growth_pct, 10.0, 1e-9);
        assert_close(s.daily_view_growth_pct, 10.0, 1e-9);
        assert_eq!(s.new_videos, Some(110)); // 331 / 3 = 110.33
        assert_eq!(s.new_views, Some(1103)); // 3310 / 3 = 1103.33
        assert_eq!(s.streak, 3); // days 1, 2 and 3 each grew 10 %

        let s = compute(&series, day(4));
        // 1464 / 1331 − 1 = 9.99248…%
        assert_close(s.daily_video_growth_pct, 133.0 / 1331.0 * 100.0, 1e-9);
        assert_eq!(s.new_videos, Some(133));
        assert_eq!(s.streak, 4);
        // Rates on days 1, 2, 3 (the spread gap) count towards acceleration:
        // 9.99248… − 10 = −0.00751…
        assert_close(s.acceleration_pp, 133.0 / 1331.0 * 100.0 - 10.0, 1e-9);

        // The days inside the gap have no point of their own.
        assert_eq!(compute(&series, day(2)), Signals::empty(false));
    }

    #[test]
    fn acceleration_needs_three_rates() {
        // Day 3 sees rates on days 1 and 2 only.
        let series = daily(&[100, 110, 121, 200]);
        assert_eq!(compute(&series, day(3)).acceleration_pp, None);
        assert!(compute(&series, day(3)).momentum.is_some());
        // Day 4 sees three.
        let series = daily(&[100, 110, 121, 133, 200]);
        assert!(compute(&series, day(4)).acceleration_pp.is_some());
    }

    // ---- suspect points -------------------------------------------------------------

    #[test]
    fn drop_to_zero_is_suspect_and_skipped() {
        let series = vec![
            pt(0, 1000, 10_000),
            pt(1, 1100, 11_000),
            pt(2, 0, 0),
            pt(3, 1210, 12_100),
        ];
        assert_eq!(suspect_flags(&series), vec![false, false, true, false]);

        let s = compute(&series, day(2));
        assert_eq!(s, Signals::empty(true));

        // Day 3 compares with day 1 over two days: √1.1 − 1 = 4.8808848…%.
        let s = compute(&series, day(3));
        assert!(!s.suspect);
        assert_close(s.daily_video_growth_pct, 4.880_884_817_015_2, 1e-9);
        assert_close(s.daily_view_growth_pct, 4.880_884_817_015_2, 1e-9);
        assert_eq!(s.new_videos, Some(55)); // 110 / 2
        assert_eq!(s.new_views, Some(550));
        assert_eq!(s.streak, 3);
    }

    #[test]
    fn drop_below_half_is_suspect_and_skipped() {
        let series = vec![
            pt(0, 1000, 10_000),
            pt(1, 1100, 11_000),
            pt(2, 549, 99),
            pt(3, 1210, 12_100),
        ];
        assert_eq!(suspect_flags(&series), vec![false, false, true, false]);
        let s = compute(&series, day(2));
        assert!(s.suspect);
        assert_eq!(s.daily_video_growth_pct, None);
        assert_eq!(s.new_videos, None);
        assert_eq!(s.momentum, None);
        assert_eq!(s.streak, 0);
        assert!(!s.breakout);

        let s = compute(&series, day(3));
        assert_close(s.daily_video_growth_pct, 4.880_884_817_015_2, 1e-9);
        assert_eq!(s.new_videos, Some(55));
    }

    #[test]
    fn suspect_boundaries() {
        // Exactly half is plausible; one below is not. Rises are never suspect.
        assert_eq!(suspect_flags(&daily(&[1000, 500])), vec![false, false]);
        assert_eq!(suspect_flags(&daily(&[1000, 499])), vec![false, true]);
        assert_eq!(suspect_flags(&daily(&[10, 150])), vec![false, false]);
        // Compared with the last *clean* point, not the suspect one.
        assert_eq!(
            suspect_flags(&daily(&[1000, 200, 900])),
            vec![false, true, false]
        );
        // A low level the next day confirms is real; a zero never confirms itself.
        assert_eq!(
            suspect_flags(&daily(&[1000, 400, 420, 430])),
            vec![false, true, false, false]
        );
        assert_eq!(
            suspect_flags(&daily(&[1000, 0, 0])),
            vec![false, true, true]
        );
        // Zero after zero is not a drop; growth from zero has no percentage.
        assert_eq!(
            suspect_flags(&daily(&[0, 0, 100, 120])),
            vec![false, false, false, false]
        );
        let series = daily(&[0, 100, 120]);
        assert_eq!(compute(&series, day(1)).daily_video_growth_pct, None);
        assert_close(compute(&series, day(2)).daily_video_growth_pct, 20.0, 1e-12);
        // Extremes do not overflow: ⌊MAX / 2⌋ is just below half of MAX, one more is not.
        assert_eq!(
            suspect_flags(&daily(&[u64::MAX, u64::MAX / 2, 1])),
            vec![false, true, true]
        );
        assert_eq!(
            suspect_flags(&daily(&[u64::MAX, u64::MAX / 2 + 1, u64::MAX])),
            vec![false, false, false]
        );
    }

    // ---- input hygiene ----------------------------------------------------------------

    #[test]
    fn unsorted_and_duplicate_input() {
        let messy = vec![
            pt(2, 1210, 12_100),
            pt(0, 1000, 10_000),
            pt(1, 5, 5), // superseded by the later day-1 entry
            pt(1, 1100, 11_000),
        ];
        let tidy = vec![
            pt(0, 1000, 10_000),
            pt(1, 1100, 11_000),
            pt(2, 1210, 12_100),
        ];
        assert_eq!(suspect_flags(&messy), vec![false, false, false]);
        for n in 0..3 {
            assert_eq!(compute(&messy, day(n)), compute(&tidy, day(n)));
        }
        let s = compute(&messy, day(2));
        assert_close(s.daily_video_growth_pct, 10.0, 1e-9);
        assert_eq!(s.new_videos, Some(110));
        assert_eq!(s.streak, 2);
    }

    #[test]
    fn empty_series() {
        assert_eq!(compute(&[], day(0)), Signals::empty(false));
        assert!(suspect_flags(&[]).is_empty());
    }

    #[test]
    fn date_not_in_series() {
        let series = daily(&[100, 110, 121]);
        let s = compute(&series, day(10));
        assert_eq!(s, Signals::empty(false));
        assert!(!s.suspect);
        assert_eq!(s.streak, 0);
        assert_eq!(s.momentum, None);
    }

    #[test]
    fn later_points_do_not_change_a_past_day() {
        let short = daily(&[100, 110, 121, 133]);
        let long = daily(&[100, 110, 121, 133, 1000, 10, 0, 5000]);
        assert_eq!(compute(&short, day(3)), compute(&long, day(3)));
    }

    #[test]
    fn single_point_has_no_growth() {
        let s = compute(&[pt(0, 100, 1000)], day(0));
        assert_eq!(s, Signals::empty(false));
    }

    #[test]
    fn extreme_counts_never_panic_or_yield_non_finite() {
        let series = vec![
            pt(0, 1, 0),
            pt(1, 10, u64::MAX),
            pt(2, 100, 0),
            pt(3, 1000, u64::MAX),
            pt(4, 10_000, 1),
            pt(5, 100_000, u64::MAX),
        ];
        for n in 0..6 {
            let s = compute(&series, day(n));
            for v in [
                s.daily_video_growth_pct,
                s.daily_view_growth_pct,
                s.video_growth_7d_pct,
                s.view_growth_7d_pct,
                s.acceleration_pp,
                s.baseline_mean_pct,
                s.baseline_std_pct,
                s.momentum,
            ]
            .into_iter()
            .flatten()
            {
                assert!(v.is_finite());
            }
        }
        // 0 → u64::MAX views in one day: no rate (from 0), velocity does not fit i64.
        let s = compute(&series, day(1));
        assert_eq!(s.daily_view_growth_pct, None);
        assert_eq!(s.new_views, None);
        // u64::MAX → 0: a fall of 2^64−1 per day does not fit i64 either.
        let s = compute(&series, day(2));
        assert_close(s.daily_view_growth_pct, -100.0, 0.0);
        assert_eq!(s.new_views, None);

        // Dates at the very ends of the calendar.
        let edge = vec![
            Point::exact(NaiveDate::MIN, 10, 10),
            Point::exact(NaiveDate::MAX, 20, 20),
        ];
        let s = compute(&edge, NaiveDate::MIN);
        assert_eq!(s, Signals::empty(false));
        let s = compute(&edge, NaiveDate::MAX);
        assert!(s.daily_video_growth_pct.is_some_and(f64::is_finite));
        assert_eq!(s.new_videos, Some(0));
    }

    #[test]
    fn serializes_with_null_for_missing_values() {
        let json = serde_json::to_value(Signals::empty(true)).unwrap();
        assert_eq!(json["suspect"], serde_json::json!(true));
        assert_eq!(json["momentum"], serde_json::Value::Null);
        assert_eq!(json["streak"], serde_json::json!(0));
        assert_eq!(json["breakout"], serde_json::json!(false));
    }

    // ---- rounded counts ---------------------------------------------------------------

    /// A point whose counts come from TikTok's display-rounded legacy counters.
    fn shown(n: u64, videos: u64, views: u64) -> Point {
        Point::new(
            day(n),
            Some(Count::display_rounded(videos)),
            Some(Count::display_rounded(views)),
        )
    }

    /// Consecutive daily points with display-rounded video counts; views 1000× videos.
    fn shown_daily(videos: &[u64]) -> Vec<Point> {
        videos
            .iter()
            .enumerate()
            .map(|(i, &v)| shown(i as u64, v, v * 1000))
            .collect()
    }

    /// `((to / from)^(1 / days) − 1) × 100` in floating point, for expected values.
    fn pct(from: f64, to: f64, days: f64) -> f64 {
        ((to / from).powf(1.0 / days) - 1.0) * 100.0
    }

    #[test]
    fn display_rounded_precision_is_half_the_last_decimal_of_its_unit() {
        assert_eq!(Count::display_rounded(999), Count::exact(999));
        assert_eq!(Count::display_rounded(12_300).precision, 50);
        assert_eq!(Count::display_rounded(1_200_000).precision, 50_000);
        assert_eq!(
            Count::display_rounded(119_178_100_000_000).precision,
            50_000_000
        );
        let c = Count::display_rounded(1_200_000);
        assert_eq!((c.low(), c.high()), (1_150_000, 1_250_000));
        assert_eq!(Count::rounded(10, 50).low(), 0);
        assert_eq!(Count::rounded(u64::MAX, 50).high(), u64::MAX);
    }

    #[test]
    fn rounded_step_after_flat_days_is_spread_over_the_days_since_the_last_change() {
        // 1.5M on days 0..=4, 1.6M on day 5: +6.7 % at face value, 1.3 %/day spread.
        let series = shown_daily(
            &[1_500_000; 5]
                .into_iter()
                .chain([1_600_000])
                .collect::<Vec<_>>(),
        );
        let s = compute(&series, day(5));
        assert_eq!(s.basis, Basis::Videos);
        assert!(s.approximate);
        assert_close(s.daily_growth_pct, pct(1.5, 1.6, 5.0), 1e-9);
        assert_close(s.daily_video_growth_pct, pct(1.5, 1.6, 5.0), 1e-9);
        assert_close(s.daily_growth_high_pct, pct(1.45, 1.65, 5.0), 1e-9);
        assert_eq!(s.new_videos, Some(20_000));
        // Every day of the spread step grew.
        assert_eq!(s.streak, 5);
    }

    #[test]
    fn a_single_rounding_step_guarantees_no_growth_so_is_neither_trending_nor_breakout() {
        let series = shown_daily(
            &[1_500_000; 5]
                .into_iter()
                .chain([1_600_000])
                .collect::<Vec<_>>(),
        );
        let s = compute(&series, day(5));
        assert_close(s.daily_growth_low_pct, 0.0, 0.0);
        assert_close(s.recent_growth_low_pct, 0.0, 0.0);
        assert!(!is_trending(&s, 5.0));
        assert!(!is_trending(&s, 0.0));
        assert!(!s.breakout);
        // The same step on one day after a change yesterday: face value, still no guarantee.
        let series = shown_daily(&[
            1_400_000, 1_400_000, 1_400_000, 1_400_000, 1_500_000, 1_600_000,
        ]);
        let s = compute(&series, day(5));
        assert_close(s.daily_growth_pct, 100.0 / 15.0, 1e-9);
        assert_close(s.daily_growth_low_pct, 0.0, 0.0);
        assert!(!is_trending(&s, 5.0));
        assert!(!s.breakout);
    }

    #[test]
    fn flat_day_on_a_rounded_counter_shows_no_growth_and_guarantees_none() {
        let series = shown_daily(&[1_200_000, 1_200_000]);
        let s = compute(&series, day(1));
        assert_close(s.daily_growth_pct, 0.0, 0.0);
        assert_close(s.daily_growth_low_pct, pct(1.25, 1.15, 1.0), 1e-9);
        assert_close(s.daily_growth_high_pct, pct(1.15, 1.25, 1.0), 1e-9);
        assert!(s.daily_growth_low_pct.unwrap() <= 0.0);
        assert!(s.approximate);
        assert_eq!(s.streak, 0);
    }

    #[test]
    fn a_real_jump_on_a_rounded_counter_is_a_breakout_on_its_day() {
        // Flat at 1.5M for ten days, then 2.0M: far more than rounding can explain.
        let mut counts = vec![1_500_000; 10];
        counts.push(2_000_000);
        let series = shown_daily(&counts);
        let s = compute(&series, day(10));
        // Taken at face value on its day; the flat days before keep 0.
        assert_close(s.daily_growth_pct, 100.0 / 3.0, 1e-9);
        assert_close(s.daily_growth_low_pct, pct(1.55, 1.95, 1.0), 1e-9);
        assert_eq!(s.streak, 1);
        assert_close(s.baseline_mean_pct, 0.0, 0.0);
        assert!(s.breakout);
        assert!(is_trending(&s, 5.0));
        assert!(s.approximate);
    }

    #[test]
    fn trending_rests_on_todays_own_guarantee_not_on_the_days_before() {
        // A jump (1.2M → 1.6M), then one ordinary step: 6.25 % at face value, and the last
        // three days guarantee far more, but today alone guarantees nothing.
        let mut counts = vec![1_200_000; 10];
        counts.extend([1_600_000, 1_700_000]);
        let series = shown_daily(&counts);
        assert!(compute(&series, day(10)).breakout);
        let s = compute(&series, day(11));
        assert_close(s.daily_growth_pct, 6.25, 1e-9);
        assert_close(s.daily_growth_low_pct, 0.0, 0.0);
        assert!(!is_trending(&s, 5.0));
    }

    #[test]
    fn equal_exact_counts_are_real_flat_days_and_are_not_spread() {
        let series = daily(&[1000, 1000, 1000, 1100]);
        let s = compute(&series, day(3));
        assert_close(s.daily_video_growth_pct, 10.0, 1e-12);
        assert_eq!(s.streak, 1);
        assert!(!s.approximate);
    }

    #[test]
    fn exact_counts_have_a_point_interval() {
        let series = geometric(1_000_000.0, 2.0, 10);
        let s = compute(&series, day(10));
        assert_eq!(s.daily_growth_low_pct, s.daily_growth_pct);
        assert_eq!(s.daily_growth_high_pct, s.daily_growth_pct);
        assert_eq!(s.recent_growth_low_pct, s.daily_growth_pct);
        assert_eq!(s.daily_growth_pct, s.daily_video_growth_pct);
        assert!(!s.approximate);
    }

    #[test]
    fn a_ramp_on_a_rounded_counter_breaks_out_on_what_three_days_guarantee() {
        // ~0.7 %/day for two weeks (one step a week), then one step a day: no single day
        // guarantees growth, but 2.1M → 2.4M over three days guarantees ≥ 3 %/day.
        let mut counts = vec![2_000_000; 7];
        counts.extend([2_100_000; 7]);
        counts.extend([2_200_000, 2_300_000, 2_400_000]);
        let series = shown_daily(&counts);
        let s = compute(&series, day(16));
        assert_close(s.daily_growth_low_pct, 0.0, 0.0);
        assert!(!is_trending(&s, 2.0));
        assert_close(s.recent_growth_low_pct, pct(2.15, 2.35, 3.0), 1e-9);
        // The baseline stops where the evidence (day 13 → 16) starts.
        // Days 2..=7 from the first step, 8..=13 from the second.
        let mu = (pct(2.0, 2.1, 7.0) + pct(2.1, 2.2, 7.0)) / 2.0;
        assert_close(s.baseline_mean_pct, mu, 1e-9);
        assert!(s.breakout);
    }

    #[test]
    fn a_gap_ending_today_is_judged_not_part_of_the_baseline() {
        // 1 %/day for six days, then no snapshot until +20 % three days later.
        let mut series = geometric(1_000_000.0, 1.0, 6);
        let last = series.last().unwrap().video_count.unwrap().value;
        series.push(pt(9, last * 12 / 10, last * 12));
        let s = compute(&series, day(9));
        assert_close(s.daily_growth_pct, pct(1.0, 1.2, 3.0), 1e-9);
        // Days 7 and 8 are the gap's own days: the baseline is days 1..=6.
        assert_close(s.baseline_mean_pct, 1.0, 1e-4);
        assert_close(s.baseline_std_pct, 0.0, 1e-4);
        assert!(s.breakout);
        // Acceleration, likewise, compares with the days before the gap.
        assert_close(s.acceleration_pp, pct(1.0, 1.2, 3.0) - 1.0, 1e-4);
    }

    #[test]
    fn approximate_when_any_figure_rests_on_a_rounded_count() {
        let exact_videos_rounded_views: Vec<Point> = (0..3)
            .map(|n| {
                Point::new(
                    day(n),
                    Some(Count::exact(1000 + n)),
                    Some(Count::display_rounded(2_000_000)),
                )
            })
            .collect();
        assert!(compute(&exact_videos_rounded_views, day(2)).approximate);
        assert!(!compute(&daily(&[1000, 1001, 1002]), day(2)).approximate);
    }

    // ---- unknown video counts -----------------------------------------------------------

    /// A point whose video count is not reported, with exact views.
    fn views_only(n: u64, views: u64) -> Point {
        Point::new(day(n), None, Some(Count::exact(views)))
    }

    #[test]
    fn unknown_video_count_switches_the_basis_to_views() {
        let series: Vec<Point> = [1_000_000u64, 1_100_000, 1_210_000]
            .iter()
            .enumerate()
            .map(|(i, &w)| views_only(i as u64, w))
            .collect();
        let s = compute(&series, day(2));
        assert_eq!(s.basis, Basis::Views);
        assert!(!s.suspect);
        assert_close(s.daily_growth_pct, 10.0, 1e-9);
        assert_close(s.daily_view_growth_pct, 10.0, 1e-9);
        assert_eq!(s.daily_video_growth_pct, None);
        assert_eq!(s.new_videos, None);
        assert_eq!(s.new_views, Some(110_000));
        assert_eq!(s.streak, 2);
        assert_close(s.momentum, 10.0, 1e-9);
    }

    #[test]
    fn an_unknown_video_count_is_not_a_drop() {
        let series = vec![pt(0, 1000, 1_000_000), views_only(1, 1_010_000)];
        assert_eq!(suspect_flags(&series), vec![false, false]);
        // A reported 0 still is.
        let series = vec![pt(0, 1000, 1_000_000), pt(1, 0, 1_010_000)];
        assert_eq!(suspect_flags(&series), vec![false, true]);
    }

    #[test]
    fn view_counts_follow_the_suspect_rule_when_they_are_the_basis() {
        let series = vec![
            views_only(0, 1_000_000),
            views_only(1, 1_010_000),
            views_only(2, 400_000),
            views_only(3, 1_030_000),
        ];
        assert_eq!(suspect_flags(&series), vec![false, false, true, false]);
        let s = compute(&series, day(2));
        assert!(s.suspect);
        assert_eq!(s.basis, Basis::Views);
        assert_close(
            compute(&series, day(3)).daily_growth_pct,
            pct(1.01, 1.03, 2.0),
            1e-9,
        );
    }

    #[test]
    fn a_view_count_breakout_is_flagged_on_its_day() {
        // Videos reported for the first days, then not: the views carry on.
        let mut series: Vec<Point> = geometric(1_000_000.0, 0.3, 10)
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                if i >= 3 {
                    Point {
                        video_count: None,
                        ..p
                    }
                } else {
                    p
                }
            })
            .collect();
        let last = series.last().unwrap().view_count.unwrap().value;
        series.push(views_only(11, last * 112 / 100));
        for n in 0..=10 {
            assert!(!compute(&series, day(n)).breakout, "day {n}");
        }
        let s = compute(&series, day(11));
        assert_eq!(s.basis, Basis::Views);
        assert!(s.breakout);
        assert_close(s.daily_growth_pct, 12.0, 1e-4);
        // The view series' history covers the days videos were still reported.
        assert_close(s.baseline_mean_pct, 0.3, 1e-4);
        assert_close(s.growth_7d_pct, s.view_growth_7d_pct.unwrap(), 0.0);
        assert_eq!(s.video_growth_7d_pct, None);
    }

    #[test]
    fn a_day_reporting_neither_count_has_no_signals() {
        let series = vec![pt(0, 1000, 1000), Point::new(day(1), None, None)];
        assert_eq!(compute(&series, day(1)), Signals::default());
        assert_eq!(suspect_flags(&series), vec![false, false]);
    }

    // ---- trending, text, output ----------------------------------------------------------

    #[test]
    fn trending_is_judged_on_the_lower_bound() {
        let mut s = Signals {
            daily_growth_pct: Some(6.7),
            daily_growth_low_pct: Some(4.9),
            ..Signals::default()
        };
        assert!(!is_trending(&s, 5.0));
        s.daily_growth_low_pct = Some(5.1);
        assert!(is_trending(&s, 5.0));
        s.daily_growth_low_pct = Some(5.0);
        assert!(!is_trending(&s, 5.0), "strictly above");
        s.daily_growth_low_pct = Some(9.0);
        s.suspect = true;
        assert!(!is_trending(&s, 5.0));
        assert!(!is_trending(&Signals::default(), -100.0));
    }

    #[test]
    fn the_readme_quotes_the_formulas_verbatim() {
        let readme = include_str!("../../README.md");
        assert!(
            readme.contains(&format!("```text\n{FORMULAS}\n```")),
            "README's signal section must quote FORMULAS (tracker trends --help) as it is"
        );
    }

    #[test]
    fn formulas_quote_the_constants_the_code_uses() {
        for value in [
            format!("{BREAKOUT_SIGMAS:?} x std-dev"),
            format!(">= {BREAKOUT_MIN_PP:?} pp"),
            format!("D-{BREAKOUT_WINDOW_DAYS} .. D-1"),
            format!("needs {BREAKOUT_MIN_HISTORY}+"),
            format!("D-{ACCEL_WINDOW_DAYS} .. D-1"),
            format!("needs {ACCEL_MIN_RATES}+"),
            format!("exactly {GROWTH_WINDOW_DAYS} days"),
            format!("last {LOW_BOUND_WINDOW_DAYS} days"),
            format!("{MOMENTUM_ACCEL_WEIGHT:?} x acceleration_pp"),
            format!("{MOMENTUM_BREAKOUT_BONUS:?} if breakout"),
        ] {
            assert!(FORMULAS.contains(&value), "FORMULAS lacks {value:?}");
        }
    }

    #[test]
    fn module_docs_quote_the_constants_the_code_uses() {
        let docs: String = include_str!("signals.rs")
            .lines()
            .filter_map(|l| l.strip_prefix("//!"))
            .collect::<Vec<_>>()
            .join(" ");
        let docs = docs.split_whitespace().collect::<Vec<_>>().join(" ");
        for (name, value) in [
            ("BREAKOUT_SIGMAS", BREAKOUT_SIGMAS.to_string()),
            ("BREAKOUT_MIN_PP", BREAKOUT_MIN_PP.to_string()),
            ("BREAKOUT_MIN_HISTORY", BREAKOUT_MIN_HISTORY.to_string()),
            ("ACCEL_MIN_RATES", ACCEL_MIN_RATES.to_string()),
            ("LOW_BOUND_WINDOW_DAYS", LOW_BOUND_WINDOW_DAYS.to_string()),
            ("MOMENTUM_ACCEL_WEIGHT", MOMENTUM_ACCEL_WEIGHT.to_string()),
            (
                "MOMENTUM_BREAKOUT_BONUS",
                MOMENTUM_BREAKOUT_BONUS.to_string(),
            ),
        ] {
            let quoted = format!("`{name}` ({value})");
            assert!(docs.contains(&quoted), "module docs lack {quoted}");
        }
        for (window, days) in [
            (BREAKOUT_WINDOW_DAYS, "D−14 … D−1"),
            (ACCEL_WINDOW_DAYS, "D−7 … D−1"),
            (GROWTH_WINDOW_DAYS, "D − 7"),
        ] {
            assert!(docs.contains(days) && days.contains(&window.to_string()));
        }
    }

    #[test]
    fn basis_serializes_in_lowercase() {
        let s = Signals {
            basis: Basis::Views,
            ..Signals::default()
        };
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["basis"], "views");
        assert_eq!(json["approximate"], false);
        assert_eq!(json["daily_growth_low_pct"], serde_json::Value::Null);
        assert_eq!(Basis::Videos.as_str(), "videos");
    }
}
