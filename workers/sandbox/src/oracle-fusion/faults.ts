import { z } from "zod";

/**
 * Fault injection, as the uniform sandbox control API defines it (`POST /_sandbox/oracle-fusion/faults`):
 * a plan hits the next `count` admitted requests, or each with `probability`. `mixed` picks among
 * error_5xx, rate_limit_429 and commit_then_timeout per hit (the chaos run). A new plan replaces the old.
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

export type PlanMode = Exclude<FaultMode, "clear">;
export type HitMode = Exclude<PlanMode, "mixed">;

export interface FaultPlan {
  mode: PlanMode;
  remaining: number | null;
  probability: number | null;
  delayMs: number;
  status: number;
  retryAfterSeconds: number | null;
}

export interface Fault {
  mode: HitMode;
  delayMs: number;
  status: number;
  retryAfterSeconds: number | null;
}

const DEFAULT_DELAY_MS: Record<PlanMode, number> = {
  error_5xx: 0,
  rate_limit_429: 0,
  auth_401: 0,
  slow: 2_000,
  commit_then_timeout: 60_000,
  mixed: 60_000,
};

const MIXED: readonly HitMode[] = ["error_5xx", "rate_limit_429", "commit_then_timeout"];

export function planFrom(input: FaultPlanInput): FaultPlan | null {
  if (input.mode === "clear") return null;
  return {
    mode: input.mode,
    remaining: input.probability === undefined ? (input.count ?? 1) : null,
    probability: input.probability ?? null,
    delayMs: input.delayMs ?? DEFAULT_DELAY_MS[input.mode],
    status: input.status ?? 500,
    retryAfterSeconds: input.retryAfterSeconds ?? null,
  };
}

/** Whether this request is hit (two uniform draws: hit or not, then which mode for `mixed`). */
export function drawFault(
  plan: FaultPlan,
  hitDraw: number,
  modeDraw: number,
): { fault: Fault | null; next: FaultPlan | null } {
  const mode: HitMode =
    plan.mode === "mixed" ? (MIXED[Math.floor(modeDraw * MIXED.length)] ?? "error_5xx") : plan.mode;
  const fault: Fault = {
    mode,
    delayMs: plan.delayMs,
    status: plan.status,
    retryAfterSeconds: plan.retryAfterSeconds,
  };
  if (plan.remaining === null) return { fault: hitDraw < (plan.probability ?? 0) ? fault : null, next: plan };
  const remaining = plan.remaining - 1;
  return { fault, next: remaining > 0 ? { ...plan, remaining } : null };
}
