//! What to do about a bounce: [`Fix`]es, each a known [`Advice`] (with a
//! text in every language) or a text a user wrote in one language.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::cause::Actor;
use crate::lang::{self, Lang};

macro_rules! advice {
    ($($(#[$doc:meta])* $name:ident => $actor:ident,)+) => {
        /// A fix step the library knows, with a text in every [`Lang`]:
        /// the identity of a step, so that its translations are a `match`
        /// and one missing does not compile.
        ///
        /// # Examples
        ///
        /// ```
        /// use bounce_cause::{Actor, Advice, Lang};
        ///
        /// let a = Advice::RemoveFromLists;
        /// assert_eq!(a.actor(), Actor::Sender);
        /// assert!(a.text(Lang::En).starts_with("Remove the address"));
        /// assert!(!a.text(Lang::Th).is_empty());
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Advice {
            $($(#[$doc])* $name,)+
        }

        impl Advice {
            /// Every step, in declaration order.
            pub const ALL: &'static [Advice] = &[$(Advice::$name,)+];

            /// Who must take this step.
            pub const fn actor(self) -> Actor {
                match self {
                    $(Advice::$name => Actor::$actor,)+
                }
            }

            /// This step as a [`Fix`], borrowed for as long as the program
            /// runs (a rule's first step is a one-element slice of it).
            pub(crate) fn fix(self) -> &'static Fix {
                const FIXES: &[Fix] = &[$(Fix::known(Advice::$name),)+];
                &FIXES[self as usize]
            }
        }
    };
}

advice! {
    /// Re-check the To field: spelling, spaces, domain, case of the user name.
    RecheckToField => Sender,
    /// Confirm a suggested corrected address with the recipient.
    ConfirmSuggestion => Sender,
    /// Ask the recipient for their address again.
    AskAddressAgain => Sender,
    /// Re-check for typos; if right, the mailbox is gone.
    RecheckThenGone => Sender,
    /// Reach the recipient another way and ask for their current address.
    AskCurrentAddress => Sender,
    /// Take the address off mailing lists.
    RemoveFromLists => Sender,
    /// Ask a known recipient to allow the sender or relax their filter.
    AskAllowSender => Recipient,
    /// MX-lookup the sender's own domain to find the sending IP.
    LookupOwnMx => SenderAdmin,
    /// Check the sending IP and domain against DNS blocklists; delist.
    CheckBlocklists => SenderAdmin,
    /// Give the sending IP a PTR record; publish SPF, DKIM and DMARC.
    CheckPtrAndAuthRecords => SenderAdmin,
    /// Avoid spam-like content.
    AvoidSpamContent => Sender,
    /// Meanwhile send from another address or server.
    SendElsewhere => Sender,
    /// Ask the own provider why its outbound filter held the message.
    AskProviderWhyHeld => SenderAdmin,
    /// Check the sender is verified with the provider and within limits.
    CheckSenderVerified => Sender,
    /// Take the recipient off the provider's suppression list, if it works again.
    UnsuppressIfWorking => SenderAdmin,
    /// Turn on SMTP authentication in the mail client.
    EnableSmtpAuth => Sender,
    /// Publish correct SPF, DKIM and DMARC; sign and align outgoing mail.
    PublishAuthRecords => SenderAdmin,
    /// Send through the server the domain's SPF record authorises.
    SendThroughAuthorisedServer => SenderAdmin,
    /// Wait and send again: the receiving server is down.
    RetryLaterServerDown => Sender,
    /// The recipient's admin must bring the server back.
    RestoreServer => RecipientAdmin,
    /// Tell the recipient their server refuses mail.
    TellServerRefuses => Sender,
    /// Reach the recipient another way: the mailbox is disabled.
    ReachRecipientElsewhere => Sender,
    /// The recipient must reactivate the mailbox.
    ReactivateMailbox => Recipient,
    /// Stop sending until the address is active again.
    StopUntilActive => Sender,
    /// Re-check the domain part for typos.
    RecheckDomain => Sender,
    /// MX-lookup the recipient's domain.
    LookupRecipientMx => Sender,
    /// The recipient's admin must fix the MX records.
    FixMxRecords => RecipientAdmin,
    /// Tell the recipient their domain cannot receive mail.
    TellDomainCannotReceive => Sender,
    /// Send again later: the mailbox is full.
    RetryLaterMailboxFull => Sender,
    /// The recipient must free space.
    FreeMailboxSpace => Recipient,
    /// If it stays full, reach the recipient another way.
    ReachIfStaysFull => Sender,
    /// Send the attachment as a link or split the message.
    SendAsLink => Sender,
    /// Compress large attachments.
    CompressAttachments => Sender,
    /// Send to fewer recipients at a time, or more slowly.
    SendSlower => Sender,
    /// Check the sending limits on both ends and throttle.
    ThrottleToLimits => SenderAdmin,
    /// Remove what the receiver refused and send again.
    RemoveRefusedContent => Sender,
    /// Make the mail software write standards-compliant messages.
    WriteCompliantMessages => SenderAdmin,
    /// Fix the sending server's configuration (HELO, options, addresses).
    FixSendingServer => SenderAdmin,
    /// Check the address for characters the receiver may refuse.
    CheckAddressCharacters => Sender,
    /// The recipient's admin must fix the local delivery program.
    FixDeliveryProgram => RecipientAdmin,
    /// Tell the recipient; send again once fixed.
    TellRecipientSendLater => Sender,
    /// Check the TLS setup on both ends.
    CheckTls => SenderAdmin,
    /// Verify the sender identity with the sending service.
    VerifySenderIdentity => SenderAdmin,
    /// Ask the recipient's postmaster to allow the sender in their access list.
    AskAccessListEntry => Sender,
    /// Send to fewer recipients at a time: split the list or use a list service.
    SplitRecipientList => Sender,
}

impl Advice {
    /// The step, in one sentence, in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        lang::advice(lang, self)
    }

    /// The step whose English text and actor these are, if any.
    fn from_english(actor: Actor, text: &str) -> Option<Advice> {
        Advice::ALL
            .iter()
            .copied()
            .find(|a| a.actor() == actor && a.text(Lang::En) == text)
    }
}

/// What a [`Fix`] says: a step the library knows, or a text someone wrote.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Step {
    /// A known step, with a text in every language.
    Known(Advice),
    /// A text in one language, written by a user (a rule file's fix): shown
    /// as it is, whatever the language asked for.
    Custom(Cow<'static, str>),
}

/// One concrete step that may make the next send succeed, and who must take
/// it.
///
/// In JSON a fix is `{"actor": ..., "step": ...}` with the step in English
/// (a custom step in the words its author wrote); reading that JSON back
/// gives the known step again. Two fixes are equal when their actor and
/// English text are.
///
/// # Examples
///
/// ```
/// use bounce_cause::{Actor, Advice, Fix, Lang, Smtp550Cause};
///
/// let first = &Smtp550Cause::RecipientTypo.fixes()[0];
/// assert_eq!(first.actor, Actor::Sender);
/// assert_eq!(first.advice(), Some(Advice::RecheckToField));
/// assert!(first.step_in(Lang::En).contains("To field"));
/// assert!(first.step_in(Lang::Th).contains("To"));
///
/// let mine = Fix::custom(Actor::SenderAdmin, "Call the helpdesk on 0 2000 0000.");
/// assert_eq!(mine.step_in(Lang::Th), "Call the helpdesk on 0 2000 0000.");
/// ```
#[derive(Debug, Clone)]
pub struct Fix {
    /// Who must take this step.
    pub actor: Actor,
    /// What to do.
    pub step: Step,
}

impl Fix {
    /// A known step; its actor is the step's.
    pub const fn known(advice: Advice) -> Fix {
        Fix {
            actor: advice.actor(),
            step: Step::Known(advice),
        }
    }

    /// A step in the words of its author, in one language.
    pub fn custom(actor: Actor, text: impl Into<Cow<'static, str>>) -> Fix {
        Fix {
            actor,
            step: Step::Custom(text.into()),
        }
    }

    /// What to do, in one sentence, in `lang` (a custom step in its own
    /// words).
    pub fn step_in(&self, lang: Lang) -> &str {
        match &self.step {
            Step::Known(a) => a.text(lang),
            Step::Custom(text) => text,
        }
    }

    /// The known step, for a fix that is one.
    pub fn advice(&self) -> Option<Advice> {
        match self.step {
            Step::Known(a) => Some(a),
            Step::Custom(_) => None,
        }
    }
}

impl From<Advice> for Fix {
    fn from(advice: Advice) -> Fix {
        Fix::known(advice)
    }
}

impl PartialEq for Fix {
    fn eq(&self, other: &Fix) -> bool {
        self.actor == other.actor && self.step_in(Lang::En) == other.step_in(Lang::En)
    }
}

impl Eq for Fix {}

impl Hash for Fix {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.actor.hash(state);
        self.step_in(Lang::En).hash(state);
    }
}

#[derive(Serialize)]
struct FixOut<'a> {
    actor: Actor,
    step: &'a str,
}

