import { z } from "@hono/zod-openapi";

/** What an API key may do. The admin key (ADMIN_API_KEY) holds all of them. */
export const Scope = z.enum([
  "stores:write",
  "stores:read",
  "orders:read",
  "exceptions:read",
  "exceptions:write",
  "inventory:read",
  "inventory:write",
  "erp:read",
  "erp:write",
]);
export type Scope = z.infer<typeof Scope>;

export const ALL_SCOPES: readonly Scope[] = Scope.options;

/** Keeps the scopes we know from a stored JSON list; an unreadable list grants nothing. */
export function parseScopes(json: string): Scope[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((value) => {
    const parsed = Scope.safeParse(value);
    return parsed.success ? [parsed.data] : [];
  });
}
