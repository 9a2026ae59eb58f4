import { openSecret } from "../../../../shared/crypto/secret-box";
import {
  type ErpConnection,
  ErpConnectionConfig,
  ErpLimits,
  MappingEntry,
  resolveMappings,
} from "../../../../shared/erp";

/** The row as stored (D1 `erp_connections`). */
export interface ConnectionRow {
  id: string;
  name: string;
  kind: string;
  settings: string;
  credentials_sealed: string;
  limits: string;
  is_default: number;
  status: "active" | "disabled";
  revision: number;
}

/**
 * A connection as erp-sync receives it: credentials opened, settings and credentials parsed by the
 * kind's schema (so a row written by an older release that no longer parses is an error here, not a
 * half-configured adapter), mappings folded into lookups. Null when there is no such active connection.
 */
export async function loadConnection(
  db: D1Database,
  secretsKey: string,
  id: string,
): Promise<ErpConnection | null> {
  const row = await db
    .prepare("SELECT * FROM erp_connections WHERE id = ? AND status = 'active'")
    .bind(id)
    .first<ConnectionRow>();
  if (!row) return null;
  const mappings = await db
    .prepare("SELECT kind, key, target FROM erp_mappings WHERE connection_id = ?")
    .bind(id)
    .all<{ kind: string; key: string; target: string }>();
  const credentials: unknown = JSON.parse(await openSecret(secretsKey, row.credentials_sealed, row.id));
  const config = ErpConnectionConfig.parse({
    kind: row.kind,
    settings: JSON.parse(row.settings),
    credentials,
  });
  const entries = mappings.results.map((m) =>
    MappingEntry.parse({ kind: m.kind, key: m.key, target: JSON.parse(m.target) }),
  );
  return {
    ...config,
    id: row.id,
    name: row.name,
    limits: ErpLimits.parse(JSON.parse(row.limits)),
    mappings: resolveMappings(entries),
    revision: row.revision,
  };
}

/**
 * Rows queued while no connection existed ('' connection) belong to the default connection once
 * there is one: stamped in the same batch that makes a connection the default. A row whose document
 * already has a row under that connection stays where it is (the unique key forbids a second).
 */
export function adoptWaitingRows(db: D1Database, connectionId: string, now: number): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE erp_outbox SET connection_id = ?, updated_at = ?
       WHERE connection_id = '' AND NOT EXISTS (
         SELECT 1 FROM erp_outbox o2 WHERE o2.connection_id = ? AND o2.doc_key = erp_outbox.doc_key)`,
    )
    .bind(connectionId, now, connectionId);
}
