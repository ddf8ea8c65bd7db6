#!/usr/bin/env bash
# Makes podman usable as root on these machines (shared platform notes, section 4a) and builds
# the local base images the container tests need instead of pulling from a public registry:
#   - installs podman, runc, debootstrap and podman-compose with apt-get when missing;
#   - writes /etc/containers/containers.conf: runc as the runtime (crun fails here on the
#     hybrid cgroup layout) and ulimits within root's hard limits (no CAP_SYS_RESOURCE here);
#   - chmod 0666 /dev/net/tun when it is 0600: the mode udev gives it on every systemd machine
#     (50-udev-default.rules); these VMs have no udev. Opening it grants nothing: creating a
#     device still needs CAP_NET_ADMIN. Without it the image's non-root user cannot open it.
#   - local stand-ins for the public images (none can be pulled here), built once and kept in
#     podman's store; the rootfs tarball and the JRE are cached in $P2SGATE_CI_CACHE (default
#     /var/cache/p2sgate-ci) so that a later run on the same machine imports them in seconds:
#       localhost/p2sgate-debian:bookworm  debootstrap (minbase + iproute2) from apt's mirror
#       localhost/p2sgate-jre:25           + a JRE jlinked from the host's JDK (eclipse-temurin:25-jre)
#       localhost/p2sgate-freeradius:3.2   + Debian's freeradius (freeradius/freeradius-server:3.2)
#       localhost/p2sgate-prometheus:ci    + the host's prometheus binary (prom/prometheus)
# Idempotent; needs root. Prints what it did on stderr, and on stdout the image names as
#   KEY=value lines (LINT: dockerfilelint; images DEBIAN, JRE, FREERADIUS, PROMETHEUS) for the tests.
set -euo pipefail
[[ $EUID -eq 0 ]] || { echo "podman-setup.sh: needs root" >&2; exit 2; }
CACHE=${P2SGATE_CI_CACHE:-/var/cache/p2sgate-ci}
SUITE=bookworm
# what the gateway's image needs beyond minbase: iproute2 (it configures its TUN device with ip)
BASE_PACKAGES=iproute2
BASE_IMAGE=localhost/p2sgate-debian:$SUITE
JRE_IMAGE=localhost/p2sgate-jre:25
FREERADIUS_IMAGE=localhost/p2sgate-freeradius:3.2
PROMETHEUS_IMAGE=localhost/p2sgate-prometheus:ci
# the modules the gateway's jar needs (jdeps on the unpacked shaded jar; java.desktop is left
# out: only optional code paths of JNA and logback reach it)
JRE_MODULES=java.base,java.logging,java.management,jdk.management,java.naming,java.xml,java.sql,jdk.unsupported
CI_DIR=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../docker/ci" && pwd)

updated=""
apt_install() { # apt-get install, after one apt-get update per run
  export DEBIAN_FRONTEND=noninteractive
  [[ -n $updated ]] || { apt-get update -qq; updated=1; }
  apt-get install -y -qq --no-install-recommends "$@" > /dev/null
}

need=()
for pair in podman:podman runc:runc debootstrap:debootstrap podman-compose:podman-compose; do
  command -v "${pair%%:*}" > /dev/null || need+=("${pair#*:}")
