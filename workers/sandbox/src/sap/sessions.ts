/**
 * CSRF protection as SAP Gateway does it (SAP Cloud SDK csrf-token-middleware, reference/erp.md
 * §3.2): `x-csrf-token: Fetch` on a GET or HEAD opens a security session, answered with the token and
 * the session cookies (`SAP_SESSIONID_<SID>_<client>`, `sap-usercontext`). A modifying request must
 * send the token and the session cookie it belongs to; a token without its cookie, an unknown token
 * or an expired session is refused with 403 `x-csrf-token: Required`.
 */
export const SID = "SBX";

export function sessionCookieName(client: string): string {
  return `SAP_SESSIONID_${SID}_${client}`;
}

export interface IssuedSession {
  sessionId: string;
  token: string;
}

export type CsrfCheck =
  | "ok"
  | "missing_token"
  | "missing_cookie"
  | "unknown_session"
  | "expired"
  | "mismatch";

function randomToken(bytes: number): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  // Base64 like SAP's tokens ("f2Ejq0cZ5GdmdOkyFvWZJQ=="), from bytes that need no padding trickery.
  return btoa(String.fromCharCode(...raw));
}

export class Sessions {
  constructor(private readonly sql: SqlStorage) {}

  /** A fetch within a live session returns that session's token again, as SAP does. */
  issue(user: string, existingSessionId: string | null, now: number, timeoutMs: number): IssuedSession {
    if (existingSessionId) {
      const row = this.live(existingSessionId, now, timeoutMs);
      if (row && row.user === user) {
        this.sql.exec("UPDATE sessions SET used_at = ? WHERE id = ?", now, existingSessionId);
        return { sessionId: existingSessionId, token: row.token };
      }
    }
    // Sessions past their idle timeout can never be used again: drop them so the table stays small.
    this.sql.exec("DELETE FROM sessions WHERE used_at < ?", now - timeoutMs);
    const sessionId = randomToken(33).replace(/[+/=]/g, "");
    const token = randomToken(16);
    this.sql.exec(
      "INSERT INTO sessions (id, token, user, created_at, used_at) VALUES (?, ?, ?, ?, ?)",
      sessionId,
      token,
      user,
      now,
      now,
    );
    return { sessionId, token };
  }

  check(
    token: string | null,
    sessionId: string | null,
    user: string,
    now: number,
    timeoutMs: number,
  ): CsrfCheck {
    if (!token) return "missing_token";
    if (!sessionId) return "missing_cookie";
    const row = this.sql
      .exec<{ token: string; user: string; used_at: number; expired: number }>(
        "SELECT token, user, used_at, expired FROM sessions WHERE id = ?",
        sessionId,
      )
      .toArray()[0];
    if (!row || row.user !== user) return "unknown_session";
    if (row.expired === 1 || row.used_at < now - timeoutMs) return "expired";
    if (row.token !== token) return "mismatch";
    this.sql.exec("UPDATE sessions SET used_at = ? WHERE id = ?", now, sessionId);
    return "ok";
  }

  /** `POST /_sandbox/sap/tokens/expire`: every session ends, so every issued token is stale. */
  expireAll(): number {
    return this.sql.exec("UPDATE sessions SET expired = 1 WHERE expired = 0").rowsWritten;
  }

  private live(id: string, now: number, timeoutMs: number) {
    const row = this.sql
      .exec<{ token: string; user: string; used_at: number; expired: number }>(
        "SELECT token, user, used_at, expired FROM sessions WHERE id = ?",
        id,
      )
      .toArray()[0];
    return row && row.expired === 0 && row.used_at >= now - timeoutMs ? row : null;
  }
}
