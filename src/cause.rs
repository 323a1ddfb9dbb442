//! Why a message bounced: the fine-grained [`Reason`], the eight
//! [`Smtp550Cause`]s of the source article, and the [`Fix`]es for each.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// The fine-grained reason of a bounce. The names (in JSON and from
/// [`Reason::as_str`]) are Sisimai's reason names, so a Sisimai user can switch
/// one-to-one.
///
/// # Examples
///
/// ```
/// use bounce_cause::{Reason, Smtp550Cause};
///
/// assert_eq!(Reason::UserUnknown.as_str(), "userunknown");
/// assert_eq!(Reason::UserUnknown.cause(), Some(Smtp550Cause::NonexistentMailbox));
/// assert_eq!(Reason::MailboxFull.cause(), None);
/// assert_eq!("mailboxfull".parse::<Reason>(), Ok(Reason::MailboxFull));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Reason {
    /// Sender authentication (SPF, DKIM, DMARC) failed at the receiver.
    AuthFailure,
    /// The sending IP or domain has a poor reputation at the receiver.
    BadReputation,
    /// The connection or the sending IP was refused (blocklist, no PTR, policy).
    Blocked,
    /// The message content or its headers were refused.
    ContentError,
    /// Delivered (a success DSN, 2.x.x).
    Delivered,
    /// A per-message or per-sender limit was exceeded (too many recipients, ...).
    ExceedLimit,
    /// Delivery was given up after retrying for too long.
    Expired,
    /// STARTTLS could not be negotiated.
    #[serde(rename = "failedstarttls")]
    FailedStartTls,
    /// A feedback (complaint) report (RFC 5965), not a delivery failure.
    Feedback,
    /// Refused by the recipient's filter after the address was accepted.
    Filtered,
    /// The recipient address has moved (5.1.6).
    HasMoved,
    /// The recipient domain does not exist or has no mail server.
    HostUnknown,
    /// The recipient's mailbox is full.
    MailboxFull,
    /// The local delivery program (procmail, a pipe, ...) failed.
    MailerError,
    /// The message is larger than the receiver accepts.
    MesgTooBig,
    /// A network error: connection refused or lost, DNS failure, routing loop.
    NetworkError,
    /// Relaying was denied: the receiver is not the destination for the address.
    NoRelaying,
    /// The recipient domain accepts no mail (null MX, RFC 7505).
    NotAccept,
    /// The message does not comply with RFC 5322 (headers, line lengths, ...).
    #[serde(rename = "notcompliantrfc")]
    NotCompliantRfc,
    /// Delivery is held; the reason could not be decided yet.
    OnHold,
    /// Refused by the receiver's policy (DMARC policy, local policy).
    PolicyViolation,
    /// The sender address was rejected.
    Rejected,
    /// The sending IP has no reverse DNS (PTR) record.
    #[serde(rename = "requireptr")]
    RequirePtr,
    /// A security error: TLS or authentication mechanism problems.
    SecurityError,
    /// The message was judged to be spam.
    SpamDetected,
    /// Too many messages too fast (rate limited).
    Speeding,
    /// The sender's own provider suppressed the address (suppression list).
    Suppressed,
    /// The recipient's mailbox is disabled or suspended.
    Suspend,
    /// An SMTP syntax error.
    SyntaxError,
    /// A failure of the receiving system.
    SystemError,
    /// The receiving system is out of storage.
    SystemFull,
    /// Too many connections to the receiver.
    TooManyConn,
    /// Nothing decided the reason.
    Undefined,
    /// The recipient does not exist at the destination.
    UserUnknown,
    /// An auto-reply (vacation, out of office), not a delivery failure.
    Vacation,
    /// A virus was found in the message.
    VirusDetected,
}

/// The eight causes of an SMTP 550 rejection named by the source article, in
/// its order. A recipient whose failure is none of them (mailbox full, message
/// too big, rate limited, ...) has no cause.
///
/// # Examples
///
/// ```
/// use bounce_cause::{Actor, Smtp550Cause};
///
/// let fixes = Smtp550Cause::RecipientTypo.fixes();
/// assert_eq!(fixes[0].actor, Actor::Sender);
/// assert_eq!(Smtp550Cause::BadMx.as_str(), "bad_mx");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Smtp550Cause {
    /// 1. A typo in the recipient address.
    RecipientTypo,
    /// 2. The address does not exist (any more) on the recipient's server.
    NonexistentMailbox,
    /// 3. The recipient's anti-spam filtering blocked the mail.
    SpamFilter,
    /// 4. An outbound filter at the *sender's* server or provider blocked it.
    OutboundFilter,
    /// 5. Authentication failed: SMTP AUTH of the client, or SPF/DKIM/DMARC of the sender.
    AuthFailure,
    /// 6. The receiving mail server is down or unreachable.
    ServerDown,
    /// 7. The recipient's mailbox is closed, inactive, disabled or suspended.
    DisabledMailbox,
    /// 8. The recipient domain's MX records are wrong or missing.
    BadMx,
}

