//! Wire types of the ops after association: freezing and unfreezing customer accounts, and
//! setting budgets.

use super::answer::{ItemResults, WithPolicy};
use super::{request, Context, Op};
use crate::budget::{self, Budget, BudgetDecision, BudgetType};
use crate::error::Error;
use crate::facts::{Customer, FreezeType, Partner};
use crate::freezing::{self, Freeze, FreezeResult, Unfreeze};
use crate::reason::ItemResult;

request! {
    pub(crate) struct FreezeRequest {
        /// The partner asking.
        #[serde(deserialize_with = "super::shape::object")]
        partner: Partner,
        /// The customers to freeze, each with its `id`; answered one by one, in order.
        #[serde(deserialize_with = "super::shape::objects")]
        customers: Vec<Customer>,
        /// The account alone (the default), or the account and its resources.
        #[serde(default)]
        freeze_type: FreezeType,
        /// Why the partner freezes them: required, at most `freeze_reason_max_chars` characters.
        #[serde(default)]
        reason: Option<String>,
        /// A verification code was verified for this operation.
        #[serde(default)]
        verification_code_verified: bool,
    }
}

impl Op for FreezeRequest {
    type Response = WithPolicy<ItemResults<FreezeResult>>;

    const NEEDS_NOW: bool = true;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let freeze = Freeze {
            freeze_type: self.freeze_type,
            reason: self.reason.as_deref(),
            verification_code_verified: self.verification_code_verified,
        };
        let results = freezing::freeze(
            ctx.policy,
            &self.partner,
            &self.customers,
            freeze,
            ctx.now()?,
        )?;
        Ok(WithPolicy {
            policy: ctx.policy.preset_kind(),
            body: ItemResults { results },
        })
    }
}

request! {
    pub(crate) struct UnfreezeRequest {
        /// The partner asking.
        #[serde(deserialize_with = "super::shape::object")]
        partner: Partner,
        /// The customers to unfreeze, each with its `id`; answered one by one, in order.
        #[serde(deserialize_with = "super::shape::objects")]
        customers: Vec<Customer>,
        /// The type the accounts were frozen with: the account alone, or with its resources.
        unfreeze_type: FreezeType,
        /// A verification code was verified for this operation.
        #[serde(default)]
        verification_code_verified: bool,
    }
}

impl Op for UnfreezeRequest {
    type Response = WithPolicy<ItemResults<ItemResult>>;

    const NEEDS_NOW: bool = true;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let unfreeze = Unfreeze {
            unfreeze_type: self.unfreeze_type,
            verification_code_verified: self.verification_code_verified,
        };
        let results = freezing::unfreeze(
            ctx.policy,
            &self.partner,
            &self.customers,
            unfreeze,
            ctx.now()?,
        )?;
        Ok(WithPolicy {
            policy: ctx.policy.preset_kind(),
            body: ItemResults { results },
        })
    }
}

request! {
    pub(crate) struct BudgetSetRequest {
        /// The partner asking.
        #[serde(deserialize_with = "super::shape::object")]
        partner: Partner,
        /// The customer the budget is for.
        #[serde(deserialize_with = "super::shape::object")]
        customer: Customer,
        /// The budget, in minor units (hundredths): `100000` is 1,000.00.
        amount_minor: i64,
        /// Monthly (the default), or a one-time package that never resets.
        #[serde(default)]
        budget_type: BudgetType,
        /// Also lift the partner's freeze of the customer account.
        #[serde(default)]
        cancel_partner_frozen: bool,
    }
}

impl Op for BudgetSetRequest {
    type Response = WithPolicy<BudgetDecision>;

    const NEEDS_NOW: bool = true;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let budget = Budget {
            amount_minor: self.amount_minor,
            budget_type: self.budget_type,
            cancel_partner_frozen: self.cancel_partner_frozen,
        };
        Ok(WithPolicy {
            policy: ctx.policy.preset_kind(),
            body: budget::set(
                ctx.policy,
                &self.partner,
                &self.customer,
                budget,
                ctx.now()?,
            ),
        })
    }
}
