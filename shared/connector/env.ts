import type { MeshInternalApi } from "../internal-api";
import type { DeliveryLedgerBase } from "./delivery-ledger";

/**
 * Bindings every connector worker has under the same names (see any connector's wrangler.toml).
 * A connector's generated Env satisfies this structurally.
 */
export interface ConnectorEnv {
  CORE: Fetcher;
  DELIVERY_LEDGER: DurableObjectNamespace<DeliveryLedgerBase>;
  ARCHIVE: R2Bucket;
  INBOX: Queue;
  EVENTS: Queue;
  MAX_WEBHOOK_BYTES: string;
}

/**
 * The typed RPC view of core. `wrangler types` cannot see core's entrypoint class from a connector's
 * own config, so the binding is typed as a plain Fetcher; this is the one place that says what it is.
 */
export function coreApi(env: Pick<ConnectorEnv, "CORE">): MeshInternalApi {
  return env.CORE as unknown as MeshInternalApi;
}
