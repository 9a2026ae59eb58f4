import type { StoreCredentials } from "../internal-api";

interface Entry {
  value: Promise<StoreCredentials | null>;
  expiresAt: number;
}

export interface StoreCacheOptions {
  /** How long a found store is trusted before core is asked again. */
  ttlMs: number;
  /** Shorter, so a store onboarded a moment after a miss starts receiving soon. */
  missTtlMs: number;
  now?: () => number;
}

export interface StoreCache {
  get(
    storeId: string,
    load: (storeId: string) => Promise<StoreCredentials | null>,
  ): Promise<StoreCredentials | null>;
}

/**
 * Isolate-memory cache of store credentials, so the webhook hot path does not call core for every
 * delivery. Concurrent lookups of one store share a single call; failures are never cached.
 */
export function createStoreCache(options: StoreCacheOptions): StoreCache {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  return {
    get(storeId, load) {
      const hit = entries.get(storeId);
      if (hit && hit.expiresAt > now()) return hit.value;
      const value = load(storeId);
      const entry: Entry = { value, expiresAt: now() + options.ttlMs };
      entries.set(storeId, entry);
      value.then(
        (store) => {
          if (store === null) entry.expiresAt = Math.min(entry.expiresAt, now() + options.missTtlMs);
        },
        () => {
          if (entries.get(storeId) === entry) entries.delete(storeId);
        },
      );
      return value;
    },
  };
}
