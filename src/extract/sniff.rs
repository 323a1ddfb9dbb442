//! Cheap signals from the bounce's own headers: which MTA or service wrote
//! it, whether it is a bounce at all, whether it is an auto-reply.

use memchr::memmem::Finder;
use once_cell::sync::Lazy;

use crate::address::{NOTICE_SENDERS, is_mail_system};
use crate::mime::Bounce;
use crate::text::{Needle, contains_ci};

/// (family, where to look, needle). Checked in order; the first hit names
/// the format. `h:NAME` looks in that header, `from`, `subject`, `text` in
/// the sender, the subject and the notice text.
const FAMILIES: &[(&str, &str, &str)] = &[
    ("amazonses", "h:x-ses-outgoing", ""),
    ("amazonses", "from", "amazonses.com"),
    ("amazonses", "h:x-amz-sns-message-id", ""),
    ("office365", "h:x-ms-exchange-crosstenant-id", ""),
    ("exchange", "h:x-ms-exchange-message-is-ndr", ""),
    ("exchange", "h:x-mailer", "microsoft exchange"),
    ("outlook", "from", "@outlook.com"),
    ("outlook", "from", "@hotmail.com"),
    ("gmail", "from", "@googlemail.com"),
    ("gmail", "from", "@gmail.com"),
    ("gmail", "h:x-gm-message-state", ""),
    ("yahoo", "h:x-ymailisg", ""),
    ("yahoo", "from", "yahoo"),
    ("aol", "h:x-aol-ip", ""),
    ("postfix", "h:received", "(postfix)"),
    ("postfix", "text", "this is the mail system at host"),
    ("exim", "h:x-failed-recipients", ""),
    (
        "exim",
        "text",
        "this message was created automatically by mail delivery software",
    ),
    ("qmail", "text", "this is the qmail-send program"),
    ("qmail", "h:received", "invoked for bounce"),
    (
        "sendmail",
        "text",
        "----- transcript of session follows -----",
    ),
    ("sendmail", "h:received", "sendmail"),
    ("courier", "text", "courier mail server"),
    ("domino", "text", "lotus domino"),
    ("domino", "h:x-mailer", "lotus domino"),
    ("notes", "h:x-mailer", "lotus notes"),
    ("opensmtpd", "text", "this is the mailer-daemon at"),
    (
        "opensmtpd",
        "text",
        "this is the mailer-daemon, please do not reply",
    ),
    ("mimecast", "from", "mimecast"),
    ("sendgrid", "from", "sendgrid"),
    ("zoho", "h:x-zohomail", ""),
];

fn field<'a>(b: &'a Bounce, place: &str) -> Option<&'a str> {
    match place {
        "from" => Some(b.from.as_str()),
        "subject" => Some(b.subject.as_str()),
        "text" => Some(b.text.get(..b.text.len().min(4096)).unwrap_or(&b.text)),
        p => p.strip_prefix("h:").and_then(|name| b.header(name)),
    }
}

/// A searcher for each of [`FAMILIES`]' needles in the notice text, which
/// is searched lowercased: the notice's first 4 KiB is searched for six of
/// them, and `memmem` jumps by byte pairs where an ASCII case-insensitive
/// search stops at every occurrence of one letter in either case.
static TEXT_FINDERS: Lazy<Vec<Option<Finder<'static>>>> = Lazy::new(|| {
    FAMILIES
        .iter()
        .map(|(_, place, needle)| {
            (*place == "text" && needle.bytes().all(|c| !c.is_ascii_uppercase()))
                .then(|| Finder::new(needle.as_bytes()))
        })
        .collect()
});

