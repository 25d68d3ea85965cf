// Generated from core/schema/*.json by python3 tests/generate_types.py; do not edit.
// The types of the JSON contract (docs/contract.md): every request, answer and fact.

/** A timestamp a request may give: RFC 3339 text or a `Date` (sent as its ISO text). */
export type TimestampInput = Timestamp | Date;

export type AccountType = "individual" | "enterprise_master" | "enterprise_member";

export type Action = "agree" | "reject";

export type Api = "legacy" | "v2";

/**
 * A customer assigned to a manager over the half-open interval `[from, to)`.
 */
export interface Assignment {
  /**
   * The customer.
   */
  customer_id: string;
  /**
   * The manager.
   */
  manager_id: string;
  /**
   * When the assignment started (included).
   */
  from: TimestampInput;
  /**
   * When the customer was recalled (excluded); absent or null: still assigned.
   */
  to?: TimestampInput | null;
}

export interface AssociationCheckRequest {
  op: "association.check";
  /**
   * The instant of the request, RFC 3339 with an offset: this op needs it.
   */
  now: TimestampInput;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * The partner asking.
   */
  partner: Partner;
  /**
   * The customer.
   */
  customer?: Customer;
  /**
   * The association model tried.
   */
  model: Model;
  /**
   * Absent or null: the invitation cannot be found.
   */
  invitation?: Invitation | null;
}

/**
 * The answer to `association.check`.
 */
export interface AssociationCheckResponse {
  /**
   * Associable or failed.
   */
  outcome: AssociationOutcome;
  /**
   * Every cause that holds, in catalog order. Only `customer_registered_by_another_partner` lapses by itself: its `available_from` is the other partner's pre-registration expiry.
   */
  reasons: Array<Reason>;
  /**
   * The first cause, the one to show when there is room for one; null when associable.
   */
  primary: CauseCode | null;
  /**
   * Whether the customer's account is frozen once associated: under the reseller model it stays frozen until the partner sets a budget and unfreezes it; under the referral model it is not frozen. Null when the association fails.
   */
  frozen_after: boolean | null;
}

export interface AssociationModelsRequest {
  op: "association.models";
  /**
   * The instant of the request, RFC 3339 with an offset: this op needs it.
   */
  now: TimestampInput;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * The partner asking.
   */
  partner: Partner;
  /**
   * The customer.
   */
  customer?: Customer;
  /**
   * Absent or null: the invitation cannot be found.
   */
  invitation?: Invitation | null;
}

/**
 * The answer to `association.models`.
 */
export interface AssociationModelsResponse {
  /**
   * The answer under the reseller model.
   */
  reseller: ModelAnswer;
  /**
   * The answer under the referral model.
   */
  referral: ModelAnswer;
  /**
   * An associable model: reseller when both are, null when neither is.
   */
  recommended: Model | null;
}

export type AssociationOutcome = "associable" | "failed";

export interface AssociationTypeSwitchRequest {
  op: "association_type.switch";
  /**
   * The instant of the request, RFC 3339 with an offset: this op needs it.
   */
  now: TimestampInput;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * The partner asking.
   */
  partner: Partner;
  /**
   * The customer.
   */
  customer?: Customer;
  /**
   * The model to switch to.
   */
  to: Model;
  /**
   * The past disassociation requests and type switches of this partner and customer that count against the quota.
   */
  history?: Array<HistoryEntry>;
}

/**
 * The answer to `association_type.switch`.
 */
export interface AssociationTypeSwitchResponse {
  /**
   * The preset the policy in force was built on.
   */
  policy: Preset;
  /**
   * Allowed or blocked.
   */
  outcome: Verdict;
  /**
   * Every reason, in the contract's order: `not_partner_admin`, `same_association_type`, the target model's own failure causes, `disassociation_quota_reached`.
   */
  reasons: Array<Reason>;
  /**
   * An allowed switch takes effect only when the customer confirms it in their account center: `true` exactly when allowed.
   */
  requires_customer_confirmation: boolean;
}

export type BillingMode = "postpaid" | "prepaid";

export interface BudgetSetRequest {
  op: "budget.set";
  /**
   * The instant of the request, RFC 3339 with an offset: this op needs it.
   */
  now: TimestampInput;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * The partner asking.
   */
  partner: Partner;
  /**
   * The customer the budget is for.
   */
  customer: Customer;
  /**
   * The budget, in minor units (hundredths): `100000` is 1,000.00.
   */
  amount_minor: number;
  /**
   * Monthly (the default), or a one-time package that never resets.
   */
  budget_type?: BudgetType;
  /**
   * Also lift the partner's freeze of the customer account.
   */
  cancel_partner_frozen?: boolean;
}

/**
 * The answer to `budget.set`.
 */
export interface BudgetSetResponse {
  /**
   * The preset the policy in force was built on.
   */
  policy: Preset;
  /**
   * Allowed when there is no reason, blocked otherwise.
   */
  outcome: Verdict;
  /**
   * Every reason that applies.
   */
  reasons: Array<Reason>;
  /**
   * A monthly budget's next reset: local midnight on the first day of the next month, in the policy's offset. Null for a package, or when blocked.
   */
  resets_at: Timestamp | null;
  /**
   * The alert thresholds in minor units, one per `budget_alert_percents` entry: the amount times the percent over 100, rounded down. Null when blocked.
   */
  alerts_minor: Array<number> | null;
  /**
   * Whether setting the budget also unfreezes the account (asked for, and the account is frozen). Null when blocked.
   */
  unfreezes: boolean | null;
}

