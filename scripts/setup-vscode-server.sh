#!/usr/bin/env bash
# Installs what scripts/test-vscode.mjs needs to run the extension's Mocha suites in a real VS Code on a
# headless machine (see docs: "Running the extension's integration tests in a real VS Code"), idempotently:
#
#   1. Debian packages: chromium (the browser that opens the workbench), the headers the VS Code server's
#      native modules build against, ripgrep (VS Code's search), and neovim (the headless Neovim test of the
#      language server, server/test/neovim-lsp.test.ts) when no `nvim` is on the PATH. `apt-get update` runs only
#      when a package is missing; nothing touches apt when all are present.
#   2. code-server@4.100.3, which carries the VS Code 1.100.3 server (lib/vscode), with that server's own
#      dependencies, into a cache folder outside the clone:
#        ${XDG_CACHE_HOME:-$HOME/.cache}/replscope/code-server-4.100.3
#      A marker file is written last: an install that was cut short (no marker) is removed and redone.
#      The marker records Node's module ABI, so a different Node major rebuilds the native modules.
#
# stdout: exactly one line, the path of the VS Code server (.../node_modules/code-server/lib/vscode).
# Everything else (progress, npm, apt) goes to stderr.
#
# Environment: REPLSCOPE_CODE_SERVER_DIR overrides the install folder.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
PACKAGES=(chromium libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev pkg-config ripgrep)

CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/replscope"
DIR="${REPLSCOPE_CODE_SERVER_DIR:-$CACHE_ROOT/code-server-$CODE_SERVER_VERSION}"
VSCODE="$DIR/node_modules/code-server/lib/vscode"
MARKER="$DIR/.replscope-install-complete"

log() { printf '[setup-vscode-server] %s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------------------
# 1. Debian packages
# ---------------------------------------------------------------------------------------------------------
missing=()
for pkg in "${PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
  [[ "$status" == installed ]] || missing+=("$pkg")
done
# Any Neovim will do (0.7, Debian's, or later): Debian's only when none is installed.
command -v nvim >/dev/null || missing+=(neovim)
if ((${#missing[@]} > 0)); then
  log "installing Debian packages: ${missing[*]}"
  if ! command -v apt-get >/dev/null; then
    log "apt-get not found: install these packages by hand: ${missing[*]}"
    exit 1
  fi
  SUDO=()
  if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null; then SUDO=(sudo -n); else
      log "not root and no sudo: install these packages as root: ${missing[*]}"
      exit 1
    fi
  fi
  {
    "${SUDO[@]}" apt-get update
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  } </dev/null >&2
else
  log "Debian packages present: ${PACKAGES[*]}; nvim: $(command -v nvim)"
fi

# ---------------------------------------------------------------------------------------------------------
# 2. code-server and its VS Code server
# ---------------------------------------------------------------------------------------------------------
node_abi="$(node -p 'process.versions.modules')"
want_marker="code-server=$CODE_SERVER_VERSION node-abi=$node_abi"

mkdir -p "$(dirname "$DIR")"
# Two runs at once (two clones, two CI jobs) must not install into the same folder together.
exec 9>"$DIR.lock"
if ! flock -w 900 9; then
  log "timed out waiting for another install holding $DIR.lock"
  exit 1
fi

if [[ -f "$MARKER" && "$(head -n1 "$MARKER")" == "$want_marker" && -f "$VSCODE/out/server-main.js" ]]; then
  log "code-server $CODE_SERVER_VERSION already installed in $DIR"
  echo "$VSCODE"
  exit 0
fi

if [[ -e "$DIR" ]]; then
  log "removing an unfinished or outdated install in $DIR"
  rm -rf "$DIR"
fi
log "installing code-server $CODE_SERVER_VERSION into $DIR (about 320 MB, one to three minutes)"
started=$SECONDS

# When this runs under `npm test`, npm's own settings for the project are in the environment; the installs
# below are of a different package folder and must not see them.
unset npm_config_prefix npm_config_local_prefix npm_config_global_prefix npm_package_json
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

{
  mkdir -p "$DIR"
  cd "$DIR"
  npm init -y >/dev/null
  # Its postinstall refuses root and downloads ripgrep: skip it.
  npm install "code-server@$CODE_SERVER_VERSION" --ignore-scripts --no-audit --no-fund
  cd "$VSCODE"
  npm install --omit=dev --ignore-scripts --no-audit --no-fund
  npm_config_yes=true npm rebuild kerberos node-pty @parcel/watcher @vscode/spdlog @vscode/deviceid native-watchdog
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  ln -sfn node_modules node_modules.asar
  (cd extensions && npm install --omit=dev --ignore-scripts --no-audit --no-fund)
  test -f "$VSCODE/out/server-main.js"
} </dev/null >&2

# Written last: its presence means every step above finished.
printf '%s\ninstalled %s in %ss\n' "$want_marker" "$(date -u +%FT%TZ)" "$((SECONDS - started))" >"$MARKER"
log "installed in $((SECONDS - started)) s"
echo "$VSCODE"
