/**
 * Access tokens the sandbox's Entra endpoint issued: opaque random strings with their client and
 * expiry. `expireAll` is the control API's `tokens/expire`: every token stops working at once, so the
 * next API call gets BC's 401 and the client must fetch a new one.
 */
export class TokenStore {
  constructor(private readonly sql: SqlStorage) {}

  issueToken(clientId: string, now: number, ttlSeconds: number): string {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const token = `bcsb.${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
    this.sql.exec(
      "INSERT INTO tokens (token, client_id, expires_at) VALUES (?, ?, ?)",
      token,
      clientId,
      now + ttlSeconds * 1000,
    );
    return token;
  }

  checkToken(
    token: string,
    now: number,
  ): { ok: true; clientId: string } | { ok: false; reason: "unknown" | "expired" } {
    const row = this.sql
      .exec<{ client_id: string; expires_at: number }>(
        "SELECT client_id, expires_at FROM tokens WHERE token = ?",
        token,
      )
      .toArray()[0];
    if (!row) return { ok: false, reason: "unknown" };
    return row.expires_at <= now ? { ok: false, reason: "expired" } : { ok: true, clientId: row.client_id };
  }

  expireAll(): number {
    return this.sql.exec("UPDATE tokens SET expires_at = 0").rowsWritten;
  }
}
