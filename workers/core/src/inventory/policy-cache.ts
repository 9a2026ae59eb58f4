import { createLogger, errorFields } from "../../../../shared/log";
import type { LedgerStore } from "./ledger-store";
import { type InventoryPolicy, loadPolicy } from "./policy";

const log = createLogger("core");

/** How long a ledger trusts a policy it read; changes through the API make it read again at once. */
const POLICY_TTL_MS = 5_000;

/** The `meta` row that keeps the last policy read from D1, so it outlives the object's memory. */
const LAST_POLICY = "policy";

/**
 * A ledger's copy of its SKU's policy (D1). Reservations and pushes must not stop when D1 is briefly
 * unreachable: the last policy read serves until D1 answers again, from memory or, after the object
 * was evicted, from the ledger's own storage. A ledger that never read one fails instead: acting on
 * no policy would skip pushes, ignore exclusive pools and apply default store settings.
 */
export class PolicyCache {
  private cached: { policy: InventoryPolicy; at: number } | null = null;
  private loading: Promise<InventoryPolicy> | null = null;
  /** Bumped by `forget`: a read that began before it must not become the cached policy. */
  private generation = 0;

  constructor(
    private readonly env: CoreEnv,
    private readonly sku: string,
    private readonly store: LedgerStore,
  ) {}

  /** The next read goes to D1 (the last policy read stays the fallback while D1 is unreachable). */
  forget(): void {
    this.cached = null;
    this.loading = null;
    this.generation += 1;
  }

  /**
   * A fresh read that fails when D1 does: a policy change must be applied as it is now, so its
   * resync is retried rather than applied to an older policy.
   */
  async refresh(): Promise<InventoryPolicy> {
    this.forget();
    return this.read(Date.now());
  }

  /**
   * For the alarm: the cached policy while it is fresh (a policy change through the API forgets it,
   * so fresh means current), otherwise a fresh read, or the last policy read while D1 is unreachable
   * (pushes keep flowing while reservations do). Fails only if no policy was ever read.
   */
  async current(): Promise<InventoryPolicy> {
    if (this.cached && Date.now() - this.cached.at < POLICY_TTL_MS) return this.cached.policy;
    try {
      return await this.refresh();
    } catch (err) {
      return this.lastKnown(err);
    }
  }

  /** The policy for the reservation path: cached for a few seconds; the last one read while D1 is down. */
  async get(): Promise<InventoryPolicy> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < POLICY_TTL_MS) return this.cached.policy;
    // One read serves every request that arrives while it is in flight (a burst on a cold ledger).
    this.loading ??= this.load(now);
    return this.loading;
  }

  private async load(now: number): Promise<InventoryPolicy> {
    const generation = this.generation;
    try {
      return await this.read(now);
    } catch (err) {
      return this.lastKnown(err);
    } finally {
      if (generation === this.generation) this.loading = null;
    }
  }

  /** Reads D1 and keeps what it read, in memory and in storage, unless `forget` came in between. */
  private async read(now: number): Promise<InventoryPolicy> {
    const generation = this.generation;
    const policy = await loadPolicy(this.env.DB, this.sku);
    if (generation === this.generation) {
      this.cached = { policy, at: now };
      this.store.setMeta(LAST_POLICY, JSON.stringify({ at: now, policy }));
    }
    return policy;
  }

  /** The last policy read (memory first, then storage); throws `err` when none ever was. */
  private lastKnown(err: unknown): InventoryPolicy {
    const stored = this.store.meta(LAST_POLICY);
    const known =
      this.cached ??
      (stored === null ? null : (JSON.parse(stored) as { at: number; policy: InventoryPolicy }));
    if (!known) {
      log.error("inventory policy unreadable and none known: the operation fails", {
        sku: this.sku,
        ...errorFields(err),
      });
      throw err;
    }
    log.warn("inventory policy unreadable, using the last one read", {
      sku: this.sku,
      readAt: new Date(known.at).toISOString(),
      ...errorFields(err),
    });
    // Kept in memory as stale: the next request asks D1 again.
    this.cached = { policy: known.policy, at: Math.min(known.at, Date.now() - POLICY_TTL_MS) };
    return known.policy;
  }
}
