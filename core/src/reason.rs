//! Reasons: every stable code the library can answer with, its English and Chinese text, and the
//! operation it suggests. Codes are a contract: never rename one.

use serde::Serialize;
use time::OffsetDateTime;

use crate::calendar::Calendar;
use crate::catalog::Cause;
use crate::strict::names;

/// A text for a person, in English and Chinese.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Text {
    /// English.
    pub en: &'static str,
    /// Simplified Chinese.
    pub zh: &'static str,
}

/// Declares a code enum once: variant, stable code, English and Chinese text (read through
/// the method named by `text`), and the operation it suggests, if any.
macro_rules! code_table {
    (
        text: $text:ident;
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vdoc:meta])* $variant:ident = $code:literal, $en:literal, $zh:literal $(, $op:ident)?; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vdoc])* #[doc = concat!("`", $code, "`")] $variant, )*
        }

        impl $name {
            /// Every code, in the order of the contract.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stable snake_case code.
            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }

            /// The English and Chinese text.
            pub const fn $text(self) -> Text {
                match self { $($name::$variant => Text { en: $en, zh: $zh }),* }
            }

            /// Looks a variant up by its stable code.
            pub fn from_code(code: &str) -> Option<$name> {
                match code {
                    $($code => Some($name::$variant),)*
                    _ => None,
                }
            }

            #[allow(dead_code)]
            const fn declared_operation(self) -> Option<Operation> {
                match self { $($name::$variant => code_table!(@op $($op)?)),* }
            }
        }
    };
    (@op) => { None };
    (@op $op:ident) => { Some(Operation::$op) };
}

