import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type {
  Fulfillment,
  MeshEvent,
  Order,
  Refund,
  RefundTransaction,
  Return,
} from "../../shared/canonical";
import type { ErpKind } from "../../shared/erp";
import worker from "../../workers/core/src/index";
import { canonicalOrder, orderEvent } from "../support/canonical-order";
import { TEST_CREDENTIALS } from "../support/netsuite-credentials";
import { postJson } from "./api-helpers";

/** Valid settings and credentials for every ERP kind (the values the sandboxes use). */
export const CONFIGS: Record<
  ErpKind,
  { settings: Record<string, unknown>; credentials: Record<string, unknown> }
> = {
  netsuite: {
    settings: { accountId: "1234567_SB1", baseUrl: null, advancedShipping: true, subsidiaryId: "1" },
    credentials: { auth: "tba", ...TEST_CREDENTIALS },
  },
  business_central: {
    settings: {
      tenantId: "7e9a4c5b-1f23-4d7e-9a51-3c2b8f6d0e11",
      environment: "sandbox",
      companyId: "2f5d9c1a-6b7e-4a3d-8c2f-9e1b0a7d4c55",
      apiBaseUrl: "https://api.businesscentral.dynamics.com/",
      authorityUrl: "https://login.microsoftonline.com",
    },
    credentials: { clientId: "0f6c3b1e-8a2d-4e5f-9b7c-1d2e3f4a5b6c", clientSecret: "bc-test-client-secret" },
  },
  sap_s4hana: {
    settings: {
      baseUrl: "https://my123456-api.s4hana.cloud.sap",
      sapClient: "100",
      salesOrderType: "OR",
      returnOrderType: "CBAR",
      salesOrganization: "1710",
      distributionChannel: "10",
      organizationDivision: "00",
    },
    credentials: { username: "MESH_COMM_USER", password: "sap-test-password" },
  },
  oracle_fusion: {
    settings: {
      baseUrl: "https://fa-abcd-saasfaprod1.fa.ocs.oraclecloud.com",
      sourceTransactionSystem: "MESH",
      businessUnitName: "US1 Business Unit",
    },
    credentials: { username: "mesh.integration", password: "oracle-test-password" },
  },
  tryton: {
    settings: { baseUrl: "http://127.0.0.1:8000", database: "mesh" },
    credentials: { login: "admin", password: "tryton-test-password" },
  },
};

