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
 * SAP's fault plan (`POST /_sandbox/sap/faults`): the shared one (common/fault-plan.ts), with delays
 * settled per hit. `commit_then_timeout` only hits modifying requests (a read has nothing to
 * commit), so it always lands on a write.
 */
export const FaultMode = z.enum(FAULT_MODES);
export type FaultMode = z.infer<typeof FaultMode>;

export const FaultPlanInput = refineCountOrProbability(z.object({ mode: FaultMode, ...faultPlanSettings }));
export type FaultPlanInput = z.infer<typeof FaultPlanInput>;

export type HitMode = Exclude<FaultMode, "clear" | "mixed">;

export interface FaultPlan extends PlanHits {
  mode: Exclude<FaultMode, "clear">;
  delayMs: number | null;
  status: number;
  retryAfterSeconds: number | null;
}

export type Fault = FaultOf<HitMode>;

export function planFrom(input: FaultPlanInput): FaultPlan | null {
  if (input.mode === "clear") return null;
  return {
    mode: input.mode,
    ...hitsOf(input),
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
  const mode = plan.mode === "mixed" ? pickMixedMode(input.pick) : plan.mode;
  if (mode === "commit_then_timeout" && !input.modifying) return { fault: null, next: plan };
  const fault: Fault = {
    mode,
    delayMs: plan.delayMs ?? defaultDelayMs(mode),
    status: plan.status,
    retryAfterSeconds: plan.retryAfterSeconds,
  };
  return spendPlan(plan, fault, input.random);
}
