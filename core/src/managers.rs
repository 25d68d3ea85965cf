//! Account managers (docs/contract.md, "Account managers"): consumption is attributed to the manager whose
//! assignment interval holds its instant.
//!
//! Attribution sorts the assignments once by customer and start, then finds each record's
//! assignment by binary search within its customer's run, so a million records over a hundred
//! thousand assignments take O((n + m) log m), not n × m.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::error::quote;
use crate::input_error::{grouped, InputError, Location};
use crate::timefmt::{rfc3339, rfc3339_option};

/// A customer assigned to a manager over the half-open interval `[from, to)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The customer.
    pub customer_id: String,
    /// The manager.
    pub manager_id: String,
    /// When the assignment started (included).
    #[serde(with = "rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::timefmt::Timestamp"))]
    pub from: OffsetDateTime,
    /// When the customer was recalled (excluded); absent or null: still assigned.
    #[serde(default, with = "rfc3339_option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::timefmt::Timestamp>")
    )]
    pub to: Option<OffsetDateTime>,
}

/// An assignment's interval as nanoseconds since the Unix epoch: comparing these is one
/// integer comparison, where comparing two `OffsetDateTime`s first brings both to UTC, which
/// would dominate the run time of a large attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    from: i128,
    /// `i128::MAX` when still assigned: later than any instant `time` can represent.
    to: i128,
}

impl Span {
    fn of(assignment: &Assignment) -> Span {
        Span {
            from: assignment.from.unix_timestamp_nanos(),
            to: assignment
                .to
                .map_or(i128::MAX, OffsetDateTime::unix_timestamp_nanos),
        }
    }

    fn holds(self, at: i128) -> bool {
        self.from <= at && at < self.to
    }

    /// No instant lies in `[from, from)`: such an assignment attributes nothing and overlaps
    /// nothing.
    fn is_empty(self) -> bool {
        self.to <= self.from
    }
}

/// One consumption record of a customer, in integer minor units (cents, fen). Negative amounts
/// (refunds, corrections) are allowed and attributed like any other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Consumption {
    /// The customer.
    pub customer_id: String,
    /// When the consumption happened.
    #[serde(with = "rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::timefmt::Timestamp"))]
    pub at: OffsetDateTime,
    /// The amount in minor units.
    pub amount_minor: i64,
}

/// One manager's attributed total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ManagerTotal {
    /// The manager.
    pub manager_id: String,
    /// The sum of the records attributed to this manager, in minor units.
    pub amount_minor: i64,
}

/// The attribution of a set of consumption records.
///
/// Every manager that appears in an assignment is listed, with 0 when nothing was attributed,
/// sorted by id (byte order). `total_minor` = Σ `by_manager` + `unattributed_minor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Attribution {
    /// Per manager, sorted by manager id.
    pub by_manager: Vec<ManagerTotal>,
    /// The sum of the records no assignment holds.
    pub unattributed_minor: i64,
    /// The sum of all records.
    pub total_minor: i64,
}

