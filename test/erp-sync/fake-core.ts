import type { Order } from "../../shared/canonical";
import type {
  MeshInternalApi,
  OutboxClaim,
  OutboxFailure,
  OutboxSuccess,
  ParkRequest,
  StoreCredentials,
} from "../../shared/internal-api";

/**
 * An in-memory core with the outbox semantics of workers/core/src/internal/outbox.ts: claiming leases
 * due rows and counts the attempt, completing or failing needs the lease, a failure with a retryAt
 * makes the row due again at that time (on this fake's own clock), a failure without one parks it.
 * It also satisfies the `Fetcher` shape, so it can stand in for env.CORE.
 */
export interface FakeRow {
  id: string;
  orderId: string;
  order: Order;
  version: number;
  correlationId: string;
  status: "pending" | "in_flight" | "done" | "parked";
  attempts: number;
  nextAttemptAt: number;
  leaseToken: string | null;
  leaseUntil: number | null;
  erpId: string | null;
  lastFailure: OutboxFailure | null;
}

export class FakeCore implements MeshInternalApi {
  readonly rows = new Map<string, FakeRow>();
  readonly completions: OutboxSuccess[] = [];
  readonly failures: OutboxFailure[] = [];
  readonly claimRequests: Array<{ limit: number; leaseMs: number }> = [];

  constructor(public clock: number) {}

  enqueue(order: Order, id = `obx_${order.storeId}_${order.externalId}`): FakeRow {
    const row: FakeRow = {
      id,
      orderId: `ord_${order.storeId}_${order.externalId}`,
      order,
      version: 1,
      correlationId: `corr-${id}`,
      status: "pending",
      attempts: 0,
      nextAttemptAt: this.clock,
      leaseToken: null,
      leaseUntil: null,
      erpId: null,
      lastFailure: null,
    };
    this.rows.set(id, row);
    return row;
  }

  row(id: string): FakeRow {
    const row = this.rows.get(id);
    if (!row) throw new Error(`no outbox row ${id}`);
    return row;
  }

  /** Moves this fake's clock to when a row asked to be retried. */
  advanceTo(time: number): void {
    this.clock = Math.max(this.clock, time);
  }

  async claimOutbox(input: { limit: number; leaseMs: number }): Promise<OutboxClaim[]> {
    this.claimRequests.push(input);
    const due = [...this.rows.values()]
      .filter(
        (r) =>
          (r.status === "pending" && r.nextAttemptAt <= this.clock) ||
          (r.status === "in_flight" && (r.leaseUntil ?? 0) < this.clock),
      )
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt)
      .slice(0, Math.min(Math.max(input.limit, 1), 50));
    const leaseToken = `lse_${crypto.randomUUID()}`;
    return due.map((row) => {
      row.status = "in_flight";
      row.attempts += 1;
      row.leaseToken = leaseToken;
      row.leaseUntil = this.clock + input.leaseMs;
      return {
        id: row.id,
        kind: "sales_order",
        orderId: row.orderId,
        version: row.version,
        attempts: row.attempts,
        leaseToken,
        correlationId: row.correlationId,
        order: structuredClone(row.order),
      };
    });
  }

  async completeOutbox(input: OutboxSuccess): Promise<void> {
    this.completions.push(input);
    const row = this.rows.get(input.id);
    if (!row || row.leaseToken !== input.leaseToken) return;
    Object.assign(row, { status: "done", erpId: input.erpId, leaseToken: null, leaseUntil: null });
  }

  async failOutbox(input: OutboxFailure): Promise<void> {
    this.failures.push(input);
    const row = this.rows.get(input.id);
    if (!row || row.leaseToken !== input.leaseToken) return;
    Object.assign(row, {
      status: input.retryAt === null ? "parked" : "pending",
      nextAttemptAt: input.retryAt ?? this.clock,
      leaseToken: null,
      leaseUntil: null,
      lastFailure: input,
    });
  }

  async getStoreCredentials(_storeId: string): Promise<StoreCredentials | null> {
    return null;
  }

  async parkException(_input: ParkRequest): Promise<{ id: string }> {
    return { id: `exc_${crypto.randomUUID()}` };
  }

  // The Fetcher half of a service binding; erp-sync only ever uses the RPC methods.
  async fetch(): Promise<Response> {
    return new Response("fake core has no HTTP surface", { status: 501 });
  }

  connect(): Socket {
    throw new Error("fake core does not accept sockets");
  }
}
