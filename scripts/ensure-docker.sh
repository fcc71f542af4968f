#!/usr/bin/env bash
# Start Debian's Docker engine when none answers. Idempotent: a running engine is left alone.
set -euo pipefail

if docker info >/dev/null 2>&1; then
  exit 0
fi
if ! command -v dockerd >/dev/null; then
  echo "ensure-docker: no Docker engine: install Debian's docker.io (apt-get install docker.io) or run 'make setup'" >&2
  exit 1
fi

echo "Starting dockerd ..."
mkdir -p /var/log
nohup dockerd >/var/log/dockerd.log 2>&1 &

for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    echo "dockerd is up (log: /var/log/dockerd.log)"
    exit 0
  fi
  sleep 1
done
echo "ensure-docker: dockerd did not answer within 60 s; see /var/log/dockerd.log:" >&2
tail -20 /var/log/dockerd.log >&2
exit 1
