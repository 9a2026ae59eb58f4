import { DurableObject } from "cloudflare:workers";

export type ClaimResult =
  | { status: "claimed"; token: string }
  | { status: "duplicate" }
  /** Another message holds a live claim on the same delivery and has not finished yet. */
  | { status: "in_flight"; retryAfterSeconds: number };

const HOUR_MS = 3_600_000;
/** Sweeps are batched: the alarm fires a while after the earliest expiry, not at each one. */
const SWEEP_SLACK_MS = HOUR_MS;

/**
 * Which deliveries a connector has already processed, sharded per store (see ledger-client.ts). The
 * inbox consumer uses it (inbox-consumer.ts), not the webhook's ack path: the edge enqueues every
 * verified delivery, and the consumer claims each message's dedupe key before archiving and mapping it.
 * A claim is two-phase: `claim` writes a short lease, `commit` turns it into a record kept for
 * `retentionMs` once the event is sent (or the exception parked), `release` drops it when processing
 * failed and the message is retried. A claim whose consumer died before either simply lapses when its
 * lease runs out, so the redelivered message can take it over instead of being mistaken for a
 * duplicate. Every check-and-write runs in one synchronous transaction; methods return results
 * instead of throwing.
 */
export class DeliveryLedgerBase<Env = unknown> extends DurableObject<Env> {
  /** How long an accepted delivery id is remembered; subclasses set it from the sender's retry window. */
  protected retentionMs = 48 * HOUR_MS;
  /**
   * Longer than processing one inbox message takes (archive write, mapping, send, park), so a live
   * claim is never taken over; short, because a copy that finds it `in_flight` waits this long at most.
   */
  protected leaseMs = 30_000;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS deliveries (
         key TEXT PRIMARY KEY, state TEXT NOT NULL, token TEXT NOT NULL, expires_at INTEGER NOT NULL);
       CREATE INDEX IF NOT EXISTS deliveries_expiry ON deliveries (expires_at);`,
    );
  }

  async claim(key: string): Promise<ClaimResult> {
    const now = Date.now();
    const result = this.ctx.storage.transactionSync((): ClaimResult => {
      const row = this.ctx.storage.sql
        .exec<{ state: string; expires_at: number }>(
          "SELECT state, expires_at FROM deliveries WHERE key = ?",
          key,
        )
        .toArray()[0];
      if (row && row.expires_at > now) {
        if (row.state === "done") return { status: "duplicate" };
        return { status: "in_flight", retryAfterSeconds: Math.ceil((row.expires_at - now) / 1000) };
      }
      const token = crypto.randomUUID();
      this.ctx.storage.sql.exec(
        "INSERT OR REPLACE INTO deliveries (key, state, token, expires_at) VALUES (?, 'pending', ?, ?)",
        key,
        token,
        now + this.leaseMs,
      );
      return { status: "claimed", token };
    });
    if (result.status === "claimed") await this.ensureSweep(now + this.leaseMs);
    return result;
  }

  /** Marks a claimed delivery as done. False when the lease was lost (taken over or swept). */
  async commit(key: string, token: string): Promise<{ ok: boolean }> {
    const expiresAt = Date.now() + this.retentionMs;
    const cursor = this.ctx.storage.sql.exec(
      "UPDATE deliveries SET state = 'done', expires_at = ? WHERE key = ? AND token = ? AND state = 'pending'",
      expiresAt,
      key,
      token,
    );
    return { ok: cursor.rowsWritten > 0 };
  }

  /** Gives a claim back so the retried message (or another copy) is processed afresh. */
  async release(key: string, token: string): Promise<{ ok: boolean }> {
    const cursor = this.ctx.storage.sql.exec(
      "DELETE FROM deliveries WHERE key = ? AND token = ? AND state = 'pending'",
      key,
      token,
    );
    return { ok: cursor.rowsWritten > 0 };
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    this.ctx.storage.sql.exec("DELETE FROM deliveries WHERE expires_at <= ?", now);
    const next = this.ctx.storage.sql
      .exec<{ next: number | null }>("SELECT MIN(expires_at) AS next FROM deliveries")
      .one().next;
    if (next !== null) await this.ctx.storage.setAlarm(next + SWEEP_SLACK_MS);
  }

  private async ensureSweep(at: number): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(at + SWEEP_SLACK_MS);
  }
}
