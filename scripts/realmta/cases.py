"""The real-MTA cases: one table, read by the scripted servers and by the collector.

Each case is one message from rmsender@mta.realmta.test to one recipient. What the
case expects is the truth of the setup (what the remote server was scripted to say,
what the DNS was made to answer), not what any classifier says.

Expectation fields written to <case>.json:
  recipient  the address that must be reported
  kind       "failed" or "delayed"
  status     the enhanced status the setup gave, or null when the setup gave none
             (the MTA makes one up); null is not checked
  cause      one of the eight Smtp550Cause names, or null for "none of the eight"
  reason     the Sisimai reason name where the setup makes it clear, else null
             (null is not checked)
  unchecked  (only where needed) {field: why}: fields that the MTA's notice cannot
             carry for this case, whatever reads it; they are not checked
"""

SENDER = "rmsender@mta.realmta.test"
LOCAL = "mta.realmta.test"

# Addresses on loopback. The MTA itself is 127.0.0.1; nothing listens on DEAD*.
DNS_ADDR = "127.0.0.2"
HOSTS = {
    "mta.realmta.test": "127.0.0.1",
    "mx.remote.realmta.test": "127.0.0.10",
    "mx.temp.realmta.test": "127.0.0.11",
    "mx.busy.realmta.test": "127.0.0.12",
    "mx.slow.realmta.test": "127.0.0.13",
    "mx.small.realmta.test": "127.0.0.14",
    "dead.unreach.realmta.test": "127.0.0.20",
    "dead.slowdead.realmta.test": "127.0.0.21",
}
# Domain -> MX target ("." is a null MX, RFC 7505).
MX = {
    "remote.realmta.test": "mx.remote.realmta.test",
    "temp.realmta.test": "mx.temp.realmta.test",
    "busy.realmta.test": "mx.busy.realmta.test",
    "slow.realmta.test": "mx.slow.realmta.test",
    "small.realmta.test": "mx.small.realmta.test",
    "unreach.realmta.test": "dead.unreach.realmta.test",
    "slowdead.realmta.test": "dead.slowdead.realmta.test",
    "nullmx.realmta.test": ".",
    "loop.realmta.test": "mta.realmta.test",
}
# Names that exist but have no MX, A or AAAA record.
EMPTY = {"nomx.realmta.test", "realmta.test"}
# The scripted servers: address -> greeting, and the SIZE limit they advertise.
SERVERS = {
    "127.0.0.10": {"greeting": "220 mx.remote.realmta.test ESMTP scripted"},
    "127.0.0.11": {"greeting": "220 mx.temp.realmta.test ESMTP scripted"},
    "127.0.0.12": {"greeting": "421 4.3.2 mx.busy.realmta.test Service shutting down, closing channel"},
    "127.0.0.13": {"greeting": "220 mx.slow.realmta.test ESMTP scripted"},
    "127.0.0.14": {"greeting": "220 mx.small.realmta.test ESMTP scripted", "size": 2000},
}

ALL = ("postfix", "exim", "opensmtpd", "sendmail")
NO_OSMTPD = ("postfix", "exim", "sendmail")


def case(name, rcpt, kind, status, cause, reason, stage=None, reply=None, phase="now",
         mtas=ALL, big=False):
    return {
        "name": name, "rcpt": rcpt, "kind": kind, "status": status, "cause": cause,
        "reason": reason, "stage": stage, "reply": reply, "phase": phase, "mtas": mtas,
        "big": big,
    }


R = "remote.realmta.test"
T = "temp.realmta.test"

