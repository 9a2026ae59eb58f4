import { defineConfig } from "vitest/config";

// One project per worker (each runs inside workerd through @cloudflare/vitest-plugin) plus the
// end-to-end project, which drives all four workers from their real wrangler.toml files.
export default defineConfig({
  test: {
    projects: ["test/*/vitest.config.ts"],
  },
});
