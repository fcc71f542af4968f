#!/usr/bin/env bash
# Install Docker Compose and buildx as CLI plugins, built from upstream source through
# the Go module proxy (Debian ships neither; no binary can be downloaded here), against
# the same docker/cli as the project's docker CLI.
# The versions are pinned in tools/docker-plugins/go.mod; builds are cached by version.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
module="$root/tools/docker-plugins"
plugins=/usr/local/lib/docker/cli-plugins  # searched by every docker CLI

version_of() { (cd "$module" && go list -m -f '{{.Version}}' "$1"); }
compose=$(version_of github.com/docker/compose/v5)
buildx=$(version_of github.com/docker/buildx)
cli=$(version_of github.com/docker/cli)

# The docker/cli version a Go binary was built against (its embedded build info).
cli_of() { go version -m "$1" 2>/dev/null | awk '$1 == "dep" && $2 == "github.com/docker/cli" {print $3}'; }

if docker compose version 2>/dev/null | grep -qF "$compose" \
  && docker buildx version 2>/dev/null | grep -qF "$buildx" \
  && [ "$(cli_of "$plugins/docker-compose")" = "$cli" ] \
  && [ "$(cli_of "$plugins/docker-buildx")" = "$cli" ]; then
  echo "docker compose $compose and buildx $buildx (docker/cli $cli): already installed"
  exit 0
fi

# The build cache the cluster's builds use too (lab.toolchain.build decides where it is).
cache="$(uv run python -c 'from lab.toolchain.build import CACHE; print(CACHE)')/docker-plugins/compose-$compose-buildx-$buildx-cli-$cli"
if [ ! -x "$cache/docker-buildx" ]; then
  echo "Building docker compose $compose and buildx $buildx against docker/cli $cli from source (a few minutes, once) ..."
  mkdir -p "$cache"
  (
    cd "$module"
    go build -trimpath -ldflags "-s -w -X github.com/docker/compose/v5/internal.Version=$compose" \
      -o "$cache/docker-compose" github.com/docker/compose/v5/cmd
    go build -trimpath -ldflags "-s -w -X github.com/docker/buildx/version.Version=$buildx" \
      -o "$cache/docker-buildx" github.com/docker/buildx/cmd/buildx
  )
fi
install -D -m 0755 "$cache/docker-compose" "$plugins/docker-compose"
install -D -m 0755 "$cache/docker-buildx" "$plugins/docker-buildx"
echo "Installed docker compose $compose and buildx $buildx (docker/cli $cli) in $plugins"