export interface ConnectionBody {
  id: string;
  name: string;
  kind: ErpKind;
  settings: Record<string, unknown>;
  credentialFields: string[];
  limits: { concurrency: number; windowLimit: number | null; windowMs: number | null };
  isDefault: boolean;
  status: "active" | "disabled";
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/** Creates a connection through the API (admin key) and returns what the API answered. */
export async function createConnection(
  options: { kind?: ErpKind; name?: string; isDefault?: boolean } = {},
): Promise<ConnectionBody> {
  const kind = options.kind ?? "netsuite";
  const res = await postJson("/v1/erp-connections", {
    name: options.name ?? `${kind} ${crypto.randomUUID().slice(0, 8)}`,
    kind,
    ...CONFIGS[kind],
    isDefault: options.isDefault ?? false,
  });
  if (res.status !== 201) throw new Error(`connection not created: ${res.status} ${await res.text()}`);
  return (await res.json()) as ConnectionBody;
}

/** Onboards a Shopify store through the API, bound to `erpConnectionId` (null: the default). */
export async function createStore(erpConnectionId: string | null): Promise<string> {
  const shop = `shop-${crypto.randomUUID().slice(0, 8)}`;
  const res = await postJson("/v1/stores", {
    channel: "shopify",
    name: shop,
    shopDomain: `${shop}.myshopify.com`,
    webhookSecret: "shpss_0123456789abcdef0123456789",
    erpConnectionId,
  });
  if (res.status !== 201) throw new Error(`store not created: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** A connection of its own and a store bound to it: claims of one test never see another's rows. */
export async function isolatedStore(
  kind: ErpKind = "netsuite",
): Promise<{ connectionId: string; storeId: string }> {
  const connection = await createConnection({ kind });
  return { connectionId: connection.id, storeId: await createStore(connection.id) };
}

/** Delivers canonical events to core's queue consumer in one batch and returns what it decided. */
export async function deliver(bodies: unknown[], attempts = 1) {
  const batch = createMessageBatch(
    "mesh-events",
    bodies.map((body, i) => ({
      id: `msg-${crypto.randomUUID()}-${i}`,
      timestamp: new Date(),
      attempts,
      body,
    })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

/** An order without stock-tracked lines (no ledger involved), with overrides. */
export function plainOrder(overrides: Partial<Order> = {}): Order {
  const base = canonicalOrder();
  return canonicalOrder({
    lines: base.lines.map((l) => ({ ...l, sku: null })),
    ...overrides,
  });
}

export async function deliverOrder(order: Order, type: "order.created" | "order.updated" = "order.created") {
  return deliver([orderEvent(type, order)]);
}

let sequence = 0;
function envelope(order: Order, occurredAt: string) {
  sequence += 1;
  return {
    id: `test-doc:${order.storeId}:${order.externalId}:${sequence}`,
    source: "shopify",
    storeId: order.storeId,
    correlationId: `corrdoc${String(sequence).padStart(25, "0")}`,
    occurredAt,
    receivedAt: new Date().toISOString(),
    schemaVersion: 1 as const,
    intake: null,
  };
}

export function fulfillment(order: Order, overrides: Partial<Fulfillment> = {}): Fulfillment {
  return {
    channel: order.channel,
    storeId: order.storeId,
    orderExternalId: order.externalId,
    externalId: "255858046",
    status: "shipped",
    locationId: "loc_main",
    lines: [{ externalLineId: order.lines[0]?.externalLineId ?? "L1", sku: null, quantity: 1 }],
    packages: [{ carrier: "UPS", service: "Ground", trackingNumber: "1Z999", trackingUrl: null }],
    shippedAt: "2026-11-21T09:00:00-05:00",
    sourceUpdatedAt: "2026-11-21T09:00:00-05:00",
    ...overrides,
  };
}

export function fulfillmentEvent(order: Order, data: Fulfillment): MeshEvent {
  return { ...envelope(order, data.sourceUpdatedAt), type: "fulfillment.upserted", data };
}

export function returnOf(order: Order, overrides: Partial<Return> = {}): Return {
  return {
    channel: order.channel,
    storeId: order.storeId,
    orderExternalId: order.externalId,
    externalId: "ret-1",
    rmaNumber: "RMA-1",
    status: "authorized",
    locationId: "loc_main",
    lines: [
      {
        externalLineId: order.lines[1]?.externalLineId ?? "L2",
        sku: null,
        quantity: 1,
        reason: "too small",
        receivedQuantity: 0,
        disposition: null,
      },
    ],
    authorizedAt: "2026-11-22T09:00:00-05:00",
    receivedAt: null,
    sourceUpdatedAt: "2026-11-22T09:00:00-05:00",
    ...overrides,
  };
}

export function returnEvent(order: Order, data: Return): MeshEvent {
  return { ...envelope(order, data.sourceUpdatedAt), type: "return.upserted", data };
}

const usd = (amount: number) => ({ amount, currency: "USD" });

/** A refund of one unit of the second line (19900 + 1194 tax), paid back through `transactions`. */
export function refundOf(
  order: Order,
  overrides: Partial<Refund> = {},
  transactions: RefundTransaction[] = [
    { externalId: "tx-1", gateway: "bogus", method: "visa", amount: usd(21094) },
  ],
): Refund {
  return {
    channel: order.channel,
    storeId: order.storeId,
    orderExternalId: order.externalId,
    externalId: "rf-1",
    returnExternalId: null,
    currency: "USD",
    lines: [
      {
        externalLineId: order.lines[1]?.externalLineId ?? "L2",
        sku: null,
        quantity: 1,
        amount: usd(19900),
        tax: usd(1194),
        restock: true,
      },
    ],
    shipping: usd(0),
    adjustment: usd(0),
    transactions,
    total: usd(21094),
    note: null,
    createdAt: "2026-11-23T09:00:00-05:00",
    ...overrides,
  };
}

export function refundEvent(order: Order, data: Refund): MeshEvent {
  return { ...envelope(order, data.createdAt), type: "refund.created", data };
}

export interface OutboxRow {
  id: string;
  connection_id: string;
  kind: string;
  doc_key: string;
  order_id: string | null;
  depends_on: string;
  document: string;
  version: number;
  pushed_version: number | null;
  status: string;
  attempts: number;
  next_attempt_at: number;
  lease_token: string | null;
  erp_id: string | null;
  erp_number: string | null;
  last_error_class: string | null;
}

/** Every ERP outbox row of one store's orders (joined through the order), in kind then key order. */
export async function rowsOfStore(storeId: string): Promise<OutboxRow[]> {
  const rows = await env.DB.prepare(
    `SELECT x.* FROM erp_outbox x JOIN orders o ON o.id = x.order_id WHERE o.store_id = ?
     ORDER BY x.kind, x.doc_key`,
  )
    .bind(storeId)
    .all<OutboxRow>();
  return rows.results;
}

export async function rowByKey(docKey: string): Promise<OutboxRow | null> {
  return env.DB.prepare("SELECT * FROM erp_outbox WHERE doc_key = ?").bind(docKey).first<OutboxRow>();
}

/** The API's view of one ERP outbox row (document-routes.ts). */
export interface DocumentBody {
  id: string;
  connectionId: string;
  kind: string;
  docKey: string;
  orderId: string | null;
  status: string;
  version: number;
  attempts: number;
  dependsOn: string[];
  erpId: string | null;
  erpNumber: string | null;
  lastErrorClass: string | null;
  lastError: string | null;
  nextAttemptAt: string;
  correlationId: string;
  updatedAt: string;
}
