import type { ErpConnectionOf } from "../../../../../shared/erp";
import type { AdapterDeps, PushFailure } from "../erp-adapter";
import { classifyOutcome, fail } from "./classify";
import { callRpc } from "./rpc";

/**
 * A logged-in Tryton session. `common.db.login(login, {"password": …}, language)` answers
 * `[user_id, session_key]` (trytond/protocols/dispatcher.py `login`, trytond/security.py); later
 * calls send `Authorization: Session base64(login:user_id:key)` (trytond/protocols/wrappers.py
 * `parse_authorization_header`). The context every call ends with is the user's preferences
 * (`model.res.user.get_preferences(true, {})`), as Tryton's own clients do: it carries the company.
 * A 401 on a call means the session is unknown or expired (trytond checks it before dispatching, so
 * nothing ran): log in again once and repeat the call.
 */
export type RpcResult = { ok: true; value: unknown } | PushFailure;

export interface TrytonSession {
  /** Calls `method` with `args` and the session's context, extended by `extraContext`. */
  call(method: string, args: readonly unknown[], extraContext?: Record<string, unknown>): Promise<RpcResult>;
  /** The logged-in user's id (warnings are acknowledged per user). */
  userId(): Promise<number | PushFailure>;
}

interface Established {
  userId: number;
  authorization: string;
  context: Record<string, unknown>;
}

export function createSession(connection: ErpConnectionOf<"tryton">, deps: AdapterDeps): TrytonSession {
  const url = `${connection.settings.baseUrl}/${encodeURIComponent(connection.settings.database)}/`;
  const { login, password } = connection.credentials;
  let current: Promise<Established | PushFailure> | null = null;

  async function establish(): Promise<Established | PushFailure> {
    const logged = await callRpc(deps, url, null, "common.db.login", [login, { password }, "en"]);
    if (logged.kind !== "result") {
      const failure = classifyOutcome(logged, deps.now());
      return failure.httpStatus === 401
        ? { ...failure, message: `Tryton refused the login of ${login}` }
        : failure;
    }
    const [userId, key] = Array.isArray(logged.value) ? logged.value : [];
    if (typeof userId !== "number" || typeof key !== "string") {
      return fail("auth", 200, "Tryton login answered without a session", JSON.stringify(logged.value));
    }
    const authorization = `Session ${base64Utf8(`${login}:${userId}:${key}`)}`;
    const prefs = await callRpc(deps, url, authorization, "model.res.user.get_preferences", [true, {}]);
    if (prefs.kind !== "result") return classifyOutcome(prefs, deps.now());
    const context = typeof prefs.value === "object" && prefs.value !== null ? { ...prefs.value } : {};
    return { userId, authorization, context };
  }

  async function session(fresh: boolean): Promise<Established | PushFailure> {
    if (fresh || current === null) current = establish();
    const established = await current;
    // A failed login is not kept: the next call tries again.
    if ("ok" in established) current = null;
    return established;
  }

  async function callOnce(
    s: Established,
    method: string,
    args: readonly unknown[],
    extra: Record<string, unknown>,
  ) {
    return callRpc(deps, url, s.authorization, method, [...args, { ...s.context, ...extra }]);
  }

  return {
    async call(method, args, extraContext = {}) {
      let s = await session(false);
      if ("ok" in s) return s;
      let outcome = await callOnce(s, method, args, extraContext);
      if (outcome.kind === "http" && outcome.status === 401) {
        s = await session(true);
        if ("ok" in s) return s;
        outcome = await callOnce(s, method, args, extraContext);
      }
      return outcome.kind === "result"
        ? { ok: true, value: outcome.value }
        : classifyOutcome(outcome, deps.now());
    },
    async userId() {
      const s = await session(false);
      return "ok" in s ? s : s.userId;
    },
  };
}

function base64Utf8(text: string): string {
  return btoa(Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join(""));
}
