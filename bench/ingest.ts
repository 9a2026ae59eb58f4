// `npm run bench:ingest`: Shopify webhook intake (size limit, store lookup, HMAC, dedupe claim, R2
// archive, enqueue, ack) against `wrangler dev`, beside a bare workerd handler that only reads the
// body, in the same run, under the same load generator, in alternating rounds. Two intake setups:
//   - "intake": the HTTP path alone (the connector's queue consumer detached, so the messages wait);
//   - "intake + pipeline": the real config, with every consumer processing on the same two cores.
// Uses its own ports, persistence and dev registry, so it does not disturb `npm run dev`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { shopifyWebhookHeaders, signShopifyBody } from "../scripts/shopify-webhook.ts";
import { formatResult, type LoadResult, runLoad } from "./load.ts";
import { startWrangler, stopAll, withoutConsumers } from "./wrangler.ts";

const root = join(import.meta.dirname, "..");
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const durationMs = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const adminKey = "bench_admin_key";
const secret = "bench_webhook_secret_0123456789";
const shopDomain = "bench-mesh.myshopify.com";
const body = readFileSync(join(root, "test/fixtures/shopify/orders-create.json"), "utf8");
const hmac = signShopifyBody(secret, body);

// Every request is a new delivery (fresh event and webhook ids) of a realistic order payload.
const make = () => ({ headers: shopifyWebhookHeaders({ hmac, shopDomain }), body });

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const results = new Map<string, LoadResult[]>();

async function measure(targets: { label: string; url: string }[]): Promise<void> {
  for (const t of targets) await runLoad({ ...t, connections: 4, durationMs: 2000, make }); // warm up
  for (let round = 0; round < rounds; round++) {
    for (const t of targets) {
      const r = await runLoad({ ...t, connections, durationMs, make });
      console.log(formatResult(r), JSON.stringify(r.statuses));
      results.set(t.label, [...(results.get(t.label) ?? []), r]);
    }
  }
}

function ratio(label: string, baseline: string): string {
  const a = results.get(label) ?? [];
  const b = results.get(baseline) ?? [];
  const rps = mean(a.map((r) => r.rps)) / mean(b.map((r) => r.rps));
  const p50 = mean(a.map((r) => r.p50)) / mean(b.map((r) => r.p50));
  const p99 = mean(a.map((r) => r.p99)) / mean(b.map((r) => r.p99));
  return `${label.padEnd(20)} / bare: throughput ${rps.toFixed(2)}   p50 latency ${p50.toFixed(2)}x   p99 latency ${p99.toFixed(2)}x`;
}

try {
  const bare = await startWrangler({ name: "bare", config: "bench/bare/wrangler.toml", port: 18799 });
  const core = await startWrangler({
    name: "core",
    config: "wrangler.toml",
    port: 18787,
    migrate: true,
    vars: { ADMIN_API_KEY: adminKey, SECRETS_KEY: "q2Vt0ux0tXxv6xH7k1r1mJ3pWc3yJb4QmC8bZs1dN0E=" },
  });
  const onboard = await fetch(`${core.url}/v1/stores`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
    body: JSON.stringify({ channel: "shopify", name: "bench", shopDomain, webhookSecret: secret }),
  });
  const store = (await onboard.json()) as { id: string };
  if (!store.id) throw new Error(`onboarding failed: ${onboard.status}`);
  console.log(
    `\n${connections} connections, ${durationMs / 1000} s per target, ${rounds} alternating rounds, ${body.length}-byte order payload\n`,
  );

  const alone = await startWrangler({
    name: "shopify",
    config: withoutConsumers("workers/shopify/wrangler.toml"),
    port: 18788,
  });
  await measure([
    { label: "bare (intake phase)", url: `${bare.url}/webhook` },
    { label: "intake", url: `${alone.url}/shopify/${store.id}/webhooks` },
  ]);
  await alone.stop();

  const full = await startWrangler({ name: "shopify", config: "workers/shopify/wrangler.toml", port: 18789 });
  await measure([
    { label: "bare (pipeline phase)", url: `${bare.url}/webhook` },
    { label: "intake + pipeline", url: `${full.url}/shopify/${store.id}/webhooks` },
  ]);

  // Each setup is compared with the bare rounds of its own phase: while the pipeline drains its
  // backlog, the bare handler shares the two cores with it too.
  console.log(`\n${ratio("intake", "bare (intake phase)")}   (goal: throughput >= 0.50)`);
  console.log(ratio("intake + pipeline", "bare (pipeline phase)"));
} finally {
  await stopAll();
}
