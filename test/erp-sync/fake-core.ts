import type { Order } from "../../shared/canonical";
import { documentKey, type ErpConnection, type ErpDocument } from "../../shared/erp";
import type {
  ErpOrderRef,
  ListingState,
  MeshInternalApi,
  OutboxClaim,
  OutboxFailure,
  OutboxSuccess,
  ParkRequest,
  StoreCredentials,
} from "../../shared/internal-api";

/**
 * An in-memory core with the outbox semantics of workers/core/src/internal/outbox.ts: claiming leases
 * a connection's due rows and counts the attempt, completing or failing needs the lease, a failure
 * with a retryAt makes the row due again at that time (on this fake's own clock), a failure without one
 * parks it. Dependencies are not modelled here (core's own tests cover them). It also satisfies the
 * `Fetcher` shape, so it can stand in for env.CORE.
 */
export interface FakeRow {
  id: string;
  connectionId: string;
  orderId: string | null;
  document: ErpDocument;
  version: number;
  correlationId: string;
  status: "pending" | "in_flight" | "done" | "parked";
  attempts: number;
  nextAttemptAt: number;
  leaseToken: string | null;
  leaseUntil: number | null;
  erpId: string | null;
  lastFailure: OutboxFailure | null;
  /** Rows that must be done before this one is due (core's dependencies, by row id here). */
  waitsFor?: string[];
}

export class FakeCore implements MeshInternalApi {
  readonly rows = new Map<string, FakeRow>();
  readonly connections = new Map<string, ErpConnection>();
  readonly completions: OutboxSuccess[] = [];
  readonly failures: OutboxFailure[] = [];
  readonly claimRequests: Array<{ limit: number; leaseMs: number; connectionId: string }> = [];
  connectionFetches = 0;

  constructor(public clock: number) {}

  /** Channel inventory is not erp-sync's: no listing has a command, and reports are not expected. */
  async getListingState(): Promise<ListingState | null> {
    return null;
  }

  async recordChannelPush(): Promise<void> {
    throw new Error("erp-sync never reports channel pushes");
  }

  addConnection(connection: ErpConnection): void {
    this.connections.set(connection.id, connection);
  }

  enqueueDocument(connectionId: string, document: ErpDocument, id = `obx_${documentKey(document)}`): FakeRow {
    const row: FakeRow = {
      id,
      connectionId,
      orderId: "order" in document ? `ord_${document.order.storeId}_${document.order.externalId}` : null,
      document,
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

  /** A sales order for the only connection added so far. */
  enqueue(order: Order, id = `obx_${order.storeId}_${order.externalId}`): FakeRow {
    const [connection] = this.connections.keys();
    if (!connection) throw new Error("add a connection first");
    return this.enqueueDocument(connection, { kind: "sales_order", order }, id);
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

  async listErpConnections(): Promise<{ id: string; kind: string; revision: number }[]> {
    return [...this.connections.values()].map((c) => ({ id: c.id, kind: c.kind, revision: c.revision }));
  }

  /** Sales orders done in a connection, as core offers them for status read-back. */
  async listErpOrdersForReadBack(input: { connectionId: string; limit: number }): Promise<ErpOrderRef[]> {
    return [...this.rows.values()]
      .filter((r) => r.connectionId === input.connectionId && r.document.kind === "sales_order" && r.erpId)
      .slice(0, input.limit)
      .map((r) => ({ docKey: documentKey(r.document), erpId: r.erpId ?? "" }));
  }

  async getErpConnection(id: string): Promise<ErpConnection | null> {
    this.connectionFetches++;
    const connection = this.connections.get(id);
    return connection ? structuredClone(connection) : null;
  }

  async claimOutbox(input: { limit: number; leaseMs: number; connectionId: string }): Promise<OutboxClaim[]> {
    this.claimRequests.push(input);
    const due = [...this.rows.values()]
      .filter(
        (r) =>
          r.connectionId === input.connectionId &&
          (r.waitsFor ?? []).every((id) => this.rows.get(id)?.status === "done") &&
          ((r.status === "pending" && r.nextAttemptAt <= this.clock) ||
            (r.status === "in_flight" && (r.leaseUntil ?? 0) < this.clock)),
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
        connectionId: row.connectionId,
        kind: row.document.kind,
        docKey: documentKey(row.document),
        orderId: row.orderId,
        version: row.version,
        attempts: row.attempts,
        leaseToken,
        correlationId: row.correlationId,
        document: structuredClone(row.document),
        refs: {},
        erpId: row.erpId,
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
