#!/bin/sh
# Serves the zone files of tests/dns/ on loopback, to try `--verify` by hand:
#
#   scripts/loopback-dns.sh [ADDR] [SECONDS]     # default 127.0.0.1:5353, until killed
#   bounce-cause --verify --resolver 127.0.0.1:5353 --dnsbl dnsbl.test \
#       --sending-ip 93.184.216.35 PATH...
#
# With SECONDS it stops after that long and prints how many times each name
# and type was asked. The server is hickory-server (a dev-dependency), built
# as the `loopback_dns` example; nothing needs installing.
set -eu
cd "$(dirname "$0")/.."
exec cargo run --quiet --example loopback_dns -- "${1:-127.0.0.1:5353}" ${2:+"$2"}
