//! What every fuzz target checks, and the structured requests the `structured_request` target
//! builds from fuzzer bytes.
//!
//! The invariants hold for any input, so a target can assert them bluntly: a failed assertion is
//! a crash that libFuzzer records, minimizes and reports.

use arbitrary::{Arbitrary, Unstructured};
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime, UtcOffset};

use partner_rules::limits::{MAX_MESSAGE_BYTES, MAX_NESTING, QUOTED_INPUT_CHARS};

/// A message is capped near `MAX_MESSAGE_BYTES`; the cap may cut a character and add `…`.
const MESSAGE_SLACK: usize = 8;

/// A path has at most one segment per level, and a key is shortened to `QUOTED_INPUT_CHARS`
/// characters, each at most a six-byte JSON escape, plus brackets and quotes.
const MAX_PATH_BYTES: usize = 1 + MAX_NESTING * (QUOTED_INPUT_CHARS * 6 + 8);

/// An error is one of the two codes, at a JSON path, with a bounded message for a person.
pub fn check_error(err: &partner_rules::Error) {
    assert!(
        matches!(err.code().as_str(), "invalid_input" | "unknown_op"),
        "unexpected error code {}",
        err.code()
    );
    assert!(err.path().starts_with('$'), "path {:?}", err.path());
    assert!(!err.message().is_empty(), "empty message at {}", err.path());
    assert!(
        err.message().len() <= MAX_MESSAGE_BYTES + MESSAGE_SLACK,
        "message of {} bytes at {}",
        err.message().len(),
        err.path()
    );
    assert!(
        err.path().len() <= MAX_PATH_BYTES,
        "path of {} bytes",
        err.path().len()
    );
    let json = err.to_json();
    assert_eq!(json["code"], err.code().as_str());
}

/// A response is a JSON object that survives a parse → serialize → parse round trip unchanged.
pub fn check_response_text(text: &str) -> Value {
    let value: Value = serde_json::from_str(text).expect("a response is valid JSON");
    assert!(value.is_object(), "a response is an object: {text}");
    let again = serde_json::to_string(&value).expect("a parsed response re-serializes");
    let reparsed: Value = serde_json::from_str(&again).expect("a re-serialized response parses");
    assert_eq!(reparsed, value);
    value
}

/// Evaluates text through `evaluate_json`, and, when the text is JSON, through `evaluate` too:
/// whatever the text entry point answers, the tree entry point answers the same.
pub fn evaluate_both(text: &str) -> Result<Value, partner_rules::Error> {
    let from_text = partner_rules::evaluate_json(text);
    let from_tree = serde_json::from_str::<Value>(text)
        .ok()
        .map(partner_rules::evaluate);
    match (&from_text, from_tree) {
        (Ok(response), tree) => {
            let response = check_response_text(response);
            let tree = tree.expect("text the engine accepted is JSON");
            assert_eq!(
                tree.as_ref().ok(),
                Some(&response),
                "evaluate and evaluate_json disagree on {text}"
            );
            Ok(response)
        }
        (Err(err), tree) => {
            check_error(err);
            if let Some(Err(tree_err)) = &tree {
                check_error(tree_err);
            }
            // Duplicate keys make text invalid that a parsed tree (last key wins) accepts, so
            // the two entry points can only be compared where the text is accepted.
            if err.code() == "unknown_op" {
                let tree = tree.expect("an op name was read, so the text is JSON");
                assert_eq!(tree.err().map(|e| e.code().as_str()), Some("unknown_op"));
            }
            Err(err.clone())
        }
    }
}

/// Codes in the order docs/contract.md, "Pre-registration" lists them: blocking, then review.
pub const PREREGISTRATION_BLOCKING: &[&str] = &[
    "partner_contact_missing",
    "preregistration_quota_reached",
    "customer_associated_with_partner",
    "customer_already_preregistered",
    "customer_preregistered_by_other_partner",
    "customer_has_huawei_contract",
    "customer_registered",
    "customer_cash_expenditure_not_followed_up",
    "customer_consumer_cloud_user",
    "customer_unified_accounting_member",
];

/// Review reasons of docs/contract.md, "Pre-registration", in order.
pub const PREREGISTRATION_REVIEW: &[&str] = &[
    "customer_registered_followed_up",
    "customer_cash_expenditure_followed_up",
    "registration_country_differs",
    "online_sales_team_customer",
];

/// The reason codes of a response's `reasons`, checking each reason's shape on the way.
pub fn reason_codes(reasons: &Value) -> Vec<String> {
    let reasons = reasons.as_array().expect("reasons is an array");
    reasons
        .iter()
        .map(|reason| {
            let code = reason["code"].as_str().expect("a reason has a code");
            let message = &reason["message"];
            assert!(
                message["en"].as_str().is_some_and(|t| !t.is_empty())
                    && message["zh"].as_str().is_some_and(|t| !t.is_empty()),
                "reason {code} needs en and zh text"
            );
            let op = &reason["suggested_operation"];
            assert!(
                op.is_null() || op["code"].is_string(),
                "reason {code}: suggested_operation is null or has a code"
            );
            assert!(
                reason["available_from"].is_null() || reason["available_from"].is_string(),
                "reason {code}: available_from"
            );
            code.to_owned()
        })
        .collect()
}

