//! A reference model: a deliberately plain second reading of docs/contract.md ("Pre-registration",
//! "Association", "Fund recovery and remitter names", "Freezing, unfreezing and budgets"),
//! written from the contract alone, not from the core. It reads the same JSON request the engine reads and says which outcome and
//! which reason codes the contract implies; `tests/tests/differential.rs` (and the
//! `differential` fuzz target) compare it with the engine on random facts.
//!
//! Where the contract's rules leave a reading open, the one documented by the library is used and
//! named at the rule:
//! - a pre-registration is valid while `now < expires_at` (docs/contract.md, "Pre-registration": "at or after the expiry
//!   instant it no longer applies");
//! - "registered more than 7 days ago" holds once at least 7 × 24 h have passed since
//!   `registered_at` (the library's half-open reading of "N days"); with no `registered_at` it
//!   cannot be shown, so the customer stays blocked;
//! - countries compare without regard to ASCII case or surrounding white space;
//! - `customer_associated_with_another_partner` needs a partner other than the asking one;
//! - `reseller_independent_accounting_master` follows `has_independent_accounting_members` alone.
//!
//! Each rule is one line of a table: its code and a predicate over the facts, in the order the
//! contract lists them, so the order of the answer is the order of the table.

// Indexing a `Value` by key never panics: a missing key or a non-object reads as `null`, which
// is exactly "absent" in the contract's defaults.
#![allow(clippy::indexing_slicing)]

use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// What the model expects of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// `allowed`, `manual_review`, `blocked`, `associable` or `failed`.
    pub outcome: &'static str,
    /// Reason codes in order.
    pub codes: Vec<&'static str>,
}

/// The facts of a request, read with the defaults of docs/contract.md, "Requests" (booleans false, values
/// null).
struct Facts<'a> {
    request: &'a Value,
    now: OffsetDateTime,
}

fn instant(value: &Value) -> Option<OffsetDateTime> {
    value
        .as_str()
        .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok())
}

impl<'a> Facts<'a> {
    fn new(request: &'a Value) -> Option<Facts<'a>> {
        Some(Facts {
            request,
            now: instant(&request["now"])?,
        })
    }

    fn partner(&self, field: &str) -> &Value {
        &self.request["partner"][field]
    }

    fn customer(&self, field: &str) -> &Value {
        &self.request["customer"][field]
    }

    fn partner_flag(&self, field: &str) -> bool {
        self.partner(field).as_bool().unwrap_or(false)
    }

    fn customer_flag(&self, field: &str) -> bool {
        self.customer(field).as_bool().unwrap_or(false)
    }

    fn policy_number(&self, field: &str, default: u64) -> u64 {
        self.request["policy"][field].as_u64().unwrap_or(default)
    }

    /// The customer's pre-registration and whether it is still valid now.
    fn preregistration(&self) -> Option<(&str, bool)> {
        let held = self.customer("preregistration");
        let holder = held["partner_id"].as_str()?;
        let expires_at = instant(&held["expires_at"])?;
        Some((holder, self.now < expires_at))
    }

    fn held_by_us(&self) -> bool {
        matches!(self.preregistration(), Some((holder, true)) if Some(holder) == self.partner("id").as_str())
    }

    fn held_by_another(&self) -> bool {
        matches!(self.preregistration(), Some((holder, true)) if Some(holder) != self.partner("id").as_str())
    }

    fn registered(&self) -> bool {
        !self.customer("registered_site").is_null() || !self.customer("registered_at").is_null()
    }

    fn followed_up(&self) -> bool {
        self.customer_flag("followed_up_by_direct_sales")
    }

    fn registered_long_enough_ago(&self) -> bool {
        let days = self.policy_number("registered_review_after_days", 7);
        let Ok(days) = i64::try_from(days) else {
            return false;
        };
        instant(self.customer("registered_at"))
            .is_some_and(|at| self.now - at >= Duration::days(days))
    }

    fn countries_differ(&self) -> bool {
        let normalize = |v: &Value| v.as_str().map(|c| c.trim().to_ascii_uppercase());
        match (
            normalize(self.customer("registration_country")),
            normalize(self.partner("registration_country")),
        ) {
            (Some(theirs), Some(ours)) => theirs != ours,
            _ => false,
        }
    }
}

type Rule = (&'static str, fn(&Facts<'_>) -> bool);

