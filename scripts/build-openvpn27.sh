#!/usr/bin/env bash
# Builds the OpenVPN 2.7.6 client the interop tests run beside Debian's 2.6 (decision 0025), from
# the source tarball in third_party/openvpn-2.7.6 (checked against its SHA-256 first), and prints
# the path of the binary on stdout; progress goes to stderr.
#   - installs the -dev packages the build needs with apt-get when they are missing (root);
#   - configures as the release installers do (PKCS#11 on: it sets the client's username and
#     password limit to 4095 bytes, which the Entra tokens need) without the PAM and down-root
#     plugins and without unit tests; about 2 minutes on 2 cores;
#   - installs into $P2SGATE_CI_CACHE/openvpn-2.7.6 (default /var/cache/p2sgate-ci): a later run
#     on the same machine finds the finished build (a stamp names the tarball's hash) and skips it;
#   - a failed step exits non-zero with the tail of the build log, and leaves the full log.
# Usage: scripts/build-openvpn27.sh   then run the interop tests with
#   P2SGATE_OPENVPN27=$(scripts/build-openvpn27.sh) mvn ... -Dit.test=OpenVpnInteropIT
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
VERSION=2.7.6
SRC_DIR=$ROOT/third_party/openvpn-$VERSION
TARBALL=openvpn-$VERSION.tar.gz
CACHE=${P2SGATE_CI_CACHE:-/var/cache/p2sgate-ci}
PREFIX=$CACHE/openvpn-$VERSION
STAMP=$PREFIX/.built-from
LOG=$CACHE/openvpn-$VERSION-build.log
say() { echo "build-openvpn27.sh: $*" >&2; }

# the tarball must be the one the README describes, on every run (also when the cache is used)
(cd "$SRC_DIR" && sha256sum --quiet --check "$TARBALL.sha256") >&2 \
  || { say "$SRC_DIR/$TARBALL does not match $TARBALL.sha256"; exit 1; }
hash=$(cut -d' ' -f1 "$SRC_DIR/$TARBALL.sha256")

if [[ -x $PREFIX/sbin/openvpn && -f $STAMP && $(cat "$STAMP") == "$hash" ]]; then
  say "reusing the build in $PREFIX"
  echo "$PREFIX/sbin/openvpn"
  exit 0
fi

packages=(gcc make autoconf automake libtool pkg-config libssl-dev liblzo2-dev liblz4-dev
          libnl-genl-3-dev libcap-ng-dev libpkcs11-helper1-dev)
absent=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q "ok installed" || absent+=("$p")
done
if ((${#absent[@]})); then
  [[ $EUID -eq 0 ]] || { say "needs root to install ${absent[*]}"; exit 2; }
  say "installing ${absent[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${absent[@]}" > /dev/null
fi

mkdir -p "$CACHE"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
say "building OpenVPN $VERSION (log: $LOG)"
started=$SECONDS
# each step only after the one before it succeeded (set -e does not apply inside an if)
if ! {
  tar -xzf "$SRC_DIR/$TARBALL" -C "$scratch" \
    && cd "$scratch/openvpn-$VERSION" \
    && autoreconf -fi \
    && ./configure --prefix="$PREFIX" --enable-pkcs11 \
      --disable-plugin-auth-pam --disable-plugin-down-root --disable-unit-tests \
    && make -j"$(nproc)" \
    && make install DESTDIR="$scratch/staged"
} > "$LOG" 2>&1; then
  say "BUILD FAILED; the last 40 lines of $LOG:"
  tail -n 40 "$LOG" >&2
  exit 1
fi

# replace any partial or older build only once the new one is complete and answers
built=$scratch/staged$PREFIX/sbin/openvpn
version=$("$built" --version | head -n 1) || true
if [[ $version != "OpenVPN $VERSION "* ]]; then
  say "the built binary reports '$version', not OpenVPN $VERSION"
  exit 1
fi
rm -rf "$PREFIX"
mv "$scratch/staged$PREFIX" "$PREFIX"
echo "$hash" > "$STAMP"
say "built in $((SECONDS - started)) s: $version"
echo "$PREFIX/sbin/openvpn"
