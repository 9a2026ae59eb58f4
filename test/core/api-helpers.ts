import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Order } from "../../shared/canonical";
import { sha256Hex } from "../../shared/crypto/hmac";
import { apiKeys, erpOutbox, events, orderLines, orders } from "../../shared/db/schema";
import { salesOrderKey } from "../../shared/erp";
import { newId } from "../../shared/ids";
import { createApiApp } from "../../workers/core/src/api/app";
import type { Scope } from "../../workers/core/src/api/scopes";
import { canonicalOrder } from "../support/canonical-order";

export const db = drizzle(env.DB);
export const ADMIN = { authorization: "Bearer test-admin-key" };

const app = createApiApp();

/** Sends one request through the API app inside workerd, with the real D1 binding. */
export function api(path: string, init: RequestInit = {}): Promise<Response> {
  return Promise.resolve(app.request(path, init, env));
}

export function postJson(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return api(path, {
    method: "POST",
    headers: { ...ADMIN, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** Creates an API key holding `scopes` (stored hashed, as production does) and returns the key. */
export async function createApiKey(scopes: Scope[], revoked = false): Promise<string> {
  const key = `mk_test_${crypto.randomUUID()}`;
  await db.insert(apiKeys).values({
    id: newId("key"),
    name: `test ${scopes.join(",")}`,
    hash: await sha256Hex(key),
    scopes: JSON.stringify(scopes),
    createdAt: 0,
    revokedAt: revoked ? 1 : null,
  });
  return key;
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

export interface SeedOrder {
  /** Creation time; ids are derived from it, so it fixes the list order. */
  at: number;
  storeId: string;
  externalId: string;
  channel?: "shopify" | "amazon";
  status?: "open" | "cancelled" | "closed";
  correlationId?: string;
  snapshot?: string;
}

/** Writes an order row (snapshot from the canonical test order) the way ingest leaves it. */
export async function seedOrder(seed: SeedOrder): Promise<string> {
  const id = newId("ord", seed.at);
  const canonical = canonicalOrder({ storeId: seed.storeId, externalId: seed.externalId });
  await db.insert(orders).values({
    id,
    channel: seed.channel ?? "shopify",
    storeId: seed.storeId,
    externalId: seed.externalId,
    orderNumber: `#${seed.externalId}`,
    status: seed.status ?? "open",
    financialStatus: "paid",
    currency: "USD",
    totalAmount: canonical.totals.total.amount,
    correlationId: seed.correlationId ?? `corr-${seed.externalId}`,
    version: 1,
    placedAt: seed.at,
    sourceUpdatedAt: seed.at,
    snapshot: seed.snapshot ?? JSON.stringify(canonical),
    reservationState: "reserved",
    erpStatus: "pending",
    createdAt: seed.at,
    updatedAt: seed.at,
  });
  return id;
}

export async function seedLines(orderId: string, at: number): Promise<void> {
  const line = (
    externalLineId: string,
    position: number,
    sku: string | null,
    status: string,
    reserved: number,
  ) => ({
    id: newId("oln", at),
    orderId,
    externalLineId,
    position,
    sku,
    title: sku ? `Item ${sku}` : "Gift wrap",
    quantity: 2,
    currency: "USD",
    unitPrice: 19900,
    discountTotal: 1000,
    taxTotal: 2388,
    reservationStatus: status,
    reservedQuantity: reserved,
    createdAt: at,
    updatedAt: at,
  });
  // Inserted out of position order: the API must sort by position.
  await db
    .insert(orderLines)
    .values([
      line("L2", 1, "SKU-RED", "short", 1),
      line("L1", 0, "SKU-GREEN", "reserved", 2),
      line("L3", 2, null, "not_tracked", 0),
    ]);
}

/** Writes the order's sales order ERP row (under `connectionId`, '' = waiting), retried once already. */
export async function seedOutbox(orderId: string, at: number, connectionId = "erp_seeded"): Promise<string> {
  const row = await db.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!row) throw new Error(`no order ${orderId}`);
  const order = JSON.parse(row.snapshot) as Order;
  const id = newId("obx", at);
  await db.insert(erpOutbox).values({
    id,
    connectionId,
    kind: "sales_order",
    docKey: salesOrderKey(order),
    orderId,
    dependsOn: "[]",
    document: JSON.stringify({ kind: "sales_order", order }),
    version: 1,
    status: "pending",
    attempts: 2,
    nextAttemptAt: at + 60_000,
    correlationId: "corr-outbox",
    lastErrorClass: "transient",
    lastError: "ERP answered 503",
    lastHttpStatus: 503,
    createdAt: at,
    updatedAt: at,
  });
  return id;
}

export interface SeedEvent {
  key: string;
  correlationId: string;
  orderId: string | null;
  type: string;
  occurredAt: number;
  recordedAt: number;
}

export async function seedEvent(e: SeedEvent): Promise<void> {
  await db.insert(events).values({
    id: `evt_${e.key}`,
    eventKey: e.key,
    correlationId: e.correlationId,
    orderId: e.orderId,
    storeId: null,
    type: e.type,
    source: "test",
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    data: JSON.stringify({ step: e.key }),
  });
}