export type BudgetType = "monthly" | "package";

/**
 * The JSON form of a calendar; in a policy override every field is optional and replaces the preset's value of that field only.
 */
export interface Calendar {
  /**
   * The UTC offset of local dates and of the instants answered, such as `+08:00`.
   */
  utc_offset?: UtcOffset | null;
  /**
   * Weekday names in lowercase English.
   */
  weekend?: Array<Weekday> | null;
  /**
   * ISO dates (`2026-10-01`).
   */
  holidays?: Array<IsoDate> | null;
  /**
   * ISO dates of make-up workdays.
   */
  extra_workdays?: Array<IsoDate> | null;
}

/**
 * A catalog entry as `failure_cause.lookup` and `failure_cause.catalog` answer it.
 */
export interface Cause {
  number: number;
  code: string;
  message: Text;
  platform_message: PlatformMessage;
  suggested_operation: Operation;
}

export type CauseCode = "system_busy" | "invitation_link_not_found" | "invitation_link_expired" | "invitation_code_used" | "invitation_link_used" | "prepaid_partner_reseller_model" | "customer_registered_by_another_partner" | "customer_is_or_applying_partner" | "customer_associated_with_another_partner" | "customer_special_contract" | "customer_internal_account" | "reseller_independent_accounting_master" | "reseller_enterprise_member_account" | "referral_restricted_by_agreement" | "referral_restricted_by_country" | "customer_has_consumption_record" | "topup_balance_invoice_over_limit" | "customer_registration_too_old" | "customer_overdue_payment" | "reseller_credit_bill_run_overdue";

/**
 * One consumption record of a customer, in integer minor units (cents, fen). Negative amounts (refunds, corrections) are allowed and attributed like any other.
 */
export interface Consumption {
  /**
   * The customer.
   */
  customer_id: string;
  /**
   * When the consumption happened.
   */
  at: TimestampInput;
  /**
   * The amount in minor units.
   */
  amount_minor: number;
}

/**
 * The customer (a prospect or an account).
 */
export interface Customer {
  /**
   * The customer's id.
   */
  id?: string | null;
  /**
   * Registration country; compared case-insensitively with the partner's.
   */
  registration_country?: string | null;
  /**
   * The site the customer registered on, if registered.
   */
  registered_site?: RegisteredSite | null;
  /**
   * When the customer registered.
   */
  registered_at?: TimestampInput | null;
  /**
   * The partner the customer is associated with, if any.
   */
  associated_partner_id?: string | null;
  /**
   * The pre-registration currently recorded for the customer, if any.
   */
  preregistration?: PreregistrationFact | null;
  /**
   * The model of the current association.
   */
  current_model?: Model | null;
  /**
   * Individual, enterprise master or enterprise member.
   */
  account_type?: AccountType;
  /**
   * An enterprise master with independent-accounting member accounts.
   */
  has_independent_accounting_members?: boolean;
  /**
   * Signed contracts with Huawei Cloud.
   */
  has_huawei_contract?: boolean;
  /**
   * Has cash expenditure records.
   */
  has_cash_expenditure?: boolean;
  /**
   * Followed up by the Huawei Cloud direct sales team.
   */
  followed_up_by_direct_sales?: boolean;
  /**
   * Belongs to the Huawei Cloud online sales team.
   */
  online_sales_team?: boolean;
  /**
   * A consumer cloud user.
   */
  consumer_cloud_user?: boolean;
  /**
   * Associated with an enterprise master account in the unified accounting model.
   */
  unified_accounting_member?: boolean;
  /**
   * Is a partner or is applying to become one.
   */
  is_or_applying_partner?: boolean;
  /**
   * Has a special contract.
   */
  special_contract?: boolean;
  /**
   * Is a Huawei internal account.
   */
  internal_account?: boolean;
  /**
   * Has consumption records.
   */
  has_consumption_record?: boolean;
  /**
   * Top-up account has a balance and the outstanding invoice amount is over the limit.
   */
  topup_balance_invoice_over_limit?: boolean;
  /**
   * Registration time exceeds the association limit.
   */
  registration_over_limit?: boolean;
  /**
   * Has overdue payment.
   */
  overdue_payment?: boolean;
  /**
   * The credit account's bill run is created and it has overdue payment.
   */
  credit_bill_run_overdue?: boolean;
  /**
   * The account was manually frozen.
   */
  manually_frozen?: boolean;
  /**
   * Has valid reserved instances.
   */
  valid_reserved_instances?: boolean;
  /**
   * Has an active support plan.
   */
  support_plan_active?: boolean;
  /**
   * The account is in arrears.
   */
  in_arrears?: boolean;
  /**
   * No currency is set on the account.
   */
  no_currency_set?: boolean;
  /**
   * Has orders awaiting payment by the partner.
   */
  orders_awaiting_partner_payment?: boolean;
  /**
   * How the partner froze the account, or null: not frozen by the partner. A reseller customer starts frozen as `account` when associated.
   */
  frozen?: FreezeType | null;
  /**
   * When the partner froze the account.
   */
  frozen_at?: TimestampInput | null;
}

export interface CustomerFreezeRequest {
  op: "customer.freeze";
  /**
   * The instant of the request, RFC 3339 with an offset: this op needs it.
   */
  now: TimestampInput;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * The partner asking.
   */
  partner: Partner;
  /**
   * The customers to freeze, each with its `id`; answered one by one, in order.
   */
  customers: Array<Customer>;
  /**
   * The account alone (the default), or the account and its resources.
   */
  freeze_type?: FreezeType;
  /**
   * Why the partner freezes them: required, at most `freeze_reason_max_chars` characters.
   */
  reason?: string | null;
  /**
   * A verification code was verified for this operation.
   */
  verification_code_verified?: boolean;
}

