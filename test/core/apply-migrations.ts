import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Runs in every test file's own runtime; applying is idempotent.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
