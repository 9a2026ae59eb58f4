import { z } from "zod";

/**
 * Fault injection, the uniform control API every sandbox system shares: a plan hits the next
 * `count` admitted API requests, or each with `probability`; `mixed` picks error_5xx,
 * rate_limit_429 or commit_then_timeout at random for each hit. Posting a plan replaces the last.
 */
export const FaultMode = z.enum([
  "error_5xx",
  "rate_limit_429",
  "auth_401",
  "slow",
  "commit_then_timeout",
  "mixed",
  "clear",
]);
export type FaultMode = z.infer<typeof FaultMode>;

export const FaultPlanInput = z
  .object({
    mode: FaultMode,
    count: z.number().int().positive().optional(),
    probability: z.number().gt(0).max(1).optional(),
    delayMs: z.number().int().min(0).max(900_000).optional(),
    status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
    retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    /**
     * Sandbox extension: hit only requests whose `METHOD /path` matches this regular expression,
     * e.g. `^POST .*\/\$batch$` to lose the answer of a write and not of the look-up before it.
     */
    match: z
      .string()
      .max(500)
      .refine((r) => {
        try {
          new RegExp(r);
          return true;
        } catch {
          return false;
        }
      }, "match must be a regular expression")
      .optional(),
  })
  .refine((p) => p.count === undefined || p.probability === undefined, "give count or probability, not both");
export type FaultPlanInput = z.infer<typeof FaultPlanInput>;

export type ActiveMode = Exclude<FaultMode, "clear">;
export type HitMode = Exclude<ActiveMode, "mixed">;

export interface FaultPlan {
  mode: ActiveMode;
  remaining: number | null;
  probability: number | null;
  delayMs: number | null;
  status: number;
  retryAfterSeconds: number | null;
  match: string | null;
}

export interface Fault {
  mode: HitMode;
  delayMs: number;
  status: number;
  retryAfterSeconds: number | null;
}

const DEFAULT_DELAY_MS: Record<HitMode, number> = {
  error_5xx: 0,
  rate_limit_429: 0,
  auth_401: 0,
  slow: 2_000,
  commit_then_timeout: 60_000,
};
const MIXED: readonly HitMode[] = ["error_5xx", "rate_limit_429", "commit_then_timeout"];

export function planFrom(input: FaultPlanInput): FaultPlan | null {
  if (input.mode === "clear") return null;
  return {
    mode: input.mode,
    remaining: input.probability === undefined ? (input.count ?? 1) : null,
    probability: input.probability ?? null,
    delayMs: input.delayMs ?? null,
    status: input.status ?? 503,
    retryAfterSeconds: input.retryAfterSeconds ?? null,
    match: input.match ?? null,
  };
}

/** Whether the plan applies to this request at all (its `match`, when it has one). */
export function planApplies(plan: FaultPlan, target: string): boolean {
  return plan.match === null || new RegExp(plan.match).test(target);
}

/** Whether this request is hit (two random draws: hit, then which mode for `mixed`). */
export function drawFault(
  plan: FaultPlan,
  hitDraw: number,
  modeDraw: number,
): { fault: Fault | null; next: FaultPlan | null } {
  const mode =
    plan.mode === "mixed" ? (MIXED[Math.floor(modeDraw * MIXED.length)] ?? "error_5xx") : plan.mode;
  const fault: Fault = {
    mode,
    delayMs: plan.delayMs ?? DEFAULT_DELAY_MS[mode],
    status: plan.status,
    retryAfterSeconds: plan.retryAfterSeconds ?? (mode === "rate_limit_429" ? 1 : null),
  };
  if (plan.remaining === null) return { fault: hitDraw < (plan.probability ?? 0) ? fault : null, next: plan };
  const remaining = plan.remaining - 1;
  return { fault, next: remaining > 0 ? { ...plan, remaining } : null };
}
