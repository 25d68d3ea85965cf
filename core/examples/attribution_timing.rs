//! Times `managers::attribute` on 1,000,000 consumption records over 100,000 assignments.
//!
//! `cargo run --release -p partner-rules --example attribution_timing`
//!
//! A quick look, not a gate: the criterion benches are where speed is tracked.

use std::time::Instant;

use partner_rules::managers::{self, Assignment, Consumption};
use partner_rules::parse_timestamp;
use time::Duration;

const CUSTOMERS: usize = 25_000;
const ASSIGNMENTS_PER_CUSTOMER: usize = 4;
const RECORDS: usize = 1_000_000;
const MANAGERS: u64 = 500;

/// A small deterministic generator (SplitMix64), so every run times the same input.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> i64 {
        i64::try_from(self.next() % n).unwrap_or(0)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let start = parse_timestamp("2025-01-01T00:00:00+08:00")?;
    let mut rng = SplitMix(7);
    let mut assignments = Vec::with_capacity(CUSTOMERS * ASSIGNMENTS_PER_CUSTOMER);
    for customer in 0..CUSTOMERS {
        let mut cursor = start;
        for k in 0..ASSIGNMENTS_PER_CUSTOMER {
            let from = cursor + Duration::days(rng.below(30));
            let to = from + Duration::days(1 + rng.below(90));
            let last = k + 1 == ASSIGNMENTS_PER_CUSTOMER;
            assignments.push(Assignment {
                customer_id: format!("customer-{customer:06}"),
                manager_id: format!("manager-{:04}", rng.below(MANAGERS)),
                from,
                to: (!last).then_some(to),
            });
            cursor = to;
        }
    }
    // Hosts rarely hand assignments over sorted.
    for i in (1..assignments.len()).rev() {
        let j = usize::try_from(rng.next() % (i as u64 + 1))?;
        assignments.swap(i, j);
    }
    let consumption: Vec<Consumption> = (0..RECORDS)
        .map(|_| Consumption {
            // A few customers with no assignment at all.
            customer_id: format!("customer-{:06}", rng.below(CUSTOMERS as u64 + 500)),
            at: start + Duration::minutes(rng.below(600 * 24 * 60)),
            amount_minor: rng.below(100_000) - 1_000,
        })
        .collect();

    time(
        "records in random customer order",
        &assignments,
        &consumption,
    )?;
    let mut grouped = consumption;
    grouped.sort_by(|a, b| a.customer_id.cmp(&b.customer_id).then(a.at.cmp(&b.at)));
    // Fresh strings in the new order, as a host reading a sorted export would have them.
    let grouped = grouped.to_vec();
    time("records grouped by customer", &assignments, &grouped)?;
    Ok(())
}

/// The best of five runs: the machine may be busy with other work.
fn time(
    label: &str,
    assignments: &[Assignment],
    consumption: &[Consumption],
) -> Result<(), Box<dyn std::error::Error>> {
    let mut best = f64::INFINITY;
    let mut answer = None;
    for _ in 0..5 {
        let began = Instant::now();
        let attribution = managers::attribute(assignments, consumption)?;
        best = best.min(began.elapsed().as_secs_f64());
        answer = Some(attribution);
    }
    if let Some(attribution) = answer {
        let attributed: i64 = attribution.by_manager.iter().map(|m| m.amount_minor).sum();
        println!(
            "{label}: {} records over {} assignments in {:.1} ms (best of 5); {} managers, attributed {attributed} + unattributed {} = total {}",
            consumption.len(),
            assignments.len(),
            best * 1e3,
            attribution.by_manager.len(),
            attribution.unattributed_minor,
            attribution.total_minor,
        );
    }
    Ok(())
}
