#!/usr/bin/env bash
# Generates (or with --check, verifies) the Env types of every worker from its wrangler.toml.
# Runtime types are generated once into shared/runtime.d.ts; each worker gets only its Env.
set -euo pipefail
cd "$(dirname "$0")/.."
check=()
[ "${1:-}" = "--check" ] && check=(--check)
npx wrangler types shared/runtime.d.ts -c wrangler.toml --include-env=false "${check[@]}" >/dev/null
gen() { npx wrangler types "$1" -c "$2" --env-interface "$3" --include-runtime=false "${check[@]}" >/dev/null; }
gen workers/core/worker-configuration.d.ts wrangler.toml CoreEnv
gen workers/shopify/worker-configuration.d.ts workers/shopify/wrangler.toml ShopifyEnv
gen workers/erp-sync/worker-configuration.d.ts workers/erp-sync/wrangler.toml ErpSyncEnv
gen workers/sandbox/worker-configuration.d.ts workers/sandbox/wrangler.toml SandboxEnv
echo "types ${check[*]:-generated}: ok"
