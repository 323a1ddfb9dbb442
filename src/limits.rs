//! The bounds on the work one message can cause.

/// Bounds on the work one message can cause. The defaults suit a bounce
/// mailbox that receives whatever the Internet sends.
///
/// ```
/// use bounce_cause::{Classifier, Error, Limits};
///
/// // `Limits` is `#[non_exhaustive]`: start from the defaults, change fields.
/// let mut limits = Limits::default();
/// limits.max_input_bytes = 16;
/// let strict = Classifier::new().limits(limits);
/// assert!(matches!(strict.classify(&[b'x'; 64]), Err(Error::TooLarge { .. })));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Inputs larger than this are refused with
    /// [`Error::TooLarge`](crate::Error::TooLarge).
    /// Default 64 MiB: a bounce that returns a large attachment still fits.
    pub max_input_bytes: usize,
    /// At most this many recipients are reported; past it the report says
    /// [`Report::truncated`](crate::Report::truncated). Default 1,000.
    pub max_recipients: usize,
    /// At most this many MIME parts of the bounce are looked at. Default 256.
    pub max_mime_parts: usize,
    /// Diagnostic text kept per recipient, in bytes. Default 4 KiB.
    pub max_text_bytes: usize,
    /// Notice text read from the bounce, in bytes. Default 256 KiB.
    pub max_notice_bytes: usize,
    /// Delivery-status part read, in bytes. Default 1 MiB.
    pub max_status_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 64 << 20,
            max_recipients: 1000,
            max_mime_parts: 256,
            max_text_bytes: 4096,
            max_notice_bytes: 256 << 10,
            max_status_bytes: 1 << 20,
        }
    }
}
