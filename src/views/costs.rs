//! `costs`: requests and spend per snapshot day and per month, from the run log.

use crate::model::CostRow;
use crate::store::Store;
use anyhow::Result;
use serde::Serialize;

/// Spend from the run log, per snapshot day and per month.
#[derive(Debug, Clone, Serialize)]
pub struct CostsView {
    pub days: Vec<CostRow>,
    pub months: Vec<CostRow>,
    pub total_requests: u64,
    pub total_paid_requests: u64,
    pub total_cost_usd: f64,
}
pub fn build_costs(store: &Store) -> Result<CostsView> {
    let months = store.costs(true)?;
    Ok(CostsView {
        days: store.costs(false)?,
        total_requests: months.iter().map(|r| r.requests).sum(),
        total_paid_requests: months.iter().map(|r| r.paid_requests).sum(),
        // A fold from +0.0: an empty `sum()` of floats is -0.0, printed "$-0.000".
        total_cost_usd: months.iter().fold(0.0, |sum, r| sum + r.cost_usd),
        months,
    })
}
