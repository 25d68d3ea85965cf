//! The facts a host passes in (docs/contract.md, "Requests"): partner, customer, invitation, history.
//! Every field but `partner.id` is optional; booleans default to `false`; unknown fields are
//! errors so that a misspelled fact never silently reads as `false`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::strict::{names, record};
use crate::timefmt::{rfc3339, rfc3339_option};

names! {
    /// How a partner pays Huawei Cloud.
    #[derive(Default)]
    pub enum BillingMode {
        /// Postpaid (the default).
        #[default]
        Postpaid = "postpaid",
        /// Prepaid: cannot develop customers under the reseller model.
        Prepaid = "prepaid",
    }
}

names! {
    /// An association model. [`Model::ALL`] lists reseller first, the order in which a
    /// recommendation prefers them.
    pub enum Model {
        /// The partner contracts, bills and supports the customer; the customer pays the partner.
        Reseller = "reseller",
        /// The partner refers the customer, who keeps paying Huawei Cloud.
        Referral = "referral",
    }
}

names! {
    /// The site a customer registered on.
    pub enum RegisteredSite {
        /// Huawei Cloud international website.
        International = "international",
        /// Huawei Cloud Chinese mainland website.
        ChineseMainland = "chinese_mainland",
    }
}

names! {
    /// The kind of customer account.
    #[derive(Default)]
    pub enum AccountType {
        /// A standalone account (the default).
        #[default]
        Individual = "individual",
        /// The master account of an enterprise.
        EnterpriseMaster = "enterprise_master",
        /// A member account of an enterprise.
        EnterpriseMember = "enterprise_member",
    }
}

names! {
    /// How an invitation reaches the customer.
    pub enum InvitationMethod {
        /// An email; needs a valid pre-registration.
        Email = "email",
        /// A generic link.
        Link = "link",
        /// A QR code.
        QrCode = "qr_code",
    }
}

names! {
    /// Who started a request.
    pub enum Initiator {
        /// The partner.
        Partner = "partner",
        /// The customer.
        Customer = "customer",
    }
}

names! {
    /// What a history entry records.
    pub enum HistoryKind {
        /// A disassociation request.
        Disassociation = "disassociation",
        /// An association type switch request.
        TypeSwitch = "type_switch",
    }
}

names! {
    /// How a customer account is frozen: the account alone, or the account and its resources
    /// (which are released, their data deleted, unless unfrozen in time).
    #[derive(Default)]
    pub enum FreezeType {
        /// The account alone (the default of a freeze).
        #[default]
        Account = "account",
        /// The account and its resources; includes [`FreezeType::Account`].
        AccountAndResource = "account_and_resource",
    }
}

names! {
    /// Where a partner sits in the sales channel.
    #[derive(Default)]
    pub enum PartnerTier {
        /// A partner working with Huawei Cloud directly (the default).
        #[default]
        Direct = "direct",
        /// A distributor, with second-tier resellers under it.
        Distributor = "distributor",
        /// A second-tier reseller under a distributor, limited by what the distributor grants.
        Reseller = "reseller",
    }
}

/// The partner asking.
///
/// ```
/// use partner_rules::Partner;
/// let partner: Partner = serde_json::from_str(r#"{"id": "p-1", "has_reserved_contact": true}"#).unwrap();
/// assert!(partner.has_reserved_contact);
/// assert!(!partner.frozen);
/// assert!(serde_json::from_str::<Partner>(r#"{"id": "p-1", "frozn": true}"#).is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// The partner's id (required).
    pub id: String,
    /// Registration country, e.g. an ISO 3166 code; compared case-insensitively.
    #[serde(default)]
    pub registration_country: Option<String>,
    /// Prepaid or postpaid.
    #[serde(default)]
    pub billing_mode: BillingMode,
    /// A mobile number or email is reserved in the partner center.
    #[serde(default)]
    pub has_reserved_contact: bool,
    /// Customers pending review or validly pre-registered by this partner.
    #[serde(default)]
    pub active_preregistrations: u32,
    /// The person acting is the partner administrator.
    #[serde(default)]
    pub is_admin: bool,
    /// The partner holds the customer development permission.
    #[serde(default)]
    pub has_customer_development_permission: bool,
    /// The partner is frozen.
    #[serde(default)]
    pub frozen: bool,
    /// The partner enabled verification codes for sensitive operations.
    #[serde(default)]
    pub verification_code_enabled: bool,
    /// The partner's agreement with Huawei restricts referral associations.
    #[serde(default)]
    pub referral_restricted_by_agreement: bool,
    /// The partner's registration country restricts referral associations.
    #[serde(default)]
    pub referral_restricted_by_country: bool,
    /// Direct partner, distributor, or a reseller under a distributor.
    #[serde(default)]
    pub tier: PartnerTier,
    /// A reseller's distributor authorized it to freeze customers' resources.
    #[serde(default)]
    pub resource_freeze_authorized: bool,
    /// The budget quota, in minor units, a distributor granted this reseller; null: no limit.
    #[serde(default)]
    pub budget_quota_minor: Option<i64>,
}