/// Who must act for a fix to happen.
///
/// Its name, from [`Actor::as_str`], `Display` and JSON, is the snake_case
/// one (`sender_admin`).
///
/// # Examples
///
/// ```
/// use bounce_cause::{Actor, Smtp550Cause};
///
/// let first = &Smtp550Cause::ServerDown.fixes()[0];
/// assert_eq!(first.actor, Actor::Sender);
/// assert_eq!(Actor::RecipientAdmin.as_str(), "recipient_admin");
/// assert_eq!(Actor::SenderAdmin.to_string(), "sender_admin");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The person who sent the message.
    Sender,
    /// The administrator of the sender's mail server or sending provider.
    SenderAdmin,
    /// The person the message was for.
    Recipient,
    /// The administrator of the recipient's mail server or domain.
    RecipientAdmin,
}

/// One concrete step that may make the next send succeed.
///
/// # Examples
///
/// ```
/// use bounce_cause::{Actor, Reason};
///
/// for fix in Reason::MailboxFull.fixes() {
///     println!("[{}] {}", fix.actor, fix.step);
/// }
/// assert!(Reason::MailboxFull.fixes().iter().any(|f| f.actor == Actor::Recipient));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Fix {
    /// Who must take this step.
    pub actor: Actor,
    /// What to do, in one sentence.
    pub step: Cow<'static, str>,
}

pub(crate) const fn fix(actor: Actor, step: &'static str) -> Fix {
    Fix {
        actor,
        step: Cow::Borrowed(step),
    }
}

use Actor::{Recipient, RecipientAdmin, Sender, SenderAdmin};

// The article's method 3, shared by the causes where the sender's reputation
// is in question.
const BLOCKLIST_LOOKUP: Fix = fix(
    SenderAdmin,
    "Run an MX lookup on your own mail domain to find your sending server's IP address.",
);
const BLOCKLIST_CHECK: Fix = fix(
    SenderAdmin,
    "Check that IP and your domain against the DNS blocklists (DNSBL/RBL: Spamhaus, Barracuda, SpamCop, ...); if listed, follow each list's delisting procedure.",
);
const SEND_ELSEWHERE: Fix = fix(
    Sender,
    "Meanwhile, send from another address or through another mail server.",
);

static TYPO: &[Fix] = &[
    fix(
        Sender,
        "Re-check the recipient address in the To field: spelling, no spaces, the right domain; the user-name part may be case-sensitive.",
    ),
    fix(
        Sender,
        "If a corrected address is suggested, confirm it with the recipient before sending again.",
    ),
    fix(
        Sender,
        "Ask the recipient for their address again: the one you were given may be wrong.",
    ),
];

static NONEXISTENT: &[Fix] = &[
    fix(
        Sender,
        "Re-check the address for typos; if it is right, the mailbox no longer exists (closed or deleted).",
    ),
    fix(
        Sender,
        "Reach the recipient another way (phone, another address) and ask for their current address.",
    ),
    fix(
        Sender,
        "Remove the address from your lists: sending to it again will bounce again.",
    ),
];

static SPAM_FILTER: &[Fix] = &[
    fix(
        Recipient,
        "If you know the recipient, ask them to whitelist your address or domain, or relax their firewall or anti-spam filter for a while, then send again.",
    ),
    BLOCKLIST_LOOKUP,
    BLOCKLIST_CHECK,
    fix(
        SenderAdmin,
        "Make sure the sending IP has a reverse DNS (PTR) record and the domain publishes SPF, DKIM and DMARC.",
    ),
    fix(
        Sender,
        "Avoid spam-like content (link shorteners, attachments with executables, all-caps subjects).",
    ),
    SEND_ELSEWHERE,
];

