#!/usr/bin/env bash
# Installs Tryton 6.0 from Debian's packages when it is missing (as root; otherwise says the command
# to run) and prepares the cached test database (scripts/tryton/prepare.py). Idempotent: a second run
# with everything in place takes a second. Used by `npm run tryton:setup` and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."

PACKAGES=(tryton-server tryton-proteus tryton-modules-sale tryton-modules-sale-stock-quantity
  tryton-modules-account-invoice tryton-modules-account-invoice-stock tryton-modules-stock
  tryton-modules-account)
CACHE="${TRYTON_CACHE:-node_modules/.cache/tryton}"
# Debian's interpreter: trytond and proteus live in its dist-packages, not in another python3 on PATH.
PYTHON=/usr/bin/python3

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "Tryton is not installed. Run as root:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "tryton: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHONWARNINGS=ignore::DeprecationWarning "$PYTHON" scripts/tryton/prepare.py --cache "$CACHE"
