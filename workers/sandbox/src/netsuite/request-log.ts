/** The last 1,000 REST requests and what became of each (`GET /_sandbox/netsuite/requests`). */
const REQUEST_LOG_LIMIT = 1000;

export interface RequestLogEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  status: number;
  outcome: string;
}

export type NewLogEntry = Omit<RequestLogEntry, "seq" | "at"> & { at: number };

export class RequestLog {
  constructor(private readonly sql: SqlStorage) {}

  append(entry: NewLogEntry): void {
    this.sql.exec(
      "INSERT INTO request_log (at, method, path, status, outcome) VALUES (?, ?, ?, ?, ?)",
      entry.at,
      entry.method,
      entry.path,
      entry.status,
      entry.outcome,
    );
    this.sql.exec(
      "DELETE FROM request_log WHERE seq <= (SELECT MAX(seq) FROM request_log) - ?",
      REQUEST_LOG_LIMIT,
    );
  }

  list(): RequestLogEntry[] {
    const rows = this.sql
      .exec<{ seq: number; at: number; method: string; path: string; status: number; outcome: string }>(
        "SELECT * FROM request_log ORDER BY seq",
      )
      .toArray();
    return rows.map((row) => ({ ...row, at: new Date(row.at).toISOString() }));
  }
}
