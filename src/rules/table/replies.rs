//! Nothing but the SMTP command or the reply code.

use crate::cause::Reason::*;
use crate::extract::Command;
use crate::rules::Rule;

/// This section's rules, in priority order.
pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "reply.connection-refused",
        reason: Blocked,
        commands: &[Command::Conn, Command::Ehlo, Command::Helo],
        ..Rule::NEW
    },
    // A 550/551/553 answer to RCPT (or to a command not known) that no
    // phrase above explains. RFC 5321
    // gives 550 for a mailbox not found, no access, or a policy refusal: a
    // text that speaks of the recipient or mailbox is the first, any other
    // is the receiver's policy (most such texts are a provider's own code).
    Rule {
        id: "reply.mailbox-unavailable",
        reason: UserUnknown,
        commands: &[Command::Rcpt, Command::Unknown],
        reply: &[550, 551, 553],
        patterns: &[
            r"recipient|mailbox|addressee|\buser\b|empfänger|destinataire|destinatario|destinatário|получател",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "reply.refused-at-rcpt",
        reason: PolicyViolation,
        commands: &[Command::Rcpt, Command::Unknown],
        reply: &[550, 551, 553],
        ..Rule::NEW
    },
    Rule {
        id: "reply.storage",
        reason: MailboxFull,
        reply: &[452, 552],
        ..Rule::NEW
    },
    Rule {
        id: "reply.service-unavailable",
        reason: SystemError,
        reply: &[421, 451],
        ..Rule::NEW
    },
];
