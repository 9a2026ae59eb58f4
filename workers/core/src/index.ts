import { createApiApp } from "./api/app";
import { consumeDeadLetters } from "./ingest/dead-letters";
import { consumeMeshEvents } from "./ingest/consumer";

export { SkuLedger } from "./inventory/sku-ledger";
export { MeshInternal } from "./internal/mesh-internal";

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
