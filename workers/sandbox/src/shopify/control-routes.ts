import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { timingSafeEqualText } from "../../../../shared/crypto/hmac";
import { ProblemError } from "../../../../shared/http/problem";
import { SHOP_DOMAIN, type ShopifyHono, shopOf } from "./context";
import { FaultPlanInput, planFrom } from "./faults";
import { mergeSettings, SettingsInput } from "./settings";

/**
 * `/_sandbox/shopify/shops/:shop/...`, the uniform control API, per shop (one Durable Object each):
 * reads are open, writes need `Authorization: Bearer <SANDBOX_CONTROL_TOKEN>` (constant-time, fails
 * closed). A shop exists once `PUT /shops/:shop` has set it up; `reset` forgets it entirely.
 */
export const controlRoutes = new Hono<ShopifyHono>();

const requireControlToken = createMiddleware<ShopifyHono>(async (c, next) => {
  const expected = c.env.SANDBOX_CONTROL_TOKEN;
  const given = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim();
  if (!expected || !given || !(await timingSafeEqualText(given, expected))) {
    throw new ProblemError("unauthorized", "a valid Bearer SANDBOX_CONTROL_TOKEN is required");
  }
  await next();
});

const shopParam = createMiddleware<ShopifyHono>(async (c, next) => {
  const shop = c.req.param("shop") ?? "";
  if (!SHOP_DOMAIN.test(shop)) throw new ProblemError("notFound", "a shop is named <name>.myshopify.com");
  await next();
});

async function input<T>(raw: Promise<unknown>, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await raw.catch(() => null));
  if (!parsed.success) {
    throw new ProblemError(
      "validation",
      parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
  }
  return parsed.data;
}

const LocationGid = z.string().regex(/^gid:\/\/shopify\/Location\/\d+$/, "a gid://shopify/Location/<n>");
const ItemGid = z
  .string()
  .regex(/^gid:\/\/shopify\/InventoryItem\/\d+$/, "a gid://shopify/InventoryItem/<n>");
const Quantity = z.number().int().min(-1_000_000_000).max(1_000_000_000);

const ShopSetupInput = z
  .object({
    accessToken: z.string().min(1),
    locations: z.array(z.object({ id: LocationGid, name: z.string().min(1) })).min(1),
    items: z.array(
      z.object({
        id: ItemGid,
        sku: z.string().nullable().optional(),
        tracked: z.boolean().optional(),
        levels: z.array(
          z.object({
            locationId: LocationGid,
            available: Quantity,
            committed: z.number().int().min(0).max(1_000_000_000).optional(),
            onHand: Quantity.optional(),
          }),
        ),
      }),
    ),
  })
  .superRefine((shop, ctx) => {
    const unique = (ids: string[], path: string) => {
      if (new Set(ids).size !== ids.length)
        ctx.addIssue({ code: "custom", path: [path], message: "ids must be unique" });
    };
    unique(
      shop.locations.map((l) => l.id),
      "locations",
    );
    unique(
      shop.items.map((i) => i.id),
      "items",
    );
    const locations = new Set(shop.locations.map((l) => l.id));
    shop.items.forEach((item, i) => {
      unique(
        item.levels.map((l) => l.locationId),
        `items.${i}.levels`,
      );
      item.levels.forEach((level, j) => {
        const path = ["items", i, "levels", j];
        if (!locations.has(level.locationId)) {
          ctx.addIssue({
            code: "custom",
            path: [...path, "locationId"],
            message: "not one of the shop's locations",
          });
        }
        const committed = level.committed ?? 0;
        if (level.onHand !== undefined && level.onHand < level.available + committed) {
          ctx.addIssue({
            code: "custom",
            path: [...path, "onHand"],
            message: "onHand must be at least available + committed",
          });
        }
      });
    });
  });

const SaleInput = z.object({
  inventoryItemId: ItemGid,
  locationId: LocationGid,
  quantity: z.number().int().min(1).max(1_000_000),
  oversell: z.boolean().optional(),
});

