import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { timingSafeEqualText } from "../../../../shared/crypto/hmac";
import { ProblemError } from "../../../../shared/http/problem";
import { accountOf, type NetSuiteHono } from "./context";
import { FaultPlanInput, planFrom } from "./faults";
import { SettingsInput } from "./settings";

/**
 * `/_sandbox/netsuite/*`: the uniform control API the tests, the bench and the chaos run use to steer
 * and inspect the sandbox account. Reads are open (the sandbox holds only test data); anything that
 * changes behaviour or state needs `Authorization: Bearer <SANDBOX_CONTROL_TOKEN>` (constant-time
 * compare) and fails closed when no token is configured.
 */
export const controlRoutes = new Hono<NetSuiteHono>();

const requireControlToken = createMiddleware<NetSuiteHono>(async (c, next) => {
  const expected = c.env.SANDBOX_CONTROL_TOKEN;
  const given = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim();
  if (!expected || !given || !(await timingSafeEqualText(given, expected))) {
    throw new ProblemError("unauthorized", "a valid Bearer SANDBOX_CONTROL_TOKEN is required");
  }
  await next();
});

controlRoutes.get("/records", async (c) => {
  const records = await accountOf(c.env).listRecords();
  return c.json({
    // `key` is what NetSuite knows the record by for idempotency: its external id.
    records: records.map(({ bodyJson, ...r }) => ({
      ...r,
      key: r.externalId,
      body: JSON.parse(bodyJson) as unknown,
    })),
  });
});

controlRoutes.get("/requests", async (c) => c.json({ requests: await accountOf(c.env).listRequests() }));

controlRoutes.get("/faults", async (c) => c.json({ fault: await accountOf(c.env).faultPlan() }));

function invalidInput(issues: ReadonlyArray<{ message: string }>): ProblemError {
  return new ProblemError("validation", issues.map((i) => i.message).join("; "));
}

controlRoutes.get("/stats", async (c) => c.json(await accountOf(c.env).stats()));

controlRoutes.get("/settings", async (c) => c.json(await accountOf(c.env).settings()));

controlRoutes.post("/settings", requireControlToken, async (c) => {
  const parsed = SettingsInput.safeParse(await c.req.json().catch(() => null));
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  return c.json(await accountOf(c.env).updateSettings(parsed.data));
});

controlRoutes.post("/tokens/expire", requireControlToken, async (c) => {
  return c.json({ expired: await accountOf(c.env).expireTokens(Date.now()) });
});

controlRoutes.post("/faults", requireControlToken, async (c) => {
  const parsed = FaultPlanInput.safeParse(await c.req.json().catch(() => null));
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const plan = planFrom(parsed.data);
  await accountOf(c.env).setFaultPlan(plan);
  return c.json({ fault: plan });
});

controlRoutes.post("/reset", requireControlToken, async (c) => {
  await accountOf(c.env).reset();
  return c.json({ reset: true });
});
