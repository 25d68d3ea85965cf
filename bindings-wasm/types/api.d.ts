// The entry points of the package. Appended by wasm-bindgen after types/contract.d.ts (the
// contract's types, generated from the JSON Schemas); CI checks both with `tsc --noEmit`
// against types/usage.ts and every conformance vector (test/vector-types.mjs).

/** The stable codes of thrown errors. */
export type ErrorCode = "invalid_input" | "unknown_op";

/** What `evaluate`, `evaluateJson` and `Engine` throw for bad input: never a decision. */
export interface PartnerRulesError extends Error {
  name: "PartnerRulesError";
  code: ErrorCode;
  /** JSON path of the offending value: `$`, `$.partner.id`, `$.items[2].status`. */
  path: string;
}

/**
 * Evaluates a request object under the default policy (`intl-2024`, unless the request names
 * one) and returns a plain object. Throws a {@link PartnerRulesError} for bad input.
 */
// The op name `K` picks the request type, so an object literal is checked against that op's
// fields alone: a misspelled field is a type error, as it is an `invalid_input` at run time.
export function evaluate<K extends OpName>(request: Ops[K][0] & { op: K }): Ops[K][1];

/** Evaluates a request given as JSON text and returns JSON text. */
export function evaluateJson(request: string): string;

/** Every op name, in the order of the contract. */
export function ops(): OpName[];

/** Parse once, evaluate many: a policy (or a timeline of policies) held ready for any number of requests. */
export class Engine {
  /** A preset name, a policy object, a timeline, or nothing for `intl-2024`. */
  constructor(policy?: PolicyInput);
  /** Releases the engine's memory now instead of at garbage collection. */
  free(): void;
  [Symbol.dispose](): void;
  /** The policy (or timeline) requests are evaluated under, in full. */
  readonly policy: PolicyTimeline;
  /** Like {@link evaluate}; a request carrying its own `policy` uses that one. */
  evaluate<K extends OpName>(request: Ops[K][0] & { op: K }): Ops[K][1];
  /** Like {@link evaluateJson}. */
  evaluateJson(request: string): string;
}
