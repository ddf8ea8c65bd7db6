#!/usr/bin/env bash
# A tunnel-up.sh HOOK: lowers the JVM's JIT compiler threads (C1, C2) of the server GWPID to nice
# NICE [19], so that compiling competes less with the event loop and the TLS workers.
set -euo pipefail
for t in /proc/"$GWPID"/task/*; do
  case $(cat "$t/comm") in
    C1\ Compi* | C2\ Compi*) renice -n "${NICE:-19}" -p "$(basename "$t")" > /dev/null ;;
  esac
done