/**
 * The answer to `customer.freeze`.
 */
export interface CustomerFreezeResponse {
  /**
   * The preset the policy in force was built on.
   */
  policy: Preset;
  /**
   * One answer per item, in request order.
   */
  results: Array<FreezeResult>;
}

export interface CustomerUnfreezeRequest {
  op: "customer.unfreeze";
  /**
   * The instant of the request, RFC 3339 with an offset: this op needs it.
   */
  now: TimestampInput;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * The partner asking.
   */
  partner: Partner;
  /**
   * The customers to unfreeze, each with its `id`; answered one by one, in order.
   */
  customers: Array<Customer>;
  /**
   * The type the accounts were frozen with: the account alone, or with its resources.
   */
  unfreeze_type: FreezeType;
  /**
   * A verification code was verified for this operation.
   */
  verification_code_verified?: boolean;
}

/**
 * The answer to `customer.unfreeze`.
 */
export interface CustomerUnfreezeResponse {
  /**
   * The preset the policy in force was built on.
   */
  policy: Preset;
  /**
   * One answer per item, in request order.
   */
  results: Array<ItemResult>;
}

/**
 * One entry of a dated timeline: the policy in force from an instant on.
 */
export interface DatedPolicy {
  /**
   * When it comes into force.
   */
  from: Timestamp;
  /**
   * The policy in force from then on, until the next entry.
   */
  policy: Policy;
}

/**
 * The policies in force over time, each in full.
 */
export interface DatedTimeline {
  timeline: Array<DatedPolicy>;
}

export interface DisassociationCheckRequest {
  op: "disassociation.check";
  /**
   * The instant of the request, RFC 3339 with an offset: this op needs it.
   */
  now: TimestampInput;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * Who asks to disassociate.
   */
  initiator: Initiator;
  /**
   * The partner asking.
   */
  partner: Partner;
  /**
   * The customer.
   */
  customer?: Customer;
  /**
   * A verification code was verified for this operation.
   */
  verification_code_verified?: boolean;
  /**
   * The past disassociation requests and type switches of this partner and customer that count against the quota.
   */
  history?: Array<HistoryEntry>;
}

/**
 * The answer to `disassociation.check`.
 */
export interface DisassociationCheckResponse {
  /**
   * The preset the policy in force was built on.
   */
  policy: Preset;
  /**
   * Allowed when there is no reason, blocked otherwise.
   */
  outcome: Verdict;
  /**
   * Every reason that applies.
   */
  reasons: Array<Reason>;
}

/**
 * The customer's request being answered, as the host stores it.
 */
export interface DisassociationRequest {
  /**
   * Its status as the host stores it.
   */
  status: RequestStatus;
}

export interface DisassociationRespondRequest {
  op: "disassociation.respond";
  /**
   * The instant of the request, RFC 3339 with an offset.
   */
  now?: TimestampInput | null;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * The partner asking.
   */
  partner: Partner;
  /**
   * The customer's request being answered.
   */
  request: DisassociationRequest;
  /**
   * The partner's answer.
   */
  action: Action;
  /**
   * A verification code was verified for this operation.
   */
  verification_code_verified?: boolean;
}

/**
 * The answer to `disassociation.respond`.
 */
export interface DisassociationRespondResponse {
  /**
   * Allowed or blocked.
   */
  outcome: Verdict;
  /**
   * Every reason, in the contract's order.
   */
  reasons: Array<Reason>;
  /**
   * The status the host should store when allowed (`agreed` or `rejected`); null when blocked.
   */
  request_status: RequestStatus | null;
}

export interface ErrorCodeLookupRequest {
  op: "error_code.lookup";
  /**
   * The instant of the request, RFC 3339 with an offset.
   */
  now?: TimestampInput | null;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * A platform error code, such as `CBC.0100`.
   */
  code: string;
}

/**
 * The answer to `error_code.lookup`.
 */
export interface ErrorCodeLookupResponse {
  /**
   * The platform error, or null for an unknown code.
   */
  error: PlatformError | null;
}

/**
 * Bad input is never a decision: the error every binding raises, with a stable code, the JSON path of the offending value and a message saying what was expected.
 */
export interface ErrorInfo {
  code: "invalid_input" | "unknown_op";
  path: string;
  message: string;
}

export interface ExportMaskRequest {
  op: "export.mask";
  /**
   * The instant of the request, RFC 3339 with an offset.
   */
  now?: TimestampInput | null;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * The records to export: objects of any fields.
   */
  records: Array<Record>;
  /**
   * Which fields hold names, mobile numbers and emails; absent: `name`, `mobile`, `email`.
   */
  fields?: MaskedFields | null;
}

/**
 * The answer to `export.mask`.
 */
export interface ExportMaskResponse {
  /**
   * The preset the policy in force was built on.
   */
  policy: Preset;
  /**
   * The records in order, their listed fields masked.
   */
  records: Array<Record>;
}

export interface FailureCauseCatalogRequest {
  op: "failure_cause.catalog";
  /**
   * The instant of the request, RFC 3339 with an offset.
   */
  now?: TimestampInput | null;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
}

/**
 * The answer to `failure_cause.catalog`.
 */
export interface FailureCauseCatalogResponse {
  /**
   * All twenty causes, in catalog order.
   */
  causes: Array<Cause>;
}

