import type { ClaimResult, DeliveryLedgerBase } from "./delivery-ledger";

/**
 * A store's deliveries spread over a few ledger objects, so one busy store is not bound to a single
 * object's throughput while any one delivery id always lands on the same object.
 */
export const LEDGER_SHARDS_PER_STORE = 4;

export interface LedgerClaim {
  claim(): Promise<ClaimResult>;
  commit(token: string): Promise<{ ok: boolean }>;
  release(token: string): Promise<{ ok: boolean }>;
}

/** The ledger entry of one delivery, scoped to its store; the inbox consumer claims it per message. */
export function ledgerEntry(
  namespace: DurableObjectNamespace<DeliveryLedgerBase>,
  storeId: string,
  dedupeKey: string,
): LedgerClaim {
  const stub = namespace.getByName(`${storeId}/${fnv1a(dedupeKey) % LEDGER_SHARDS_PER_STORE}`);
  const key = `${storeId}\n${dedupeKey}`;
  return {
    claim: () => stub.claim(key),
    commit: (token) => stub.commit(key, token),
    release: (token) => stub.release(key, token),
  };
}

/** 32-bit FNV-1a: stable, fast and good enough to spread ids over a handful of shards. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
