//! Whether a notice reports a delay (the MTA keeps trying) or the end of
//! its tries (the message was given up and deleted). Facts read from the
//! notice's words, for every format: a delay warning is not a failure, and
//! an expiry is one whatever the last attempt's 4.x.x code.

use once_cell::sync::Lazy;
use regex::Regex;

/// A list of phrases as one case-insensitive pattern: the regex crate finds
/// any of them in one pass over the text (a literal prefilter), where one
/// substring search per phrase would pass over it dozens of times.
fn any_of(phrases: &[&str]) -> Option<Regex> {
    let alts: Vec<String> = phrases.iter().map(|p| regex::escape(p)).collect();
    Regex::new(&format!("(?i){}", alts.join("|"))).ok()
}

static GAVE_UP_RE: Lazy<Option<Regex>> = Lazy::new(|| any_of(GAVE_UP));
static DELAYED_RE: Lazy<Option<Regex>> = Lazy::new(|| any_of(DELAYED));

/// Phrases with which an MTA says it stopped trying: the message is gone.
/// OpenSMTPD writes "Envelope expired" under `Action: delayed`; qmail "I'm
/// not going to try again"; Exim "retry timeout exceeded"; Sendmail
/// "Cannot send message for 5 days".
const GAVE_UP: &[&str] = &[
    "not going to try again",
    "giving up",
    "gave up",
    "given up",
    "envelope expired",
    "message expired",
    "retry timeout exceeded",
    "retry time exceeded",
    "cannot send message for",
    "could not be delivered within",
    "was not delivered within",
    "too long in the queue",
    "too long in queue",
    "maximum queue time",
    "queue lifetime",
    "lifetime exceeded",
    "delivery time expired",
    "will not be retried",
    "no more retries",
    "abandonné",
    "n'a pas pu être remis dans le délai",
    "zustellung wurde aufgegeben",
    "endgültig fehlgeschlagen",
    "se ha dejado de intentar",
];

/// Phrases of a delay warning: the message is still queued and the MTA
/// keeps trying.
const DELAYED: &[&str] = &[
    "warning message only",
    "has been delayed",
    "have been delayed",
    "has not yet been delivered",
    "has not been delivered yet",
    "message is delayed",
    "delivery is delayed",
    "delivery delayed",
    "delivery has been delayed",
    "delayed mail",
    "delivery status notification (delay)",
    "will continue to try",
    "will keep trying",
    "will keep on trying",
    "still trying",
    "will retry until",
    "will be retried",
    "will try again",
    "will try to deliver",
    "still undelivered after",
    "still in the queue",
    "you do not need to resend",
    "you don't need to resend",
    "no need to resend",
    "a été retardé",
    "retardé",
    "nous continuerons",
    "toujours en attente",
    "verzögert",
    "wird weiterhin versucht",
    "weiter versucht",
    "ha sido retrasad",
    "se ha retrasado",
    "seguirá intentando",
    "seguiremos intentando",
];

/// True when the text says the MTA stopped trying (the message expired).
pub(crate) fn gave_up(text: &str) -> bool {
    GAVE_UP_RE.as_ref().is_some_and(|re| re.is_match(text))
}

/// True when the text says delivery is delayed and still being tried.
pub(crate) fn says_delayed(text: &str) -> bool {
    DELAYED_RE.as_ref().is_some_and(|re| re.is_match(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_and_delay_wordings() {
        for t in [
            "Envelope expired: no host answered",
            "451 timed out; retry timeout exceeded",
            "I'm not going to try again; this message has been in the queue too long.",
            "Cannot send message for 5 days",
        ] {
            assert!(gave_up(t), "{t}");
        }
        // Postfix's delay warning counts the time so far: not an expiry.
        assert!(!gave_up(
            "Your message could not be delivered for more than 2 hours. It will be retried until it is 4 days old."
        ));
        for t in [
            "WARNING MESSAGE ONLY -- do not resend",
            "Your message to ann@example.com has been delayed.",
            "The server will continue to try to deliver it for 4 more days.",
            "Votre message a été retardé.",
            "Die Zustellung hat sich verzögert.",
            "Su mensaje ha sido retrasado; seguiremos intentando.",
        ] {
            assert!(says_delayed(t), "{t}");
            assert!(!gave_up(t), "{t}");
        }
        // Every phrase compiles into the pattern.
        assert!(GAVE_UP_RE.is_some() && DELAYED_RE.is_some());
        // Near misses: a failure that mentions trying, a retry refusal.
        assert!(!says_delayed("550 user unknown; do not try again"));
        assert!(!gave_up("Your message is delayed; we will retry."));
    }
}
