import type { OpenAPIHono } from "@hono/zod-openapi";
import { openSecret, sealSecret } from "../../../../../shared/crypto/secret-box";
import { DEFAULT_LIMITS, ErpConnectionConfig, type ErpKind } from "../../../../../shared/erp";
import { ProblemError } from "../../../../../shared/http/problem";
import { newId } from "../../../../../shared/ids";
import { adoptWaitingRows, type ConnectionRow } from "../../erp/connections";
import type { ApiEnv } from "../context";
import { apiLog } from "../log";
import { registerErpDocumentRoutes } from "./document-handlers";
import { registerMappingRoutes } from "./mapping-handlers";
import { presentConnection } from "./present";
import {
  createConnectionRoute,
  getConnectionRoute,
  listConnectionsRoute,
  updateConnectionRoute,
} from "./routes";

type StoredRow = ConnectionRow & { created_at: number; updated_at: number };

/** Settings and credentials checked against the kind's schema; every issue is reported with its path. */
function validConfig(kind: ErpKind, settings: unknown, credentials: unknown) {
  const parsed = ErpConnectionConfig.safeParse({ kind, settings, credentials });
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((i) => ({
    location: "body",
    path: i.path.map(String).join("."),
    message: i.message,
  }));
  throw new ProblemError("validation", `The ${kind} connection is not valid.`, { errors });
}

async function credentialFields(env: CoreEnv, row: StoredRow): Promise<string[]> {
  const creds: unknown = JSON.parse(await openSecret(env.SECRETS_KEY, row.credentials_sealed, row.id));
  return creds && typeof creds === "object" ? Object.keys(creds).sort() : [];
}

export async function loadRow(db: D1Database, id: string): Promise<StoredRow> {
  const row = await db.prepare("SELECT * FROM erp_connections WHERE id = ?").bind(id).first<StoredRow>();
  if (!row) throw new ProblemError("notFound", `No ERP connection ${id}.`);
  return row;
}

export function registerErpConnectionRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(createConnectionRoute, async (c) => {
    const body = c.req.valid("json");
    const config = validConfig(body.kind, body.settings, body.credentials);
    const now = Date.now();
    const id = newId("erp", now);
    const limits = body.limits ?? DEFAULT_LIMITS[body.kind];
    // The connection id is the associated data: sealed credentials cannot be moved onto another row.
    const sealed = await sealSecret(c.env.SECRETS_KEY, JSON.stringify(config.credentials), id);
    const db = c.env.DB;
    const statements = [];
    if (body.isDefault)
      statements.push(db.prepare("UPDATE erp_connections SET is_default = 0 WHERE is_default = 1"));
    statements.push(
      db
        .prepare(
          `INSERT INTO erp_connections (id, name, kind, settings, credentials_sealed, limits, is_default, status, revision,
             created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'active', 1, ?, ?)`,
        )
        .bind(
          id,
          body.name,
          body.kind,
          JSON.stringify(config.settings),
          sealed,
          JSON.stringify(limits),
          body.isDefault ? 1 : 0,
          now,
          now,
        ),
    );
    if (body.isDefault) statements.push(adoptWaitingRows(db, id, now));
    await db.batch(statements);
    apiLog.info("erp connection created", {
      requestId: c.get("requestId"),
      connectionId: id,
      kind: body.kind,
    });
    const row = await loadRow(db, id);
    return c.json(presentConnection(row, await credentialFields(c.env, row)), 201, {
      location: `/v1/erp-connections/${id}`,
    });
  });

  app.openapi(listConnectionsRoute, async (c) => {
    const rows = await c.env.DB.prepare(
      "SELECT * FROM erp_connections ORDER BY created_at, id",
    ).all<StoredRow>();
    const items = await Promise.all(
      rows.results.map(async (r) => presentConnection(r, await credentialFields(c.env, r))),
    );
    return c.json({ items }, 200);
  });

  app.openapi(getConnectionRoute, async (c) => {
    const row = await loadRow(c.env.DB, c.req.valid("param").id);
    return c.json(presentConnection(row, await credentialFields(c.env, row)), 200);
  });

  app.openapi(updateConnectionRoute, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const db = c.env.DB;
    const row = await loadRow(db, id);
    const kind = ErpConnectionConfig.options.find((o) => o.shape.kind.value === row.kind)?.shape.kind.value;
    if (!kind) throw new ProblemError("conflict", `Connection ${id} has an unknown kind ${row.kind}.`);
    const credentials =
      body.credentials ?? JSON.parse(await openSecret(c.env.SECRETS_KEY, row.credentials_sealed, id));
    const config = validConfig(kind, body.settings ?? JSON.parse(row.settings), credentials);
    const now = Date.now();
    const statements = [];
    if (body.isDefault)
      statements.push(
        db.prepare("UPDATE erp_connections SET is_default = 0 WHERE is_default = 1 AND id <> ?").bind(id),
      );
    statements.push(
      db
        .prepare(
          `UPDATE erp_connections SET name = ?, settings = ?, credentials_sealed = ?, limits = ?, is_default = ?, status = ?,
             revision = revision + 1, updated_at = ? WHERE id = ?`,
        )
        .bind(
          body.name ?? row.name,
          JSON.stringify(config.settings),
          body.credentials
            ? await sealSecret(c.env.SECRETS_KEY, JSON.stringify(config.credentials), id)
            : row.credentials_sealed,
          JSON.stringify(body.limits ?? JSON.parse(row.limits)),
          body.isDefault ? 1 : row.is_default,
          body.status ?? row.status,
          now,
          id,
        ),
    );
    if (body.isDefault) statements.push(adoptWaitingRows(db, id, now));
    await db.batch(statements);
    apiLog.info("erp connection changed", {
      requestId: c.get("requestId"),
      connectionId: id,
      changed: Object.keys(body)
        .filter((k) => k !== "credentials")
        .concat(body.credentials ? ["credentials"] : []),
    });
    const updated = await loadRow(db, id);
    return c.json(presentConnection(updated, await credentialFields(c.env, updated)), 200);
  });

  registerMappingRoutes(app);
  registerErpDocumentRoutes(app);
}