/// docs/contract.md, "Pre-registration", blocking reasons in order.
const PREREGISTRATION_BLOCKING: &[Rule] = &[
    ("partner_contact_missing", |f| {
        !f.partner_flag("has_reserved_contact")
    }),
    ("preregistration_quota_reached", |f| {
        let active = f.partner("active_preregistrations").as_u64().unwrap_or(0);
        active >= f.policy_number("max_active_preregistrations", 100)
    }),
    ("customer_associated_with_partner", |f| {
        !f.customer("associated_partner_id").is_null()
    }),
    ("customer_already_preregistered", |f| f.held_by_us()),
    ("customer_preregistered_by_other_partner", |f| {
        f.held_by_another()
    }),
    ("customer_has_huawei_contract", |f| {
        f.customer_flag("has_huawei_contract")
    }),
    ("customer_registered", |f| {
        f.registered() && !(f.followed_up() && f.registered_long_enough_ago())
    }),
    ("customer_cash_expenditure_not_followed_up", |f| {
        f.customer_flag("has_cash_expenditure") && !f.followed_up()
    }),
    ("customer_consumer_cloud_user", |f| {
        f.customer_flag("consumer_cloud_user")
    }),
    ("customer_unified_accounting_member", |f| {
        f.customer_flag("unified_accounting_member")
    }),
];

/// docs/contract.md, "Pre-registration", review reasons in order.
const PREREGISTRATION_REVIEW: &[Rule] = &[
    ("customer_registered_followed_up", |f| {
        f.registered() && f.followed_up() && f.registered_long_enough_ago()
    }),
    ("customer_cash_expenditure_followed_up", |f| {
        f.customer_flag("has_cash_expenditure") && f.followed_up()
    }),
    ("registration_country_differs", |f| f.countries_differ()),
    ("online_sales_team_customer", |f| {
        f.customer_flag("online_sales_team")
    }),
];

fn holding(rules: &[Rule], facts: &Facts<'_>) -> Vec<&'static str> {
    rules
        .iter()
        .filter(|(_, holds)| holds(facts))
        .map(|(code, _)| *code)
        .collect()
}

/// `preregistration.check` (docs/contract.md, "Pre-registration"). `None` when the request has no readable `now`.
pub fn preregistration_check(request: &Value) -> Option<Expected> {
    let facts = Facts::new(request)?;
    let blocking = holding(PREREGISTRATION_BLOCKING, &facts);
    let review = holding(PREREGISTRATION_REVIEW, &facts);
    let outcome = if !blocking.is_empty() {
        "blocked"
    } else if !review.is_empty() {
        "manual_review"
    } else {
        "allowed"
    };
    Some(Expected {
        outcome,
        codes: blocking.into_iter().chain(review).collect(),
    })
}

/// When an allowed pre-registration expires: `now` + the validity in days, as an instant.
pub fn preregistration_expiry(request: &Value) -> Option<OffsetDateTime> {
    let facts = Facts::new(request)?;
    let days = i64::try_from(facts.policy_number("preregistration_validity_days", 15)).ok()?;
    facts.now.checked_add(Duration::days(days))
}

/// Which models a cause belongs to (docs/contract.md, "Association"): 12, 13 and 20 only under reseller, 14 and 15 only
/// under referral, 6 only when a prepaid partner uses reseller.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Under {
    Both,
    Reseller,
    Referral,
}

type Cause = (&'static str, Under, fn(&Facts<'_>) -> bool);

/// docs/contract.md, "Association", the causes that facts imply, in catalog order (`system_busy` is never inferred).
const CAUSES: &[Cause] = &[
    ("invitation_link_not_found", Under::Both, |f| {
        f.request["invitation"].is_null()
    }),
    ("invitation_link_expired", Under::Both, |f| {
        instant(&f.request["invitation"]["expires_at"]).is_some_and(|at| f.now >= at)
    }),
    ("invitation_code_used", Under::Both, |f| {
        f.request["invitation"]["code_used"] == json!(true)
    }),
    ("invitation_link_used", Under::Both, |f| {
        f.request["invitation"]["link_used"] == json!(true)
    }),
    ("prepaid_partner_reseller_model", Under::Reseller, |f| {
        f.partner("billing_mode") == "prepaid"
    }),
    ("customer_registered_by_another_partner", Under::Both, |f| {
        f.held_by_another()
    }),
    ("customer_is_or_applying_partner", Under::Both, |f| {
        f.customer_flag("is_or_applying_partner")
    }),
    (
        "customer_associated_with_another_partner",
        Under::Both,
        |f| {
            let associated = f.customer("associated_partner_id");
            !associated.is_null() && associated != f.partner("id")
        },
    ),
    ("customer_special_contract", Under::Both, |f| {
        f.customer_flag("special_contract")
    }),
    ("customer_internal_account", Under::Both, |f| {
        f.customer_flag("internal_account")
    }),
    (
        "reseller_independent_accounting_master",
        Under::Reseller,
        |f| f.customer_flag("has_independent_accounting_members"),
    ),
    ("reseller_enterprise_member_account", Under::Reseller, |f| {
        f.customer("account_type") == "enterprise_member"
    }),
    ("referral_restricted_by_agreement", Under::Referral, |f| {
        f.partner_flag("referral_restricted_by_agreement")
    }),
    ("referral_restricted_by_country", Under::Referral, |f| {
        f.partner_flag("referral_restricted_by_country")
    }),
    ("customer_has_consumption_record", Under::Both, |f| {
        f.customer_flag("has_consumption_record")
    }),
    ("topup_balance_invoice_over_limit", Under::Both, |f| {
        f.customer_flag("topup_balance_invoice_over_limit")
    }),
    ("customer_registration_too_old", Under::Both, |f| {
        f.customer_flag("registration_over_limit")
    }),
    ("customer_overdue_payment", Under::Both, |f| {
        f.customer_flag("overdue_payment")
    }),
    ("reseller_credit_bill_run_overdue", Under::Reseller, |f| {
        f.customer_flag("credit_bill_run_overdue")
    }),
];

