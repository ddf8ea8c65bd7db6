#!/usr/bin/env bash
# Prints the home of a JDK >= 21 (the newest one found), or fails with a clear message.
# Order: $JAVA_HOME if it is new enough, then every JDK under /usr/lib/jvm and /opt, newest first.
set -euo pipefail
major_of() { # JAVA_HOME -> major version, or 0
  local rel=$1/release v
  [[ -x $1/bin/java && -x $1/bin/javac ]] || { echo 0; return; }
  if [[ -f $rel ]]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  fi
  echo "${v:-0}"
}
best=""; best_v=0
if [[ -n ${JAVA_HOME:-} ]] && (( $(major_of "$JAVA_HOME") >= 21 )); then
  best=$JAVA_HOME; best_v=$(major_of "$JAVA_HOME")
fi
for d in /usr/lib/jvm/* /opt/*jdk* /opt/java/*; do
  [[ -d $d && ! -L $d ]] || continue
  v=$(major_of "$d")
  if (( v >= 21 && v > best_v )); then best=$d; best_v=$v; fi
done
if [[ -z $best ]]; then
  echo "p2sgate: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm, /opt); install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 25" >&2
  exit 2
fi
echo "$best"
