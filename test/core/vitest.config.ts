import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "../..");

// Core's tests run inside workerd with the bindings of the root wrangler.toml; each test file gets
// its own storage, migrated by apply-migrations.ts. The secrets are fixed test values.
export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: path.join(root, "wrangler.toml") },
      remoteBindings: false,
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(path.join(root, "migrations")),
          ADMIN_API_KEY: "test-admin-key",
          // base64 of the 32 bytes 0x00..0x1f: a throwaway AES-256 key for sealed test secrets.
          SECRETS_KEY: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        },
      },
    }),
  ],
  test: {
    name: "core",
    root,
    include: ["test/core/**/*.test.ts"],
    setupFiles: ["test/core/apply-migrations.ts"],
  },
}));
