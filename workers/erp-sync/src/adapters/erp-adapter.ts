import type { ErpErrorClass, OutboxClaim } from "../../../../shared/internal-api";

/**
 * What erp-sync needs from an ERP: push one claimed outbox row and say what happened. Adapters never
 * throw for ERP or network trouble; they classify it so the sync pass can decide retry or park.
 * Pushing the same claim twice must never create a second record in the ERP (adapters upsert on a key
 * derived from the order's natural key).
 */
export interface ErpAdapter {
  /** Name written back with the ERP id (`OutboxSuccess.erpSystem`), e.g. "netsuite". */
  readonly system: string;
  push(claim: OutboxClaim): Promise<PushResult>;
}

export type PushResult = PushSuccess | PushFailure;

export interface PushSuccess {
  ok: true;
  /** The ERP's own id of the record it holds for this order (NetSuite: the internal id). */
  erpId: string;
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

/** `fetch` as adapters use it: injectable so tests can route to the sandbox in-process. */
export type FetchLike = (request: Request) => Promise<Response>;
