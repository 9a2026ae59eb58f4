// `npm run bench:ingest`: Shopify webhook intake (verify, dedupe, archive, enqueue, ack) against
// `wrangler dev`, beside a bare workerd handler that only reads the body, in the same run and
// under the same load generator. Prints throughput and p50/p99 ack latency and their ratio.
// Uses its own ports, persistence and dev registry, so it does not disturb `npm run dev`.
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatResult, runLoad } from "./load.ts";
import { startWrangler, stopAll } from "./wrangler.ts";

const root = join(import.meta.dirname, "..");
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const durationMs = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const adminKey = "bench_admin_key";

try {
  const bare = await startWrangler({ name: "bare", config: "bench/bare/wrangler.toml", port: 18799 });
  const core = await startWrangler({
    name: "core",
    config: "wrangler.toml",
    port: 18787,
    migrate: true,
    vars: { ADMIN_API_KEY: adminKey, SECRETS_KEY: "q2Vt0ux0tXxv6xH7k1r1mJ3pWc3yJb4QmC8bZs1dN0E=" },
  });
  const shopify = await startWrangler({
    name: "shopify",
    config: "workers/shopify/wrangler.toml",
    port: 18788,
  });

  const secret = "bench_webhook_secret_0123456789";
  const shopDomain = "bench-mesh.myshopify.com";
  const onboard = await fetch(`${core}/v1/stores`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
    body: JSON.stringify({ channel: "shopify", name: "bench", shopDomain, webhookSecret: secret }),
  });
  const store = (await onboard.json()) as { id: string };
  if (!store.id) throw new Error(`onboarding failed: ${onboard.status}`);

  const body = readFileSync(join(root, "test/fixtures/shopify/orders-create.json"), "utf8");
  const hmac = createHmac("sha256", secret).update(body).digest("base64");
  const make = () => ({
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": "orders/create",
      "x-shopify-hmac-sha256": hmac,
      "x-shopify-shop-domain": shopDomain,
      "x-shopify-api-version": "2026-07",
      "x-shopify-webhook-id": randomUUID(),
      "x-shopify-event-id": randomUUID(),
    },
    body,
  });
  const targets = [
    { label: "bare workerd handler", url: `${bare}/webhook` },
    { label: "shopify intake", url: `${shopify}/shopify/${store.id}/webhooks` },
  ];
  // Warm both (isolates, store credential cache) before measuring.
  for (const t of targets) await runLoad({ ...t, connections: 4, durationMs: 2000, make });

  console.log(
    `\n${connections} connections, ${durationMs / 1000} s per target, ${rounds} alternating rounds, ${body.length}-byte order payload\n`,
  );
  const results: Record<string, { rps: number[]; p50: number[]; p99: number[] }> = {};
  for (let round = 0; round < rounds; round++) {
    for (const t of targets) {
      const r = await runLoad({ ...t, connections, durationMs, make });
      console.log(formatResult(r), JSON.stringify(r.statuses));
      const acc = results[t.label] ?? { rps: [], p50: [], p99: [] };
      results[t.label] = acc;
      acc.rps.push(r.rps);
      acc.p50.push(r.p50);
      acc.p99.push(r.p99);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const bareR = results["bare workerd handler"];
  const intakeR = results["shopify intake"];
  if (!bareR || !intakeR) throw new Error("missing results");
  console.log(
    `\nintake / bare throughput ratio: ${(mean(intakeR.rps) / mean(bareR.rps)).toFixed(2)}  (goal >= 0.50)`,
  );
  console.log(`intake / bare p50 latency ratio: ${(mean(intakeR.p50) / mean(bareR.p50)).toFixed(2)}`);
  console.log(`intake / bare p99 latency ratio: ${(mean(intakeR.p99) / mean(bareR.p99)).toFixed(2)}`);
} finally {
  await stopAll();
}
