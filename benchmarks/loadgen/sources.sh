# sources.sh — sourced by run.sh and the tunnel-up handshakes hook: gives the load generator its
# client source addresses on the shared testbed. add_sources N adds 198.19.(i/4).(1 + i%4), i < N
# (SourceAddresses' layout: 4 per /24), to vpn-client's link and routes 198.19.0.0/16 back to it
# from vpn-gw; they go with the namespaces at teardown. Addresses already there are kept.
add_sources() {
  local n=$1 i
  for ((i = 0; i < n; i++)); do echo "addr add 198.19.$((i / 4)).$((1 + i % 4))/32 dev inet-c"; done \
    | ip -n vpn-client -force -batch - 2> /dev/null || true
  ip -n vpn-gw route replace 198.19.0.0/16 via 198.18.0.2 dev inet-g
}
