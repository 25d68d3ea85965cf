//! Association (docs/contract.md, "Association" and "Association"): why an association attempt fails, which model to use,
//! and whether a partner may switch a customer's association type.
//!
//! The causes are the twenty of the [failure-cause catalog](crate::catalog), always reported
//! all together and in catalog order. Causes 2–5 come from the invitation, 6 from a prepaid
//! partner choosing the reseller model, 7–11 and 16–19 from customer facts; 12, 13 and 20 hold
//! only under the reseller model, 14 and 15 only under the referral model ([`Cause::model`]).
//! `system_busy` is a platform-side failure that no fact reveals: it is never inferred, and
//! exists for [looking up](Cause::from_message) a message the platform showed.
//!
//! # Why did this association fail, and what do I tell the customer?
//!
//! A partner invited customer `c-9` under the reseller model. In the partner center the customer
//! shows "Association failed", with the platform's message. The message alone names the cause
//! and the operation to suggest:
//!
//! ```
//! use partner_rules::{Cause, Operation};
//!
//! let shown = "Failed to associate with the partner in the reseller model because the \
//!              customer was using an enterprise member account to do so.";
//! let cause = Cause::from_message(shown).unwrap();
//! assert_eq!(cause.code(), "reseller_enterprise_member_account");
//! assert_eq!(cause.suggested_operation(), Operation::NotAssociableReseller);
//! assert_eq!(
//!     cause.suggested_operation().text().en,
//!     "The customer cannot be associated with a partner in the reseller model."
//! );
//! // Our own explanation, for the partner's staff or the customer, in English and Chinese.
//! assert_eq!(cause.message().zh, "经销商模式下，企业成员账号无法关联。");
//! ```
//!
//! The platform shows one message; the facts may hold more causes. Checking them returns every
//! cause in catalog order, the first as `primary`:
//!
//! ```
//! use partner_rules::{association, parse_timestamp, Customer, Invitation, Partner, Policy};
//! use partner_rules::association::Outcome;
//! use partner_rules::facts::{AccountType, Model};
//!
//! let policy = Policy::default();
//! let partner = Partner::new("p-1");
//! let customer = Customer {
//!     account_type: AccountType::EnterpriseMember,
//!     overdue_payment: true,
//!     ..Customer::default()
//! };
//! let invitation = Invitation::default(); // a link that never expires, not yet used
//! let now = parse_timestamp("2026-11-21T10:00:00+08:00").unwrap();
//!
//! let reseller = association::check(&policy, &partner, &customer, Model::Reseller, Some(&invitation), now);
//! assert_eq!(reseller.outcome, Outcome::Failed);
//! let codes: Vec<_> = reseller.causes().map(|c| c.code()).collect();
//! assert_eq!(codes, ["reseller_enterprise_member_account", "customer_overdue_payment"]);
//! assert_eq!(
//!     reseller.reasons[1].code.suggested_operation().unwrap().text().en,
//!     "Remind the customer to top up the account and repay the overdue payment and then \
//!      submit a service ticket or contact the customer service to associate with the partner."
//! );
//!
//! // Is another model open? Not while the payment is overdue: that cause holds under both.
//! let both = association::models(&policy, &partner, &customer, Some(&invitation), now);
//! assert_eq!(both.recommended, None);
//!
//! // Once the customer has repaid, the referral model is open, and the account is not frozen.
//! let repaid = Customer { overdue_payment: false, ..customer };
//! let both = association::models(&policy, &partner, &repaid, Some(&invitation), now);
//! assert_eq!(both.recommended, Some(Model::Referral));
//! assert_eq!(both.referral.frozen_after, Some(false));
//! ```
//!
//! So the partner tells the customer: "Your enterprise member account cannot become our
//! reseller customer. Please top up your account and repay the overdue payment; then accept the
//! referral invitation we will send you." — and sends a new invitation under the referral
//! model.

use serde::Serialize;
use time::OffsetDateTime;

use crate::catalog::Cause;
use crate::facts::{
    AccountType, BillingMode, Customer, HistoryEntry, Initiator, Invitation, Model, Partner,
};
use crate::input_error::{InputError, Location};
use crate::quota;
use crate::reason::{Reason, ReasonCode, Rule, Verdict};
use crate::strict::names;
use crate::Policy;

