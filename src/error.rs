//! The one error type of the crate.

/// Why [`classify`](crate::classify) could not read a bounce at all.
///
/// "Could not tell the cause" is not an error: such a recipient comes back with
/// [`Reason::Undefined`](crate::Reason::Undefined). An `Error` means there is no
/// bounce to report on.
///
/// # Examples
///
/// ```
/// use bounce_cause::{classify, Error};
///
/// assert_eq!(classify(b""), Err(Error::Empty));
/// let plain = b"From: a@example.org\r\nSubject: lunch?\r\n\r\nSee you at noon.\r\n";
/// assert_eq!(classify(plain), Err(Error::NotABounce));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input holds no bytes, or only whitespace.
    #[error("empty input")]
    Empty,
    /// The input does not parse as an Internet message (no header section).
    #[error("not an email message")]
    NotAnEmail,
    /// The input is a message, but neither a delivery report nor a failure
    /// notice could be found in it.
    #[error("not a bounce: no delivery report and no failure text found")]
    NotABounce,
    /// A limit on the message's structure
    /// ([`Limits::max_mime_parts`](crate::Limits::max_mime_parts), the
    /// delivery-status part sizes, the input cut made against hostile MIME
    /// structure) cut it before a delivery report or failure text was found:
    /// there may be one past the cut. Raising the limits may read it. (Notice
    /// text cut at `max_notice_bytes` with no failure in it stays
    /// [`Error::NotABounce`].)
    #[error("no delivery report found before a limit cut the message")]
    LimitReached,
    /// The input is larger than [`Limits::max_input_bytes`](crate::Limits::max_input_bytes).
    #[error("input of {size} bytes is over the limit of {limit} bytes")]
    TooLarge {
        /// Size of the input, in bytes.
        size: usize,
        /// The limit in force, in bytes.
        limit: usize,
    },
    /// A dependency failed on this input in a way it should not have (a bug
    /// there or here); the input was not read. Reported instead of a panic.
    #[error("internal error while reading the message")]
    Internal,
}
