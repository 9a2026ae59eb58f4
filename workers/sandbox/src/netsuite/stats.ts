/**
 * Request counters of the uniform control API (`GET /_sandbox/netsuite/stats`). `limitViolations`
 * counts requests admitted while the concurrency limit was already reached: admission is atomic, so it
 * must stay 0; it is there to prove that, not to be tuned.
 */
export type Refusal = "concurrency" | "window" | "auth" | "fault";

export interface Stats {
  requests: number;
  admitted: number;
  refused: Record<Refusal, number>;
  maxInFlight: number;
  limitViolations: number;
}

type Counter = "requests" | "admitted" | "maxInFlight" | "limitViolations" | `refused_${Refusal}`;

export class StatsStore {
  constructor(private readonly sql: SqlStorage) {}

  bump(counter: Counter, by = 1): void {
    this.sql.exec(
      "INSERT INTO stats (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value",
      counter,
      by,
    );
  }

  /** A new request: counted once, whatever happens to it afterwards. */
  request(): void {
    this.bump("requests");
  }

  refuse(reason: Refusal): void {
    this.bump(`refused_${reason}`);
  }

  /** An admitted request with `inFlight` requests in flight including itself. */
  admit(inFlight: number, limit: number): void {
    this.bump("admitted");
    if (inFlight > limit) this.bump("limitViolations");
    this.sql.exec(
      "INSERT INTO stats (name, value) VALUES ('maxInFlight', ?) ON CONFLICT (name) DO UPDATE SET value = MAX(value, excluded.value)",
      inFlight,
    );
  }

  read(): Stats {
    const rows = this.sql.exec<{ name: string; value: number }>("SELECT name, value FROM stats").toArray();
    const value = (name: string) => rows.find((r) => r.name === name)?.value ?? 0;
    return {
      requests: value("requests"),
      admitted: value("admitted"),
      refused: {
        concurrency: value("refused_concurrency"),
        window: value("refused_window"),
        auth: value("refused_auth"),
        fault: value("refused_fault"),
      },
      maxInFlight: value("maxInFlight"),
      limitViolations: value("limitViolations"),
    };
  }
}