export interface FailureCauseLookupRequest {
  op: "failure_cause.lookup";
  /**
   * The instant of the request, RFC 3339 with an offset.
   */
  now?: TimestampInput | null;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * A cause code, such as `invitation_link_expired`.
   */
  code?: string | null;
  /**
   * The message a person was shown, in English or Chinese.
   */
  message?: string | null;
}

/**
 * The answer to `failure_cause.lookup`.
 */
export interface FailureCauseLookupResponse {
  /**
   * The cause found, or null when nothing matches.
   */
  cause: Cause | null;
}

/**
 * The answer for one customer of a freeze: `{id, outcome, reasons, release_at}` on the wire.
 */
export interface FreezeResult {
  /**
   * The customer's id.
   */
  id: string;
  /**
   * Allowed when there is no reason, blocked otherwise.
   */
  outcome: Verdict;
  /**
   * Every reason that applies: the request's, then the customer's.
   */
  reasons: Array<Reason>;
  /**
   * For an allowed freeze of the account and its resources: when the resources are released and their data deleted unless the account is unfrozen first. Null otherwise.
   */
  release_at: Timestamp | null;
}

export type FreezeType = "account" | "account_and_resource";

/**
 * A customer selected for recovery.
 */
export interface FundsCustomer {
  /**
   * The customer.
   */
  id: string;
  /**
   * Its available quota, in minor units.
   */
  available_quota_minor: number;
  /**
   * The amount to recover, in minor units; absent: only whether the customer may be selected.
   */
  amount_minor?: number | null;
}

export interface FundsRecoverRequest {
  op: "funds.recover";
  /**
   * The instant of the request, RFC 3339 with an offset.
   */
  now?: TimestampInput | null;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * The customers selected for recovery, each with the amount to recover.
   */
  customers: Array<FundsCustomer>;
  /**
   * The partner asking; absent: the verification-code rule does not apply.
   */
  partner?: Partner | null;
  /**
   * A verification code was verified for this operation.
   */
  verification_code_verified?: boolean;
}

/**
 * The answer to `funds.recover`.
 */
export interface FundsRecoverResponse {
  /**
   * One answer per item, in request order.
   */
  results: Array<ItemResult>;
}

/**
 * A past request that counts against a quota.
 */
export interface HistoryEntry {
  /**
   * Disassociation or type switch.
   */
  kind: HistoryKind;
  /**
   * Who made the request.
   */
  initiator: Initiator;
  /**
   * When it was made.
   */
  at: TimestampInput;
}

export type HistoryKind = "disassociation" | "type_switch";

export type Initiator = "partner" | "customer";

/**
 * The invitation the customer accepted.
 */
export interface Invitation {
  /**
   * Email, link or QR code.
   */
  method?: InvitationMethod | null;
  /**
   * When it expires; absent or null: never.
   */
  expires_at?: TimestampInput | null;
  /**
   * The invitation code was already used.
   */
  code_used?: boolean;
  /**
   * The invitation link was already used.
   */
  link_used?: boolean;
}

export interface InvitationAcceptRequest {
  op: "invitation.accept";
  /**
   * The instant of the request, RFC 3339 with an offset.
   */
  now?: TimestampInput | null;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * The id of the invitation accepted (one of `items`, pending).
   */
  accepted_id: string;
  /**
   * The member's invitations, the accepted one among them.
   */
  items: Array<InvitationStatusItem>;
}

/**
 * The answer to `invitation.accept`.
 */
export interface InvitationAcceptResponse {
  /**
   * The other invitations still pending, which acceptance makes invalid, in the order given.
   */
  invalidated: Array<string>;
}

export interface InvitationItem {
  /**
   * The invitation.
   */
  id: string;
  /**
   * Its status as the host stores it.
   */
  status: InvitationStatus;
  expires_at?: TimestampInput | null;
}

export type InvitationMethod = "email" | "link" | "qr_code";

export interface InvitationResendRequest {
  op: "invitation.resend";
  /**
   * The instant of the request, RFC 3339 with an offset.
   */
  now?: TimestampInput | null;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * The invitations to resend.
   */
  items: Array<InvitationItem>;
}

/**
 * The answer to `invitation.resend`.
 */
export interface InvitationResendResponse {
  /**
   * One answer per item, in request order.
   */
  results: Array<ItemResult>;
}

export interface InvitationSendRequest {
  op: "invitation.send";
  /**
   * The instant of the request, RFC 3339 with an offset: this op needs it.
   */
  now: TimestampInput;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * The partner asking.
   */
  partner: Partner;
  /**
   * The customer.
   */
  customer?: Customer;
  /**
   * How the invitation reaches the customer.
   */
  method: InvitationMethod;
  /**
   * The account name of whoever generates a link or QR code: its custom tag.
   */
  operator_account_name?: string | null;
}

/**
 * The answer to `invitation.send`.
 */
export interface InvitationSendResponse {
  /**
   * The preset the policy in force was built on.
   */
  policy: Preset;
  /**
   * Allowed or blocked.
   */
  outcome: Verdict;
  /**
   * Every reason, in the contract's order.
   */
  reasons: Array<Reason>;
  /**
   * When the invitation would expire (email: the policy's email validity; link and QR code: the policy's link validity, by default never, so null). Null when blocked.
   */
  expires_at: Timestamp | null;
  /**
   * For a generic link or QR code: the account name of the administrator or operator who generated it, carried as the invitation's custom tag.
   */
  custom_tag: string | null;
}

export type InvitationStatus = "pending" | "accepted" | "expired" | "failed" | "invalidated";