code_table! {
    text: text;
    /// What the partner (or the customer) can do about a reason.
    ///
    /// ```
    /// use partner_rules::Operation;
    /// assert_eq!(Operation::ResendInvitation.code(), "resend_invitation");
    /// assert_eq!(Operation::from_code("resend_invitation"), Some(Operation::ResendInvitation));
    /// ```
    pub enum Operation {
        // The eight operations of the association failure catalog (English as the platform words them).
        ContactCustomerService = "contact_customer_service",
            "Contact the customer service.",
            "联系客服。";
        ResendInvitation = "resend_invitation",
            "Send the invitation email again.",
            "重新发送邀请邮件。";
        NotAssociable = "not_associable",
            "The customer cannot be associated with a partner in this condition.",
            "该客户在此情况下无法与伙伴关联。";
        NotAssociableReseller = "not_associable_reseller",
            "The customer cannot be associated with a partner in the reseller model.",
            "该客户无法以经销商模式与伙伴关联。";
        AssociateByReseller = "associate_by_reseller",
            "The customer cannot be associated with a partner by referral model. Suggest the customer to associate with the partner by reseller model.",
            "该客户无法以推荐模式与伙伴关联，建议客户以经销商模式与伙伴关联。";
        SubmitServiceTicket = "submit_service_ticket",
            "Remind the customer to submit a service ticket or contact the customer service to associate with the partner.",
            "提醒客户提交工单或联系客服，以完成与伙伴的关联。";
        RepayOverdueThenServiceTicket = "repay_overdue_then_service_ticket",
            "Remind the customer to top up the account and repay the overdue payment and then submit a service ticket or contact the customer service to associate with the partner.",
            "提醒客户先充值并偿还欠款，再提交工单或联系客服，以完成与伙伴的关联。";
        RepayAllOverdueThenServiceTicket = "repay_all_overdue_then_service_ticket",
            "Remind the customer to repay all the overdue payment and then submit a service ticket or contact the customer service to associate with the partner.",
            "提醒客户先还清全部欠款，再提交工单或联系客服，以完成与伙伴的关联。";
        // Operations of our own rules.
        AddReservedContact = "add_reserved_contact",
            "Add a mobile number or email address on the Personal Information page under Account Management > Basic Information in the partner center.",
            "在伙伴中心“账号管理 > 基本信息”的个人信息页面添加手机号码或邮箱地址。";
        DeletePreregistrations = "delete_preregistrations",
            "Delete pre-registered customers you no longer develop to free quota.",
            "删除不再拓展的报备客户，以释放报备名额。";
        SendInvitation = "send_invitation",
            "The customer is already yours: send the invitation while the pre-registration is valid.",
            "该客户已由您报备：请在报备有效期内发送邀请。";
        SubmitManualReview = "submit_manual_review",
            "Submit a manual pre-registration review request; it is answered within the review period.",
            "提交人工报备审核申请，审核将在规定时间内完成。";
        ContactEcosystemManager = "contact_ecosystem_manager",
            "Contact your ecosystem manager to obtain the customer development permission.",
            "联系您的生态经理开通客户拓展权限。";
        PreregisterCustomer = "preregister_customer",
            "Pre-register the customer first, or invite them with a link or QR code.",
            "请先报备该客户，或通过邀请链接、二维码邀请。";
        AskPartnerAdministrator = "ask_partner_administrator",
            "Ask the partner administrator to perform this operation.",
            "请伙伴管理员执行此操作。";
        VerifyCode = "verify_code",
            "Enter the verification code sent to you and verify it.",
            "输入收到的验证码并完成验证。";
        RemoveIndependentAccountingMembers = "remove_independent_accounting_members",
            "The customer must first remove its independent-accounting member accounts.",
            "客户需先解除其独立记账成员账号。";
        UnfreezeAccount = "unfreeze_account",
            "Unfreeze the customer account first.",
            "请先解冻客户账号。";
        ReleaseReservedInstances = "release_reserved_instances",
            "Wait for the customer's reserved instances to expire, or have them released.",
            "等待客户的预留实例到期，或释放预留实例。";
        CancelSupportPlan = "cancel_support_plan",
            "The customer must unsubscribe from the active support plan first.",
            "客户需先退订生效中的支持计划。";
        RepayArrears = "repay_arrears",
            "The customer must repay the amount in arrears first.",
            "客户需先偿还欠款。";
        SetCurrency = "set_currency",
            "Set the currency of the customer account first.",
            "请先设置客户账号的币种。";
        SettlePendingOrders = "settle_pending_orders",
            "Pay or cancel the orders awaiting partner payment first.",
            "请先支付或取消待伙伴支付的订单。";
        EnterPositiveRecoveryAmount = "enter_positive_recovery_amount",
            "Enter a recovery amount greater than 0.",
            "请输入大于 0 的回收金额。";
        ReduceRecoveryAmount = "reduce_recovery_amount",
            "Enter a recovery amount no greater than the customer's available quota.",
            "请输入不超过客户可用额度的回收金额。";
        InvalidatePaymentAgreement = "invalidate_payment_agreement",
            "Invalidate a payment-on-behalf agreement on the payment management page first.",
            "请先在付款管理页面失效一个代付协议。";
        SelectFewerCustomers = "select_fewer_customers",
            "Select fewer customers, and submit the rest in another request.",
            "减少所选客户数量，其余客户分批提交。";
        EnterFreezeReason = "enter_freeze_reason",
            "Enter the reason for freezing.",
            "请填写冻结原因。";
        ShortenFreezeReason = "shorten_freeze_reason",
            "Shorten the reason for freezing.",
            "请缩短冻结原因。";
        FreezeAccountOnly = "freeze_account_only",
            "Freeze the account only, or ask your distributor to authorize you to freeze resources.",
            "仅冻结账号，或请分销商授权您冻结资源。";
        UnfreezeAccountOnly = "unfreeze_account_only",
            "Unfreeze the account only; its resources can be unfrozen once your partner account is unfrozen.",
            "仅解冻账号；待您的伙伴账号解冻后，再解冻资源。";
        UnfreezeWithFreezeType = "unfreeze_with_freeze_type",
            "Unfreeze with the type the account was frozen with.",
            "请按冻结时的类型解冻。";
        EnterBudgetInRange = "enter_budget_in_range",
            "Enter a budget greater than 0 and no greater than the largest budget allowed.",
            "请输入大于 0 且不超过允许最大值的预算。";
        AskDistributorBudgetQuota = "ask_distributor_budget_quota",
            "Set a smaller budget, or ask your distributor for a larger budget quota.",
            "设置更小的预算，或请分销商提高您的预算额度。";
    }
}

