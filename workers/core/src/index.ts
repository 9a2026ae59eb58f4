import { createApiApp } from "./api/app";
import { consumeMeshEvents } from "./ingest/consumer";
import { consumeDeadLetters } from "./ingest/dead-letters";

export { MeshInternal } from "./internal/mesh-internal";
export { SkuLedger } from "./inventory/sku-ledger";

const app = createApiApp();

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (batch.queue === "mesh-events") return consumeMeshEvents(batch, env);
    if (batch.queue.endsWith("-dlq")) return consumeDeadLetters(batch, env);
    // A queue bound here by mistake: retrying moves its messages to a dead-letter queue, never drops them.
    batch.retryAll({ delaySeconds: 60 });
  },
} satisfies ExportedHandler<CoreEnv, unknown>;
