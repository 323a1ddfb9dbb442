//! The rule table, as data, one file per priority section. Order is
//! priority: notices known by their format, provider codes that say exactly
//! what happened, phrase families (most specific reasons first), the generic
//! meaning of the enhanced status code (RFC 3463 and the IANA registry),
//! then bare commands and reply codes.
//!
//! Patterns are matched case-insensitively against the diagnostic text. Each
//! one serves a phrase family that many servers write, not one sample.

mod notices;
mod phrases;
mod providers;
mod replies;
mod status_codes;

use super::Rule;

/// The sections, in priority order; the table is their concatenation.
pub(crate) const SECTIONS: &[&[Rule]] = &[
    notices::RULES,
    providers::RULES,
    phrases::RULES,
    status_codes::RULES,
    replies::RULES,
];

/// Phrases of "no such user" in the languages we read.
pub(super) const USER_UNKNOWN: &[&str] = &[
    r"(user|mailbox|recipient|address|account|addressee|alias|email|e-mail)( name)? (is )?unknown",
    r"unknown (user|mailbox|recipient|receiver|local ?part|alias|address|e-?mail|account|addressee)",
    r"no such (user|mailbox|recipient|account|address|local user|person|email|alias)",
    r"non-?existent (user|mailbox|recipient|account|address|e-?mail address|local part)",
    r"(user|mailbox|recipient|address|account|e-?mail (address|account)|local part|addressee)( \S+)? (does not|doesn't|doesnt|did not) exist",
    r"(user|mailbox|recipient|address|account|addressee)( \S+)? (does not|doesn't|doesnt) exist",
    r"(user|mailbox|recipient|address|account)( \S+)? (was )?not found",
    r"not (a )?(valid|known) (user|recipient|mailbox|address)",
    r"invalid (recipient|receiver|mailbox|user|address|e-?mail address)",
    r"(recipient|address|user|mailbox) (is )?invalid",
    r"(user|recipient|mailbox|address) (is )?not (local|listed|valid|known|recogni[sz]ed)",
    r"recipient (address )?rejected: (user unknown|undeliverable address|unknown|access denied|invalid)",
    r"undeliverable address",
    r"\d address rejected",
    r"recipient address rejected: (user unknown|unknown|invalid|undeliverable|no such)",
    r"mailbox (is )?unavailable",
    r"mailbox not (found|present|available)",
    r"requested action not taken: mailbox unavailable",
    r"no (mailbox|account|user) (here )?(by that name|with that name|found)",
    r"not listed in (the )?(domino directory|public name & address book|address book)",
    r"this (user|account|address) doesn't have a",
    r"the email account that you tried to reach does not exist",
    r"(user|address) (lookup|verification) fail",
    r"recipient verification failed",
    r"sorry, no mailbox here by that name",
    r"bad destination (mailbox|address)",
    r"user not (found|exist)",
    r"unknown or illegal alias",
    r"destination (address|mailbox) (is )?(invalid|unknown)",
    r"no (valid )?recipients",
    r"is not a valid mailbox",
    r"couldn't find (any )?user",
    r"(recipient|user|address|mailbox) (is )?not in (the |my |our )?(route|routing|user|recipient|valid recipients?|local recipients?) (list|table)",
    r"(存在しない|該当する)(ユーザ|アドレス|宛先)|宛先(が|の)?(見つかりません|不明)|ユーザ(ー)?(が|は)?(存在しません|不明)",
    r"(benutzer|empfänger|adresse|postfach) (ist )?(unbekannt|existiert nicht|nicht gefunden)|unbekannte(r)? (empfänger|benutzer)",
    r"(utilisateur|destinataire|adresse) (inconnu|inexistant|introuvable)|n['’]existe pas",
    r"(usuario|destinatario|dirección) (desconocido|no existe|inexistente)|no existe",
    r"(usuário|destinatário|endereço) (desconhecido|não existe|inexistente)|não existe",
    r"(utente|destinatario|indirizzo) (sconosciuto|inesistente|non esiste)|non esiste",
    r"(пользователь|адресат|получатель|ящик).{0,20}(не существует|не найден|неизвестен)|нет такого",
    r"(用户|收件人|地址)(不存在|未知)",
    r"(użytkownik|adres|odbiorca).{0,20}(nie istnieje|nieznany)",
    r"(gebruiker|adres|ontvanger).{0,20}(bestaat niet|onbekend)",
    r"(ไม่มี|ไม่พบ)(ผู้ใช้|ที่อยู่|บัญชี)",
];