code_table! {
    text: message;
    /// The reason codes of the rules (pre-registration, invitations, type switches,
    /// disassociation, verification codes, fund recovery, remitter names, freezing, budgets). The association failure causes are
    /// [`Cause`]s.
    ///
    /// ```
    /// use partner_rules::Rule;
    /// assert_eq!(Rule::CustomerRegistered.code(), "customer_registered");
    /// assert!(Rule::CustomerRegisteredFollowedUp.suggested_operation().is_some());
    /// ```
    pub enum Rule {
        // Pre-registration: blocking.
        PartnerContactMissing = "partner_contact_missing",
            "You have not reserved a mobile number or email address in the partner center, so you cannot pre-register customers.",
            "您未在伙伴中心预留手机号码或邮箱地址，无法报备客户。",
            AddReservedContact;
        PreregistrationQuotaReached = "preregistration_quota_reached",
            "You have reached the maximum number of customers pending review or pre-registered.",
            "您的待审核和已报备客户数已达上限。",
            DeletePreregistrations;
        CustomerAssociatedWithPartner = "customer_associated_with_partner",
            "The customer is already associated with a partner.",
            "该客户已与伙伴关联。";
        CustomerAlreadyPreregistered = "customer_already_preregistered",
            "You have already pre-registered this customer and the pre-registration is still valid.",
            "您已报备该客户，且报备仍在有效期内。",
            SendInvitation;
        CustomerPreregisteredByOtherPartner = "customer_preregistered_by_other_partner",
            "Another partner has pre-registered this customer; it cannot be pre-registered until that pre-registration expires.",
            "该客户已被其他伙伴报备，在该报备过期前无法报备。";
        CustomerHasHuaweiContract = "customer_has_huawei_contract",
            "The customer has signed contracts with Huawei Cloud.",
            "该客户已与华为云签署合同。";
        CustomerRegistered = "customer_registered",
            "The customer has already registered with Huawei Cloud (international or Chinese mainland website).",
            "该客户已注册华为云（国际站或中国站）。";
        CustomerCashExpenditureNotFollowedUp = "customer_cash_expenditure_not_followed_up",
            "The customer has cash expenditure records and has not been followed up by the Huawei Cloud direct sales team.",
            "该客户有现金消费记录，且未被华为云直销团队跟进。";
        CustomerConsumerCloudUser = "customer_consumer_cloud_user",
            "The customer is a consumer cloud user.",
            "该客户为消费者云用户。";
        CustomerUnifiedAccountingMember = "customer_unified_accounting_member",
            "The customer is associated with an enterprise master account in the unified accounting model.",
            "该客户已关联统一记账模式下的企业主账号。";
        // Pre-registration: manual review.
        CustomerRegisteredFollowedUp = "customer_registered_followed_up",
            "The customer registered more than the review period ago and is followed up by the Huawei Cloud direct sales team: a manual review is required.",
            "该客户注册已超过规定天数且由华为云直销团队跟进，需人工审核。",
            SubmitManualReview;
        CustomerCashExpenditureFollowedUp = "customer_cash_expenditure_followed_up",
            "The customer has cash expenditure records and is followed up by the Huawei Cloud direct sales team: a manual review is required.",
            "该客户有现金消费记录且由华为云直销团队跟进，需人工审核。",
            SubmitManualReview;
        RegistrationCountryDiffers = "registration_country_differs",
            "The customer's registration country differs from yours: a manual review is required.",
            "该客户的注册国家与您的不同，需人工审核。",
            SubmitManualReview;
        OnlineSalesTeamCustomer = "online_sales_team_customer",
            "The customer belongs to the Huawei Cloud online sales team: a manual review is required.",
            "该客户属于华为云线上销售团队，需人工审核。",
            SubmitManualReview;
        // Deleting pre-registrations.
        PreregistrationPendingReview = "preregistration_pending_review",
            "A pre-registration pending review cannot be deleted.",
            "待审核的报备客户无法删除。";
        PreregistrationAssociated = "preregistration_associated",
            "An associated customer cannot be deleted.",
            "已关联的客户无法删除。";
        // Invitations.
        NoCustomerDevelopmentPermission = "no_customer_development_permission",
            "You do not have the customer development permission.",
            "您没有客户拓展权限。",
            ContactEcosystemManager;
        PartnerFrozen = "partner_frozen",
            "Your partner account is frozen.",
            "您的伙伴账号已被冻结。";
        EmailRequiresPreregistration = "email_requires_preregistration",
            "An email invitation needs a valid pre-registration of the customer by you.",
            "邮件邀请需要您对该客户有有效的报备。",
            PreregisterCustomer;
        InvitationNotExpired = "invitation_not_expired",
            "Only an expired invitation can be resent.",
            "只有已过期的邀请可以重新发送。";
        // Association type switch.
        NotPartnerAdmin = "not_partner_admin",
            "Only the partner administrator can perform this operation.",
            "只有伙伴管理员可以执行此操作。",
            AskPartnerAdministrator;
        SameAssociationType = "same_association_type",
            "The customer is already associated under this model.",
            "该客户已是此关联类型。";
        // Disassociation.
        VerificationCodeRequired = "verification_code_required",
            "Verification codes are enabled: verify your identity with a verification code.",
            "已开启验证码验证，请输入验证码验证身份。",
            VerifyCode;
        DisassociationQuotaReached = "disassociation_quota_reached",
            "The maximum number of requests in the window has been reached.",
            "在规定期限内的申请次数已达上限。";
        IndependentAccountingMembers = "independent_accounting_members",
            "The customer has independent-accounting member accounts.",
            "该客户有独立记账的成员账号。",
            RemoveIndependentAccountingMembers;
        AccountManuallyFrozen = "account_manually_frozen",
            "The customer account has been manually frozen.",
            "该客户账号已被手动冻结。",
            UnfreezeAccount;
        ValidReservedInstances = "valid_reserved_instances",
            "The customer has valid reserved instances.",
            "该客户有生效中的预留实例。",
            ReleaseReservedInstances;
        SupportPlanActive = "support_plan_active",
            "The customer has an active support plan.",
            "该客户有生效中的支持计划。",
            CancelSupportPlan;
        AccountInArrears = "account_in_arrears",
            "The customer account is in arrears.",
            "该客户账号处于欠费状态。",
            RepayArrears;
        NoCurrencySet = "no_currency_set",
            "The customer account has no currency set.",
            "该客户账号未设置币种。",
            SetCurrency;
        OrdersAwaitingPartnerPayment = "orders_awaiting_partner_payment",
            "The customer has orders awaiting payment by the partner.",
            "该客户有待伙伴支付的订单。",
            SettlePendingOrders;
        SpecialCommerceContract = "special_commerce_contract",
            "The customer has a special commercial contract.",
            "该客户签有特殊商务合同。",
            ContactCustomerService;
        RequestNotPending = "request_not_pending",
            "Only a pending request can be answered.",
            "只能处理待处理的申请。";
        // Verification codes.
        MobileTooLong = "mobile_too_long",
            "The mobile number is longer than allowed.",
            "手机号码超过允许的长度。";
        MobileNotChineseMainland = "mobile_not_chinese_mainland",
            "Only Chinese mainland mobile numbers (11 digits starting with 1, optionally prefixed by +86 or 0086) are supported.",
            "仅支持中国大陆手机号码（以 1 开头的 11 位数字，可带 +86 或 0086 前缀）。";
        // Fund recovery.
        NoAvailableQuota = "no_available_quota",
            "Only customers whose available quota is greater than 0 can be selected.",
            "只能选择可用额度大于 0 的客户。";
        RecoveryAmountNotPositive = "recovery_amount_not_positive",
            "The recovery amount must be greater than 0.",
            "回收金额必须大于 0。",
            EnterPositiveRecoveryAmount;
        RecoveryAmountExceedsQuota = "recovery_amount_exceeds_quota",
            "The recovery amount is greater than the customer's available quota.",
            "回收金额超过客户的可用额度。",
            ReduceRecoveryAmount;
        // Remitter names.
        RemitterNameLimitReached = "remitter_name_limit_reached",
            "The maximum number of remitter names in effect has been reached.",
            "生效中的汇款人名称数量已达上限。",
            InvalidatePaymentAgreement;
        // Freezing and unfreezing customer accounts.
        TooManyCustomers = "too_many_customers",
            "Too many customers are selected for one request.",
            "单次请求选择的客户过多。",
            SelectFewerCustomers;
        FreezeReasonRequired = "freeze_reason_required",
            "A reason for freezing is required.",
            "冻结原因为必填项。",
            EnterFreezeReason;
        FreezeReasonTooLong = "freeze_reason_too_long",
            "The reason for freezing is longer than allowed.",
            "冻结原因超过允许的长度。",
            ShortenFreezeReason;
        ResourceFreezeNotAuthorized = "resource_freeze_not_authorized",
            "Your distributor has not authorized you to freeze customers' resources.",
            "您的分销商未授权您冻结客户资源。",
            FreezeAccountOnly;
        CustomerNotResale = "customer_not_resale",
            "The customer is not associated with you under the reseller model.",
            "该客户不是您的经销商模式客户。";
        CustomerAlreadyFrozen = "customer_already_frozen",
            "The customer account is already frozen this way (or together with its resources).",
            "该客户账号已按此方式冻结（或已连同资源一起冻结）。";
        PartnerFrozenCannotUnfreezeResources = "partner_frozen_cannot_unfreeze_resources",
            "Your partner account is frozen: you can unfreeze customer accounts, but not their resources.",
            "您的伙伴账号已被冻结：可以解冻客户账号，但不能解冻资源。",
            UnfreezeAccountOnly;
        CustomerNotFrozen = "customer_not_frozen",
            "The customer account is not frozen.",
            "该客户账号未被冻结。";
        UnfreezeTypeMismatch = "unfreeze_type_mismatch",
            "The unfreeze type differs from the type the account was frozen with.",
            "解冻类型与冻结类型不一致。",
            UnfreezeWithFreezeType;
        ResourcesReleased = "resources_released",
            "The customer's resources have been released and their data deleted.",
            "该客户的资源已释放，数据已删除。";
        // Budgets.
        BudgetAmountOutOfRange = "budget_amount_out_of_range",
            "The budget must be greater than 0 and no greater than the largest budget allowed.",
            "预算必须大于 0 且不超过允许的最大值。",
            EnterBudgetInRange;
        BudgetExceedsDistributorQuota = "budget_exceeds_distributor_quota",
            "The budget is greater than the budget quota your distributor granted you.",
            "预算超过分销商授予您的预算额度。",
            AskDistributorBudgetQuota;
    }
}

