import { z } from "zod";

/**
 * Fault injection, as the uniform control API defines it (`POST /_sandbox/sap/faults`). A plan hits
 * the next `count` admitted requests or each with `probability`; `mixed` picks error_5xx,
 * rate_limit_429 or commit_then_timeout at random per hit. `commit_then_timeout` only hits
 * modifying requests (a read has nothing to commit), so it always lands on a write.
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
  })
  .refine((p) => p.count === undefined || p.probability === undefined, "give count or probability, not both");
export type FaultPlanInput = z.infer<typeof FaultPlanInput>;

export type HitMode = Exclude<FaultMode, "clear" | "mixed">;

export interface FaultPlan {
  mode: Exclude<FaultMode, "clear">;
  remaining: number | null;
  probability: number | null;
  delayMs: number | null;
  status: number;
  retryAfterSeconds: number | null;
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
    status: input.status ?? 500,
    retryAfterSeconds: input.retryAfterSeconds ?? null,
  };
}

/**
 * Whether this request is hit, and the plan that remains. `random` decides probability hits and
 * `pick` which mode a mixed plan uses; a write-only fault skips reads without using up its count.
 */
export function drawFault(
  plan: FaultPlan,
  input: { random: number; pick: number; modifying: boolean },
): { fault: Fault | null; next: FaultPlan | null } {
  const mode =
    plan.mode === "mixed" ? (MIXED[Math.floor(input.pick * MIXED.length)] ?? "error_5xx") : plan.mode;
  if (mode === "commit_then_timeout" && !input.modifying) return { fault: null, next: plan };
  const fault: Fault = {
    mode,
    delayMs: plan.delayMs ?? DEFAULT_DELAY_MS[mode],
    status: plan.status,
    retryAfterSeconds: plan.retryAfterSeconds,
  };
  if (plan.remaining === null)
    return { fault: input.random < (plan.probability ?? 0) ? fault : null, next: plan };
  const remaining = plan.remaining - 1;
  return { fault, next: remaining > 0 ? { ...plan, remaining } : null };
}
