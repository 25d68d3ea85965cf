// An ES module in TypeScript for Node: `import` resolution gets the declarations of the ES
// module entry, which adds `init` and `initSync` (no-ops) to the Node build's.
import init, { Engine, evaluate, initSync } from "partner-rules";
import type { AssociationModelsResponse, PartnerRulesError } from "partner-rules";

await init();
initSync();
const models: AssociationModelsResponse = evaluate({
  op: "association.models",
  now: "2026-11-21T10:00:00+08:00",
  partner: { id: "p-1" },
  invitation: null,
});
const recommended: "reseller" | "referral" | null = models.recommended;
const held = new Engine({ preset: "intl-2025" }).policy;
// An engine holds one policy or a dated timeline of them; the type makes a reader tell which.
if ("timeline" in held) throw new Error("a preset is one policy, not a timeline");
const days: number = held.preregistration_validity_days;
// @ts-expect-error: a misspelled fact is an error, as it is at run time.
evaluate({ op: "preregistration.check", now: "2026-11-21T10:00:00+08:00", partner: { id: "p" }, customer: { frozn: true } });

export function describe(err: unknown): string {
  const e = err as PartnerRulesError;
  return `${e.code} at ${e.path}: ${e.message} (${recommended ?? "none"}, ${days})`;
}