impl Rule {
    /// The operation this reason suggests, if any.
    pub const fn suggested_operation(self) -> Option<Operation> {
        self.declared_operation()
    }
}

/// The code of a reason: a rule's own code or an association failure cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReasonCode {
    /// A rule reason.
    Rule(Rule),
    /// An association failure cause from the catalog.
    Cause(Cause),
}

impl ReasonCode {
    /// The stable snake_case code.
    ///
    /// ```
    /// use partner_rules::{Cause, ReasonCode, Rule};
    /// assert_eq!(ReasonCode::from(Rule::PartnerFrozen).code(), "partner_frozen");
    /// let cause = ReasonCode::from(Cause::InvitationLinkExpired);
    /// assert_eq!(cause.code(), "invitation_link_expired");
    /// assert_eq!(cause.suggested_operation().map(|op| op.code()), Some("resend_invitation"));
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            ReasonCode::Rule(rule) => rule.code(),
            ReasonCode::Cause(cause) => cause.code(),
        }
    }

    /// English and Chinese text for a person.
    pub const fn message(self) -> Text {
        match self {
            ReasonCode::Rule(rule) => rule.message(),
            ReasonCode::Cause(cause) => cause.message(),
        }
    }

    /// The operation this reason suggests, if any.
    pub const fn suggested_operation(self) -> Option<Operation> {
        match self {
            ReasonCode::Rule(rule) => rule.suggested_operation(),
            ReasonCode::Cause(cause) => Some(cause.suggested_operation()),
        }
    }
}