/// `codes` appear in `order` without repetition and in that order.
pub fn assert_in_order(codes: &[String], order: &[&str]) {
    let positions: Vec<usize> = codes
        .iter()
        .map(|code| {
            order
                .iter()
                .position(|known| known == code)
                .unwrap_or_else(|| panic!("unexpected reason {code}, expected one of {order:?}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "reasons out of order or repeated: {codes:?}"
    );
}

/// The checks a pre-registration answer must pass whatever the facts: the outcome follows from
/// the reasons, and only the instant that belongs to the outcome is set.
pub fn check_preregistration_response(response: &Value) {
    let codes = reason_codes(&response["reasons"]);
    let order: Vec<&str> = PREREGISTRATION_BLOCKING
        .iter()
        .chain(PREREGISTRATION_REVIEW)
        .copied()
        .collect();
    assert_in_order(&codes, &order);
    let blocking = codes
        .iter()
        .any(|c| PREREGISTRATION_BLOCKING.contains(&c.as_str()));
    let outcome = response["outcome"].as_str().expect("outcome");
    let expected = if blocking {
        "blocked"
    } else if codes.is_empty() {
        "allowed"
    } else {
        "manual_review"
    };
    assert_eq!(outcome, expected, "outcome for {codes:?}");
    assert_eq!(response["expires_at"].is_string(), outcome == "allowed");
    assert_eq!(
        response["review_due_by"].is_string(),
        outcome == "manual_review"
    );
}

/// Allowed/blocked answers: allowed exactly when there is no reason.
pub fn check_verdict(answer: &Value) -> Vec<String> {
    let codes = reason_codes(&answer["reasons"]);
    let outcome = answer["outcome"].as_str().expect("outcome");
    assert_eq!(
        outcome,
        if codes.is_empty() {
            "allowed"
        } else {
            "blocked"
        },
        "an allowed answer never carries a reason: {codes:?}"
    );
    codes
}

// ---------------------------------------------------------------------------------------------
// Structured requests.

/// A point in time near a fixed `now`, so that expiries and review periods land on both sides
/// of (and exactly on) their boundaries; sometimes at the ends of the supported range.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct Instant {
    anchor: u8,
    days: i16,
    seconds: i32,
    offset: OffsetChoice,
}

#[derive(Debug, Clone, Copy, Arbitrary)]
/// The UTC offset an instant is written in.
pub enum OffsetChoice {
    Beijing,
    Utc,
    NewYork,
    Kathmandu,
    Kiribati,
    BakerIsland,
}

impl OffsetChoice {
    fn offset(self) -> UtcOffset {
        let (h, m) = match self {
            OffsetChoice::Beijing => (8, 0),
            OffsetChoice::Utc => (0, 0),
            OffsetChoice::NewYork => (-5, 0),
            OffsetChoice::Kathmandu => (5, 45),
            OffsetChoice::Kiribati => (14, 0),
            OffsetChoice::BakerIsland => (-12, 0),
        };
        UtcOffset::from_hms(h, m, 0).unwrap_or(UtcOffset::UTC)
    }
}

/// The `now` every structured request is evaluated at: a Saturday in `+08:00`.
pub fn base_now() -> OffsetDateTime {
    OffsetDateTime::parse("2026-11-21T10:00:00+08:00", &Rfc3339).expect("a valid timestamp")
}

impl Instant {
    /// The instant as RFC 3339 text, or `None` when it cannot be written (beyond year 9999).
    pub fn text(self) -> Option<String> {
        // Mostly near `now`; a few at the ends of the supported range.
        let anchor = match self.anchor {
            254 => time::PrimitiveDateTime::MAX.assume_utc(),
            255 => time::PrimitiveDateTime::MIN.assume_utc(),
            _ => base_now(),
        };
        // Whole days and exact seconds hit boundaries; the remainder keeps within a day.
        let delta = Duration::days(i64::from(self.days) % 400)
            + Duration::seconds(i64::from(self.seconds % 86_400));
        let t = anchor
            .checked_add(delta)?
            .checked_to_offset(self.offset.offset())?;
        t.format(&Rfc3339).ok()
    }
}

/// Partner facts, drawn from small sets so that ids and countries collide often.
#[derive(Debug, Clone, Arbitrary)]
pub struct PartnerFacts {
    id: PartnerId,
    registration_country: Option<Country>,
    prepaid: Option<bool>,
    active_preregistrations: Rare<ActiveCount>,
    /// `direct`, `distributor`, `reseller` (by index), or absent.
    tier: Option<u8>,
    budget_quota_minor: Rare<i64>,
    flags: Flags<8>,
}

const PARTNER_FLAGS: [&str; 8] = [
    "resource_freeze_authorized",
    "has_reserved_contact",
    "is_admin",
    "has_customer_development_permission",
    "frozen",
    "verification_code_enabled",
    "referral_restricted_by_agreement",
    "referral_restricted_by_country",
];

#[derive(Debug, Clone, Copy, Arbitrary)]
enum PartnerId {
    Asking,
    Other,
}

impl PartnerId {
    fn text(self) -> &'static str {
        match self {
            PartnerId::Asking => "p-1",
            PartnerId::Other => "p-2",
        }
    }
}

#[derive(Debug, Clone, Copy, Arbitrary)]
enum ActiveCount {
    NearQuota(u8),
    Any(u32),
}

#[derive(Debug, Clone, Copy, Arbitrary)]
enum Country {
    Cn,
    CnLowerPadded,
    Sg,
    My,
    Empty,
}

impl Country {
    fn text(self) -> &'static str {
        match self {
            Country::Cn => "CN",
            Country::CnLowerPadded => " cn ",
            Country::Sg => "SG",
            Country::My => "MY",
            Country::Empty => "",
        }
    }
}

/// Customer facts: every boolean of docs/contract.md, "Requests" and the optional values.
#[derive(Debug, Clone, Arbitrary)]
pub struct CustomerFacts {
    registration_country: Option<Country>,
    registered_site: Rare<bool>,
    registered_at: Rare<Instant>,
    associated_partner_id: Rare<PartnerId>,
    preregistration: Rare<(PartnerId, Instant)>,
    current_model: Option<bool>,
    account_type: Option<u8>,
    /// `account`, `account_and_resource` (by parity), or not frozen.
    frozen: Option<bool>,
    frozen_at: Option<Instant>,
    flags: Flags<21>,
}

const CUSTOMER_FLAGS: [&str; 21] = [
    "has_independent_accounting_members",
    "has_huawei_contract",
    "has_cash_expenditure",
    "followed_up_by_direct_sales",
    "online_sales_team",
    "consumer_cloud_user",
    "unified_accounting_member",
    "is_or_applying_partner",
    "special_contract",
    "internal_account",
    "has_consumption_record",
    "topup_balance_invoice_over_limit",
    "registration_over_limit",
    "overdue_payment",
    "credit_bill_run_overdue",
    "manually_frozen",
    "valid_reserved_instances",
    "support_plan_active",
    "in_arrears",
    "no_currency_set",
    "orders_awaiting_partner_payment",
];

/// An optional fact that is present one time in four: most of them block on their own.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct Rare<T> {
    presence: u8,
    value: T,
}

impl<T: Copy> Rare<T> {
    fn get(&self) -> Option<T> {
        (self.presence >= 192).then_some(self.value)
    }
}

/// Boolean facts. `density` sets how many are "unusual" (a missing permission, a blocking
/// fact), so that sparse requests (the ones that reach `allowed` and `manual_review`) are as
/// common as crowded ones. An unusual-free flag is sometimes written as an explicit default and
/// sometimes left out: the two must mean the same.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct Flags<const N: usize> {
    density: u8,
    bytes: [u8; N],
}

impl<const N: usize> Flags<N> {
    fn insert(&self, object: &mut Map<String, Value>, names: &[&str; N], usual_true: &[&str]) {
        // Cubed, the density is low more often than not: a third of requests have almost no
        // unusual fact.
        let d = u32::from(self.density);
        let threshold = d * d * d / (255 * 255);
        for (name, byte) in names.iter().zip(self.bytes) {
            let unusual = u32::from(byte >> 1) * 2 < threshold;
            let usual = usual_true.contains(name);
            if unusual || byte & 1 == 1 {
                object.insert((*name).into(), json!(usual != unusual));
            } else if usual {
                object.insert((*name).into(), json!(true));
            }
        }
    }
}