/// Attributes each consumption record to the manager whose assignment of that customer holds
/// the record's instant.
///
/// Errors (locations relative to a request with `assignments` and `consumption` lists):
/// - an assignment whose `to` is before its `from` (`assignments[i].to`);
/// - two overlapping assignments of one customer: the location is the later-starting one, the
///   message names both;
/// - a sum (a manager's, the unattributed one or the total) outside the 64-bit range
///   (`consumption`). Sums are exact whatever the order of the records.
///
/// ```
/// use partner_rules::managers::{self, Assignment, Consumption};
/// use partner_rules::parse_timestamp;
///
/// let t = |s: &str| parse_timestamp(s).unwrap();
/// let assignments = [Assignment {
///     customer_id: "c-1".into(),
///     manager_id: "m-1".into(),
///     from: t("2026-11-01T00:00:00+08:00"),
///     to: Some(t("2026-12-01T00:00:00+08:00")),
/// }];
/// let consumption = [
///     Consumption { customer_id: "c-1".into(), at: t("2026-11-15T00:00:00+08:00"), amount_minor: 1250 },
///     Consumption { customer_id: "c-1".into(), at: t("2026-12-01T00:00:00+08:00"), amount_minor: 99 },
/// ];
/// let attribution = managers::attribute(&assignments, &consumption).unwrap();
/// assert_eq!(attribution.by_manager[0].amount_minor, 1250);
/// assert_eq!(attribution.unattributed_minor, 99);
/// assert_eq!(attribution.total_minor, 1349);
/// ```
pub fn attribute(
    assignments: &[Assignment],
    consumption: &[Consumption],
) -> Result<Attribution, InputError> {
    let index = AssignmentIndex::build(assignments)?;
    let mut per_manager = vec![0i128; index.managers.len()];
    let mut unattributed = 0i128;
    let mut total = 0i128;
    // Hosts often list a customer's records together: consecutive records of one customer
    // reuse its run instead of looking it up again.
    let mut previous: Option<(&str, &[(Span, usize)])> = None;
    for record in consumption {
        let amount = i128::from(record.amount_minor);
        // An i128 cannot overflow here: it would take more than 2^64 records of |2^63|.
        total += amount;
        let run = match previous {
            Some((customer, run)) if customer == record.customer_id => run,
            _ => {
                let run = index.run_of(&record.customer_id);
                previous = Some((&record.customer_id, run));
                run
            }
        };
        match manager_in(run, record.at.unix_timestamp_nanos()) {
            Some(manager) => match per_manager.get_mut(manager) {
                Some(sum) => *sum += amount,
                None => unattributed += amount,
            },
            None => unattributed += amount,
        }
    }
    let by_manager = index
        .managers
        .iter()
        .zip(per_manager)
        .map(|(manager_id, sum)| {
            Ok(ManagerTotal {
                manager_id: (*manager_id).to_owned(),
                amount_minor: fit(sum, || {
                    format!("the total of manager {}", quote(manager_id))
                })?,
            })
        })
        .collect::<Result<Vec<_>, InputError>>()?;
    Ok(Attribution {
        by_manager,
        unattributed_minor: fit(unattributed, || "the unattributed total".to_owned())?,
        total_minor: fit(total, || "the total".to_owned())?,
    })
}

fn fit(sum: i128, what: impl FnOnce() -> String) -> Result<i64, InputError> {
    i64::try_from(sum).map_err(|_| {
        InputError::new(
            Location::field("consumption"),
            format!(
                "{} is {} minor units, expected a sum from {} to {}",
                what(),
                grouped(sum),
                grouped(i64::MIN),
                grouped(i64::MAX)
            ),
        )
    })
}

/// The assignments grouped by customer and sorted by start, each customer's run located by a
/// hash map.
struct AssignmentIndex<'a> {
    /// Distinct manager ids, sorted: the order of the answer.
    managers: Vec<&'a str>,
    /// Non-empty assignments sorted by (customer, from), each with its manager's index.
    sorted: Vec<(Span, usize)>,
    /// Each customer's run in `sorted`. The keys are copies made one after another, so they sit
    /// close together in memory: every look-up compares against one, and chasing the host's
    /// scattered strings instead would cost a cache miss per record.
    runs: HashMap<Box<str>, (usize, usize)>,
}