done
if ((${#need[@]})); then
  echo "podman-setup.sh: installing ${need[*]}" >&2
  apt_install "${need[@]}"
fi

# service names on a compose network: podman 4.3 with CNI needs the dnsname plugin for them
if [[ ! -x /usr/lib/cni/dnsname ]]; then
  apt_install golang-github-containernetworking-plugin-dnsname
  echo "podman-setup.sh: installed the CNI dnsname plugin" >&2
fi

# the Dockerfile linter (hadolint is not packaged; platform notes 4c), pinned, in the cache
LINT=$CACHE/npm/node_modules/.bin/dockerfilelint
if [[ ! -x $LINT ]]; then
  command -v npm > /dev/null || apt_install npm
  mkdir -p "$CACHE/npm"
  npm install --silent --no-audit --no-fund --prefix "$CACHE/npm" dockerfilelint@1.8.0 > /dev/null
  echo "podman-setup.sh: installed $LINT" >&2
fi

conf=/etc/containers/containers.conf
want='[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
[engine]
runtime = "runc"'
if [[ ! -f $conf ]] || ! grep -q '^runtime = "runc"' "$conf"; then
  mkdir -p /etc/containers
  printf '# written by p2sgate scripts/podman-setup.sh (platform notes 4a)\n%s\n' "$want" > "$conf"
  echo "podman-setup.sh: wrote $conf" >&2
fi

if [[ $(stat -c %a /dev/net/tun) == 600 ]]; then
  chmod 0666 /dev/net/tun
  echo "podman-setup.sh: /dev/net/tun 0600 -> 0666 (udev's mode for it)" >&2
fi

# the Debian mirror apt uses on this machine
mirror() {
  local m
  m=$(grep -rhoE '^(deb|URIs:)[[:space:]]+(\[[^]]*\][[:space:]]+)?https?://[^[:space:]]+/debian/?' \
        /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null | grep -v security | head -1 |
      grep -oE 'https?://[^[:space:]]+') || true
  echo "${m:-http://deb.debian.org/debian}"
}

if ! podman image exists "$BASE_IMAGE"; then
  mkdir -p "$CACHE"
  tarball=$CACHE/debian-$SUITE-${BASE_PACKAGES//,/-}.tar
  if [[ ! -s $tarball ]]; then
    root=$(mktemp -d "$CACHE/rootfs.XXXXXX")
    trap 'rm -rf "$root"' EXIT
    echo "podman-setup.sh: debootstrap $SUITE from $(mirror) (once; cached in $CACHE)" >&2
    debootstrap --variant=minbase --include="$BASE_PACKAGES" "$SUITE" "$root" "$(mirror)" \
      > "$CACHE/debootstrap.log" 2>&1 || { tail -20 "$CACHE/debootstrap.log" >&2; exit 1; }
    # a slimmer base: no apt lists, caches, docs or man pages
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
      "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
      "$root"/usr/lib/x86_64-linux-gnu/gconv
    tar -C "$root" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$root"
    trap - EXIT
  fi
  podman import -q "$tarball" "$BASE_IMAGE" > /dev/null
  echo "podman-setup.sh: imported $BASE_IMAGE from $tarball" >&2
fi

# a JRE for the stand-in of eclipse-temurin:25-jre, jlinked from the newest JDK >= 21 here
if ! podman image exists "$JRE_IMAGE"; then
  JDK=$("$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/find-jdk.sh")
  release=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$JDK/release")
  jre=$CACHE/jre-${release:-unknown}-$(echo "$JRE_MODULES" | md5sum | cut -c1-8)
  if [[ ! -x $jre/bin/java ]]; then
    rm -rf "$jre" "$jre.tmp"
    "$JDK/bin/jlink" --add-modules "$JRE_MODULES" --strip-debug --no-man-pages --no-header-files \
      --compress=zip-6 --output "$jre.tmp" > /dev/null
    mv "$jre.tmp" "$jre"
    echo "podman-setup.sh: jlinked $jre from $JDK" >&2
  fi
  ctx=$(mktemp -d)
  cp "$CI_DIR/jre.Containerfile" "$ctx/Containerfile"
  cp -a "$jre" "$ctx/jre"
  podman build -q --network none --build-arg DEBIAN="$BASE_IMAGE" -t "$JRE_IMAGE" "$ctx" > /dev/null
  rm -rf "$ctx"
  echo "podman-setup.sh: built $JRE_IMAGE" >&2
fi

# the compose stack's stand-ins: FreeRADIUS from apt's mirror (the only build that uses the
# network), Prometheus from the host's package
if ! podman image exists "$FREERADIUS_IMAGE"; then
  podman build -q --build-arg DEBIAN="$BASE_IMAGE" -t "$FREERADIUS_IMAGE" \
    -f "$CI_DIR/freeradius.Containerfile" "$CI_DIR" > /dev/null
  echo "podman-setup.sh: built $FREERADIUS_IMAGE" >&2
fi
if ! podman image exists "$PROMETHEUS_IMAGE"; then
  command -v prometheus > /dev/null || apt_install prometheus
  ctx=$(mktemp -d)
  cp "$CI_DIR/prometheus.Containerfile" "$ctx/Containerfile"
  cp "$(command -v prometheus)" "$ctx/prometheus"
  podman build -q --network none --build-arg DEBIAN="$BASE_IMAGE" -t "$PROMETHEUS_IMAGE" "$ctx" > /dev/null
  rm -rf "$ctx"
  echo "podman-setup.sh: built $PROMETHEUS_IMAGE" >&2
fi

echo "LINT=$LINT"
echo "DEBIAN=$BASE_IMAGE"
echo "JRE=$JRE_IMAGE"
echo "FREERADIUS=$FREERADIUS_IMAGE"
echo "PROMETHEUS=$PROMETHEUS_IMAGE"
