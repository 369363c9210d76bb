#!/usr/bin/env bash
# Installs what the test suites need beyond `npm ci`, idempotently and offline-friendly:
#   - Debian packages: chromium (UI tests, PDF export), fonts-noto-cjk (Chinese text in
#     screenshots and PDFs), poppler-utils (pdftotext/pdftoppm read the exported PDF),
#     libreoffice-writer-nogui (converts the exported .docx, proving Word-compatible files),
#     neovim (independent LSP client), ripgrep (for code-server), and libkrb5-dev,
#     build-essential, python3 (code-server's native modules);
#   - code-server 4.100.3 (= VS Code 1.100.3) in its own folder outside the project,
#     because @vscode/test-electron cannot download VS Code on machines that only reach npm.
# Prints the code-server executable's path on its last line. Fails loudly on any missing step.
set -euo pipefail

CS_VERSION=4.100.3
CACHE_ROOT="${XXGK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/xxgk-report}"
CS_DIR="$CACHE_ROOT/code-server-$CS_VERSION"
CS_BIN="$CS_DIR/node_modules/code-server/out/node/entry.js"
STAMP="$CS_DIR/.xxgk-installed"

log() { echo "[setup-test-env] $*" >&2; }

# --- Debian packages -------------------------------------------------------------------
PKGS=(chromium fonts-noto-cjk poppler-utils libreoffice-writer-nogui neovim ripgrep libkrb5-dev build-essential python3)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null; then
    log "missing packages (${missing[*]}) and no apt-get: install them by hand"; exit 1
  fi
  SUDO=()
  if [ "$(id -u)" != 0 ]; then SUDO=(sudo -n); fi
  log "installing Debian packages: ${missing[*]}"
  "${SUDO[@]}" apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
for c in chromium nvim rg; do
  command -v "$c" >/dev/null || { log "$c is still not on PATH after installing"; exit 1; }
done

# --- code-server -------------------------------------------------------------------------
if [ ! -f "$STAMP" ] || [ ! -f "$CS_BIN" ]; then
  node_major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$node_major" != 20 ]; then
    log "code-server $CS_VERSION needs Node 20; this is Node $node_major"; exit 1
  fi
  log "installing code-server $CS_VERSION into $CS_DIR (about a minute)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  echo '{"private":true}' > "$CS_DIR/package.json"
  # @vscode/ripgrep downloads rg from GitHub unless its cache already holds the archive:
  # give it Debian's rg, packed the way it expects.
  export TMPDIR="${TMPDIR:-/tmp}"
  case "$(uname -m)" in
    x86_64) rg_target=x86_64-unknown-linux-musl ;;
    aarch64 | arm64) rg_target=aarch64-unknown-linux-musl ;;
    *) log "unsupported architecture $(uname -m)"; exit 1 ;;
  esac
  (cd "$CS_DIR" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" >&2)
  rg_version="$(node -p "require('$CS_DIR/node_modules/code-server/lib/vscode/npm-shrinkwrap.json').packages['node_modules/@vscode/ripgrep'].version")"
  rg_cache="$TMPDIR/vscode-ripgrep-cache-$rg_version"
  mkdir -p "$rg_cache"
  rg_stage="$(mktemp -d)"
  cp "$(command -v rg)" "$rg_stage/rg"
  tar -czf "$rg_cache/ripgrep-v13.0.0-10-$rg_target.tar.gz" -C "$rg_stage" rg
  rm -rf "$rg_stage"
  # Now run every install script (argon2's and the other native modules', then code-server's
  # postinstall, which installs VS Code's production modules and builds theirs).
  (cd "$CS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true \
    npm rebuild --no-audit --no-fund --loglevel=error >&2)
  XDG_CONFIG_HOME="$CS_DIR/.config" node "$CS_BIN" --version >&2 || { log "code-server $CS_VERSION did not install in $CS_DIR"; exit 1; }
  [ -x "$CS_DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] || { log "ripgrep is missing from code-server"; exit 1; }
  date -u +%FT%TZ > "$STAMP"
fi
echo "$CS_BIN"
