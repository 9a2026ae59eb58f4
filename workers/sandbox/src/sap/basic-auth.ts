import { timingSafeEqualText } from "../../../../shared/crypto/hmac";
import { SID } from "./sessions";

/**
 * HTTP Basic authentication of the communication user, as a communication arrangement with "User ID
 * and Password" has it (reference/erp.md §3.5). Fails closed: unconfigured credentials refuse every
 * request. The refusal is SAP's ICF logon error: 401 with a Basic challenge naming the system and
 * client, and an HTML page (the wording of the page is approximated).
 */
export type BasicAuthResult = { ok: true; user: string } | { ok: false; reason: string };

export async function verifyBasic(
  header: string | null,
  config: Pick<SandboxEnv, "SAP_USERNAME" | "SAP_PASSWORD">,
): Promise<BasicAuthResult> {
  if (!config.SAP_USERNAME || !config.SAP_PASSWORD) return { ok: false, reason: "missing_secret" };
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "")?.[1];
  if (!encoded) return { ok: false, reason: header ? "malformed_header" : "missing_header" };
  let decoded: string;
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)));
  } catch {
    return { ok: false, reason: "malformed_header" };
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return { ok: false, reason: "malformed_header" };
  const user = decoded.slice(0, colon);
  const userOk = await timingSafeEqualText(user.toUpperCase(), config.SAP_USERNAME.toUpperCase());
  const passwordOk = await timingSafeEqualText(decoded.slice(colon + 1), config.SAP_PASSWORD);
  return userOk && passwordOk
    ? { ok: true, user: user.toUpperCase() }
    : { ok: false, reason: "bad_credentials" };
}

export function logonError(client: string): Response {
  const page =
    "<html><head><title>Logon Error Message</title></head><body><h1>Logon failed</h1>" +
    "<p>Logon performed in system " +
    `${SID}. What has happened? Call of URL was terminated because of an error. Logon failed.</p></body></html>`;
  return new Response(page, {
    status: 401,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "www-authenticate": `Basic realm="SAP NetWeaver Application Server [${SID}/${client}]"`,
    },
  });
}