names! {
    schema "AssociationOutcome";
    /// The outcome of an association check.
    pub enum Outcome {
        /// No failure cause holds: the association would succeed.
        Associable = "associable",
        /// At least one failure cause holds.
        Failed = "failed",
    }
}

/// The answer to an association check under one model.
///
/// Serializes as `{outcome, reasons, primary, frozen_after}`, `primary` being a cause code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Decision {
    /// Associable or failed.
    pub outcome: Outcome,
    /// Every cause that holds, in catalog order. Only
    /// `customer_registered_by_another_partner` lapses by itself: its `available_from` is the
    /// other partner's pre-registration expiry.
    pub reasons: Vec<Reason>,
    /// The first cause, the one to show when there is room for one; null when associable.
    pub primary: Option<Cause>,
    /// Whether the customer's account is frozen once associated: under the reseller model it
    /// stays frozen until the partner sets a budget and unfreezes it; under the referral model
    /// it is not frozen. Null when the association fails.
    pub frozen_after: Option<bool>,
}

impl Decision {
    /// The causes that hold, in catalog order.
    pub fn causes(&self) -> impl Iterator<Item = Cause> + '_ {
        self.reasons.iter().filter_map(cause_of)
    }
}

fn cause_of(reason: &Reason) -> Option<Cause> {
    match reason.code {
        ReasonCode::Cause(cause) => Some(cause),
        ReasonCode::Rule(_) => None,
    }
}

/// Decides whether `customer`, accepting `invitation` from `partner` at `now`, can be associated
/// under `model`. `invitation` is `None` when the customer's invitation cannot be found.
///
/// Readings of the facts (docs/contract.md, "Association" and "Requests"):
/// - `invitation_link_expired` holds at and after the invitation's `expires_at`;
/// - `customer_registered_by_another_partner` holds while a pre-registration held by another
///   partner is valid (before its expiry); the partner's own pre-registration never blocks;
/// - `customer_associated_with_another_partner` holds when the customer is associated with a
///   partner other than this one;
/// - `reseller_independent_accounting_master` holds when the customer has independent-accounting
///   member accounts: only an enterprise master account has members, so the fact suffices
///   whatever `account_type` says (a host that sets only this flag is not silently let through);
/// - `reseller_enterprise_member_account` holds when `account_type` is `enterprise_member`.
///
/// No threshold of the policy applies; it gives the UTC offset `available_from` is written in.
///
/// ```
/// use partner_rules::{association, parse_timestamp, Customer, Invitation, Partner, Policy};
/// use partner_rules::association::Outcome;
/// use partner_rules::facts::{BillingMode, Model};
///
/// let prepaid = Partner { billing_mode: BillingMode::Prepaid, ..Partner::new("p-1") };
/// let customer = Customer { overdue_payment: true, ..Customer::default() };
/// let now = parse_timestamp("2026-11-21T10:00:00+08:00").unwrap();
/// let decision = association::check(&Policy::default(), &prepaid, &customer, Model::Reseller, None, now);
/// assert_eq!(decision.outcome, Outcome::Failed);
/// let codes: Vec<_> = decision.causes().map(|c| c.code()).collect();
/// assert_eq!(codes, ["invitation_link_not_found", "prepaid_partner_reseller_model", "customer_overdue_payment"]);
/// assert_eq!(decision.primary.map(|c| c.code()), Some("invitation_link_not_found"));
///
/// let fine = association::check(&Policy::default(), &prepaid, &Customer::default(), Model::Referral, Some(&Invitation::default()), now);
/// assert_eq!((fine.outcome, fine.frozen_after), (Outcome::Associable, Some(false)));
/// ```
pub fn check(
    policy: &Policy,
    partner: &Partner,
    customer: &Customer,
    model: Model,
    invitation: Option<&Invitation>,
    now: OffsetDateTime,
) -> Decision {
    let calendar = policy.calendar();
    let reasons: Vec<Reason> = Cause::ALL
        .iter()
        .filter(|cause| cause.applies_under(model))
        .filter_map(|&cause| finding(cause, partner, customer, invitation, now))
        .map(|reason| reason.localized(calendar))
        .collect();
    let primary = reasons.first().and_then(cause_of);
    let (outcome, frozen_after) = match primary {
        Some(_) => (Outcome::Failed, None),
        None => (Outcome::Associable, Some(model == Model::Reseller)),
    };
    Decision {
        outcome,
        reasons,
        primary,
        frozen_after,
    }
}

