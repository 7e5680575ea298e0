#!/usr/bin/env bash
# `npm run dev`: the extension in a desktop VS Code (an Extension Development
# Host on examples/) where a `code` binary exists, else the same as `npm start`.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v code >/dev/null 2>&1; then
  node esbuild.mjs
  exec code --extensionDevelopmentPath="$PWD" "$PWD/examples"
fi
echo "npm run dev: no desktop 'code' on PATH; opening the extension in code-server, as npm start does" >&2
exec npm start
