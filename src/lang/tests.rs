use std::collections::BTreeSet;

use super::*;

/// Latin-letter words a Thai text may keep: names of records, protocols and
/// programs as mail tools show them, and the header names To and From.
const TERMS: &[&str] = &[
    "ASCII",
    "Barracuda",
    "DKIM",
    "DMARC",
    "DNS",
    "DNSBL",
    "From",
    "HELO",
    "IP",
    "MX",
    "PTR",
    "RBL",
    "RFC",
    "SMTP",
    "SMTPUTF8",
    "SPF",
    "SpamCop",
    "Spamhaus",
    "TLS",
    "To",
    "alias",
    "pipe",
    "procmail",
];

/// Product names a Thai text may add to help its reader find a setting.
const PRODUCTS: &[&str] = &["Outlook", "Thunderbird"];

/// Every text of every kind, as (what, English, Thai).
fn all_texts() -> Vec<(String, &'static str, &'static str)> {
    let mut out = Vec::new();
    for &a in Advice::ALL {
        out.push((format!("{a:?}"), advice(Lang::En, a), advice(Lang::Th, a)));
    }
    for a in [
        Actor::Sender,
        Actor::SenderAdmin,
        Actor::Recipient,
        Actor::RecipientAdmin,
    ] {
        out.push((format!("{a:?}"), actor(Lang::En, a), actor(Lang::Th, a)));
    }
    for c in Smtp550Cause::ALL {
        out.push((
            format!("{c} title"),
            cause_title(Lang::En, c),
            cause_title(Lang::Th, c),
        ));
        out.push((
            format!("{c} explanation"),
            cause_explain(Lang::En, c),
            cause_explain(Lang::Th, c),
        ));
    }
    for r in Reason::ALL {
        out.push((
            format!("{r} title"),
            reason_title(Lang::En, r),
            reason_title(Lang::Th, r),
        ));
        out.push((
            format!("{r} explanation"),
            reason_explain(Lang::En, r),
            reason_explain(Lang::Th, r),
        ));
    }
    out
}

/// The runs of ASCII letters and digits that hold a letter.
fn latin_words(s: &str) -> BTreeSet<&str> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .collect()
}

fn is_thai(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

#[test]
fn every_text_is_non_empty_in_every_language() {
    for (what, en, th) in all_texts() {
        assert!(!en.trim().is_empty(), "{what}: English");
        assert!(!th.trim().is_empty(), "{what}: Thai");
        assert_eq!(en, en.trim(), "{what}: English has stray spaces");
        assert_eq!(th, th.trim(), "{what}: Thai has stray spaces");
    }
}

#[test]
fn thai_texts_are_thai_with_only_technical_names_in_latin_letters() {
    for (what, _, th) in all_texts() {
        let thai = th.chars().filter(|&c| is_thai(c)).count();
        let latin = th.chars().filter(char::is_ascii_alphabetic).count();
        assert!(thai > latin, "{what}: mostly Latin letters: {th}");
        for w in latin_words(th) {
            assert!(
                TERMS.contains(&w) || PRODUCTS.contains(&w),
                "{what}: English word {w:?} left in the Thai text: {th}"
            );
        }
    }
}

#[test]
fn english_texts_are_english() {
    for (what, en, _) in all_texts() {
        assert!(!en.chars().any(is_thai), "{what}: {en}");
    }
}

/// A Thai text names the same records and programs as its English text: a
/// translation put under the wrong step would name others.
#[test]
fn thai_texts_name_the_technical_terms_of_their_english_text() {
    for (what, en, th) in all_texts() {
        let in_en: BTreeSet<&str> = latin_words(en)
            .into_iter()
            .filter(|w| TERMS.contains(w))
            .collect();
        let in_th: BTreeSet<&str> = latin_words(th)
            .into_iter()
            .filter(|w| TERMS.contains(w))
            .collect();
        assert_eq!(in_en, in_th, "{what}:\n  {en}\n  {th}");
    }
}

#[test]
fn texts_of_one_kind_are_distinct_in_every_language() {
    for lang in Lang::ALL {
        let steps: BTreeSet<&str> = Advice::ALL.iter().map(|&a| advice(lang, a)).collect();
        assert_eq!(steps.len(), Advice::ALL.len(), "{lang}: fix steps");
        let causes: BTreeSet<&str> = Smtp550Cause::ALL
            .iter()
            .map(|&c| cause_title(lang, c))
            .collect();
        assert_eq!(
            causes.len(),
            Smtp550Cause::ALL.len(),
            "{lang}: cause titles"
        );
        let reasons: BTreeSet<&str> = Reason::ALL.iter().map(|&r| reason_title(lang, r)).collect();
        assert_eq!(reasons.len(), Reason::ALL.len(), "{lang}: reason titles");
    }
}

/// Each language lists a cause's or reason's fixes in the same order, with
/// the same actors: the i-th Thai step is the translation of the i-th
/// English one.
#[test]
fn fix_order_is_the_same_in_every_language() {
    let lists = Smtp550Cause::ALL
        .iter()
        .map(|c| (c.to_string(), c.fixes()))
        .chain(Reason::ALL.iter().map(|r| (r.to_string(), r.fixes())));
    for (what, fixes) in lists {
        let find = |lang: Lang, text: &str| {
            Advice::ALL
                .iter()
                .copied()
                .find(|&a| advice(lang, a) == text)
        };
        for (i, f) in fixes.iter().enumerate() {
            let en = find(Lang::En, f.step_in(Lang::En));
            let th = find(Lang::Th, f.step_in(Lang::Th));
            assert!(en.is_some(), "{what} #{i}: English text of no step");
            assert_eq!(en, th, "{what} #{i}: languages disagree");
            assert_eq!(en.map(Advice::actor), Some(f.actor), "{what} #{i}");
        }
    }
}

#[test]
fn locales_pick_a_language() {
    let cases: &[(&str, Option<Lang>)] = &[
        ("th_TH.UTF-8", Some(Lang::Th)),
        ("th_TH", Some(Lang::Th)),
        ("th", Some(Lang::Th)),
        ("TH_th.utf8", Some(Lang::Th)),
        ("en_US.UTF-8", Some(Lang::En)),
        ("en_GB@euro", Some(Lang::En)),
        ("C.UTF-8", None),
        ("C", None),
        ("POSIX", None),
        ("", None),
        ("fr_FR.UTF-8", None),
        ("thai", None),
    ];
    for &(locale, want) in cases {
        assert_eq!(Lang::from_locale(locale), want, "{locale:?}");
    }
    for lang in Lang::ALL {
        assert_eq!(lang.code().parse::<Lang>(), Ok(lang));
        assert_eq!(
            serde_json::to_string(&lang).unwrap(),
            format!("\"{}\"", lang.code())
        );
    }
    assert!("english".parse::<Lang>().is_err());
}
