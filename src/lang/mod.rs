//! The languages advice is written in, and the texts themselves: one file
//! per language, each a `match` per kind of text, so that a cause, reason,
//! actor or fix step without a text in some language does not compile.

mod en;
mod th;

use serde::{Deserialize, Serialize};

use crate::cause::{Actor, Reason, Smtp550Cause};
use crate::fix::Advice;

/// A language the titles, explanations and fixes are written in.
///
/// English is the default, and the language of the JSON output. Thai is
/// written for the source article's readers: people whose mail program
/// (Outlook, Thunderbird) showed them a 550, and small offices' admins.
///
/// # Examples
///
/// ```
/// use bounce_cause::{Lang, Smtp550Cause};
///
/// assert_eq!(Lang::default(), Lang::En);
/// assert_eq!("th".parse::<Lang>(), Ok(Lang::Th));
/// assert_eq!(Lang::from_locale("th_TH.UTF-8"), Some(Lang::Th));
/// assert_eq!(Lang::from_locale("C.UTF-8"), None);
/// let cause = Smtp550Cause::BadMx;
/// assert_ne!(cause.title_in(Lang::En), cause.title_in(Lang::Th));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Thai.
    Th,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Th];

    /// The ISO 639-1 code: `en`, `th` (also the JSON name and what
    /// [`FromStr`](std::str::FromStr) reads).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Th => "th",
        }
    }

    /// The language of a POSIX locale name as `LANG` or `LC_ALL` hold it
    /// (`th_TH.UTF-8`, `en_GB`, `th`); `None` for `C`, `POSIX` and languages
    /// without texts.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let lang = locale
            .split(['_', '.', '@', '-'])
            .next()
            .unwrap_or_default();
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(lang))
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The text was not a language code we have texts for.
///
/// # Examples
///
/// ```
/// use bounce_cause::{Lang, ParseLangError};
///
/// assert_eq!("fr".parse::<Lang>(), Err(ParseLangError));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown language (known: en, th)")]
pub struct ParseLangError;

impl std::str::FromStr for Lang {
    type Err = ParseLangError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(s.trim()))
            .ok_or(ParseLangError)
    }
}

pub(crate) fn advice(lang: Lang, a: Advice) -> &'static str {
    match lang {
        Lang::En => en::advice(a),
        Lang::Th => th::advice(a),
    }
}

pub(crate) fn actor(lang: Lang, a: Actor) -> &'static str {
    match lang {
        Lang::En => en::actor(a),
        Lang::Th => th::actor(a),
    }
}

pub(crate) fn cause_title(lang: Lang, c: Smtp550Cause) -> &'static str {
    match lang {
        Lang::En => en::cause_title(c),
        Lang::Th => th::cause_title(c),
    }
}

pub(crate) fn cause_explain(lang: Lang, c: Smtp550Cause) -> &'static str {
    match lang {
        Lang::En => en::cause_explain(c),
        Lang::Th => th::cause_explain(c),
    }
}

pub(crate) fn reason_title(lang: Lang, r: Reason) -> &'static str {
    match lang {
        Lang::En => en::reason_title(r),
        Lang::Th => th::reason_title(r),
    }
}

pub(crate) fn reason_explain(lang: Lang, r: Reason) -> &'static str {
    match lang {
        Lang::En => en::reason_explain(r),
        Lang::Th => th::reason_explain(r),
    }
}

#[cfg(test)]
mod tests;
