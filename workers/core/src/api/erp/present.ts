import { ErpKind, ErpLimits } from "../../../../../shared/erp";
import type { ConnectionRow } from "../../erp/connections";
import { iso } from "../common-schemas";
import type { Connection } from "./schemas";

/** A connection as the API shows it: credentials by name only. */
export function presentConnection(
  row: ConnectionRow & { created_at: number; updated_at: number },
  credentialFields: string[],
): Connection {
  return {
    id: row.id,
    name: row.name,
    kind: ErpKind.parse(row.kind),
    settings: objectOf(JSON.parse(row.settings)),
    credentialFields,
    limits: ErpLimits.parse(JSON.parse(row.limits)),
    isDefault: row.is_default === 1,
    status: row.status,
    revision: row.revision,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function objectOf(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? { ...value } : {};
}
