import type { OpenAPIHono } from "@hono/zod-openapi";
import { MappingEntry } from "../../../../../shared/erp";
import { ProblemError } from "../../../../../shared/http/problem";
import { iso } from "../common-schemas";
import type { ApiEnv } from "../context";
import { apiLog } from "../log";
import { loadRow } from "./handlers";
import { deleteMappingRoute, listMappingsRoute, putMappingsRoute } from "./routes";

interface MappingDbRow {
  kind: string;
  key: string;
  target: string;
  updated_at: number;
}

async function listMappings(db: D1Database, id: string, kind?: string) {
  const rows = await db
    .prepare(
      `SELECT kind, key, target, updated_at FROM erp_mappings WHERE connection_id = ?${kind ? " AND kind = ?" : ""}
       ORDER BY kind, key`,
    )
    .bind(...(kind ? [id, kind] : [id]))
    .all<MappingDbRow>();
  return rows.results.map((r) => ({
    kind: MappingEntry.parse({ kind: r.kind, key: r.key, target: JSON.parse(r.target) }).kind,
    key: r.key,
    target: JSON.parse(r.target) as unknown,
    updatedAt: iso(r.updated_at),
  }));
}

/** Mappings are validated entry by entry on write; the connection's revision moves with them. */
export function registerMappingRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listMappingsRoute, async (c) => {
    const { id } = c.req.valid("param");
    await loadRow(c.env.DB, id);
    return c.json({ items: await listMappings(c.env.DB, id, c.req.valid("query").kind) }, 200);
  });

  app.openapi(putMappingsRoute, async (c) => {
    const { id } = c.req.valid("param");
    const db = c.env.DB;
    await loadRow(db, id);
    const errors: { location: string; path: string; message: string }[] = [];
    const entries = c.req.valid("json").entries.flatMap((raw, index) => {
      const parsed = MappingEntry.safeParse(raw);
      if (parsed.success) return [parsed.data];
      for (const issue of parsed.error.issues) {
        errors.push({
          location: "body",
          path: ["entries", index, ...issue.path].map(String).join("."),
          message: issue.message,
        });
      }
      return [];
    });
    if (errors.length > 0) throw new ProblemError("validation", "Some mappings are not valid.", { errors });
    const now = Date.now();
    await db.batch([
      ...entries.map((e) =>
        db
          .prepare(
            `INSERT INTO erp_mappings (connection_id, kind, key, target, updated_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT(connection_id, kind, key) DO UPDATE SET target = excluded.target, updated_at = excluded.updated_at`,
          )
          .bind(id, e.kind, e.key, JSON.stringify(e.target), now),
      ),
      db
        .prepare("UPDATE erp_connections SET revision = revision + 1, updated_at = ? WHERE id = ?")
        .bind(now, id),
    ]);
    apiLog.info("erp mappings changed", {
      requestId: c.get("requestId"),
      connectionId: id,
      entries: entries.length,
    });
    return c.json({ items: await listMappings(db, id) }, 200);
  });

  app.openapi(deleteMappingRoute, async (c) => {
    const { id, kind, key } = c.req.valid("param");
    const db = c.env.DB;
    await loadRow(db, id);
    const now = Date.now();
    await db.batch([
      db
        .prepare("DELETE FROM erp_mappings WHERE connection_id = ? AND kind = ? AND key = ?")
        .bind(id, kind, key),
      db
        .prepare("UPDATE erp_connections SET revision = revision + 1, updated_at = ? WHERE id = ?")
        .bind(now, id),
    ]);
    return c.body(null, 204);
  });
}
