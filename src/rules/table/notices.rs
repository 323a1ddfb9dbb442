//! Notices a decoder knows by their format (a feedback report, an
//! auto-reply, a list manager's refusal): their reason, whatever the text.

use crate::cause::Reason::*;
use crate::extract::Notice;
use crate::rules::Rule;

/// This section's rules: one per kind of notice.
pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "feedback.arf",
        reason: Feedback,
        notice: Some(Notice::FeedbackReport),
        ..Rule::NEW
    },
    Rule {
        id: "feedback.ses-complaint",
        reason: Feedback,
        notice: Some(Notice::SesComplaint),
        ..Rule::NEW
    },
    Rule {
        id: "feedback.list-unsubscribe",
        reason: Feedback,
        notice: Some(Notice::ListUnsubscribe),
        ..Rule::NEW
    },
    Rule {
        id: "vacation.auto-reply",
        reason: Vacation,
        notice: Some(Notice::AutoReply),
        ..Rule::NEW
    },
    // The group's posting policy (or its absence) refused the post.
    Rule {
        id: "rejected.google-groups",
        reason: Rejected,
        notice: Some(Notice::GroupRefusal),
        ..Rule::NEW
    },
    Rule {
        id: "rejected.list-members-only",
        reason: Rejected,
        notice: Some(Notice::MembersOnly),
        ..Rule::NEW
    },
    // The host could not route an address of its own domain: no such user.
    Rule {
        id: "userunknown.local-unrouteable",
        reason: UserUnknown,
        notice: Some(Notice::LocalRouteFailure),
        ..Rule::NEW
    },
    // The list system itself refused: a system error, not the recipient.
    Rule {
        id: "systemerror.list-loop",
        reason: SystemError,
        notice: Some(Notice::ListLoop),
        ..Rule::NEW
    },
];
