import { z } from "zod";

/**
 * Why an ERP write failed, as every adapter reports it. The class decides retry or park (see
 * workers/erp-sync/src/retry-policy.ts) and is shown on the parked exception.
 *
 * - transient: 5xx, timeouts, network errors, a write whose outcome is unknown. Retried with backoff.
 * - rate_limited: 429 or the ERP's own throttle error. Retried after Retry-After, never sooner.
 * - auth: credentials refused or expired beyond a refresh. Retried a few times (NetSuite reports
 *   concurrency overload as INVALID_LOGIN), then parked for a person.
 * - validation: the document is malformed for this ERP or a mapping is missing. Parked at once.
 * - business: the ERP refused on a business rule (unknown item, credit limit). Parked at once.
 * - duplicate: the ERP already holds a record under our key and the adapter could not read it back.
 *   Parked at once; never retried blindly, that is how duplicates are made.
 * - closed_period: the posting date falls in a closed accounting period. Parked for finance.
 */
export const ErpErrorClass = z.enum([
  "transient",
  "rate_limited",
  "auth",
  "validation",
  "business",
  "duplicate",
  "closed_period",
]);
export type ErpErrorClass = z.infer<typeof ErpErrorClass>;

/** The classes a retry cannot fix: parked on the first failure. */
export const PARK_AT_ONCE: ReadonlySet<ErpErrorClass> = new Set([
  "validation",
  "business",
  "duplicate",
  "closed_period",
]);
