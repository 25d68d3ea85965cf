//! Fixtures of the partner-rules benchmarks.
//!
//! `fixtures.json` holds one request per op and case; the benchmarks run each through
//! `evaluate_json` and, with its facts deserialized into the typed structs, through the typed
//! API, so both layers are measured on the same input. The batch benchmarks draw a large,
//! varied population from a fixed seed.

use partner_rules::facts::{PreregistrationFact, RegisteredSite};
use partner_rules::managers::{Assignment, Consumption};
use partner_rules::{Customer, Partner};
use serde::Deserialize;
use serde_json::Value;
use time::{Duration, OffsetDateTime};

/// One benchmark input.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// The benchmark id: `op/case`.
    pub name: String,
    /// What the case exercises.
    pub note: String,
    /// The JSON request.
    pub request: Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureFile {
    #[allow(dead_code)]
    description: String,
    fixtures: Vec<Fixture>,
}

/// Every fixture, in file order.
pub fn fixtures() -> Result<Vec<Fixture>, String> {
    let file: FixtureFile = serde_json::from_str(include_str!("../fixtures.json"))
        .map_err(|e| format!("benches/fixtures.json: {e}"))?;
    Ok(file.fixtures)
}

/// The fixture named `name`.
pub fn fixture(name: &str) -> Result<Fixture, String> {
    fixtures()?
        .into_iter()
        .find(|f| f.name == name)
        .ok_or_else(|| format!("no fixture named {name}"))
}

impl Fixture {
    /// The request as compact JSON text with `op` first, as hosts usually write it (a parsed
    /// `Value` keeps its keys sorted, which would put `op` wherever it sorts).
    pub fn text(&self) -> String {
        self.text_with_op(true)
    }

    /// The same request with `op` last, which costs the engine one more pass to find the op.
    pub fn text_op_last(&self) -> String {
        self.text_with_op(false)
    }

    fn text_with_op(&self, first: bool) -> String {
        let Value::Object(fields) = &self.request else {
            return self.request.to_string();
        };
        let mut parts: Vec<String> = fields
            .iter()
            .filter(|(key, _)| key.as_str() != "op")
            .map(|(key, value)| format!("{}:{value}", Value::from(key.as_str())))
            .collect();
        let op = format!("\"op\":{}", fields.get("op").unwrap_or(&Value::Null));
        if first {
            parts.insert(0, op);
        } else {
            parts.push(op);
        }
        format!("{{{}}}", parts.join(","))
    }

    /// A field of the request deserialized into its typed form.
    pub fn field<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T, String> {
        let value = self.request.get(name).cloned().unwrap_or(Value::Null);
        serde_json::from_value(value).map_err(|e| format!("{}: field {name}: {e}", self.name))
    }

    /// The request's `now` (or another timestamp field).
    pub fn instant(&self, name: &str) -> Result<OffsetDateTime, String> {
        let text = self
            .request
            .get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{}: no timestamp {name}", self.name))?;
        partner_rules::parse_timestamp(text).map_err(|e| e.to_string())
    }
}

/// A population of `n` customers with a realistic mix of facts (most are allowed, a share are
/// blocked or sent to manual review), drawn from a fixed seed so every run measures the same
/// work.
pub fn customers(n: usize, now: OffsetDateTime) -> Vec<Customer> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        // xorshift64*: enough spread for a fact mix, no dependency.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    (0..n)
        .map(|i| {
            let roll = next();
            let chance = |percent: u64, shift: u32| (roll >> shift) % 100 < percent;
            let registered = chance(20, 0);
            Customer {
                id: Some(format!("c-{i}")),
                registration_country: Some(if chance(10, 7) { "MY" } else { "SG" }.to_owned()),
                registered_site: registered.then_some(RegisteredSite::International),
                registered_at: registered
                    .then(|| now - Duration::days(i64::try_from(roll % 30).unwrap_or(0))),
                followed_up_by_direct_sales: chance(30, 14),
                preregistration: chance(10, 21).then(|| PreregistrationFact {
                    partner_id: if chance(50, 28) { "p-1" } else { "p-2" }.to_owned(),
                    expires_at: now + Duration::hours(i64::try_from(roll % 720).unwrap_or(0) - 360),
                }),
                has_cash_expenditure: chance(5, 35),
                has_huawei_contract: chance(2, 42),
                online_sales_team: chance(3, 49),
                ..Customer::default()
            }
        })
        .collect()
}

/// A deterministic generator (SplitMix64), so every run measures the same input.
pub struct SplitMix(pub u64);

impl SplitMix {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> i64 {
        i64::try_from(self.next_u64() % n.max(1)).unwrap_or(0)
    }
}

