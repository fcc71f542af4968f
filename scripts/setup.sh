#!/usr/bin/env bash
# Bring a fresh Debian machine to what the project needs. Idempotent: seconds when done.
#   scripts/setup.sh python   the Python environment (uv + .venv from uv.lock)
#   scripts/setup.sh site     + Chromium (diagrams are drawn at build time) and the npm packages
#   scripts/setup.sh docker   + the Docker engine, Compose v2 + buildx, base images
#   scripts/setup.sh all      everything, with the packages the local cluster's build needs
# Debian packages are listed in scripts/apt/<part>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.9

stage() {  # stage NAME COMMAND...: run a step and print how long it took
  local name=$1 start=$SECONDS
  shift
  "$@"
  echo "== setup: $name done in $((SECONDS - start)) s"
}

python_env() {
  if ! command -v uv >/dev/null || [ "$(uv --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
    python3 -m pip install --quiet "uv==$UV_VERSION"
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

docker_env() {
  stage "Debian packages for Docker" system_packages docker
  stage "Docker engine" bash scripts/ensure-docker.sh
  stage "Compose v2 and buildx" bash scripts/install-docker-plugins.sh
  stage "base images" uv run lab images seed
}

case "${1:-all}" in
  python) stage "Python environment" python_env ;;
  site) stage "Python environment" python_env; site_env ;;
  docker) stage "Python environment" python_env; docker_env ;;
  all)
    stage "Python environment" python_env
    site_env
    docker_env
    stage "Debian packages for the local cluster" system_packages cluster
    stage "Debian packages for the notebooks" system_packages notebooks
    ;;
  *) echo "setup: unknown part '$1'; use python, site, docker or all" >&2; exit 2 ;;
esac
