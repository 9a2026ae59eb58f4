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
 * Shopify's fault plan (`POST /_sandbox/shopify/shops/:shop/faults`): the shared one
 * (common/fault-plan.ts) plus two of Shopify's own:
 *
 * - `throttled`: a THROTTLED answer although the bucket has points (HTTP status from the settings'
 *   `throttledStatus`); `rate_limit_429` is the same body with HTTP 429 (and `Retry-After` if set).
 * - `concurrent_change`: just before the next fresh `inventorySetQuantities` (not a replay) that
 *   targets a stocked level, something on Shopify's side moves the first such level's quantity of
 *   `name` by `delta` (default -1; up instead when it would go below 0), so a compare-and-swap based
 *   on the value read before fails with CHANGE_FROM_QUANTITY_STALE. Other requests leave it unspent.
 */
export const FaultMode = z.enum([...FAULT_MODES, "throttled", "concurrent_change"]);
export type FaultMode = z.infer<typeof FaultMode>;

export const FaultPlanInput = refineCountOrProbability(
  z.object({
    mode: FaultMode,
    ...faultPlanSettings,
    /** `concurrent_change`: how far the targeted quantity moves (never below 0: it moves up instead). */
    delta: z
      .number()
      .int()
      .min(-1_000_000)
      .max(1_000_000)
      .refine((d) => d !== 0, "delta must not be 0")
      .optional(),
  }),
);
export type FaultPlanInput = z.infer<typeof FaultPlanInput>;

export type PlanMode = Exclude<FaultMode, "clear">;
export type HitMode = Exclude<PlanMode, "mixed">;

export interface FaultPlan extends PlanHits {
  mode: PlanMode;
  delayMs: number;
  status: number;
  retryAfterSeconds: number | null;
  delta: number;
}

export type Fault = FaultOf<HitMode> & { delta: number };

export function planFrom(input: FaultPlanInput): FaultPlan | null {
  if (input.mode === "clear") return null;
  return {
    mode: input.mode,
    ...hitsOf(input),
    delayMs: input.delayMs ?? defaultDelayMs(input.mode),
    status: input.status ?? 500,
    retryAfterSeconds: input.retryAfterSeconds ?? null,
    delta: input.delta ?? -1,
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
    delta: plan.delta,
  };
  return spendPlan(plan, fault, hitDraw);
}
