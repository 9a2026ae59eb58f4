import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * The mesh's D1 schema. Times are epoch milliseconds; money is integer minor units beside an
 * ISO 4217 currency column. No ON DELETE CASCADE anywhere: drizzle-kit rebuilds SQLite tables on
 * some changes and D1 enforces foreign keys during the rebuild (see docs/operations.md).
 */
const timestamps = {
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
};

export const stores = sqliteTable(
  "stores",
  {
    id: text("id").primaryKey(),
    channel: text("channel").notNull(),
    name: text("name").notNull(),
    shopDomain: text("shop_domain").notNull(),
    /** AES-GCM sealed webhook secret (shared/crypto/secret-box.ts); never returned by the API. */
    webhookSecretSealed: text("webhook_secret_sealed").notNull(),
    /** The secret before the last rotation, still accepted until `previousSecretExpiresAt`. */
    previousWebhookSecretSealed: text("previous_webhook_secret_sealed"),
    previousSecretExpiresAt: integer("previous_secret_expires_at"),
    status: text("status", { enum: ["active", "disabled"] }).notNull(),
    /** The ERP connection this store's documents go to; null for the default connection. */
    erpConnectionId: text("erp_connection_id"),
    /** AES-GCM sealed Admin API access token for outbound calls (inventory pushes); null if not given. */
    adminAccessTokenSealed: text("admin_access_token_sealed"),
    /**
     * Where the store's Admin API is reached; null for the channel's own address (`https://<shop>`). Set
     * for a local stand-in (the sandbox), like an ERP connection's base URL.
     */
    adminApiBaseUrl: text("admin_api_base_url"),
    ...timestamps,
  },
  (t) => [uniqueIndex("stores_channel_domain").on(t.channel, t.shopDomain)],
);

export const orders = sqliteTable(
  "orders",
  {
    id: text("id").primaryKey(),
    channel: text("channel").notNull(),
    storeId: text("store_id").notNull(),
    externalId: text("external_id").notNull(),
    orderNumber: text("order_number").notNull(),
    status: text("status").notNull(),
    financialStatus: text("financial_status").notNull(),
    currency: text("currency").notNull(),
    totalAmount: integer("total_amount").notNull(),
    /** First correlation id that created the order; later deliveries carry their own in events. */
    correlationId: text("correlation_id").notNull(),
    /** Increments on every accepted change; the ERP outbox pushes the latest version. */
    version: integer("version").notNull(),
    placedAt: integer("placed_at").notNull(),
    sourceUpdatedAt: integer("source_updated_at").notNull(),
    /** The canonical Order (shared/canonical/order.ts) as JSON: the exact record the ERP receives. */
    snapshot: text("snapshot").notNull(),
    reservationState: text("reservation_state").notNull(),
    erpStatus: text("erp_status").notNull(),
    erpId: text("erp_id"),
    erpSyncedAt: integer("erp_synced_at"),
    /** Fulfilment status as last read back from the ERP (open, partially_fulfilled, fulfilled, ...). */
    erpFulfillmentStatus: text("erp_fulfillment_status"),
    erpObservedAt: integer("erp_observed_at"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("orders_natural_key").on(t.channel, t.storeId, t.externalId),
    index("orders_status").on(t.status),
    index("orders_store_created").on(t.storeId, t.createdAt),
  ],
);

export const orderLines = sqliteTable(
  "order_lines",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    externalLineId: text("external_line_id").notNull(),
    position: integer("position").notNull(),
    sku: text("sku"),
    title: text("title").notNull(),
    quantity: integer("quantity").notNull(),
    currency: text("currency").notNull(),
    unitPrice: integer("unit_price").notNull(),
    discountTotal: integer("discount_total").notNull(),
    taxTotal: integer("tax_total").notNull(),
    /** The ledger's state of the line (inventory/ledger-types.ts), or not_tracked (no SKU, no shipping). */
    reservationStatus: text("reservation_status").notNull(),
    reservedQuantity: integer("reserved_quantity").notNull(),
    /** The SKU ledger's revision of this line's state: an older state never overwrites a newer one. */
    reservationRev: integer("reservation_rev").notNull().default(0),
    ...timestamps,
  },
  (t) => [uniqueIndex("order_lines_key").on(t.orderId, t.externalLineId), index("order_lines_sku").on(t.sku)],
);