#[cfg(test)]
mod tests {
    use crate::rules::rule_for_text;

    /// Diagnostics as servers write them, in the languages we read, and the
    /// reason family that must decide them (the rule id's prefix).
    const PROBES: &[(&str, &str)] = &[
        (
            "550 5.1.1 <ann@example.com>: Recipient address rejected: User unknown",
            "userunknown",
        ),
        ("552 5.2.2 Mailbox full", "mailboxfull"),
        (
            "554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org",
            "blocked",
        ),
        (
            "550 5.7.26 Unauthenticated email from example.com is not accepted",
            "authfailure",
        ),
        (
            "550 5.2.1 The email account that you tried to reach is disabled",
            "suspend",
        ),
        (
            "552 5.3.4 Message size exceeds fixed limit",
            "emailtoolarge",
        ),
        (
            "550 5.7.1 Message rejected as spam by Content Filtering",
            "spamdetected",
        ),
        (
            "Host or domain name not found. Name service error for name=example.invalid type=A",
            "hostunknown",
        ),
        ("550 5.1.8 Access denied, bad outbound sender", "rejected"),
        ("500 Line limit exceeded", "emailtoolarge"),
        // A delivery-status field's address type is not an RFC complaint.
        (
            "Final-Recipient: RFC822; ann@example.com 554 Service unavailable",
            "systemerror",
        ),
        (
            "550 5.7.1 Your message violates RFC 822 header rules",
            "notcompliantrfc",
        ),
        // Japanese
        ("550 宛先のユーザが存在しません", "filtered"),
        ("552 メールボックスがいっぱいです", "mailboxfull"),
        ("554 迷惑メールと判定されました", "spamdetected"),
        // German
        ("550 Empfänger unbekannt", "filtered"),
        ("552 Postfach ist voll", "mailboxfull"),
        ("550 Konto ist gesperrt", "suspend"),
        // French
        (
            "550 Adresse inconnue : ce destinataire n'existe pas",
            "filtered",
        ),
        ("552 Boîte aux lettres pleine", "mailboxfull"),
        ("550 Compte désactivé", "suspend"),
        // Spanish
        ("550 El usuario no existe", "filtered"),
        ("552 Buzón lleno", "mailboxfull"),
        // Portuguese
        ("550 O endereço não existe", "filtered"),
        ("552 Caixa postal cheia", "mailboxfull"),
        // Italian
        ("550 Utente sconosciuto", "filtered"),
        ("552 Casella piena", "mailboxfull"),
        // Russian
        ("550 Пользователь не существует", "filtered"),
        ("552 Почтовый ящик переполнен", "mailboxfull"),
        // Chinese
        ("550 用户不存在", "filtered"),
        ("552 邮箱已满", "mailboxfull"),
        ("554 垃圾邮件", "spamdetected"),
        // Polish
        ("550 Użytkownik nie istnieje", "filtered"),
        ("552 Skrzynka jest pełna", "mailboxfull"),
        // Dutch
        ("550 Gebruiker bestaat niet", "filtered"),
        ("552 Mailbox is vol", "mailboxfull"),
        // Thai
        ("550 ไม่พบผู้ใช้นี้", "filtered"),
        ("552 กล่องจดหมายเต็ม", "mailboxfull"),
        // Sendmail's access map, and the bare phrase it must not take.
        (
            "550 5.7.1 <lena@example.org>... Access denied",
            "securityerror.sendmail-access-map",
        ),
        ("MAIL FROM: 550 5.7.1 Access denied", "rejected"),
        // A sending service that has not verified the sender.
        (
            "554 Message rejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: ops@example.net",
            "norelaying",
        ),
        (
            "DATA: 550 You cannot send mail to yourself (lee@example.com)",
            "rejected",
        ),
        ("DATA 554 5.5.1 Error: no valid recipients", "userunknown"),
    ];

    #[test]
    fn phrase_families_decide_in_every_language() {
        let mut wrong = Vec::new();
        for (text, family) in PROBES {
            let got = rule_for_text(text).unwrap_or("none");
            if !got.starts_with(family) {
                wrong.push(format!("{text:?}: got {got}, want {family}.*"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
