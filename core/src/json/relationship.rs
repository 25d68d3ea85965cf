//! Wire types of the relationship-management ops: disassociation, account managers, export
//! masking, verification codes, platform error codes, fund recovery, remitter names.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::answer::{ItemResults, WithPolicy};
use super::{path, read, request, Context, Op};
use crate::disassociation::{self, Action, RequestStatus};
use crate::error::Error;
use crate::error_codes::{self, PlatformError};
use crate::facts::{Customer, HistoryEntry, Initiator, Partner};
use crate::funds;
use crate::managers::{self, Assignment, Attribution, Consumption};
use crate::masking::Fields;
use crate::reason::{ItemResult, Ruling};
use crate::remitters;
use crate::verification::{self, Api, Requested};

request! {
    pub(crate) struct DisassociationCheckRequest {
        /// Who asks to disassociate.
        initiator: Initiator,
        /// The partner asking.
        #[serde(deserialize_with = "super::shape::object")]
        partner: Partner,
        /// The customer.
        #[serde(default, deserialize_with = "super::shape::object")]
        customer: Customer,
        /// A verification code was verified for this operation.
        #[serde(default)]
        verification_code_verified: bool,
        /// The past disassociation requests and type switches of this partner and customer that count against the quota.
        #[serde(default, deserialize_with = "super::shape::objects")]
        history: Vec<HistoryEntry>,
    }
}

impl Op for DisassociationCheckRequest {
    type Response = WithPolicy<Ruling>;

    const NEEDS_NOW: bool = true;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let now = ctx.now()?;
        Ok(WithPolicy {
            policy: ctx.policy.preset_kind(),
            body: disassociation::check(
                ctx.policy,
                self.initiator,
                &self.partner,
                &self.customer,
                self.verification_code_verified,
                &self.history,
                now,
            ),
        })
    }
}

/// The customer's request being answered, as the host stores it.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct DisassociationRequest {
    /// Its status as the host stores it.
    status: RequestStatus,
}

request! {
    pub(crate) struct DisassociationRespondRequest {
        /// The partner asking.
        #[serde(deserialize_with = "super::shape::object")]
        partner: Partner,
        /// The customer's request being answered.
        #[serde(deserialize_with = "super::shape::object")]
        request: DisassociationRequest,
        /// The partner's answer.
        action: Action,
        /// A verification code was verified for this operation.
        #[serde(default)]
        verification_code_verified: bool,
    }
}

impl Op for DisassociationRespondRequest {
    type Response = disassociation::Response;

    fn run(self, _ctx: &Context<'_>) -> Result<Self::Response, Error> {
        Ok(disassociation::respond(
            &self.partner,
            self.request.status,
            self.action,
            self.verification_code_verified,
        ))
    }
}

request! {
    pub(crate) struct ManagerAttributionRequest {
        /// Customers assigned to managers over time.
        #[serde(default, deserialize_with = "super::shape::objects")]
        assignments: Vec<Assignment>,
        /// Consumption records to attribute.
        #[serde(default, deserialize_with = "super::shape::objects")]
        consumption: Vec<Consumption>,
    }
}

impl Op for ManagerAttributionRequest {
    type Response = Attribution;

    fn run(self, _ctx: &Context<'_>) -> Result<Self::Response, Error> {
        Ok(managers::attribute(&self.assignments, &self.consumption)?)
    }
}

request! {
    pub(crate) struct ExportMaskRequest {
        /// The records to export: objects of any fields.
        records: Vec<Record>,
        /// Which fields hold names, mobile numbers and emails; absent: `name`, `mobile`, `email`.
        #[serde(default, deserialize_with = "super::shape::optional_object")]
        fields: Option<Fields>,
    }
}

/// One record of an export: any object, its members kept in order.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub(crate) struct Record(Map<String, Value>);

impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RecordVisitor;

        impl<'de> serde::de::Visitor<'de> for RecordVisitor {
            type Value = Record;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Record, A::Error> {
                super::shape::members(map).map(Record)
            }
        }

        d.deserialize_any(RecordVisitor)
    }
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct MaskedRecords {
    /// The records in order, their listed fields masked.
    records: Vec<Record>,
}

