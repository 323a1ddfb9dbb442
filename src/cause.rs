//! Why a message bounced: the fine-grained [`Reason`], the eight
//! [`Smtp550Cause`]s of the source article, and which [`Fix`]es go with each.

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
    /// The message is larger than the receiver accepts, or exceeds another
    /// per-message limit (its length, its number of recipients). Sisimai 5.6's
    /// name, which replaced `mesgtoobig` and `exceedlimit` (still parsed as
    /// aliases).
    #[serde(alias = "mesgtoobig", alias = "exceedlimit")]
    EmailTooLarge,
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
    /// Too many messages or connections too fast: the receiver (or the
    /// sender's own provider) limits the rate. Sisimai 5.6's name, which
    /// replaced `speeding` and `toomanyconn` (still parsed as aliases).
    #[serde(alias = "speeding", alias = "toomanyconn")]
    RateLimited,
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
/// one (`sender_admin`); [`Actor::title_in`] is a label for people.
///
/// # Examples
///
/// ```
/// use bounce_cause::{Actor, Lang, Smtp550Cause};
///
/// let first = &Smtp550Cause::ServerDown.fixes()[0];
/// assert_eq!(first.actor, Actor::Sender);
/// assert_eq!(Actor::RecipientAdmin.as_str(), "recipient_admin");
/// assert_eq!(Actor::SenderAdmin.to_string(), "sender_admin");
/// assert_eq!(Actor::Recipient.title_in(Lang::En), "The recipient");
/// assert_eq!(Actor::Recipient.title_in(Lang::Th), "ผู้รับ");
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

use crate::fix::{Advice, Fix};
use crate::lang::{self, Lang};

/// The fixes of known steps, in order.
macro_rules! steps {
    ($($a:ident),+ $(,)?) => {
        &[$(Fix::known(Advice::$a)),+]
    };
}

static TYPO: &[Fix] = steps!(RecheckToField, ConfirmSuggestion, AskAddressAgain);
static NONEXISTENT: &[Fix] = steps!(RecheckThenGone, AskCurrentAddress, RemoveFromLists);
// The article's method 3 (look up your own MX, check the blocklists, send
// from elsewhere meanwhile) where the sender's reputation is in question.
static SPAM_FILTER: &[Fix] = steps!(
    AskAllowSender,
    LookupOwnMx,
    CheckBlocklists,
    CheckPtrAndAuthRecords,
    AvoidSpamContent,
    SendElsewhere,
);
static OUTBOUND_FILTER: &[Fix] = steps!(
    AskProviderWhyHeld,
    CheckSenderVerified,
    UnsuppressIfWorking,
    SendElsewhere,
);
static AUTH_FAILURE: &[Fix] = steps!(
    EnableSmtpAuth,
    PublishAuthRecords,
    SendThroughAuthorisedServer,
);
static SERVER_DOWN: &[Fix] = steps!(RetryLaterServerDown, RestoreServer, TellServerRefuses);
static DISABLED: &[Fix] = steps!(ReachRecipientElsewhere, ReactivateMailbox, StopUntilActive);
static BAD_MX: &[Fix] = steps!(
    RecheckDomain,
    LookupRecipientMx,
    FixMxRecords,
    TellDomainCannotReceive,
);

impl Actor {
    /// Who it is, as a label for a person, in `lang`: "Your mail
    /// administrator".
    pub fn title_in(self, lang: Lang) -> &'static str {
        lang::actor(lang, self)
    }
}

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

    /// A short title, in `lang`: "Typo in the recipient address".
    ///
    /// # Examples
    ///
    /// ```
    /// use bounce_cause::{Lang, Smtp550Cause};
    ///
    /// assert_eq!(Smtp550Cause::ServerDown.title_in(Lang::En), "The receiving server is down");
    /// assert_eq!(Smtp550Cause::ServerDown.title_in(Lang::Th), "เซิร์ฟเวอร์ผู้รับล่ม");
    /// ```
    pub fn title_in(self, lang: Lang) -> &'static str {
        lang::cause_title(lang, self)
    }

    /// What the cause means, in one sentence, in `lang`.
    pub fn explain_in(self, lang: Lang) -> &'static str {
        lang::cause_explain(lang, self)
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