/// Both models checked at once, and the one to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Models {
    /// The check under the reseller model.
    pub reseller: Decision,
    /// The check under the referral model.
    pub referral: Decision,
    /// An associable model: reseller when both are, null when neither is.
    pub recommended: Option<Model>,
}

impl Models {
    /// The check under `model`.
    pub fn get(&self, model: Model) -> &Decision {
        match model {
            Model::Reseller => &self.reseller,
            Model::Referral => &self.referral,
        }
    }
}

/// Checks both models for the pair at once and recommends an associable one, reseller first.
///
/// ```
/// use partner_rules::{association, parse_timestamp, Customer, Invitation, Partner, Policy};
/// use partner_rules::facts::Model;
///
/// let restricted = Partner { referral_restricted_by_country: true, ..Partner::new("p-1") };
/// let now = parse_timestamp("2026-11-21T10:00:00+08:00").unwrap();
/// let both = association::models(&Policy::default(), &restricted, &Customer::default(), Some(&Invitation::default()), now);
/// assert_eq!(both.recommended, Some(Model::Reseller));
/// assert_eq!(both.referral.primary.map(|c| c.code()), Some("referral_restricted_by_country"));
/// ```
pub fn models(
    policy: &Policy,
    partner: &Partner,
    customer: &Customer,
    invitation: Option<&Invitation>,
    now: OffsetDateTime,
) -> Models {
    let [reseller, referral] = [Model::Reseller, Model::Referral]
        .map(|model| check(policy, partner, customer, model, invitation, now));
    // Reseller first: a recommendation prefers it.
    let recommended = Model::ALL.iter().copied().find(|&model| {
        let decision = match model {
            Model::Reseller => &reseller,
            Model::Referral => &referral,
        };
        decision.outcome == Outcome::Associable
    });
    Models {
        reseller,
        referral,
        recommended,
    }
}

/// The answer to an association type switch request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SwitchDecision {
    /// Allowed or blocked.
    pub outcome: Verdict,
    /// Every reason, in the contract's order: `not_partner_admin`,
    /// `same_association_type`, the target model's own failure causes,
    /// `disassociation_quota_reached`.
    pub reasons: Vec<Reason>,
    /// An allowed switch takes effect only when the customer confirms it in their account
    /// center: `true` exactly when allowed.
    pub requires_customer_confirmation: bool,
}

