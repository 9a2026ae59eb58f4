// `npm run bench:inventory` front: POST /reserve?sku=&line= calls the real SkuLedger.reserve (one
// synchronous transaction per reservation); POST /count?key= calls a bare SQLite counter object, the
// floor any per-key Durable Object write stands on.
import { DurableObject } from "cloudflare:workers";
import { SkuLedger } from "../../workers/core/src/inventory/sku-ledger";

export { SkuLedger };

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

interface Env {
  SKU_LEDGER: DurableObjectNamespace<SkuLedger>;
  COUNTER: DurableObjectNamespace<Counter>;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const key = url.searchParams.get("sku") ?? url.searchParams.get("key") ?? "k";
    if (url.pathname === "/count") {
      return Response.json({ n: await env.COUNTER.getByName(key).increment() });
    }
    if (url.pathname === "/stock") {
      return Response.json(
        await env.SKU_LEDGER.getByName(key).setOnHand({ quantity: Number(url.searchParams.get("qty")) }),
      );
    }
    if (url.pathname === "/reserve") {
      const lineKey = url.searchParams.get("line") ?? crypto.randomUUID();
      const result = await env.SKU_LEDGER.getByName(key).reserve({
        lineKey,
        orderRef: lineKey,
        storeId: "sto_bench",
        channel: "shopify",
        hold: false,
        quantity: 1,
        version: 1,
        correlationId: "bench",
      });
      return Response.json(result);
    }
    return new Response("not found", { status: 404 });
  },
};
