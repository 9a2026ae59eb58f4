import { z } from "zod";
import {
  defaultDelayMs,
  type FaultOf,
  faultPlanSettings,
  hitsOf,
  type PlanHits,
  pickMixedMode,
  refineCountOrProbability,
  spendPlan,
} from "../common/fault-plan";

/**
 * The sandbox NetSuite account's fault plan: the shared one (common/fault-plan.ts) for authenticated
 * requests within the concurrency limit, with its delay settled when the plan is posted and a
 * `methods` filter. NetSuite calls its login failure `invalid_login_401`; `auth_401` is the uniform
 * control API's name for it.
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

export const FaultPlanInput = refineCountOrProbability(
  z.object({
    mode: FaultMode,
    ...faultPlanSettings,
    /** Only requests with these methods are hit (e.g. `["POST","PUT","PATCH"]` for writes); others pass. */
    methods: z
      .array(z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]))
      .min(1)
      .optional(),
  }),
);
export type FaultPlanInput = z.infer<typeof FaultPlanInput>;

export type PlanMode = Exclude<FaultMode, "clear" | "auth_401">;
/** What actually happens to one request. */
export type ActiveFaultMode = Exclude<PlanMode, "mixed">;

export interface FaultPlan extends PlanHits {
  mode: PlanMode;
  delayMs: number;
  status: number;
  retryAfterSeconds: number | null;
  methods: string[] | null;
}

export type Fault = FaultOf<ActiveFaultMode>;

export function planFrom(input: FaultPlanInput): FaultPlan | null {
  if (input.mode === "clear") return null;
  const mode = input.mode === "auth_401" ? "invalid_login_401" : input.mode;
  return {
    mode,
    ...hitsOf(input),
    delayMs: input.delayMs ?? defaultDelayMs(mode),
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
  const mode = plan.mode === "mixed" ? pickMixedMode(pick) : plan.mode;
  const fault: Fault = {
    mode,
    delayMs: plan.delayMs,
    status: plan.status,
    retryAfterSeconds: plan.retryAfterSeconds,
  };
  return spendPlan(plan, fault, random);
}