/** Business event log: every step of an order's journey, keyed by correlation id for traces. */
export const events = sqliteTable(
  "events",
  {
    id: text("id").primaryKey(),
    /** Idempotency key of the step (e.g. `<canonical event id>:order.upserted`); a replay writes nothing new. */
    eventKey: text("event_key").notNull(),
    correlationId: text("correlation_id").notNull(),
    orderId: text("order_id"),
    storeId: text("store_id"),
    type: text("type").notNull(),
    source: text("source").notNull(),
    occurredAt: integer("occurred_at").notNull(),
    recordedAt: integer("recorded_at").notNull(),
    data: text("data").notNull(),
  },
  (t) => [
    uniqueIndex("events_key").on(t.eventKey),
    index("events_correlation").on(t.correlationId, t.occurredAt),
    index("events_order").on(t.orderId, t.occurredAt),
  ],
);

/**
 * The ERP outbox: one row per document per ERP connection (shared/erp/documents.ts), holding the
 * document as it must be written. A row is released to erp-sync only when every document it depends
 * on (`depends_on`, natural keys) is done in the same connection. `connection_id` is '' while no ERP
 * connection exists: such rows wait, and are stamped when a default connection is set.
 */
export const erpOutbox = sqliteTable(
  "erp_outbox",
  {
    id: text("id").primaryKey(),
    connectionId: text("connection_id").notNull(),
    kind: text("kind").notNull(),
    /** The document's natural key (`sales_order:shopify:sto_1:450789469`). */
    docKey: text("doc_key").notNull(),
    orderId: text("order_id").references(() => orders.id),
    /** JSON array of the natural keys this document waits for. */
    dependsOn: text("depends_on").notNull(),
    /** The ErpDocument as JSON: exactly what the adapter receives. */
    document: text("document").notNull(),
    /** Version of the document this row must deliver; bumped when the document changes. */
    version: integer("version").notNull(),
    pushedVersion: integer("pushed_version"),
    /** pending | in_flight | done | parked */
    status: text("status").notNull(),
    attempts: integer("attempts").notNull(),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    leaseToken: text("lease_token"),
    leaseUntil: integer("lease_until"),
    correlationId: text("correlation_id").notNull(),
    erpSystem: text("erp_system"),
    erpId: text("erp_id"),
    erpNumber: text("erp_number"),
    lastErrorClass: text("last_error_class"),
    lastError: text("last_error"),
    lastHttpStatus: integer("last_http_status"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("erp_outbox_doc").on(t.connectionId, t.docKey),
    index("erp_outbox_due").on(t.status, t.nextAttemptAt),
    index("erp_outbox_order").on(t.orderId),
  ],
);

/**
 * ERP connections: which ERP, where, with which credentials and limits (shared/erp/connection.ts).
 * Credentials are one AES-GCM sealed JSON object bound to the connection id; never returned by the API.
 */
export const erpConnections = sqliteTable(
  "erp_connections",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    settings: text("settings").notNull(),
    credentialsSealed: text("credentials_sealed").notNull(),
    limits: text("limits").notNull(),
    /** 1 for the one connection stores without their own go to; a partial unique index keeps it one. */
    isDefault: integer("is_default").notNull(),
    status: text("status", { enum: ["active", "disabled"] }).notNull(),
    /** Bumped on every change (settings, credentials, mappings): erp-sync's caches key on it. */
    revision: integer("revision").notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex("erp_connections_default").on(t.isDefault).where(sql`is_default = 1`)],
);

/** Per-connection mappings (shared/erp/mappings.ts), one row per entry, validated on write. */
export const erpMappings = sqliteTable(
  "erp_mappings",
  {
    connectionId: text("connection_id")
      .notNull()
      .references(() => erpConnections.id),
    kind: text("kind").notNull(),
    key: text("key").notNull(),
    /** The target as JSON (a string, or an object for locations). */
    target: text("target").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("erp_mappings_key").on(t.connectionId, t.kind, t.key)],
);