export interface InvitationStatusItem {
  /**
   * The invitation.
   */
  id: string;
  /**
   * Its status as the host stores it.
   */
  status: InvitationStatus;
}

/**
 * A date written YYYY-MM-DD, such as `2026-10-01`.
 */
export type IsoDate = string;

/**
 * The answer for one item of a batch (deleting pre-registrations, resending invitations, recovering funds, unfreezing): `{id, outcome, reasons}` on the wire.
 */
export interface ItemResult {
  /**
   * The item's id, as given.
   */
  id: string;
  /**
   * Allowed when there is no reason, blocked otherwise.
   */
  outcome: Verdict;
  /**
   * Every reason that applies to the item.
   */
  reasons: Array<Reason>;
}

export interface ManagerAttributionRequest {
  op: "manager.attribution";
  /**
   * The instant of the request, RFC 3339 with an offset.
   */
  now?: TimestampInput | null;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * Customers assigned to managers over time.
   */
  assignments?: Array<Assignment>;
  /**
   * Consumption records to attribute.
   */
  consumption?: Array<Consumption>;
}

/**
 * The answer to `manager.attribution`.
 */
export interface ManagerAttributionResponse {
  /**
   * Per manager, sorted by manager id.
   */
  by_manager: Array<ManagerTotal>;
  /**
   * The sum of the records no assignment holds.
   */
  unattributed_minor: number;
  /**
   * The sum of all records.
   */
  total_minor: number;
}

/**
 * One manager's attributed total.
 */
export interface ManagerTotal {
  /**
   * The manager.
   */
  manager_id: string;
  /**
   * The sum of the records attributed to this manager, in minor units.
   */
  amount_minor: number;
}

/**
 * Which top-level record fields hold names, mobile numbers and emails. A kind left out keeps its default list (`name`, `mobile`, `email`); an empty list masks no field of that kind.
 */
export interface MaskedFields {
  /**
   * Fields masked as names.
   */
  name?: Array<string>;
  /**
   * Fields masked as mobile numbers.
   */
  mobile?: Array<string>;
  /**
   * Fields masked as emails.
   */
  email?: Array<string>;
}

export type Model = "reseller" | "referral";

/**
 * One model's answer within `association.models`: the association check's answer without `primary` (the model's first reason).
 */
export interface ModelAnswer {
  /**
   * Associable or failed.
   */
  outcome: AssociationOutcome;
  /**
   * Every cause that holds under this model, in catalog order.
   */
  reasons: Array<Reason>;
  /**
   * Whether the account is frozen once associated under this model; null when it fails.
   */
  frozen_after: boolean | null;
}

/**
 * A preset name, or a policy object: a preset and the fields to override.
 */
export type OnePolicy = Preset | PolicyOverrides;

/**
 * What the partner (or the customer) can do about a reason, in English and Chinese.
 */
export interface Operation {
  /**
   * The operation's stable code.
   */
  code: "contact_customer_service" | "resend_invitation" | "not_associable" | "not_associable_reseller" | "associate_by_reseller" | "submit_service_ticket" | "repay_overdue_then_service_ticket" | "repay_all_overdue_then_service_ticket" | "add_reserved_contact" | "delete_preregistrations" | "send_invitation" | "submit_manual_review" | "contact_ecosystem_manager" | "preregister_customer" | "ask_partner_administrator" | "verify_code" | "remove_independent_accounting_members" | "unfreeze_account" | "release_reserved_instances" | "cancel_support_plan" | "repay_arrears" | "set_currency" | "settle_pending_orders" | "enter_positive_recovery_amount" | "reduce_recovery_amount" | "invalidate_payment_agreement" | "select_fewer_customers" | "enter_freeze_reason" | "shorten_freeze_reason" | "freeze_account_only" | "unfreeze_account_only" | "unfreeze_with_freeze_type" | "enter_budget_in_range" | "ask_distributor_budget_quota";
  /**
   * What to do, in English.
   */
  en: string;
  /**
   * What to do, in Simplified Chinese.
   */
  zh: string;
}

/**
 * The partner asking.
 */
export interface Partner {
  /**
   * The partner's id (required).
   */
  id: string;
  /**
   * Registration country, e.g. an ISO 3166 code; compared case-insensitively.
   */
  registration_country?: string | null;
  /**
   * Prepaid or postpaid.
   */
  billing_mode?: BillingMode;
  /**
   * A mobile number or email is reserved in the partner center.
   */
  has_reserved_contact?: boolean;
  /**
   * Customers pending review or validly pre-registered by this partner.
   */
  active_preregistrations?: number;
  /**
   * The person acting is the partner administrator.
   */
  is_admin?: boolean;
  /**
   * The partner holds the customer development permission.
   */
  has_customer_development_permission?: boolean;
  /**
   * The partner is frozen.
   */
  frozen?: boolean;
  /**
   * The partner enabled verification codes for sensitive operations.
   */
  verification_code_enabled?: boolean;
  /**
   * The partner's agreement with Huawei restricts referral associations.
   */
  referral_restricted_by_agreement?: boolean;
  /**
   * The partner's registration country restricts referral associations.
   */
  referral_restricted_by_country?: boolean;
  /**
   * Direct partner, distributor, or a reseller under a distributor.
   */
  tier?: PartnerTier;
  /**
   * A reseller's distributor authorized it to freeze customers' resources.
   */
  resource_freeze_authorized?: boolean;
  /**
   * The budget quota, in minor units, a distributor granted this reseller; null: no limit.
   */
  budget_quota_minor?: number | null;
}

