// `npm run bench:erp`: ERP push throughput through erp-sync's rate budget against sandbox ERPs that
// enforce a configured limit with a realistic latency, as a ratio of that limit, measured in the same
// run. Two kinds of limit, as the ERPs document them:
//   - NetSuite: a concurrency limit (15 in flight, a Tier 1 account). The ratio is the share of the 15
//     slots kept busy over the run (time-averaged requests in flight / 15), beside the throughput
//     against the ideal of 15 requests per service time.
//   - Business Central: a sliding request window (6,000 per 5 minutes = 20/s; run as 200 per 10 s, the
//     same rate in a shorter window so the run stays short). The ratio is requests sent / the most the
//     window allows in the elapsed time.
// The goal is at least 0.90 with zero limit violations: the sandbox's own count of requests it refused
// for a limit, and of requests it admitted over one.
import { Mesh, shopifyDelivery } from "../test/e2e/mesh.ts";

const ORDERS = Number(process.env.BENCH_ORDERS ?? 600);
const PASS_LOOPS = Number(process.env.BENCH_PASS_LOOPS ?? 3);

interface Stats {
  admitted: number;
  refused: Record<string, number>;
  maxInFlight: number;
  limitViolations: number;
}

interface BudgetSnapshot {
  busyMs: number;
  granted: number;
  refused: Record<string, number>;
}

interface Scenario {
  label: string;
  kind: "netsuite" | "business_central";
  system: string;
  limits: { concurrency: number; windowLimit: number | null; windowMs: number | null };
  sandboxSettings: Record<string, unknown>;
}

const scenarios: Scenario[] = [
  {
    label: "NetSuite, 15 concurrent, 400 ms per request",
    kind: "netsuite",
    system: "netsuite",
    limits: { concurrency: 15, windowLimit: null, windowMs: null },
    sandboxSettings: { latencyMs: 400, concurrencyLimit: 15 },
  },
  {
    label: "Business Central, 200 per 10 s window (= 6,000 per 5 min), 5 processed at once",
    kind: "business_central",
    system: "business-central",
    limits: { concurrency: 5, windowLimit: 200, windowMs: 10_000 },
    sandboxSettings: { latencyMs: 50, concurrencyLimit: 5, windowLimit: 200, windowMs: 10_000 },
  },
];

// The production request timeout: the bench measures the limit, not timeouts of a loaded machine.
const mesh = await Mesh.start(null, { ERP_REQUEST_TIMEOUT_MS: "15000" });

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function setStatus(connectionId: string, status: "active" | "disabled"): Promise<void> {
  const body = JSON.stringify({ status });
  await json(await mesh.core(`/v1/erp-connections/${connectionId}`, { method: "PATCH", body }), status);
}

async function outboxCounts(connectionId: string): Promise<Record<string, number>> {
  const rows = await (await mesh.db())
    .prepare("SELECT status, COUNT(*) AS n FROM erp_outbox WHERE connection_id = ? GROUP BY status")
    .bind(connectionId)
    .all<{ status: string; n: number }>();
  return Object.fromEntries(rows.results.map((r) => [r.status, r.n]));
}

async function budget(connectionId: string): Promise<BudgetSnapshot> {
  const env = (await mesh.server.getWorker("mesh-erp-sync").getEnv()) as {
    ERP_BUDGET: { getByName(name: string): { snapshot(): Promise<BudgetSnapshot> } };
  };
  return env.ERP_BUDGET.getByName(connectionId).snapshot();
}