static OUTBOUND_FILTER: &[Fix] = &[
    fix(
        SenderAdmin,
        "Ask your own mail provider or administrator why its outbound filter held the message (outbound spam policy, sending quota, suppression list, unverified sender).",
    ),
    fix(
        Sender,
        "Check that the sending address or domain is verified with your provider and that you are within its sending limits.",
    ),
    fix(
        SenderAdmin,
        "If the recipient is on your provider's suppression list, remove it only if you know the address works again.",
    ),
    SEND_ELSEWHERE,
];

static AUTH_FAILURE: &[Fix] = &[
    fix(
        Sender,
        "Turn on SMTP authentication in your mail client (\"my outgoing server requires authentication\") with the right user name and password.",
    ),
    fix(
        SenderAdmin,
        "Publish correct SPF, DKIM and DMARC records for the sending domain and make sure outgoing mail is signed and aligned.",
    ),
    fix(
        SenderAdmin,
        "Send through the server your domain's SPF record authorises, not a third-party relay.",
    ),
];

static SERVER_DOWN: &[Fix] = &[
    fix(
        Sender,
        "Wait and send again later: the receiving server is down or unreachable.",
    ),
    fix(
        RecipientAdmin,
        "The recipient's administrator must bring the mail server back or fix its network.",
    ),
    fix(
        Sender,
        "If it persists, tell the recipient by another channel that their mail server refuses mail.",
    ),
];

static DISABLED: &[Fix] = &[
    fix(
        Sender,
        "Reach the recipient another way: their mailbox is closed, inactive, disabled or suspended.",
    ),
    fix(
        Recipient,
        "The recipient must reactivate the mailbox (or ask their administrator to) before mail can arrive.",
    ),
    fix(
        Sender,
        "Stop sending to this address until it is confirmed active again.",
    ),
];

static BAD_MX: &[Fix] = &[
    fix(Sender, "Re-check the domain part of the address for typos."),
    fix(
        Sender,
        "Run an MX lookup on the recipient's domain: if it has no MX record or the MX host does not answer, the domain cannot receive mail.",
    ),
    fix(
        RecipientAdmin,
        "The recipient's administrator must fix the domain's MX records (and the hosts they point to).",
    ),
    fix(
        Sender,
        "Tell the recipient by another channel that their domain cannot receive mail.",
    ),
];

impl Smtp550Cause {
    /// All eight causes, in the article's order.
    pub const ALL: [Smtp550Cause; 8] = [
        Smtp550Cause::RecipientTypo,
        Smtp550Cause::NonexistentMailbox,
        Smtp550Cause::SpamFilter,
        Smtp550Cause::OutboundFilter,
        Smtp550Cause::AuthFailure,
        Smtp550Cause::ServerDown,
        Smtp550Cause::DisabledMailbox,
        Smtp550Cause::BadMx,
    ];

    /// The JSON name: `recipient_typo`, `nonexistent_mailbox`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Smtp550Cause::RecipientTypo => "recipient_typo",
            Smtp550Cause::NonexistentMailbox => "nonexistent_mailbox",
            Smtp550Cause::SpamFilter => "spam_filter",
            Smtp550Cause::OutboundFilter => "outbound_filter",
            Smtp550Cause::AuthFailure => "auth_failure",
            Smtp550Cause::ServerDown => "server_down",
            Smtp550Cause::DisabledMailbox => "disabled_mailbox",
            Smtp550Cause::BadMx => "bad_mx",
        }
    }

    /// The suggested fixes, most useful first.
    pub fn fixes(self) -> &'static [Fix] {
        match self {
            Smtp550Cause::RecipientTypo => TYPO,
            Smtp550Cause::NonexistentMailbox => NONEXISTENT,
            Smtp550Cause::SpamFilter => SPAM_FILTER,
            Smtp550Cause::OutboundFilter => OUTBOUND_FILTER,
            Smtp550Cause::AuthFailure => AUTH_FAILURE,
            Smtp550Cause::ServerDown => SERVER_DOWN,
            Smtp550Cause::DisabledMailbox => DISABLED,
            Smtp550Cause::BadMx => BAD_MX,
        }
    }
}

static MAILBOX_FULL: &[Fix] = &[
    fix(Sender, "Send again later: the recipient's mailbox is full."),
    fix(
        Recipient,
        "The recipient must delete mail or get more storage.",
    ),
    fix(
        Sender,
        "If it stays full for days, reach the recipient another way: the mailbox may be abandoned.",
    ),
];