impl PartnerFacts {
    /// The `partner` object.
    pub fn json(&self) -> Value {
        let mut partner = Map::new();
        partner.insert("id".into(), json!(self.id.text()));
        if let Some(country) = self.registration_country {
            partner.insert("registration_country".into(), json!(country.text()));
        }
        if let Some(prepaid) = self.prepaid {
            let mode = if prepaid { "prepaid" } else { "postpaid" };
            partner.insert("billing_mode".into(), json!(mode));
        }
        self.flags.insert(
            &mut partner,
            &PARTNER_FLAGS,
            &[
                "has_reserved_contact",
                "is_admin",
                "has_customer_development_permission",
            ],
        );
        if let Some(tier) = self.tier {
            let tier = ["direct", "distributor", "reseller"].get(usize::from(tier % 3));
            partner.insert("tier".into(), json!(tier));
        }
        if let Some(quota) = self.budget_quota_minor.get() {
            partner.insert("budget_quota_minor".into(), json!(quota % 400_000));
        }
        match self.active_preregistrations.get() {
            Some(ActiveCount::NearQuota(n)) => {
                partner.insert(
                    "active_preregistrations".into(),
                    json!(95 + u32::from(n % 10)),
                );
            }
            Some(ActiveCount::Any(n)) => {
                partner.insert("active_preregistrations".into(), json!(n));
            }
            None => {}
        }
        Value::Object(partner)
    }
}

impl CustomerFacts {
    /// The `customer` object.
    pub fn json(&self) -> Value {
        let mut customer = Map::new();
        customer.insert("id".into(), json!("c-1"));
        if let Some(country) = self.registration_country {
            customer.insert("registration_country".into(), json!(country.text()));
        }
        if let Some(mainland) = self.registered_site.get() {
            let site = if mainland {
                "chinese_mainland"
            } else {
                "international"
            };
            customer.insert("registered_site".into(), json!(site));
        }
        if let Some(at) = self.registered_at.get().and_then(Instant::text) {
            customer.insert("registered_at".into(), json!(at));
        }
        if let Some(id) = self.associated_partner_id.get() {
            customer.insert("associated_partner_id".into(), json!(id.text()));
        }
        if let Some((holder, expiry)) = self.preregistration.get() {
            if let Some(expires_at) = expiry.text() {
                customer.insert(
                    "preregistration".into(),
                    json!({"partner_id": holder.text(), "expires_at": expires_at}),
                );
            }
        }
        if let Some(reseller) = self.current_model {
            let model = if reseller { "reseller" } else { "referral" };
            customer.insert("current_model".into(), json!(model));
        }
        if let Some(kind) = self.account_type {
            let kind = ["individual", "enterprise_master", "enterprise_member"]
                .get(usize::from(kind % 3))
                .copied()
                .unwrap_or("individual");
            customer.insert("account_type".into(), json!(kind));
        }
        if let Some(resources) = self.frozen {
            let frozen = if resources {
                "account_and_resource"
            } else {
                "account"
            };
            customer.insert("frozen".into(), json!(frozen));
        }
        if let Some(at) = self.frozen_at.and_then(Instant::text) {
            customer.insert("frozen_at".into(), json!(at));
        }
        self.flags.insert(&mut customer, &CUSTOMER_FLAGS, &[]);
        Value::Object(customer)
    }
}

/// A policy as a request may carry it.
#[derive(Debug, Clone, Arbitrary)]
pub enum PolicyChoice {
    /// A preset by name (index into the three presets; out of range gives an unknown name).
    Named(u8),
    /// A preset with overrides, some of them out of range.
    Overrides {
        preset: Option<u8>,
        preregistration_validity_days: Option<u16>,
        max_active_preregistrations: Option<u16>,
        registered_review_after_days: Option<u16>,
        review_working_days: Option<u16>,
        email_invitation_validity_days: Option<u16>,
        link_invitation_validity_days: Option<Option<u16>>,
        utc_offset: Option<OffsetChoice>,
        weekend: Option<Vec<u8>>,
        holidays: Option<Vec<i16>>,
    },
}

const PRESETS: [&str; 4] = ["intl-2024", "intl-2025", "cn", "intl"];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

impl PolicyChoice {
    /// The `policy` value.
    pub fn json(&self) -> Value {
        match self {
            PolicyChoice::Named(i) => json!(PRESETS.get(usize::from(*i % 4)).copied()),
            PolicyChoice::Overrides {
                preset,
                preregistration_validity_days,
                max_active_preregistrations,
                registered_review_after_days,
                review_working_days,
                email_invitation_validity_days,
                link_invitation_validity_days,
                utc_offset,
                weekend,
                holidays,
            } => {
                let mut policy = Map::new();
                if let Some(i) = preset {
                    policy.insert("preset".into(), json!(PRESETS.get(usize::from(*i % 3))));
                }
                for (name, value) in [
                    (
                        "preregistration_validity_days",
                        preregistration_validity_days,
                    ),
                    ("max_active_preregistrations", max_active_preregistrations),
                    ("registered_review_after_days", registered_review_after_days),
                    ("review_working_days", review_working_days),
                    (
                        "email_invitation_validity_days",
                        email_invitation_validity_days,
                    ),
                ] {
                    if let Some(v) = value {
                        policy.insert(name.into(), json!(v % 400));
                    }
                }
                if let Some(link) = link_invitation_validity_days {
                    policy.insert(
                        "link_invitation_validity_days".into(),
                        json!(link.map(|d| d % 400)),
                    );
                }
                let mut calendar = Map::new();
                if let Some(offset) = utc_offset {
                    let (h, m, _) = offset.offset().as_hms();
                    let sign = if offset.offset().is_negative() {
                        '-'
                    } else {
                        '+'
                    };
                    let text = format!("{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs());
                    calendar.insert("utc_offset".into(), json!(text));
                }
                if let Some(days) = weekend.as_ref().filter(|d| !d.is_empty()) {
                    let names: Vec<&str> = days
                        .iter()
                        .take(8)
                        .filter_map(|d| WEEKDAYS.get(usize::from(d % 7)).copied())
                        .collect();
                    calendar.insert("weekend".into(), json!(names));
                }
                if let Some(days) = holidays {
                    let base = base_now().date();
                    let dates: Vec<String> = days
                        .iter()
                        .take(64)
                        .filter_map(|d| base.checked_add(Duration::days(i64::from(d % 60))))
                        .map(|d| d.to_string())
                        .collect();
                    calendar.insert("holidays".into(), json!(dates));
                }
                if !calendar.is_empty() {
                    policy.insert("calendar".into(), Value::Object(calendar));
                }
                Value::Object(policy)
            }
        }
    }
}

/// A status index, mapped onto the statuses an op knows plus one it does not.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct Item {
    status: u8,
    expires_at: Option<Instant>,
}