/// Masks the listed fields of every record, in place. A masked field holding `null` stays
/// `null`; any other non-string value is invalid input at its path (`$.records[2].mobile`),
/// because passing it through could leak what the export must hide.
fn mask_records(
    policy: &crate::Policy,
    fields: &Fields,
    records: &mut [Record],
) -> Result<(), Error> {
    let kinds = fields.kinds()?;
    for (i, Record(record)) in records.iter_mut().enumerate() {
        for (key, value) in record.iter_mut() {
            let Some(kind) = kinds.get(key.as_str()) else {
                continue;
            };
            match value {
                Value::Null => {}
                Value::String(text) => *text = kind.mask(policy, text),
                other => {
                    let mut at = format!("$.records[{i}]");
                    path::push_key(&mut at, key);
                    return Err(Error::invalid_input(
                        at,
                        format!(
                            "expected a string or `null` to mask as {}, got {}",
                            kind.name(),
                            read::got(other)
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

impl Op for ExportMaskRequest {
    type Response = WithPolicy<MaskedRecords>;

    fn run(mut self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let fields = self.fields.unwrap_or_default();
        mask_records(ctx.policy, &fields, &mut self.records)?;
        Ok(WithPolicy {
            policy: ctx.policy.preset_kind(),
            body: MaskedRecords {
                records: self.records,
            },
        })
    }
}

request! {
    pub(crate) struct VerificationTimeoutRequest {
        /// The send-code API: `legacy` (lenient) or `v2` (strict).
        #[serde(default)]
        api: Api,
        /// Minutes. Absent and `null` both mean the default for the legacy API; the v2 API
        /// takes only an absent field for it.
        #[serde(default, deserialize_with = "nullable")]
        timeout_minutes: Option<Option<i64>>,
    }
}

/// Tells `null` (`Some(None)`) from an absent field (`None`, by `#[serde(default)]`).
fn nullable<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    Option::<i64>::deserialize(d).map(Some)
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct EffectiveTimeout {
    /// The timeout the platform applies, in minutes.
    effective_minutes: u32,
}

impl Op for VerificationTimeoutRequest {
    type Response = WithPolicy<EffectiveTimeout>;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let requested = match self.timeout_minutes {
            None => Requested::Absent,
            Some(None) => Requested::Null,
            Some(Some(minutes)) => Requested::Minutes(minutes),
        };
        Ok(WithPolicy {
            policy: ctx.policy.preset_kind(),
            body: EffectiveTimeout {
                effective_minutes: verification::effective_timeout(
                    ctx.policy, self.api, requested,
                )?,
            },
        })
    }
}

request! {
    pub(crate) struct CheckMobileRequest {
        /// The mobile number a code would be sent to.
        mobile: String,
    }
}

impl Op for CheckMobileRequest {
    type Response = WithPolicy<Ruling>;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        Ok(WithPolicy {
            policy: ctx.policy.preset_kind(),
            body: verification::check_mobile(ctx.policy, &self.mobile),
        })
    }
}

request! {
    pub(crate) struct ErrorCodeLookupRequest {
        /// A platform error code, such as `CBC.0100`.
        code: String,
    }
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ErrorCodeFound {
    /// The platform error, or null for an unknown code.
    error: Option<&'static PlatformError>,
}

impl Op for ErrorCodeLookupRequest {
    type Response = ErrorCodeFound;

    fn run(self, _ctx: &Context<'_>) -> Result<Self::Response, Error> {
        Ok(ErrorCodeFound {
            error: error_codes::lookup(&self.code),
        })
    }
}

request! {
    pub(crate) struct FundsRecoverRequest {
        /// The customers selected for recovery, each with the amount to recover.
        #[serde(deserialize_with = "super::shape::objects")]
        customers: Vec<funds::Selection>,
        /// The partner asking; absent: the verification-code rule does not apply.
        #[serde(default, deserialize_with = "super::shape::optional_object")]
        partner: Option<Partner>,
        /// A verification code was verified for this operation.
        #[serde(default)]
        verification_code_verified: bool,
    }
}

impl Op for FundsRecoverRequest {
    type Response = ItemResults;

    fn run(self, _ctx: &Context<'_>) -> Result<Self::Response, Error> {
        // What `funds::recover` answers, each id moved into its result rather than copied.
        let partner = self.partner.as_ref();
        let results = self
            .customers
            .into_iter()
            .map(|customer| {
                let reasons = funds::reasons(partner, self.verification_code_verified, &customer);
                ItemResult::new(customer.id, reasons)
            })
            .collect();
        Ok(ItemResults { results })
    }
}

request! {
    pub(crate) struct RemitterCheckRequest {
        /// Remitter names in effect now.
        active_remitter_names: u32,
        /// Adding a remitter name, or updating one.
        #[allow(dead_code)]
        action: remitters::Action,
    }
}

impl Op for RemitterCheckRequest {
    type Response = WithPolicy<Ruling>;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        Ok(WithPolicy {
            policy: ctx.policy.preset_kind(),
            body: remitters::check(ctx.policy, self.active_remitter_names),
        })
    }
}
