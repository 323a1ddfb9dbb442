//! [`RuleFileError`]: why a rule file was refused, and where.

/// A rule file refused by [`RuleSet::from_toml`](crate::RuleSet::from_toml):
/// where (line and column, counted from 1, the column in characters) and
/// what is wrong. Displayed as `line 4, column 13: unknown reason "frozen"
/// (...)`.
///
/// # Examples
///
/// ```
/// use bounce_cause::{RuleFileErrorKind, RuleSet};
///
/// let err = RuleSet::from_toml("[[rule]]\nid = \"a\"\npatterns = ['x']\nreason = 'frozen'\n")
///     .unwrap_err();
/// assert_eq!((err.line, err.column), (4, 10));
/// assert_eq!(err.kind, RuleFileErrorKind::UnknownReason);
/// assert!(err.to_string().starts_with("line 4, column 10: unknown reason"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
#[non_exhaustive]
pub struct RuleFileError {
    /// The line of the fault, from 1.
    pub line: usize,
    /// The column of the fault, from 1, in characters.
    pub column: usize,
    /// What kind of fault.
    pub kind: RuleFileErrorKind,
    /// What is wrong, for a person.
    pub message: String,
}

/// What is wrong with a rule file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RuleFileErrorKind {
    /// Not TOML, or a value of the wrong type (a string where a list is
    /// wanted), or a required key missing.
    Toml,
    /// A key the format does not have (a misspelling).
    UnknownKey,
    /// An id empty, too long, or with characters other than letters,
    /// digits, `.`, `-` and `_`.
    BadId,
    /// Two rules with the same id.
    DuplicateId,
    /// A reason that is not a Sisimai reason name.
    UnknownReason,
    /// A cause that is not one of the eight.
    UnknownCause,
    /// An actor that is not `sender`, `sender_admin`, `recipient` or
    /// `recipient_admin`.
    UnknownActor,
    /// An SMTP command the format does not know.
    UnknownCommand,
    /// A status mask that is not three dot-separated numbers or `*`.
    BadMask,
    /// A reply code outside 200–599.
    BadReplyCode,
    /// A remote host suffix that is not a host name.
    BadHost,
    /// A regex that does not compile.
    BadPattern,
    /// A regex that matches the empty text (it would match every text), or
    /// none at all.
    EmptyMatch,
    /// A regex, or all the file's regexes, over a size limit.
    PatternTooLarge,
    /// A rule with no condition but `unless` (it would match nearly
    /// everything).
    NoCondition,
    /// A control, bidirectional-override or zero-width character in the
    /// file's text.
    ForbiddenCharacter,
    /// A fix text empty or too long, or too many fixes.
    BadFix,
    /// More rules than [`RuleSet::MAX_RULES`](crate::RuleSet::MAX_RULES), or
    /// a file over [`RuleSet::MAX_FILE_BYTES`](crate::RuleSet::MAX_FILE_BYTES).
    TooMany,
}
