#!/usr/bin/env bash
# Runs one MTA's cases inside private namespaces (called by scripts/realmta.sh):
#   unshare --mount --net --uts --pid --fork --mount-proc bash in-ns.sh MTA OUTDIR WORKDIR
# The network namespace has only loopback, so nothing can leave the machine; the mount
# namespace gives the MTA private /etc/resolv.conf, /etc/hosts, users, /var/mail and
# /dev/log. Every process started here is recorded in WORKDIR/pids and stopped by PID.
set -euo pipefail
MTA=$1 OUT=$2 W=$3
HERE=$(cd "$(dirname "$0")" && pwd)
PY=${PYTHON:-python3}
mkdir -p "$OUT" "$W"
: > "$W/pids"
rm -f "$OUT/missing.txt"

stop_recorded() {
    local pid
    if declare -F mta_cleanup >/dev/null; then mta_cleanup || true; fi
    # Newest first: the MTA before the servers it talks to.
    for pid in $(tac "$W/pids" 2>/dev/null); do
        kill "$pid" 2>/dev/null || true
    done
    sleep 0.5
    for pid in $(tac "$W/pids" 2>/dev/null); do
        kill -9 "$pid" 2>/dev/null || true
    done
}
trap stop_recorded EXIT
record() { echo "$1" >> "$W/pids"; }

ip link set lo up
hostname mta.realmta.test

# A private /dev with the usual nodes and our own /dev/log.
mkdir -p "$W/dev/pts" "$W/dev/shm"
for n in null zero full random urandom tty; do
    touch "$W/dev/$n"
    mount --bind "/dev/$n" "$W/dev/$n"
done
ln -sfn /proc/self/fd "$W/dev/fd"
ln -sf /proc/self/fd/0 "$W/dev/stdin"
ln -sf /proc/self/fd/1 "$W/dev/stdout"
ln -sf /proc/self/fd/2 "$W/dev/stderr"
mount -t tmpfs tmpfs "$W/dev/shm"
mount --rbind "$W/dev" /dev

# Name service: our DNS server only, and a hosts file that names the MTA.
# "lookup" and "family" are read by OpenSMTPD's resolver (asr) and ignored by glibc.
printf 'nameserver 127.0.0.2\nlookup file bind\nfamily inet4\n' > "$W/resolv.conf"
# OpenSMTPD resolves MX hosts through the hosts file only when the host has no
# address but loopback, so the A records are there too (MX lookups stay on DNS).
{ "$PY" "$HERE/cases.py" hosts; printf '::1\tlocalhost\n'; } > "$W/hosts"
echo "mta.realmta.test" > "$W/mailname"
mount --bind "$W/resolv.conf" /etc/resolv.conf
mount --bind "$W/hosts" /etc/hosts
echo "mta.realmta.test" > "$W/hostname"
mount --bind "$W/hostname" /etc/hostname
if [ -e /etc/mailname ]; then mount --bind "$W/mailname" /etc/mailname; fi

# Local users: the sender, and mailboxes for the local-delivery cases.
cp /etc/passwd "$W/passwd"; cp /etc/group "$W/group"; cp /etc/shadow "$W/shadow"
for u in rmsender:2501 rmfull:2502; do
    name=${u%%:*} id=${u##*:}
    mkdir -p "$W/home/$name"
    chown "$id:$id" "$W/home/$name"
    echo "$name:x:$id:$id:realmta $name:$W/home/$name:/bin/sh" >> "$W/passwd"
    echo "$name:x:$id:" >> "$W/group"
    echo "$name:*:19000:0:99999:7:::" >> "$W/shadow"
done
mount --bind "$W/passwd" /etc/passwd
mount --bind "$W/group" /etc/group
mount --bind "$W/shadow" /etc/shadow
mkdir -p "$W/mail"
# As Debian has it: mail.local creates the mailbox as the user.
chgrp mail "$W/mail" && chmod 3777 "$W/mail"
mount --bind "$W/mail" /var/mail
# A mailbox already at its size limit (each MTA sets the limit to 1,000,000 bytes).
{ printf 'From filler@mta.realmta.test Sun Dec  6 00:00:00 2026\nSubject: filler\n\n'
  head -c 999000 /dev/zero | tr '\0' 'x' | fold -w 76; echo; } > /var/mail/rmfull
chown rmfull:mail /var/mail/rmfull && chmod 660 /var/mail/rmfull

: > "$W/maillog"
"$PY" "$HERE/servers.py" "$W/servers.log" /dev/log "$W/maillog" 2>>"$W/servers.log" &
record $!
for _ in $(seq 50); do grep -q ready "$W/servers.log" 2>/dev/null && break; sleep 0.1; done

MBOX=/var/mail/rmsender

# inject CASE RCPT SIZE: one message through the MTA's sendmail(1).
inject() {
    local name=$1 rcpt=$2 size=$3
    {
        printf 'From: Realmta Sender <rmsender@mta.realmta.test>\n'
        printf 'To: <%s>\n' "$rcpt"
        printf 'Subject: realmta case [realmta:%s]\n' "$name"
        printf 'Message-ID: <%s.%s@mta.realmta.test>\n' "$name" "$MTA"
        printf 'Date: %s\n' "$(date -R)"
        printf 'X-Realmta-Case: %s\n\n' "$name"
        printf 'This message was sent on purpose to make %s bounce (case %s).\n' "$MTA" "$name"
        if [ "$size" = big ]; then
            for i in $(seq 60); do printf 'Filler line %03d to make the message larger than small limits allow.\n' "$i"; done
        fi
    } | ${SUBMIT:-/usr/sbin/sendmail} -f rmsender@mta.realmta.test -- "$rcpt" \
        || { echo "$MTA: $name: submission exited non-zero (the MTA may send no notice)" >&2
             echo "$name" >> "$W/refused"; }
}

# count_bounces PHASE: how many of the phase's cases have a notice in the mailbox.
count_bounces() {
    local n=0 name
    [ -f "$MBOX" ] || { echo 0; return; }
    while read -r name _; do
        grep -q "\[realmta:$name\]" "$MBOX" && n=$((n + 1))
    done < <("$PY" "$HERE/cases.py" "$MTA" "$1")
    echo "$n"
}

# run_phase PHASE TIMEOUT: inject the phase's cases, then wait for their notices
# (but not for those whose submission failed: the MTA may send none).
run_phase() {
    local phase=$1 timeout=$2 total t0
    : > "$W/refused"
    while read -r name rcpt size; do
        inject "$name" "$rcpt" "$size"
    done < <("$PY" "$HERE/cases.py" "$MTA" "$phase")
    total=$(( $("$PY" "$HERE/cases.py" "$MTA" "$phase" | wc -l) - $(wc -l < "$W/refused") ))
    t0=$SECONDS
    while [ $((SECONDS - t0)) -lt "$timeout" ]; do
        sleep 2
        [ "$(count_bounces "$phase")" -ge "$total" ] && break
        mta_flush
    done
    sleep 2
    "$PY" "$HERE/collect.py" "$MTA" "$phase" "$MBOX" "$OUT"
}

# shellcheck source=/dev/null
. "$HERE/mta-$MTA.sh"
mta_configure
mta_start
mta_phase now
run_phase now "${REALMTA_WAIT:-90}"
mta_phase delay
run_phase delay "${REALMTA_DELAY_WAIT:-90}"
mta_stop
cp "$W/maillog" "$OUT/maillog.txt"
cp "$MBOX" "$W/mbox.txt" 2>/dev/null || true