/// One request of the ops the core answers, built from structured facts.
#[derive(Debug, Clone, Arbitrary)]
pub enum Request {
    /// `preregistration.check`.
    PreregistrationCheck {
        partner: PartnerFacts,
        customer: Option<CustomerFacts>,
    },
    /// `preregistration.delete`.
    PreregistrationDelete { items: Vec<Item> },
    /// `preregistration.review_due`.
    ReviewDue { submitted_at: Instant },
    /// `invitation.send`.
    InvitationSend {
        partner: PartnerFacts,
        customer: Option<CustomerFacts>,
        method: u8,
        operator: Option<bool>,
    },
    /// `invitation.resend`.
    InvitationResend { items: Vec<Item> },
    /// `invitation.accept`.
    InvitationAccept { accepted: u8, items: Vec<Item> },
    /// `preregistration.approve`.
    PreregistrationApprove,
    /// `association.check`.
    AssociationCheck {
        partner: PartnerFacts,
        customer: Option<CustomerFacts>,
        reseller: bool,
        invitation: Option<InvitationFacts>,
    },
    /// `association.models`.
    AssociationModels {
        partner: PartnerFacts,
        customer: Option<CustomerFacts>,
        invitation: Option<InvitationFacts>,
    },
    /// `failure_cause.lookup`.
    FailureCauseLookup(Query),
    /// `failure_cause.catalog`.
    FailureCauseCatalog,
    /// `association_type.switch`.
    TypeSwitch {
        partner: PartnerFacts,
        customer: Option<CustomerFacts>,
        to_reseller: bool,
        /// The customer's current model when its facts leave it out (a switch needs one).
        from_reseller: Option<bool>,
        history: Vec<HistoryItem>,
    },
    /// `disassociation.check`.
    DisassociationCheck {
        by_customer: bool,
        partner: PartnerFacts,
        customer: Option<CustomerFacts>,
        verified: Option<bool>,
        history: Vec<HistoryItem>,
    },
    /// `disassociation.respond`.
    DisassociationRespond {
        partner: PartnerFacts,
        status: u8,
        agree: bool,
        verified: Option<bool>,
    },
    /// `manager.attribution`.
    Attribution {
        assignments: Vec<(u8, u8, Instant, Option<Instant>)>,
        consumption: Vec<(u8, Instant, i64)>,
    },
    /// `export.mask`.
    ExportMask {
        records: Vec<Vec<(u8, Cell)>>,
        fields: Option<[Option<Vec<u8>>; 3]>,
        /// Write every masked-by-default field as a string, as exports usually hold them.
        strings: bool,
    },
    /// `verification_code.timeout`.
    VerificationTimeout {
        v2: Option<bool>,
        timeout: Option<Option<i64>>,
    },
    /// `verification_code.check_mobile`.
    CheckMobile(Text),
    /// `error_code.lookup`.
    ErrorCodeLookup(Text),
    /// `funds.recover`: quotas and amounts, the partner and whether a code was verified.
    FundsRecover {
        customers: Vec<(i64, Option<i64>)>,
        partner: Option<PartnerFacts>,
        verified: Option<bool>,
    },
    /// `remitter.check`.
    RemitterCheck { active: u32, update: bool },
    /// `customer.freeze`.
    CustomerFreeze {
        partner: PartnerFacts,
        customers: Vec<CustomerFacts>,
        resources: Option<bool>,
        reason: Option<Text>,
        verified: Option<bool>,
    },
    /// `customer.unfreeze`.
    CustomerUnfreeze {
        partner: PartnerFacts,
        customers: Vec<CustomerFacts>,
        resources: bool,
        verified: Option<bool>,
    },
    /// `budget.set`.
    BudgetSet {
        partner: PartnerFacts,
        customer: CustomerFacts,
        amount: i64,
        package: Option<bool>,
        cancel: Option<bool>,
    },
}

/// The invitation an association check reads.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct InvitationFacts {
    method: u8,
    expires_at: Option<Instant>,
    code_used: Option<bool>,
    link_used: Option<bool>,
}

impl InvitationFacts {
    fn json(&self) -> Value {
        let mut invitation = Map::new();
        let method = METHODS.get(usize::from(self.method % 3)).copied();
        invitation.insert("method".into(), json!(method));
        if let Some(at) = self.expires_at.and_then(Instant::text) {
            invitation.insert("expires_at".into(), json!(at));
        }
        insert_flags(
            &mut invitation,
            &[("code_used", self.code_used), ("link_used", self.link_used)],
        );
        Value::Object(invitation)
    }
}

fn insert_flags(object: &mut Map<String, Value>, flags: &[(&str, Option<bool>)]) {
    for (name, flag) in flags {
        if let Some(value) = flag {
            object.insert((*name).into(), json!(value));
        }
    }
}

/// A disassociation or type switch in the history.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct HistoryItem {
    switch: bool,
    by_customer: bool,
    at: Instant,
}

fn history_json(history: &[HistoryItem]) -> Value {
    Value::Array(
        history
            .iter()
            .take(16)
            .filter_map(|h| {
                let at = h.at.text()?;
                let kind = if h.switch {
                    "type_switch"
                } else {
                    "disassociation"
                };
                let initiator = if h.by_customer { "customer" } else { "partner" };
                Some(json!({"kind": kind, "initiator": initiator, "at": at}))
            })
            .collect(),
    )
}

/// Free text: arbitrary, or one of a few shapes the op cares about.
#[derive(Debug, Clone, Arbitrary)]
pub enum Text {
    /// Anything.
    Any(String),
    /// A Chinese mainland mobile number, a platform error code, with noise.
    Shaped {
        prefix: u8,
        digits: u64,
        suffix: String,
    },
}

impl Text {
    fn text(&self, shapes: &[&str]) -> String {
        match self {
            Text::Any(text) => text.clone(),
            Text::Shaped {
                prefix,
                digits,
                suffix,
            } => {
                let prefix = shapes
                    .get(usize::from(*prefix) % shapes.len().max(1))
                    .copied()
                    .unwrap_or("");
                format!("{prefix}{digits}{suffix}")
            }
        }
    }
}

/// A failure-cause query: by code, or by a message as a person might have copied it.
#[derive(Debug, Clone, Arbitrary)]
pub enum Query {
    /// A catalog code (by index), or any text as a code.
    Code { index: u8, text: Option<String> },
    /// A catalog message (platform English, or our explanation in English or Chinese), varied
    /// the ways matching forgives: case, surrounding white space and punctuation, runs of
    /// white space inside.
    Message {
        index: u8,
        which: u8,
        upper: bool,
        before: u8,
        after: u8,
        spread: bool,
    },
    /// Any text as a message.
    Any(String),
}

/// What a query must find, when it names a catalog entry.
pub fn query_target(query: &Query) -> Option<&'static str> {
    match query {
        Query::Code { index, text: None } => catalog_entry(*index).map(Cause::code),
        Query::Message { index, .. } => catalog_entry(*index).map(Cause::code),
        _ => None,
    }
}

use partner_rules::Cause;

fn catalog_entry(index: u8) -> Option<Cause> {
    Cause::ALL
        .get(usize::from(index) % Cause::ALL.len())
        .copied()
}

const PADDING: [&str; 6] = [" ", "\t", "\u{3000}", ".", "。", "\""];

impl Query {
    fn json(&self) -> Value {
        match self {
            Query::Code { index, text } => match text {
                Some(text) => json!({"code": text}),
                None => json!({"code": catalog_entry(*index).map(Cause::code)}),
            },
            Query::Message {
                index,
                which,
                upper,
                before,
                after,
                spread,
            } => {
                let Some(cause) = catalog_entry(*index) else {
                    return json!({"message": ""});
                };
                let base = match which % 3 {
                    0 => cause.platform_message_en(),
                    1 => cause.message().en,
                    _ => cause.message().zh,
                };
                let mut text = if *upper {
                    base.to_uppercase()
                } else {
                    base.to_lowercase()
                };
                if *spread {
                    text = text.replace(' ', " \n  ");
                }
                let pad = |n: u8| {
                    (0..n % 4)
                        .map(|i| {
                            PADDING
                                .get(usize::from((n >> 2).wrapping_add(i)) % PADDING.len())
                                .copied()
                                .unwrap_or(" ")
                        })
                        .collect::<String>()
                };
                json!({"message": format!("{}{text}{}", pad(*before), pad(*after))})
            }
            Query::Any(text) => json!({"message": text}),
        }
    }
}

