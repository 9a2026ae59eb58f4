import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { timingSafeEqualText } from "../../../../shared/crypto/hmac";
import { ProblemError } from "../../../../shared/http/problem";
import { type BcHono, tenantOf } from "./context";
import { FaultPlanInput, planFrom } from "./faults";
import { SettingsInput } from "./settings";

/**
 * `/_sandbox/business-central/*`, the uniform control API: reads are open (test data only), writes
 * need `Authorization: Bearer <SANDBOX_CONTROL_TOKEN>` and fail closed when none is configured.
 */
export const controlRoutes = new Hono<BcHono>();

const requireControlToken = createMiddleware<BcHono>(async (c, next) => {
  const expected = c.env.SANDBOX_CONTROL_TOKEN;
  const given = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim();
  if (!expected || !given || !(await timingSafeEqualText(given, expected))) {
    throw new ProblemError("unauthorized", "a valid Bearer SANDBOX_CONTROL_TOKEN is required");
  }
  await next();
});

async function parsed<T>(schema: z.ZodType<T>, raw: Promise<unknown>): Promise<T> {
  const result = schema.safeParse(await raw.catch(() => null));
  if (!result.success)
    throw new ProblemError("validation", result.error.issues.map((i) => i.message).join("; "));
  return result.data;
}

const SeedInput = z.object({
  items: z
    .array(
      z.object({
        number: z.string().min(1).max(20),
        displayName: z.string().optional(),
        unitPrice: z.number().optional(),
        inventory: z.number().optional(),
      }),
    )
    .optional(),
  customers: z
    .array(
      z.object({
        number: z.string().min(1).max(20),
        displayName: z.string().optional(),
        email: z.string().optional(),
      }),
    )
    .optional(),
});

controlRoutes.get("/records", async (c) => {
  const records = await tenantOf(c.env).listRecords();
  return c.json({
    records: records.map(({ bodyJson, ...r }) => ({ ...r, body: JSON.parse(bodyJson) as unknown })),
  });
});
controlRoutes.get("/requests", async (c) => c.json({ requests: await tenantOf(c.env).listRequests() }));
controlRoutes.get("/stats", async (c) => c.json(await tenantOf(c.env).stats()));
controlRoutes.get("/faults", async (c) => c.json({ fault: await tenantOf(c.env).faultPlan() }));
controlRoutes.get("/settings", async (c) => c.json(await tenantOf(c.env).settings()));

controlRoutes.post("/faults", requireControlToken, async (c) => {
  const plan = planFrom(await parsed(FaultPlanInput, c.req.json()));
  await tenantOf(c.env).setFaultPlan(plan);
  return c.json({ fault: plan });
});
controlRoutes.post("/settings", requireControlToken, async (c) => {
  const input = await parsed(SettingsInput, c.req.json());
  return c.json(await tenantOf(c.env).updateSettings(input));
});
controlRoutes.post("/seed", requireControlToken, async (c) => {
  const input = await parsed(SeedInput, c.req.json());
  return c.json(await tenantOf(c.env).seed(input));
});
controlRoutes.post("/tokens/expire", requireControlToken, async (c) =>
  c.json({ expired: await tenantOf(c.env).expireTokens() }),
);
controlRoutes.post("/reset", requireControlToken, async (c) => {
  await tenantOf(c.env).reset();
  return c.json({ reset: true });
});
