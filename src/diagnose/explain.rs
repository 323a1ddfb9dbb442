//! The rules that fire on a record, read as [`diagnose`](super::diagnose)
//! reads it.

use crate::extract::Record;
use crate::limits::Limits;
use crate::rules::{self, RuleMatch, UserRules};

use super::{facts, kept_text, remote_host, status_of};

/// Every rule, user and built-in, that fires on the record's facts, in the
/// order they are tried, with the text each matched.
pub(crate) fn explain(r: &Record, limits: &Limits, user: &UserRules) -> Vec<RuleMatch> {
    let diagnostic = kept_text(r.diagnostic.clone(), limits);
    let whole = diagnostic.len() == r.diagnostic.len();
    let status = status_of(r, &diagnostic, whole);
    let remote = remote_host(r);
    rules::explain(user, &facts(r, &diagnostic, status, remote.as_deref()))
}