/// A value in an exported record.
#[derive(Debug, Clone, Arbitrary)]
pub enum Cell {
    /// A string, masked if its field is a masked one.
    Text(String),
    /// A number.
    Number(i64),
    /// `true`/`false`.
    Flag(bool),
    /// `null`.
    Null,
    /// A nested object, passed through.
    Nested(Vec<(u8, String)>),
}

const EXPORT_FIELDS: [&str; 8] = [
    "name",
    "mobile",
    "email",
    "customer_id",
    "contact",
    "phone",
    "amount_minor",
    "note",
];

const MASKED_BY_DEFAULT: [&str; 3] = ["name", "mobile", "email"];

fn export_field(index: u8) -> &'static str {
    EXPORT_FIELDS
        .get(usize::from(index) % EXPORT_FIELDS.len())
        .copied()
        .unwrap_or("note")
}

impl Cell {
    fn json(&self) -> Value {
        match self {
            Cell::Text(text) => json!(text),
            Cell::Number(n) => json!(n),
            Cell::Flag(b) => json!(b),
            Cell::Null => Value::Null,
            Cell::Nested(fields) => Value::Object(
                fields
                    .iter()
                    .take(4)
                    .map(|(k, v)| (export_field(*k).to_owned(), json!(v)))
                    .collect(),
            ),
        }
    }
}

/// The request with its envelope.
#[derive(Debug, Clone, Arbitrary)]
pub struct Envelope {
    /// The op and its fields.
    pub request: Request,
    /// `now` (most ops need it).
    pub now: Instant,
    /// Leaves `now` out when 255.
    pub now_omitted: u8,
    /// The policy, if the request carries one.
    pub policy: Option<PolicyChoice>,
}

const DELETE_STATUSES: [&str; 6] = [
    "pending_review",
    "preregistered",
    "expired",
    "rejected",
    "associated",
    "unknown",
];
const INVITATION_STATUSES: [&str; 5] = ["pending", "accepted", "expired", "failed", "unknown"];
const METHODS: [&str; 3] = ["email", "link", "qr_code"];

fn items_json(items: &[Item], statuses: &[&str], with_expiry: bool) -> Value {
    let items: Vec<Value> = items
        .iter()
        .take(32)
        .enumerate()
        .map(|(i, item)| {
            // The last status is unknown to the op: rare, since it fails the whole batch.
            let known = statuses.len() - 1;
            let index = match item.status {
                255 => known,
                n => usize::from(n) % known,
            };
            let status = statuses.get(index).copied().unwrap_or("unknown");
            let mut object = json!({"id": format!("i-{i}"), "status": status});
            if let (true, Some(at)) = (with_expiry, item.expires_at.and_then(Instant::text)) {
                object["expires_at"] = json!(at);
            }
            object
        })
        .collect();
    Value::Array(items)
}

fn freeze_type(resources: bool) -> &'static str {
    if resources {
        "account_and_resource"
    } else {
        "account"
    }
}

/// Up to 12 customers (two past the batch limit), each with its own id.
fn customers_json(customers: &[CustomerFacts]) -> Value {
    let customers: Vec<Value> = customers
        .iter()
        .take(12)
        .enumerate()
        .map(|(i, customer)| {
            let mut customer = customer.json();
            customer["id"] = json!(format!("c-{i}"));
            customer
        })
        .collect();
    Value::Array(customers)
}

fn insert_facts(
    request: &mut Map<String, Value>,
    partner: &PartnerFacts,
    customer: Option<&CustomerFacts>,
) {
    request.insert("partner".into(), partner.json());
    if let Some(customer) = customer {
        request.insert("customer".into(), customer.json());
    }
}

impl Envelope {
    /// Builds an envelope from raw fuzzer bytes.
    pub fn from_bytes(data: &[u8]) -> arbitrary::Result<Envelope> {
        Envelope::arbitrary(&mut Unstructured::new(data))
    }