export type PartnerTier = "direct" | "distributor" | "reseller";

/**
 * One platform error code.
 */
export interface PlatformError {
  /**
   * The code as the platform writes it (`CBC.0100`).
   */
  code: string;
  /**
   * The HTTP status the platform answers with. Some business errors come with 200.
   */
  http_status: number;
  /**
   * What it means, in English and Chinese.
   */
  message: Text;
}

export interface PlatformMessage {
  en: string;
  zh: string | null;
}

/**
 * A validated policy. Build it from a [`Preset`], from JSON ([`Policy::from_json`]), or from [`PolicyOverrides`]; read it through the getters. Serializing gives the full JSON form, which reads back as the same policy.
 */
export interface Policy {
  preset: Preset;
  preregistration_validity_days: number;
  max_active_preregistrations: number;
  registered_review_after_days: number;
  review_working_days: number;
  email_invitation_validity_days: number;
  disassociation_window_months: number;
  disassociation_max_per_side: number;
  verification_code_default_minutes: number;
  verification_code_legacy_max_minutes: number;
  verification_code_legacy_over_max_minutes: number;
  verification_code_v2_max_minutes: number;
  mobile_max_chars: number;
  mask_mobile_keep_leading: number;
  mask_mobile_keep_trailing: number;
  max_customers_per_freeze: number;
  freeze_reason_max_chars: number;
  resource_release_days: number;
  max_active_remitter_names: number;
  link_invitation_validity_days: number | null;
  switch_shares_disassociation_quota: boolean;
  budget_max_minor: number;
  budget_alert_percents: Array<number>;
  calendar: Calendar;
}

/**
 * A preset name, a policy object, or a timeline of them.
 */
export type PolicyInput = OnePolicy | Timeline;

/**
 * The JSON form of a policy: a preset name and any fields to override. Absent fields keep the preset's value.
 */
export interface PolicyOverrides {
  /**
   * The preset the overrides apply to; absent means `intl-2024`.
   */
  preset?: Preset | null;
  /**
   * Days a pre-registration stays valid (from approval, for a reviewed one).
   */
  preregistration_validity_days?: number | null;
  /**
   * Most customers a partner may hold pending review or pre-registered at once.
   */
  max_active_preregistrations?: number | null;
  /**
   * Days after registration from which a followed-up registered customer may be reviewed.
   */
  registered_review_after_days?: number | null;
  /**
   * Working days within which a manual review is answered.
   */
  review_working_days?: number | null;
  /**
   * Days an email invitation link stays valid.
   */
  email_invitation_validity_days?: number | null;
  /**
   * Length of the disassociation window in calendar months.
   */
  disassociation_window_months?: number | null;
  /**
   * Requests each side may make per window.
   */
  disassociation_max_per_side?: number | null;
  /**
   * Verification code timeout when none is given (both APIs).
   */
  verification_code_default_minutes?: number | null;
  /**
   * Largest timeout the legacy API takes as given.
   */
  verification_code_legacy_max_minutes?: number | null;
  /**
   * What the legacy API uses instead of a timeout above its maximum.
   */
  verification_code_legacy_over_max_minutes?: number | null;
  /**
   * Largest timeout the v2 API accepts.
   */
  verification_code_v2_max_minutes?: number | null;
  /**
   * Longest mobile number (in characters) the send-code API accepts.
   */
  mobile_max_chars?: number | null;
  /**
   * Leading digits of a mobile number kept by export masking.
   */
  mask_mobile_keep_leading?: number | null;
  /**
   * Trailing digits of a mobile number kept by export masking.
   */
  mask_mobile_keep_trailing?: number | null;
  /**
   * Most customers in one freeze or unfreeze request.
   */
  max_customers_per_freeze?: number | null;
  /**
   * Longest reason for freezing, in characters (not bytes).
   */
  freeze_reason_max_chars?: number | null;
  /**
   * Days after an account-and-resource freeze at which the resources are released (their data deleted) unless unfrozen first.
   */
  resource_release_days?: number | null;
  /**
   * Most remitter names in effect at once.
   */
  max_active_remitter_names?: number | null;
  /**
   * Link and QR-code invitation validity in days; `null` means they never expire.
   */
  link_invitation_validity_days?: number | null;
  /**
   * Whether association type switches count against the disassociation quota.
   */
  switch_shares_disassociation_quota?: boolean | null;
  /**
   * The largest budget, in minor units.
   */
  budget_max_minor?: number | null;
  /**
   * Budget alert thresholds in percent of the budget, each from 1 to 100, increasing.
   */
  budget_alert_percents?: Array<number> | null;
  /**
   * Calendar fields to replace.
   */
  calendar?: Calendar | null;
}

/**
 * The policy an engine evaluates under, in full: one policy, or a timeline of them.
 */
export type PolicyTimeline = Policy | DatedTimeline;

/**
 * The review approved the pre-registration at `now`.
 */
export interface PreregistrationApproveRequest {
  op: "preregistration.approve";
  /**
   * The instant of the request, RFC 3339 with an offset: this op needs it.
   */
  now: TimestampInput;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
}

/**
 * The answer to `preregistration.approve`.
 */
export interface PreregistrationApproveResponse {
  /**
   * The preset the policy in force was built on.
   */
  policy: Preset;
  /**
   * When the pre-registration approved at `now` expires.
   */
  expires_at: Timestamp;
}

