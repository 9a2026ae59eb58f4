import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { timingSafeEqualText } from "../../../../shared/crypto/hmac";
import { ProblemError } from "../../../../shared/http/problem";
import { type OracleHono, podOf } from "./context";
import { FaultPlanInput, planFrom } from "./faults";
import { RESOURCES } from "./resources";
import { mergeSettings, SettingsInput } from "./settings";

/**
 * `/_sandbox/oracle-fusion/*`, the uniform control API: reads are open, writes need
 * `Authorization: Bearer <SANDBOX_CONTROL_TOKEN>` (constant-time, fails closed). Basic auth issues no
 * tokens, so `tokens/expire` answers 404; `settings {passwordExpired: true}` is the auth-failure switch.
 */
export const controlRoutes = new Hono<OracleHono>();

const requireControlToken = createMiddleware<OracleHono>(async (c, next) => {
  const expected = c.env.SANDBOX_CONTROL_TOKEN;
  const given = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim();
  if (!expected || !given || !(await timingSafeEqualText(given, expected))) {
    throw new ProblemError("unauthorized", "a valid Bearer SANDBOX_CONTROL_TOKEN is required");
  }
  await next();
});

async function input<T>(
  raw: Promise<unknown>,
  schema: {
    safeParse: (
      v: unknown,
    ) => { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
): Promise<T> {
  const parsed = schema.safeParse(await raw.catch(() => null));
  if (!parsed.success)
    throw new ProblemError("validation", parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}

controlRoutes.get("/records", async (c) => {
  const items = await podOf(c.env).listRecords();
  return c.json({
    records: items.map((item) => {
      const body = JSON.parse(item.bodyJson) as Record<string, unknown>;
      const reference = RESOURCES.get(item.resource)?.reference?.(body) ?? null;
      return {
        recordType: item.resource,
        id: item.id,
        key: item.naturalKey ?? reference ?? item.itemKey,
        body,
        writeCount: item.writeCount,
      };
    }),
  });
});

controlRoutes.get("/requests", async (c) => c.json({ requests: await podOf(c.env).listRequests() }));
controlRoutes.get("/stats", async (c) => c.json(await podOf(c.env).stats()));
controlRoutes.get("/faults", async (c) => c.json({ fault: await podOf(c.env).faultPlan() }));
controlRoutes.get("/settings", async (c) => c.json(await podOf(c.env).settings()));

controlRoutes.post("/faults", requireControlToken, async (c) => {
  const plan = planFrom(await input(c.req.json(), FaultPlanInput));
  await podOf(c.env).setFaultPlan(plan);
  return c.json({ fault: plan });
});

controlRoutes.post("/settings", requireControlToken, async (c) => {
  const pod = podOf(c.env);
  const settings = mergeSettings(await pod.settings(), await input(c.req.json(), SettingsInput));
  await pod.setSettings(settings);
  return c.json(settings);
});

controlRoutes.post("/reset", requireControlToken, async (c) => {
  await podOf(c.env).reset();
  return c.json({ reset: true });
});

controlRoutes.post("/tokens/expire", requireControlToken, () => {
  throw new ProblemError("notFound", "Oracle Fusion uses Basic auth here: there are no tokens to expire");
});
