import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openSecret } from "../../shared/crypto/secret-box";
import { DEFAULT_LIMITS, type ErpKind, ErpKind as ErpKindSchema } from "../../shared/erp";
import { loadConnection } from "../../workers/core/src/erp/connections";
import { MeshInternal } from "../../workers/core/src/internal/mesh-internal";
import { ADMIN, api, bearer, createApiKey, postJson } from "./api-helpers";
import { CONFIGS, type ConnectionBody, createConnection } from "./erp-helpers";

interface ProblemBody {
  type: string;
  status: number;
  detail?: string;
  errors?: { location: string; path: string; message: string }[];
}

interface MappingItem {
  kind: string;
  key: string;
  target: unknown;
  updatedAt: string;
}

const json = (method: string, body: unknown, headers: Record<string, string> = ADMIN): RequestInit => ({
  method,
  headers: { ...headers, "content-type": "application/json" },
  body: JSON.stringify(body),
});
const patch = (id: string, body: unknown, headers?: Record<string, string>) =>
  api(`/v1/erp-connections/${id}`, json("PATCH", body, headers));
const putMappings = (id: string, entries: unknown[], headers?: Record<string, string>) =>
  api(`/v1/erp-connections/${id}/mappings`, json("PUT", { entries }, headers));
const getConnection = async (id: string) =>
  (await (await api(`/v1/erp-connections/${id}`, { headers: ADMIN })).json()) as ConnectionBody;

/** Every credential value of every kind, to check none is ever echoed. */
const secretValues = Object.values(CONFIGS)
  .flatMap((c) => Object.values(c.credentials))
  .filter((v): v is string => typeof v === "string" && v.length > 8);

async function sealedRow(id: string) {
  return env.DB.prepare(
    "SELECT credentials_sealed, settings, is_default, revision FROM erp_connections WHERE id = ?",
  )
    .bind(id)
    .first<{ credentials_sealed: string; settings: string; is_default: number; revision: number }>();
}

