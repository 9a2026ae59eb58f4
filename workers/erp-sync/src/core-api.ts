import type { MeshInternalApi } from "../../../shared/internal-api";

/**
 * The CORE service binding as the RPC interface it is. `wrangler types` only sees a `Service` for a
 * binding to another worker's entrypoint; the contract lives in shared/internal-api.ts.
 */
export function coreApi(binding: ErpSyncEnv["CORE"]): MeshInternalApi {
  return binding as unknown as MeshInternalApi;
}
