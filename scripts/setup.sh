# Installs what Beacon's build and tests need, idempotently; fast when all is there.
# Sourced by scripts/build, scripts/serve and scripts/test.

# The wasm-bindgen CLI must match the wasm-bindgen library in Cargo.lock exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_rust_tools() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    echo "setup: adding the wasm32-unknown-unknown target" >&2
    rustup target add wasm32-unknown-unknown >&2
  fi
  local want have
  want=$(wasm_bindgen_version)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true) # none yet: install it
  if [ "$have" != "$want" ]; then
    echo "setup: installing wasm-bindgen-cli $want (once; takes several minutes)" >&2
    cargo install wasm-bindgen-cli --version "$want" >&2
  fi
}

# apt packages, installed only when a command is missing.
ensure_apt() { # command package...
  local cmd=$1; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  echo "setup: installing $* (apt)" >&2
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

# binaryen's wasm-opt (npm, pinned in tools/package-lock.json) for the release client bundle.
ensure_wasm_opt() {
  ensure_apt node nodejs npm
  if [ ! -x tools/node_modules/.bin/wasm-opt ]; then
    echo "setup: installing binaryen's wasm-opt (npm)" >&2
    (cd tools && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}

# PostgreSQL for the tests: started when installed but down.
ensure_postgres() {
  if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then return 0; fi
  if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "setup: starting PostgreSQL" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start >&2 || true
    for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 0.5; done
  fi
  echo "setup: PostgreSQL is not reachable on 127.0.0.1:5432 (its tests fail in CI, skip elsewhere)" >&2
}

# The browser tests: Debian's Chromium and the npm playwright-core that drives it; the Nu Html
# Checker (npm vnu-jar) and the Java that runs it.
ensure_browser_tools() {
  ensure_apt chromium chromium chromium-driver
  ensure_apt node nodejs npm
  ensure_apt java default-jre-headless
  if [ ! -d e2e/node_modules/playwright-core ] || [ ! -d e2e/node_modules/vnu-jar ] || [ ! -d e2e/node_modules/axe-core ]; then
    echo "setup: installing the browser test's npm packages" >&2
    (cd e2e && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}

# The tests' independent protocol peers from PyPI, in a venv: a real SMTP server (aiosmtpd) and
# a Standard Webhooks verifier (standardwebhooks). The tests find it at this path.
PEERS_VENV="$HOME/.cache/beacon/peers-venv"
ensure_python_peers() {
  if "$PEERS_VENV/bin/python" -c 'import aiosmtpd, standardwebhooks' 2>/dev/null; then return 0; fi
  echo "setup: installing aiosmtpd and standardwebhooks (PyPI) into $PEERS_VENV" >&2
  python3 -m venv "$PEERS_VENV" >&2
  "$PEERS_VENV/bin/pip" install --quiet --disable-pip-version-check "aiosmtpd==1.4.6" "standardwebhooks==1.3.0" >&2
}