impl<'a> AssignmentIndex<'a> {
    fn build(assignments: &'a [Assignment]) -> Result<AssignmentIndex<'a>, InputError> {
        // Customers and managers are numbered in order of appearance, so that sorting and
        // grouping compare integers instead of strings scattered over the heap.
        let mut customer_numbers: HashMap<&str, usize> = HashMap::new();
        let mut manager_numbers: HashMap<&str, usize> = HashMap::new();
        // (customer number, span, index in `assignments`, manager number)
        let mut order = Vec::with_capacity(assignments.len());
        for (i, assignment) in assignments.iter().enumerate() {
            let span = Span::of(assignment);
            if span.to < span.from {
                return Err(InputError::new(
                    Location::field("assignments").item(i).then("to"),
                    "expected `to` at or after `from` (an assignment is the half-open interval [from, to))",
                ));
            }
            let next = manager_numbers.len();
            let manager = *manager_numbers
                .entry(assignment.manager_id.as_str())
                .or_insert(next);
            if span.is_empty() {
                continue;
            }
            let next = customer_numbers.len();
            let customer = *customer_numbers
                .entry(assignment.customer_id.as_str())
                .or_insert(next);
            order.push((customer, span, i, manager));
        }

        let mut by_id: Vec<(&str, usize)> = manager_numbers.into_iter().collect();
        by_id.sort_unstable();
        // Manager number → position in the answer's id order.
        let mut rank = vec![0; by_id.len()];
        for (position, (_, number)) in by_id.iter().enumerate() {
            if let Some(slot) = rank.get_mut(*number) {
                *slot = position;
            }
        }
        let managers = by_id.into_iter().map(|(id, _)| id).collect();

        order.sort_unstable_by_key(|(customer, span, i, _)| (*customer, span.from, *i));
        let mut sorted = Vec::with_capacity(order.len());
        let mut runs_by_number = vec![(0, 0); customer_numbers.len()];
        // The assignment of the current customer reaching furthest, for the overlap check.
        let mut furthest: Option<(usize, Span, usize)> = None;
        for (customer, span, i, manager) in order {
            match furthest {
                Some((previous, reach, j)) if previous == customer => {
                    if span.from < reach.to {
                        return Err(overlap(assignments, j, i));
                    }
                    if span.to > reach.to {
                        furthest = Some((customer, span, i));
                    }
                }
                _ => furthest = Some((customer, span, i)),
            }
            let position = sorted.len();
            sorted.push((span, rank.get(manager).copied().unwrap_or_default()));
            if let Some(run) = runs_by_number.get_mut(customer) {
                // A run that has begun ends after position 0: (0, 0) is "not begun".
                if run.1 == 0 {
                    run.0 = position;
                }
                run.1 = position + 1;
            }
        }
        let runs = customer_numbers
            .into_iter()
            .map(|(customer, number)| {
                let run = runs_by_number.get(number).copied().unwrap_or_default();
                (Box::from(customer), run)
            })
            .collect();
        Ok(AssignmentIndex {
            managers,
            sorted,
            runs,
        })
    }

    /// The assignments of `customer`, sorted by start; empty when it has none.
    fn run_of(&self, customer: &str) -> &[(Span, usize)] {
        self.runs
            .get(customer)
            .and_then(|(start, end)| self.sorted.get(*start..*end))
            .unwrap_or_default()
    }
}

/// The index (into `managers`) of the manager whose assignment in `run` holds `at` (Unix
/// nanoseconds).
fn manager_in(run: &[(Span, usize)], at: i128) -> Option<usize> {
    // The last assignment starting at or before `at` is the only one that can hold it: the
    // assignments of a run do not overlap.
    let after = run.partition_point(|(span, _)| span.from <= at);
    let (span, manager) = run.get(after.checked_sub(1)?)?;
    span.holds(at).then_some(*manager)
}

fn overlap(assignments: &[Assignment], earlier: usize, later: usize) -> InputError {
    let manager = |i: usize| assignments.get(i).map_or("", |a| a.manager_id.as_str());
    let customer = assignments
        .get(later)
        .map_or("", |a| a.customer_id.as_str());
    InputError::new(
        Location::field("assignments").item(later),
        format!(
            "this assignment (manager {}) overlaps assignment {earlier} (manager {}) of customer {}, expected at most one manager at a time",
            quote(manager(later)),
            quote(manager(earlier)),
            quote(customer),
        ),
    )
}

/// The assignment of `customer` holding `at`, by a plain scan: the reference the fast path is
/// tested against.
#[cfg(test)]
fn holder<'a>(
    assignments: &'a [Assignment],
    customer: &str,
    at: OffsetDateTime,
) -> Vec<&'a Assignment> {
    assignments
        .iter()
        .filter(|a| a.customer_id == customer && Span::of(a).holds(at.unix_timestamp_nanos()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_timestamp;
    use proptest::prelude::*;
    use time::Duration;

    fn t(text: &str) -> OffsetDateTime {
        parse_timestamp(text).unwrap()
    }

    fn assignment(customer: &str, manager: &str, from: &str, to: Option<&str>) -> Assignment {
        Assignment {
            customer_id: customer.into(),
            manager_id: manager.into(),
            from: t(from),
            to: to.map(t),
        }
    }

    fn record(customer: &str, at: &str, amount_minor: i64) -> Consumption {
        Consumption {
            customer_id: customer.into(),
            at: t(at),
            amount_minor,
        }
    }

    #[test]
    fn a_recalled_customer_can_be_assigned_again() {
        let assignments = [
            assignment(
                "c-1",
                "m-b",
                "2026-01-01T00:00:00Z",
                Some("2026-02-01T00:00:00Z"),
            ),
            assignment("c-1", "m-a", "2026-02-01T00:00:00Z", None),
            assignment("c-2", "m-c", "2026-01-01T00:00:00Z", None),
        ];
        let consumption = [
            record("c-1", "2025-12-31T23:59:59Z", 1),
            record("c-1", "2026-01-31T23:59:59Z", 10),
            record("c-1", "2026-02-01T00:00:00Z", 100),
            record("c-3", "2026-02-01T00:00:00Z", 1000),
        ];
        let attribution = attribute(&assignments, &consumption).unwrap();
        let by: Vec<(&str, i64)> = attribution
            .by_manager
            .iter()
            .map(|m| (m.manager_id.as_str(), m.amount_minor))
            .collect();
        assert_eq!(by, [("m-a", 100), ("m-b", 10), ("m-c", 0)]);
        assert_eq!(attribution.unattributed_minor, 1001);
        assert_eq!(attribution.total_minor, 1111);
    }

    #[test]
    fn overlaps_name_both_assignments() {
        let assignments = [
            assignment("c-1", "m-a", "2026-03-01T00:00:00Z", None),
            assignment("c-2", "m-a", "2026-01-01T00:00:00Z", None),
            assignment(
                "c-1",
                "m-b",
                "2026-01-01T00:00:00Z",
                Some("2026-03-01T00:00:01Z"),
            ),
        ];
        let err = attribute(&assignments, &[]).unwrap_err();
        assert_eq!(err.location().to_string(), "assignments[0]");
        assert!(err.message().contains("assignment 2"), "{err}");
        // Touching intervals do not overlap; an empty interval overlaps nothing.
        let touching = [
            assignment(
                "c-1",
                "m-b",
                "2026-01-01T00:00:00Z",
                Some("2026-03-01T00:00:00Z"),
            ),
            assignment(
                "c-1",
                "m-c",
                "2026-02-01T00:00:00Z",
                Some("2026-02-01T00:00:00+00:00"),
            ),
            assignment("c-1", "m-a", "2026-03-01T00:00:00Z", None),
        ];
        assert!(attribute(&touching, &[]).is_ok());
    }

    #[test]
    fn an_overlap_hidden_behind_a_short_interval_is_found() {
        // The long first interval still covers the third after the short second one ends.
        let assignments = [
            assignment(
                "c-1",
                "m-a",
                "2026-01-01T00:00:00Z",
                Some("2026-12-01T00:00:00Z"),
            ),
            assignment(
                "c-1",
                "m-b",
                "2026-01-01T00:00:00Z",
                Some("2026-01-02T00:00:00Z"),
            ),
        ];
        let err = attribute(&assignments, &[]).unwrap_err();
        assert_eq!(err.location().to_string(), "assignments[1]");
        assert!(err.message().contains("assignment 0"), "{err}");
    }

    #[test]
    fn reversed_intervals_are_invalid() {
        let assignments = [assignment(
            "c-1",
            "m-a",
            "2026-03-01T00:00:00Z",
            Some("2026-02-01T00:00:00Z"),
        )];
        let err = attribute(&assignments, &[]).unwrap_err();
        assert_eq!(err.location().to_string(), "assignments[0].to");
    }

    #[test]
    fn sums_never_wrap() {
        let consumption = [
            record("c-1", "2026-01-01T00:00:00Z", i64::MAX),
            record("c-1", "2026-01-02T00:00:00Z", 1),
        ];
        let err = attribute(&[], &consumption).unwrap_err();
        assert_eq!(err.location().to_string(), "consumption");
        // The order of records does not matter: only the final sums must fit.
        let consumption = [
            record("c-1", "2026-01-01T00:00:00Z", i64::MAX),
            record("c-1", "2026-01-02T00:00:00Z", 1),
            record("c-1", "2026-01-03T00:00:00Z", -2),
        ];
        let attribution = attribute(&[], &consumption).unwrap();
        assert_eq!(attribution.total_minor, i64::MAX - 1);
        let manager_overflow = [
            record("c-1", "2026-01-01T00:00:00Z", i64::MIN),
            record("c-1", "2026-01-02T00:00:00Z", -1),
            record("c-2", "2026-01-02T00:00:00Z", 5),
        ];
        let assignments = [assignment("c-1", "m-a", "2000-01-01T00:00:00Z", None)];
        let err = attribute(&assignments, &manager_overflow).unwrap_err();
        assert!(err.message().contains("`m-a`"), "{err}");
    }

    /// Random non-overlapping assignments: per customer, consecutive gaps and lengths in hours.
    fn scenario() -> impl Strategy<Value = (Vec<Assignment>, Vec<Consumption>)> {
        let customers = proptest::collection::vec(
            proptest::collection::vec((0i64..50, 0i64..50, 0u8..4, any::<bool>()), 0..6),
            1..6,
        );
        let records = proptest::collection::vec((0usize..8, 0i64..600, -1000i64..1000), 0..80);
        (customers, records).prop_map(|(customers, records)| {
            let start = t("2026-01-01T00:00:00+08:00");
            let mut assignments = Vec::new();
            for (c, intervals) in customers.iter().enumerate() {
                let mut cursor = start;
                let last = intervals.len().saturating_sub(1);
                for (k, (gap, length, manager, open)) in intervals.iter().enumerate() {
                    let from = cursor + Duration::hours(*gap);
                    let to = from + Duration::hours(*length);
                    assignments.push(Assignment {
                        customer_id: format!("c-{c}"),
                        manager_id: format!("m-{manager}"),
                        from,
                        to: (!(k == last && *open)).then_some(to),
                    });
                    cursor = to;
                }
            }
            let consumption = records
                .into_iter()
                .map(|(c, hours, amount_minor)| Consumption {
                    customer_id: format!("c-{c}"),
                    at: start + Duration::hours(hours),
                    amount_minor,
                })
                .collect();
            (assignments, consumption)
        })
    }

    proptest! {
        #[test]
        fn attribution_conserves_totals_and_matches_a_plain_scan(
            (mut assignments, consumption) in scenario(),
            seed in any::<u64>(),
        ) {
            // The input order must not matter.
            let len = assignments.len();
            if len > 1 {
                assignments.rotate_left(usize::try_from(seed % len as u64).unwrap());
            }
            let attribution = attribute(&assignments, &consumption).unwrap();
            let attributed: i64 = attribution.by_manager.iter().map(|m| m.amount_minor).sum();
            prop_assert_eq!(attributed + attribution.unattributed_minor, attribution.total_minor);
            prop_assert_eq!(attribution.total_minor, consumption.iter().map(|c| c.amount_minor).sum::<i64>());

            let mut expected: std::collections::BTreeMap<&str, i64> = assignments
                .iter()
                .map(|a| (a.manager_id.as_str(), 0))
                .collect();
            let mut unattributed = 0;
            for record in &consumption {
                let holders = holder(&assignments, &record.customer_id, record.at);
                prop_assert!(holders.len() <= 1, "record held by {} assignments", holders.len());
                match holders.first() {
                    Some(a) => *expected.get_mut(a.manager_id.as_str()).unwrap() += record.amount_minor,
                    None => unattributed += record.amount_minor,
                }
            }
            let actual: Vec<(&str, i64)> = attribution.by_manager.iter().map(|m| (m.manager_id.as_str(), m.amount_minor)).collect();
            let expected: Vec<(&str, i64)> = expected.into_iter().collect();
            prop_assert_eq!(actual, expected);
            prop_assert_eq!(attribution.unattributed_minor, unattributed);
        }

        #[test]
        fn any_overlap_is_reported(
            (assignments, _) in scenario(),
            pick in any::<prop::sample::Index>(),
            shift in 1i64..40,
        ) {
            prop_assume!(!assignments.is_empty());
            let victim = assignments[pick.index(assignments.len())].clone();
            prop_assume!(!Span::of(&victim).is_empty());
            // A copy starting inside the victim's interval overlaps it.
            let mut intruder = victim.clone();
            intruder.manager_id = "m-intruder".into();
            let inside = victim.from + Duration::minutes(shift);
            intruder.from = match victim.to {
                Some(to) if inside >= to => victim.from,
                _ => inside,
            };
            let mut with_overlap = assignments.clone();
            with_overlap.push(intruder);
            let err = attribute(&with_overlap, &[]).unwrap_err();
            prop_assert!(err.location().to_string().starts_with("assignments["));
        }
    }
}
