#!/usr/bin/env bash
# Installs what e2e/browser/graphiql.mjs needs, only when it is missing:
#   - Debian's chromium at /usr/bin/chromium (apt-get; needs root, as in CI);
#   - node_modules (playwright-core, pinned in package.json/package-lock.json).
# Never downloads a browser through Playwright. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "install.sh: node and npm are required (Node.js >= 20)" >&2
  exit 1
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "install.sh: /usr/bin/chromium missing; installing Debian's chromium" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: need root to apt-get install chromium" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y chromium
fi

if [ ! -f node_modules/playwright-core/package.json ] || [ ! -f node_modules/axe-core/package.json ]; then
  echo "install.sh: installing node modules" >&2
  if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund
  else
    npm install --no-audit --no-fund
  fi
fi

echo "install.sh: ready ($(/usr/bin/chromium --version 2>/dev/null | head -n1); playwright-core $(node -p "require('./node_modules/playwright-core/package.json').version"))" >&2
