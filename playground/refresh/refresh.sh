#!/usr/bin/env bash
# Re-fetches the vendored GraphiQL/React files in playground/assets/ from the
# npm registry (see ../assets/README.md). Needs node and npm. Run from anywhere:
#   bash playground/refresh/refresh.sh
# then review `git diff --stat playground/assets` and run `go test ./playground`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
assets="$here/../assets"
GRAPHIQL_VERSION="${GRAPHIQL_VERSION:-3.8.3}"
REACT_VERSION="${REACT_VERSION:-18.3.1}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# graphql-ws is bundled inside graphiql.min.js but is only an optional
# dependency of @graphiql/toolkit: install it too, for its license text.
npm install --prefix "$tmp" --no-audit --no-fund \
  "graphiql@$GRAPHIQL_VERSION" "react@$REACT_VERSION" "react-dom@$REACT_VERSION" "graphql-ws@5"

nm="$tmp/node_modules"
cp "$nm/graphiql/graphiql.min.js" "$nm/graphiql/graphiql.min.css" "$assets/"
cp "$nm/react/umd/react.production.min.js" "$assets/"
cp "$nm/react-dom/umd/react-dom.production.min.js" "$assets/"
cp "$nm/graphiql/LICENSE" "$assets/graphiql.LICENSE.txt"
cp "$nm/react/LICENSE" "$assets/react.LICENSE.txt"
cp "$nm/react-dom/LICENSE" "$assets/react-dom.LICENSE.txt"
{
  echo "Third-party notices for graphiql.min.js (graphiql@$GRAPHIQL_VERSION UMD bundle)."
  echo "The bundle includes code from the packages below (versions as resolved by npm when the"
  echo "assets were refreshed; see README.md). graphiql, react and react-dom have their own files."
  echo
  node "$here/notices.mjs" "$nm"
} > "$assets/THIRD_PARTY_NOTICES.txt"

echo "refreshed: graphiql $(node -p "require('$nm/graphiql/package.json').version"), react $(node -p "require('$nm/react/package.json').version"), react-dom $(node -p "require('$nm/react-dom/package.json').version")"
