import { createLogger } from "../../../../shared/log";
import { eventForOrderId } from "../events";
import { ledgerFor } from "../ingest/reserve-lines";
import type { ReconcileLine } from "./ledger-types";

const log = createLogger("core");
const CHUNK = 40;

export interface ReconcileInput {
  runId: string;
  connectionId: string;
  trigger: "read_back" | "api";
  correlationId: string;
  /** Only these SKUs (a read-back's part); all SKUs the connection has readings for when absent. */
  skus?: string[];
}

export interface RunSummary {
  id: string;
  connectionId: string;
  checked: number;
  matched: number;
  corrected: number;
  moving: number;
  unmapped: number;
}

interface StockRow {
  sku: string;
  erp_location: string;
  location_id: string | null;
  on_hand: number;
  observed_at: number;
}

/**
 * Compares each SKU's ledger with the ERP's last reading (`erp_stock`) and corrects drift. The ERP
 * is the book of record for what is on the shelf; what the ledger expects it to show is its own
 * on-hand minus movements whose ERP documents were not done before the reading (shipments and
 * adjustments in flight), so timing alone is never mistaken for drift. Every location out of step
 * is a report line; every correction is also a ledger movement and a logged `inventory.reconciled`.
 */
export async function reconcileConnection(
  env: CoreEnv,
  input: ReconcileInput,
  now = Date.now(),
): Promise<RunSummary> {
  const db = env.DB;
  const rows = await readings(db, input.connectionId, input.skus);
  const bySku = new Map<string, StockRow[]>();
  for (const r of rows) bySku.set(r.sku, [...(bySku.get(r.sku) ?? []), r]);
  let matched = 0;
  for (const [sku, levels] of bySku) {
    const statements: D1PreparedStatement[] = [];
    const line = (l: { erpLocation: string; locationId: string | null } & Omit<ReconcileLine, "location">) =>
      db
        .prepare(
          `INSERT INTO reconciliation_lines (run_id, sku, erp_location, location_id, erp_on_hand, in_flight,
             ledger_before, ledger_after, drift, outcome, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(run_id, sku, erp_location) DO NOTHING`,
        )
        .bind(
          input.runId,
          sku,
          l.erpLocation,
          l.locationId,
          l.erpOnHand,
          l.inFlight,
          l.ledgerBefore,
          l.ledgerAfter,
          l.drift,
          l.outcome,
          now,
        );
    // Several ERP warehouses may feed one mesh location: their readings add up.
    const mapped = new Map<string, { erpOnHand: number; erpLocations: string[]; observedAt: number }>();
    for (const l of levels) {
      if (l.location_id === null) {
        statements.push(
          line({
            erpLocation: l.erp_location,
            locationId: null,
            erpOnHand: l.on_hand,
            inFlight: 0,
            ledgerBefore: null,
            ledgerAfter: null,
            drift: 0,
            outcome: "unmapped" as ReconcileLine["outcome"],
          }),
        );
        continue;
      }
      const m = mapped.get(l.location_id) ?? { erpOnHand: 0, erpLocations: [], observedAt: l.observed_at };
      m.erpOnHand += l.on_hand;
      m.erpLocations.push(l.erp_location);
      m.observedAt = Math.min(m.observedAt, l.observed_at);
      mapped.set(l.location_id, m);
    }
    if (mapped.size > 0) {
      const ledger = ledgerFor(env, sku);
      const pending = await ledger.pendingErpMovements();
      const observedAt = Math.min(...[...mapped.values()].map((m) => m.observedAt));
      const done = await documentsDone(
        db,
        input.connectionId,
        [...new Set(pending.movements.map((m) => m.erpDocKey))],
        observedAt,
      );
      const results = await ledger.reconcile({
        runId: input.runId,
        correlationId: input.correlationId,
        observedAt,
        expectLastMovementId: pending.lastMovementId,
        confirmedDocKeys: done.before,
        doneAfterDocKeys: done.after,
        readings: [...mapped].map(([location, m]) => ({ location, erpOnHand: m.erpOnHand })),
      });
      for (const r of results) {
        const erpLocation = mapped.get(r.location)?.erpLocations.join("+") ?? r.location;
        if (r.outcome === "matched") {
          matched++;
          continue;
        }
        statements.push(line({ ...r, erpLocation, locationId: r.location }));
        if (r.outcome === "corrected") {
          statements.push(
            eventForOrderId(
              db,
              null,
              {
                eventKey: `${input.runId}:${sku}:${r.location}:reconciled`,
                correlationId: input.correlationId,
                type: "inventory.reconciled",
                source: "reconciliation",
                storeId: null,
                occurredAt: now,
                data: { runId: input.runId, connectionId: input.connectionId, sku, erpLocation, ...r },
              },
              now,
            ),
          );
        }
      }
    }
    if (statements.length > 0) await db.batch(statements);
  }
  return finishRun(db, input, rows.length, matched, rows[0]?.observed_at ?? now, now);
}