/// The association answer under one model: outcome, cause codes, `primary`, `frozen_after`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Association {
    /// Outcome and causes.
    pub expected: Expected,
    /// The first cause, if any.
    pub primary: Option<&'static str>,
    /// Reseller: frozen until a budget is set; referral: not; `None` when failed.
    pub frozen_after: Option<bool>,
}

fn associate(facts: &Facts<'_>, reseller: bool) -> Association {
    let codes: Vec<&'static str> = CAUSES
        .iter()
        .filter(|(_, under, _)| match under {
            Under::Both => true,
            Under::Reseller => reseller,
            Under::Referral => !reseller,
        })
        .filter(|(_, _, holds)| holds(facts))
        .map(|(code, _, _)| *code)
        .collect();
    let primary = codes.first().copied();
    Association {
        expected: Expected {
            outcome: if codes.is_empty() {
                "associable"
            } else {
                "failed"
            },
            codes,
        },
        primary,
        frozen_after: primary.is_none().then_some(reseller),
    }
}

/// `association.check` (docs/contract.md, "Association"). `None` when `now` or `model` cannot be read.
pub fn association_check(request: &Value) -> Option<Association> {
    let facts = Facts::new(request)?;
    let reseller = match request["model"].as_str()? {
        "reseller" => true,
        "referral" => false,
        _ => return None,
    };
    Some(associate(&facts, reseller))
}

/// `association.models`: both models, and the recommended one (reseller first).
pub fn association_models(
    request: &Value,
) -> Option<(Association, Association, Option<&'static str>)> {
    let facts = Facts::new(request)?;
    let reseller = associate(&facts, true);
    let referral = associate(&facts, false);
    let recommended = if reseller.primary.is_none() {
        Some("reseller")
    } else if referral.primary.is_none() {
        Some("referral")
    } else {
        None
    };
    Some((reseller, referral, recommended))
}

/// A policy number for the ops after association: every preset has the same value, so only a
/// policy object's override changes it.
fn after_association_number(request: &Value, field: &str, default: i64) -> i64 {
    request["policy"][field].as_i64().unwrap_or(default)
}

/// `t` in `offset`; past the last (or before the first) local instant of the year 9999 (-9999),
/// that instant: the contract's saturation at the ends of the supported years.
fn local(t: OffsetDateTime, offset: time::UtcOffset) -> OffsetDateTime {
    t.checked_to_offset(offset).unwrap_or_else(|| {
        let latest = last_instant(offset);
        if t > latest {
            latest
        } else {
            time::PrimitiveDateTime::MIN.assume_offset(offset)
        }
    })
}

/// The last local instant of the year 9999 in `offset`, where arithmetic saturates.
fn last_instant(offset: time::UtcOffset) -> OffsetDateTime {
    time::PrimitiveDateTime::MAX.assume_offset(offset)
}

/// When resources frozen at `at` are released: `resource_release_days` later, saturating.
fn release_instant(request: &Value, at: OffsetDateTime) -> OffsetDateTime {
    local(
        at.saturating_add(release_days(request)),
        policy_offset(request),
    )
}

