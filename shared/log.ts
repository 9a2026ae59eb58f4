/**
 * Structured JSON logs, one object a line, always with the correlation id when there is one.
 * Field names that look like secrets are redacted here so no call site can leak one by accident.
 */
type Level = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

const SECRET_FIELD = /secret|password|token|authorization|signature|hmac|api[-_]?key|cookie/i;

function redact(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_FIELD.test(k) ? "[redacted]" : redact(v, depth + 1);
  return out;
}

function emit(level: Level, worker: string, msg: string, fields: LogFields): void {
  const line = JSON.stringify({
    level,
    worker,
    msg,
    ...(redact(fields) as LogFields),
    ts: new Date().toISOString(),
  });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export function createLogger(worker: string, base: LogFields = {}): Logger {
  const at =
    (level: Level) =>
    (msg: string, fields: LogFields = {}) =>
      emit(level, worker, msg, { ...base, ...fields });
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (fields) => createLogger(worker, { ...base, ...fields }),
  };
}

export function errorFields(err: unknown): LogFields {
  return err instanceof Error ? { error: err.message, errorName: err.name } : { error: String(err) };
}
