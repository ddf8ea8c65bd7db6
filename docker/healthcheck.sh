#!/bin/bash
# HEALTHCHECK: GET /healthz from the admin API at $P2SGATE_ADMIN (host:port, plain HTTP) without
# curl in the image; healthy when the status is 200. Bounded by the check's own timeout.
set -euo pipefail
addr=${P2SGATE_ADMIN:-127.0.0.1:9194}
exec 3<> "/dev/tcp/${addr%:*}/${addr##*:}"
printf 'GET /healthz HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$addr" >&3
read -r -t 4 status <&3
[[ $status =~ ^HTTP/1\.[01]\ 200 ]] || { echo "unhealthy: ${status:-no answer}"; exit 1; }
echo ok
