import { Hono } from "hono";
import { toBase64 } from "../../../../shared/crypto/encoding";
import { accountOf, type NetSuiteHono } from "./context";
import { sha256Hex, TOKEN_PATH } from "./gate";
import { checkAssertion, parseCertificates, type TokenError } from "./m2m-assertion";

/**
 * `POST /services/rest/auth/oauth2/v1/token`: OAuth 2.0 client credentials with a JWT client
 * assertion (reference/erp.md §1.10). Answers `{"access_token","expires_in":"3600","token_type":"bearer"}`
 * (expires_in is a string in Oracle's example), or `{"error": ...}`: 401 for `invalid_client`, 400
 * otherwise (RFC 6749 §5.2). The access token is opaque here; NetSuite's is a JWT, which clients treat
 * as opaque all the same.
 */
export const tokenRoutes = new Hono<NetSuiteHono>();

function tokenError(error: TokenError): Response {
  return new Response(JSON.stringify({ error }), {
    status: error === "invalid_client" ? 401 : 400,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}

function newToken(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(32)))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replaceAll("=", "");
}

tokenRoutes.post(TOKEN_PATH.replace("/services/rest", ""), async (c) => {
  const now = Date.now();
  const contentType = c.req.header("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    c.set("outcome", "token_refused:content_type");
    return tokenError("invalid_request");
  }
  // Read as bytes: workerd warns when a form body is read with .text().
  const form = new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer()));
  const check = await checkAssertion(
    form,
    {
      clientId: c.env.NETSUITE_M2M_CLIENT_ID,
      certificates: parseCertificates(c.env.NETSUITE_M2M_CERTIFICATES),
      tokenUrl: `${new URL(c.req.url).origin}${TOKEN_PATH}`,
    },
    now,
  );
  if (!check.ok) {
    c.set("outcome", `token_refused:${check.reason}`);
    return tokenError(check.error);
  }
  const token = newToken();
  const issued = await accountOf(c.env).issueToken(
    {
      tokenHash: await sha256Hex(token),
      clientId: check.clientId,
      scopes: check.scopes,
      assertionId: check.assertionId,
      assertionExpiresAt: check.expiresAt,
    },
    now,
  );
  if (!issued.ok) {
    c.set("outcome", `token_refused:${issued.reason}`);
    return tokenError("invalid_client");
  }
  c.set("outcome", "token_issued");
  return c.json({ access_token: token, expires_in: "3600", token_type: "bearer" }, 200, {
    "cache-control": "no-store",
  });
});