impl From<Rule> for ReasonCode {
    fn from(rule: Rule) -> Self {
        ReasonCode::Rule(rule)
    }
}

impl From<Cause> for ReasonCode {
    fn from(cause: Cause) -> Self {
        ReasonCode::Cause(cause)
    }
}

/// One reason behind a decision: its code and, when it stops applying by itself (an expiry, a
/// window), the instant it does.
///
/// Serializes as `{code, message: {en, zh}, suggested_operation: {code, en, zh} | null,
/// available_from: RFC 3339 | null}`, as answers carry it.
///
/// ```
/// use partner_rules::{Reason, Rule};
/// let reason = Reason::new(Rule::PartnerFrozen);
/// assert_eq!(reason.code.message().zh, "您的伙伴账号已被冻结。");
/// let json = serde_json::to_value(&reason).unwrap();
/// assert_eq!(json["code"], "partner_frozen");
/// assert_eq!(json["available_from"], serde_json::Value::Null);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Reason {
    /// The stable code.
    pub code: ReasonCode,
    /// When the reason stops applying by itself, if it does.
    pub available_from: Option<OffsetDateTime>,
}

impl Reason {
    /// A reason that does not stop applying by itself.
    pub fn new(code: impl Into<ReasonCode>) -> Reason {
        Reason {
            code: code.into(),
            available_from: None,
        }
    }

