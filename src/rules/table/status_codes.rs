//! The generic meaning of the enhanced status code (RFC 3463 and the IANA
//! registry), when no phrase said more.

use crate::cause::Reason::*;
use crate::extract::Command;
use crate::fix::Advice;
use crate::rules::Rule;
use crate::rules::masks;

/// This section's rules, in priority order.
pub(super) const RULES: &[Rule] = &[
    // X.2.2 and X.2.3: a full mailbox, a message over the mailbox's size
    // limit. After the phrase families: "too many connections" under a
    // 5.2.2 is a rate.
    Rule {
        id: "emailtoolarge.status-mailbox-limit",
        reason: EmailTooLarge,
        status: masks!["*.2.3"],
        ..Rule::NEW
    },
    Rule {
        id: "mailboxfull.status",
        reason: MailboxFull,
        status: masks!["*.2.2"],
        ..Rule::NEW
    },
    Rule {
        id: "rejected.mail-from-refused",
        reason: Rejected,
        commands: &[Command::Mail],
        ..Rule::NEW
    },
    Rule {
        id: "status.bad-mailbox",
        reason: UserUnknown,
        // X.1.10 is "recipient has null MX" in RFC 7505, but Microsoft sends it
        // for every unknown recipient (RESOLVER.ADR.RecipientNotFound).
        status: masks![
            "*.1.1", "*.1.0", "*.1.3", "*.1.4", "*.1.5", "*.1.9", "*.1.10",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "status.bad-domain",
        reason: HostUnknown,
        status: masks!["*.1.2", "*.4.4"],
        ..Rule::NEW
    },
    Rule {
        id: "status.null-mx",
        reason: NotAccept,
        // 4.3.2 is a server shutting down or busy, not a refusal of mail.
        status: masks!["5.3.2"],
        ..Rule::NEW
    },
    Rule {
        id: "status.mailbox-disabled",
        reason: Suspend,
        status: masks!["*.2.1"],
        ..Rule::NEW
    },
    Rule {
        id: "status.length-limit",
        reason: EmailTooLarge,
        // X.5.3: too many recipients (RFC 3463), a limit of the message,
        // not of its size.
        first_fix: Some(Advice::SplitRecipientList),
        status: masks!["*.5.3"],
        ..Rule::NEW
    },
    Rule {
        id: "status.mailbox-other",
        reason: Filtered,
        status: masks!["*.2.0", "*.2.4"],
        ..Rule::NEW
    },
    Rule {
        id: "status.system-full",
        reason: SystemFull,
        status: masks!["*.3.1"],
        ..Rule::NEW
    },
    Rule {
        id: "status.system",
        reason: SystemError,
        status: masks!["*.3.0", "4.3.2", "*.3.3", "*.3.5", "*.4.3", "*.4.5"],
        ..Rule::NEW
    },
    // Any other X.3.* (Microsoft numbers its own, 5.3.190 and up): the
    // class, "mail system status", is the receiving system's.
    Rule {
        id: "status.system-class",
        reason: SystemError,
        status: masks!["*.3.*"],
        ..Rule::NEW
    },
    Rule {
        id: "status.network",
        reason: NetworkError,
        status: masks!["*.4.0", "*.4.1", "*.4.2", "*.4.6"],
        ..Rule::NEW
    },
    Rule {
        id: "status.protocol",
        reason: SyntaxError,
        status: masks!["*.5.0", "*.5.1", "*.5.2", "*.5.4", "*.5.5"],
        ..Rule::NEW
    },
    Rule {
        id: "status.content",
        reason: ContentError,
        status: masks!["*.6.*"],
        ..Rule::NEW
    },
    // Security features not supported, cryptographic failure, encryption
    // needed (X.7.4, X.7.5, X.7.10): a TLS matter between the servers, not
    // sender authentication.
    Rule {
        id: "status.tls-crypto",
        reason: FailedStartTls,
        status: masks!["*.7.4", "*.7.5", "*.7.10"],
        ..Rule::NEW
    },
    Rule {
        id: "status.security",
        reason: SecurityError,
        status: masks![
            "*.7.6", "*.7.7", "*.7.8", "*.7.9", "*.7.11", "*.7.12", "*.7.14", "*.7.15", "*.7.16",
            "*.7.19",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "status.delivery-not-authorized",
        reason: Blocked,
        status: masks!["*.7.1"],
        commands: &[Command::Conn, Command::Ehlo, Command::Helo],
        ..Rule::NEW
    },
    Rule {
        id: "status.policy",
        reason: PolicyViolation,
        status: masks!["*.7.*"],
        ..Rule::NEW
    },
    Rule {
        id: "status.success",
        reason: Delivered,
        status: masks!["2.*.*"],
        ..Rule::NEW
    },
];