/// The MTA or service family that wrote the bounce, if a signal names it.
pub(crate) fn family(b: &Bounce) -> Option<&'static str> {
    // The notice text, ASCII-lowercased, once a needle is looked for in it.
    let mut lower_text: Option<Vec<u8>> = None;
    FAMILIES
        .iter()
        .zip(TEXT_FINDERS.iter())
        .find_map(|((name, place, needle), finder)| {
            let v = field(b, place)?;
            let found = match finder {
                Some(f) if !needle.is_empty() => {
                    let lower = lower_text.get_or_insert_with(|| v.as_bytes().to_ascii_lowercase());
                    f.find(lower).is_some()
                }
                _ => needle.is_empty() || contains_ci(v, needle),
            };
            found.then_some(*name)
        })
}

/// Subject phrases of failure notices, in the languages we read.
const BOUNCE_SUBJECTS: &[Needle] = &[
    Needle::new("undeliver"),
    Needle::new("undelivered"),
    Needle::new("returned mail"),
    Needle::new("returned to sender"),
    Needle::new("delivery status"),
    Needle::new("delayed mail"),
    Needle::new("delivery delay"),
    Needle::new("mail delivery warning"),
    Needle::new("delivery failure"),
    Needle::new("delivery failed"),
    Needle::new("delivery has failed"),
    Needle::new("failure notice"),
    Needle::new("failed delivery"),
    Needle::new("mail delivery failed"),
    Needle::new("mail delivery system"),
    Needle::new("could not be delivered"),
    Needle::new("not delivered"),
    Needle::new("nondeliverable"),
    Needle::new("non-deliverable"),
    Needle::new("non remis"),
    Needle::new("delivery problem"),
    Needle::new("delivery notification"),
    Needle::new("mail system error"),
    Needle::new("rejected"),
    Needle::new("bounce"),
    Needle::new("warning: could not send"),
    Needle::new("message you sent"),
    Needle::new("unzustellbar"),
    Needle::new("nicht zugestellt"),
    Needle::new("non distribuibile"),
    Needle::new("no se puede entregar"),
    Needle::new("no entregado"),
    Needle::new("entrega fallida"),
    Needle::new("non recapitato"),
    Needle::new("mancata consegna"),
    Needle::new("falha na entrega"),
    Needle::new("não foi entregue"),
    Needle::new("non délivré"),
    Needle::new("échec de remise"),
    Needle::new("échec de la remise"),
    Needle::new("zustellung fehlgeschlagen"),
    Needle::new("не удалось доставить"),
    Needle::new("无法投递"),
    Needle::new("投递失败"),
    Needle::new("não entregue"),
    Needle::new("не доставлено"),
    Needle::new("недоставлен"),
    Needle::new("未送達"),
    Needle::new("配信"),
    Needle::new("エラー"),
    Needle::new("退信"),
    Needle::new("系统退信"),
    Needle::new("niedostarczon"),
    Needle::new("onbestelbaar"),
    Needle::new("ส่งไม่ถึง"),
];

/// True when the headers or text say this is a delivery failure notice.
pub(crate) fn looks_like_bounce(b: &Bounce) -> bool {
    if b.is_report && (b.report_type.contains("delivery-status") || b.report_type.is_empty()) {
        return true;
    }
    if b.header("x-failed-recipients").is_some() {
        return true;
    }
    // The null reverse path (RFC 5321 sends notices from `<>`): in the
    // Return-Path the delivering server wrote, or as the From address
    // itself (Courier writes `"Courier mail server at ..." <@>`). Other
    // reports (read receipts) come from it too, and are not failures.
    let null_path = |v: &str| v.trim().trim_matches(['<', '>', '@']).trim().is_empty();
    let null_from = null_path(&b.from) && !b.from_display.is_empty();
    let null_return = b.header("return-path").is_some_and(null_path);
    if !b.is_report && (null_from || null_return) {
        return true;
    }
    let local = b.from.split('@').next().unwrap_or_default();
    if is_mail_system(&b.from)
        || NOTICE_SENDERS.contains(&local)
        || contains_ci(&b.from_display, "mail delivery")
        || contains_ci(&b.from_display, "mailer-daemon")
    {
        return true;
    }
    BOUNCE_SUBJECTS.iter().any(|s| s.in_text(&b.subject))
}

