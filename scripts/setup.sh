#!/usr/bin/env bash
# Bring a fresh Debian machine to what the project needs. Idempotent: seconds when done.
#   scripts/setup.sh python   the Python environment (uv + .venv from uv.lock)
#   scripts/setup.sh site     + Chromium (diagrams are drawn at build time) and the npm packages
#   scripts/setup.sh docker   + the Docker engine, Compose + buildx, base images (an engine
#                             of Engine 25 or later is used as it is: a laptop's own; where
#                             none answers, the project builds Engine 29 and starts it)
#   scripts/setup.sh all      everything, with the packages the local cluster's build needs
#   scripts/setup.sh check PART   only check the tools PART needs that setup does not install
# Debian packages are listed in scripts/apt/<part>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.9
# uv is installed here from its PyPI wheel (git-ignored); the Makefile puts it first on PATH too.
TOOLS_BIN="$PWD/.tools/bin"
export PATH="$TOOLS_BIN:$PATH"
# Debian 12's Node.js 18 is enough: npm only fetches Mermaid and axe-core, which run in
# Chromium, not Node.
NODE_MIN=18
# The engine, Compose, buildx and the local cluster are built from source: Go as new as
# their go.mod files.
GO_MODS=(tools/docker-plugins/go.mod deploy/images/pause/go.mod)

stage() {  # stage NAME COMMAND...: run a step and print how long it took
  local name=$1 start=$SECONDS
  shift
  "$@"
  echo "== setup: $name done in $((SECONDS - start)) s"
}

fail() {  # fail MESSAGE: the one line saying what is missing and how to get it
  echo "setup: $*" >&2
  exit 1
}

at_least() {  # at_least HAVE NEED: true when version HAVE >= NEED
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

require_python() {
  command -v python3 >/dev/null || fail "python3 is missing; install it: apt-get install python3"
}

require_node() {
  command -v node >/dev/null && command -v npm >/dev/null \
    || fail "Node.js and npm are missing; the site's diagrams need Mermaid from npm: apt-get install nodejs npm"
  local have
  have=$(node --version)
  have=${have#v}
  at_least "$have" "$NODE_MIN" \
    || fail "Node.js $have is too old; the site's npm packages need Node.js >= $NODE_MIN: apt-get install nodejs npm (Debian 12 has 18)"
}

require_go() {
  local need have
  need=$(sed -n 's/^go //p' "${GO_MODS[@]}" | sort -V | tail -n1)
  command -v go >/dev/null \
    || fail "Go is missing; the Docker engine, Compose, buildx and the local cluster are built with Go >= $need: install it from https://go.dev/dl (Debian 12's golang-go is 1.19, too old)"
  have=$(go version | cut -d' ' -f3)
  have=${have#go}
  at_least "$have" "$need" \
    || fail "Go $have is too old; the Docker engine, Compose, buildx and the local cluster need Go >= $need: install it from https://go.dev/dl and put its bin/ first on PATH"
}

check() {  # check PART: the tools PART needs that setup does not install itself
  require_python
  case "$1" in
    python) ;;
    site) require_node ;;
    docker) engine_ready || require_go ;;
    all) require_node; require_go ;;
    *) echo "setup: unknown part '$1'; use python, site, docker or all" >&2; exit 2 ;;
  esac
}

python_env() {
  if [ "$(uv --version 2>/dev/null | cut -d' ' -f2)" != "$UV_VERSION" ]; then
    python3 scripts/install-uv.py "$UV_VERSION" "$TOOLS_BIN"
  fi
  uv sync --frozen --quiet --compile-bytecode
}

system_packages() {  # system_packages PART: install what scripts/apt/PART.txt lists
  mapfile -t wanted < <(grep -v '^#' "scripts/apt/$1.txt" | grep .)
  local missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing Debian packages: ${missing[*]}; install them: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing Debian packages: ${missing[*]} ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

site_env() {
  stage "Debian packages for the site" system_packages site
  # npm records what it installed in node_modules/.package-lock.json: reinstall only when
  # the lock file is newer.
  if [ ! package-lock.json -ot node_modules/.package-lock.json ]; then
    stage "npm packages" npm ci --silent --no-audit --no-fund
  fi
}

engine_ready() {  # a Docker engine answers, and the CLI has Compose and buildx
  docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1 \
    && docker buildx version >/dev/null 2>&1
}

# docker_env [reuse]: an engine of Engine 25 or later that answers is used as it is,
# whoever installed it (lab/engine/floor.py says why 25); an older one stops setup with
# one line; where none answers, the project's own is built from source and started.
# With `reuse` (building an image, not running the tests), an engine that passes that
# check and has both plugins is used without rebuilding anything.
docker_env() {
  if [ "${1:-}" = reuse ] && engine_ready && uv run python -m lab.engine check >/dev/null; then
    echo "== setup: a Docker engine answers, with Compose and buildx: using it"
  else
    stage "Debian packages for Docker" system_packages docker
    stage "Docker engine" uv run python -m lab.engine ensure
    stage "Compose and buildx" bash scripts/install-docker-plugins.sh
  fi
  stage "base images" uv run lab images seed
}

part=${1:-all}
if [ "$part" = check ]; then
  check "${2:-all}"
  exit 0
fi
check "$part"

case "$part" in
  python) stage "Python environment" python_env ;;
  site) stage "Python environment" python_env; site_env ;;
  docker) stage "Python environment" python_env; docker_env reuse ;;
  all)
    stage "Python environment" python_env
    site_env
    docker_env
    stage "Debian packages for the local cluster" system_packages cluster
    stage "Debian packages for the notebooks" system_packages notebooks
    ;;
esac
