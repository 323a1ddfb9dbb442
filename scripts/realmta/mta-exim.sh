# Exim 4 (Debian's exim4-daemon-light): sourced by in-ns.sh. Our own configuration
# replaces Debian's generated one for the run; the main log is kept as Exim writes it.

EXIM_CONF=/etc/exim4/exim4.conf

mta_configure() {
    # An earlier run's queue and retry hints must not leak into this one.
    rm -rf /var/spool/exim4/input /var/spool/exim4/msglog /var/spool/exim4/db/*
    mkdir -p "$W/exim-log"
    chown Debian-exim:adm "$W/exim-log" 2>/dev/null || chown Debian-exim "$W/exim-log"
    printf 'postmaster: root\nrmloopa: rmloopb@mta.realmta.test\nrmloopb: rmloopa@mta.realmta.test\n' > "$W/aliases"
    printf 'rmmoved: :fail: User has moved to new-home@example.test\n' >> "$W/aliases"
    printf 'rmdisabled: :fail: 5.2.1 This mailbox is disabled\n' >> "$W/aliases"
    cat > "$W/exim-filter" <<'FILTER'
# Exim filter
if $h_X-Realmta-Case: is "outbound-blocked" then
  fail text "Outbound message blocked by the content policy of this server"
endif
FILTER
    cat > "$EXIM_CONF" <<CONF
primary_hostname = mta.realmta.test
qualify_domain = mta.realmta.test
domainlist local_domains = mta.realmta.test : localhost
local_interfaces = 127.0.0.1
daemon_smtp_ports = 25
disable_ipv6 = true
keep_environment =
tls_advertise_hosts =
exim_user = Debian-exim
log_file_path = $W/exim-log/%slog
log_selector = +smtp_confirmation +subject +address_rewrite +deliver_time +delivery_size
# Delay warnings early, so the delayed cases get one during the run.
delay_warning = 5s
timeout_frozen_after = 1m
ignore_bounce_errors_after = 0s
message_size_limit = 500000
system_filter = $W/exim-filter

begin routers
dnslookup:
  driver = dnslookup
  domains = ! +local_domains
  transport = remote_smtp
  self = fail
  no_more
system_aliases:
  driver = redirect
  data = \${lookup{\$local_part}lsearch{$W/aliases}}
  allow_fail
  allow_defer
localuser:
  driver = accept
  check_local_user
  transport = local_delivery

begin transports
remote_smtp:
  driver = smtp
  connect_timeout = 5s
local_delivery:
  driver = appendfile
  file = /var/mail/\$local_part_data
  delivery_date_add
  envelope_to_add
  return_path_add
  group = mail
  mode = 0660
  quota = 1000000

begin retry
# Slow domains are retried for a day; every other temporary failure is final at once.
slow.realmta.test      *   F,1d,3s
slowdead.realmta.test  *   F,1d,3s
*                      *
CONF
    exim4 -bV >"$W/exim.out" 2>&1 || { cat "$W/exim.out"; return 1; }
}

mta_start() {
    exim4 -bdf -q2s >>"$W/exim.out" 2>&1 &
    record $!
    sleep 1
}

mta_phase() { :; }

mta_flush() { exim4 -qff >/dev/null 2>&1 || true; }

mta_stop() {
    local pid
    pid=$(tail -1 "$W/pids")
    kill "$pid" 2>/dev/null || true
    sleep 1
    cat "$W"/exim-log/*log > "$W/maillog" 2>/dev/null || true
    rm -f "$EXIM_CONF"
}
