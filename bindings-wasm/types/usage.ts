// A typed usage of both packages, checked by `tsc --noEmit` (tsconfig.json). The
// `@ts-expect-error` lines prove the declarations reject mistakes: if a type decayed to `any`,
// the directive would be unused and tsc would fail.
import init, * as web from "../pkg/web/partner_rules.js";
import * as node from "../pkg/node/partner_rules.js";
import type {
  AssociationModelsResponse,
  PartnerRulesError,
  PreregistrationCheckRequest,
  Reason,
  Request,
} from "../pkg/node/partner_rules.js";

const NOW = "2026-11-21T10:00:00+08:00";

export async function onThePage(): Promise<string> {
  await init();
  const decision = web.evaluate({
    op: "preregistration.check",
    now: NOW,
    partner: { id: "p-1", has_reserved_contact: true },
    customer: { registration_country: "MY" },
  });
  // The response type follows the op.
  const outcome: "allowed" | "manual_review" | "blocked" = decision.outcome;
  return `${outcome} ${decision.expires_at ?? decision.review_due_by ?? ""}`;
}

export function inNode(): string[] {
  const request: PreregistrationCheckRequest = {
    op: "preregistration.check",
    now: NOW,
    policy: { preset: "cn", preregistration_validity_days: 30 },
    partner: { id: "p-1", has_reserved_contact: true, billing_mode: "prepaid" },
    customer: { has_huawei_contract: true, preregistration: { partner_id: "p-2", expires_at: NOW } },
  };
  const reasons: Reason[] = node.evaluate(request).reasons;
  // @ts-expect-error: a misspelled fact is an error, as it is at run time.
  node.evaluate({ op: "preregistration.check", now: NOW, partner: { id: "p-1" }, customer: { frozn: true } });
  // @ts-expect-error: a misspelled top-level field is an error, even where every field is optional.
  node.evaluate({ op: "failure_cause.lookup", mesage: "system busy" });
  // @ts-expect-error: a misspelled fact with its id present.
  node.evaluate({ op: "preregistration.check", now: NOW, partner: { id: "p-1" }, customer: { id: "c-1", frozn: true } });
  // @ts-expect-error: `partner` is required.
  node.evaluate({ op: "invitation.send", now: NOW, method: "email" });
  // @ts-expect-error: an unknown op.
  node.evaluate({ op: "preregistration.chek" });
  return reasons.map((r) => `${r.code}: ${r.message.en} / ${r.message.zh} → ${r.suggested_operation?.en ?? "-"}`);
}

export function withAnEngine(requests: Request[]): AssociationModelsResponse["recommended"][] {
  using engine = new node.Engine({ preset: "intl-2025", calendar: { holidays: ["2026-10-01"] } });
  const policy = engine.policy;
  // One policy, or a timeline of them.
  const days: number = "timeline" in policy
    ? policy.timeline[0].policy.preregistration_validity_days
    : policy.preregistration_validity_days;
  using dated = new node.Engine({
    timeline: [
      { from: "2024-01-01T00:00:00+08:00", policy: "intl-2024" },
      { from: new Date("2025-07-01T00:00:00+08:00"), policy: { preset: "intl-2025" } },
    ],
  });
  // @ts-expect-error: a timeline entry needs its instant.
  new node.Engine({ timeline: [{ policy: "cn" }] });
  void dated;
  // @ts-expect-error: the policy is read-only.
  engine.policy = "cn";
  const answers = requests.map((r) => engine.evaluate(r));
  const models = engine.evaluate({ op: "association.models", now: NOW, partner: { id: "p-1" }, invitation: null });
  const text: string = engine.evaluateJson(JSON.stringify(requests[0]));
  void [days, answers, text];
  return [models.recommended];
}

export function onError(err: unknown): string {
  const e = err as PartnerRulesError;
  // @ts-expect-error: error codes are a closed set.
  const wrong: typeof e.code = "bad_input";
  void wrong;
  return `${e.code} at ${e.path}: ${e.message}`;
}

export const allOps: string[] = web.ops();
