/**
 * Jobs of asynchronous requests (`Prefer: respond-async`, reference/erp.md §1.6), and the idempotency
 * keys they were submitted with (`X-NetSuite-Idempotency-Key`). The sandbox runs the request at once and
 * keeps its answer as the job's task result; the key is claimed before the request runs, atomically,
 * so two submissions with one key can never both run.
 */
export interface JobResult {
  status: number;
  location: string | null;
  body: string | null;
}

export interface Job {
  id: number;
  createdAt: number;
  /** Null while the request is still running. */
  result: JobResult | null;
}

type JobRow = {
  id: number;
  created_at: number;
  status: number;
  location: string | null;
  body: string | null;
};

export class AsyncJobs {
  constructor(private readonly sql: SqlStorage) {}

  /** A new job, or the job that already holds this idempotency key. */
  claim(key: string | null, now: number): { ok: true; id: number } | { ok: false; existingId: number } {
    if (key !== null) {
      const existing = this.sql
        .exec<{ id: number }>("SELECT id FROM jobs WHERE idempotency_key = ?", key)
        .toArray()[0];
      if (existing) return { ok: false, existingId: existing.id };
    }
    const id = this.sql
      .exec<{ id: number }>(
        "INSERT INTO jobs (idempotency_key, created_at, status) VALUES (?, ?, 0) RETURNING id",
        key,
        now,
      )
      .one().id;
    return { ok: true, id };
  }

  complete(id: number, result: JobResult): void {
    this.sql.exec(
      "UPDATE jobs SET status = ?, location = ?, body = ? WHERE id = ?",
      result.status,
      result.location,
      result.body,
      id,
    );
  }

  get(id: number): Job | null {
    const row = this.sql
      .exec<JobRow>("SELECT id, created_at, status, location, body FROM jobs WHERE id = ?", id)
      .toArray()[0];
    if (!row) return null;
    return {
      id: row.id,
      createdAt: row.created_at,
      result: row.status === 0 ? null : { status: row.status, location: row.location, body: row.body },
    };
  }
}