impl Partner {
    /// A partner with this id and every other fact at its default.
    ///
    /// ```
    /// use partner_rules::Partner;
    /// let partner = Partner { is_admin: true, ..Partner::new("p-1") };
    /// assert_eq!(partner.id, "p-1");
    /// assert!(!partner.frozen);
    /// ```
    pub fn new(id: impl Into<String>) -> Partner {
        Partner {
            id: id.into(),
            ..Partner::default()
        }
    }
}

/// A pre-registration of a customer held by some partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "PreregistrationFact")
)]
pub struct PreregistrationFact {
    /// The partner holding it.
    pub partner_id: String,
    /// When it stops reserving the customer.
    #[serde(with = "rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::timefmt::Timestamp"))]
    pub expires_at: OffsetDateTime,
}

record!(PreregistrationFact, serialize);

/// The customer (a prospect or an account).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Customer {
    /// The customer's id.
    pub id: Option<String>,
    /// Registration country; compared case-insensitively with the partner's.
    pub registration_country: Option<String>,
    /// The site the customer registered on, if registered.
    pub registered_site: Option<RegisteredSite>,
    /// When the customer registered.
    #[serde(with = "rfc3339_option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::timefmt::Timestamp>")
    )]
    pub registered_at: Option<OffsetDateTime>,
    /// The partner the customer is associated with, if any.
    pub associated_partner_id: Option<String>,
    /// The pre-registration currently recorded for the customer, if any.
    pub preregistration: Option<PreregistrationFact>,
    /// The model of the current association.
    pub current_model: Option<Model>,
    /// Individual, enterprise master or enterprise member.
    pub account_type: AccountType,
    /// An enterprise master with independent-accounting member accounts.
    pub has_independent_accounting_members: bool,
    /// Signed contracts with Huawei Cloud.
    pub has_huawei_contract: bool,
    /// Has cash expenditure records.
    pub has_cash_expenditure: bool,
    /// Followed up by the Huawei Cloud direct sales team.
    pub followed_up_by_direct_sales: bool,
    /// Belongs to the Huawei Cloud online sales team.
    pub online_sales_team: bool,
    /// A consumer cloud user.
    pub consumer_cloud_user: bool,
    /// Associated with an enterprise master account in the unified accounting model.
    pub unified_accounting_member: bool,
    /// Is a partner or is applying to become one.
    pub is_or_applying_partner: bool,
    /// Has a special contract.
    pub special_contract: bool,
    /// Is a Huawei internal account.
    pub internal_account: bool,
    /// Has consumption records.
    pub has_consumption_record: bool,
    /// Top-up account has a balance and the outstanding invoice amount is over the limit.
    pub topup_balance_invoice_over_limit: bool,
    /// Registration time exceeds the association limit.
    pub registration_over_limit: bool,
    /// Has overdue payment.
    pub overdue_payment: bool,
    /// The credit account's bill run is created and it has overdue payment.
    pub credit_bill_run_overdue: bool,
    /// The account was manually frozen.
    pub manually_frozen: bool,
    /// Has valid reserved instances.
    pub valid_reserved_instances: bool,
    /// Has an active support plan.
    pub support_plan_active: bool,
    /// The account is in arrears.
    pub in_arrears: bool,
    /// No currency is set on the account.
    pub no_currency_set: bool,
    /// Has orders awaiting payment by the partner.
    pub orders_awaiting_partner_payment: bool,
    /// How the partner froze the account, or null: not frozen by the partner. A reseller
    /// customer starts frozen as `account` when associated.
    pub frozen: Option<FreezeType>,
    /// When the partner froze the account.
    #[serde(with = "rfc3339_option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::timefmt::Timestamp>")
    )]
    pub frozen_at: Option<OffsetDateTime>,
}

