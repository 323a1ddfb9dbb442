#!/usr/bin/env bash
# Makes real MTAs bounce on purpose and keeps what they wrote.
#
#   sudo scripts/realmta.sh OUTDIR [MTA...]      (MTA: postfix exim opensmtpd sendmail)
#   sudo scripts/realmta.sh --fixtures [MTA...]  regenerate fixtures/realmta/
#   sudo scripts/realmta.sh --check [MTA...]     a fresh run, then its test (for CI)
#
# For each MTA in turn: installs it from Debian's packages, runs its cases inside
# private namespaces whose network is loopback only (scripts/realmta/in-ns.sh), then
# purges it (Debian's MTAs conflict with one another). A scripted DNS server and SMTP
# servers (scripts/realmta/servers.py) drive the failures; the cases and what each
# must give are in scripts/realmta/cases.py. It writes
#   OUTDIR/<mta>/<case>.eml     the notice the MTA delivered to the local sender
#   OUTDIR/<mta>/<case>.json    what the case was set up to be (recipient, kind, status,
#                               cause, reason)
#   OUTDIR/<mta>/maillog.txt    the MTA's log of the run (syslog format)
#   OUTDIR/<mta>/missing.txt    cases that produced no notice
#   OUTDIR/summary.txt          which MTAs ran, how many cases, how long
# Then `REALMTA_DIR=OUTDIR cargo test --test realmta` checks them. --fixtures copies
# a run into fixtures/realmta/ (the committed copy, which `cargo test` always checks);
# --check does a run and that test, as .ci/run does.
# Needs root, Debian (apt-get), unshare(1) and python3. Nothing leaves 127.0.0.0/8.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")

if [ "${1:-}" = --check ]; then
    # For CI: a fresh run, then the test suite on it beside the committed copy.
    shift
    echo "== real MTAs (scripts/realmta.sh)"
    tmp=$(mktemp -d)
    "$0" "$tmp" "$@"
    n=$(find "$tmp" -name '*.eml' | wc -l)
    [ "$n" -gt 0 ] || { echo "realmta: no MTA produced a case" >&2; rm -rf "$tmp"; exit 1; }
    rc=0
    (cd "$ROOT" && REALMTA_DIR="$tmp" cargo test --all-features --test realmta) || rc=$?
    rm -rf "$tmp"
    exit "$rc"
fi

if [ "${1:-}" = --fixtures ]; then
    shift
    tmp=$(mktemp -d)
    "$0" "$tmp" "$@"
    "${PYTHON:-python3}" "$HERE/realmta/to-fixtures.py" "$tmp" "$ROOT/fixtures/realmta"
    rm -rf "$tmp"
    exit 0
fi

OUTDIR=${1:?usage: scripts/realmta.sh OUTDIR [MTA...] | --fixtures [MTA...]}
shift
MTAS=("$@")
[ ${#MTAS[@]} -gt 0 ] || MTAS=(postfix exim opensmtpd sendmail)
[ "$(id -u)" = 0 ] || { echo "realmta: needs root (apt-get, namespaces, port 25)" >&2; exit 2; }
mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
WORK=$(mktemp -d /tmp/realmta.XXXXXX)
# Local delivery runs as the mailbox's user, who must reach the private /var/mail.
chmod 755 "$WORK"
export DEBIAN_FRONTEND=noninteractive

# Packages' maintainer scripts must not start the daemons with their stock settings.
POLICY_MADE=
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    POLICY_MADE=1
fi
INSTALLED=()
# Files that the MTAs' maintainer scripts create and their purge leaves behind.
LEFTOVERS=()
for f in /etc/aliases /etc/aliases.db /etc/mailname /var/spool/exim4 /var/spool/postfix \
    /var/spool/smtpd /var/spool/mqueue /var/spool/mqueue-client /etc/mail; do
    [ -e "$f" ] || LEFTOVERS+=("$f")
done
cleanup() {
    if [ ${#INSTALLED[@]} -gt 0 ]; then
        apt-get purge -y "${INSTALLED[@]}" >>"$WORK/apt.log" 2>&1 || true
        remove_new_accounts
    fi
    [ ${#LEFTOVERS[@]} -eq 0 ] || rm -rf "${LEFTOVERS[@]}"
    [ -z "$POLICY_MADE" ] || rm -f /usr/sbin/policy-rc.d
    rm -rf "$WORK"
}
trap cleanup EXIT

# The system users and groups that the last install added (purges leave them).
remove_new_accounts() {
    local u g
    for u in $(comm -13 "$WORK/users-before" <(cut -d: -f1 /etc/passwd | sort)); do
        userdel "$u" >>"$WORK/apt.log" 2>&1 || true
    done
    for g in $(comm -13 "$WORK/groups-before" <(cut -d: -f1 /etc/group | sort)); do
        groupdel "$g" >>"$WORK/apt.log" 2>&1 || true
    done
}

packages() {
    case $1 in
        postfix) echo postfix ;;
        exim) echo exim4-daemon-light exim4-config ;;
        opensmtpd) echo opensmtpd ;;
        sendmail) echo sendmail-bin sendmail-cf m4 ;;
        *) echo "realmta: unknown MTA $1" >&2; return 1 ;;
    esac
}

t_all=$SECONDS
apt-get update >"$WORK/apt.log" 2>&1 || echo "realmta: apt-get update failed, trying the cached lists" >&2
: > "$OUTDIR/summary.txt"
for mta in "${MTAS[@]}"; do
    t0=$SECONDS
    read -r -a pkgs <<< "$(packages "$mta")"
    rm -rf "${OUTDIR:?}/$mta"
    mkdir -p "$OUTDIR/$mta"
    dpkg-query -W -f '${Package}\n' | sort > "$WORK/before"
    cut -d: -f1 /etc/passwd | sort > "$WORK/users-before"
    cut -d: -f1 /etc/group | sort > "$WORK/groups-before"
    if ! apt-get install -y --no-install-recommends "${pkgs[@]}" >>"$WORK/apt.log" 2>&1; then
        echo "$mta: did not install (see apt log below)" | tee -a "$OUTDIR/summary.txt"
        tail -5 "$WORK/apt.log" >&2
        continue
    fi
    # Purge afterwards exactly what this install added, dependencies included.
    dpkg-query -W -f '${Package}\n' | sort > "$WORK/after"
    mapfile -t INSTALLED < <(comm -13 "$WORK/before" "$WORK/after")
    version=$(dpkg-query -W -f '${Version}' "${pkgs[0]}")
    if unshare --mount --net --uts --pid --fork --mount-proc \
        bash "$HERE/realmta/in-ns.sh" "$mta" "$OUTDIR/$mta" "$WORK/$mta" >"$WORK/$mta.out" 2>&1; then
        status=ok
    else
        status="failed (exit $?)"
    fi
    cat "$WORK/$mta.out"
    apt-get purge -y "${INSTALLED[@]}" >>"$WORK/apt.log" 2>&1 || true
    INSTALLED=()
    remove_new_accounts
    n=$(find "$OUTDIR/$mta" -name '*.eml' | wc -l)
    echo "$mta ${pkgs[0]} $version: $status, $n cases, $((SECONDS - t0)) s" | tee -a "$OUTDIR/summary.txt"
done
echo "total: $((SECONDS - t_all)) s" | tee -a "$OUTDIR/summary.txt"
