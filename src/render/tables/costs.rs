//! `costs` as a table.

use crate::model::CostRow;
use crate::render::View;
use crate::render::format::{int, plural};
use crate::render::tabular::{Cell, Column, Tabular, col};
use crate::views::CostsView;

impl View for CostsView {
    fn table(&self) -> Tabular {
        let rows: Vec<(&'static str, &CostRow)> = self
            .days
            .iter()
            .map(|r| ("day", r))
            .chain(self.months.iter().map(|r| ("month", r)))
            .collect();
        let same = rows
            .iter()
            .all(|(_, r)| r.requests == r.paid_requests && r.paid_requests == r.credits_used);
        Tabular {
            title: "Spend per snapshot day and per month (UTC, from the run log)".to_string(),
            columns: columns(same),
            rows: rows.iter().map(|(kind, r)| row(kind, r)).collect(),
            notes: notes(self),
        }
    }
}

/// The columns; when every row's requests were all paid, one credit each, the terminal
/// shows one "Requests = credits" column for the three (csv, markdown and JSON keep all three).
/// `Cost (USD)` is what a `costs` reader wants: a narrow terminal never drops it.
fn columns(same: bool) -> Vec<Column> {
    let split = |c: Column| if same { c.detail() } else { c };
    vec![
        col("per", "Per", false).always(),
        col("period", "Period", false).always(),
        col("runs", "Runs", true),
        col("requests_paid_credits", "Requests = credits", true).terminal(),
        split(col("requests", "Requests", true)),
        split(col("paid_requests", "Paid", true)),
        split(col("credits_used", "Credits", true)),
        col("balance_after", "Balance after", true).keep(2),
        col("possibly_charged", "Unanswered", true).keep(1),
        col("cost_usd", "Cost (USD)", true).always(),
    ]
}

fn row(kind: &'static str, r: &CostRow) -> Vec<Cell> {
    let same = r.requests == r.paid_requests && r.paid_requests == r.credits_used;
    vec![
        Cell::text(kind),
        Cell::text(r.period.clone()),
        Cell::num(r.runs, int(r.runs)),
        // Filled only when the three agree, so the column shows only then.
        if same {
            Cell::num(r.requests, int(r.requests))
        } else {
            Cell::text("")
        },
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
}

fn notes(v: &CostsView) -> Vec<String> {
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
}
