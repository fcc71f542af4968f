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

# Container addresses come from 198.19.0.0/16 (part of RFC 2544's benchmarking block, which
# no LAN uses): the default bridge and the pools Compose's networks are taken from. Docker's
# own defaults (172.17.0.0/16 and up, 192.168.0.0/16) are private ranges a reader's LAN or
# VPN may use. A reader's own engine keeps its settings: this runs only where none answers.
echo "Starting dockerd ..."
mkdir -p /var/log
nohup dockerd --bip 198.19.0.1/24 --default-address-pool base=198.19.128.0/17,size=24 \
  >/var/log/dockerd.log 2>&1 &

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
