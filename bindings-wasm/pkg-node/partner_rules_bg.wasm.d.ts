/* tslint:disable */
/* eslint-disable */
export const memory: WebAssembly.Memory;
export const __wbg_engine_free: (a: number, b: number) => void;
export const engine_evaluate: (a: number, b: any) => [number, number, number];
export const engine_evaluateJson: (a: number, b: any) => [number, number, number];
export const engine_new: (a: any) => [number, number, number];
export const engine_policy: (a: number) => [number, number, number];
export const evaluate: (a: any) => [number, number, number];
export const evaluateJson: (a: any) => [number, number, number];
export const ops: () => [number, number];
export const __wbindgen_malloc: (a: number, b: number) => number;
export const __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
export const __wbindgen_free: (a: number, b: number, c: number) => void;
export const __wbindgen_exn_store: (a: number) => void;
export const __externref_table_alloc: () => number;
export const __wbindgen_externrefs: WebAssembly.Table;
export const __externref_table_dealloc: (a: number) => void;
export const __externref_drop_slice: (a: number, b: number) => void;
export const __wbindgen_start: () => void;
