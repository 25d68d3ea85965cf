// Vite builds the demo page as it would any page that uses partner-rules: it resolves the
// package's browser build (web/), and the `new URL("partner_rules_bg.wasm", import.meta.url)`
// in its glue makes it copy the module into dist/assets as is.
import { defineConfig } from "vite";

export default defineConfig({
  // Relative asset paths: dist/ works from any directory it is served from.
  base: "./",
  // The dev server pre-bundles dependencies, which would lose the module beside the glue.
  optimizeDeps: { exclude: ["partner-rules"] },
  build: { outDir: "dist", emptyOutDir: true },
});
