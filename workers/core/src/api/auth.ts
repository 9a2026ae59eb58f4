import { and, eq, isNull } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import { sha256Hex, timingSafeEqualText } from "../../../../shared/crypto/hmac";
import { apiKeys } from "../../../../shared/db/schema";
import { ProblemError } from "../../../../shared/http/problem";
import type { ApiEnv, Principal } from "./context";
import { database } from "./db";
import { ALL_SCOPES, parseScopes, type Scope } from "./scopes";

/** Paths under `/v1` that answer without a key. */
const PUBLIC_PATHS = new Set(["/v1/openapi.json"]);
const BEARER = /^Bearer +([\x21-\x7e]+) *$/i;
const REALM = 'Bearer realm="mesh"';

/**
 * Resolves the bearer key to a principal. The admin key is compared in constant time; other keys
 * are found by their SHA-256 hash, which is all `api_keys` stores. A missing admin secret matches
 * nothing (fails closed).
 */
async function resolvePrincipal(env: CoreEnv, key: string): Promise<Principal | null> {
  if (env.ADMIN_API_KEY && (await timingSafeEqualText(key, env.ADMIN_API_KEY))) {
    return { keyId: "admin", scopes: ALL_SCOPES };
  }
  const hash = await sha256Hex(key);
  const row = await database(env)
    .select({ id: apiKeys.id, scopes: apiKeys.scopes })
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)))
    .get();
  return row ? { keyId: row.id, scopes: parseScopes(row.scopes) } : null;
}

export const authenticate = createMiddleware<ApiEnv>(async (c, next) => {
  if (PUBLIC_PATHS.has(c.req.path)) return next();
  const key = BEARER.exec(c.req.header("authorization") ?? "")?.[1];
  if (!key) {
    throw new ProblemError(
      "unauthorized",
      "Send an API key as `Authorization: Bearer <key>`.",
      {},
      {
        "www-authenticate": REALM,
      },
    );
  }
  const principal = await resolvePrincipal(c.env, key);
  if (!principal) {
    throw new ProblemError(
      "unauthorized",
      "The API key is not valid.",
      {},
      {
        "www-authenticate": `${REALM}, error="invalid_token"`,
      },
    );
  }
  c.set("principal", principal);
  await next();
});

/** Route middleware: 403 unless the caller's key holds `scope` (RFC 6750 `insufficient_scope`). */
export function requireScope(scope: Scope) {
  return createMiddleware<ApiEnv>(async (c, next) => {
    if (!c.get("principal").scopes.includes(scope)) {
      throw new ProblemError(
        "forbidden",
        `This API key lacks the ${scope} scope.`,
        { requiredScope: scope },
        {
          "www-authenticate": `${REALM}, error="insufficient_scope", scope="${scope}"`,
        },
      );
    }
    await next();
  });
}
