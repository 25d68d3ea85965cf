//! A reference model: a deliberately plain second reading of docs/contract.md, "Pre-registration"
//! and 6 (association), written from the contract (docs/contract.md) alone, not
//! from the core. It reads the same JSON request the engine reads and says which outcome and
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
