import { z } from "zod";
import {
  defaultDelayMs,
  FAULT_MODES,
  type FaultOf,
  faultPlanSettings,
  hitsOf,
  type PlanHits,
  pickMixedMode,
  refineCountOrProbability,
  spendPlan,
} from "../common/fault-plan";

/**
 * Business Central's fault plan: the shared one (common/fault-plan.ts) with 503 as its default
 * status, a default `Retry-After` of one second, delays settled per hit, and a `match` filter.
 */
export const FaultMode = z.enum(FAULT_MODES);
export type FaultMode = z.infer<typeof FaultMode>;

export const FaultPlanInput = refineCountOrProbability(
  z.object({
    mode: FaultMode,
    ...faultPlanSettings,
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
  }),
);
export type FaultPlanInput = z.infer<typeof FaultPlanInput>;

export type ActiveMode = Exclude<FaultMode, "clear">;
export type HitMode = Exclude<ActiveMode, "mixed">;

export interface FaultPlan extends PlanHits {
  mode: ActiveMode;
  delayMs: number | null;
  status: number;
  retryAfterSeconds: number | null;
  match: string | null;
}

export type Fault = FaultOf<HitMode>;

export function planFrom(input: FaultPlanInput): FaultPlan | null {
  if (input.mode === "clear") return null;
  return {
    mode: input.mode,
    ...hitsOf(input),
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
  const mode = plan.mode === "mixed" ? pickMixedMode(modeDraw) : plan.mode;
  const fault: Fault = {
    mode,
    delayMs: plan.delayMs ?? defaultDelayMs(mode),
    status: plan.status,
    retryAfterSeconds: plan.retryAfterSeconds ?? (mode === "rate_limit_429" ? 1 : null),
  };
  return spendPlan(plan, fault, hitDraw);
}
