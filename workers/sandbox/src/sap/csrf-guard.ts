import type { Context } from "hono";
import { cookieValue, effectiveMethod, MODIFYING, type SapHono, type systemOf } from "./context";
import { sessionCookieName } from "./sessions";

/**
 * The CSRF half of the gate, for OData services only (SOAP endpoints under /sap/bc/srt use no CSRF
 * token). A GET or HEAD with `x-csrf-token: Fetch` gets the token and the session cookies on its
 * response; a change without a valid token and its session cookie is refused with SAP's answer:
 * 403, `x-csrf-token: Required`, body "CSRF token validation failed".
 */
type System = ReturnType<typeof systemOf>;

export async function csrfGuard(
  c: Context<SapHono>,
  system: System,
  user: string,
  now: number,
): Promise<{ response: Response; outcome: string } | null> {
  if (!new URL(c.req.url).pathname.startsWith("/sap/opu/odata/")) return null;
  const client = c.env.SAP_CLIENT;
  const cookieName = sessionCookieName(client);
  const sessionId = cookieValue(c.req.header("cookie") ?? null, cookieName);
  const token = c.req.header("x-csrf-token") ?? null;
  const method = effectiveMethod(c.req.raw);

  if ((method === "GET" || method === "HEAD") && token?.toLowerCase() === "fetch") {
    const issued = await system.fetchCsrf(user, sessionId, now);
    c.header("x-csrf-token", issued.token);
    c.header("set-cookie", `${cookieName}=${issued.sessionId}; path=/; secure; HttpOnly; SameSite=None`, {
      append: true,
    });
    c.header("set-cookie", `sap-usercontext=sap-client=${client}; path=/`, { append: true });
    return null;
  }
  if (!MODIFYING.has(method)) return null;
  const check = await system.checkCsrf(token, sessionId, user, now);
  if (check === "ok") return null;
  return {
    response: new Response("CSRF token validation failed", {
      status: 403,
      headers: { "x-csrf-token": "Required", "content-type": "text/plain; charset=utf-8" },
    }),
    outcome: `csrf:${check}`,
  };
}