describe("POST /v1/erp-connections", () => {
  it.each(ErpKindSchema.options)(
    "creates a %s connection with its default limits, never echoing credentials",
    async (kind: ErpKind) => {
      const res = await postJson("/v1/erp-connections", { name: `My ${kind}`, kind, ...CONFIGS[kind] });
      expect(res.status).toBe(201);
      const text = await res.text();
      for (const secret of secretValues) expect(text).not.toContain(secret);
      const body = JSON.parse(text) as ConnectionBody;
      expect(body).toEqual({
        id: expect.stringMatching(/^erp_[0-9A-Z]{26}$/),
        name: `My ${kind}`,
        kind,
        settings: expect.any(Object),
        credentialFields: Object.keys(CONFIGS[kind].credentials).sort(),
        limits: DEFAULT_LIMITS[kind],
        isDefault: false,
        status: "active",
        revision: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(res.headers.get("location")).toBe(`/v1/erp-connections/${body.id}`);
      const row = await sealedRow(body.id);
      const sealed = row?.credentials_sealed ?? "";
      for (const secret of secretValues) expect(sealed).not.toContain(secret);
      expect(JSON.parse(await openSecret(env.SECRETS_KEY, sealed, body.id))).toEqual(
        CONFIGS[kind].credentials,
      );
      // Sealed to this connection: the ciphertext cannot be moved onto another row.
      await expect(openSecret(env.SECRETS_KEY, sealed, "erp_someone_else")).rejects.toThrow();
      expect(await getConnection(body.id)).toEqual(body);
    },
  );

  it("takes NetSuite OAuth 2.0 machine-to-machine credentials, checked as their own variant", async () => {
    const m2m = {
      auth: "oauth2_m2m",
      clientId: "m2m-client",
      certificateId: "cert-1",
      algorithm: "PS256",
      privateKeyPem: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----",
      scopes: ["rest_webservices"],
    };
    const body = { name: "NetSuite M2M", kind: "netsuite", settings: CONFIGS.netsuite.settings };
    const res = await postJson("/v1/erp-connections", { ...body, credentials: m2m });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain("MIIEvQIBADANBg");
    expect((JSON.parse(text) as ConnectionBody).credentialFields).toEqual([
      "algorithm",
      "auth",
      "certificateId",
      "clientId",
      "privateKeyPem",
      "scopes",
    ]);
    const bad = await postJson("/v1/erp-connections", {
      ...body,
      credentials: { ...m2m, algorithm: "HS256", privateKeyPem: "not a key", scopes: [] },
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as ProblemBody).errors?.map((e) => e.path).sort()).toEqual([
      "credentials.algorithm",
      "credentials.privateKeyPem",
      "credentials.scopes",
    ]);
  });

  it("stores settings as validated: URLs without their trailing slash", async () => {
    const created = await createConnection({ kind: "business_central" });
    expect(CONFIGS.business_central.settings.apiBaseUrl).toBe("https://api.businesscentral.dynamics.com/");
    expect(created.settings).toEqual({
      ...CONFIGS.business_central.settings,
      apiBaseUrl: "https://api.businesscentral.dynamics.com",
    });
  });

  it("takes limits of its own", async () => {
    const limits = { concurrency: 2, windowLimit: 100, windowMs: 60_000 };
    const res = await postJson("/v1/erp-connections", {
      name: "Slow",
      kind: "tryton",
      ...CONFIGS.tryton,
      limits,
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as ConnectionBody).limits).toEqual(limits);
  });

  it("answers 422 problem+json naming each invalid setting and credential, without echoing them", async () => {
    const res = await postJson("/v1/erp-connections", {
      name: "Broken",
      kind: "netsuite",
      settings: { ...CONFIGS.netsuite.settings, accountId: "acme", baseUrl: "ftp://netsuite.example" },
      credentials: { auth: "tba", consumerKey: "ck-leaky-value", consumerSecret: "", tokenId: "tid" },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const text = await res.text();
    expect(text).not.toContain("ck-leaky-value");
    const body = JSON.parse(text) as ProblemBody;
    expect(body.type).toBe("https://mesh.dev/problems/validation");
    expect(body.errors?.map((e) => e.path).sort()).toEqual([
      "credentials.consumerSecret",
      "credentials.tokenSecret",
      "settings.accountId",
      "settings.baseUrl",
    ]);
    expect(body.errors?.every((e) => e.location === "body" && e.message.length > 0)).toBe(true);
    const count = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM erp_connections WHERE name = 'Broken'",
    ).first<{
      n: number;
    }>();
    expect(count?.n).toBe(0);
  });

  it("answers 422 for settings of another kind, an unknown kind and limits out of range", async () => {
    const wrongKind = await postJson("/v1/erp-connections", {
      name: "Mixed",
      kind: "sap_s4hana",
      ...CONFIGS.tryton,
    });
    expect(wrongKind.status).toBe(422);
    const paths = ((await wrongKind.json()) as ProblemBody).errors?.map((e) => e.path) ?? [];
    expect(paths).toEqual(expect.arrayContaining(["settings.salesOrderType", "credentials.username"]));

    const unknown = await postJson("/v1/erp-connections", {
      name: "Odoo",
      kind: "odoo",
      settings: {},
      credentials: {},
    });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as ProblemBody).errors?.map((e) => [e.location, e.path])).toEqual([
      ["json", "kind"],
    ]);

    const limits = { concurrency: 0, windowLimit: null, windowMs: 10 };
    const bad = await postJson("/v1/erp-connections", {
      name: "L",
      kind: "tryton",
      ...CONFIGS.tryton,
      limits,
    });
    expect(bad.status).toBe(422);
    const problems = ((await bad.json()) as ProblemBody).errors ?? [];
    // Out of range, plus a window given by half (a limit without its span, or the reverse).
    expect(problems.map((e) => e.path).sort()).toEqual([
      "limits.concurrency",
      "limits.windowMs",
      "limits.windowMs",
    ]);
    expect(problems.map((e) => e.message)).toContain("give windowLimit and windowMs together, or neither");
  });

  it("replays the first answer for a repeated Idempotency-Key, creating one connection", async () => {
    const headers = { "idempotency-key": "erp-create-1" };
    const body = { name: "Idempotent NetSuite", kind: "netsuite", ...CONFIGS.netsuite };
    const first = await postJson("/v1/erp-connections", body, headers);
    expect(first.status).toBe(201);
    const created = (await first.json()) as ConnectionBody;
    const again = await postJson("/v1/erp-connections", body, headers);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("location")).toBe(`/v1/erp-connections/${created.id}`);
    expect(((await again.json()) as ConnectionBody).id).toBe(created.id);
    const count = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM erp_connections WHERE name = 'Idempotent NetSuite'",
    ).first<{ n: number }>();
    expect(count?.n).toBe(1);
    const reused = await postJson("/v1/erp-connections", { ...body, name: "Other" }, headers);
    expect(reused.status).toBe(422);
  });
});

