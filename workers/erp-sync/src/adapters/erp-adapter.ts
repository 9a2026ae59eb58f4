import type { ErpConnection, ErpErrorClass } from "../../../../shared/erp";
import type { OutboxClaim } from "../../../../shared/internal-api";

/**
 * What erp-sync needs from an ERP. One adapter per ERP kind, created per connection with its
 * decrypted credentials and mappings. Adapters never throw for ERP or network trouble; they classify
 * it (shared/erp/errors.ts) so the sync pass can decide retry or park.
 *
 * Exactly-once is each adapter's duty: pushing the same claim twice, or again after a response was
 * lost, must leave one record in the ERP. Each adapter keys writes on the document's natural key
 * (`claim.docKey`) through the ERP's own means (NetSuite external ids, Business Central's external
 * document number looked up before create, SAP's PurchaseOrderByCustomer, Oracle's source
 * transaction, Tryton's reference) and says which in its README section.
 */
export interface ErpAdapter {
  readonly system: ErpConnection["kind"];
  push(claim: OutboxClaim): Promise<PushResult>;
  /** ERP on-hand per item and warehouse, for reconciliation and read-back. */
  readOnHand(query: OnHandQuery): Promise<ReadResult<OnHandLevel[]>>;
  /** Fulfilment status of sales orders the mesh wrote, for read-back. */
  readOrderStatus(orders: readonly OrderStatusQuery[]): Promise<ReadResult<ErpOrderStatus[]>>;
}

export type PushResult = PushSuccess | PushFailure;

export interface PushSuccess {
  ok: true;
  /** The ERP's own id of the record it holds for this document (NetSuite: the internal id). */
  erpId: string;
  /** The document number people see in the ERP (BC `S-ORD101001`, SAP `0000012345`), when different. */
  erpNumber?: string | null;
}

export interface PushFailure {
  ok: false;
  errorClass: ErpErrorClass;
  /** The ERP's HTTP status; null when no response arrived (network error, timeout). */
  httpStatus: number | null;
  /** One line for people: status, the ERP's error code and text. */
  message: string;
  /** The ERP's own error detail, verbatim (NetSuite: the `o:errorDetails` JSON). */
  detail: string | null;
  /** The ERP asked us to wait this long (a `Retry-After` header). */
  retryAfterMs?: number;
}

export type ReadResult<T> = { ok: true; value: T } | PushFailure;

export interface OnHandQuery {
  /** SKUs to read; null reads every item the ERP has stock records for. */
  skus: readonly string[] | null;
}

export interface OnHandLevel {
  sku: string;
  /** The mesh location the ERP warehouse maps to; null when the connection has no mapping for it. */
  locationId: string | null;
  /** The ERP's own warehouse / location identifier. */
  erpLocation: string;
  onHand: number;
}

export interface OrderStatusQuery {
  /** `sales_order:…` natural key and the ERP id the mesh wrote it as. */
  docKey: string;
  erpId: string;
}

export interface ErpOrderStatus {
  docKey: string;
  erpId: string;
  status: "open" | "partially_fulfilled" | "fulfilled" | "cancelled" | "closed";
  /** Units shipped per SKU according to the ERP. */
  shipped: { sku: string; quantity: number }[];
}

/** `fetch` as adapters use it: governed by the connection's rate budget, injectable in tests. */
export type FetchLike = (request: Request) => Promise<Response>;

export interface AdapterDeps {
  fetch: FetchLike;
  now: () => number;
  /** Per-request bound on the whole exchange, body included. */
  timeoutMs: number;
}
