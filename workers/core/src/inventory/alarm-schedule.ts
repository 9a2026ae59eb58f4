import { createLogger, errorFields } from "../../../../shared/log";
import type { LedgerStore } from "./ledger-store";

const log = createLogger("core");

/**
 * When a ledger's alarm fires: at the earliest of the pending push (first change plus the debounce,
 * not pushed back by later changes, so a burst makes one push and latency stays bounded), line states
 * D1 has not been told, and the next hold expiry. A failed alarm is retried by the ledger itself,
 * with backoff (the runtime retries a failed alarm only a few times).
 */
export class AlarmSchedule {
  /** The alarm time as far as this instance knows; undefined until read from storage. */
  private armedAt: number | null | undefined;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly store: LedgerStore,
    private readonly debounceMs: () => number,
  ) {}

  /** The alarm is running: nothing is armed any more. */
  fired(): void {
    this.armedAt = null;
  }

  async arm(): Promise<void> {
    const dirty = this.store.meta("dirty_since");
    const candidates = [
      dirty === null ? null : Number(dirty) + this.debounceMs(),
      lineSyncAt(this.store.nextLineSync(), Date.now() + this.debounceMs()),
      this.store.nextHoldExpiry(),
    ].filter((t): t is number => t !== null);
    if (candidates.length === 0) return;
    const target = Math.min(...candidates);
    if (this.armedAt === undefined) this.armedAt = await this.storage.getAlarm();
    if (this.armedAt !== null && this.armedAt <= target) return;
    await this.storage.setAlarm(target);
    this.armedAt = target;
  }

  /** The alarm's work succeeded: the backoff starts over. */
  succeeded(): void {
    this.store.setMeta("alarm_failures", null);
  }

  async retryLater(sku: string, err: unknown): Promise<void> {
    const failures = Number(this.store.meta("alarm_failures") ?? "0") + 1;
    this.store.setMeta("alarm_failures", String(failures));
    log.error("inventory alarm failed, will retry", { sku, failures, ...errorFields(err) });
    const at = Date.now() + Math.min(60_000, 500 * 2 ** Math.min(failures, 7));
    await this.storage.setAlarm(at);
    this.armedAt = at;
  }
}

function lineSyncAt(due: number | null, soonest: number): number | null {
  return due === null ? null : Math.max(due, soonest);
}
