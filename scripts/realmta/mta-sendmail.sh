# Sendmail (Debian's sendmail-bin): sourced by in-ns.sh. Our own .mc is built with
# Debian's m4 files. Sendmail trusts only files on paths that root owns and nobody
# else may write, so a private /etc/mail and queue are mounted over the real ones.
# Messages are submitted straight to the MTA (-Am, no MSP). Each phase restarts the
# daemon with its queue timeouts.

SUBMIT="/usr/sbin/sendmail -Am"

mta_configure() {
    mkdir -p "$W/etcmail" "$W/mqueue"
    chmod 755 "$W/etcmail"; chmod 700 "$W/mqueue"
    mount --bind "$W/etcmail" /etc/mail
    mount --bind "$W/mqueue" /var/spool/mqueue
    W_ETC=/etc/mail
    printf 'postmaster: root\nrmloopa: rmloopb@mta.realmta.test\nrmloopb: rmloopa@mta.realmta.test\n' > "$W_ETC/aliases"
    cat > "$W_ETC/virtusertable" <<VT
rmmoved@mta.realmta.test	error:5.1.6:551 User has moved to new-home@example.test
rmdisabled@mta.realmta.test	error:5.2.1:550 This mailbox is disabled
VT
    cat > "$W_ETC/sendmail.mc" <<MC
divert(-1)dnl
divert(0)dnl
include(\`/usr/share/sendmail/cf/m4/cf.m4')dnl
VERSIONID(\`realmta')dnl
OSTYPE(\`debian')dnl
define(\`LOCAL_MAILER_PATH', \`/usr/libexec/sendmail/mail.local')dnl
define(\`LOCAL_MAILER_ARGS', \`mail.local -d \$u')dnl
undefine(\`confHOST_STATUS_DIRECTORY')dnl
define(\`confCW_FILE', \`-o /etc/mail/local-host-names')dnl
define(\`STATUS_FILE', \`/etc/mail/sendmail.st')dnl
define(\`ALIAS_FILE', \`/etc/mail/aliases')dnl
define(\`confPID_FILE', \`/etc/mail/sendmail.pid')dnl
define(\`confDEAD_LETTER_DROP', \`/etc/mail/dead.letter')dnl
define(\`confLOG_LEVEL', \`9')dnl
define(\`confMAX_MESSAGE_SIZE', \`500000')dnl
define(\`confTO_CONNECT', \`5s')dnl
define(\`confTO_INITIAL', \`5s')dnl
define(\`confDOMAIN_NAME', \`mta.realmta.test')dnl
define(\`confPRIVACY_FLAGS', \`authwarnings')dnl
FEATURE(\`no_default_msa')dnl
FEATURE(\`virtusertable', \`hash -o /etc/mail/virtusertable')dnl
LOCAL_DOMAIN(\`mta.realmta.test')dnl
DAEMON_OPTIONS(\`Family=inet, Name=MTA-v4, Port=smtp, Addr=127.0.0.1')dnl
MAILER(\`local')dnl
MAILER(\`smtp')dnl
MC
    echo "mta.realmta.test" > "$W_ETC/local-host-names"
    m4 "$W_ETC/sendmail.mc" > "$W_ETC/sendmail.cf"
    /usr/libexec/sendmail/makemap hash "$W_ETC/virtusertable" < "$W_ETC/virtusertable"
    /usr/sbin/sendmail -bi >>"$W/sendmail.out" 2>&1 || true
}

mta_start() { :; }

mta_phase() {
    if [ -n "${SM_PID:-}" ]; then
        kill "$SM_PID" 2>/dev/null || true
        for _ in $(seq 30); do kill -0 "$SM_PID" 2>/dev/null || break; sleep 0.2; done
    fi
    local opts
    if [ "$1" = now ]; then
        opts=(-O Timeout.queuereturn=1s -O Timeout.queuewarn=1d)
    else
        opts=(-O Timeout.queuereturn=1d -O Timeout.queuewarn=1s)
    fi
    # -bD: the daemon in the foreground; -q2s: a queue run every two seconds.
    /usr/sbin/sendmail -bD -q2s "${opts[@]}" >>"$W/sendmail.out" 2>&1 &
    SM_PID=$!
    record "$SM_PID"
    sleep 2
}

mta_flush() { :; }

mta_stop() {
    kill "$SM_PID" 2>/dev/null || true
    sleep 1
}
