// Reads the shared conformance vectors (tests/vectors/*.json at the repository root), the same
// files the Rust and Python suites run. Format: tests/src/lib.rs.
//
// Amounts are 64-bit integers, beyond what a JavaScript number holds exactly (2^53), so the
// files are read losslessly: integers outside the safe range become BigInts, and
// `stringifyLossless` writes them back digit for digit.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const vectorDir = fileURLToPath(new URL("../../tests/vectors/", import.meta.url));

/** Every vector file, sorted by name: `[{file, description, vectors}]`. */
export function loadVectorFiles() {
  return readdirSync(vectorDir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((file) => ({ file, ...parseLossless(readFileSync(vectorDir + file, "utf8")) }));
}

/** JSON.parse, except that integers outside the safe range are BigInts. */
export function parseLossless(text) {
  // Numbers are rewritten only outside strings: a string token is skipped whole.
  const token = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
  const big = new Map();
  const marked = text.replace(token, (match) => {
    if (match.startsWith('"') || !/^-?\d+$/.test(match) || Number.isSafeInteger(Number(match))) {
      return match;
    }
    const key = `\u0000big${big.size}`;
    big.set(key, BigInt(match));
    return JSON.stringify(key);
  });
  return JSON.parse(marked, (_, value) => (big.has(value) ? big.get(value) : value));
}

/** JSON.stringify, writing BigInts as plain integers. */
export function stringifyLossless(value) {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map(stringifyLossless).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const fields = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${stringifyLossless(v)}`);
    return `{${fields.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Whether a value holds an integer that a JavaScript number cannot represent. */
export function holdsBigInt(value) {
  if (typeof value === "bigint") return true;
  return value !== null && typeof value === "object" && Object.values(value).some(holdsBigInt);
}
