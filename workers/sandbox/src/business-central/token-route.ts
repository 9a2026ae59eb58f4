import { Hono } from "hono";
import { timingSafeEqualText } from "../../../../shared/crypto/hmac";
import { BC_SCOPE, type BcHono, tenantOf } from "./context";
import { entraError } from "./errors";

/**
 * Microsoft Entra ID's v2.0 token endpoint for the client credentials grant, as BC service-to-service
 * integrations call it: `POST {authority}/{tenant}/oauth2/v2.0/token`, form-encoded. Success is
 * `{token_type, expires_in, ext_expires_in, access_token}`; failures are Entra's error body with an
 * AADSTS code (AADSTS7000215 for a wrong secret, answered 401 invalid_client). Tokens are opaque.
 */
export const tokenRoute = new Hono<BcHono>();

tokenRoute.post("/:tenantId/oauth2/v2.0/token", async (c) => {
  const tenant = tenantOf(c.env);
  const now = Date.now();
  const reply = async (response: Response, outcome: string) => {
    await tenant.logRequest({ at: now, method: "POST", path: c.req.path, status: response.status, outcome });
    return response;
  };
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) {
    return reply(
      entraError(
        400,
        "invalid_request",
        900144,
        "The request body must contain the following parameter: 'grant_type'.",
      ),
      "token:not_form",
    );
  }
  const form = new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer()));
  if (c.req.param("tenantId") !== c.env.BC_TENANT_ID) {
    return reply(
      entraError(
        400,
        "invalid_request",
        90002,
        `Tenant '${c.req.param("tenantId")}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      ),
      "token:unknown_tenant",
    );
  }
  if (form.get("grant_type") !== "client_credentials") {
    return reply(
      entraError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type."),
      "token:grant_type",
    );
  }
  const clientId = form.get("client_id") ?? "";
  const secret = form.get("client_secret") ?? "";
  const { BC_CLIENT_ID, BC_CLIENT_SECRET } = c.env;
  if (!BC_CLIENT_ID || !BC_CLIENT_SECRET || !(await timingSafeEqualText(clientId, BC_CLIENT_ID))) {
    return reply(
      entraError(
        400,
        "unauthorized_client",
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${c.env.BC_TENANT_ID}'.`,
      ),
      "token:unknown_client",
    );
  }
  if (!(await timingSafeEqualText(secret, BC_CLIENT_SECRET))) {
    return reply(
      entraError(
        401,
        "invalid_client",
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      ),
      "token:bad_secret",
    );
  }
  if (form.get("scope") !== BC_SCOPE) {
    return reply(
      entraError(
        400,
        "invalid_scope",
        1002012,
        `The provided value for scope ${form.get("scope") ?? ""} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      ),
      "token:scope",
    );
  }
  const { token, expiresIn } = await tenant.issueToken(clientId, now);
  return reply(
    c.json(
      { token_type: "Bearer", expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token },
      200,
      { "cache-control": "no-store, no-cache", pragma: "no-cache" },
    ),
    "token:issued",
  );
});
