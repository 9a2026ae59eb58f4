import type { ErpAdapter, FetchLike } from "./erp-adapter";
import { createNetSuiteAdapter } from "./netsuite/adapter";
import { readNetSuiteConfig } from "./netsuite/config";

/** The adapter ERP_KIND names, or why there is none (so a pass claims nothing it cannot push). */
export interface AdapterDeps {
  fetch: FetchLike;
  now: () => number;
  timeoutMs: number;
}

export function createAdapter(
  env: ErpSyncEnv,
  deps: AdapterDeps,
): { ok: true; adapter: ErpAdapter } | { ok: false; error: string } {
  const kind: string = env.ERP_KIND;
  switch (kind) {
    case "netsuite": {
      const config = readNetSuiteConfig(env);
      if (!config.ok) return { ok: false, error: `missing NetSuite settings: ${config.missing.join(", ")}` };
      return { ok: true, adapter: createNetSuiteAdapter(config.config, deps) };
    }
    default:
      return { ok: false, error: `no ERP adapter for ERP_KIND=${JSON.stringify(kind)}` };
  }
}
