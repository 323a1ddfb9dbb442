//! What a decoder reads about one recipient, before classification.

use std::borrow::Cow;

use crate::report::Action;
use crate::status::EnhancedStatus;

use super::command::Command;

/// One recipient as a decoder found it. Every decoder (RFC 3464 parts, MTA
/// text formats, the generic scan) produces these; the rule table and
/// `diagnose` turn them into [`Diagnosis`](crate::report::Diagnosis) values.
#[derive(Debug, Clone, Default)]
pub(crate) struct Record {
    pub recipient: String,
    pub original_recipient: Option<String>,
    pub action: Option<Action>,
    pub status: Option<EnhancedStatus>,
    pub reply_code: Option<u16>,
    pub remote_mta: Option<String>,
    pub command: Option<Command>,
    /// Diagnostic text, unfolded.
    pub diagnostic: String,
    /// The Diagnostic-Code type (`smtp`, `x-unix`, `x-postfix`, ...),
    /// lowercase: a reply's own `smtp` is borrowed, a field's value owned.
    pub diagnostic_type: Option<Cow<'static, str>>,
    /// The kind of notice, when its format alone tells it (a feedback
    /// report, an auto-reply, a list manager's refusal). A fact, not a
    /// reason: the rule table decides what it means.
    pub notice: Option<Notice>,
    pub feedback_type: Option<String>,
    /// The diagnostic was already searched for a remote host name (the
    /// search is a regex over up to 2 KiB: once is enough).
    pub host_searched: bool,
    /// `find_command` found no command in the diagnostic, or in a text that
    /// holds it whole: a phrase not in a text is not in a part of it, so
    /// the search need not run again while the diagnostic only shrinks to
    /// a part of itself (the relay-wrapper cut of `extract::settle`).
    pub command_searched: bool,
    /// The words every phrase of `extract::diagnostic`'s other command
    /// phrases holds are not in the diagnostic, or in a text that holds it
    /// whole (as for `command_searched`).
    pub other_words_absent: bool,
    /// The diagnostic does not hold the words every relay wrapper ends
    /// with (`extract::RELAY_END`), so `extract::settle` has nothing to cut.
    pub wrapper_absent: bool,
    /// `extract::diagnostic::fill_codes` ran on this record.
    pub codes_filled: bool,
    /// The settled record has no status and its diagnostic quotes none:
    /// `EnhancedStatus::find` found nothing in it (set by `extract::settle`,
    /// after which the diagnostic does not change).
    pub status_absent: bool,
    /// The failure concerns the recipient's domain, not its mailbox: the
    /// words fit both an unknown user and a domain that does not route
    /// (Exim's "Unrouteable address"), and the domain is not one the
    /// reporting host serves. False when the words say which, or when the
    /// domain is the reporting host's own (an unknown local user).
    pub domain_failed: bool,
    /// The record's source never names the SMTP command a reply answered
    /// (a reply given on its own, an OpenSMTPD notice): the rules take the
    /// one its codes point to (`diagnose::assumed_command`), not none.
    pub command_untold: bool,
}

/// A kind of notice a decoder knows by its format, not by its wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// A feedback report: RFC 5965 ARF, or Microsoft's older JMRP.
    FeedbackReport,
    /// An Amazon SES complaint notification.
    SesComplaint,
    /// An unsubscribe request a mail client sent by itself (RFC 2369).
    ListUnsubscribe,
    /// An automatic reply (RFC 3834): vacation, out of office.
    AutoReply,
    /// Google Groups refused the post.
    GroupRefusal,
    /// A list manager refused a post from a non-member (fml).
    MembersOnly,
    /// A list manager stopped a mail loop (fml).
    ListLoop,
    /// The reporting host could not route an address in a domain it serves
    /// itself (Exim's "Unrouteable address" for its own domain): no such
    /// local user.
    LocalRouteFailure,
}