describe("the default connection", () => {
  const defaults = async () =>
    (
      await env.DB.prepare("SELECT id FROM erp_connections WHERE is_default = 1").all<{ id: string }>()
    ).results.map((r) => r.id);

  it("moves to the newest connection created or patched as default: there is only ever one", async () => {
    const a = await createConnection({ isDefault: true });
    expect(a.isDefault).toBe(true);
    expect(await defaults()).toEqual([a.id]);
    const b = await createConnection({ kind: "sap_s4hana", isDefault: true });
    expect(await defaults()).toEqual([b.id]);
    expect((await getConnection(a.id)).isDefault).toBe(false);

    const res = await patch(a.id, { isDefault: true });
    expect(res.status).toBe(200);
    expect(((await res.json()) as ConnectionBody).isDefault).toBe(true);
    expect(await defaults()).toEqual([a.id]);
    expect((await getConnection(b.id)).isDefault).toBe(false);
    // Patching something else keeps the flag where it is.
    await patch(a.id, { name: "Still default" });
    expect(await defaults()).toEqual([a.id]);
    const list = (await (await api("/v1/erp-connections", { headers: ADMIN })).json()) as {
      items: ConnectionBody[];
    };
    expect(list.items.filter((c) => c.isDefault).map((c) => c.id)).toEqual([a.id]);
  });
});

describe("PATCH /v1/erp-connections/{id}", () => {
  it("revalidates the whole config, bumps the revision, and keeps credentials it was not given", async () => {
    const created = await createConnection({ kind: "oracle_fusion" });
    const bad = await patch(created.id, { settings: { baseUrl: "https://pod.example" } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as ProblemBody).errors?.map((e) => e.path).sort()).toEqual([
      "settings.businessUnitName",
      "settings.sourceTransactionSystem",
    ]);
    const badCredentials = await patch(created.id, { credentials: { login: "x", password: "y" } });
    expect(badCredentials.status).toBe(422);
    expect(((await badCredentials.json()) as ProblemBody).errors?.map((e) => e.path)).toEqual([
      "credentials.username",
    ]);
    expect(await getConnection(created.id)).toEqual(created);

    const settings = { ...CONFIGS.oracle_fusion.settings, businessUnitName: "EU1 Business Unit" };
    const res = await patch(created.id, { settings, name: "Fusion EU" });
    expect(res.status).toBe(200);
    const updated = (await res.json()) as ConnectionBody;
    expect(updated).toMatchObject({
      name: "Fusion EU",
      settings,
      revision: 2,
      credentialFields: ["password", "username"],
    });
    const loaded = await loadConnection(env.DB, env.SECRETS_KEY, created.id);
    expect(loaded).toMatchObject({ credentials: CONFIGS.oracle_fusion.credentials, revision: 2 });

    const credentials = { username: "rotated.user", password: "rotated-password-123" };
    const rotated = await patch(created.id, { credentials });
    expect(rotated.status).toBe(200);
    const rotatedText = await rotated.text();
    expect(rotatedText).not.toContain("rotated-password-123");
    expect((JSON.parse(rotatedText) as ConnectionBody).revision).toBe(3);
    expect(await loadConnection(env.DB, env.SECRETS_KEY, created.id)).toMatchObject({
      credentials,
      settings,
      revision: 3,
    });

    const limits = { concurrency: 3, windowLimit: null, windowMs: null };
    expect((await (await patch(created.id, { limits })).json()) as ConnectionBody).toMatchObject({
      limits,
      revision: 4,
    });
  });

  it("disables a connection: it is no longer loaded for erp-sync", async () => {
    const created = await createConnection({ kind: "tryton" });
    const res = await patch(created.id, { status: "disabled" });
    expect(res.status).toBe(200);
    expect((await res.json()) as ConnectionBody).toMatchObject({ status: "disabled", revision: 2 });
    expect(await loadConnection(env.DB, env.SECRETS_KEY, created.id)).toBeNull();
    const internal = new MeshInternal(createExecutionContext(), env);
    expect((await internal.listErpConnections()).map((c) => c.id)).not.toContain(created.id);
  });

  it("answers 404 for an unknown connection and 422 for an unknown field value", async () => {
    const missing = await patch("erp_missing", { name: "x" });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    expect((await api("/v1/erp-connections/erp_missing", { headers: ADMIN })).status).toBe(404);
    const created = await createConnection();
    expect((await patch(created.id, { isDefault: false })).status).toBe(422);
    expect((await patch(created.id, { status: "paused" })).status).toBe(422);
  });
});

