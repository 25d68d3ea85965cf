// TypeScript types of the JSON contract (SPEC section 12), appended by wasm-bindgen to the
// generated declarations of both packages. CI checks them with `tsc --noEmit` against
// types/usage.ts and against every conformance vector (test/vector-types.mjs).

/** An RFC 3339 timestamp with an offset, such as `2026-11-21T10:00:00+08:00`. */
export type Timestamp = string;

/** An ISO date, such as `2026-10-01`. */
export type IsoDate = string;

/** The stable codes of thrown errors. */
export type ErrorCode = "invalid_input" | "unknown_op";

/** What `evaluate`, `evaluateJson` and `Engine` throw for bad input: never a decision. */
export interface PartnerRulesError extends Error {
  name: "PartnerRulesError";
  code: ErrorCode;
  /** JSON path of the offending value: `$`, `$.partner.id`, `$.items[2].status`. */
  path: string;
}

// ---------------------------------------------------------------- policy

export type PresetName = "intl-2024" | "intl-2025" | "cn";

export type WeekdayName =
  | "monday"
  | "tuesday"
  | "wednesday"
  | "thursday"
  | "friday"
  | "saturday"
  | "sunday";

export interface CalendarSpec {
  /** Such as `+08:00`. */
  utc_offset?: string;
  weekend?: WeekdayName[];
  holidays?: IsoDate[];
  extra_workdays?: IsoDate[];
}

/** A policy object: a preset and any fields to override. */
export interface PolicyOverrides {
  preset?: PresetName;
  preregistration_validity_days?: number;
  max_active_preregistrations?: number;
  registered_review_after_days?: number;
  review_working_days?: number;
  email_invitation_validity_days?: number;
  disassociation_window_months?: number;
  disassociation_max_per_side?: number;
  verification_code_default_minutes?: number;
  verification_code_legacy_max_minutes?: number;
  verification_code_legacy_over_max_minutes?: number;
  verification_code_v2_max_minutes?: number;
  mobile_max_chars?: number;
  mask_mobile_keep_leading?: number;
  mask_mobile_keep_trailing?: number;
  /** `null`: link and QR-code invitations never expire. */
  link_invitation_validity_days?: number | null;
  switch_shares_disassociation_quota?: boolean;
  calendar?: CalendarSpec;
}

/** A preset name or a policy object. */
export type PolicyInput = PresetName | PolicyOverrides;

/** The full form of a policy, as `Engine.policy` returns it. */
export type Policy = Required<Omit<PolicyOverrides, "preset" | "calendar">> & {
  preset: PresetName;
  calendar: Required<CalendarSpec>;
};

// ---------------------------------------------------------------- facts

export type Model = "reseller" | "referral";
export type Initiator = "partner" | "customer";
export type InvitationMethod = "email" | "link" | "qr_code";

export interface Partner {
  id: string;
  registration_country?: string | null;
  billing_mode?: "postpaid" | "prepaid";
  has_reserved_contact?: boolean;
  active_preregistrations?: number;
  is_admin?: boolean;
  has_customer_development_permission?: boolean;
  frozen?: boolean;
  verification_code_enabled?: boolean;
  referral_restricted_by_agreement?: boolean;
  referral_restricted_by_country?: boolean;
}

export interface PreregistrationFact {
  partner_id: string;
  expires_at: Timestamp;
}

export interface Customer {
  id?: string | null;
  registration_country?: string | null;
  registered_site?: "international" | "chinese_mainland" | null;
  registered_at?: Timestamp | null;
  associated_partner_id?: string | null;
  preregistration?: PreregistrationFact | null;
  current_model?: Model | null;
  account_type?: "individual" | "enterprise_master" | "enterprise_member";
  has_independent_accounting_members?: boolean;
  has_huawei_contract?: boolean;
  has_cash_expenditure?: boolean;
  followed_up_by_direct_sales?: boolean;
  online_sales_team?: boolean;
  consumer_cloud_user?: boolean;
  unified_accounting_member?: boolean;
  is_or_applying_partner?: boolean;
  special_contract?: boolean;
  internal_account?: boolean;
  has_consumption_record?: boolean;
  topup_balance_invoice_over_limit?: boolean;
  registration_over_limit?: boolean;
  overdue_payment?: boolean;
  credit_bill_run_overdue?: boolean;
  manually_frozen?: boolean;
  valid_reserved_instances?: boolean;
  support_plan_active?: boolean;
  in_arrears?: boolean;
  no_currency_set?: boolean;
  orders_awaiting_partner_payment?: boolean;
}

