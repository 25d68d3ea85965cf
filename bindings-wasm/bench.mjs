// Microseconds per pre-registration check through the Node package (pkg/node/), by entry point.
// A benchmark, not a test: it asserts nothing about speed. Compare with the native Rust JSON path:
//   cargo run --release -p partner-rules-wasm --example native_bench
// Run: node bench.mjs (after ./build.sh).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const { evaluate, evaluateJson, Engine } = createRequire(import.meta.url)("./pkg/node/partner_rules.js");

const text = readFileSync(new URL("./bench/preregistration_check.json", import.meta.url), "utf8");
const request = JSON.parse(text);
const engine = new Engine();
const BATCH = 2000;
// Every case is measured in several rounds, taken in turn, so that none is measured only
// after the garbage of another (the object cases make much more) or only on a quieter moment.
const ROUNDS = 3;
const BATCHES_PER_ROUND = 5;

const cases = {
  "evaluateJson (text in, text out)": () => evaluateJson(text),
  "evaluate (object in, object out)": () => evaluate(request),
  "Engine.evaluate (object in, object out)": () => engine.evaluate(request),
  "Engine.evaluateJson (text in, text out)": () => engine.evaluateJson(text),
  "JSON.stringify + evaluateJson + JSON.parse": () => JSON.parse(evaluateJson(JSON.stringify(request))),
};

console.log(`response: ${evaluateJson(text)}`);
console.log(
  `node ${process.version}, ${ROUNDS * BATCHES_PER_ROUND} batches of ${BATCH} calls in ${ROUNDS} rounds, median per call:`,
);
const perCall = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, call] of Object.entries(cases)) {
    // Warm up first: V8 runs WebAssembly in its baseline compiler at first and moves hot
    // functions to the optimizing one in the background, later on a busy machine.
    for (const until = Date.now() + (round === 0 ? 1000 : 200); Date.now() < until; ) call();
    for (let b = 0; b < BATCHES_PER_ROUND; b++) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < BATCH; i++) call();
      perCall[name].push(Number(process.hrtime.bigint() - start) / 1000 / BATCH);
    }
  }
}
for (const [name, times] of Object.entries(perCall)) {
  times.sort((a, b) => a - b);
  console.log(`  ${name.padEnd(46)} ${times[times.length >> 1].toFixed(2)} µs (fastest batch ${times[0].toFixed(2)})`);
}
