import { z } from "zod";

/**
 * The fault plan of the uniform sandbox control API, which every sandbox system shares: a plan hits
 * the next `count` admitted requests, or each with `probability`; `mixed` picks error_5xx,
 * rate_limit_429 or commit_then_timeout at random for each hit; posting a plan replaces the last and
 * `clear` removes it. Each system's `faults.ts` adds its own defaults, names and filters.
 */
export const FAULT_MODES = [
  "error_5xx",
  "rate_limit_429",
  "auth_401",
  "slow",
  "commit_then_timeout",
  "mixed",
  "clear",
] as const;

/** The settings of a plan besides its mode, for each system's `z.object`. */
export const faultPlanSettings = {
  count: z.number().int().positive().optional(),
  probability: z.number().gt(0).max(1).optional(),
  /** `slow`: delay before the request is processed. `commit_then_timeout`: how long the response is held. */
  delayMs: z.number().int().min(0).max(900_000).optional(),
  /** `error_5xx`: which status to answer with. */
  status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
  /** `rate_limit_429`: adds a `Retry-After` header with this many seconds. */
  retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
};

type CountOrProbability = { count?: number | undefined; probability?: number | undefined };

/** A plan counts its hits or draws them, never both. */
export function refineCountOrProbability<T extends z.ZodType<CountOrProbability>>(schema: T): T {
  return schema.refine(
    (p) => p.count === undefined || p.probability === undefined,
    "give count or probability, not both",
  );
}

/** How a plan runs out: after `remaining` hits, or never when it hits with a `probability`. */
export interface PlanHits {
  remaining: number | null;
  probability: number | null;
}

export function hitsOf(input: CountOrProbability): PlanHits {
  return {
    remaining: input.probability === undefined ? (input.count ?? 1) : null,
    probability: input.probability ?? null,
  };
}

/** What one request must suffer; the plan's settings travel with it so the gate needs no second read. */
export interface FaultOf<Mode extends string> {
  mode: Mode;
  delayMs: number;
  status: number;
  retryAfterSeconds: number | null;
}

const MIXED = ["error_5xx", "rate_limit_429", "commit_then_timeout"] as const;
export type MixedMode = (typeof MIXED)[number];

/** The mode a `mixed` plan uses for one hit, from a uniform draw in [0, 1). */
export function pickMixedMode(pick: number): MixedMode {
  return MIXED[Math.floor(pick * MIXED.length)] ?? "error_5xx";
}

/**
 * Default `delayMs` of a mode; other modes have none. `mixed` gets the longest so that a system
 * which settles the delay when the plan is posted, before any pick, still holds a timeout long enough.
 */
export function defaultDelayMs(mode: string): number {
  if (mode === "slow") return 2_000;
  return mode === "commit_then_timeout" || mode === "mixed" ? 60_000 : 0;
}

/**
 * Spends one request of the plan: a counted plan hits it and counts down, a probabilistic one hits
 * it when `hitDraw` falls under the probability. Returns the fault, if any, and what remains.
 */
export function spendPlan<Plan extends PlanHits, Fault>(
  plan: Plan,
  fault: Fault,
  hitDraw: number,
): { fault: Fault | null; next: Plan | null } {
  if (plan.remaining === null) return { fault: hitDraw < (plan.probability ?? 0) ? fault : null, next: plan };
  const remaining = plan.remaining - 1;
  return { fault, next: remaining > 0 ? { ...plan, remaining } : null };
}
