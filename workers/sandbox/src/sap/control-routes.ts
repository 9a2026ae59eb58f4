import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { timingSafeEqualText } from "../../../../shared/crypto/hmac";
import { ProblemError } from "../../../../shared/http/problem";
import { type SapHono, systemOf } from "./context";
import { FaultPlanInput, planFrom } from "./faults";
import { SettingsInput } from "./settings";

/**
 * `/_sandbox/sap/*`, the uniform sandbox control API: reads are open (the sandbox holds only test
 * data); anything that changes behaviour or state needs `Authorization: Bearer
 * <SANDBOX_CONTROL_TOKEN>`, compared in constant time, failing closed when no token is configured.
 */
export const controlRoutes = new Hono<SapHono>();

const requireControlToken = createMiddleware<SapHono>(async (c, next) => {
  const expected = c.env.SANDBOX_CONTROL_TOKEN;
  const given = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim();
  if (!expected || !given || !(await timingSafeEqualText(given, expected))) {
    throw new ProblemError("unauthorized", "a valid Bearer SANDBOX_CONTROL_TOKEN is required");
  }
  await next();
});

async function input(c: import("hono").Context<SapHono>): Promise<unknown> {
  return c.req.json().catch(() => null);
}

function invalid(issues: readonly { message: string }[]): never {
  throw new ProblemError("validation", issues.map((i) => i.message).join("; "));
}

controlRoutes.get("/records", async (c) => {
  const records = await systemOf(c.env).listRecords();
  return c.json({
    records: records.map(({ bodyJson, ...r }) => ({ ...r, body: JSON.parse(bodyJson) as unknown })),
  });
});

controlRoutes.get("/requests", async (c) => c.json({ requests: await systemOf(c.env).listRequests() }));
controlRoutes.get("/stats", async (c) => c.json(await systemOf(c.env).stats()));
controlRoutes.get("/settings", async (c) => c.json(await systemOf(c.env).settings()));
controlRoutes.get("/faults", async (c) => c.json({ fault: await systemOf(c.env).faultPlan() }));

controlRoutes.post("/settings", requireControlToken, async (c) => {
  const parsed = SettingsInput.safeParse(await input(c));
  if (!parsed.success) invalid(parsed.error.issues);
  return c.json(await systemOf(c.env).updateSettings(parsed.data));
});

controlRoutes.post("/faults", requireControlToken, async (c) => {
  const parsed = FaultPlanInput.safeParse(await input(c));
  if (!parsed.success) invalid(parsed.error.issues);
  const plan = planFrom(parsed.data);
  await systemOf(c.env).setFaultPlan(plan);
  return c.json({ fault: plan });
});

controlRoutes.post("/tokens/expire", requireControlToken, async (c) =>
  c.json({ expired: await systemOf(c.env).expireTokens() }),
);

controlRoutes.post("/reset", requireControlToken, async (c) => {
  await systemOf(c.env).reset();
  return c.json({ reset: true });
});
