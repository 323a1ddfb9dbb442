//! [`Classifier::explain`]: the report, and for each recipient every rule
//! that fired and the text it matched.

use crate::classifier::Classifier;
use crate::error::Error;
use crate::report::{Diagnosis, Report};
use crate::rules::RuleMatch;

/// A report with, for each recipient, every rule that fired on it: the
/// first one decided, the others would have decided had it not been there.
/// This is how to write a rule: see which text the rules matched, and
/// which rule a new one must come before.
///
/// # Examples
///
/// ```
/// let raw = b"From: MAILER-DAEMON@mx.example.net\r\nSubject: failure notice\r\n\r\n\
/// <gina@example.com>:\r\n550 5.1.1 user unknown, mailbox full\r\n";
/// let explanation = bounce_cause::Classifier::new().explain(raw).unwrap();
/// for (diagnosis, matches) in explanation.recipients() {
///     assert_eq!(diagnosis.recipient, "gina@example.com");
///     // The rule that decided is listed first, with the text it matched.
///     let first = &matches[0];
///     assert!(first.decided);
///     assert_eq!(Some(first.rule.as_ref()), diagnosis.rule.as_deref());
///     let span = &first.matched[0];
///     assert_eq!(&diagnosis.diagnostic[span.start..span.end], span.text);
///     // The text names two reasons: a rule for each fired, and the one
///     // earlier in the table decided.
///     let reasons: Vec<_> = matches.iter().map(|m| m.reason).collect();
///     assert!(reasons.contains(&bounce_cause::Reason::MailboxFull));
///     assert!(reasons.contains(&bounce_cause::Reason::UserUnknown));
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Explanation {
    /// The report, as [`Classifier::classify`] gives it.
    pub report: Report,
    /// For each of `report.recipients`, in the same order, the rules that
    /// fired: user rules first, then built-in ones, each group in the order
    /// they are tried.
    pub matches: Vec<Vec<RuleMatch>>,
}

impl Explanation {
    /// Each recipient's diagnosis with the rules that fired on it.
    pub fn recipients(&self) -> impl Iterator<Item = (&Diagnosis, &[RuleMatch])> {
        self.report
            .recipients
            .iter()
            .zip(self.matches.iter().map(Vec::as_slice))
    }
}

impl Classifier {
    /// Classifies one bounce as [`Classifier::classify`] does, and lists for
    /// each recipient every rule that fired, with the text each matched.
    ///
    /// Slower than `classify` (each rule that may fire is run on its own,
    /// and the built-in patterns are compiled again for match positions the
    /// first time they are needed): meant for a person looking at a bounce.
    ///
    /// # Errors
    ///
    /// As [`classify`](crate::classify).
    pub fn explain(&self, raw: &[u8]) -> Result<Explanation, Error> {
        self.check_input(raw)?;
        let run = || {
            let mut matches = Vec::new();
            let report = self.classify_inner(raw, Some(&mut matches))?;
            Ok::<_, Error>((report, matches))
        };
        let (report, mut matches) =
            std::panic::catch_unwind(run).unwrap_or(Err(Error::Internal))?;
        for (d, ms) in report.recipients.iter().zip(matches.iter_mut()) {
            // The diagnosis's rule is the first that fired; the same id is
            // never listed twice (user ids are under `user.`).
            // The keyword stage may decide over a generic code that fired
            // earlier in the table: the deciding rule moves to the front.
            if let Some(i) = ms
                .iter()
                .position(|m| Some(m.rule.as_ref()) == d.rule.as_deref())
            {
                ms[i].decided = true;
                ms[..=i].rotate_right(1);
            }
        }
        Ok(Explanation { report, matches })
    }
}
