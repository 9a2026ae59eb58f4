/**
 * OAuth 2.0 access tokens the sandbox issued, by SHA-256 of the token (the token itself is never
 * stored), and the client assertions already used. NetSuite's tokens are valid 60 minutes; an expired
 * or unknown token is answered like any failed login (Login Audit Trail: AccessTokenExpired).
 */
export const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

export type TokenCheck =
  | { ok: true }
  | { ok: false; reason: "unknown_token" | "token_expired" | "scope_mismatch" };

export class AccessTokens {
  constructor(private readonly sql: SqlStorage) {}

  /** Records a new token for an assertion; a second use of the same assertion is refused (replay). */
  issue(
    input: {
      tokenHash: string;
      clientId: string;
      scopes: string[];
      assertionId: string;
      assertionExpiresAt: number;
    },
    now: number,
  ): { ok: true; expiresAt: number } | { ok: false; reason: "assertion_replayed" } {
    this.sql.exec("DELETE FROM assertions WHERE expires_at < ?", now);
    const used = this.sql.exec("SELECT 1 FROM assertions WHERE hash = ?", input.assertionId).toArray();
    if (used.length > 0) return { ok: false, reason: "assertion_replayed" };
    this.sql.exec(
      "INSERT INTO assertions (hash, expires_at) VALUES (?, ?)",
      input.assertionId,
      input.assertionExpiresAt,
    );
    this.sql.exec("DELETE FROM access_tokens WHERE expires_at < ?", now - TOKEN_LIFETIME_MS);
    const expiresAt = now + TOKEN_LIFETIME_MS;
    this.sql.exec(
      "INSERT INTO access_tokens (token_hash, client_id, scopes, expires_at) VALUES (?, ?, ?, ?)",
      input.tokenHash,
      input.clientId,
      input.scopes.join(","),
      expiresAt,
    );
    return { ok: true, expiresAt };
  }

  /** REST web services need a token with the `rest_webservices` scope. */
  check(tokenHash: string, now: number): TokenCheck {
    const row = this.sql
      .exec<{ scopes: string; expires_at: number }>(
        "SELECT scopes, expires_at FROM access_tokens WHERE token_hash = ?",
        tokenHash,
      )
      .toArray()[0];
    if (!row) return { ok: false, reason: "unknown_token" };
    if (row.expires_at <= now) return { ok: false, reason: "token_expired" };
    if (!row.scopes.split(",").includes("rest_webservices")) return { ok: false, reason: "scope_mismatch" };
    return { ok: true };
  }

  /** `POST /_sandbox/netsuite/tokens/expire`: every issued token is expired from now on. */
  expireAll(now: number): number {
    return this.sql.exec("UPDATE access_tokens SET expires_at = ? WHERE expires_at > ?", now, now)
      .rowsWritten;
  }
}
