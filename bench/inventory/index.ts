// `npm run bench:inventory` front. POST /reserve?sku=&line= calls the real SkuLedger.reserve (one
// synchronous transaction per reservation; a listed SKU also arms the coalescing alarm that sends
// inventory.set commands). POST /count?key= calls a bare SQLite counter object: the floor any per-key
// Durable Object write stands on. POST /relay?sku= calls a bare object that sends one queue message
// per call at once: the floor of "a Durable Object tells a connector" through the same queue.
// The queue consumer records when each message arrived, so the script can measure propagation.
import { DurableObject } from "cloudflare:workers";
import { SkuLedger } from "../../workers/core/src/inventory/sku-ledger";

export { SkuLedger };

interface Env {
  DB: D1Database;
  SKU_LEDGER: DurableObjectNamespace<SkuLedger>;
  COUNTER: DurableObjectNamespace<Counter>;
  RELAY: DurableObjectNamespace<Relay>;
  SHOPIFY_COMMANDS: Queue;
}

export class Counter extends DurableObject {
  increment(): number {
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS c (k INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
    return this.ctx.storage.sql
      .exec<{ n: number }>(
        "INSERT INTO c (k, n) VALUES (1, 1) ON CONFLICT(k) DO UPDATE SET n = n + 1 RETURNING n",
      )
      .one().n;
  }
}

export class Relay extends DurableObject<Env> {
  async touch(id: string): Promise<void> {
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS c (k INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
    this.ctx.storage.sql.exec("INSERT INTO c (k, n) VALUES (1, 1) ON CONFLICT(k) DO UPDATE SET n = n + 1");
    await this.env.SHOPIFY_COMMANDS.send(
      { type: "relay", id, sku: this.ctx.id.name },
      { contentType: "json" },
    );
  }
}

/** Commands are recorded only while the script measures propagation (one isolate serves it all locally). */
let recording = false;

const BENCH_TABLES = [
  `CREATE TABLE IF NOT EXISTS bench_reserved (id TEXT PRIMARY KEY, sku TEXT NOT NULL, at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS bench_received (kind TEXT NOT NULL, id TEXT NOT NULL, sku TEXT NOT NULL,
     store_id TEXT, issued_at INTEGER, received_at INTEGER NOT NULL)`,
];

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const key = url.searchParams.get("sku") ?? url.searchParams.get("key") ?? "k";
    const track = url.searchParams.get("track") === "1";
    switch (url.pathname) {
      case "/count":
        return Response.json({ n: await env.COUNTER.getByName(key).increment() });
      case "/stock":
        return Response.json(
          await env.SKU_LEDGER.getByName(key).setOnHand({ quantity: Number(url.searchParams.get("qty")) }),
        );
      case "/list": {
        // Two stores list the SKU, so every change is pushed to two listings.
        await env.DB.batch([
          ...BENCH_TABLES.map((sql) => env.DB.prepare(sql)),
          ...["sto_bench_a", "sto_bench_b"].map((store) =>
            env.DB.prepare(
              `INSERT INTO inventory_listings (store_id, sku, channel, external_item_id, external_location_id, created_at, updated_at)
               VALUES (?, ?, 'shopify', ?, 'gid://shopify/Location/1', 0, 0) ON CONFLICT DO NOTHING`,
            ).bind(store, key, `gid://shopify/InventoryItem/${key}`),
          ),
        ]);
        return Response.json({ listed: key });
      }
      case "/reserve": {
        const lineKey = url.searchParams.get("line") ?? crypto.randomUUID();
        const result = await env.SKU_LEDGER.getByName(key).reserve({
          lineKey,
          orderRef: lineKey,
          storeId: "sto_bench_a",
          channel: "shopify",
          hold: false,
          quantity: 1,
          version: 1,
          correlationId: "bench",
        });
        if (track) {
          await env.DB.prepare("INSERT INTO bench_reserved (id, sku, at) VALUES (?, ?, ?)")
            .bind(lineKey, key, Date.now())
            .run();
        }
        return Response.json(result);
      }
      case "/relay": {
        const id = url.searchParams.get("line") ?? crypto.randomUUID();
        await env.RELAY.getByName(key).touch(id);
        if (track)
          await env.DB.prepare("INSERT INTO bench_reserved (id, sku, at) VALUES (?, ?, ?)")
            .bind(id, key, Date.now())
            .run();
        return Response.json({ ok: true });
      }
      case "/results": {
        const reserved = await env.DB.prepare("SELECT id, sku, at FROM bench_reserved").all();
        const received = await env.DB.prepare("SELECT * FROM bench_received").all();
        return Response.json({ reserved: reserved.results, received: received.results });
      }
      case "/record":
        recording = url.searchParams.get("on") === "1";
        return Response.json({ recording });
      case "/reset":
        await env.DB.batch([
          env.DB.prepare("DELETE FROM bench_reserved"),
          env.DB.prepare("DELETE FROM bench_received"),
        ]);
        return Response.json({ ok: true });
    }
    return new Response("not found", { status: 404 });
  },

  async queue(batch: MessageBatch<Record<string, unknown>>, env: Env): Promise<void> {
    const now = Date.now();
    if (!recording) {
      batch.ackAll();
      return;
    }
    await env.DB.batch(
      batch.messages.map((m) => {
        const b = m.body;
        const issued = typeof b.issuedAt === "string" ? Date.parse(b.issuedAt) : null;
        return env.DB.prepare(
          "INSERT INTO bench_received (kind, id, sku, store_id, issued_at, received_at) VALUES (?, ?, ?, ?, ?, ?)",
        ).bind(
          String(b.type),
          String(b.id),
          String(b.sku),
          typeof b.storeId === "string" ? b.storeId : null,
          issued,
          now,
        );
      }),
    );
    batch.ackAll();
  },
};