static MAILBOX_FULL: &[Fix] = steps!(RetryLaterMailboxFull, FreeMailboxSpace, ReachIfStaysFull);
static TOO_BIG: &[Fix] = steps!(SendAsLink, CompressAttachments);
static LIMIT: &[Fix] = steps!(SendSlower, ThrottleToLimits);
static CONTENT: &[Fix] = steps!(RemoveRefusedContent, WriteCompliantMessages);
static SYNTAX: &[Fix] = steps!(FixSendingServer, CheckAddressCharacters);
static MAILER: &[Fix] = steps!(FixDeliveryProgram, TellRecipientSendLater);
static TLS: &[Fix] = steps!(CheckTls);
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
            Reason::AuthFailure | Reason::SecurityError => C::AuthFailure,
            // A relay refusal in a bounce comes from the server that answered
            // for the recipient's domain: it does not take mail for it.
            Reason::NoRelaying => C::BadMx,
            Reason::Suppressed => C::OutboundFilter,
            Reason::MailboxFull
            | Reason::EmailTooLarge
            | Reason::ContentError
            | Reason::NotCompliantRfc
            | Reason::SyntaxError
            | Reason::RateLimited
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
            Reason::EmailTooLarge => TOO_BIG,
            Reason::RateLimited => LIMIT,
            Reason::ContentError | Reason::NotCompliantRfc => CONTENT,
            Reason::SyntaxError => SYNTAX,
            Reason::MailerError => MAILER,
            Reason::FailedStartTls => TLS,
            _ => NO_FIX,
        }
    }

    /// A short title, in `lang`: "Mailbox full".
    ///
    /// # Examples
    ///
    /// ```
    /// use bounce_cause::{Lang, Reason};
    ///
    /// assert_eq!(Reason::MailboxFull.title_in(Lang::En), "Mailbox full");
    /// assert_eq!(Reason::MailboxFull.title_in(Lang::Th), "กล่องจดหมายเต็ม");
    /// ```
    pub fn title_in(self, lang: Lang) -> &'static str {
        lang::reason_title(lang, self)
    }

    /// What happened, in one sentence, in `lang`: "The recipient's mailbox
    /// is full."
    pub fn explain_in(self, lang: Lang) -> &'static str {
        lang::reason_explain(lang, self)
    }

    /// True for reasons that are not delivery failures.
    pub fn is_failure(self) -> bool {
        !matches!(
            self,
            Reason::Delivered | Reason::Feedback | Reason::Vacation
        )
    }

    /// All reasons, for tables and tests.
    pub const ALL: [Reason; 34] = [
        Reason::AuthFailure,
        Reason::BadReputation,
        Reason::Blocked,
        Reason::ContentError,
        Reason::Delivered,
        Reason::EmailTooLarge,
        Reason::Expired,
        Reason::FailedStartTls,
        Reason::Feedback,
        Reason::Filtered,
        Reason::HasMoved,
        Reason::HostUnknown,
        Reason::MailboxFull,
        Reason::MailerError,
        Reason::NetworkError,
        Reason::NoRelaying,
        Reason::NotAccept,
        Reason::NotCompliantRfc,
        Reason::OnHold,
        Reason::PolicyViolation,
        Reason::RateLimited,
        Reason::Rejected,
        Reason::RequirePtr,
        Reason::SecurityError,
        Reason::SpamDetected,
        Reason::Suppressed,
        Reason::Suspend,
        Reason::SyntaxError,
        Reason::SystemError,
        Reason::SystemFull,
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
            Reason::EmailTooLarge => "emailtoolarge",
            Reason::Expired => "expired",
            Reason::FailedStartTls => "failedstarttls",
            Reason::Feedback => "feedback",
            Reason::Filtered => "filtered",
            Reason::HasMoved => "hasmoved",
            Reason::HostUnknown => "hostunknown",
            Reason::MailboxFull => "mailboxfull",
            Reason::MailerError => "mailererror",
            Reason::NetworkError => "networkerror",
            Reason::NoRelaying => "norelaying",
            Reason::NotAccept => "notaccept",
            Reason::NotCompliantRfc => "notcompliantrfc",
            Reason::OnHold => "onhold",
            Reason::PolicyViolation => "policyviolation",
            Reason::RateLimited => "ratelimited",
            Reason::Rejected => "rejected",
            Reason::RequirePtr => "requireptr",
            Reason::SecurityError => "securityerror",
            Reason::SpamDetected => "spamdetected",
            Reason::Suppressed => "suppressed",
            Reason::Suspend => "suspend",
            Reason::SyntaxError => "syntaxerror",
            Reason::SystemError => "systemerror",
            Reason::SystemFull => "systemfull",
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

    /// Parses a reason name, and the names Sisimai 5.6 replaced: `speeding`
    /// and `toomanyconn` (now `ratelimited`), `mesgtoobig` and `exceedlimit`
    /// (now `emailtoolarge`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "speeding" | "toomanyconn" => Ok(Reason::RateLimited),
            "mesgtoobig" | "exceedlimit" => Ok(Reason::EmailTooLarge),
            _ => Reason::ALL
                .into_iter()
                .find(|r| r.as_str() == s)
                .ok_or(ParseReasonError),
        }
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
    fn names_sisimai_replaced_still_parse() {
        for (old, new) in [
            ("speeding", Reason::RateLimited),
            ("toomanyconn", Reason::RateLimited),
            ("mesgtoobig", Reason::EmailTooLarge),
            ("exceedlimit", Reason::EmailTooLarge),
        ] {
            assert_eq!(old.parse::<Reason>(), Ok(new));
            assert_ne!(new.as_str(), old);
        }
        assert_eq!("ratelimit".parse::<Reason>(), Err(ParseReasonError));
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