describe("ERP connection scopes", () => {
  it("reads with erp:read, writes only with erp:write", async () => {
    const created = await createConnection();
    const reader = bearer(await createApiKey(["erp:read"]));
    const writer = bearer(await createApiKey(["erp:write"]));
    const other = bearer(await createApiKey(["orders:read", "stores:write"]));
    expect((await api("/v1/erp-connections", { headers: reader })).status).toBe(200);
    expect((await api(`/v1/erp-connections/${created.id}`, { headers: reader })).status).toBe(200);
    expect((await api(`/v1/erp-connections/${created.id}/mappings`, { headers: reader })).status).toBe(200);

    const body = { name: "By reader", kind: "tryton", ...CONFIGS.tryton };
    const denied = [
      await postJson("/v1/erp-connections", body, reader),
      await patch(created.id, { name: "By reader" }, reader),
      await putMappings(created.id, [{ kind: "item", key: "SKU-1", target: "1" }], reader),
      await api(`/v1/erp-connections/${created.id}/mappings/item/SKU-1`, {
        method: "DELETE",
        headers: reader,
      }),
      await api("/v1/erp-connections", { headers: other }),
      await postJson("/v1/erp-connections", body, other),
    ];
    for (const res of denied) {
      expect(res.status).toBe(403);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    const required = await Promise.all(
      denied.map(async (res) => ((await res.json()) as { requiredScope: string }).requiredScope),
    );
    expect(required).toEqual(["erp:write", "erp:write", "erp:write", "erp:write", "erp:read", "erp:write"]);
    expect((await getConnection(created.id)).name).toBe(created.name);
    const count = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM erp_connections WHERE name = 'By reader'",
    ).first<{
      n: number;
    }>();
    expect(count?.n).toBe(0);

    expect((await postJson("/v1/erp-connections", { ...body, name: "By writer" }, writer)).status).toBe(201);
    expect((await patch(created.id, { name: "Renamed by writer" }, writer)).status).toBe(200);
    expect((await api("/v1/erp-connections", { headers: bearer("mk_test_unknown") })).status).toBe(401);
  });
});

describe("mappings", () => {
  const valid = [
    { kind: "item", key: "IPOD2008GREEN", target: "1001" },
    { kind: "location", key: "loc_main", target: { warehouse: "WH-1" } },
    { kind: "location", key: "loc_eu", target: { warehouse: "WH-EU", subsidiary: "2" } },
    { kind: "tax_code", key: "State Tax", target: "TAX-6" },
    { kind: "payment_method", key: "shopify_payments", target: "PM-CARD" },
    { kind: "shipping_method", key: "Standard", target: "UPS-GND" },
    { kind: "gl_account", key: "marketplace_fees", target: "6100" },
    { kind: "default_customer", key: "amazon", target: "CUST-AMZ" },
  ];

  it("upserts valid entries of every kind, bumps the revision, and lists them by kind", async () => {
    const created = await createConnection();
    const res = await putMappings(created.id, valid);
    expect(res.status).toBe(200);
    const items = ((await res.json()) as { items: MappingItem[] }).items;
    expect(items.map((m) => [m.kind, m.key, m.target])).toEqual([
      ["default_customer", "amazon", "CUST-AMZ"],
      ["gl_account", "marketplace_fees", "6100"],
      ["item", "IPOD2008GREEN", "1001"],
      ["location", "loc_eu", { warehouse: "WH-EU", subsidiary: "2" }],
      ["location", "loc_main", { warehouse: "WH-1", subsidiary: null }],
      ["payment_method", "shopify_payments", "PM-CARD"],
      ["shipping_method", "Standard", "UPS-GND"],
      ["tax_code", "State Tax", "TAX-6"],
    ]);
    expect((await getConnection(created.id)).revision).toBe(2);

    const again = await putMappings(created.id, [
      { kind: "item", key: "IPOD2008GREEN", target: "2002" },
      { kind: "item", key: "IPOD2008RED", target: "1002" },
    ]);
    expect(again.status).toBe(200);
    expect((await getConnection(created.id)).revision).toBe(3);
    const listed = await api(`/v1/erp-connections/${created.id}/mappings?kind=item`, { headers: ADMIN });
    expect(((await listed.json()) as { items: MappingItem[] }).items.map((m) => [m.key, m.target])).toEqual([
      ["IPOD2008GREEN", "2002"],
      ["IPOD2008RED", "1002"],
    ]);
    const all = await api(`/v1/erp-connections/${created.id}/mappings`, { headers: ADMIN });
    expect(((await all.json()) as { items: MappingItem[] }).items).toHaveLength(9);
  });

  it("rejects the whole request naming each invalid entry's path, and writes nothing", async () => {
    const created = await createConnection();
    const res = await putMappings(created.id, [
      { kind: "item", key: "SKU-OK", target: "1" },
      { kind: "gl_account", key: "coffee", target: "6100" },
      { kind: "default_customer", key: "etsy", target: "CUST-1" },
      { kind: "location", key: "loc_main", target: { subsidiary: "1" } },
      { kind: "item", key: "SKU-PIPE", target: "a|b" },
    ]);
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = (await res.json()) as ProblemBody;
    expect(body.errors?.map((e) => [e.location, e.path])).toEqual([
      ["body", "entries.1.key"],
      ["body", "entries.2.key"],
      ["body", "entries.3.target.warehouse"],
      ["body", "entries.4.target"],
    ]);
    const listed = await api(`/v1/erp-connections/${created.id}/mappings`, { headers: ADMIN });
    expect(((await listed.json()) as { items: MappingItem[] }).items).toEqual([]);
    expect((await getConnection(created.id)).revision).toBe(1);

    const unknownKind = await putMappings(created.id, [{ kind: "colour", key: "red", target: "R" }]);
    expect(unknownKind.status).toBe(422);
    expect((await putMappings(created.id, [])).status).toBe(422);
    expect((await putMappings("erp_missing", valid)).status).toBe(404);
    expect((await api("/v1/erp-connections/erp_missing/mappings", { headers: ADMIN })).status).toBe(404);
  });

  it("DELETE removes one entry (its key URL-encoded) and bumps the revision", async () => {
    const created = await createConnection();
    await putMappings(created.id, valid);
    const res = await api(
      `/v1/erp-connections/${created.id}/mappings/tax_code/${encodeURIComponent("State Tax")}`,
      {
        method: "DELETE",
        headers: ADMIN,
      },
    );
    expect(res.status).toBe(204);
    expect((await getConnection(created.id)).revision).toBe(3);
    const listed = await api(`/v1/erp-connections/${created.id}/mappings`, { headers: ADMIN });
    const items = ((await listed.json()) as { items: MappingItem[] }).items;
    expect(items.map((m) => m.kind)).not.toContain("tax_code");
    expect(items).toHaveLength(valid.length - 1);
    const loaded = await loadConnection(env.DB, env.SECRETS_KEY, created.id);
    expect(loaded?.mappings.taxCode).toEqual({});
    expect(
      (await api(`/v1/erp-connections/${created.id}/mappings/nope/x`, { method: "DELETE", headers: ADMIN }))
        .status,
    ).toBe(422);
    expect(
      (await api("/v1/erp-connections/erp_missing/mappings/item/x", { method: "DELETE", headers: ADMIN }))
        .status,
    ).toBe(404);
  });
});

