//! Wire types of the association ops: the association check, the model choice, the failure-cause
//! catalog and its look-up, and the association type switch.

use serde::Serialize;

use super::answer::WithPolicy;
use super::{request, Context, Op};
use crate::association::{self, Decision, Outcome, SwitchDecision};
use crate::catalog::Cause;
use crate::error::Error;
use crate::facts::{Customer, HistoryEntry, Invitation, Model, Partner};
use crate::reason::{Operation, Reason, Text};

request! {
    pub(crate) struct CheckRequest {
        /// The partner asking.
        #[serde(deserialize_with = "super::shape::object")]
        partner: Partner,
        /// The customer.
        #[serde(default, deserialize_with = "super::shape::object")]
        customer: Customer,
        /// The association model tried.
        model: Model,
        /// Absent or null: the invitation cannot be found.
        #[serde(default, deserialize_with = "super::shape::optional_object")]
        invitation: Option<Invitation>,
    }
}

impl Op for CheckRequest {
    type Response = Decision;

    const NEEDS_NOW: bool = true;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let now = ctx.now()?;
        Ok(association::check(
            ctx.policy,
            &self.partner,
            &self.customer,
            self.model,
            self.invitation.as_ref(),
            now,
        ))
    }
}

request! {
    pub(crate) struct ModelsRequest {
        /// The partner asking.
        #[serde(deserialize_with = "super::shape::object")]
        partner: Partner,
        /// The customer.
        #[serde(default, deserialize_with = "super::shape::object")]
        customer: Customer,
        /// Absent or null: the invitation cannot be found.
        #[serde(default, deserialize_with = "super::shape::optional_object")]
        invitation: Option<Invitation>,
    }
}

/// One model's answer within `association.models`: the association check's answer without
/// `primary` (the model's first reason).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ModelAnswer {
    /// Associable or failed.
    outcome: Outcome,
    /// Every cause that holds under this model, in catalog order.
    reasons: Vec<Reason>,
    /// Whether the account is frozen once associated under this model; null when it fails.
    frozen_after: Option<bool>,
}

impl From<Decision> for ModelAnswer {
    fn from(decision: Decision) -> Self {
        ModelAnswer {
            outcome: decision.outcome,
            reasons: decision.reasons,
            frozen_after: decision.frozen_after,
        }
    }
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ModelsResponse {
    /// The answer under the reseller model.
    reseller: ModelAnswer,
    /// The answer under the referral model.
    referral: ModelAnswer,
    /// An associable model: reseller when both are, null when neither is.
    recommended: Option<Model>,
}

impl Op for ModelsRequest {
    type Response = ModelsResponse;

    const NEEDS_NOW: bool = true;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let now = ctx.now()?;
        let both = association::models(
            ctx.policy,
            &self.partner,
            &self.customer,
            self.invitation.as_ref(),
            now,
        );
        Ok(ModelsResponse {
            reseller: both.reseller.into(),
            referral: both.referral.into(),
            recommended: both.recommended,
        })
    }
}

/// A catalog entry as `failure_cause.lookup` and `failure_cause.catalog` answer it.
#[derive(Debug, Serialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "Cause")
)]
pub(crate) struct CauseEntry {
    number: u8,
    code: &'static str,
    message: Text,
    platform_message: PlatformMessage,
    suggested_operation: Operation,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct PlatformMessage {
    en: &'static str,
    zh: Option<&'static str>,
}

impl From<Cause> for CauseEntry {
    fn from(cause: Cause) -> Self {
        CauseEntry {
            number: cause.number(),
            code: cause.code(),
            message: cause.message(),
            platform_message: PlatformMessage {
                en: cause.platform_message_en(),
                zh: cause.platform_message_zh(),
            },
            suggested_operation: cause.suggested_operation(),
        }
    }
}

request! {
    pub(crate) struct LookupRequest {
        /// A cause code, such as `invitation_link_expired`.
        #[serde(default)]
        code: Option<String>,
        /// The message a person was shown, in English or Chinese.
        #[serde(default)]
        message: Option<String>,
    }
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct LookupResponse {
    /// The cause found, or null when nothing matches.
    cause: Option<CauseEntry>,
}

impl Op for LookupRequest {
    type Response = LookupResponse;

    fn run(self, _ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let cause = match (self.code, self.message) {
            (Some(code), None) => Cause::from_code(&code),
            (None, Some(message)) => Cause::from_message(&message),
            (code, _) => {
                let given = if code.is_some() { "both" } else { "neither" };
                return Err(Error::invalid_input(
                    "$",
                    format!(
                        "expected exactly one of `code` (a cause code such as \
                         `invitation_link_expired`) and `message` (a message text), got {given}"
                    ),
                ));
            }
        };
        Ok(LookupResponse {
            cause: cause.map(CauseEntry::from),
        })
    }
}

request! {
    pub(crate) struct CatalogRequest {}
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct CatalogResponse {
    /// All twenty causes, in catalog order.
    causes: Vec<CauseEntry>,
}

impl Op for CatalogRequest {
    type Response = CatalogResponse;

    fn run(self, _ctx: &Context<'_>) -> Result<Self::Response, Error> {
        Ok(CatalogResponse {
            causes: Cause::ALL.iter().copied().map(CauseEntry::from).collect(),
        })
    }
}

request! {
    pub(crate) struct SwitchRequest {
        /// The partner asking.
        #[serde(deserialize_with = "super::shape::object")]
        partner: Partner,
        /// The customer.
        #[serde(default, deserialize_with = "super::shape::object")]
        customer: Customer,
        /// The model to switch to.
        to: Model,
        /// The past disassociation requests and type switches of this partner and customer that count against the quota.
        #[serde(default, deserialize_with = "super::shape::objects")]
        history: Vec<HistoryEntry>,
    }
}

impl Op for SwitchRequest {
    type Response = WithPolicy<SwitchDecision>;

    const NEEDS_NOW: bool = true;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let now = ctx.now()?;
        Ok(WithPolicy {
            policy: ctx.policy.preset_kind(),
            body: association::switch(
                ctx.policy,
                &self.partner,
                &self.customer,
                self.to,
                &self.history,
                now,
            )?,
        })
    }
}