export interface PreregistrationCheckRequest {
  op: "preregistration.check";
  /**
   * The instant of the request, RFC 3339 with an offset: this op needs it.
   */
  now: TimestampInput;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * The partner asking.
   */
  partner: Partner;
  /**
   * The customer.
   */
  customer?: Customer;
}

/**
 * The answer to `preregistration.check`.
 */
export interface PreregistrationCheckResponse {
  /**
   * The preset the policy in force was built on.
   */
  policy: Preset;
  /**
   * Allowed, manual review or blocked.
   */
  outcome: PreregistrationOutcome;
  /**
   * Blocking reasons first, then review reasons.
   */
  reasons: Array<Reason>;
  /**
   * On `allowed`: when the pre-registration would expire.
   */
  expires_at: Timestamp | null;
  /**
   * On `manual_review`: when the review is due.
   */
  review_due_by: Timestamp | null;
}

export interface PreregistrationDeleteRequest {
  op: "preregistration.delete";
  /**
   * The instant of the request, RFC 3339 with an offset.
   */
  now?: TimestampInput | null;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * The pre-registrations to delete.
   */
  items: Array<PreregistrationItem>;
}

/**
 * The answer to `preregistration.delete`.
 */
export interface PreregistrationDeleteResponse {
  /**
   * One answer per item, in request order.
   */
  results: Array<ItemResult>;
}

/**
 * A pre-registration of a customer held by some partner.
 */
export interface PreregistrationFact {
  /**
   * The partner holding it.
   */
  partner_id: string;
  /**
   * When it stops reserving the customer.
   */
  expires_at: TimestampInput;
}

export interface PreregistrationItem {
  /**
   * The pre-registration.
   */
  id: string;
  /**
   * Its status as the host stores it.
   */
  status: PreregistrationStatus;
}

export type PreregistrationOutcome = "allowed" | "manual_review" | "blocked";

export interface PreregistrationReviewDueRequest {
  op: "preregistration.review_due";
  /**
   * The instant of the request, RFC 3339 with an offset.
   */
  now?: TimestampInput | null;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * When the manual review request was submitted.
   */
  submitted_at: TimestampInput;
}

/**
 * The answer to `preregistration.review_due`.
 */
export interface PreregistrationReviewDueResponse {
  /**
   * The preset the policy in force was built on.
   */
  policy: Preset;
  /**
   * The end (local midnight) of the last working day of the review.
   */
  due_by: Timestamp;
}

export type PreregistrationStatus = "pending_review" | "preregistered" | "expired" | "rejected" | "associated";

export type Preset = "intl-2024" | "intl-2025" | "cn";

/**
 * One reason behind a decision: a stable code, a message in English and Chinese, the operation it suggests, and when it stops applying by itself.
 */
export interface Reason {
  /**
   * The stable code: a rule's, or an association failure cause's.
   */
  code: "partner_contact_missing" | "preregistration_quota_reached" | "customer_associated_with_partner" | "customer_already_preregistered" | "customer_preregistered_by_other_partner" | "customer_has_huawei_contract" | "customer_registered" | "customer_cash_expenditure_not_followed_up" | "customer_consumer_cloud_user" | "customer_unified_accounting_member" | "customer_registered_followed_up" | "customer_cash_expenditure_followed_up" | "registration_country_differs" | "online_sales_team_customer" | "preregistration_pending_review" | "preregistration_associated" | "no_customer_development_permission" | "partner_frozen" | "email_requires_preregistration" | "invitation_not_expired" | "not_partner_admin" | "same_association_type" | "verification_code_required" | "disassociation_quota_reached" | "independent_accounting_members" | "account_manually_frozen" | "valid_reserved_instances" | "support_plan_active" | "account_in_arrears" | "no_currency_set" | "orders_awaiting_partner_payment" | "special_commerce_contract" | "request_not_pending" | "mobile_too_long" | "mobile_not_chinese_mainland" | "no_available_quota" | "recovery_amount_not_positive" | "recovery_amount_exceeds_quota" | "remitter_name_limit_reached" | "too_many_customers" | "freeze_reason_required" | "freeze_reason_too_long" | "resource_freeze_not_authorized" | "customer_not_resale" | "customer_already_frozen" | "partner_frozen_cannot_unfreeze_resources" | "customer_not_frozen" | "unfreeze_type_mismatch" | "resources_released" | "budget_amount_out_of_range" | "budget_exceeds_distributor_quota" | "system_busy" | "invitation_link_not_found" | "invitation_link_expired" | "invitation_code_used" | "invitation_link_used" | "prepaid_partner_reseller_model" | "customer_registered_by_another_partner" | "customer_is_or_applying_partner" | "customer_associated_with_another_partner" | "customer_special_contract" | "customer_internal_account" | "reseller_independent_accounting_master" | "reseller_enterprise_member_account" | "referral_restricted_by_agreement" | "referral_restricted_by_country" | "customer_has_consumption_record" | "topup_balance_invoice_over_limit" | "customer_registration_too_old" | "customer_overdue_payment" | "reseller_credit_bill_run_overdue";
  /**
   * What the reason means, for a person.
   */
  message: Text;
  /**
   * What to do about it, when something can be done.
   */
  suggested_operation: Operation | null;
  /**
   * When the reason stops applying by itself (an expiry, a window), or null.
   */
  available_from: Timestamp | null;
}

/**
 * One record of an export: any object, its members kept in order.
 */
export type Record = { [key: string]: unknown };

export type RegisteredSite = "international" | "chinese_mainland";

export type RemitterAction = "add" | "update";