    /// A reason that stops applying at `available_from`.
    ///
    /// ```
    /// use partner_rules::{parse_timestamp, Reason, Rule};
    /// let expiry = parse_timestamp("2026-11-30T00:00:00Z").unwrap();
    /// let reason = Reason::until(Rule::CustomerPreregisteredByOtherPartner, expiry);
    /// let json = serde_json::to_value(reason).unwrap();
    /// assert_eq!(json["available_from"], "2026-11-30T00:00:00Z");
    /// assert_eq!(json["message"]["zh"], "该客户已被其他伙伴报备，在该报备过期前无法报备。");
    /// ```
    pub fn until(code: impl Into<ReasonCode>, available_from: OffsetDateTime) -> Reason {
        Reason {
            code: code.into(),
            available_from: Some(available_from),
        }
    }

    /// The stable code as a string.
    pub fn code_str(&self) -> &'static str {
        self.code.code()
    }

    /// The same reason with `available_from` expressed in the calendar's offset.
    ///
    /// ```
    /// use partner_rules::{parse_timestamp, Policy, Reason, Rule};
    /// let reason = Reason::until(Rule::InvitationNotExpired, parse_timestamp("2026-11-30T00:00:00Z").unwrap());
    /// let local = reason.localized(Policy::default().calendar());
    /// assert_eq!(local.available_from, Some(parse_timestamp("2026-11-30T08:00:00+08:00").unwrap()));
    /// ```
    pub fn localized(self, calendar: &Calendar) -> Reason {
        Reason {
            code: self.code,
            available_from: self.available_from.map(|t| calendar.localize(t)),
        }
    }
}

/// The reasons of a check as it runs. The first reason reserves room for all `N` the check can
/// give, so a decision costs one allocation at most (none when nothing applies) instead of a
/// `Vec` growing 4 → 8 → 16: reallocation was half the time of a check with many reasons.
pub(crate) struct ReasonList<const N: usize> {
    reasons: Vec<Reason>,
}