export type InvitationStatus = "pending" | "accepted" | "expired" | "failed" | "invalidated";

export interface Invitation {
  method?: InvitationMethod | null;
  /** `null`: never expires. */
  expires_at?: Timestamp | null;
  code_used?: boolean;
  link_used?: boolean;
}

export interface HistoryEntry {
  kind: "disassociation" | "type_switch";
  initiator: Initiator;
  at: Timestamp;
}

// ---------------------------------------------------------------- reasons

/** A text for a person, in English and Chinese. */
export interface Text {
  en: string;
  zh: string;
}

/** What the partner (or the customer) can do about a reason. */
export interface Operation {
  code: string;
  en: string;
  zh: string;
}

export interface Reason {
  /** Stable snake_case code: translations and logic key on it, never on the text. */
  code: string;
  message: Text;
  suggested_operation: Operation | null;
  /** When the reason stops applying by itself, or null. */
  available_from: Timestamp | null;
}

export type Verdict = "allowed" | "blocked";

export interface ItemResult {
  id: string;
  outcome: Verdict;
  reasons: Reason[];
}

export interface ItemResults {
  results: ItemResult[];
}

/** An association failure cause of the catalog (SPEC section 6). */
export interface Cause {
  number: number;
  code: string;
  /** Our explanation. */
  message: Text;
  /** The platform's own message text, as partners see it (Chinese where known). */
  platform_message: { en: string; zh: string | null };
  suggested_operation: Operation;
}

// ---------------------------------------------------------------- requests

/** Fields every request may carry. */
export interface Envelope {
  /** Required by ops that depend on time. */
  now?: Timestamp;
  /** Evaluate under this policy instead of the engine's. */
  policy?: PolicyInput;
}

export interface PreregistrationCheckRequest extends Envelope {
  op: "preregistration.check";
  partner: Partner;
  customer?: Customer;
}

export interface PreregistrationDeleteRequest extends Envelope {
  op: "preregistration.delete";
  items: {
    id: string;
    status: "pending_review" | "preregistered" | "expired" | "rejected" | "associated";
  }[];
}

/** A manual review approved the pre-registration now: when does it expire? */
export interface PreregistrationApproveRequest extends Envelope {
  op: "preregistration.approve";
}

export interface PreregistrationReviewDueRequest extends Envelope {
  op: "preregistration.review_due";
  submitted_at: Timestamp;
}

export interface InvitationSendRequest extends Envelope {
  op: "invitation.send";
  partner: Partner;
  customer?: Customer;
  method: InvitationMethod;
  /** Account name of whoever generates a link or QR code: its custom tag. */
  operator_account_name?: string | null;
}

export interface InvitationResendRequest extends Envelope {
  op: "invitation.resend";
  items: {
    id: string;
    status: InvitationStatus;
    expires_at?: Timestamp | null;
  }[];
}

/** One of several invitations to the same member was accepted: the others become invalid. */
export interface InvitationAcceptRequest extends Envelope {
  op: "invitation.accept";
  accepted_id: string;
  items: { id: string; status: InvitationStatus }[];
}

export interface AssociationCheckRequest extends Envelope {
  op: "association.check";
  partner: Partner;
  customer?: Customer;
  model: Model;
  /** Absent or null: `invitation_link_not_found`. */
  invitation?: Invitation | null;
}

export interface AssociationModelsRequest extends Envelope {
  op: "association.models";
  partner: Partner;
  customer?: Customer;
  invitation?: Invitation | null;
}