describe("the connection erp-sync receives", () => {
  it("has decrypted credentials, parsed settings, limits and resolved mappings", async () => {
    const created = await createConnection({ kind: "netsuite" });
    expect(
      (
        await putMappings(created.id, [
          { kind: "item", key: "IPOD2008GREEN", target: "1001" },
          { kind: "location", key: "loc_main", target: { warehouse: "WH-1" } },
          { kind: "tax_code", key: "rate:0.06", target: "TAX-6" },
          { kind: "payment_method", key: "gift_card", target: "PM-GC" },
          { kind: "shipping_method", key: "Standard", target: "UPS-GND" },
          { kind: "gl_account", key: "payment_fees", target: "6200" },
          { kind: "default_customer", key: "shopify", target: "CUST-WEB" },
        ])
      ).status,
    ).toBe(200);
    const expected = {
      id: created.id,
      name: created.name,
      kind: "netsuite",
      settings: CONFIGS.netsuite.settings,
      credentials: CONFIGS.netsuite.credentials,
      limits: DEFAULT_LIMITS.netsuite,
      revision: 2,
      mappings: {
        item: { IPOD2008GREEN: "1001" },
        location: { loc_main: { warehouse: "WH-1", subsidiary: null } },
        taxCode: { "rate:0.06": "TAX-6" },
        paymentMethod: { gift_card: "PM-GC" },
        shippingMethod: { Standard: "UPS-GND" },
        glAccount: { payment_fees: "6200" },
        defaultCustomer: { shopify: "CUST-WEB" },
      },
    };
    expect(await loadConnection(env.DB, env.SECRETS_KEY, created.id)).toEqual(expected);
    const internal = new MeshInternal(createExecutionContext(), env);
    expect(await internal.getErpConnection(created.id)).toEqual(expected);
    expect(await internal.getErpConnection("erp_missing")).toBeNull();
    expect(await internal.listErpConnections()).toContainEqual({
      id: created.id,
      kind: "netsuite",
      revision: 2,
    });
  });
});