/**
 * ERP on-hand as last read back, per connection, item and ERP warehouse. Inventory reconciliation
 * compares the per-SKU ledger with these rows; a changed level is logged as `inventory.erp_changed`.
 */
export const erpStock = sqliteTable(
  "erp_stock",
  {
    connectionId: text("connection_id").notNull(),
    sku: text("sku").notNull(),
    erpLocation: text("erp_location").notNull(),
    locationId: text("location_id"),
    onHand: integer("on_hand").notNull(),
    observedAt: integer("observed_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("erp_stock_key").on(t.connectionId, t.sku, t.erpLocation),
    index("erp_stock_sku").on(t.sku),
  ],
);

/**
 * Canonical shipments, returns and refunds (shared/canonical), each upserted on its natural key and
 * guarded by its own version so late or repeated events converge.
 */
const orderDocument = {
  id: text("id").primaryKey(),
  orderId: text("order_id")
    .notNull()
    .references(() => orders.id),
  channel: text("channel").notNull(),
  storeId: text("store_id").notNull(),
  externalId: text("external_id").notNull(),
  status: text("status").notNull(),
  /** The source's last-modified time (ms): an older event never overwrites a newer one. */
  version: integer("version").notNull(),
  snapshot: text("snapshot").notNull(),
  correlationId: text("correlation_id").notNull(),
  ...timestamps,
};

export const shipments = sqliteTable("shipments", orderDocument, (t) => [
  uniqueIndex("shipments_key").on(t.orderId, t.externalId),
]);
export const returns = sqliteTable("returns", orderDocument, (t) => [
  uniqueIndex("returns_key").on(t.orderId, t.externalId),
]);
export const refunds = sqliteTable("refunds", orderDocument, (t) => [
  uniqueIndex("refunds_key").on(t.orderId, t.externalId),
]);

/** Cross-system id map: which record an outside system holds for one of ours. */
export const idMap = sqliteTable(
  "id_map",
  {
    entity: text("entity").notNull(),
    meshId: text("mesh_id").notNull(),
    system: text("system").notNull(),
    externalKind: text("external_kind").notNull(),
    externalId: text("external_id").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("id_map_external").on(t.system, t.externalKind, t.externalId),
    index("id_map_mesh").on(t.entity, t.meshId),
  ],
);

/** Parked work a person can read and replay: mapping failures, dead letters, ERP business errors. */
export const exceptions = sqliteTable(
  "exceptions",
  {
    id: text("id").primaryKey(),
    /** Same failure reported twice (a redelivered dead letter) counts up instead of duplicating. */
    dedupeKey: text("dedupe_key").notNull(),
    kind: text("kind").notNull(),
    source: text("source").notNull(),
    reason: text("reason").notNull(),
    detail: text("detail"),
    storeId: text("store_id"),
    orderId: text("order_id"),
    correlationId: text("correlation_id"),
    payloadRef: text("payload_ref"),
    payload: text("payload"),
    status: text("status").notNull(),
    occurrences: integer("occurrences").notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("exceptions_dedupe").on(t.dedupeKey),
    index("exceptions_status").on(t.status, t.createdAt),
    index("exceptions_correlation").on(t.correlationId),
  ],
);

/** API keys: only a SHA-256 hash is stored; the key is shown once at creation. */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    hash: text("hash").notNull(),
    scopes: text("scopes").notNull(),
    createdAt: integer("created_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash").on(t.hash)],
);

export const nowMs = sql`(unixepoch('subsec') * 1000)`;

/**
 * First answers to API writes sent with an `Idempotency-Key`, per calling key. A retry with the same
 * key and the same request gets the stored answer; `in_flight` marks a request still running.
 */
