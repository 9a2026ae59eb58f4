import { createLogger, errorFields } from "../../../../shared/log";
import { EMPTY_POLICY, type InventoryPolicy, loadPolicy } from "./policy";

const log = createLogger("core");

/** How long a ledger trusts a policy it read; changes through the API make it read again at once. */
const POLICY_TTL_MS = 5_000;

/**
 * A ledger's copy of its SKU's policy (D1). Reservations must not stop when D1 is briefly
 * unreachable: the last policy read (or none) serves until D1 answers again.
 */
export class PolicyCache {
  private cached: { policy: InventoryPolicy; at: number } | null = null;
  private loading: Promise<InventoryPolicy> | null = null;
  /** Bumped by `forget`: a read that began before it must not become the cached policy. */
  private generation = 0;

  constructor(
    private readonly env: CoreEnv,
    private readonly sku: string,
  ) {}

  /** The next read goes to D1. */
  forget(): void {
    this.cached = null;
    this.loading = null;
    this.generation += 1;
  }

  /**
   * A fresh read that fails when D1 does: the alarm and a policy change must not act on a policy they
   * could not read (with none, every listing would look unlisted and the pending push be dropped).
   */
  async refresh(): Promise<InventoryPolicy> {
    this.forget();
    const generation = this.generation;
    const policy = await loadPolicy(this.env.DB, this.sku);
    if (generation === this.generation) this.cached = { policy, at: Date.now() };
    return policy;
  }

  /**
   * For the alarm: the cached policy while it is fresh (a policy change through the API forgets it,
   * so fresh means current), otherwise a read that fails when D1 does.
   */
  async current(): Promise<InventoryPolicy> {
    if (this.cached && Date.now() - this.cached.at < POLICY_TTL_MS) return this.cached.policy;
    return this.refresh();
  }

  /** The policy for the reservation path: cached for a few seconds, and never failing. */
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
      const policy = await loadPolicy(this.env.DB, this.sku);
      if (generation === this.generation) this.cached = { policy, at: now };
      return policy;
    } catch (err) {
      log.warn("inventory policy unreadable, using the cached one", { sku: this.sku, ...errorFields(err) });
      return this.cached?.policy ?? EMPTY_POLICY;
    } finally {
      if (generation === this.generation) this.loading = null;
    }
  }
}
