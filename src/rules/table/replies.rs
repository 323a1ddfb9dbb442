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
    Rule {
        id: "reply.mailbox-unavailable",
        reason: UserUnknown,
        commands: &[Command::Rcpt],
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