/// The policy's UTC offset (`+08:00` in every preset).
fn policy_offset(request: &Value) -> time::UtcOffset {
    let text = request["policy"]["calendar"]["utc_offset"]
        .as_str()
        .unwrap_or("+08:00");
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let hours: i8 = text.get(1..3).and_then(|h| h.parse().ok()).unwrap_or(8);
    let minutes: i8 = text.get(4..6).and_then(|m| m.parse().ok()).unwrap_or(0);
    time::UtcOffset::from_hms(sign * hours, sign * minutes, 0).unwrap_or(time::UtcOffset::UTC)
}

/// One item of a batch answer: its outcome and reason codes, and for freezes `release_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Outcome and reason codes.
    pub expected: Expected,
    /// `release_at` of a freeze (always `None` for other ops).
    pub release_at: Option<OffsetDateTime>,
}

fn item(codes: Vec<&'static str>, release_at: Option<OffsetDateTime>) -> Item {
    let outcome = if codes.is_empty() {
        "allowed"
    } else {
        "blocked"
    };
    Item {
        release_at: release_at.filter(|_| outcome == "allowed"),
        expected: Expected { outcome, codes },
    }
}

fn verification_missing(request: &Value) -> bool {
    request["partner"]["verification_code_enabled"] == json!(true)
        && request["verification_code_verified"] != json!(true)
}

fn resale(customer: &Value) -> bool {
    customer["current_model"] == "reseller"
}

fn too_many(request: &Value) -> bool {
    let count = request["customers"].as_array().map_or(0, Vec::len);
    i64::try_from(count).unwrap_or(i64::MAX)
        > after_association_number(request, "max_customers_per_freeze", 10)
}

fn release_days(request: &Value) -> Duration {
    Duration::days(after_association_number(
        request,
        "resource_release_days",
        15,
    ))
}

/// `customer.freeze`: each customer's answer, in order.
pub fn customer_freeze(request: &Value) -> Option<Vec<Item>> {
    let now = instant(&request["now"])?;
    let kind = request["freeze_type"].as_str().unwrap_or("account");
    let reason = request["reason"].as_str().unwrap_or("");
    let mut shared = Vec::new();
    if too_many(request) {
        shared.push("too_many_customers");
    }
    let limit = after_association_number(request, "freeze_reason_max_chars", 256);
    if reason.trim().is_empty() {
        shared.push("freeze_reason_required");
    } else if i64::try_from(reason.chars().count()).unwrap_or(i64::MAX) > limit {
        shared.push("freeze_reason_too_long");
    }
    if kind == "account_and_resource"
        && request["partner"]["tier"] == "reseller"
        && request["partner"]["resource_freeze_authorized"] != json!(true)
    {
        shared.push("resource_freeze_not_authorized");
    }
    if verification_missing(request) {
        shared.push("verification_code_required");
    }
    let release_at = (kind == "account_and_resource").then(|| release_instant(request, now));
    let items = request["customers"].as_array()?.iter().map(|customer| {
        let mut codes = shared.clone();
        if !resale(customer) {
            codes.push("customer_not_resale");
        }
        if customer["frozen"] == kind || customer["frozen"] == "account_and_resource" {
            codes.push("customer_already_frozen");
        }
        item(codes, release_at)
    });
    Some(items.collect())
}

/// `customer.unfreeze`: each customer's answer, in order.
pub fn customer_unfreeze(request: &Value) -> Option<Vec<Item>> {
    let now = instant(&request["now"])?;
    let kind = request["unfreeze_type"].as_str()?;
    let mut shared = Vec::new();
    if too_many(request) {
        shared.push("too_many_customers");
    }
    if request["partner"]["frozen"] == json!(true) && kind == "account_and_resource" {
        shared.push("partner_frozen_cannot_unfreeze_resources");
    }
    if verification_missing(request) {
        shared.push("verification_code_required");
    }
    let items = request["customers"].as_array()?.iter().map(|customer| {
        let mut codes = shared.clone();
        if !resale(customer) {
            codes.push("customer_not_resale");
        }
        let frozen = &customer["frozen"];
        if frozen.is_null() {
            codes.push("customer_not_frozen");
        } else if frozen != kind {
            codes.push("unfreeze_type_mismatch");
        }
        let gone =
            instant(&customer["frozen_at"]).is_some_and(|at| now >= release_instant(request, at));
        if frozen == "account_and_resource" && gone {
            codes.push("resources_released");
        }
        item(codes, None)
    });
    Some(items.collect())
}

/// What `budget.set` answers beyond its outcome, when allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetSet {
    /// Outcome and reason codes.
    pub expected: Expected,
    /// The next monthly reset.
    pub resets_at: Option<OffsetDateTime>,
    /// The alert thresholds.
    pub alerts_minor: Option<Vec<i64>>,
    /// Whether the account is unfrozen too.
    pub unfreezes: Option<bool>,
}

