//! `costs` as a table.

use crate::render::View;
use crate::render::format::{int, plural};
use crate::render::tabular::{Cell, Tabular, col};
use crate::views::CostsView;

impl View for CostsView {
    fn table(&self) -> Tabular {
        let v = self;
        let columns = vec![
            col("per", "Per", false),
            col("period", "Period", false),
            col("runs", "Runs", true),
            col("requests", "Requests", true),
            col("paid_requests", "Paid", true),
            col("credits_used", "Credits", true),
            col("balance_after", "Balance after", true),
            col("possibly_charged", "Unanswered", true).keep(1),
            col("cost_usd", "Cost (USD)", true),
        ];
        let per = |kind: &'static str| move |r: &crate::model::CostRow| (kind, r.clone());
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
                    Cell::num(r.credits_used, int(r.credits_used)),
                    Cell::opt(
                        r.balance_after,
                        crate::render::format::opt_count(r.balance_after),
                    ),
                    Cell::num(r.possibly_charged, int(r.possibly_charged)),
                    Cell::num(r.cost_usd, format!("${:.3}", r.cost_usd)),
                ]
            })
            .collect();
        Tabular {
            title: "Spend per day and per month (UTC, from the run log)".to_string(),
            columns,
            rows,
            notes: {
                let mut notes = vec![format!(
                    "Total: {}, {} paid, ${:.3}",
                    plural(v.total_requests, "request"),
                    int(v.total_paid_requests),
                    v.total_cost_usd
                )];
                let unanswered: u64 = v.months.iter().map(|r| r.possibly_charged).sum();
                if unanswered > 0 {
                    notes.push(format!(
                        "Unanswered: {} sent without an answer (a timeout, or a run killed \
                         before the answer): possibly charged",
                        plural(unanswered, "call")
                    ));
                }
                notes
            },
        }
    }
}
