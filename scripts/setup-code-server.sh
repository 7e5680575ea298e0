#!/usr/bin/env bash
# Installs code-server (the real VS Code workbench with a Node extension host)
# from the npm registry, with nothing else from the internet: its own
# postinstall downloads ripgrep and node headers, so it is replayed by hand.
# Idempotent: a finished install leaves a marker and is skipped next time.
# Usage: setup-code-server.sh PREFIX
# Exit codes: 0 installed (or already there), 77 cannot install here (not root
# and system packages missing), anything else: the install failed.
set -euo pipefail
PREFIX=${1:?usage: setup-code-server.sh PREFIX}
CS_VERSION=${CS_VERSION:-4.100.3}   # the last code-server whose engines.node is 20
MARKER="$PREFIX/.installed-$CS_VERSION"
[ -f "$MARKER" ] && exit 0

export DEBIAN_FRONTEND=noninteractive
# Another apt or dpkg (unattended upgrades, a second terminal) holds the lock
# for a while: wait for it rather than fail with exit 100.
apt_get=(apt-get -o DPkg::Lock::Timeout=600 -qq)
need=()
for p in ripgrep libkrb5-dev libsecret-1-dev libxkbfile-dev python3 g++ make pkg-config chromium; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "code-server: not root, cannot apt-get install ${need[*]}" >&2
    exit 77
  fi
  "${apt_get[@]}" update && "${apt_get[@]}" install -y "${need[@]}" >/dev/null
fi

# node-gyp must build against the installed node headers (it would download them);
# node-pty's build runs `npx node-gyp`, which must not prompt.
node_prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
for d in "${npm_config_nodedir:-}" /usr "$node_prefix"; do
  if [ -n "$d" ] && [ -f "$d/include/node/node_version.h" ]; then export npm_config_nodedir="$d"; break; fi
done
[ -n "${npm_config_nodedir:-}" ] || { echo "code-server: no node headers (include/node) found" >&2; exit 1; }
export npm_config_yes=true
npm_i=(npm install --no-audit --no-fund --loglevel=error)

# Build in a scratch folder and move it in place at the end: an interrupted
# install never looks finished.
work="$PREFIX.partial"
rm -rf "$work"
mkdir -p "$work"
echo "code-server: installing $CS_VERSION into $PREFIX (about two minutes, once)" >&2
# Without its postinstall, which needs the internet and refuses root.
"${npm_i[@]}" --prefix "$work" --ignore-scripts "code-server@$CS_VERSION"
(cd "$work" && npm rebuild --loglevel=error argon2)
# code-server's postinstall, step by step.
cd "$work/node_modules/code-server/lib/vscode"
"${npm_i[@]}" --omit=dev --ignore-scripts
# @vscode/ripgrep skips its download when bin/ exists: use the system rg.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild --loglevel=error
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && "${npm_i[@]}" --omit=dev)
"$work/node_modules/.bin/code-server" --config /dev/null --version >&2

rm -rf "$PREFIX"
mv "$work" "$PREFIX"
touch "$MARKER"