/** Exactly one of `code` and `message`. */
export type FailureCauseLookupRequest = Envelope & { op: "failure_cause.lookup" } & (
  | {
      /** A cause code, such as `invitation_link_expired`. */
      code: string;
      message?: null;
    }
  | {
      /** The message text a host was shown, English or Chinese. */
      message: string;
      code?: null;
    }
);

export interface FailureCauseCatalogRequest extends Envelope {
  op: "failure_cause.catalog";
}

export interface AssociationTypeSwitchRequest extends Envelope {
  op: "association_type.switch";
  partner: Partner;
  customer?: Customer;
  to: Model;
  history?: HistoryEntry[];
}

export interface DisassociationCheckRequest extends Envelope {
  op: "disassociation.check";
  initiator: Initiator;
  partner: Partner;
  customer?: Customer;
  verification_code_verified?: boolean;
  history?: HistoryEntry[];
}

export type DisassociationRequestStatus = "pending" | "agreed" | "rejected" | "cancelled";

export interface DisassociationRespondRequest extends Envelope {
  op: "disassociation.respond";
  partner: Partner;
  request: { status: DisassociationRequestStatus };
  action: "agree" | "reject";
  verification_code_verified?: boolean;
}

export interface ManagerAttributionRequest extends Envelope {
  op: "manager.attribution";
  assignments?: {
    customer_id: string;
    manager_id: string;
    from: Timestamp;
    /** `null`: still assigned. */
    to?: Timestamp | null;
  }[];
  /** Integer minor units; beyond 2^53 use `evaluateJson`, JavaScript numbers cannot hold them. */
  consumption?: { customer_id: string; at: Timestamp; amount_minor: number }[];
}

export interface ExportMaskRequest extends Envelope {
  op: "export.mask";
  records: Record<string, unknown>[];
  fields?: { name?: string[]; mobile?: string[]; email?: string[] };
}

export interface VerificationCodeTimeoutRequest extends Envelope {
  op: "verification_code.timeout";
  api?: "legacy" | "v2";
  timeout_minutes?: number | null;
}

export interface VerificationCodeCheckMobileRequest extends Envelope {
  op: "verification_code.check_mobile";
  mobile: string;
}

export interface ErrorCodeLookupRequest extends Envelope {
  op: "error_code.lookup";
  code: string;
}

export interface FundsRecoverRequest extends Envelope {
  op: "funds.recover";
  customers: { id: string; available_quota_minor: number }[];
}

// ---------------------------------------------------------------- responses

export interface PreregistrationCheckResponse {
  policy: PresetName;
  outcome: "allowed" | "manual_review" | "blocked";
  reasons: Reason[];
  /** On `allowed`: when the pre-registration would expire. */
  expires_at: Timestamp | null;
  /** On `manual_review`: when the review is due. */
  review_due_by: Timestamp | null;
}

export interface PreregistrationApproveResponse {
  policy: PresetName;
  expires_at: Timestamp;
}

export interface PreregistrationReviewDueResponse {
  policy: PresetName;
  due_by: Timestamp;
}

export interface InvitationSendResponse {
  policy: PresetName;
  outcome: Verdict;
  reasons: Reason[];
  expires_at: Timestamp | null;
  custom_tag: string | null;
}

export interface InvitationAcceptResponse {
  /** The ids of the other invitations, now invalid. */
  invalidated: string[];
}

export interface AssociationCheckResponse {
  outcome: "associable" | "failed";
  reasons: Reason[];
  /** The first cause's code. */
  primary: string | null;
  /** A reseller association leaves the account frozen; null when failed. */
  frozen_after: boolean | null;
}

export interface ModelAnswer {
  outcome: "associable" | "failed";
  reasons: Reason[];
}

export interface AssociationModelsResponse {
  reseller: ModelAnswer;
  referral: ModelAnswer;
  /** Reseller first when both are associable; null when neither is. */
  recommended: Model | null;
}

export interface FailureCauseLookupResponse {
  cause: Cause | null;
}

export interface FailureCauseCatalogResponse {
  causes: Cause[];
}

export interface AssociationTypeSwitchResponse {
  policy: PresetName;
  outcome: Verdict;
  reasons: Reason[];
  requires_customer_confirmation: boolean;
}