export interface RemitterCheckRequest {
  op: "remitter.check";
  /**
   * The instant of the request, RFC 3339 with an offset.
   */
  now?: TimestampInput | null;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * Remitter names in effect now.
   */
  active_remitter_names: number;
  /**
   * Adding a remitter name, or updating one.
   */
  action: RemitterAction;
}

/**
 * The answer to `remitter.check`.
 */
export interface RemitterCheckResponse {
  /**
   * The preset the policy in force was built on.
   */
  policy: Preset;
  /**
   * Allowed when there is no reason, blocked otherwise.
   */
  outcome: Verdict;
  /**
   * Every reason that applies.
   */
  reasons: Array<Reason>;
}

export type RequestStatus = "pending" | "agreed" | "rejected" | "cancelled";

/**
 * A text for a person, in English and Chinese.
 */
export interface Text {
  /**
   * English.
   */
  en: string;
  /**
   * Simplified Chinese.
   */
  zh: string;
}

/**
 * The policies in force over time: the entry in force at an instant is the last whose `from` is at or before it.
 */
export interface Timeline {
  timeline: Array<TimelineEntry>;
}

/**
 * One entry of a timeline as written.
 */
export interface TimelineEntry {
  from: TimestampInput;
  policy: OnePolicy;
}

/**
 * An RFC 3339 timestamp with a UTC offset, such as `2026-11-21T09:30:00+08:00`.
 */
export type Timestamp = string;

/**
 * A UTC offset such as `+08:00` or `-05:30`.
 */
export type UtcOffset = string;

export type Verdict = "allowed" | "blocked";

export interface VerificationCodeCheckMobileRequest {
  op: "verification_code.check_mobile";
  /**
   * The instant of the request, RFC 3339 with an offset.
   */
  now?: TimestampInput | null;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * The mobile number a code would be sent to.
   */
  mobile: string;
}

/**
 * The answer to `verification_code.check_mobile`.
 */
export interface VerificationCodeCheckMobileResponse {
  /**
   * The preset the policy in force was built on.
   */
  policy: Preset;
  /**
   * Allowed when there is no reason, blocked otherwise.
   */
  outcome: Verdict;
  /**
   * Every reason that applies.
   */
  reasons: Array<Reason>;
}

export interface VerificationCodeTimeoutRequest {
  op: "verification_code.timeout";
  /**
   * The instant of the request, RFC 3339 with an offset.
   */
  now?: TimestampInput | null;
  /**
   * The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
   */
  policy?: PolicyInput | null;
  /**
   * The send-code API: `legacy` (lenient) or `v2` (strict).
   */
  api?: Api;
  /**
   * Minutes. Absent and `null` both mean the default for the legacy API; the v2 API takes only an absent field for it.
   */
  timeout_minutes?: number | null;
}

/**
 * The answer to `verification_code.timeout`.
 */
export interface VerificationCodeTimeoutResponse {
  /**
   * The preset the policy in force was built on.
   */
  policy: Preset;
  /**
   * The timeout the platform applies, in minutes.
   */
  effective_minutes: number;
}

export type Weekday = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";

/** Each op's request and answer types. */
export interface Ops {
  "preregistration.check": [PreregistrationCheckRequest, PreregistrationCheckResponse];
  "preregistration.delete": [PreregistrationDeleteRequest, PreregistrationDeleteResponse];
  "preregistration.review_due": [PreregistrationReviewDueRequest, PreregistrationReviewDueResponse];
  "preregistration.approve": [PreregistrationApproveRequest, PreregistrationApproveResponse];
  "invitation.send": [InvitationSendRequest, InvitationSendResponse];
  "invitation.resend": [InvitationResendRequest, InvitationResendResponse];
  "invitation.accept": [InvitationAcceptRequest, InvitationAcceptResponse];
  "association.check": [AssociationCheckRequest, AssociationCheckResponse];
  "association.models": [AssociationModelsRequest, AssociationModelsResponse];
  "failure_cause.lookup": [FailureCauseLookupRequest, FailureCauseLookupResponse];
  "failure_cause.catalog": [FailureCauseCatalogRequest, FailureCauseCatalogResponse];
  "association_type.switch": [AssociationTypeSwitchRequest, AssociationTypeSwitchResponse];
  "disassociation.check": [DisassociationCheckRequest, DisassociationCheckResponse];
  "disassociation.respond": [DisassociationRespondRequest, DisassociationRespondResponse];
  "manager.attribution": [ManagerAttributionRequest, ManagerAttributionResponse];
  "export.mask": [ExportMaskRequest, ExportMaskResponse];
  "verification_code.timeout": [VerificationCodeTimeoutRequest, VerificationCodeTimeoutResponse];
  "verification_code.check_mobile": [VerificationCodeCheckMobileRequest, VerificationCodeCheckMobileResponse];
  "error_code.lookup": [ErrorCodeLookupRequest, ErrorCodeLookupResponse];
  "funds.recover": [FundsRecoverRequest, FundsRecoverResponse];
  "remitter.check": [RemitterCheckRequest, RemitterCheckResponse];
  "customer.freeze": [CustomerFreezeRequest, CustomerFreezeResponse];
  "customer.unfreeze": [CustomerUnfreezeRequest, CustomerUnfreezeResponse];
  "budget.set": [BudgetSetRequest, BudgetSetResponse];
}

/** The name of an op. */
export type OpName = keyof Ops;

/** Any request. */
export type Request = Ops[OpName][0];

/** Any answer. */
export type Response = Ops[OpName][1];

/** The answer to a request of type `R`. */
export type ResponseFor<R extends Request> = Ops[R["op"]][1];
