// `npm run bench:erp`: ERP push throughput through erp-sync's rate budget against sandbox ERPs that
// enforce a configured limit with a realistic latency, as a ratio of that limit (the baseline: the
// most the ERP allows in the same run). Two limits, as the ERPs document them:
//   - NetSuite: a concurrency limit (15 in flight, Tier 1); capacity = limit / service time.
//   - Business Central: a sliding request window (6,000 per 5 minutes = 20/s; run here as 200 per
//     10 s, the same rate in a shorter window so the run stays short).
// The goal is at least 0.90 of the limit with zero limit violations (the sandbox's own count of
// requests it refused for a limit, and of requests it admitted over one).
import { Mesh, shopifyDelivery } from "../test/e2e/mesh.ts";

const ORDERS = Number(process.env.BENCH_ORDERS ?? 300);
const PASS_LOOPS = Number(process.env.BENCH_PASS_LOOPS ?? 3);

interface Stats {
  requests: number;
  admitted: number;
  refused: Record<string, number>;
  maxInFlight: number;
  limitViolations: number;
}

interface Scenario {
  label: string;
  kind: "netsuite" | "business_central";
  system: string;
  limits: { concurrency: number; windowLimit: number | null; windowMs: number | null };
  sandboxSettings: Record<string, unknown>;
  /** Requests per second the limit allows, given the sandbox's service time per request. */
  capacity: (serviceMs: number) => number;
}

// The production request timeout: the bench measures the limit, not timeouts under a loaded machine.
const mesh = await Mesh.start(null, { ERP_REQUEST_TIMEOUT_MS: "15000" });
const scenarios: Scenario[] = [
  {
    label: "NetSuite, 15 concurrent, 400 ms per request",
    kind: "netsuite",
    system: "netsuite",
    limits: { concurrency: 15, windowLimit: null, windowMs: null },
    sandboxSettings: { latencyMs: 400, concurrencyLimit: 15 },
    capacity: (serviceMs) => 15 / (serviceMs / 1000),
  },
  {
    label: "Business Central, 200 per 10 s window (= 6,000 per 5 min)",
    kind: "business_central",
    system: "business-central",
    limits: { concurrency: 5, windowLimit: 200, windowMs: 10_000 },
    sandboxSettings: { latencyMs: 50, concurrencyLimit: 5, windowLimit: 200, windowMs: 10_000 },
    capacity: () => 200 / 10,
  },
];

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function setStatus(connectionId: string, status: "active" | "disabled"): Promise<void> {
  await json(
    await mesh.core(`/v1/erp-connections/${connectionId}`, {
      method: "PATCH",
      body: JSON.stringify({ status }),
    }),
    `connection ${status}`,
  );
}

async function outboxCounts(mesh: Mesh, connectionId: string): Promise<Record<string, number>> {
  const rows = await (await mesh.db())
    .prepare("SELECT status, COUNT(*) AS n FROM erp_outbox WHERE connection_id = ? GROUP BY status")
    .bind(connectionId)
    .all<{ status: string; n: number }>();
  return Object.fromEntries(rows.results.map((r) => [r.status, r.n]));
}

try {
  const prepared = [];
  for (const [i, s] of scenarios.entries()) {
    const connection = await mesh.connectErp(s.kind, { limits: s.limits, isDefault: false });
    await json(
      await mesh.core(`/v1/erp-connections/${connection.id}/mappings`, {
        method: "PUT",
        body: JSON.stringify({
          entries: [{ kind: "default_customer", key: "shopify", target: "C-DEFAULT" }],
        }),
      }),
      "mappings",
    );
    await json(
      await mesh.sandbox(`/_sandbox/${s.system}/settings`, {
        method: "POST",
        body: JSON.stringify(s.sandboxSettings),
      }),
      `${s.system} settings`,
    );
    const secret = `bench-secret-${i}-0123456789`;
    const shop = `bench-${i}.myshopify.com`;
    const store = await mesh.onboardStore(shop, secret, connection.id);
    // Orders go in before any pass runs (erp-sync only pushes when driven), so the timed part is the push alone.
    for (let n = 0; n < ORDERS; n++) {
      const res = await mesh.webhook(
        store.id,
        shopifyDelivery({ secret, shopDomain: shop, orderId: 7_000_000 + i * 100_000 + n }),
      );
      if (res.status !== 200) throw new Error(`webhook ${n}: ${res.status}`);
    }
    prepared.push({ scenario: s, connectionId: connection.id });
  }
  for (const { connectionId } of prepared) {
    for (let waited = 0; ; waited += 250) {
      const counts = await outboxCounts(mesh, connectionId);
      // Every order's sales order and customer (one per store: the example order's buyer).
      if ((counts.pending ?? 0) >= ORDERS + 1) break;
      if (waited > 120_000) throw new Error(`orders did not reach the outbox: ${JSON.stringify(counts)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  console.log(`bench:erp: ${ORDERS} orders per ERP, ${PASS_LOOPS} overlapping sync loops\n`);
  for (const { scenario: s, connectionId } of prepared) {
    await setStatus(connectionId, "active");
    const before = await json<Stats>(await mesh.sandbox(`/_sandbox/${s.system}/stats`), "stats");
    const started = performance.now();
    const loop = async () => {
      for (;;) {
        const pass = await mesh.erpPass();
        if (pass.claimed === 0) {
          const counts = await outboxCounts(mesh, connectionId);
          if ((counts.pending ?? 0) + (counts.in_flight ?? 0) === 0) return;
        }
      }
    };
    await Promise.all(Array.from({ length: PASS_LOOPS }, loop));
    const seconds = (performance.now() - started) / 1000;
    const after = await json<Stats>(await mesh.sandbox(`/_sandbox/${s.system}/stats`), "stats");
    const counts = await outboxCounts(mesh, connectionId);
    await setStatus(connectionId, "disabled");
    const requests = after.admitted - before.admitted;
    const refusedForLimits =
      (after.refused.concurrency ?? 0) -
      (before.refused.concurrency ?? 0) +
      (after.refused.window ?? 0) -
      (before.refused.window ?? 0);
    const serviceMs = Number(s.sandboxSettings.latencyMs);
    const capacity = s.capacity(serviceMs);
    const throughput = requests / seconds;
    console.log(s.label);
    console.log(
      `  documents done ${counts.done ?? 0}, parked ${counts.parked ?? 0}, in ${seconds.toFixed(1)} s`,
    );
    console.log(
      `  ERP requests ${requests}: ${throughput.toFixed(1)}/s against a limit of ${capacity.toFixed(1)}/s`,
    );
    console.log(`  ratio of the limit: ${(throughput / capacity).toFixed(2)}`);
    console.log(
      `  limit violations: ${after.limitViolations - before.limitViolations} admitted over the limit, ${refusedForLimits} refused for a limit; peak in flight ${after.maxInFlight}\n`,
    );
  }
} finally {
  await mesh.close();
}