CASES = [
    # The remote server refuses for good, at RCPT or after DATA. {rcpt} is replaced.
    case("unknown-user-table", f"unknown-user-table@{R}", "failed", "5.1.1", "nonexistent_mailbox",
         "userunknown", "rcpt", "550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in local recipient table"),
    case("unknown-no-such-user", f"unknown-no-such-user@{R}", "failed", "5.1.1", "nonexistent_mailbox",
         "userunknown", "rcpt", "550 5.1.1 No such user here"),
    case("unknown-mailbox-unavailable", f"unknown-mailbox-unavailable@{R}", "failed", "5.1.1",
         "nonexistent_mailbox", "userunknown", "rcpt",
         "550 5.1.1 Requested action not taken: mailbox unavailable (no such recipient)"),
    case("unknown-invalid-recipient", f"unknown-invalid-recipient@{R}", "failed", "5.1.1",
         "nonexistent_mailbox", "userunknown", "rcpt", "550 5.1.1 <{rcpt}>... Invalid recipient"),
    case("unknown-does-not-exist", f"unknown-does-not-exist@{R}", "failed", "5.1.1", "nonexistent_mailbox",
         "userunknown", "rcpt", "550 5.1.1 The mailbox you wrote to does not exist on this server"),
    case("unknown-no-status", f"unknown-no-status@{R}", "failed", None, "nonexistent_mailbox",
         "userunknown", "rcpt", "550 Recipient not found"),
    case("unknown-under-571", f"unknown-under-571@{R}", "failed", "5.7.1", "nonexistent_mailbox",
         "userunknown", "rcpt", "550 5.7.1 Nonexistent user, delivery refused"),
    case("unknown-german", f"unknown-german@{R}", "failed", "5.1.1", "nonexistent_mailbox",
         "userunknown", "rcpt", "550 5.1.1 Empfaenger unbekannt: kein solches Postfach"),
    case("unknown-french", f"unknown-french@{R}", "failed", "5.1.1", "nonexistent_mailbox",
         "userunknown", "rcpt", "550 5.1.1 Destinataire inconnu : cette adresse n'existe pas"),
    case("unknown-spanish", f"unknown-spanish@{R}", "failed", "5.1.1", "nonexistent_mailbox",
         "userunknown", "rcpt", "550 5.1.1 El destinatario no existe en este dominio"),
    case("unknown-after-data", f"unknown-after-data@{R}", "failed", "5.1.1", "nonexistent_mailbox",
         "userunknown", "data", "550 5.1.1 Delivery failed: user account does not exist"),
    case("mailbox-full-552", f"mailbox-full-552@{R}", "failed", "5.2.2", None, "mailboxfull",
         "rcpt", "552 5.2.2 Mailbox full: the user's quota is exceeded"),
    case("mailbox-full-550", f"mailbox-full-550@{R}", "failed", "5.2.2", None, "mailboxfull",
         "data", "550 5.2.2 Recipient's mailbox is over its storage limit"),
    case("quota-no-status", f"quota-no-status@{R}", "failed", None, None, "mailboxfull", "rcpt",
         "550 Mailbox quota exceeded for this recipient"),
    case("suspended-under-571", f"suspended-under-571@{R}", "failed", "5.7.1", "disabled_mailbox",
         "suspend", "rcpt", "550 5.7.1 Recipient account is suspended"),
    case("disabled-mailbox", f"disabled-mailbox@{R}", "failed", "5.2.1", "disabled_mailbox", "suspend",
         "rcpt", "550 5.2.1 This mailbox has been disabled"),
    case("inactive-account", f"inactive-account@{R}", "failed", "5.2.1", "disabled_mailbox", "suspend",
         "rcpt", "550 5.2.1 Account inactive: mailbox suspended for lack of use"),
    case("has-moved", f"has-moved@{R}", "failed", "5.1.6", "nonexistent_mailbox", "hasmoved", "rcpt",
         "551 5.1.6 User has moved; please try <new-home@example.test>"),
    case("blocklist-ip", f"blocklist-ip@{R}", "failed", "5.7.1", "spam_filter", "blocked", "rcpt",
         "554 5.7.1 Service unavailable; client host [127.0.0.1] blocked using bl.realmta.test"),
    case("spam-content", f"spam-content@{R}", "failed", "5.7.1", "spam_filter", "spamdetected", "data",
         "554 5.7.1 Message refused: content looks like spam"),
    case("spam-score", f"spam-score@{R}", "failed", "5.7.1", "spam_filter", "spamdetected", "data",
         "550 5.7.1 Spam score too high (12.3 > 5.0), message rejected"),
    case("virus-found", f"virus-found@{R}", "failed", "5.7.0", "spam_filter", "virusdetected", "data",
         "554 5.7.0 Virus found in message, not delivered"),
    case("message-too-large", f"message-too-large@{R}", "failed", "5.3.4", None, "emailtoolarge", "data",
         "552 5.3.4 Message size exceeds fixed maximum message size"),
    case("spf-fail", f"spf-fail@{R}", "failed", "5.7.23", "auth_failure", "authfailure", "data",
         "550 5.7.23 SPF check failed: the sending host is not allowed to send for realmta.test"),
    case("dmarc-reject", f"dmarc-reject@{R}", "failed", "5.7.26", "auth_failure", "authfailure", "data",
         "550 5.7.26 Message rejected because the DMARC policy of the sender's domain says reject"),
    case("dkim-fail", f"dkim-fail@{R}", "failed", "5.7.20", "auth_failure", "authfailure", "data",
         "550 5.7.20 No valid DKIM signature found, message refused"),
    case("auth-required", f"auth-required@{R}", "failed", "5.7.0", "auth_failure", "securityerror", "rcpt",
         "530 5.7.0 Authentication required"),
    # The recipient domain's own MX refuses to relay for it: its MX setup is wrong.
    case("relay-denied", f"relay-denied@{R}", "failed", "5.7.1", "bad_mx", "norelaying", "rcpt",
         "554 5.7.1 <{rcpt}>: Relay access denied"),
    case("rate-limit-perm", f"rate-limit-perm@{R}", "failed", "5.7.1", None, "ratelimited", "rcpt",
         "550 5.7.1 Too many messages from your host in the last hour, rate limit exceeded"),
    case("reverse-dns", f"reverse-dns@{R}", "failed", "5.7.25", "spam_filter", "requireptr", "rcpt",
         "550 5.7.25 Reverse DNS lookup failed for your address, connection refused"),
    case("policy-refused", f"policy-refused@{R}", "failed", "5.7.1", "spam_filter", None, "rcpt",
         "550 5.7.1 Message refused by local policy"),
    # The remote server answers 4xx; the queue lifetime is zero, so the MTA gives up at once.
    case("temp-mailbox-full", f"temp-mailbox-full@{T}", "failed", "4.2.2", None, "mailboxfull", "rcpt",
         "452 4.2.2 Mailbox over quota, try again later"),
    case("temp-rate-limit", f"temp-rate-limit@{T}", "failed", "4.7.1", None, "ratelimited", "rcpt",
         "450 4.7.1 Too many connections from your IP, slow down"),
    case("temp-local-error", f"temp-local-error@{T}", "failed", "4.3.0", "server_down", "systemerror",
         "rcpt", "451 4.3.0 Local error in processing, try again later"),
    # Greylisting is the recipient's anti-spam measure.
    case("temp-greylisted", f"temp-greylisted@{T}", "failed", "4.7.1", "spam_filter", None, "rcpt",
         "451 4.7.1 Greylisted, please try again in 300 seconds"),
    case("busy-421", "someone@busy.realmta.test", "failed", "4.3.2", "server_down", None),
    # The MTA's own routing failures, driven by the DNS server.
    case("unreachable-host", "someone@unreach.realmta.test", "failed", None, "server_down", None),
    case("no-mx-no-a", "someone@nomx.realmta.test", "failed", None, "bad_mx", "hostunknown"),
    case("null-mx", "someone@nullmx.realmta.test", "failed", None, "bad_mx", "notaccept"),
    case("mx-loop", "someone@loop.realmta.test", "failed", None, "bad_mx", None),
    case("nxdomain", "someone@nothere.realmta.test", "failed", None, "bad_mx", "hostunknown"),
    case("typo-domain", "ann@gmial.com", "failed", None, "recipient_typo", "hostunknown"),
    case("size-limit-advertised", "someone@small.realmta.test", "failed", None, None, "emailtoolarge",
         big=True),
    # The sending MTA's own content filter refuses the message (the seed's outbound filter).
    case("outbound-blocked", f"someone@{R}", "failed", None, "outbound_filter", None,
         mtas=("postfix", "exim")),
    # Local delivery on the MTA itself.
    case("local-unknown-user", f"nosuchuser@{LOCAL}", "failed", None, "nonexistent_mailbox", "userunknown"),
    # OpenSMTPD has no mailbox quota and its aliases cannot refuse an address;
    # Sendmail's mail.local has no quota either.
    case("local-mailbox-full", f"rmfull@{LOCAL}", "failed", None, None, "mailboxfull", big=True,
         mtas=("postfix", "exim")),
    case("local-has-moved", f"rmmoved@{LOCAL}", "failed", None, "nonexistent_mailbox", "hasmoved",
         mtas=NO_OSMTPD),
    case("local-disabled", f"rmdisabled@{LOCAL}", "failed", "5.2.1", "disabled_mailbox", "suspend",
         mtas=NO_OSMTPD),
    case("local-forwarding-loop", f"rmloopa@{LOCAL}", "failed", None, None, None),
    # Delays: a long queue lifetime and early delay warnings.
    case("delay-greylisted", "delay-greylisted@slow.realmta.test", "delayed", "4.7.1", "spam_filter",
         None, "rcpt",
         "451 4.7.1 Greylisted, please try again in 300 seconds", phase="delay"),
    case("delay-mailbox-full", "delay-mailbox-full@slow.realmta.test", "delayed", "4.2.2", None,
         "mailboxfull", "rcpt", "452 4.2.2 Mailbox over quota, try again later", phase="delay"),
    case("delay-unreachable", "someone@slowdead.realmta.test", "delayed", None, "server_down", None,
         phase="delay"),
]

