import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sha256Hex } from "../../shared/crypto/hmac";
import { openSecret } from "../../shared/crypto/secret-box";
import { apiIdempotency, stores } from "../../shared/db/schema";
import { MeshInternal } from "../../workers/core/src/internal/mesh-internal";
import { ADMIN, api, db, postJson } from "./api-helpers";
import { createConnection } from "./erp-helpers";

const SECRET = "shpss_0123456789abcdef0123456789";

function onboarding(shop: string, overrides: Record<string, unknown> = {}) {
  return {
    channel: "shopify",
    name: `Shop ${shop}`,
    shopDomain: `${shop}.myshopify.com`,
    webhookSecret: SECRET,
    ...overrides,
  };
}

interface StoreBody {
  id: string;
  channel: string;
  name: string;
  shopDomain: string;
  status: string;
  erpConnectionId: string | null;
  webhookUrl: string | null;
  createdAt: string;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("POST /v1/stores", () => {
  it("onboards a Shopify store and answers with its webhook URL, never the secret", async () => {
    const logs = vi.spyOn(console, "log");
    const res = await postJson("/v1/stores", onboarding("acme-eu"));
    expect(res.status).toBe(201);
    const store = (await res.json()) as StoreBody;
    expect(store).toEqual({
      id: expect.stringMatching(/^sto_[0-9A-Z]{26}$/),
      channel: "shopify",
      name: "Shop acme-eu",
      shopDomain: "acme-eu.myshopify.com",
      status: "active",
      erpConnectionId: null,
      adminApiBaseUrl: null,
      adminApiConnected: false,
      webhookUrl: `${env.SHOPIFY_WEBHOOK_BASE_URL}/shopify/${store.id}/webhooks`,
      createdAt: expect.any(String),
    });
    expect(res.headers.get("location")).toBe(`/v1/stores/${store.id}`);
    expect(JSON.stringify(store)).not.toContain(SECRET);
    expect(logs.mock.calls.flat().join("\n")).toContain(store.id);
    expect(logs.mock.calls.flat().join("\n")).not.toContain(SECRET);
  });

  it("stores the webhook secret sealed to the store id, not in plaintext", async () => {
    const { id } = (await (await postJson("/v1/stores", onboarding("sealed-shop"))).json()) as StoreBody;
    const row = await db.select().from(stores).where(eq(stores.id, id)).get();
    expect(row).toBeDefined();
    const sealed = row?.webhookSecretSealed ?? "";
    expect(sealed).not.toContain(SECRET);
    expect(sealed).toMatch(/^v1\./);
    expect(await openSecret(env.SECRETS_KEY, sealed, id)).toBe(SECRET);
    await expect(openSecret(env.SECRETS_KEY, sealed, "sto_someone_else")).rejects.toThrow();
  });

  it("answers 409 for a second store with the same channel and shop domain", async () => {
    expect((await postJson("/v1/stores", onboarding("twice-shop"))).status).toBe(201);
    const res = await postJson("/v1/stores", onboarding("twice-shop", { name: "Another name" }));
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const rows = await db.select().from(stores).where(eq(stores.shopDomain, "twice-shop.myshopify.com"));
    expect(rows).toHaveLength(1);
  });

  it("replays the first answer for a repeated Idempotency-Key with the same body", async () => {
    const headers = { "idempotency-key": "onboard-replay-1" };
    const first = await postJson("/v1/stores", onboarding("replay-shop"), headers);
    expect(first.status).toBe(201);
    const created = (await first.json()) as StoreBody;

    const again = await postJson("/v1/stores", onboarding("replay-shop"), headers);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("location")).toBe(`/v1/stores/${created.id}`);
    expect(again.headers.get("content-type")).toContain("application/json");
    expect(((await again.json()) as StoreBody).id).toBe(created.id);
    expect(
      await db.select().from(stores).where(eq(stores.shopDomain, "replay-shop.myshopify.com")),
    ).toHaveLength(1);
  });

  it("refuses an Idempotency-Key reused with a different body (422) and a malformed key (400)", async () => {
    const headers = { "idempotency-key": "onboard-reuse-1" };
    expect((await postJson("/v1/stores", onboarding("reuse-one"), headers)).status).toBe(201);
    const reused = await postJson("/v1/stores", onboarding("reuse-two"), headers);
    expect(reused.status).toBe(422);
    expect(reused.headers.get("content-type")).toBe("application/problem+json");
    expect(
      await db.select().from(stores).where(eq(stores.shopDomain, "reuse-two.myshopify.com")),
    ).toHaveLength(0);

    const bad = await postJson("/v1/stores", onboarding("bad-key"), { "idempotency-key": "has spaces" });
    expect(bad.status).toBe(400);
  });

  it("answers 409 while the first request with a key is still running, and takes over a stale claim", async () => {
    const claim = async (key: string, shop: string, claimedAt: number) => {
      const requestHash = await sha256Hex(`POST /v1/stores\n${JSON.stringify(onboarding(shop))}`);
      await db.insert(apiIdempotency).values({
        id: `idm_${key}`,
        principalId: "admin",
        idempotencyKey: key,
        requestHash,
        status: "in_flight",
        createdAt: claimedAt,
        expiresAt: claimedAt + 86_400_000,
      });
    };
    await claim("onboard-running-1", "running-shop", Date.now());
    const running = await postJson("/v1/stores", onboarding("running-shop"), {
      "idempotency-key": "onboard-running-1",
    });
    expect(running.status).toBe(409);
    expect(running.headers.get("retry-after")).toBe("1");
    expect(
      await db.select().from(stores).where(eq(stores.shopDomain, "running-shop.myshopify.com")),
    ).toHaveLength(0);

    // A claim left by a request that died long ago no longer blocks its key.
    await claim("onboard-stale-1", "stale-shop", Date.now() - 10 * 60_000);
    const retried = await postJson("/v1/stores", onboarding("stale-shop"), {
      "idempotency-key": "onboard-stale-1",
    });
    expect(retried.status).toBe(201);
  });

  it("forgets a validation failure so the same key can carry the corrected body", async () => {
    const headers = { "idempotency-key": "onboard-fix-1" };
    expect(
      (await postJson("/v1/stores", onboarding("fix-shop", { webhookSecret: "short" }), headers)).status,
    ).toBe(422);
    expect((await postJson("/v1/stores", onboarding("fix-shop"), headers)).status).toBe(201);
  });

  it("answers 422 problem+json listing each invalid field, without echoing the secret", async () => {
    const res = await postJson("/v1/stores", {
      channel: "amazon",
      name: "",
      shopDomain: "Acme.example.com",
      webhookSecret: "too-short",
    });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const text = await res.text();
    expect(text).not.toContain("too-short");
    const body = JSON.parse(text) as { errors: { location: string; path: string }[] };
    expect(body.errors.map((e) => e.path).sort()).toEqual(["channel", "name", "shopDomain", "webhookSecret"]);
    expect(body.errors.every((e) => e.location === "json")).toBe(true);
  });

  it("answers 400 for malformed JSON and 415 for a body that is not JSON", async () => {
    const malformed = await api("/v1/stores", {
      method: "POST",
      headers: { ...ADMIN, "content-type": "application/json" },
      body: "{not json",
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toBe("application/problem+json");
    const form = await api("/v1/stores", {
      method: "POST",
      headers: { ...ADMIN, "content-type": "text/plain" },
      body: "channel=shopify",
    });
    expect(form.status).toBe(415);
    expect(form.headers.get("content-type")).toBe("application/problem+json");
  });

  it("answers 413 for an oversized body", async () => {
    const res = await postJson("/v1/stores", onboarding("huge-shop", { name: "x".repeat(70 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("POST /v1/stores with an ERP connection", () => {
  it("binds the store to an existing connection and refuses one that does not exist", async () => {
    const connection = await createConnection({ kind: "tryton" });
    const res = await postJson("/v1/stores", onboarding("erp-bound", { erpConnectionId: connection.id }));
    expect(res.status).toBe(201);
    const store = (await res.json()) as StoreBody;
    expect(store.erpConnectionId).toBe(connection.id);
    const row = await db.select().from(stores).where(eq(stores.id, store.id)).get();
    expect(row?.erpConnectionId).toBe(connection.id);
    const read = (await (await api(`/v1/stores/${store.id}`, { headers: ADMIN })).json()) as StoreBody;
    expect(read.erpConnectionId).toBe(connection.id);

    const missing = await postJson(
      "/v1/stores",
      onboarding("erp-missing", { erpConnectionId: "erp_does_not_exist" }),
    );
    expect(missing.status).toBe(422);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    expect(((await missing.json()) as { detail: string }).detail).toContain("erp_does_not_exist");
    expect(
      await db.select().from(stores).where(eq(stores.shopDomain, "erp-missing.myshopify.com")),
    ).toHaveLength(0);
  });
});

describe("GET /v1/stores", () => {
  it("lists and reads stores without their secrets", async () => {
    const { id } = (await (await postJson("/v1/stores", onboarding("listed-shop"))).json()) as StoreBody;
    const one = await api(`/v1/stores/${id}`, { headers: ADMIN });
    expect(one.status).toBe(200);
    const store = (await one.json()) as Record<string, unknown>;
    expect(store.id).toBe(id);
    expect(Object.keys(store).sort()).toEqual([
      "adminApiBaseUrl",
      "adminApiConnected",
      "channel",
      "createdAt",
      "erpConnectionId",
      "id",
      "name",
      "shopDomain",
      "status",
      "webhookUrl",
    ]);

    const list = await api("/v1/stores?limit=200", { headers: ADMIN });
    const page = (await list.json()) as { items: StoreBody[]; nextCursor: string | null };
    expect(page.items.map((s) => s.id)).toContain(id);
    expect(JSON.stringify(page)).not.toContain(SECRET);
    expect(JSON.stringify(page)).not.toContain("v1.");
  });

  it("answers 404 problem for an unknown store", async () => {
    const res = await api("/v1/stores/sto_missing", { headers: ADMIN });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("POST /v1/stores/{id}/webhook-secret", () => {
  it("rotates the secret: the new one is current, the old one stays valid for an hour, neither is returned", async () => {
    const created = await postJson("/v1/stores", {
      channel: "shopify",
      name: "Rotating",
      shopDomain: "rotating-shop.myshopify.com",
      webhookSecret: "old_secret_0123456789abcdef",
    });
    const store = (await created.json()) as { id: string };
    const before = Date.now();
    const res = await postJson(`/v1/stores/${store.id}/webhook-secret`, {
      webhookSecret: "new_secret_0123456789abcdef",
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("secret_0123456789abcdef");
    const body = JSON.parse(text) as { id: string; previousSecretValidUntil: string };
    expect(body.id).toBe(store.id);
    expect(Date.parse(body.previousSecretValidUntil)).toBeGreaterThanOrEqual(before + 3_600_000);
    const creds = await new MeshInternal(createExecutionContext(), env).getStoreCredentials(store.id);
    expect(creds).toMatchObject({
      webhookSecret: "new_secret_0123456789abcdef",
      previousWebhookSecret: "old_secret_0123456789abcdef",
    });
    await env.DB.prepare("UPDATE stores SET previous_secret_expires_at = 1 WHERE id = ?")
      .bind(store.id)
      .run();
    const later = await new MeshInternal(createExecutionContext(), env).getStoreCredentials(store.id);
    expect(later?.previousWebhookSecret).toBeNull();
    expect(
      (await postJson("/v1/stores/sto_missing/webhook-secret", { webhookSecret: "x".repeat(20) })).status,
    ).toBe(404);
  });
});
