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
 * Oracle Fusion's fault plan (`POST /_sandbox/oracle-fusion/faults`): the shared one
 * (common/fault-plan.ts), with its delay settled when the plan is posted.
 */
export const FaultMode = z.enum(FAULT_MODES);
export type FaultMode = z.infer<typeof FaultMode>;

export const FaultPlanInput = refineCountOrProbability(z.object({ mode: FaultMode, ...faultPlanSettings }));
export type FaultPlanInput = z.infer<typeof FaultPlanInput>;

export type PlanMode = Exclude<FaultMode, "clear">;
export type HitMode = Exclude<PlanMode, "mixed">;

export interface FaultPlan extends PlanHits {
  mode: PlanMode;
  delayMs: number;
  status: number;
  retryAfterSeconds: number | null;
}

export type Fault = FaultOf<HitMode>;

export function planFrom(input: FaultPlanInput): FaultPlan | null {
  if (input.mode === "clear") return null;
  return {
    mode: input.mode,
    ...hitsOf(input),
    delayMs: input.delayMs ?? defaultDelayMs(input.mode),
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
  const mode: HitMode = plan.mode === "mixed" ? pickMixedMode(modeDraw) : plan.mode;
  const fault: Fault = {
    mode,
    delayMs: plan.delayMs,
    status: plan.status,
    retryAfterSeconds: plan.retryAfterSeconds,
  };
  return spendPlan(plan, fault, hitDraw);
}