static TOO_BIG: &[Fix] = &[
    fix(
        Sender,
        "Send the attachment as a link (file-sharing service) or split it into smaller messages.",
    ),
    fix(Sender, "Compress large attachments before sending."),
];

static LIMIT: &[Fix] = &[
    fix(
        Sender,
        "Send to fewer recipients at a time, or send more slowly.",
    ),
    fix(
        SenderAdmin,
        "Check the sending limits of your server and of the receiver, and throttle to stay within them.",
    ),
];

static CONTENT: &[Fix] = &[
    fix(
        Sender,
        "Remove what the receiver refused (attachment type, macros, malformed headers) and send again.",
    ),
    fix(
        SenderAdmin,
        "Make sure your mail software writes standards-compliant messages (RFC 5322 headers, line length, encoding).",
    ),
];

static SYNTAX: &[Fix] = &[
    fix(
        SenderAdmin,
        "The receiving server did not accept a command from your server (its HELO name, an option such as SMTPUTF8, a malformed address): fix the sending server's configuration.",
    ),
    fix(
        Sender,
        "Check the recipient address for characters the receiver may not accept (non-ASCII, quotes, spaces).",
    ),
];

static MAILER: &[Fix] = &[
    fix(
        RecipientAdmin,
        "The recipient's administrator must fix the local delivery program (procmail, pipe, alias) that failed.",
    ),
    fix(
        Sender,
        "Tell the recipient by another channel; send again once it is fixed.",
    ),
];

static TLS: &[Fix] = &[fix(
    SenderAdmin,
    "Check the TLS setup on both ends (certificates, protocol versions, ciphers); the receiver may require TLS your server did not offer.",
)];

static NO_FIX: &[Fix] = &[];

impl Reason {
    /// The cause a reason points to by default; `None` for failures that are
    /// none of the eight (and for non-failures). Typo detection may move a
    /// [`Reason::UserUnknown`] or [`Reason::HostUnknown`] to
    /// [`Smtp550Cause::RecipientTypo`], and a rule may name a more precise cause
    /// (an outbound block rather than the recipient's filter).
    pub fn cause(self) -> Option<Smtp550Cause> {
        use Smtp550Cause as C;
        Some(match self {
            Reason::UserUnknown | Reason::HasMoved => C::NonexistentMailbox,
            Reason::HostUnknown | Reason::NotAccept => C::BadMx,
            Reason::NetworkError | Reason::Expired | Reason::SystemError | Reason::SystemFull => {
                C::ServerDown
            }
            Reason::Suspend => C::DisabledMailbox,
            Reason::Filtered
            | Reason::SpamDetected
            | Reason::VirusDetected
            | Reason::Blocked
            | Reason::BadReputation
            | Reason::RequirePtr
            | Reason::Rejected
            | Reason::PolicyViolation => C::SpamFilter,
            Reason::AuthFailure | Reason::SecurityError | Reason::NoRelaying => C::AuthFailure,
            Reason::Suppressed => C::OutboundFilter,
            Reason::MailboxFull
            | Reason::MesgTooBig
            | Reason::ExceedLimit
            | Reason::ContentError
            | Reason::NotCompliantRfc
            | Reason::SyntaxError
            | Reason::Speeding
            | Reason::TooManyConn
            | Reason::MailerError
            | Reason::FailedStartTls
            | Reason::Delivered
            | Reason::Feedback
            | Reason::Vacation
            | Reason::OnHold
            | Reason::Undefined => return None,
        })
    }