#[derive(Deserialize)]
struct FixIn {
    actor: Actor,
    step: String,
}

impl Serialize for Fix {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        FixOut {
            actor: self.actor,
            step: self.step_in(Lang::En),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Fix {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Fix, D::Error> {
        let FixIn { actor, step } = FixIn::deserialize(d)?;
        Ok(match Advice::from_english(actor, &step) {
            Some(a) => Fix::known(a),
            None => Fix::custom(actor, step),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_the_english_form_and_reads_back_the_known_step() {
        for &a in Advice::ALL {
            let fix = Fix::known(a);
            let json = serde_json::to_string(&fix).unwrap();
            let want = serde_json::json!({ "actor": a.actor(), "step": a.text(Lang::En) });
            assert_eq!(json, want.to_string());
            let back: Fix = serde_json::from_str(&json).unwrap();
            assert_eq!(back.advice(), Some(a), "{json}");
        }
        let custom = Fix::custom(Actor::Recipient, "Ring the front desk.");
        let back: Fix = serde_json::from_str(&serde_json::to_string(&custom).unwrap()).unwrap();
        assert_eq!(back, custom);
        assert_eq!(back.advice(), None);
    }

    #[test]
    fn english_texts_are_distinct_so_json_identifies_a_step() {
        let mut seen = std::collections::HashSet::new();
        for &a in Advice::ALL {
            assert!(seen.insert(a.text(Lang::En)), "{a:?}");
        }
    }
}
