// Reads the shared conformance vectors (tests/vectors/*.json at the repository root), the same
// files the Rust and Python suites run. Format: tests/src/lib.rs.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const vectorDir = fileURLToPath(new URL("../../tests/vectors/", import.meta.url));

/** Every vector file, sorted by name: `[{file, description, vectors}]`. */
export function loadVectorFiles() {
  return readdirSync(vectorDir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((file) => ({ file, ...JSON.parse(readFileSync(vectorDir + file, "utf8")) }));
}