async function fill(s: Scenario, i: number): Promise<string> {
  const connection = await mesh.connectErp(s.kind, { limits: s.limits, isDefault: false });
  // Off until its turn: a pass serves every active connection, and each scenario is timed alone.
  await setStatus(connection.id, "disabled");
  const settings = JSON.stringify(s.sandboxSettings);
  await json(
    await mesh.sandbox(`/_sandbox/${s.system}/settings`, { method: "POST", body: settings }),
    "settings",
  );
  const secret = `bench-secret-${i}-0123456789`;
  const shop = `bench-${i}.myshopify.com`;
  const store = await mesh.onboardStore(shop, secret, connection.id);
  // Orders go in before any pass runs (erp-sync only pushes when driven): the timed part is the push.
  for (let n = 0; n < ORDERS; n++) {
    const orderId = 7_000_000 + i * 100_000 + n;
    const res = await mesh.webhook(store.id, shopifyDelivery({ secret, shopDomain: shop, orderId }));
    if (res.status !== 200) throw new Error(`webhook ${n}: ${res.status}`);
  }
  for (let waited = 0; ; waited += 250) {
    // Every order's sales order, and the one customer (the example order's buyer) of the store.
    if (((await outboxCounts(connection.id)).pending ?? 0) >= ORDERS + 1) return connection.id;
    if (waited > 120_000) throw new Error("the orders did not reach the outbox");
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function drain(connectionId: string): Promise<void> {
  const loop = async () => {
    for (;;) {
      const pass = await mesh.erpPass();
      if (pass.claimed > 0) continue;
      const counts = await outboxCounts(connectionId);
      if ((counts.pending ?? 0) + (counts.in_flight ?? 0) === 0) return;
    }
  };
  await Promise.all(Array.from({ length: PASS_LOOPS }, loop));
}

try {
  const connections: string[] = [];
  for (const [i, s] of scenarios.entries()) connections.push(await fill(s, i));
  console.log(`bench:erp: ${ORDERS} orders per ERP, ${PASS_LOOPS} overlapping sync loops\n`);
  for (const [i, s] of scenarios.entries()) {
    const connectionId = connections[i] ?? "";
    await setStatus(connectionId, "active");
    const stats = async () => json<Stats>(await mesh.sandbox(`/_sandbox/${s.system}/stats`), "stats");
    const [before, budgetBefore] = [await stats(), await budget(connectionId)];
    const started = performance.now();
    // For a window, the first window may be spent in a burst; the sustained rate is read after it.
    const windowMs = s.limits.windowMs ?? 0;
    const afterFirstWindow = windowMs
      ? new Promise<Stats>((resolve) => setTimeout(() => resolve(stats()), windowMs))
      : null;
    await drain(connectionId);
    const elapsedMs = performance.now() - started;
    const [after, budgetAfter] = [await stats(), await budget(connectionId)];
    const counts = await outboxCounts(connectionId);
    await setStatus(connectionId, "disabled");

    const requests = after.admitted - before.admitted;
    const refusedForLimits =
      (after.refused.concurrency ?? 0) -
      (before.refused.concurrency ?? 0) +
      (after.refused.window ?? 0) -
      (before.refused.window ?? 0);
    console.log(s.label);
    console.log(
      `  documents done ${counts.done ?? 0}, parked ${counts.parked ?? 0}, in ${(elapsedMs / 1000).toFixed(1)} s`,
    );
    if (s.limits.windowLimit && s.limits.windowMs && afterFirstWindow) {
      const rate = s.limits.windowLimit / (s.limits.windowMs / 1000);
      const mid = await afterFirstWindow;
      const sustained = (after.admitted - mid.admitted) / ((elapsedMs - s.limits.windowMs) / 1000);
      const allowed = s.limits.windowLimit * Math.ceil(elapsedMs / s.limits.windowMs);
      console.log(
        `  ERP requests ${requests} (at most ${allowed} fit any ${(elapsedMs / 1000).toFixed(1)} s of this window)`,
      );
      console.log(
        `  sustained after the first window: ${sustained.toFixed(1)}/s of the ${rate}/s the window allows`,
      );
      console.log(`  ratio of the limit: ${(sustained / rate).toFixed(2)}`);
    } else {
      const busy = budgetAfter.busyMs - budgetBefore.busyMs;
      const utilization = busy / (s.limits.concurrency * elapsedMs);
      const ideal = s.limits.concurrency / (Number(s.sandboxSettings.latencyMs) / 1000);
      const throughput = requests / (elapsedMs / 1000);
      console.log(
        `  ERP requests ${requests}: ${throughput.toFixed(1)}/s (${(throughput / ideal).toFixed(2)} of ${ideal.toFixed(1)}/s, the limit at the configured latency)`,
      );
      console.log(
        `  ratio of the limit: ${utilization.toFixed(2)} (time-averaged slots in flight / ${s.limits.concurrency})`,
      );
    }
    console.log(
      `  limit violations: ${after.limitViolations - before.limitViolations} admitted over the limit, ` +
        `${refusedForLimits} refused for a limit; peak in flight ${after.maxInFlight}\n`,
    );
  }
} finally {
  await mesh.close();
}
