/**
 * The outcome of a webhook signature check. Verifiers never throw on bad input; every way to fail
 * has a name, so the edge can log why and answer the same generic 401 for all of them.
 */
export type VerifyFailure = "missing_signature" | "bad_signature" | "stale_timestamp" | "missing_secret";

export type VerifyResult<Reason extends VerifyFailure = VerifyFailure> =
  | { ok: true }
  | { ok: false; reason: Reason };