    /// The op name.
    pub fn op(&self) -> &'static str {
        match self.request {
            Request::PreregistrationCheck { .. } => "preregistration.check",
            Request::PreregistrationDelete { .. } => "preregistration.delete",
            Request::ReviewDue { .. } => "preregistration.review_due",
            Request::InvitationSend { .. } => "invitation.send",
            Request::InvitationResend { .. } => "invitation.resend",
            Request::InvitationAccept { .. } => "invitation.accept",
            Request::PreregistrationApprove => "preregistration.approve",
            Request::AssociationCheck { .. } => "association.check",
            Request::AssociationModels { .. } => "association.models",
            Request::FailureCauseLookup(_) => "failure_cause.lookup",
            Request::FailureCauseCatalog => "failure_cause.catalog",
            Request::TypeSwitch { .. } => "association_type.switch",
            Request::DisassociationCheck { .. } => "disassociation.check",
            Request::DisassociationRespond { .. } => "disassociation.respond",
            Request::Attribution { .. } => "manager.attribution",
            Request::ExportMask { .. } => "export.mask",
            Request::VerificationTimeout { .. } => "verification_code.timeout",
            Request::CheckMobile(_) => "verification_code.check_mobile",
            Request::ErrorCodeLookup(_) => "error_code.lookup",
            Request::FundsRecover { .. } => "funds.recover",
            Request::RemitterCheck { .. } => "remitter.check",
            Request::CustomerFreeze { .. } => "customer.freeze",
            Request::CustomerUnfreeze { .. } => "customer.unfreeze",
            Request::BudgetSet { .. } => "budget.set",
        }
    }

    /// The JSON request.
    pub fn json(&self) -> Value {
        let mut request = Map::new();
        request.insert("op".into(), json!(self.op()));
        let now = (self.now_omitted != 255).then_some(self.now);
        if let Some(now) = now.and_then(Instant::text) {
            request.insert("now".into(), json!(now));
        }
        if let Some(policy) = &self.policy {
            request.insert("policy".into(), policy.json());
        }
        match &self.request {
            Request::PreregistrationCheck { partner, customer } => {
                request.insert("partner".into(), partner.json());
                if let Some(customer) = customer {
                    request.insert("customer".into(), customer.json());
                }
            }
            Request::PreregistrationDelete { items } => {
                request.insert("items".into(), items_json(items, &DELETE_STATUSES, false));
            }
            Request::ReviewDue { submitted_at } => {
                if let Some(at) = submitted_at.text() {
                    request.insert("submitted_at".into(), json!(at));
                }
            }
            Request::InvitationSend {
                partner,
                customer,
                method,
                operator,
            } => {
                request.insert("partner".into(), partner.json());
                if let Some(customer) = customer {
                    request.insert("customer".into(), customer.json());
                }
                let method = METHODS
                    .get(usize::from(*method % 3))
                    .copied()
                    .unwrap_or("link");
                request.insert("method".into(), json!(method));
                if let Some(named) = operator {
                    let name = if *named {
                        json!("ops-anna")
                    } else {
                        Value::Null
                    };
                    request.insert("operator_account_name".into(), name);
                }
            }
            Request::InvitationResend { items } => {
                request.insert(
                    "items".into(),
                    items_json(items, &INVITATION_STATUSES, true),
                );
            }
            Request::InvitationAccept { accepted, items } => {
                let mut items = items_json(items, &INVITATION_STATUSES, false);
                let count = items.as_array().map_or(0, Vec::len);
                // Usually one of the items, made pending (only a pending one can be accepted);
                // now and then an id that is not there, or an item as it was drawn.
                let index = match accepted {
                    254 => count,
                    n => usize::from(*n) % count.max(1),
                };
                if *accepted != 255 {
                    if let Some(item) = items.get_mut(index) {
                        item["status"] = json!("pending");
                    }
                }
                request.insert("accepted_id".into(), json!(format!("i-{index}")));
                request.insert("items".into(), items);
            }
            Request::PreregistrationApprove | Request::FailureCauseCatalog => {}
            Request::AssociationCheck {
                partner,
                customer,
                reseller,
                invitation,
            } => {
                insert_facts(&mut request, partner, customer.as_ref());
                let model = if *reseller { "reseller" } else { "referral" };
                request.insert("model".into(), json!(model));
                if let Some(invitation) = invitation {
                    request.insert("invitation".into(), invitation.json());
                }
            }
            Request::AssociationModels {
                partner,
                customer,
                invitation,
            } => {
                insert_facts(&mut request, partner, customer.as_ref());
                if let Some(invitation) = invitation {
                    request.insert("invitation".into(), invitation.json());
                }
            }
            Request::FailureCauseLookup(query) => {
                if let Value::Object(fields) = query.json() {
                    request.extend(fields);
                }
            }
            Request::TypeSwitch {
                partner,
                customer,
                to_reseller,
                from_reseller,
                history,
            } => {
                insert_facts(&mut request, partner, customer.as_ref());
                if let Some(reseller) = from_reseller {
                    let facts = request.entry("customer").or_insert_with(|| json!({}));
                    if facts.get("current_model").is_none() {
                        let model = if *reseller { "reseller" } else { "referral" };
                        facts["current_model"] = json!(model);
                    }
                }
                let to = if *to_reseller { "reseller" } else { "referral" };
                request.insert("to".into(), json!(to));
                request.insert("history".into(), history_json(history));
            }
            Request::DisassociationCheck {
                by_customer,
                partner,
                customer,
                verified,
                history,
            } => {
                let initiator = if *by_customer { "customer" } else { "partner" };
                request.insert("initiator".into(), json!(initiator));
                insert_facts(&mut request, partner, customer.as_ref());
                insert_flags(&mut request, &[("verification_code_verified", *verified)]);
                request.insert("history".into(), history_json(history));
            }
            Request::DisassociationRespond {
                partner,
                status,
                agree,
                verified,
            } => {
                request.insert("partner".into(), partner.json());
                let status = ["pending", "agreed", "rejected", "cancelled"]
                    .get(usize::from(*status % 4))
                    .copied();
                request.insert("request".into(), json!({"status": status}));
                let action = if *agree { "agree" } else { "reject" };
                request.insert("action".into(), json!(action));
                insert_flags(&mut request, &[("verification_code_verified", *verified)]);
            }
            Request::Attribution {
                assignments,
                consumption,
            } => {
                let assignments: Vec<Value> = assignments
                    .iter()
                    .take(16)
                    .filter_map(|(customer, manager, from, to)| {
                        let mut a = json!({
                            "customer_id": format!("c-{}", customer % 4),
                            "manager_id": format!("m-{}", manager % 4),
                            "from": from.text()?,
                        });
                        if let Some(to) = to.and_then(Instant::text) {
                            a["to"] = json!(to);
                        }
                        Some(a)
                    })
                    .collect();
                let consumption: Vec<Value> = consumption
                    .iter()
                    .take(32)
                    .filter_map(|(customer, at, amount)| {
                        Some(json!({
                            "customer_id": format!("c-{}", customer % 5),
                            "at": at.text()?,
                            "amount_minor": amount,
                        }))
                    })
                    .collect();
                request.insert("assignments".into(), json!(assignments));
                request.insert("consumption".into(), json!(consumption));
            }
            Request::ExportMask {
                records,
                fields,
                strings,
            } => {
                let records: Vec<Value> = records
                    .iter()
                    .take(8)
                    .map(|cells| {
                        Value::Object(
                            cells
                                .iter()
                                .take(8)
                                .map(|(k, cell)| {
                                    let field = export_field(*k);
                                    let value = match cell.json() {
                                        Value::String(text) => Value::String(text),
                                        other if *strings && MASKED_BY_DEFAULT.contains(&field) => {
                                            Value::String(other.to_string())
                                        }
                                        other => other,
                                    };
                                    (field.to_owned(), value)
                                })
                                .collect(),
                        )
                    })
                    .collect();
                request.insert("records".into(), json!(records));
                if let Some(kinds) = fields {
                    let mut object = Map::new();
                    for (kind, names) in ["name", "mobile", "email"].iter().zip(kinds) {
                        if let Some(names) = names {
                            let names: Vec<&str> =
                                names.iter().take(4).map(|i| export_field(*i)).collect();
                            object.insert((*kind).into(), json!(names));
                        }
                    }
                    request.insert("fields".into(), Value::Object(object));
                }
            }
            Request::VerificationTimeout { v2, timeout } => {
                if let Some(v2) = v2 {
                    request.insert("api".into(), json!(if *v2 { "v2" } else { "legacy" }));
                }
                if let Some(timeout) = timeout {
                    request.insert("timeout_minutes".into(), json!(timeout));
                }
            }
            Request::CheckMobile(text) => {
                request.insert(
                    "mobile".into(),
                    json!(text.text(&["1", "+861", "00861", "+1"])),
                );
            }
            Request::ErrorCodeLookup(text) => {
                request.insert("code".into(), json!(text.text(&["CBC.", "cbc.", " CBC.0"])));
            }
            Request::FundsRecover {
                customers,
                partner,
                verified,
            } => {
                let customers: Vec<Value> = customers
                    .iter()
                    .take(32)
                    .enumerate()
                    .map(|(i, (quota, amount))| {
                        let mut c = json!({"id": format!("c-{i}"), "available_quota_minor": quota});
                        if let Some(amount) = amount {
                            c["amount_minor"] = json!(amount);
                        }
                        c
                    })
                    .collect();
                request.insert("customers".into(), json!(customers));
                if let Some(partner) = partner {
                    request.insert("partner".into(), partner.json());
                }
                insert_flags(&mut request, &[("verification_code_verified", *verified)]);
            }
            Request::RemitterCheck { active, update } => {
                request.insert("active_remitter_names".into(), json!(active % 12));
                let action = if *update { "update" } else { "add" };
                request.insert("action".into(), json!(action));
            }
            Request::CustomerFreeze {
                partner,
                customers,
                resources,
                reason,
                verified,
            } => {
                request.insert("partner".into(), partner.json());
                request.insert("customers".into(), customers_json(customers));
                if let Some(resources) = resources {
                    request.insert("freeze_type".into(), json!(freeze_type(*resources)));
                }
                if let Some(reason) = reason {
                    request.insert("reason".into(), json!(reason.text(&["", " ", "冻结"])));
                }
                insert_flags(&mut request, &[("verification_code_verified", *verified)]);
            }
            Request::CustomerUnfreeze {
                partner,
                customers,
                resources,
                verified,
            } => {
                request.insert("partner".into(), partner.json());
                request.insert("customers".into(), customers_json(customers));
                request.insert("unfreeze_type".into(), json!(freeze_type(*resources)));
                insert_flags(&mut request, &[("verification_code_verified", *verified)]);
            }
            Request::BudgetSet {
                partner,
                customer,
                amount,
                package,
                cancel,
            } => {
                insert_facts(&mut request, partner, Some(customer));
                request.insert("amount_minor".into(), json!(amount));
                if let Some(package) = package {
                    let kind = if *package { "package" } else { "monthly" };
                    request.insert("budget_type".into(), json!(kind));
                }
                insert_flags(&mut request, &[("cancel_partner_frozen", *cancel)]);
            }
        }
        Value::Object(request)
    }
}