/// True when the subject carries a person's forward or reply prefix
/// ("Fwd:", "FW:", "WG:", "TR:", "RV:", "Re:", "AW:", "回复:"): a notice a
/// mail client passed on, not one a mail system wrote.
pub(crate) fn passed_on_by_person(b: &Bounce) -> bool {
    const PREFIXES: &[&str] = &[
        "fwd:", "fw:", "wg:", "tr:", "rv:", "enc:", "i:", "re:", "aw:", "sv:", "转发:", "回复:",
    ];
    let subject = b.subject.trim_start();
    PREFIXES.iter().any(|p| {
        subject
            .get(..p.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(p))
    })
}

/// Subject phrases of automatic replies.
const AUTO_REPLY_SUBJECTS: &[&str] = &[
    "auto:",
    "autoreply",
    "auto-reply",
    "auto reply",
    "automatic reply",
    "automatische antwort",
    "réponse automatique",
    "respuesta automática",
    "resposta automática",
    "risposta automatica",
    "out of office",
    "out of the office",
    "vacation",
    "away from",
    "abwesend",
    "abwesenheit",
    "absence",
    "自動応答",
    "不在",
    "автоответ",
    "自动回复",
    "odpowiedź automatyczna",
    "afwezig",
];

/// True for an RFC 3834 automatic reply (and the Microsoft and Google
/// variants that mark themselves by header or subject).
pub(crate) fn looks_like_auto_reply(b: &Bounce) -> bool {
    let local = b.from.split('@').next().unwrap_or_default();
    // Mail systems' own addresses send failure notices, not auto-replies;
    // "noreply" senders do send auto-replies.
    let mail_system = is_mail_system(&b.from)
        || NOTICE_SENDERS
            .iter()
            .filter(|d| !matches!(**d, "noreply" | "no-reply" | "nobody"))
            .any(|d| *d == local);
    if mail_system {
        return false;
    }
    let marked = b
        .header("auto-submitted")
        .is_some_and(|v| contains_ci(v, "auto-replied") || contains_ci(v, "auto-generated"))
        || b.header("x-autoreply").is_some()
        || b.header("x-autorespond").is_some()
        || b.header("precedence")
            .is_some_and(|v| contains_ci(v, "auto_reply"))
        || b.header("x-auto-response-suppress").is_some();
    let subject = AUTO_REPLY_SUBJECTS
        .iter()
        .any(|s| contains_ci(&b.subject, s));
    (marked || subject) && !BOUNCE_SUBJECTS.iter().any(|s| s.in_text(&b.subject))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;

    fn says_bounce(raw: &str) -> bool {
        let limits = Limits::default();
        let b = crate::mime::read(raw.as_bytes(), &limits).expect("a message");
        looks_like_bounce(&b)
    }

    #[test]
    fn the_null_reverse_path_says_bounce_but_not_for_other_reports() {
        let plain = "From: Notices <notices@mail.example.net>\nTo: sam@example.net\nSubject: About your message\n\nIt could not be sent on.\n";
        assert!(!says_bounce(plain));
        assert!(says_bounce(&format!("Return-Path: <>\n{plain}")));
        let null_from = plain.replace(
            "Notices <notices@mail.example.net>",
            "\"Mail server at mail.example.net\" <@>",
        );
        assert!(says_bounce(&null_from));
        let receipt = "Return-Path: <>\nFrom: Ann <ann@example.org>\nTo: sam@example.net\nSubject: Read: minutes\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=disposition-notification; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nYour message was read.\n--b\nContent-Type: message/disposition-notification\n\nFinal-Recipient: rfc822; ann@example.org\nDisposition: manual-action/MDN-sent-manually; displayed\n--b--\n";
        assert!(!says_bounce(receipt));
    }
}