/// An account-manager population: `customers` customers with four successive assignments each
/// (500 managers; the last assignment still open), handed over in random order, and `records`
/// consumption records over 600 days in random customer order, a few for customers never
/// assigned.
pub fn attribution_population(
    customers: usize,
    records: usize,
) -> (Vec<Assignment>, Vec<Consumption>) {
    const PER_CUSTOMER: usize = 4;
    let mut rng = SplitMix(7);
    let start = OffsetDateTime::UNIX_EPOCH + Duration::days(20_089); // 2025-01-01
    let mut assignments = Vec::with_capacity(customers * PER_CUSTOMER);
    for customer in 0..customers {
        let mut cursor = start;
        for k in 0..PER_CUSTOMER {
            let from = cursor + Duration::days(rng.below(30));
            let to = from + Duration::days(1 + rng.below(90));
            assignments.push(Assignment {
                customer_id: format!("customer-{customer:06}"),
                manager_id: format!("manager-{:04}", rng.below(500)),
                from,
                to: (k + 1 < PER_CUSTOMER).then_some(to),
            });
            cursor = to;
        }
    }
    for i in (1..assignments.len()).rev() {
        let j = usize::try_from(rng.next_u64() % (i as u64 + 1)).unwrap_or(0);
        assignments.swap(i, j);
    }
    let unassigned = u64::try_from(customers / 50).unwrap_or(0);
    let consumption = (0..records)
        .map(|_| Consumption {
            customer_id: format!(
                "customer-{:06}",
                rng.below(u64::try_from(customers).unwrap_or(1) + unassigned)
            ),
            at: start + Duration::minutes(rng.below(600 * 24 * 60)),
            amount_minor: rng.below(100_000) - 1_000,
        })
        .collect();
    (assignments, consumption)
}

/// The partner of the batch benchmarks.
pub fn partner() -> Partner {
    Partner {
        has_reserved_contact: true,
        registration_country: Some("SG".to_owned()),
        active_preregistrations: 40,
        ..Partner::new("p-1")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use partner_rules::preregistration::{self, Outcome};
    use partner_rules::Policy;

    #[test]
    fn every_fixture_is_answered() {
        let fixtures = fixtures().unwrap();
        assert!(fixtures.len() >= 8);
        for fixture in fixtures {
            let answer = partner_rules::evaluate_json(&fixture.text());
            assert!(answer.is_ok(), "{}: {answer:?}", fixture.name);
        }
    }

    #[test]
    fn op_goes_first_or_last_and_the_answer_is_the_same() {
        let fixture = fixture("preregistration.check/all_reasons").unwrap();
        assert!(fixture
            .text()
            .starts_with(r#"{"op":"preregistration.check","#));
        assert!(fixture
            .text_op_last()
            .ends_with(r#""op":"preregistration.check"}"#));
        let first: Value = serde_json::from_str(&fixture.text()).unwrap();
        assert_eq!(first, fixture.request);
        assert_eq!(
            partner_rules::evaluate_json(&fixture.text()),
            partner_rules::evaluate_json(&fixture.text_op_last())
        );
    }

    #[test]
    fn the_largest_answer_carries_every_compatible_reason() {
        let fixture = fixture("preregistration.check/all_reasons").unwrap();
        let answer: Value =
            serde_json::from_str(&partner_rules::evaluate_json(&fixture.text()).unwrap()).unwrap();
        assert_eq!(answer["outcome"], "blocked");
        assert_eq!(answer["reasons"].as_array().unwrap().len(), 11);
        let send = fixture_answer("invitation.send/all_reasons");
        assert_eq!(send["reasons"].as_array().unwrap().len(), 4);
    }

    fn fixture_answer(name: &str) -> Value {
        let fixture = fixture(name).unwrap();
        serde_json::from_str(&partner_rules::evaluate_json(&fixture.text()).unwrap()).unwrap()
    }

    #[test]
    fn every_op_has_a_fixture() {
        let names: Vec<String> = fixtures().unwrap().into_iter().map(|f| f.name).collect();
        for op in partner_rules::OPS {
            assert!(
                names
                    .iter()
                    .any(|n| n == op || n.starts_with(&format!("{op}/"))),
                "no fixture for {op}"
            );
        }
        let causes = fixture_answer("association.check/all_causes");
        assert_eq!(causes["reasons"].as_array().unwrap().len(), 16);
    }

    #[test]
    fn the_attribution_population_attributes_most_records() {
        let (assignments, consumption) = attribution_population(1_000, 20_000);
        let attribution = partner_rules::managers::attribute(&assignments, &consumption).unwrap();
        let attributed: i64 = attribution.by_manager.iter().map(|m| m.amount_minor).sum();
        assert!(attributed > attribution.unattributed_minor.abs() * 2);
        assert!(attribution.by_manager.len() > 100);
    }

    #[test]
    fn the_batch_population_mixes_every_outcome() {
        let now = partner_rules::parse_timestamp("2026-11-21T10:00:00+08:00").unwrap();
        let policy = Policy::default();
        let partner = partner();
        let mut counts = [0usize; 3];
        for customer in customers(10_000, now) {
            let slot = match preregistration::check(&policy, &partner, &customer, now).outcome {
                Outcome::Allowed => 0,
                Outcome::ManualReview => 1,
                Outcome::Blocked => 2,
            };
            counts[slot] += 1;
        }
        assert!(counts.iter().all(|n| *n > 500), "{counts:?}");
    }
}
