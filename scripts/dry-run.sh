#!/usr/bin/env bash
# Proves every worker bundles: `wrangler deploy --dry-run` for each config, output to dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
for cfg in wrangler.toml workers/shopify/wrangler.toml workers/erp-sync/wrangler.toml workers/sandbox/wrangler.toml; do
  name=$(sed -n 's/^name = "\(.*\)"/\1/p' "$cfg" | head -1)
  npx wrangler deploy --dry-run -c "$cfg" --outdir "dist/$name" > "dist-$name.log" 2>&1 || { cat "dist-$name.log"; exit 1; }
  echo "bundled $name: $(grep -o 'Total Upload: [^/]*' "dist-$name.log" | head -1)"
  rm -f "dist-$name.log"
done