// ---------------------------------------------------------------------------------------------
// What each answer must satisfy.

/// Whether a refusal of a generated request is one the op may give: generated facts are
/// well-formed, so only a missing `now`/`submitted_at`, an unknown status, a policy out of
/// range, overlapping assignments, an amount overflow or a timeout out of range is refused, at
/// the path that says so.
pub fn allowed_refusal(op: &str, path: &str) -> bool {
    let general = path == "$.now" || path == "$" || path.starts_with("$.policy");
    let specific = match op {
        "preregistration.review_due" => path == "$.submitted_at",
        "preregistration.delete" | "invitation.resend" => path.starts_with("$.items["),
        "invitation.accept" => path.starts_with("$.items[") || path == "$.accepted_id",
        "manager.attribution" => {
            path.starts_with("$.assignments") || path.starts_with("$.consumption")
        }
        "verification_code.timeout" => path == "$.timeout_minutes",
        "association_type.switch" => path == "$.customer.current_model",
        // A field listed under two kinds, or a masked field that is not a string or null.
        "export.mask" => path.starts_with("$.fields.") || path.starts_with("$.records["),
        _ => false,
    };
    general || specific
}

/// Causes in catalog order; model-specific ones only under their model.
pub const CATALOG: &[&str] = &[
    "system_busy",
    "invitation_link_not_found",
    "invitation_link_expired",
    "invitation_code_used",
    "invitation_link_used",
    "prepaid_partner_reseller_model",
    "customer_registered_by_another_partner",
    "customer_is_or_applying_partner",
    "customer_associated_with_another_partner",
    "customer_special_contract",
    "customer_internal_account",
    "reseller_independent_accounting_master",
    "reseller_enterprise_member_account",
    "referral_restricted_by_agreement",
    "referral_restricted_by_country",
    "customer_has_consumption_record",
    "topup_balance_invoice_over_limit",
    "customer_registration_too_old",
    "customer_overdue_payment",
    "reseller_credit_bill_run_overdue",
];

fn same_as_reference(expected: &partner_rules_conformance::reference::Expected, answer: &Value) {
    let codes = reason_codes(&answer["reasons"]);
    assert_eq!(answer["outcome"], expected.outcome, "reference outcome");
    assert_eq!(codes, expected.codes, "reference reasons");
}

fn check_association(answer: &Value, reseller: bool, full: bool) {
    let codes = reason_codes(&answer["reasons"]);
    assert_in_order(&codes, CATALOG);
    assert!(!codes.iter().any(|c| c == "system_busy"), "never inferred");
    let forbidden: &[&str] = if reseller {
        &[
            "referral_restricted_by_agreement",
            "referral_restricted_by_country",
        ]
    } else {
        &[
            "prepaid_partner_reseller_model",
            "reseller_independent_accounting_master",
            "reseller_enterprise_member_account",
            "reseller_credit_bill_run_overdue",
        ]
    };
    assert!(
        !codes.iter().any(|c| forbidden.contains(&c.as_str())),
        "{codes:?}"
    );
    let associable = codes.is_empty();
    assert_eq!(
        answer["outcome"],
        if associable { "associable" } else { "failed" }
    );
    if full {
        assert_eq!(answer["primary"], json!(codes.first()));
        assert_eq!(
            answer["frozen_after"],
            if associable {
                json!(reseller)
            } else {
                Value::Null
            }
        );
    }
}

fn text_of(value: &Value) -> &str {
    value.as_str().expect("a string")
}

