import { timingSafeEqualText } from "../../../../shared/crypto/hmac";

/**
 * HTTP Basic authentication as Fusion checks it for an integration user (REST over HTTPS accepts
 * Basic or OAuth; the sandbox speaks Basic). Fails closed: unset credentials fail every request. Both
 * parts are compared in constant time, and every reason is kept for the request log while the client
 * only ever sees a bare 401.
 */
export type BasicFailure = "missing_secret" | "missing_header" | "malformed_header" | "bad_credentials";

export type BasicResult = { ok: true; username: string } | { ok: false; reason: BasicFailure };

/** Fusion's challenge on a refused request. The realm text is the sandbox's own. */
export const WWW_AUTHENTICATE = 'Basic realm="Oracle Fusion Applications"';

export async function verifyBasic(
  request: Request,
  config: Pick<SandboxEnv, "ORACLE_USERNAME" | "ORACLE_PASSWORD">,
): Promise<BasicResult> {
  const { ORACLE_USERNAME, ORACLE_PASSWORD } = config;
  if (!ORACLE_USERNAME || !ORACLE_PASSWORD) return { ok: false, reason: "missing_secret" };
  const header = request.headers.get("authorization");
  if (!header) return { ok: false, reason: "missing_header" };
  const encoded = /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(header)?.[1];
  if (!encoded) return { ok: false, reason: "malformed_header" };
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(
      Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)),
    );
  } catch {
    return { ok: false, reason: "malformed_header" };
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return { ok: false, reason: "malformed_header" };
  const username = decoded.slice(0, colon);
  const userOk = await timingSafeEqualText(username, ORACLE_USERNAME);
  const passwordOk = await timingSafeEqualText(decoded.slice(colon + 1), ORACLE_PASSWORD);
  return userOk && passwordOk ? { ok: true, username } : { ok: false, reason: "bad_credentials" };
}
