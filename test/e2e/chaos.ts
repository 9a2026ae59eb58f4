import { SANDBOX_SYSTEMS, type SandboxErp } from "../../scripts/sandbox-connections.ts";
import { type Mesh, shopifyDelivery } from "./mesh.ts";

/**
 * The chaos run: orders flow from signed Shopify webhooks (each delivered twice) to a sandbox ERP
 * that fails a share of requests at random (5xx, 429 and commit-then-timeout, where the ERP commits
 * and the answer never arrives), while erp-sync passes run until nothing is due. Then the faults stop,
 * parked rows are replayed through the API like a person would, and the ERP is compared with the mesh.
 */
export interface ChaosOptions {
  erp: Exclude<SandboxErp, "tryton">;
  orders: number;
  probability: number;
  /** Wall-clock bound for the run; the report says if it was hit. */
  timeoutMs: number;
}

export interface ChaosReport {
  erp: string;
  orders: number;
  ordersInCore: number;
  salesOrderRecords: number;
  /** Sales order records the ERP holds more than once for one order (must be 0). */
  duplicates: number;
  /** Orders the ERP does not hold at the end (must be 0). */
  missing: number;
  parkedDuringRun: number;
  parkedWithoutException: number;
  stuck: number;
  faultsHit: number;
  passes: number;
  seconds: number;
}

interface Row {
  kind: string;
  status: string;
  erp_id: string | null;
  id: string;
}

async function rowsOf(mesh: Mesh, connectionId: string): Promise<Row[]> {
  const db = await mesh.db();
  const rows = await db
    .prepare("SELECT id, kind, status, erp_id FROM erp_outbox WHERE connection_id = ?")
    .bind(connectionId)
    .all<Row>();
  return rows.results;
}

async function drain(mesh: Mesh, connectionId: string, deadline: number): Promise<number> {
  let passes = 0;
  const db = await mesh.db();
  while (Date.now() < deadline) {
    const pass = await mesh.erpPass();
    passes++;
    if (pass.claimed > 0) continue;
    const rows = await rowsOf(mesh, connectionId);
    if (!rows.some((r) => r.status === "pending" || r.status === "in_flight")) return passes;
    // Nothing due yet: let the (short) backoff pass instead of waiting it out.
    await db
      .prepare("UPDATE erp_outbox SET next_attempt_at = 0 WHERE connection_id = ? AND status = 'pending'")
      .bind(connectionId)
      .run();
  }
  return passes;
}

export async function runChaos(mesh: Mesh, options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const system = SANDBOX_SYSTEMS[options.erp];
  await mesh.sandbox(`/_sandbox/${system.path}/reset`, { method: "POST" });
  const connection = await mesh.connectErp(options.erp, { isDefault: false });
  const secret = `chaos-secret-${options.erp}-0123456789`;
  const shop = `chaos-${options.erp.replaceAll("_", "-")}.myshopify.com`;
  const store = await mesh.onboardStore(shop, secret, connection.id);
  const base = 9_000_000 + Math.floor(Math.random() * 1_000_000) * 1000;
  for (let n = 0; n < options.orders; n++) {
    const delivery = shopifyDelivery({ secret, shopDomain: shop, orderId: base + n });
    // Shopify delivers at least once: every order arrives twice.
    for (let copy = 0; copy < 2; copy++) {
      const res = await mesh.webhook(store.id, delivery);
      if (res.status !== 200) throw new Error(`webhook ${n}: ${res.status}`);
    }
  }
  const db = await mesh.db();
  const orderCount = async () =>
    (
      await db
        .prepare("SELECT COUNT(*) AS n FROM orders WHERE store_id = ?")
        .bind(store.id)
        .first<{ n: number }>()
    )?.n ?? 0;
  while ((await orderCount()) < options.orders && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));

  await mesh.sandbox(`/_sandbox/${system.path}/faults`, {
    method: "POST",
    body: JSON.stringify({
      mode: "mixed",
      probability: options.probability,
      retryAfterSeconds: 1,
      delayMs: 3_000,
    }),
  });
  let passes = await drain(mesh, connection.id, deadline);
  const statsBefore = (await (await mesh.sandbox(`/_sandbox/${system.path}/stats`)).json()) as {
    refused: { fault: number };
  };
  await mesh.sandbox(`/_sandbox/${system.path}/faults`, {
    method: "POST",
    body: JSON.stringify({ mode: "clear" }),
  });

  const afterRun = await rowsOf(mesh, connection.id);
  const parked = afterRun.filter((r) => r.status === "parked");
  const exceptions = await db
    .prepare("SELECT id, payload FROM exceptions WHERE kind = 'erp' AND status = ?")
    .bind("open")
    .all<{ id: string; payload: string }>();
  const exceptionFor = new Map(
    exceptions.results.map((e) => [(JSON.parse(e.payload) as { outboxId: string }).outboxId, e.id]),
  );
  const parkedWithoutException = parked.filter((r) => !exceptionFor.has(r.id)).length;
  // What a person does with parked ERP pushes once the ERP is healthy again: replay them.
  for (const row of parked) {
    const exceptionId = exceptionFor.get(row.id);
    if (exceptionId) await mesh.core(`/v1/exceptions/${exceptionId}/replay`, { method: "POST" });
  }
  passes += await drain(mesh, connection.id, deadline);

  const rows = await rowsOf(mesh, connection.id);
  const salesOrders = rows.filter((r) => r.kind === "sales_order");
  const records = (
    (await (await mesh.sandbox(`/_sandbox/${system.path}/records`)).json()) as {
      records: { recordType: string; id: string }[];
    }
  ).records.filter((r) => r.recordType === system.salesOrderType);
  const recordIds = new Set(records.map((r) => String(r.id)));
  return {
    erp: options.erp,
    orders: options.orders,
    ordersInCore: await orderCount(),
    salesOrderRecords: records.length,
    // One record per order: anything beyond that is a duplicate the ERP now holds.
    duplicates: Math.max(0, records.length - salesOrders.length),
    missing:
      salesOrders.filter((r) => r.status !== "done" || !r.erp_id || !recordIds.has(r.erp_id)).length +
      Math.max(0, options.orders - salesOrders.length),
    parkedDuringRun: parked.length,
    parkedWithoutException,
    stuck: rows.filter((r) => r.status !== "done").length,
    faultsHit: statsBefore.refused.fault,
    passes,
    seconds: Math.round((Date.now() - started) / 1000),
  };
}