impl Customer {
    /// Registered on either site (a registration site or a registration time is known).
    pub fn is_registered(&self) -> bool {
        self.registered_site.is_some() || self.registered_at.is_some()
    }

    /// The pre-registration, if it is still valid at `now` (validity is half-open: it no longer
    /// reserves the customer at its expiry instant).
    ///
    /// ```
    /// use partner_rules::{parse_timestamp, Customer};
    /// use partner_rules::facts::PreregistrationFact;
    /// let expires_at = parse_timestamp("2026-11-30T00:00:00+08:00").unwrap();
    /// let customer = Customer {
    ///     preregistration: Some(PreregistrationFact { partner_id: "p-2".into(), expires_at }),
    ///     ..Customer::default()
    /// };
    /// assert!(customer.valid_preregistration(parse_timestamp("2026-11-29T23:59:59+08:00").unwrap()).is_some());
    /// assert!(customer.valid_preregistration(expires_at).is_none());
    /// ```
    pub fn valid_preregistration(&self, now: OffsetDateTime) -> Option<&PreregistrationFact> {
        self.preregistration.as_ref().filter(|p| now < p.expires_at)
    }
}

/// The invitation the customer accepted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Invitation {
    /// Email, link or QR code.
    pub method: Option<InvitationMethod>,
    /// When it expires; absent or null: never.
    #[serde(with = "rfc3339_option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::timefmt::Timestamp>")
    )]
    pub expires_at: Option<OffsetDateTime>,
    /// The invitation code was already used.
    pub code_used: bool,
    /// The invitation link was already used.
    pub link_used: bool,
}

impl Invitation {
    /// Expired when `now ≥ expires_at`; an invitation without an expiry never expires.
    ///
    /// ```
    /// use partner_rules::{parse_timestamp, Invitation};
    /// let now = parse_timestamp("2026-11-21T10:00:00+08:00").unwrap();
    /// let invitation = Invitation { expires_at: Some(now), ..Invitation::default() };
    /// assert!(invitation.is_expired(now));
    /// assert!(!Invitation::default().is_expired(now));
    /// ```
    pub fn is_expired(&self, now: OffsetDateTime) -> bool {
        self.expires_at.is_some_and(|t| now >= t)
    }
}

/// A past request that counts against a quota.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    /// Disassociation or type switch.
    pub kind: HistoryKind,
    /// Who made the request.
    pub initiator: Initiator,
    /// When it was made.
    #[serde(with = "rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::timefmt::Timestamp"))]
    pub at: OffsetDateTime,
}

/// Countries are compared without regard to ASCII case or surrounding white space.
pub(crate) fn same_country(a: &str, b: &str) -> bool {
    trimmed(a).eq_ignore_ascii_case(trimmed(b))
}

/// `text.trim()`, which scans for Unicode white space at both ends; a country code that starts
/// and ends with a printable ASCII character, as nearly all do, has none to trim.
fn trimmed(text: &str) -> &str {
    let printable = |byte: Option<&u8>| byte.is_some_and(u8::is_ascii_graphic);
    let bytes = text.as_bytes();
    if printable(bytes.first()) && printable(bytes.last()) {
        text
    } else {
        text.trim()
    }
}

#[cfg(test)]
mod tests {
    use super::same_country;

    #[test]
    fn countries_compare_without_case_or_surrounding_white_space() {
        assert!(same_country("SG", "sg"));
        assert!(same_country(" sg\t", "SG"));
        // Unicode white space too (the ideographic space), past the printable-ASCII shortcut.
        assert!(same_country("\u{3000}SG\u{3000}", "sg"));
        assert!(same_country("", " "));
        assert!(!same_country("SG", "MY"));
        assert!(!same_country("S G", "SG"));
    }
}