impl<const N: usize> ReasonList<N> {
    pub(crate) const fn new() -> Self {
        ReasonList {
            reasons: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, reason: Reason) {
        if self.reasons.capacity() == 0 {
            self.reasons.reserve_exact(N);
        }
        self.reasons.push(reason);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.reasons.is_empty()
    }

    /// The reasons in the order pushed, `available_from` in the calendar's offset.
    pub(crate) fn into_vec(mut self, calendar: &Calendar) -> Vec<Reason> {
        // Most reasons carry no instant; rewriting only those that do keeps this loop cheap.
        for at in self
            .reasons
            .iter_mut()
            .filter_map(|r| r.available_from.as_mut())
        {
            *at = calendar.localize(*at);
        }
        self.reasons
    }
}

names! {
    /// Allowed or blocked: the outcome of the yes/no checks (sending, resending, deleting...).
    pub enum Verdict {
        /// The operation may go ahead.
        Allowed = "allowed",
        /// At least one reason stands in the way.
        Blocked = "blocked",
    }
}

impl Verdict {
    /// `Blocked` when there is any reason, `Allowed` otherwise.
    pub fn from_reasons(reasons: &[Reason]) -> Verdict {
        if reasons.is_empty() {
            Verdict::Allowed
        } else {
            Verdict::Blocked
        }
    }
}

/// An allowed-or-blocked answer with every reason behind it, in the contract's order:
/// `{outcome, reasons}` on the wire.
///
/// ```
/// use partner_rules::{Reason, Rule, Ruling, Verdict};
/// let ruling = Ruling::new(vec![Reason::new(Rule::PartnerFrozen)]);
/// assert_eq!(ruling.outcome, Verdict::Blocked);
/// assert_eq!(Ruling::new(Vec::new()).outcome, Verdict::Allowed);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Ruling {
    /// Allowed when there is no reason, blocked otherwise.
    pub outcome: Verdict,
    /// Every reason that applies.
    pub reasons: Vec<Reason>,
}

impl Ruling {
    /// The ruling these reasons give.
    pub fn new(reasons: Vec<Reason>) -> Ruling {
        Ruling {
            outcome: Verdict::from_reasons(&reasons),
            reasons,
        }
    }
}

/// The answer for one item of a batch (deleting pre-registrations, resending invitations,
/// recovering funds, unfreezing): `{id, outcome, reasons}` on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ItemResult {
    /// The item's id, as given.
    pub id: String,
    /// Allowed when there is no reason, blocked otherwise.
    pub outcome: Verdict,
    /// Every reason that applies to the item.
    pub reasons: Vec<Reason>,
}

impl ItemResult {
    /// The result these reasons give for the item `id`.
    pub fn new(id: String, reasons: Vec<Reason>) -> ItemResult {
        ItemResult {
            id,
            outcome: Verdict::from_reasons(&reasons),
            reasons,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn is_snake_case(code: &str) -> bool {
        !code.is_empty()
            && code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && !code.starts_with('_')
            && !code.ends_with('_')
    }

    #[test]
    fn codes_are_unique_snake_case_and_translated() {
        let mut seen = HashSet::new();
        let rules = Rule::ALL.iter().map(|r| (r.code(), r.message()));
        let causes = Cause::ALL.iter().map(|c| (c.code(), c.message()));
        for (code, text) in rules.chain(causes) {
            assert!(is_snake_case(code), "{code}");
            assert!(seen.insert(code), "duplicate reason code {code}");
            assert!(
                !text.en.trim().is_empty() && !text.zh.trim().is_empty(),
                "{code}"
            );
            assert_eq!(Rule::from_code(code).map(Rule::code).unwrap_or(code), code);
        }
        let mut ops = HashSet::new();
        for op in Operation::ALL {
            assert!(is_snake_case(op.code()));
            assert!(ops.insert(op.code()));
            assert!(!op.text().en.is_empty() && !op.text().zh.is_empty());
        }
    }

    #[test]
    fn review_reasons_suggest_a_manual_review() {
        for rule in [
            Rule::CustomerRegisteredFollowedUp,
            Rule::CustomerCashExpenditureFollowedUp,
            Rule::RegistrationCountryDiffers,
            Rule::OnlineSalesTeamCustomer,
        ] {
            assert_eq!(
                rule.suggested_operation(),
                Some(Operation::SubmitManualReview)
            );
        }
    }
}