const shops = new Hono<ShopifyHono>();
shops.use("/:shop", shopParam);
shops.use("/:shop/*", shopParam);

shops.put("/:shop", requireControlToken, async (c) => {
  const shop = c.req.param("shop");
  const setup = await input(c.req.json(), ShopSetupInput);
  const counts = await shopOf(c.env, shop).setup({
    accessToken: setup.accessToken,
    locations: setup.locations,
    items: setup.items.map((item) => ({
      id: item.id,
      sku: item.sku ?? null,
      tracked: item.tracked ?? true,
      levels: item.levels.map((level) => {
        const committed = level.committed ?? 0;
        return {
          locationId: level.locationId,
          available: level.available,
          committed,
          onHand: level.onHand ?? level.available + committed,
        };
      }),
    })),
  });
  return c.json({ shop, ...counts });
});

shops.get("/:shop", async (c) => {
  const shop = c.req.param("shop");
  const described = await shopOf(c.env, shop).describe();
  if (!described) throw new ProblemError("notFound", `${shop} has not been set up`);
  return c.json({ shop, ...described });
});

shops.get("/:shop/levels", async (c) => {
  const shop = c.req.param("shop");
  const levels = await shopOf(c.env, shop).levels();
  if (!levels) throw new ProblemError("notFound", `${shop} has not been set up`);
  return c.json({ shop, levels });
});

shops.get("/:shop/mutations", async (c) => {
  const since = Number.parseInt(c.req.query("since") ?? "0", 10);
  const mutations = await shopOf(c.env, c.req.param("shop")).mutations(Number.isInteger(since) ? since : 0);
  return c.json({ mutations });
});

shops.get("/:shop/records", async (c) => {
  const mutations = await shopOf(c.env, c.req.param("shop")).mutations(0);
  return c.json({
    records: mutations.map((m) => ({
      recordType: "InventoryAdjustmentGroup",
      id: m.groupId,
      key: m.idempotencyKey ?? m.groupId,
      body: m,
    })),
  });
});

shops.get("/:shop/changes", async (c) =>
  c.json({ changes: await shopOf(c.env, c.req.param("shop")).externalChanges() }),
);

shops.post("/:shop/sales", requireControlToken, async (c) => {
  const sale = await input(c.req.json(), SaleInput);
  const result = await shopOf(c.env, c.req.param("shop")).sale({ ...sale, oversell: sale.oversell ?? false });
  if (!result.ok) {
    const kind = result.status === 404 ? "notFound" : result.status === 409 ? "conflict" : "validation";
    throw new ProblemError(kind, result.detail);
  }
  return c.json({ level: result.level });
});

shops.get("/:shop/requests", async (c) =>
  c.json({ requests: await shopOf(c.env, c.req.param("shop")).requests() }),
);
shops.get("/:shop/stats", async (c) => c.json(await shopOf(c.env, c.req.param("shop")).stats()));
shops.get("/:shop/faults", async (c) =>
  c.json({ fault: await shopOf(c.env, c.req.param("shop")).faultPlan() }),
);
shops.get("/:shop/settings", async (c) => c.json(await shopOf(c.env, c.req.param("shop")).settings()));

shops.post("/:shop/faults", requireControlToken, async (c) => {
  const plan = planFrom(await input(c.req.json(), FaultPlanInput));
  await shopOf(c.env, c.req.param("shop")).setFaultPlan(plan);
  return c.json({ fault: plan });
});

shops.post("/:shop/settings", requireControlToken, async (c) => {
  const stub = shopOf(c.env, c.req.param("shop"));
  const settings = mergeSettings(await stub.settings(), await input(c.req.json(), SettingsInput));
  await stub.setSettings(settings);
  return c.json(settings);
});

shops.post("/:shop/reset", requireControlToken, async (c) => {
  await shopOf(c.env, c.req.param("shop")).reset();
  return c.json({ reset: true });
});

controlRoutes.route("/shops", shops);
