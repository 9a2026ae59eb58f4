import type { PushFailure, PushResult, ReadResult } from "../erp-adapter";
import { fail } from "./classify";
import type { TrytonSession } from "./session";

/**
 * Tryton's model API over a session: the ModelStorage methods every model exposes
 * (trytond/model/modelstorage.py `__rpc__`: search, read, create, write, delete) and the buttons a
 * model declares (`model.<name>.<button>(ids, context)`). A document push is a sequence of these;
 * the first failure ends it. Inside a push that is a thrown `TrytonFailure`, caught once at the
 * push boundary (`guard`), so the adapter itself never throws.
 */
export class TrytonFailure extends Error {
  constructor(readonly failure: PushFailure) {
    super(failure.message);
  }
}

export type Domain = readonly unknown[];
export type Row = Record<string, unknown>;

export interface ModelApi {
  call(method: string, args: readonly unknown[], extraContext?: Record<string, unknown>): Promise<unknown>;
  search(model: string, domain: Domain, limit?: number | null, order?: [string, string][]): Promise<number[]>;
  read(
    model: string,
    ids: readonly number[],
    fields: readonly string[],
    extraContext?: Record<string, unknown>,
  ): Promise<Row[]>;
  create(model: string, values: readonly Row[]): Promise<number[]>;
  write(model: string, ids: readonly number[], values: Row): Promise<void>;
  remove(model: string, ids: readonly number[]): Promise<void>;
  button(model: string, name: string, ids: readonly number[]): Promise<unknown>;
  /**
   * A button that may raise UserWarnings the mesh has already decided (a sale beyond forecast stock:
   * the channel sold it). Each warning is acknowledged the way Tryton's client does when a person
   * answers "Yes": a `res.user.warning` record for its name, then the same call again.
   */
  buttonPastWarnings(model: string, name: string, ids: readonly number[], accept: RegExp): Promise<unknown>;
}

export function modelApi(session: TrytonSession): ModelApi {
  async function call(method: string, args: readonly unknown[], extraContext?: Record<string, unknown>) {
    const result = await session.call(method, args, extraContext);
    if (!result.ok) throw new TrytonFailure(result);
    return result.value;
  }
  return {
    call,
    async search(model, domain, limit = null, order = [["id", "ASC"]]) {
      return ids(await call(`model.${model}.search`, [domain, 0, limit, order]), model);
    },
    async read(model, recordIds, fields, extraContext) {
      if (recordIds.length === 0) return [];
      const rows = await call(`model.${model}.read`, [recordIds, fields], extraContext);
      if (!Array.isArray(rows)) throw unexpected(model, "read", rows);
      return rows.filter((r): r is Row => typeof r === "object" && r !== null);
    },
    async create(model, values) {
      return ids(await call(`model.${model}.create`, [values]), model);
    },
    async write(model, recordIds, values) {
      if (recordIds.length > 0) await call(`model.${model}.write`, [recordIds, values]);
    },
    async remove(model, recordIds) {
      if (recordIds.length > 0) await call(`model.${model}.delete`, [recordIds]);
    },
    async button(model, name, recordIds) {
      return recordIds.length > 0 ? call(`model.${model}.${name}`, [recordIds]) : null;
    },
    async buttonPastWarnings(model, name, recordIds, accept) {
      for (let attempt = 0; attempt < MAX_WARNINGS; attempt += 1) {
        const result = await session.call(`model.${model}.${name}`, [recordIds]);
        if (result.ok) return result.value;
        const warning = warningName(result.detail);
        if (warning === null || !accept.test(warning)) throw new TrytonFailure(result);
        const user = await session.userId();
        if (typeof user !== "number") throw new TrytonFailure(user);
        await call("model.res.user.warning.create", [[{ user, name: warning, always: false }]]);
      }
      throw refuse("business", `Tryton kept raising warnings on ${model} ${name}`);
    },
  };
}

/** The ids of a One2Many/Many2Many value as read (anything else reads as none). */
export function idsOf(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((v): v is number => typeof v === "number") : [];
}

const MAX_WARNINGS = 50;

/** The name of a UserWarning from its JSON-RPC error (`["UserWarning", [name, message, description]]`). */
function warningName(detail: string | null): string | null {
  try {
    const error: unknown = JSON.parse(detail ?? "null");
    if (!Array.isArray(error) || error[0] !== "UserWarning" || !Array.isArray(error[1])) return null;
    return typeof error[1][0] === "string" ? error[1][0] : null;
  } catch {
    return null;
  }
}

function ids(value: unknown, model: string): number[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "number"))
    throw unexpected(model, "ids", value);
  return value;
}

function unexpected(model: string, what: string, value: unknown): TrytonFailure {
  return new TrytonFailure(
    fail(
      "transient",
      200,
      `Tryton answered ${model} ${what} with an unexpected shape`,
      JSON.stringify(value),
    ),
  );
}

/** A Tryton-side rule the adapter checks itself (a missing mapping, an unknown product). */
export function refuse(errorClass: PushFailure["errorClass"], message: string): TrytonFailure {
  return new TrytonFailure(fail(errorClass, null, message, null));
}

/**
 * Runs a push or read; a TrytonFailure becomes its PushFailure. Anything else thrown inside (an
 * answer whose shape the adapter did not expect) is parked as validation rather than thrown: the
 * adapter never throws, and a retry would meet the same answer.
 */
export async function guard<T extends PushResult | ReadResult<unknown>>(
  work: () => Promise<T>,
): Promise<T | PushFailure> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof TrytonFailure) return err.failure;
    return fail(
      "validation",
      null,
      `Tryton adapter could not use the answer: ${err instanceof Error ? err.message : String(err)}`,
      null,
    );
  }
}