/// Decides whether `partner` may ask to move `customer` from its current model to `to` at `now`
/// (docs/contract.md, "Association"). `history` is this customer's past disassociation and type switch requests.
///
/// - Only the partner administrator may ask (`not_partner_admin`).
/// - The target must differ from `customer.current_model` (`same_association_type`).
/// - The customer must be associable under the target: the causes specific to that model apply
///   ([`Cause::model`]: for reseller, a prepaid partner, independent-accounting members, an
///   enterprise member account, an overdue credit bill run; for referral, the partner's
///   agreement or country restrictions). The other causes concern a first association (the
///   invitation, another partner, past consumption) and do not apply to a customer the partner
///   already has.
/// - Where the policy says so (`switch_shares_disassociation_quota`, the `cn` preset), the switch
///   is a partner request counted against the disassociation quota.
///
/// A customer without `current_model` is not associated, so there is nothing to switch: that is
/// invalid input at `$.customer.current_model`, not a decision.
///
/// ```
/// use partner_rules::{association, parse_timestamp, Customer, Partner, Policy, Preset, Verdict};
/// use partner_rules::facts::{HistoryEntry, HistoryKind, Initiator, Model};
///
/// let admin = Partner { is_admin: true, ..Partner::new("p-1") };
/// let customer = Customer { current_model: Some(Model::Referral), ..Customer::default() };
/// let now = parse_timestamp("2026-11-21T10:00:00+08:00").unwrap();
/// let history = [HistoryEntry {
///     kind: HistoryKind::TypeSwitch,
///     initiator: Initiator::Partner,
///     at: parse_timestamp("2026-10-01T10:00:00+08:00").unwrap(),
/// }];
///
/// let intl = association::switch(&Policy::default(), &admin, &customer, Model::Reseller, &history, now).unwrap();
/// assert_eq!(intl.outcome, Verdict::Allowed);
/// assert!(intl.requires_customer_confirmation);
///
/// let cn = association::switch(&Policy::preset(Preset::Cn), &admin, &customer, Model::Reseller, &history, now).unwrap();
/// assert_eq!(cn.reasons[0].code_str(), "disassociation_quota_reached");
/// assert!(!cn.requires_customer_confirmation);
/// ```
pub fn switch(
    policy: &Policy,
    partner: &Partner,
    customer: &Customer,
    to: Model,
    history: &[HistoryEntry],
    now: OffsetDateTime,
) -> Result<SwitchDecision, InputError> {
    let Some(current) = customer.current_model else {
        return Err(InputError::new(
            Location::field("customer").then("current_model"),
            "missing field `current_model`, expected `reseller` or `referral`: a type switch \
             moves an associated customer from its current model",
        ));
    };
    let mut reasons = Vec::new();
    if !partner.is_admin {
        reasons.push(Reason::new(Rule::NotPartnerAdmin));
    }
    if current == to {
        reasons.push(Reason::new(Rule::SameAssociationType));
    }
    // The model-specific causes read partner and customer facts only, never the invitation.
    reasons.extend(
        Cause::ALL
            .iter()
            .filter(|cause| cause.model() == Some(to))
            .filter_map(|&cause| finding(cause, partner, customer, None, now)),
    );
    if policy.switch_shares_disassociation_quota() {
        reasons.extend(quota::check(policy, history, Initiator::Partner, now));
    }
    let calendar = policy.calendar();
    let reasons: Vec<Reason> = reasons
        .into_iter()
        .map(|reason| reason.localized(calendar))
        .collect();
    let outcome = Verdict::from_reasons(&reasons);
    Ok(SwitchDecision {
        outcome,
        reasons,
        requires_customer_confirmation: outcome == Verdict::Allowed,
    })
}

