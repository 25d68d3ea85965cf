// A page's TypeScript, resolved as bundlers resolve it: the web build, whose `init` fetches
// the module (or takes it, as `initSync` does).
import init, { evaluate, initSync } from "partner-rules";
import type { FailureCauseLookupResponse, InitOutput } from "partner-rules";

export async function lookUp(message: string): Promise<string> {
  const ready: InitOutput = await init();
  void ready;
  const { cause }: FailureCauseLookupResponse = evaluate({ op: "failure_cause.lookup", message });
  // @ts-expect-error: `init` resolves to the module's exports, not to a number.
  const wrong: number = await init();
  // @ts-expect-error: a misspelled field is an error, as it is at run time.
  evaluate({ op: "failure_cause.lookup", mesage: message });
  void wrong;
  return cause === null ? "no cause" : `${cause.message.en} → ${cause.suggested_operation?.en ?? "-"}`;
}

export function fromBytes(bytes: BufferSource): void {
  initSync({ module: bytes });
}
