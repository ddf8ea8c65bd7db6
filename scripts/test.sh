#!/usr/bin/env bash
# Runs every test: unit tests (no root needed) and the interop tests, which build their own
# network namespaces and run the real openvpn client, iperf3 and socat against our gateway,
# FreeRADIUS, and Prometheus (promtool and the server) against its metrics; the container image
# and the compose stack with podman (scripts/podman-setup.sh); kubectl builds the Kubernetes
# manifests (kubectl kustomize docker/k8s). Debian has no kubectl package: where it is missing,
# add the Kubernetes apt repository (pkgs.k8s.io) first, or install it by hand.
# Two openvpn clients (decision 0025): Debian's 2.6 package in every interop test, and 2.7.6, what
# current installers ship, in the core cases (UDP and TCP, each cipher, tls-crypt and tls-auth,
# renegotiation, a RADIUS and an Entra login). The 2.7 client is built from the source vendored in
# third_party/openvpn-2.7.6 by scripts/build-openvpn27.sh (its -dev packages by apt-get, about a
# minute; cached in /var/cache/p2sgate-ci, so a rerun on the same machine skips it) and handed to
# the tests as P2SGATE_OPENVPN27; a failed build stops here with the tail of its log.
# Then fuzzes the hand-written parsers for a bounded time (scripts/fuzz.sh).
# Needs root (as CI has). Installs what it needs with apt-get on a fresh Debian/Ubuntu machine.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$ROOT"

if [[ $EUID -ne 0 ]]; then
  echo "test.sh: the interop tests need root (ip netns, TUN); run: sudo scripts/test.sh" >&2
  exit 2
fi

need=()
for pair in openvpn:openvpn iperf3:iperf3 ip:iproute2 socat:socat openssl:openssl ping:iputils-ping \
            ss:iproute2 bird:bird2 birdc:bird2 mvn:maven freeradius:freeradius radclient:freeradius-utils \
            curl:curl promtool:prometheus kubectl:kubectl ethtool:ethtool; do
  command -v "${pair%%:*}" > /dev/null || need+=("${pair#*:}")
done
if ((${#need[@]})); then
  echo "test.sh: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" > /dev/null
fi
[[ -c /dev/net/tun ]] || { echo "test.sh: /dev/net/tun is missing" >&2; exit 2; }
# the container tests (ContainerImageIT, ComposeIT, DockerfileIT): podman with runc, local
# stand-ins of the public base images (cached in /var/cache/p2sgate-ci), dockerfilelint
"$ROOT/scripts/podman-setup.sh" > /dev/null

# the 2.7 client for the interop tests: they fail (never skip) without it
P2SGATE_OPENVPN27=$("$ROOT/scripts/build-openvpn27.sh")
export P2SGATE_OPENVPN27

JAVA_HOME=$("$ROOT/scripts/find-jdk.sh")
export JAVA_HOME
echo "test.sh: JDK $JAVA_HOME, clients $(openvpn --version | head -1 | cut -d' ' -f1-2) and" \
  "$("$P2SGATE_OPENVPN27" --version | head -1 | cut -d' ' -f1-2) ($P2SGATE_OPENVPN27)" >&2
mvn -B -ntp verify "$@"
# then a bounded fuzzing run of every hand-written parser that takes peer input (about 4 min)
"$ROOT/scripts/fuzz.sh"