/// The reason `cause` gives for this attempt, if the facts say it holds. Which model the attempt
/// is under is the caller's filter ([`Cause::applies_under`]).
fn finding(
    cause: Cause,
    partner: &Partner,
    customer: &Customer,
    invitation: Option<&Invitation>,
    now: OffsetDateTime,
) -> Option<Reason> {
    let holds = match cause {
        Cause::SystemBusy => false,
        Cause::InvitationLinkNotFound => invitation.is_none(),
        Cause::InvitationLinkExpired => invitation.is_some_and(|i| i.is_expired(now)),
        Cause::InvitationCodeUsed => invitation.is_some_and(|i| i.code_used),
        Cause::InvitationLinkUsed => invitation.is_some_and(|i| i.link_used),
        Cause::PrepaidPartnerResellerModel => partner.billing_mode == BillingMode::Prepaid,
        Cause::CustomerRegisteredByAnotherPartner => {
            return customer
                .valid_preregistration(now)
                .filter(|held| held.partner_id != partner.id)
                .map(|held| Reason::until(cause, held.expires_at));
        }
        Cause::CustomerIsOrApplyingPartner => customer.is_or_applying_partner,
        Cause::CustomerAssociatedWithAnotherPartner => customer
            .associated_partner_id
            .as_ref()
            .is_some_and(|id| *id != partner.id),
        Cause::CustomerSpecialContract => customer.special_contract,
        Cause::CustomerInternalAccount => customer.internal_account,
        Cause::ResellerIndependentAccountingMaster => customer.has_independent_accounting_members,
        Cause::ResellerEnterpriseMemberAccount => {
            customer.account_type == AccountType::EnterpriseMember
        }
        Cause::ReferralRestrictedByAgreement => partner.referral_restricted_by_agreement,
        Cause::ReferralRestrictedByCountry => partner.referral_restricted_by_country,
        Cause::CustomerHasConsumptionRecord => customer.has_consumption_record,
        Cause::TopupBalanceInvoiceOverLimit => customer.topup_balance_invoice_over_limit,
        Cause::CustomerRegistrationTooOld => customer.registration_over_limit,
        Cause::CustomerOverduePayment => customer.overdue_payment,
        Cause::ResellerCreditBillRunOverdue => customer.credit_bill_run_overdue,
    };
    holds.then(|| Reason::new(cause))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{HistoryKind, PreregistrationFact};
    use crate::{parse_timestamp, Preset};
    use proptest::prelude::*;

    // The model-specific causes as docs/contract.md, "Association" lists them, kept apart from the catalog's own
    // `model()` data so that the properties below check one against the other.
    const RESELLER_ONLY: [&str; 4] = [
        "prepaid_partner_reseller_model",
        "reseller_independent_accounting_master",
        "reseller_enterprise_member_account",
        "reseller_credit_bill_run_overdue",
    ];
    const REFERRAL_ONLY: [&str; 2] = [
        "referral_restricted_by_agreement",
        "referral_restricted_by_country",
    ];

    fn ts(text: &str) -> OffsetDateTime {
        parse_timestamp(text).unwrap()
    }

    fn now() -> OffsetDateTime {
        ts("2026-11-21T10:00:00+08:00")
    }

    fn codes<'a>(reasons: impl IntoIterator<Item = &'a Reason>) -> Vec<&'static str> {
        reasons.into_iter().map(Reason::code_str).collect()
    }

    fn preregistered_by(partner_id: &str, expires_at: &str) -> Option<PreregistrationFact> {
        Some(PreregistrationFact {
            partner_id: partner_id.into(),
            expires_at: ts(expires_at),
        })
    }

    #[test]
    fn another_partners_preregistration_blocks_until_it_expires() {
        let partner = Partner::new("p-1");
        let customer = Customer {
            preregistration: preregistered_by("p-2", "2026-11-21T12:00:00+08:00"),
            ..Customer::default()
        };
        let invitation = Invitation::default();
        let before = check(
            &Policy::default(),
            &partner,
            &customer,
            Model::Referral,
            Some(&invitation),
            ts("2026-11-21T11:59:59+08:00"),
        );
        assert_eq!(
            codes(&before.reasons),
            ["customer_registered_by_another_partner"]
        );
        assert_eq!(
            before.reasons[0].available_from,
            Some(ts("2026-11-21T12:00:00+08:00"))
        );
        let at = check(
            &Policy::default(),
            &partner,
            &customer,
            Model::Referral,
            Some(&invitation),
            ts("2026-11-21T04:00:00Z"),
        );
        assert_eq!(at.outcome, Outcome::Associable);
        let own = Customer {
            preregistration: preregistered_by("p-1", "2026-12-01T00:00:00+08:00"),
            ..Customer::default()
        };
        let decision = check(
            &Policy::default(),
            &partner,
            &own,
            Model::Referral,
            Some(&invitation),
            now(),
        );
        assert_eq!(decision.outcome, Outcome::Associable);
    }

    #[test]
    fn an_invitation_expires_at_its_instant() {
        let invitation = Invitation {
            expires_at: Some(now()),
            ..Invitation::default()
        };
        let at = check(
            &Policy::default(),
            &Partner::new("p-1"),
            &Customer::default(),
            Model::Reseller,
            Some(&invitation),
            now(),
        );
        assert_eq!(codes(&at.reasons), ["invitation_link_expired"]);
        let before = check(
            &Policy::default(),
            &Partner::new("p-1"),
            &Customer::default(),
            Model::Reseller,
            Some(&invitation),
            now() - time::Duration::SECOND,
        );
        assert_eq!(before.outcome, Outcome::Associable);
        assert_eq!(before.frozen_after, Some(true));
    }

    #[test]
    fn association_with_this_very_partner_is_not_another_partner() {
        let partner = Partner::new("p-1");
        let mine = Customer {
            associated_partner_id: Some("p-1".into()),
            ..Customer::default()
        };
        let theirs = Customer {
            associated_partner_id: Some("p-2".into()),
            ..Customer::default()
        };
        let invitation = Invitation::default();
        let check_for = |customer: &Customer| {
            check(
                &Policy::default(),
                &partner,
                customer,
                Model::Referral,
                Some(&invitation),
                now(),
            )
        };
        assert_eq!(check_for(&mine).outcome, Outcome::Associable);
        assert_eq!(
            codes(&check_for(&theirs).reasons),
            ["customer_associated_with_another_partner"]
        );
    }

    #[test]
    fn switch_reasons_come_in_the_contracts_order() {
        let partner = Partner {
            billing_mode: BillingMode::Prepaid,
            referral_restricted_by_country: true,
            ..Partner::new("p-1")
        };
        let customer = Customer {
            current_model: Some(Model::Reseller),
            account_type: AccountType::EnterpriseMember,
            has_independent_accounting_members: true,
            credit_bill_run_overdue: true,
            overdue_payment: true,
            ..Customer::default()
        };
        let history = [HistoryEntry {
            kind: HistoryKind::Disassociation,
            initiator: Initiator::Partner,
            at: ts("2026-10-01T00:00:00+08:00"),
        }];
        let decision = switch(
            &Policy::preset(Preset::Cn),
            &partner,
            &customer,
            Model::Reseller,
            &history,
            now(),
        )
        .unwrap();
        assert_eq!(
            codes(&decision.reasons),
            [
                "not_partner_admin",
                "same_association_type",
                "prepaid_partner_reseller_model",
                "reseller_independent_accounting_master",
                "reseller_enterprise_member_account",
                "reseller_credit_bill_run_overdue",
                "disassociation_quota_reached",
            ]
        );
        assert_eq!(
            decision.reasons[6].available_from,
            Some(ts("2027-01-01T00:00:00+08:00"))
        );
        // Under intl-2024 the quota is not shared, and a referral target ignores reseller causes.
        let to_referral = switch(
            &Policy::default(),
            &Partner {
                is_admin: true,
                ..partner
            },
            &customer,
            Model::Referral,
            &history,
            now(),
        )
        .unwrap();
        assert_eq!(
            codes(&to_referral.reasons),
            ["referral_restricted_by_country"]
        );
    }

    #[test]
    fn a_customer_without_a_model_cannot_switch() {
        let err = switch(
            &Policy::default(),
            &Partner::new("p-1"),
            &Customer::default(),
            Model::Reseller,
            &[],
            now(),
        )
        .unwrap_err();
        assert_eq!(err.location().to_string(), "customer.current_model");
    }

    /// Partner, customer and invitation with every fact drawn at random; pre-registrations and
    /// associations belong to this partner (`p-1`) or another, expiring around `now`.
    fn attempt() -> impl Strategy<Value = (Partner, Customer, Option<Invitation>)> {
        let holder = prop_oneof![Just(None), Just(Some("p-1")), Just(Some("p-2"))];
        let offset = -3i64..3;
        (
            any::<u32>(),
            holder.clone(),
            holder,
            offset.clone(),
            proptest::option::of(proptest::option::of(offset)),
            prop_oneof![
                Just(AccountType::Individual),
                Just(AccountType::EnterpriseMaster),
                Just(AccountType::EnterpriseMember),
            ],
            proptest::option::of(prop_oneof![Just(Model::Reseller), Just(Model::Referral)]),
        )
            .prop_map(
                |(
                    bits,
                    preregistrar,
                    associate,
                    prereg_hours,
                    invitation,
                    account_type,
                    current,
                )| {
                    let bit = |i: u32| bits & (1 << i) != 0;
                    let partner = Partner {
                        billing_mode: if bit(0) {
                            BillingMode::Prepaid
                        } else {
                            BillingMode::Postpaid
                        },
                        is_admin: bit(1),
                        referral_restricted_by_agreement: bit(2),
                        referral_restricted_by_country: bit(3),
                        ..Partner::new("p-1")
                    };
                    let customer = Customer {
                        preregistration: preregistrar.map(|id| PreregistrationFact {
                            partner_id: id.into(),
                            expires_at: now() + time::Duration::hours(prereg_hours),
                        }),
                        associated_partner_id: associate.map(str::to_owned),
                        current_model: current,
                        account_type,
                        has_independent_accounting_members: bit(4),
                        is_or_applying_partner: bit(5),
                        special_contract: bit(6),
                        internal_account: bit(7),
                        has_consumption_record: bit(8),
                        topup_balance_invoice_over_limit: bit(9),
                        registration_over_limit: bit(10),
                        overdue_payment: bit(11),
                        credit_bill_run_overdue: bit(12),
                        // Facts no association cause reads.
                        has_huawei_contract: bit(13),
                        in_arrears: bit(14),
                        manually_frozen: bit(15),
                        ..Customer::default()
                    };
                    let invitation = invitation.map(|expiry| Invitation {
                        expires_at: expiry.map(|hours| now() + time::Duration::hours(hours)),
                        code_used: bit(16),
                        link_used: bit(17),
                        ..Invitation::default()
                    });
                    (partner, customer, invitation)
                },
            )
    }

    fn model() -> impl Strategy<Value = Model> {
        prop_oneof![Just(Model::Reseller), Just(Model::Referral)]
    }

    proptest! {
        #[test]
        fn a_cause_never_appears_under_a_model_it_does_not_belong_to(
            (partner, customer, invitation) in attempt(),
            model in model(),
        ) {
            let decision = check(&Policy::default(), &partner, &customer, model, invitation.as_ref(), now());
            let foreign: &[&str] = match model {
                Model::Reseller => &REFERRAL_ONLY,
                Model::Referral => &RESELLER_ONLY,
            };
            for code in codes(&decision.reasons) {
                prop_assert!(!foreign.contains(&code), "{code} under {model:?}");
                prop_assert_ne!(code, "system_busy");
            }
        }

        #[test]
        fn causes_come_in_catalog_order_and_shape_the_decision(
            (partner, customer, invitation) in attempt(),
            model in model(),
        ) {
            let decision = check(&Policy::default(), &partner, &customer, model, invitation.as_ref(), now());
            let causes: Vec<Cause> = decision.causes().collect();
            prop_assert_eq!(causes.len(), decision.reasons.len());
            prop_assert!(causes.windows(2).all(|w| w[0].number() < w[1].number()));
            prop_assert_eq!(decision.primary, causes.first().copied());
            match decision.outcome {
                Outcome::Associable => {
                    prop_assert!(causes.is_empty());
                    prop_assert_eq!(decision.frozen_after, Some(model == Model::Reseller));
                }
                Outcome::Failed => {
                    prop_assert!(!causes.is_empty());
                    prop_assert_eq!(decision.frozen_after, None);
                }
            }
        }

        #[test]
        fn the_recommended_model_is_always_associable(
            (partner, customer, invitation) in attempt(),
        ) {
            let both = models(&Policy::default(), &partner, &customer, invitation.as_ref(), now());
            for &model in Model::ALL {
                let alone = check(&Policy::default(), &partner, &customer, model, invitation.as_ref(), now());
                prop_assert_eq!(both.get(model), &alone);
            }
            let associable = |model: Model| both.get(model).outcome == Outcome::Associable;
            match both.recommended {
                Some(model) => {
                    prop_assert!(associable(model));
                    prop_assert!(model == Model::Reseller || !associable(Model::Reseller));
                }
                None => prop_assert!(!associable(Model::Reseller) && !associable(Model::Referral)),
            }
        }

        #[test]
        fn a_switch_applies_only_the_target_models_causes(
            (partner, customer, _) in attempt(),
            to in model(),
            cn in any::<bool>(),
        ) {
            let policy = Policy::preset(if cn { Preset::Cn } else { Preset::Intl2024 });
            match switch(&policy, &partner, &customer, to, &[], now()) {
                Err(err) => {
                    prop_assert!(customer.current_model.is_none());
                    prop_assert_eq!(err.location().to_string(), "customer.current_model");
                }
                Ok(decision) => {
                    let own: &[&str] = match to {
                        Model::Reseller => &RESELLER_ONLY,
                        Model::Referral => &REFERRAL_ONLY,
                    };
                    for code in codes(&decision.reasons) {
                        prop_assert!(
                            own.contains(&code) || code == "not_partner_admin" || code == "same_association_type",
                            "{code} in a switch to {to:?}"
                        );
                    }
                    prop_assert_eq!(
                        decision.reasons.iter().any(|r| r.code_str() == "same_association_type"),
                        customer.current_model == Some(to)
                    );
                    prop_assert_eq!(decision.outcome == Verdict::Allowed, decision.reasons.is_empty());
                    prop_assert_eq!(decision.requires_customer_confirmation, decision.reasons.is_empty());
                }
            }
        }
    }
}
