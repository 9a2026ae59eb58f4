import { z } from "zod";

/**
 * Fault injection for the sandbox NetSuite account. A plan applies to authenticated requests within
 * the concurrency limit, either to the next `count` of them or to each with `probability`; posting a
 * new plan replaces the old one, `clear` removes it. `mixed` picks error_5xx, rate_limit_429 or
 * commit_then_timeout at random for each request it hits (the chaos run's mode). `auth_401` is the
 * uniform control API's name for `invalid_login_401`.
 */
export const FaultMode = z.enum([
  "error_5xx",
  "rate_limit_429",
  "invalid_login_401",
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
    /** `slow`: delay before the request is processed. `commit_then_timeout`: how long the response is held. */
    delayMs: z.number().int().min(0).max(900_000).optional(),
    /** `error_5xx`: which status to answer with. */
    status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
    /** `rate_limit_429`: adds a `Retry-After` header with this many seconds. */
    retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    /** Only requests with these methods are hit (e.g. `["POST","PUT","PATCH"]` for writes); others pass. */
    methods: z
      .array(z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]))
      .min(1)
      .optional(),
  })
  .refine((p) => p.count === undefined || p.probability === undefined, "give count or probability, not both");
export type FaultPlanInput = z.infer<typeof FaultPlanInput>;

export type PlanMode = Exclude<FaultMode, "clear" | "auth_401">;
/** What actually happens to one request. */
export type ActiveFaultMode = Exclude<PlanMode, "mixed">;

export interface FaultPlan {
  mode: PlanMode;
  /** Requests still to be hit; null when the plan is probabilistic. */
  remaining: number | null;
  probability: number | null;
  delayMs: number;
  status: number;
  retryAfterSeconds: number | null;
  methods: string[] | null;
}

/** What one request must suffer; the plan's settings travel with it so the gate needs no second read. */
export interface Fault {
  mode: ActiveFaultMode;
  delayMs: number;
  status: number;
  retryAfterSeconds: number | null;
}

const DEFAULT_DELAY_MS: Record<PlanMode, number> = {
  error_5xx: 0,
  rate_limit_429: 0,
  invalid_login_401: 0,
  slow: 2_000,
  commit_then_timeout: 60_000,
  mixed: 60_000,
};

const MIXED: readonly ActiveFaultMode[] = ["error_5xx", "rate_limit_429", "commit_then_timeout"];

export function planFrom(input: FaultPlanInput): FaultPlan | null {
  if (input.mode === "clear") return null;
  const mode = input.mode === "auth_401" ? "invalid_login_401" : input.mode;
  return {
    mode,
    remaining: input.probability === undefined ? (input.count ?? 1) : null,
    probability: input.probability ?? null,
    delayMs: input.delayMs ?? DEFAULT_DELAY_MS[mode],
    status: input.status ?? 500,
    retryAfterSeconds: input.retryAfterSeconds ?? null,
    methods: input.methods ?? null,
  };
}

/**
 * Decides whether this request is hit (`random`) and, for `mixed`, by what (`pick`); returns the plan
 * that remains afterwards.
 */
export function drawFault(
  plan: FaultPlan,
  random: number,
  pick: number,
): { fault: Fault | null; next: FaultPlan | null } {
  const mode = plan.mode === "mixed" ? (MIXED[Math.floor(pick * MIXED.length)] ?? "error_5xx") : plan.mode;
  const fault: Fault = {
    mode,
    delayMs: plan.delayMs,
    status: plan.status,
    retryAfterSeconds: plan.retryAfterSeconds,
  };
  if (plan.remaining === null) return { fault: random < (plan.probability ?? 0) ? fault : null, next: plan };
  const remaining = plan.remaining - 1;
  return { fault, next: remaining > 0 ? { ...plan, remaining } : null };
}