export interface VerdictResponse {
  outcome: Verdict;
  reasons: Reason[];
}

export interface PolicyVerdictResponse extends VerdictResponse {
  policy: PresetName;
}

export interface DisassociationRespondResponse extends VerdictResponse {
  /** The request's status after the answer; null when it was refused. */
  request_status: DisassociationRequestStatus | null;
}

export interface ManagerAttributionResponse {
  by_manager: { manager_id: string; amount_minor: number }[];
  unattributed_minor: number;
  total_minor: number;
}

export interface ExportMaskResponse {
  policy: PresetName;
  records: Record<string, unknown>[];
}

export interface VerificationCodeTimeoutResponse {
  policy: PresetName;
  effective_minutes: number;
}

export interface ErrorCodeLookupResponse {
  error: { code: string; http_status: number; message: Text } | null;
}

/** Each op's request and response. */
export interface Ops {
  "preregistration.check": [PreregistrationCheckRequest, PreregistrationCheckResponse];
  "preregistration.delete": [PreregistrationDeleteRequest, ItemResults];
  "preregistration.review_due": [PreregistrationReviewDueRequest, PreregistrationReviewDueResponse];
  "preregistration.approve": [PreregistrationApproveRequest, PreregistrationApproveResponse];
  "invitation.send": [InvitationSendRequest, InvitationSendResponse];
  "invitation.resend": [InvitationResendRequest, ItemResults];
  "invitation.accept": [InvitationAcceptRequest, InvitationAcceptResponse];
  "association.check": [AssociationCheckRequest, AssociationCheckResponse];
  "association.models": [AssociationModelsRequest, AssociationModelsResponse];
  "failure_cause.lookup": [FailureCauseLookupRequest, FailureCauseLookupResponse];
  "failure_cause.catalog": [FailureCauseCatalogRequest, FailureCauseCatalogResponse];
  "association_type.switch": [AssociationTypeSwitchRequest, AssociationTypeSwitchResponse];
  "disassociation.check": [DisassociationCheckRequest, PolicyVerdictResponse];
  "disassociation.respond": [DisassociationRespondRequest, DisassociationRespondResponse];
  "manager.attribution": [ManagerAttributionRequest, ManagerAttributionResponse];
  "export.mask": [ExportMaskRequest, ExportMaskResponse];
  "verification_code.timeout": [VerificationCodeTimeoutRequest, VerificationCodeTimeoutResponse];
  "verification_code.check_mobile": [VerificationCodeCheckMobileRequest, PolicyVerdictResponse];
  "error_code.lookup": [ErrorCodeLookupRequest, ErrorCodeLookupResponse];
  "funds.recover": [FundsRecoverRequest, ItemResults];
}

export type OpName = keyof Ops;

/** Any request. */
export type Request = { [K in OpName]: Ops[K][0] }[OpName];

/** The response to a request of type `R`. */
export type ResponseFor<R extends Request> = Ops[R["op"]][1];

/** Any response. */
export type Response = { [K in OpName]: Ops[K][1] }[OpName];

// ---------------------------------------------------------------- entry points

/**
 * Evaluates a request object under the default policy (`intl-2024`, unless the request names
 * one) and returns a plain object. Throws a {@link PartnerRulesError} for bad input.
 */
export function evaluate<R extends Request>(request: R): ResponseFor<R>;

/** Evaluates a request given as JSON text and returns JSON text. */
export function evaluateJson(request: string): string;

/** Every op name, in the order of the specification. */
export function ops(): OpName[];

/** Parse once, evaluate many: a policy held ready for any number of requests. */
export class Engine {
  /** A preset name, a policy object, or nothing for `intl-2024`. */
  constructor(policy?: PolicyInput);
  /** Releases the engine's memory now instead of at garbage collection. */
  free(): void;
  [Symbol.dispose](): void;
  /** The policy requests are evaluated under, in full. */
  readonly policy: Policy;
  /** Like {@link evaluate}; a request carrying its own `policy` uses that one. */
  evaluate<R extends Request>(request: R): ResponseFor<R>;
  /** Like {@link evaluateJson}. */
  evaluateJson(request: string): string;
}
