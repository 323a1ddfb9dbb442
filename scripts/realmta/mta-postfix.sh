# Postfix: sourced by in-ns.sh. Debian's package, its /etc/postfix rewritten here
# (the package is purged afterwards). Logs go to syslog, that is our /dev/log.

mta_configure() {
    local pc="postconf -e"
    $pc compatibility_level=3.6 \
        myhostname=mta.realmta.test mydomain=realmta.test myorigin=mta.realmta.test \
        'mydestination=mta.realmta.test, localhost' \
        inet_interfaces=127.0.0.1 inet_protocols=ipv4 relayhost= \
        smtp_host_lookup=dns disable_dns_lookups=no smtp_tls_security_level=none \
        smtpd_tls_security_level=none maillog_file= syslog_name=postfix \
        alias_maps=hash:$W/aliases alias_database=hash:$W/aliases \
        relocated_maps=hash:/etc/postfix/relocated transport_maps=hash:/etc/postfix/transport \
        mailbox_size_limit=1000000 message_size_limit=500000 \
        queue_run_delay=1s minimal_backoff_time=1s maximal_backoff_time=2s \
        smtp_connect_timeout=5s header_checks=regexp:$W/header_checks
    postconf -F '*/*/chroot = n'
    printf 'postmaster: root\nrmloopa: rmloopb@mta.realmta.test\nrmloopb: rmloopa@mta.realmta.test\n' > "$W/aliases"
    echo "rmmoved@mta.realmta.test new-home@example.test" > /etc/postfix/relocated
    echo "rmdisabled@mta.realmta.test error:5.2.1 This mailbox is disabled" > /etc/postfix/transport
    echo '/^X-Realmta-Case: outbound-blocked$/ REJECT 5.7.1 Outbound message blocked by the content policy of this server' > "$W/header_checks"
    postalias "$W/aliases"
    postmap /etc/postfix/relocated /etc/postfix/transport
    postfix check || true
    postsuper -d ALL >/dev/null 2>&1 || true
}

mta_start() {
    postfix start-fg >>"$W/postfix.out" 2>&1 &
    record $!
    sleep 2
}

mta_phase() {
    if [ "$1" = now ]; then
        # A zero lifetime: one try, then a bounce for temporary failures too.
        postconf -e maximal_queue_lifetime=0 bounce_queue_lifetime=0 delay_warning_time=0
    else
        postconf -e maximal_queue_lifetime=1d bounce_queue_lifetime=1d delay_warning_time=1s
    fi
    postfix reload >>"$W/postfix.out" 2>&1 || true
    sleep 1
}

mta_flush() { postqueue -f 2>/dev/null || true; }

mta_stop() {
    postsuper -d ALL >/dev/null 2>&1 || true
    postfix stop >>"$W/postfix.out" 2>&1 || true
    sleep 1
}
