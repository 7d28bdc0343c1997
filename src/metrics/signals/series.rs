//! One series (videos or views) of a hashtag up to day `D`: its readings, the daily rates
//! assigned to its days (gaps and rounded flat runs spread, jumps kept), today's growth
//! figure with its interval, and the evidence the breakout test judges. The rules are in
//! the parent module's docs.

use super::*;

/// One clean count of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Reading {
    pub(super) date: NaiveDate,
    pub(super) count: Count,
}

/// The days `(start, end]` that share one daily rate, and the index of the reading on
/// `start` it is measured from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Span {
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    pub(super) rate: Option<f64>,
    pub(super) from: usize,
}

/// Today's growth figure of one series.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Figure {
    pub(super) rate: Option<f64>,
    pub(super) low: Option<f64>,
    /// What the breakout test may rest on: today's span with `low`, then each reading of
    /// the last `LOW_BOUND_WINDOW_DAYS` days with what it guarantees.
    pub(super) evidence: Vec<Evidence>,
    pub(super) high: Option<f64>,
    pub(super) per_day: Option<i64>,
    /// Index of the reading the figure is measured from.
    pub(super) from: Option<usize>,
}

/// Growth per day the readings guarantee from reading `from` to today.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Evidence {
    pub(super) guaranteed: f64,
    /// Index of the reading the evidence starts from.
    pub(super) from: usize,
}

/// One piece of evidence judged against the baseline of the days before it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Judgement {
    pub(super) guaranteed: f64,
    /// Mean and standard deviation of the baseline, when it has enough rates.
    pub(super) baseline: Option<(f64, f64)>,
    pub(super) breakout: bool,
}

impl Judgement {
    pub(super) fn lift(&self) -> f64 {
        self.baseline
            .map_or(f64::NEG_INFINITY, |(mu, _)| self.guaranteed - mu)
    }
}

/// One series (videos or views) up to today, with its rates assigned to days.
#[derive(Debug)]
pub(super) struct SeriesSignals {
    pub(super) readings: Vec<Reading>,
    /// Tiles the days from the first reading to today without holes.
    pub(super) spans: Vec<Span>,
    pub(super) today: Figure,
    pub(super) growth_7d: Option<f64>,
    /// Index of the reading dated exactly `D − 7`, if any.
    pub(super) week_ago: Option<usize>,
}

impl SeriesSignals {
    /// The series of `kind` in `clean` (sorted, unique dates, ending on `date`); None when
    /// the point on `date` does not report that count.
    pub(super) fn of(clean: &[Point], kind: Basis, date: NaiveDate) -> Option<Self> {
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
    pub(super) fn today_span_start(&self) -> Option<NaiveDate> {
        self.spans.last().map(|s| s.start)
    }

    /// The rates assigned to the `window` days just before `date` that lie before today's
    /// span, skipping days without one.
    pub(super) fn earlier_rates(&self, date: NaiveDate, window: u64) -> Vec<f64> {
        self.rates_until(date, window, self.today_span_start().unwrap_or(date))
    }

    /// Judges one piece of evidence: against the baseline of the rates of days D−14 … D−1
    /// dated no later than its start (nor than today's span's).
    pub(super) fn judge(&self, evidence: &Evidence, date: NaiveDate) -> Judgement {
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
    pub(super) fn rates_until(&self, date: NaiveDate, window: u64, limit: NaiveDate) -> Vec<f64> {
        (1..=window)
            .filter_map(|k| date.checked_sub_days(Days::new(k)))
            .filter(|day| *day <= limit)
            .filter_map(|day| rate_on(&self.spans, day))
            .collect()
    }

    /// Consecutive days of positive growth ending today. Spans tile the days from the first
    /// reading onward without holes, so walking them backwards and adding their lengths
    /// counts exactly those days.
    pub(super) fn streak(&self) -> u32 {
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
    pub(super) fn rests_on_rounding(&self, date: NaiveDate, history: bool) -> bool {
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
pub(super) fn assign_rates(readings: &[Reading]) -> Vec<Span> {
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