BY_LOCALPART = {c["rcpt"].split("@")[0]: c for c in CASES if c["reply"]}

# Where an MTA's notice cannot carry what the setup did. Each entry names the MTA, a
# test on the notice's bytes, and what the notice does say instead; the setup's own
# value for those fields is then not checked ("unchecked", with the reason why).
#
# OpenSMTPD, given a queue lifetime of seconds, gives up on a temporary failure with
# a notice that names only "Envelope expired" and Status 4.4.7: the last reply, and
# with it what the remote side or the DNS said, is not in it. The message did expire
# in the queue, so the notice's reason and status are checked as such.
OPENSMTPD_EXPIRED = (b"Envelope expired", {"status": "4.4.7", "reason": "expired"},
                     {"cause": "OpenSMTPD's expiry notice replaces the last reply with "
                               "'Envelope expired': the cause of the retries is not in it"})
# Exim words a loop in its own aliases exactly as an unknown local user
# ("Unrouteable address", Status 5.0.0): the two notices differ only in the address.
EXIM_LOCAL_LOOP = (b"Unrouteable address", {},
                   {"cause": "Exim's notice for a loop in its own aliases is word for word "
                             "its notice for an unknown local user",
                    "reason": "same notice as for an unknown local user"})
NOTICE_LIMITS = {
    ("opensmtpd", "failed"): [OPENSMTPD_EXPIRED],
    ("exim", "local-forwarding-loop"): [EXIM_LOCAL_LOOP],
}


def expectation(mta, c, raw):
    """What <case>.json holds for case c on MTA mta, given the notice's bytes."""
    expect = {"recipient": c["rcpt"], "kind": c["kind"], "status": c["status"],
              "cause": c["cause"], "reason": c["reason"]}
    unchecked = {}
    for key in ((mta, c["kind"]), (mta, c["name"])):
        for needle, says, lacks in NOTICE_LIMITS.get(key, []):
            if needle in raw:
                expect.update(says)
                unchecked.update(lacks)
    if unchecked:
        expect["unchecked"] = unchecked
    return expect


def for_mta(mta, phase):
    return [c for c in CASES if mta in c["mtas"] and c["phase"] == phase]


if __name__ == "__main__":
    # cases.py MTA PHASE: one "name recipient big" line per case, for the shell driver;
    # cases.py hosts: the A records again as an /etc/hosts file.
    import sys
    if sys.argv[1] == "hosts":
        for host, addr in HOSTS.items():
            print(f"{addr}\t{host}" + ("\tmta localhost" if addr == "127.0.0.1" else ""))
        sys.exit(0)
    for c in for_mta(sys.argv[1], sys.argv[2]):
        print(c["name"], c["rcpt"], "big" if c["big"] else "small")