async function readings(
  db: D1Database,
  connectionId: string,
  skus: string[] | undefined,
): Promise<StockRow[]> {
  const select =
    "SELECT sku, erp_location, location_id, on_hand, observed_at FROM erp_stock WHERE connection_id = ?";
  if (!skus) {
    return (await db.prepare(`${select} ORDER BY sku, erp_location`).bind(connectionId).all<StockRow>())
      .results;
  }
  const out: StockRow[] = [];
  for (let i = 0; i < skus.length; i += CHUNK) {
    const part = skus.slice(i, i + CHUNK);
    const rows = await db
      .prepare(`${select} AND sku IN (${part.map(() => "?").join(",")}) ORDER BY sku, erp_location`)
      .bind(connectionId, ...part)
      .all<StockRow>();
    out.push(...rows.results);
  }
  return out;
}

/**
 * Which of these documents the ERP had completed by the time of the reading (their movements are in
 * it), and which it completed after (the reading may hold them or not: their locations wait).
 */
async function documentsDone(
  db: D1Database,
  connectionId: string,
  docKeys: string[],
  observedAt: number,
): Promise<{ before: string[]; after: string[] }> {
  const done = { before: [] as string[], after: [] as string[] };
  for (let i = 0; i < docKeys.length; i += CHUNK) {
    const part = docKeys.slice(i, i + CHUNK);
    const rows = await db
      .prepare(
        `SELECT doc_key, updated_at FROM erp_outbox WHERE connection_id = ? AND status = 'done'
         AND doc_key IN (${part.map(() => "?").join(",")})`,
      )
      .bind(connectionId, ...part)
      .all<{ doc_key: string; updated_at: number }>();
    for (const r of rows.results) (r.updated_at <= observedAt ? done.before : done.after).push(r.doc_key);
  }
  return done;
}

async function finishRun(
  db: D1Database,
  input: ReconcileInput,
  checked: number,
  matchedNow: number,
  observedAt: number,
  now: number,
): Promise<RunSummary> {
  // Counted from the lines, so a retried run (whose first try already corrected) still reports it.
  const counts = await db
    .prepare("SELECT outcome, COUNT(*) AS n FROM reconciliation_lines WHERE run_id = ? GROUP BY outcome")
    .bind(input.runId)
    .all<{ outcome: string; n: number }>();
  const n = (outcome: string) => counts.results.find((c) => c.outcome === outcome)?.n ?? 0;
  const summary: RunSummary = {
    id: input.runId,
    connectionId: input.connectionId,
    checked,
    matched: Math.max(matchedNow, checked - n("corrected") - n("moving") - n("unmapped")),
    corrected: n("corrected"),
    moving: n("moving"),
    unmapped: n("unmapped"),
  };
  await db
    .prepare(
      `INSERT INTO reconciliation_runs (id, connection_id, trigger, correlation_id, observed_at, checked, matched,
         corrected, moving, unmapped, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET checked = excluded.checked, matched = excluded.matched, corrected = excluded.corrected,
         moving = excluded.moving, unmapped = excluded.unmapped, updated_at = excluded.updated_at`,
    )
    .bind(
      summary.id,
      summary.connectionId,
      input.trigger,
      input.correlationId,
      observedAt,
      summary.checked,
      summary.matched,
      summary.corrected,
      summary.moving,
      summary.unmapped,
      now,
      now,
    )
    .run();
  log.info("inventory reconciled", { ...summary, correlationId: input.correlationId });
  return summary;
}
