// How text crosses between JavaScript and the module's memory, faster than wasm-bindgen's own
// string passing for what this package moves: requests of a few hundred bytes, mostly ASCII,
// and answers of a few kilobytes, half of it Chinese.
//
// In: `TextEncoder.encodeInto` writes the whole request in one native call; wasm-bindgen's
// glue copies it one `charCodeAt` at a time in JavaScript (measured 1.1 µs for a 500-byte
// request in Node 20, against 0.1 µs).
// Out: the module hands over UTF-16, the engines' own string form. Decoding UTF-8 with any
// non-ASCII character took Node 20 4.8 µs for a 2.4 KB answer; copying UTF-16 takes 0.3 µs.

const encoder = new TextEncoder();
const utf16 = typeof Buffer === "function" ? null : new TextDecoder("utf-16le");
// A Node Buffer over the module's memory, made again only when the memory grows (growing
// replaces its ArrayBuffer).
let nodeBuffer = null;

/// Writes `text` as UTF-8 into `memory` at `ptr`, which has room for `capacity` bytes (three per
/// UTF-16 unit always suffice), and returns the bytes written. Lone surrogates become U+FFFD,
/// as with every other JavaScript string passed to WebAssembly.
export function encodeUtf8(text, memory, ptr, capacity) {
  return encoder.encodeInto(text, new Uint8Array(memory.buffer, ptr, capacity)).written;
}

/// The string of `units` UTF-16 code units at `ptr` in `memory` (little-endian, as WebAssembly
/// is). Node's Buffer copies them as they are; browsers' TextDecoder does the same.
export function decodeUtf16(memory, ptr, units) {
  if (utf16 !== null) {
    return utf16.decode(new Uint16Array(memory.buffer, ptr, units));
  }
  if (nodeBuffer === null || nodeBuffer.buffer !== memory.buffer) {
    nodeBuffer = Buffer.from(memory.buffer);
  }
  return nodeBuffer.toString("ucs2", ptr, ptr + units * 2);
}
