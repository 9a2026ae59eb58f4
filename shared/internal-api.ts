import type { ErpConnection, ErpDocKind, ErpDocument, ErpErrorClass, ErpRefs } from "./erp";

/**
 * The RPC surface core exposes to the other workers through a service binding
 * (`entrypoint = "MeshInternal"`). Core is the only worker that touches D1; connectors and
 * erp-sync go through these calls. Every method is idempotent or says how it is not.
 */
export interface MeshInternalApi {
  /** Decrypted webhook credentials of a store, or null if there is no such store. */
  getStoreCredentials(storeId: string): Promise<StoreCredentials | null>;
  /** Records a message that cannot be processed as an exception a person can read and replay. */
  parkException(input: ParkRequest): Promise<{ id: string }>;
  /**
   * Leases up to `limit` due outbox rows of one connection (pending, or in flight with an expired
   * lease) whose dependencies are all done.
   */
  claimOutbox(input: { limit: number; leaseMs: number; connectionId: string }): Promise<OutboxClaim[]>;
  /** Marks a pushed row done and writes the ERP id back. Ignored if the lease was lost. */
  completeOutbox(input: OutboxSuccess): Promise<void>;
  /** Schedules a retry (retryAt set) or parks the row (retryAt null) with the ERP's own error. */
  failOutbox(input: OutboxFailure): Promise<void>;
  /** Sales orders written to a connection whose fulfilment is not final yet, for status read-back. */
  listErpOrdersForReadBack(input: { connectionId: string; limit: number }): Promise<ErpOrderRef[]>;
  /** The active ERP connections, with the revision erp-sync caches each one under. */
  listErpConnections(): Promise<{ id: string; kind: string; revision: number }[]>;
  /** A connection with decrypted credentials and resolved mappings, or null if there is none. */
  getErpConnection(id: string): Promise<ErpConnection | null>;
  /**
   * The newest inventory command the SKU's ledger has issued for a store's listing (its sequence
   * and quantity), or null if it never issued one. Connectors drop a command older than this.
   */
  getListingState(input: { storeId: string; sku: string }): Promise<ListingState | null>;
  /** Logs what a connector did with an inventory command on the SKU's trace; a replay logs nothing new. */
  recordChannelPush(input: ChannelPushReport): Promise<void>;
}

export interface ListingState {
  sequence: number;
  quantity: number;
}

export interface ChannelPushReport {
  commandId: string;
  storeId: string;
  sku: string;
  sequence: number;
  correlationId: string;
  /** `pushed`: the channel holds the quantity; `superseded`: a newer command was issued; `failed`: parked. */
  outcome: "pushed" | "superseded" | "failed";
  quantity: number;
  /** What the channel showed before the write (the compare-and-set base), when known. */
  previousQuantity: number | null;
  detail: string | null;
  at: string;
}

export interface ErpOrderRef {
  docKey: string;
  erpId: string;
}

export interface StoreCredentials {
  storeId: string;
  channel: string;
  /** Shopify: `example.myshopify.com`. */
  shopDomain: string;
  webhookSecret: string;
  /** The Admin API access token for outbound calls (inventory pushes), or null if none was given. */
  adminAccessToken: string | null;
  /** Where the Admin API answers when not at the channel's own address (a local stand-in); null otherwise. */
  adminApiBaseUrl: string | null;
  /**
   * The secret before the last rotation while it is still honoured: Shopify can take up to an hour
   * to sign with a new client secret, so both verify during that window. Null otherwise.
   */
  previousWebhookSecret: string | null;
  status: "active" | "disabled";
}

export type ExceptionKind = "validation" | "mapping" | "dead_letter" | "processing" | "erp" | "inventory";

export interface ParkRequest {
  kind: ExceptionKind;
  source: string;
  reason: string;
  detail?: string | null;
  storeId?: string | null;
  correlationId?: string | null;
  /** Where the original payload can be read again (an R2 key of the raw archive). */
  payloadRef?: string | null;
  /** The message itself when small enough, for replay. */
  payload?: string | null;
}

/**
 * One leased outbox row: a document to write into the ERP of `connectionId`. Rows are released only
 * when every document they depend on is done, and `refs` carries those documents' ERP ids.
 */
export interface OutboxClaim {
  id: string;
  connectionId: string;
  kind: ErpDocKind;
  /** The document's natural key (shared/erp/documents.ts): adapters derive ERP idempotency keys from it. */
  docKey: string;
  /** The order the document belongs to, if any (journal entries and adjustments have none). */
  orderId: string | null;
  /** Version of the document this claim carries; completing an older version leaves the row pending. */
  version: number;
  attempts: number;
  leaseToken: string;
  correlationId: string;
  document: ErpDocument;
  refs: ErpRefs;
  /** The ERP id from an earlier successful push of this row (an update), else null. */
  erpId: string | null;
}

export interface OutboxSuccess {
  id: string;
  leaseToken: string;
  version: number;
  erpSystem: string;
  erpId: string;
  erpNumber: string | null;
  durationMs: number;
}

export interface OutboxFailure {
  id: string;
  leaseToken: string;
  version: number;
  errorClass: ErpErrorClass;
  httpStatus: number | null;
  message: string;
  /** The ERP's own error detail (NetSuite: the `o:errorDetails` entries), verbatim. */
  detail: string | null;
  /** When to try again (epoch ms), or null to park the row as an exception. */
  retryAt: number | null;
}

export type { ErpErrorClass };