    /// Fixes for a reason that has no cause (mailbox full, message too big, ...).
    pub fn fixes(self) -> &'static [Fix] {
        if let Some(c) = self.cause() {
            return c.fixes();
        }
        match self {
            Reason::MailboxFull => MAILBOX_FULL,
            Reason::MesgTooBig => TOO_BIG,
            Reason::ExceedLimit | Reason::Speeding | Reason::TooManyConn => LIMIT,
            Reason::ContentError | Reason::NotCompliantRfc => CONTENT,
            Reason::SyntaxError => SYNTAX,
            Reason::MailerError => MAILER,
            Reason::FailedStartTls => TLS,
            _ => NO_FIX,
        }
    }

    /// True for reasons that are not delivery failures.
    pub fn is_failure(self) -> bool {
        !matches!(
            self,
            Reason::Delivered | Reason::Feedback | Reason::Vacation
        )
    }

    /// All reasons, for tables and tests.
    pub const ALL: [Reason; 36] = [
        Reason::AuthFailure,
        Reason::BadReputation,
        Reason::Blocked,
        Reason::ContentError,
        Reason::Delivered,
        Reason::ExceedLimit,
        Reason::Expired,
        Reason::FailedStartTls,
        Reason::Feedback,
        Reason::Filtered,
        Reason::HasMoved,
        Reason::HostUnknown,
        Reason::MailboxFull,
        Reason::MailerError,
        Reason::MesgTooBig,
        Reason::NetworkError,
        Reason::NoRelaying,
        Reason::NotAccept,
        Reason::NotCompliantRfc,
        Reason::OnHold,
        Reason::PolicyViolation,
        Reason::Rejected,
        Reason::RequirePtr,
        Reason::SecurityError,
        Reason::SpamDetected,
        Reason::Speeding,
        Reason::Suppressed,
        Reason::Suspend,
        Reason::SyntaxError,
        Reason::SystemError,
        Reason::SystemFull,
        Reason::TooManyConn,
        Reason::Undefined,
        Reason::UserUnknown,
        Reason::Vacation,
        Reason::VirusDetected,
    ];

    /// The Sisimai name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::AuthFailure => "authfailure",
            Reason::BadReputation => "badreputation",
            Reason::Blocked => "blocked",
            Reason::ContentError => "contenterror",
            Reason::Delivered => "delivered",
            Reason::ExceedLimit => "exceedlimit",
            Reason::Expired => "expired",
            Reason::FailedStartTls => "failedstarttls",
            Reason::Feedback => "feedback",
            Reason::Filtered => "filtered",
            Reason::HasMoved => "hasmoved",
            Reason::HostUnknown => "hostunknown",
            Reason::MailboxFull => "mailboxfull",
            Reason::MailerError => "mailererror",
            Reason::MesgTooBig => "mesgtoobig",
            Reason::NetworkError => "networkerror",
            Reason::NoRelaying => "norelaying",
            Reason::NotAccept => "notaccept",
            Reason::NotCompliantRfc => "notcompliantrfc",
            Reason::OnHold => "onhold",
            Reason::PolicyViolation => "policyviolation",
            Reason::Rejected => "rejected",
            Reason::RequirePtr => "requireptr",
            Reason::SecurityError => "securityerror",
            Reason::SpamDetected => "spamdetected",
            Reason::Speeding => "speeding",
            Reason::Suppressed => "suppressed",
            Reason::Suspend => "suspend",
            Reason::SyntaxError => "syntaxerror",
            Reason::SystemError => "systemerror",
            Reason::SystemFull => "systemfull",
            Reason::TooManyConn => "toomanyconn",
            Reason::Undefined => "undefined",
            Reason::UserUnknown => "userunknown",
            Reason::Vacation => "vacation",
            Reason::VirusDetected => "virusdetected",
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Actor {
    /// The actor's name as in JSON: `sender`, `sender_admin`, `recipient`,
    /// `recipient_admin`.
    pub fn as_str(self) -> &'static str {
        match self {
            Actor::Sender => "sender",
            Actor::SenderAdmin => "sender_admin",
            Actor::Recipient => "recipient",
            Actor::RecipientAdmin => "recipient_admin",
        }
    }
}

impl std::fmt::Display for Actor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for Smtp550Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text was not a reason name.
///
/// # Examples
///
/// ```
/// use bounce_cause::{ParseReasonError, Reason};
///
/// assert_eq!("no-such-reason".parse::<Reason>(), Err(ParseReasonError));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown reason name")]
pub struct ParseReasonError;

impl std::str::FromStr for Reason {
    type Err = ParseReasonError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Reason::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or(ParseReasonError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_json() {
        for r in Reason::ALL {
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.as_str()));
            assert_eq!(r.as_str().parse::<Reason>(), Ok(r));
        }
        for c in Smtp550Cause::ALL {
            assert_eq!(
                serde_json::to_string(&c).unwrap(),
                format!("\"{}\"", c.as_str())
            );
        }
    }

    #[test]
    fn every_cause_has_fixes_and_every_cause_is_reachable() {
        for c in Smtp550Cause::ALL {
            assert!(c.fixes().len() >= 2, "{c}");
            let reachable = Reason::ALL.iter().any(|r| r.cause() == Some(c))
                || c == Smtp550Cause::RecipientTypo;
            assert!(reachable, "{c}");
        }
    }
}