/// Checks the answer to a generated request; panics (a crash to libFuzzer) when one is wrong.
pub fn check_answer(envelope: &Envelope, request: &Value, answer: &Value) {
    use partner_rules_conformance::reference;
    match &envelope.request {
        Request::PreregistrationCheck { .. } => {
            check_preregistration_response(answer);
            let expected = reference::preregistration_check(request).expect("now was accepted");
            same_as_reference(&expected, answer);
            check_typed_preregistration(request, answer);
        }
        Request::InvitationSend { .. } => {
            check_verdict(answer);
            if answer["outcome"] == "blocked" {
                assert!(answer["expires_at"].is_null());
            }
        }
        Request::PreregistrationDelete { .. } | Request::InvitationResend { .. } => {
            check_items(request, "items", answer);
        }
        Request::FundsRecover { .. } => {
            check_items(request, "customers", answer);
            let expected = reference::funds_recover(request).expect("customers read");
            same_items(&expected, answer);
        }
        Request::CustomerFreeze { .. } => {
            check_items(request, "customers", answer);
            let expected = reference::customer_freeze(request).expect("now read");
            same_items(&expected, answer);
        }
        Request::CustomerUnfreeze { .. } => {
            check_items(request, "customers", answer);
            let expected = reference::customer_unfreeze(request).expect("now read");
            same_items(&expected, answer);
        }
        Request::BudgetSet { .. } => {
            check_verdict(answer);
            let expected = reference::budget_set(request).expect("now read");
            same_as_reference(&expected.expected, answer);
            assert_eq!(answer["alerts_minor"], json!(expected.alerts_minor));
            assert_eq!(answer["unfreezes"], json!(expected.unfreezes));
            let resets_at = answer["resets_at"].as_str().map(|t| {
                OffsetDateTime::parse(t, &Rfc3339).expect("an RFC 3339 reset")
            });
            assert_eq!(resets_at, expected.resets_at);
        }
        Request::RemitterCheck { .. } => {
            check_verdict(answer);
            let expected = reference::remitter_check(request).expect("count read");
            same_as_reference(&expected, answer);
        }
        Request::InvitationAccept { .. } => {
            let accepted = &request["accepted_id"];
            let ids: Vec<&Value> = request["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|i| &i["id"])
                .collect();
            for id in answer["invalidated"].as_array().expect("invalidated") {
                assert!(ids.contains(&id) && id != accepted, "{id}");
            }
        }
        Request::ReviewDue { .. } => assert!(answer["due_by"].is_string()),
        Request::PreregistrationApprove => assert!(answer["expires_at"].is_string()),
        Request::AssociationCheck { reseller, .. } => {
            check_association(answer, *reseller, true);
            let expected = reference::association_check(request).expect("now and model read");
            same_as_reference(&expected.expected, answer);
        }
        Request::AssociationModels { .. } => {
            check_association(&answer["reseller"], true, false);
            check_association(&answer["referral"], false, false);
            let (reseller, referral, recommended) =
                reference::association_models(request).expect("now read");
            same_as_reference(&reseller.expected, &answer["reseller"]);
            same_as_reference(&referral.expected, &answer["referral"]);
            assert_eq!(answer["recommended"], json!(recommended));
        }
        Request::FailureCauseLookup(query) => {
            let cause = &answer["cause"];
            if let Some(code) = query_target(query) {
                assert_eq!(cause["code"], code, "{request}");
            }
            if !cause.is_null() {
                let code = text_of(&cause["code"]);
                let number = cause["number"].as_u64().expect("number");
                assert_eq!(
                    CATALOG.iter().position(|c| *c == code),
                    usize::try_from(number).ok().map(|n| n - 1)
                );
                // What was found is found again by its own platform message.
                let again = partner_rules::evaluate(json!({"op": "failure_cause.lookup",
                    "message": cause["platform_message"]["en"]}))
                .expect("a look-up answers");
                assert_eq!(again["cause"]["code"], code);
            }
        }
        Request::FailureCauseCatalog => {
            let causes = answer["causes"].as_array().expect("causes");
            let codes: Vec<&str> = causes.iter().map(|c| text_of(&c["code"])).collect();
            assert_eq!(codes, CATALOG);
        }
        Request::TypeSwitch { .. } => {
            check_verdict(answer);
            assert!(answer["requires_customer_confirmation"].is_boolean());
        }
        Request::DisassociationCheck { .. } | Request::CheckMobile(_) => {
            check_verdict(answer);
        }
        Request::DisassociationRespond { .. } => {
            check_verdict(answer);
            // The status the request moves to, only when the answer may be given.
            assert_eq!(
                answer["request_status"].is_string(),
                answer["outcome"] == "allowed"
            );
        }
        Request::Attribution { .. } => check_attribution(request, answer),
        Request::ExportMask { .. } => check_masking(request, answer),
        Request::VerificationTimeout { .. } => {
            assert!(answer["effective_minutes"].as_u64().is_some_and(|m| m >= 1));
        }
        Request::ErrorCodeLookup(_) => {
            let error = &answer["error"];
            assert!(
                error.is_null() || (error["code"].is_string() && error["http_status"].is_u64())
            );
        }
    }
}

/// Each item as the reference model answers it; `release_at` too where the answer has it.
fn same_items(expected: &[partner_rules_conformance::reference::Item], answer: &Value) {
    let results = answer["results"].as_array().expect("results");
    assert_eq!(results.len(), expected.len());
    for (item, result) in expected.iter().zip(results) {
        same_as_reference(&item.expected, result);
        if let Some(release_at) = result.get("release_at") {
            let answered = release_at
                .as_str()
                .map(|t| OffsetDateTime::parse(t, &Rfc3339).expect("an RFC 3339 release"));
            assert_eq!(answered, item.release_at);
        }
    }
}

fn check_items(request: &Value, field: &str, answer: &Value) {
    let items = request[field].as_array().expect("items");
    let results = answer["results"].as_array().expect("results");
    assert_eq!(items.len(), results.len(), "one answer per item");
    for (item, result) in items.iter().zip(results) {
        assert_eq!(item["id"], result["id"], "answers keep the items' order");
        check_verdict(result);
    }
}

/// Total in = total out, and every manager once, sorted by id.
fn check_attribution(request: &Value, answer: &Value) {
    let total: i128 = request["consumption"]
        .as_array()
        .expect("consumption")
        .iter()
        .map(|c| i128::from(c["amount_minor"].as_i64().expect("amount")))
        .sum();
    let by_manager = answer["by_manager"].as_array().expect("by_manager");
    let attributed: i128 = by_manager
        .iter()
        .map(|m| i128::from(m["amount_minor"].as_i64().expect("amount")))
        .sum();
    let unattributed = i128::from(answer["unattributed_minor"].as_i64().expect("unattributed"));
    assert_eq!(
        i128::from(answer["total_minor"].as_i64().expect("total")),
        total
    );
    assert_eq!(attributed + unattributed, total, "total in = total out");
    let ids: Vec<&str> = by_manager
        .iter()
        .map(|m| text_of(&m["manager_id"]))
        .collect();
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "sorted by id, once each: {ids:?}"
    );
}

/// Masked fields differ from the original (beyond one character) and names keep their length;
/// every other field passes through unchanged.
fn check_masking(request: &Value, answer: &Value) {
    let fields = &request["fields"];
    let listed = |kind: &str, default: &str| -> Vec<String> {
        match fields.get(kind).and_then(Value::as_array) {
            Some(names) => names
                .iter()
                .filter_map(|n| n.as_str().map(str::to_owned))
                .collect(),
            None => vec![default.to_owned()],
        }
    };
    let names = listed("name", "name");
    let masked: Vec<String> = names
        .iter()
        .cloned()
        .chain(listed("mobile", "mobile"))
        .chain(listed("email", "email"))
        .collect();
    let records = request["records"].as_array().expect("records");
    let out = answer["records"].as_array().expect("records");
    assert_eq!(records.len(), out.len());
    for (record, result) in records.iter().zip(out) {
        let (Some(record), Some(result)) = (record.as_object(), result.as_object()) else {
            panic!("records are objects");
        };
        assert_eq!(
            record.keys().collect::<Vec<_>>(),
            result.keys().collect::<Vec<_>>()
        );
        for (key, value) in record {
            let after = &result[key];
            match (value.as_str(), masked.contains(key)) {
                (Some(original), true) => {
                    let after = text_of(after);
                    if original.chars().nth(1).is_some() {
                        assert_ne!(after, original, "{key} was not masked");
                    }
                    if names.contains(key) {
                        assert_eq!(after.chars().count(), original.chars().count(), "{key}");
                    }
                }
                _ => assert_eq!(after, value, "{key} changed"),
            }
        }
    }
}

/// The typed API gives the same decision as the JSON contract.
fn check_typed_preregistration(request: &Value, answer: &Value) {
    use partner_rules::{preregistration, Customer, Partner, Policy};
    let policy = match request.get("policy") {
        Some(policy) => Policy::from_value(policy).expect("the engine accepted this policy"),
        None => Policy::default(),
    };
    let partner: Partner = serde_json::from_value(request["partner"].clone()).expect("partner");
    let customer: Customer = match request.get("customer") {
        Some(customer) => serde_json::from_value(customer.clone()).expect("customer"),
        None => Customer::default(),
    };
    let now = partner_rules::parse_timestamp(text_of(&request["now"])).expect("now");
    let decision = preregistration::check(&policy, &partner, &customer, now);
    let mut typed = serde_json::to_value(&decision).expect("a decision serializes");
    typed["policy"] = Value::from(policy.preset_name());
    assert_eq!(&typed, answer);
}