export const apiIdempotency = sqliteTable(
  "api_idempotency",
  {
    id: text("id").primaryKey(),
    /** `api_keys.id`, or `admin` for the ADMIN_API_KEY secret: keys are scoped to their caller. */
    principalId: text("principal_id").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    /** SHA-256 of method, path and body: the same key with another request is refused. */
    requestHash: text("request_hash").notNull(),
    status: text("status", { enum: ["in_flight", "done"] }).notNull(),
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    /** JSON object of the replayable headers (content-type, location). */
    responseHeaders: text("response_headers"),
    createdAt: integer("created_at").notNull(),
    /** After this the key may be used again for a new request. */
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [
    uniqueIndex("api_idempotency_key").on(t.principalId, t.idempotencyKey),
    index("api_idempotency_expires").on(t.expiresAt),
  ],
);

/**
 * Which stores list a SKU, and where the channel shows its stock: the ledger sends each listing an
 * `inventory.set` command when the store's available-to-promise moves. One listing per store and SKU.
 */
export const inventoryListings = sqliteTable(
  "inventory_listings",
  {
    storeId: text("store_id").notNull(),
    sku: text("sku").notNull(),
    channel: text("channel").notNull(),
    externalItemId: text("external_item_id").notNull(),
    externalLocationId: text("external_location_id").notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("inventory_listings_key").on(t.storeId, t.sku),
    index("inventory_listings_sku").on(t.sku),
  ],
);

/** A store's share of a location's free stock (`location_id` "*" = every location); see inventory/policy.ts. */
export const allocationRules = sqliteTable(
  "allocation_rules",
  {
    storeId: text("store_id").notNull(),
    locationId: text("location_id").notNull(),
    mode: text("mode", { enum: ["share", "exclusive"] }).notNull(),
    percent: integer("percent"),
    cap: integer("cap"),
    ...timestamps,
  },
  (t) => [uniqueIndex("allocation_rules_key").on(t.storeId, t.locationId)],
);

/** Units held back from every channel per location ("*" = all) and SKU ("*" = every SKU). */
export const safetyStock = sqliteTable(
  "safety_stock",
  {
    locationId: text("location_id").notNull(),
    sku: text("sku").notNull(),
    quantity: integer("quantity").notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex("safety_stock_key").on(t.locationId, t.sku)],
);

/** Per store ("*" = the default): what happens to a short line, and how long an unpaid order is held. */
export const inventorySettings = sqliteTable("inventory_settings", {
  storeId: text("store_id").primaryKey(),
  backorderPolicy: text("backorder_policy", { enum: ["reserve_on_arrival", "manual"] }).notNull(),
  holdMinutes: integer("hold_minutes").notNull(),
  ...timestamps,
});

/** One comparison of the ledgers with one ERP reading (a read-back, or a run asked for through the API). */
export const reconciliationRuns = sqliteTable(
  "reconciliation_runs",
  {
    id: text("id").primaryKey(),
    connectionId: text("connection_id").notNull(),
    trigger: text("trigger").notNull(),
    correlationId: text("correlation_id").notNull(),
    observedAt: integer("observed_at").notNull(),
    checked: integer("checked").notNull(),
    matched: integer("matched").notNull(),
    corrected: integer("corrected").notNull(),
    moving: integer("moving").notNull(),
    unmapped: integer("unmapped").notNull(),
    ...timestamps,
  },
  (t) => [index("reconciliation_runs_created").on(t.createdAt)],
);

/** Every location a run found out of step (and why it was or was not corrected). */
export const reconciliationLines = sqliteTable(
  "reconciliation_lines",
  {
    runId: text("run_id").notNull(),
    sku: text("sku").notNull(),
    erpLocation: text("erp_location").notNull(),
    locationId: text("location_id"),
    erpOnHand: integer("erp_on_hand").notNull(),
    inFlight: integer("in_flight").notNull(),
    ledgerBefore: integer("ledger_before"),
    ledgerAfter: integer("ledger_after"),
    drift: integer("drift").notNull(),
    outcome: text("outcome").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("reconciliation_lines_key").on(t.runId, t.sku, t.erpLocation),
    index("reconciliation_lines_sku").on(t.sku),
  ],
);