/// `budget.set`.
pub fn budget_set(request: &Value) -> Option<BudgetSet> {
    let now = instant(&request["now"])?;
    let amount = request["amount_minor"].as_i64()?;
    let mut codes = Vec::new();
    if !resale(&request["customer"]) {
        codes.push("customer_not_resale");
    }
    if amount <= 0
        || amount > after_association_number(request, "budget_max_minor", 214_748_364_700)
    {
        codes.push("budget_amount_out_of_range");
    }
    let quota = request["partner"]["budget_quota_minor"].as_i64();
    if request["partner"]["tier"] == "reseller" && quota.is_some_and(|q| amount > q) {
        codes.push("budget_exceeds_distributor_quota");
    }
    if !codes.is_empty() {
        return Some(BudgetSet {
            expected: Expected {
                outcome: "blocked",
                codes,
            },
            resets_at: None,
            alerts_minor: None,
            unfreezes: None,
        });
    }
    let monthly = request["budget_type"].as_str().unwrap_or("monthly") == "monthly";
    let offset = policy_offset(request);
    let local = local(now, offset);
    let (year, month) = match local.month() {
        time::Month::December => (local.year() + 1, time::Month::January),
        month => (local.year(), month.next()),
    };
    // After December 9999, the last local instant.
    let reset = time::Date::from_calendar_date(year, month, 1)
        .map(|first| first.midnight().assume_offset(offset))
        .unwrap_or_else(|_| last_instant(offset));
    let percents: Vec<i64> = match request["policy"]["budget_alert_percents"].as_array() {
        Some(list) => list.iter().filter_map(Value::as_i64).collect(),
        None => vec![75, 90, 100],
    };
    Some(BudgetSet {
        expected: Expected {
            outcome: "allowed",
            codes,
        },
        resets_at: monthly.then_some(reset),
        // In 128 bits: a policy may allow amounts near the largest 64-bit number.
        alerts_minor: Some(
            percents
                .iter()
                .map(|&p| i64::try_from(i128::from(amount) * i128::from(p) / 100).unwrap_or(amount))
                .collect(),
        ),
        unfreezes: Some(
            request["cancel_partner_frozen"] == json!(true)
                && !request["customer"]["frozen"].is_null(),
        ),
    })
}

/// `funds.recover`: each customer's answer, in order.
pub fn funds_recover(request: &Value) -> Option<Vec<Item>> {
    let items = request["customers"].as_array()?.iter().map(|customer| {
        let quota = customer["available_quota_minor"].as_i64().unwrap_or(0);
        let amount = customer["amount_minor"].as_i64();
        let mut codes = Vec::new();
        if verification_missing(request) {
            codes.push("verification_code_required");
        }
        if quota <= 0 {
            codes.push("no_available_quota");
        }
        if amount.is_some_and(|a| a <= 0) {
            codes.push("recovery_amount_not_positive");
        }
        if quota > 0 && amount.is_some_and(|a| a > quota) {
            codes.push("recovery_amount_exceeds_quota");
        }
        item(codes, None)
    });
    Some(items.collect())
}

/// `remitter.check`.
pub fn remitter_check(request: &Value) -> Option<Expected> {
    let active = request["active_remitter_names"].as_i64()?;
    let full = active >= after_association_number(request, "max_active_remitter_names", 5);
    Some(Expected {
        outcome: if full { "blocked" } else { "allowed" },
        codes: if full {
            vec!["remitter_name_limit_reached"]
        } else {
            Vec::new()
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_reads_the_examples_of_the_contract() {
        let request = json!({
            "op": "preregistration.check", "now": "2026-11-21T10:00:00+08:00",
            "partner": {"id": "p-1", "has_reserved_contact": true, "registration_country": "SG"},
            "customer": {"registration_country": " sg ", "online_sales_team": true},
        });
        assert_eq!(
            preregistration_check(&request),
            Some(Expected {
                outcome: "manual_review",
                codes: vec!["online_sales_team_customer"]
            })
        );
        let request = json!({
            "op": "association.check", "now": "2026-11-21T10:00:00+08:00",
            "partner": {"id": "p-1", "billing_mode": "prepaid"},
            "customer": {"overdue_payment": true}, "model": "reseller",
        });
        let answer = association_check(&request).unwrap();
        assert_eq!(
            answer.expected.codes,
            [
                "invitation_link_not_found",
                "prepaid_partner_reseller_model",
                "customer_overdue_payment"
            ]
        );
        assert_eq!(answer.frozen_after, None);
    }
}
