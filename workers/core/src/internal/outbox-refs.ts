import type { ErpDocKind, ErpRefs } from "../../../../shared/erp";

/** A claimed row: its id, connection, and the natural keys it waits for (JSON, as stored). */
interface ClaimedDependencies {
  id: string;
  connection_id: string;
  depends_on: string;
}

interface DoneRow {
  doc_key: string;
  kind: ErpDocKind;
  erp_id: string | null;
  depends_on: string;
}

/** How far up a dependency chain goes: refund -> credit memo -> return -> sales order -> customer. */
const MAX_DEPTH = 5;

/**
 * The ERP ids of every document each claimed row depends on, directly or through its dependencies,
 * keyed by kind: a customer refund gets its credit memo, the return, the sales order and the customer.
 * One query per level for the whole batch.
 */
export async function resolveRefs(
  db: D1Database,
  rows: readonly ClaimedDependencies[],
): Promise<Map<string, ErpRefs>> {
  const out = new Map<string, ErpRefs>();
  const byConnection = new Map<string, { rowId: string; pending: string[] }[]>();
  for (const row of rows) {
    out.set(row.id, {});
    const list = byConnection.get(row.connection_id) ?? [];
    list.push({ rowId: row.id, pending: JSON.parse(row.depends_on) as string[] });
    byConnection.set(row.connection_id, list);
  }
  for (const [connectionId, items] of byConnection) {
    const seen = new Map<string, DoneRow>();
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const wanted = [...new Set(items.flatMap((i) => i.pending))].filter((k) => !seen.has(k));
      if (wanted.length === 0) break;
      const found = await db
        .prepare(
          `SELECT doc_key, kind, erp_id, depends_on FROM erp_outbox
           WHERE connection_id = ? AND doc_key IN (${wanted.map(() => "?").join(",")})`,
        )
        .bind(connectionId, ...wanted)
        .all<DoneRow>();
      for (const r of found.results) seen.set(r.doc_key, r);
      for (const item of items) {
        const next: string[] = [];
        for (const key of item.pending) {
          const dep = seen.get(key);
          if (!dep) continue;
          const refs = out.get(item.rowId) ?? {};
          if (dep.erp_id && refs[dep.kind] === undefined) refs[dep.kind] = dep.erp_id;
          out.set(item.rowId, refs);
          next.push(...(JSON.parse(dep.depends_on) as string[]));
        }
        item.pending = next;
      }
    }
  }
  return out;
}
