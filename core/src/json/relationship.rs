//! Wire types of the relationship-management ops: disassociation, account managers, export
//! masking, verification codes, platform error codes, fund recovery.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{request, Context, ItemResult, ItemResults, Op, WithPolicy};
use crate::disassociation::{self, Action, RequestStatus};
use crate::error::Error;
use crate::error_codes::{self, PlatformError};
use crate::facts::{Customer, HistoryEntry, Initiator, Partner};
use crate::funds;
use crate::managers::{self, Assignment, Attribution, Consumption};
use crate::masking::{self, Fields};
use crate::reason::Ruling;
use crate::verification::{self, Api};

request! {
    pub(crate) struct DisassociationCheckRequest {
        initiator: Initiator,
        #[serde(deserialize_with = "crate::json::shape::object")]
        partner: Partner,
        #[serde(default, deserialize_with = "crate::json::shape::object")]
        customer: Customer,
        #[serde(default)]
        verification_code_verified: bool,
        #[serde(default, deserialize_with = "crate::json::shape::objects")]
        history: Vec<HistoryEntry>,
    }
}

impl Op for DisassociationCheckRequest {
    type Response = WithPolicy<Ruling>;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let now = ctx.now()?;
        Ok(WithPolicy {
            policy: ctx.policy.preset_name(),
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
#[serde(deny_unknown_fields)]
pub(crate) struct AnsweredRequest {
    status: RequestStatus,
}

request! {
    pub(crate) struct DisassociationRespondRequest {
        #[serde(deserialize_with = "crate::json::shape::object")]
        partner: Partner,
        #[serde(deserialize_with = "crate::json::shape::object")]
        request: AnsweredRequest,
        action: Action,
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
        #[serde(default, deserialize_with = "crate::json::shape::objects")]
        assignments: Vec<Assignment>,
        #[serde(default, deserialize_with = "crate::json::shape::objects")]
        consumption: Vec<Consumption>,
    }
}

impl Op for ManagerAttributionRequest {
    type Response = Attribution;

    fn run(self, _ctx: &Context<'_>) -> Result<Self::Response, Error> {
        managers::attribute(&self.assignments, &self.consumption)
    }
}

request! {
    pub(crate) struct ExportMaskRequest {
        records: Vec<Map<String, Value>>,
        #[serde(default, deserialize_with = "crate::json::shape::optional_object")]
        fields: Option<Fields>,
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct MaskedRecords {
    records: Vec<Map<String, Value>>,
}

impl Op for ExportMaskRequest {
    type Response = WithPolicy<MaskedRecords>;

    fn run(mut self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let fields = self.fields.unwrap_or_default();
        masking::mask_records(ctx.policy, &fields, &mut self.records)?;
        Ok(WithPolicy {
            policy: ctx.policy.preset_name(),
            body: MaskedRecords {
                records: self.records,
            },
        })
    }
}

request! {
    pub(crate) struct VerificationTimeoutRequest {
        #[serde(default)]
        api: Api,
        /// Absent (outer `None`) and `null` (`Some(None)`) differ for the v2 API.
        #[serde(default, deserialize_with = "crate::integers::nullable_minutes")]
        timeout_minutes: Option<Option<i64>>,
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct EffectiveTimeout {
    effective_minutes: u32,
}

impl Op for VerificationTimeoutRequest {
    type Response = WithPolicy<EffectiveTimeout>;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let requested = match (self.api, self.timeout_minutes) {
            // The legacy API documents null as "use the default"; v2 only an absent field.
            (Api::V2, Some(None)) => {
                return Err(Error::invalid_input(
                    "$.timeout_minutes",
                    format!(
                        "expected a number of minutes from 1 to {} or no field at all, got null",
                        ctx.policy.verification_code_v2_max_minutes()
                    ),
                ))
            }
            (_, given) => given.flatten(),
        };
        Ok(WithPolicy {
            policy: ctx.policy.preset_name(),
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
        mobile: String,
    }
}

impl Op for CheckMobileRequest {
    type Response = WithPolicy<Ruling>;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        Ok(WithPolicy {
            policy: ctx.policy.preset_name(),
            body: verification::check_mobile(ctx.policy, &self.mobile),
        })
    }
}

request! {
    pub(crate) struct ErrorCodeLookupRequest {
        code: String,
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct ErrorCodeFound {
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RecoveryCandidate {
    id: String,
    #[serde(deserialize_with = "crate::integers::minor_units")]
    available_quota_minor: i64,
}

request! {
    pub(crate) struct FundsRecoverRequest {
        #[serde(deserialize_with = "crate::json::shape::objects")]
        customers: Vec<RecoveryCandidate>,
    }
}

impl Op for FundsRecoverRequest {
    type Response = ItemResults;

    fn run(self, _ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let results = self
            .customers
            .into_iter()
            .map(|customer| {
                let reasons = funds::recovery_refusal(customer.available_quota_minor)
                    .into_iter()
                    .collect();
                ItemResult::new(customer.id, reasons)
            })
            .collect();
        Ok(ItemResults { results })
    }
}
