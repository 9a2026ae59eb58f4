import { readFileSync } from "node:fs";
import path from "node:path";
import { createTestHarness, type TestHarness, type TestHarnessOptions } from "wrangler";
import {
  SANDBOX_SECRETS,
  type SandboxErp,
  sandboxConnection,
  sandboxSeed,
} from "../../scripts/sandbox-connections.ts";
import { shopifyWebhookHeaders, signShopifyBody } from "../../scripts/shopify-webhook.ts";

export const root = path.resolve(import.meta.dirname, "../..");
export const ADMIN_KEY = "e2e-admin-key";
export const CONTROL_TOKEN = "e2e-control";

/** A request as the tests build it: plain headers and a string body. */
export interface Call {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface SandboxRecord {
  recordType: string;
  id: string;
  externalId: string | null;
  writeCount: number;
  body: Record<string, unknown>;
}

interface D1Like {
  prepare(sql: string): {
    bind(...args: unknown[]): {
      first<T>(): Promise<T | null>;
      run(): Promise<unknown>;
      all<T>(): Promise<{ results: T[] }>;
    };
  };
}

/**
 * The whole mesh in one local runtime. The sandbox is the primary worker, so erp-sync's NetSuite
 * calls to the harness URL reach it over real HTTP, exactly as they would reach NetSuite.
 */
export class Mesh {
  readonly server: TestHarness;
  readonly url: string;

  // Plain fields, not parameter properties: bench scripts load this file with Node's type stripping.
  private constructor(server: TestHarness, url: string) {
    this.server = server;
    this.url = url;
  }

  static async start(
    erp: SandboxErp | null = "netsuite",
    erpVars: Record<string, string> = {},
  ): Promise<Mesh> {
    const workers = (): TestHarnessOptions["workers"] => [
      {
        configPath: "workers/sandbox/wrangler.toml",
        secrets: { ...SANDBOX_SECRETS, SANDBOX_CONTROL_TOKEN: CONTROL_TOKEN },
      },
      {
        configPath: "wrangler.toml",
        secrets: { ADMIN_API_KEY: ADMIN_KEY, SECRETS_KEY: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" },
      },
      { configPath: "workers/shopify/wrangler.toml" },
      { configPath: "workers/erp-sync/wrangler.toml", vars: { ERP_REQUEST_TIMEOUT_MS: "1500", ...erpVars } },
    ];
    const server = createTestHarness({ root, workers: workers() });
    const { url } = await server.listen();
    await server.getWorker("mesh-core").applyD1Migrations("DB");
    const mesh = new Mesh(server, url.origin);
    // erp-sync reaches the sandbox over real HTTP at the harness URL, exactly as it would reach the ERP.
    if (erp) await mesh.connectErp(erp);
    return mesh;
  }

  /** Registers the sandbox ERP of `kind` through core's API as the default connection. */
  async connectErp(
    kind: SandboxErp,
    options: {
      limits?: { concurrency: number; windowLimit: number | null; windowMs: number | null };
      isDefault?: boolean;
    } = {},
  ): Promise<{ id: string }> {
    const body = {
      ...sandboxConnection(kind, { sandboxUrl: this.url }),
      isDefault: options.isDefault ?? true,
      ...(options.limits ? { limits: options.limits } : {}),
    };
    const seed = sandboxSeed(kind);
    if (seed) {
      const res = await this.sandbox(seed.path, { method: "POST", body: JSON.stringify(seed.body) });
      if (!res.ok) throw new Error(`seeding the sandbox ${kind}: ${res.status} ${await res.text()}`);
    }
    return this.coreJson("/v1/erp-connections", { method: "POST", body: JSON.stringify(body) });
  }

  close(): Promise<void> {
    return this.server.close();
  }

  core(pathname: string, init: Call = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers, authorization: `Bearer ${ADMIN_KEY}` };
    if (init.body) headers["content-type"] = "application/json";
    return this.server
      .getWorker("mesh-core")
      .fetch(`http://core.local${pathname}`, { ...init, headers }) as unknown as Promise<Response>;
  }

  async coreJson<T>(pathname: string, init: Call = {}): Promise<T> {
    const res = await this.core(pathname, init);
    if (!res.ok) throw new Error(`${pathname}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async onboardStore(
    shopDomain: string,
    webhookSecret: string,
    erpConnectionId: string | null = null,
  ): Promise<{ id: string; webhookUrl: string }> {
    return this.coreJson("/v1/stores", {
      method: "POST",
      body: JSON.stringify({
        channel: "shopify",
        name: shopDomain,
        shopDomain,
        webhookSecret,
        erpConnectionId,
      }),
    });
  }

  webhook(storeId: string, init: Call): Promise<Response> {
    const url = `http://shopify.local/shopify/${storeId}/webhooks`;
    return this.server.getWorker("mesh-shopify").fetch(url, init) as unknown as Promise<Response>;
  }

  /** One erp-sync pass through its HTTP surface; answers the pass summary. */
  async erpPass(): Promise<{ claimed: number; completed: number; retrying: number; parked: number }> {
    const res = (await this.server
      .getWorker("mesh-erp-sync")
      .fetch("http://erp-sync.local/run", { method: "POST" })) as unknown as Response;
    if (!res.ok) throw new Error(`erp-sync /run: ${res.status} ${await res.text()}`);
    return (await res.json()) as { claimed: number; completed: number; retrying: number; parked: number };
  }

  /** Runs erp-sync's cron handler once, exactly as the scheduler would. */
  async cron(): Promise<void> {
    const result = await this.server.getWorker("mesh-erp-sync").scheduled({ cron: "* * * * *" });
    if (result.outcome !== "ok") throw new Error(`cron outcome ${result.outcome}`);
  }

  sandbox(pathname: string, init: Call = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers, authorization: `Bearer ${CONTROL_TOKEN}` };
    if (init.body) headers["content-type"] = "application/json";
    return this.server
      .getWorker("mesh-sandbox")
      .fetch(`${this.url}${pathname}`, { ...init, headers }) as unknown as Promise<Response>;
  }

  async sandboxRecords(externalIdSuffix: string): Promise<SandboxRecord[]> {
    const res = await this.sandbox("/_sandbox/netsuite/records");
    const body = (await res.json()) as { records: SandboxRecord[] };
    return body.records.filter((r) => r.externalId?.endsWith(externalIdSuffix));
  }

  async fault(plan: Record<string, unknown>): Promise<void> {
    const res = await this.sandbox("/_sandbox/netsuite/faults", {
      method: "POST",
      body: JSON.stringify(plan),
    });
    if (!res.ok) throw new Error(`fault plan refused: ${res.status} ${await res.text()}`);
  }

  /** D1 of core, for what the API does not show (the outbox's schedule) and to let time pass. */
  async db(): Promise<D1Like> {
    return (await this.server.getWorker("mesh-core").getEnv()).DB as D1Like;
  }
}

/** A signed Shopify orders/create of the docs' example order with a fresh order id (or a forged one). */
export function shopifyDelivery(opts: {
  secret: string;
  shopDomain: string;
  orderId: number;
  forge?: boolean;
}): Call {
  const order = JSON.parse(readFileSync(path.join(root, "test/fixtures/shopify/orders-create.json"), "utf8"));
  order.id = opts.orderId;
  order.admin_graphql_api_id = `gid://shopify/Order/${opts.orderId}`;
  const body = JSON.stringify(order);
  const hmac = signShopifyBody(opts.forge ? "not-the-secret" : opts.secret, body);
  return { method: "POST", headers: shopifyWebhookHeaders({ hmac, shopDomain: opts.shopDomain }), body };
}

export async function eventually<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}
