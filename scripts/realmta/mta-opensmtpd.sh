# OpenSMTPD (Debian's opensmtpd): sourced by in-ns.sh. It runs in the foreground
# (-F) and logs to syslog, that is our /dev/log. Each phase restarts it with a
# configuration of its own: a queue lifetime of seconds, then of a day with early
# delay warnings.

mta_configure() {
    printf 'postmaster: root\nrmloopa: rmloopb@mta.realmta.test\nrmloopb: rmloopa@mta.realmta.test\n' > "$W/aliases"
    rm -rf /var/spool/smtpd/queue/* /var/spool/smtpd/incoming/* /var/spool/smtpd/corrupt/* \
        /var/spool/smtpd/temporary/* /var/spool/smtpd/offline/* 2>/dev/null || true
}

smtpd_conf() {
    cat > "$W/smtpd.conf" <<CONF
queue ttl $1
bounce warn-interval $2
smtp max-message-size 500000
table aliases file:$W/aliases
listen on 127.0.0.1 hostname mta.realmta.test
action "local" mbox alias <aliases>
action "relay" relay helo mta.realmta.test
match from local for domain "mta.realmta.test" action "local"
match from local for domain "localhost" action "local"
match from local for any action "relay"
CONF
    smtpd -n -f "$W/smtpd.conf" >>"$W/smtpd.out" 2>&1
}

mta_start() { :; }

mta_phase() {
    local pid
    if [ -n "${SMTPD_PID:-}" ]; then
        kill "$SMTPD_PID" 2>/dev/null || true
        for _ in $(seq 30); do kill -0 "$SMTPD_PID" 2>/dev/null || break; sleep 0.2; done
    fi
    if [ "$1" = now ]; then smtpd_conf 2s 1h; else smtpd_conf 1d 2s; fi
    smtpd -F -f "$W/smtpd.conf" >>"$W/smtpd.out" 2>&1 &
    SMTPD_PID=$!
    record "$SMTPD_PID"
    sleep 2
}

mta_flush() { smtpctl schedule all >/dev/null 2>&1 || true; }

mta_stop() {
    kill "$SMTPD_PID" 2>/dev/null || true
    sleep 1
}
