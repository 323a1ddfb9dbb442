//! Provider codes with one meaning whatever the text says, and the block
//! lists and filters that name themselves.

use crate::cause::Reason::*;
use crate::cause::Smtp550Cause;
use crate::cause::Smtp550Cause::{BadMx, NonexistentMailbox, OutboundFilter, RecipientTypo};
use crate::extract::Command;
use crate::fix::Advice;
use crate::rules::DiagnosticType;
use crate::rules::Rule;
use crate::rules::masks;

use super::USER_UNKNOWN;

/// This section's rules, in priority order.
pub(super) const RULES: &[Rule] = &[
    // X.7.27 is "sender address has null MX" in the IANA registry (RFC 7505)
    // and Gmail's "SPF did not pass": the text tells which.
    Rule {
        id: "rejected.sender-null-mx",
        reason: Rejected,
        status: masks!["*.7.27"],
        patterns: &[
            r"null ?mx",
            r"(does not|doesn't|cannot|can't) (accept|receive) (e-?)?mail",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "authfailure.gmail-sender-auth",
        reason: AuthFailure,
        status: masks!["5.7.26", "5.7.27", "4.7.26", "4.7.27", "5.7.30"],
        ..Rule::NEW
    },
    Rule {
        id: "authfailure.microsoft-dmarc",
        reason: AuthFailure,
        status: masks!["5.7.509", "5.7.510", "5.7.515"],
        ..Rule::NEW
    },
    Rule {
        id: "authfailure.spf-dkim-dmarc-codes",
        reason: AuthFailure,
        status: masks!["*.7.20", "*.7.21", "*.7.22", "*.7.23", "*.7.24", "*.7.29"],
        ..Rule::NEW
    },
    Rule {
        id: "blocked.microsoft-banned-ip",
        reason: Blocked,
        status: masks![
            "5.7.606", "5.7.607", "5.7.608", "5.7.609", "5.7.610", "5.7.611", "5.7.612", "5.7.613",
            "5.7.614", "5.7.615", "5.7.616", "5.7.617", "5.7.618", "5.7.619", "5.7.620", "5.7.621",
            "5.7.622", "5.7.623", "5.7.624", "5.7.625", "5.7.626", "5.7.627", "5.7.628", "5.7.629",
            "5.7.630", "5.7.631", "5.7.632", "5.7.633", "5.7.634", "5.7.635", "5.7.636", "5.7.637",
            "5.7.638", "5.7.639", "5.7.640", "5.7.641", "5.7.642", "5.7.643", "5.7.644", "5.7.645",
            "5.7.646", "5.7.647", "5.7.648", "5.7.649",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "blocked.microsoft-banned-sender",
        reason: Blocked,
        status: masks!["5.7.511"],
        ..Rule::NEW
    },
    // Microsoft 365 itself will not send on from this IP (a new or
    // distrusted tenant's mail goes to its high-risk delivery pool): the
    // sender's own service holds the mail.
    Rule {
        id: "blocked.microsoft-high-risk-pool",
        reason: Blocked,
        cause: Some(OutboundFilter),
        status: masks!["5.7.708"],
        ..Rule::NEW
    },
    // 5.7.505: the recipient is barred at the tenant.
    Rule {
        id: "userunknown.microsoft-banned-recipient",
        reason: UserUnknown,
        status: masks!["5.7.505"],
        ..Rule::NEW
    },
    Rule {
        id: "rejected.microsoft-outbound-unregistered",
        reason: Rejected,
        cause: Some(OutboundFilter),
        status: masks![
            "5.7.750", "5.7.705", "5.7.501", "5.7.502", "5.7.503", "5.7.520",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "ratelimited.microsoft-sender-quota",
        reason: RateLimited,
        cause: Some(OutboundFilter),
        status: masks!["*.1.90", "*.2.120", "*.7.705"],
        ..Rule::NEW
    },
    // The sender's own account or relay has used up its sending quota or
    // rate: its provider holds the mail, whoever the recipient.
    Rule {
        id: "ratelimited.outbound-quota",
        reason: RateLimited,
        cause: Some(OutboundFilter),
        // At the connection stage it is the receiver's limit on the sending
        // host, a block.
        commands: &[
            Command::Mail,
            Command::Rcpt,
            Command::Data,
            Command::Bdat,
            Command::Unknown,
        ],
        patterns: &[
            r"(daily|hourly|monthly) (sending|message|recipient|submission|relay)s? (quota|limit)",
            r"(sending|submission|relay|outbound) (quota|limit|rate limit)s? (exceeded|reached|hit)",
            r"(reached|exceeded|hit|over) (your|the|its|their) (daily|hourly|sending|submission) (sending |message |recipient )?(quota|limit)",
            r"submission ?quota ?exceeded",
            r"only \d+ (messages|e-?mails|recipients) (per|a|each) (day|hour|minute)",
            r"(tägliche[sn]? |stündliche[sn]? )?(sende|versand)(limit|kontingent|quote) .{0,30}(erreicht|überschritten)",
            r"(limite|quota) (d'envoi|quotidien(ne)?)( d'envoi)? .{0,20}(atteinte?|dépassée?)",
            r"(límite|cuota) (de envío|diari[oa])( de envío)? .{0,20}(alcanzad[oa]|superad[oa]|excedid[oa])",
            r"(limite|cota) (de envio|diári[oa])( de envio)? .{0,20}(atingid[oa]|excedid[oa]|ultrapassad[oa])",
            r"(limite|quota) (di invio|giornalier[oa])( di invio)? .{0,20}(raggiunt[oa]|superat[oa])",
            r"(лимит|квот\w*) (на )?отправк|превышен\w* (суточн\w* |дневн\w* )?лимит",
            r"(发送|发信|发件)(数量|额度|配额|量)?.{0,6}(超过|超出|达到)(上限|限制|限额)",
            r"送信(数|件数|上限|制限).{0,10}(超え|達し|超過)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "rejected.outbound-sender-blocked",
        reason: Rejected,
        cause: Some(OutboundFilter),
        patterns: &[
            r"bad outbound sender",
            r"outbound ?spam",
            r"outbound (spam|mail) (policy|filter)",
            r"(account|user|mailbox|you|sender) (has been |have been |is |was )?(blocked|suspended|flagged|restricted|limited|locked) (for|due to) (sending )?(outbound |suspected |possible )?(spam|bulk mail|unsolicited mail)",
            // The sender's own account may not send (outside, at all).
            r"(account|user|mailbox|sender) (is |has )?not (been )?(permitted|allowed|authori[sz]ed|enabled) to send",
            r"sending (quota|limit) (exceeded|reached)",
            r"daily (sending|message) (quota|limit)",
            r"account (has been )?(suspended|disabled|blocked) (for|from) sending",
            r"sending (from|by|for) (this|your|the) (account|address|mailbox|user) (is |has been )?(disabled|suspended|blocked|not (allowed|permitted))",
            r"outbound (message|mail|e-?mail|delivery|sending)s? (was |has been |is )?(blocked|refused|rejected|held|suspended|disabled)",
            r"(outgoing|outbound) (mail|messages?|e-?mails?|sending) (is |are |was |has been )?(blocked|suspended|disabled|restricted)",
            r"high[- ]risk (delivery |sending )?pool",
            r"ausgehende (nachricht|e-?mail|mail)\w* (wurde |wurden |ist |sind )?(blockiert|gesperrt)",
            r"(message|courrier|e-?mail) sortant (a été |est )?(bloqué|refusé)",
            r"(mensaje|correo) saliente (ha sido |fue )?(bloqueado|rechazado)",
            r"(mensagem|e-?mail) de saída (foi )?(bloquead|rejeitad)[oa]",
            r"(messaggio|posta) in uscita (è stat[oa] )?(bloccat|rifiutat)[oa]",
            r"исходящ\w* (письм|сообщени|почт)\w* (был\w* )?(заблокирован|отклонен)",
            r"(外发|发出的|寄出的)(邮件|信件)(被|已被)?(拦截|阻止|拒绝|退回)",
            r"送信(メール)?が(ブロック|拒否|停止)",
        ],
        ..Rule::NEW
    },
    // A sending service (Amazon SES, Mailgun, SendGrid, ...) refuses to send
    // for a sender identity that has not been verified with it ("Email
    // address is not verified. The following identities failed the check"):
    // it will not relay for that sender until the sender proves it owns the
    // address or domain.
    Rule {
        id: "norelaying.unverified-sender-identity",
        reason: NoRelaying,
        cause: Some(Smtp550Cause::AuthFailure),
        first_fix: Some(Advice::VerifySenderIdentity),
        patterns: &[
            r"email address is not verified",
            r"(sender|from) address (is )?not verified",
            r"unverified sender",
            r"identit(y|ies) (is |are )?not verified",
            r"identities failed the check",
        ],
        ..Rule::NEW
    },
    // The sender's own provider will not send as an address the account
    // may not use ("not authorised to send from this address", Exchange's
    // SendAsDenied).
    Rule {
        id: "rejected.send-as-denied",
        reason: Rejected,
        cause: Some(OutboundFilter),
        patterns: &[
            r"not (authori[sz]ed|allowed|permitted) to send (as|from|on behalf of) (this|that|the)( \S+)? (address|sender|header|mailbox|account|identity)",
            r"send ?as ?denied|sendasdenied",
            r"(you|user|account) (do|does|may) not have (the )?(send[- ]as|send on behalf) (permission|right)",
            r"nicht berechtigt, (im namen|als) .{0,40} zu senden",
            r"(pas autorisé|non autorisé) à envoyer (en tant que|au nom de|depuis cette adresse)",
            r"no (está )?autorizado para enviar (como|en nombre de|desde esta dirección)",
            r"não (está )?autorizado a enviar (como|em nome de|deste endereço)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "suppressed.suppression-list",
        reason: Suppressed,
        patterns: &[
            r"suppression list",
            r"address is (on|in) (the|a|your) (account-level )?suppress",
            r"suppressed (recipient|address|due to)",
            r"previous(ly)? (hard )?bounce(d)?.*(dropp|suppress)",
            r"recipient is in (the|your) (bounce|unsubscribe) list",
        ],
        ..Rule::NEW
    },
    // Gmail's and Google Workspace's own phrases.
    Rule {
        id: "ratelimited.gmail-receiving-rate",
        reason: RateLimited,
        patterns: &[
            r"receiving mail at a rate that prevents additional messages",
            r"please try again slower",
        ],
        ..Rule::NEW
    },
    // Much of what comes from this host or sender looks unsolicited: its
    // reputation (Gmail's "unusual rate of unsolicited mail originating from
    // your IP address" and the like).
    Rule {
        id: "badreputation.unusual-unsolicited",
        reason: BadReputation,
        patterns: &[
            r"unusual (rate|amount|volume|number) of unsolicited (mail|e-?mail|messages)( originating)? from (your|this|the sending) (ip|address|host|domain|server)",
            r"unusual rate of unsolicited mail",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "policyviolation.gmail-recipient-policy",
        reason: PolicyViolation,
        patterns: &[
            r"has a policy that prohibit(s|ed)? the mail",
            r"prohibited the mail that you sent",
        ],
        ..Rule::NEW
    },
    // Yahoo's TSS codes: deferrals and blocks for the sender's reputation
    // or complaint rate ([TS01]-[TS03], [TSS04]-[TSS11]).
    Rule {
        id: "badreputation.yahoo-tss",
        reason: BadReputation,
        patterns: &[r"\[tss?(0[0-9]|1[0-1])\]"],
        commands: &[
            Command::Conn,
            Command::Ehlo,
            Command::Helo,
            Command::Rcpt,
            Command::Data,
            Command::Unknown,
        ],
        ..Rule::NEW
    },
    // Orange and La Poste (France) end their replies with a code of their
    // own, `OFR_NNN` or `LPNnnn_NNN`: 416 an unknown recipient (whatever the
    // command it answered), 506 a message judged to be spam.
    Rule {
        id: "userunknown.orange-invalid-recipient",
        reason: UserUnknown,
        patterns: &[r"\b(ofr|lpn\d{3})_416\b"],
        ..Rule::NEW
    },
    Rule {
        id: "spamdetected.orange-spam",
        reason: SpamDetected,
        patterns: &[r"\b(ofr|lpn\d{3})_506\b"],
        ..Rule::NEW
    },
    // Cox's AUP codes for its block lists (CXBL its own list, CDRBL its
    // dynamic reputation list, IPBLnnnn third-party lists): the sending IP is
    // blocked, whatever command the reply answered.
    Rule {
        id: "blocked.cox-aup-blocklist",
        reason: Blocked,
        patterns: &[r"\baup#\s?(cxbl|cdrbl|ipbl\d*)\b"],
        ..Rule::NEW
    },
    // NetEase (163.com, 126.com, yeah.net) ends its refusals with a code of
    // its own: HL (sending host), MI (message), RP (recipients), DT (content).
    // Frequency and volume limits:
    Rule {
        id: "ratelimited.netease-frequency",
        reason: RateLimited,
        patterns: &[r"\b(hl:(ifc|icc)|mi:(dmc|stc|ccl)|rp:(qrc|drc|rcl|dbc))\b"],
        ..Rule::NEW
    },
    // the sending host barred for its behaviour (forged senders, many
    // unknown recipients):
    Rule {
        id: "blocked.netease-host",
        reason: Blocked,
        patterns: &[r"\b(hl:(mep|rep|rla|ihu)|mi:cel)\b"],
        ..Rule::NEW
    },
    // and content judged to be spam.
    Rule {
        id: "spamdetected.netease-content",
        reason: SpamDetected,
        patterns: &[r"\bdt:(spm|rbl)\b"],
        ..Rule::NEW
    },
    // the sender's SPF or DMARC failed;
    Rule {
        id: "authfailure.netease-sender-auth",
        reason: AuthFailure,
        patterns: &[r"\bmi:(spf|dma|dkm)\b"],
        ..Rule::NEW
    },
    // a bad HELO or a sender address that is not well-formed;
    Rule {
        id: "syntaxerror.netease-protocol",
        reason: SyntaxError,
        patterns: &[r"\bmi:(nhd|imf)\b"],
        ..Rule::NEW
    },
    // relaying through it refused;
    Rule {
        id: "norelaying.netease-relay",
        reason: NoRelaying,
        patterns: &[r"\brp:frl\b"],
        ..Rule::NEW
    },
    // the envelope sender and the From header disagree;
    Rule {
        id: "policyviolation.netease-sender-mismatch",
        reason: PolicyViolation,
        patterns: &[r"\bdt:sum\b"],
        ..Rule::NEW
    },
    // and any other code about the sending host (HL, IP) is a block of it.
    Rule {
        id: "blocked.netease-host-other",
        reason: Blocked,
        patterns: &[r"\b(hl|ip):[a-z]{3}\b"],
        ..Rule::NEW
    },
    // Sophos Email's XGEMAIL_00nn rejection codes.
    Rule {
        id: "authfailure.sophos-xgemail",
        reason: AuthFailure,
        patterns: &[r"\bxgemail_000[123]\b"],
        ..Rule::NEW
    },
    Rule {
        id: "blocked.sophos-xgemail",
        reason: Blocked,
        patterns: &[r"\bxgemail_000[45]\b"],
        ..Rule::NEW
    },
    Rule {
        id: "rejected.sophos-xgemail-block-list",
        reason: Rejected,
        patterns: &[r"\bxgemail_000[89]\b"],
        ..Rule::NEW
    },
    Rule {
        id: "norelaying.sophos-xgemail-domain",
        reason: NoRelaying,
        cause: Some(BadMx),
        patterns: &[r"\bxgemail_0010\b"],
        ..Rule::NEW
    },
    Rule {
        id: "userunknown.sophos-xgemail",
        reason: UserUnknown,
        patterns: &[r"\bxgemail_0011\b"],
        ..Rule::NEW
    },
    Rule {
        id: "emailtoolarge.sophos-xgemail",
        reason: EmailTooLarge,
        patterns: &[r"\bxgemail_0012\b"],
        ..Rule::NEW
    },
    Rule {
        id: "ratelimited.sophos-xgemail",
        reason: RateLimited,
        patterns: &[r"\bxgemail_0014\b"],
        ..Rule::NEW
    },
    // 0006: the TLS version does not meet the receiver's policy.
    Rule {
        id: "failedstarttls.sophos-xgemail",
        reason: FailedStartTls,
        patterns: &[r"\bxgemail_0006\b"],
        ..Rule::NEW
    },
    // 0007: the receiving organisation's service (its licence) has lapsed.
    Rule {
        id: "systemerror.sophos-xgemail",
        reason: SystemError,
        patterns: &[r"\bxgemail_0007\b"],
        ..Rule::NEW
    },
    // Any other XGEMAIL code is a refusal under the receiver's policy.
    Rule {
        id: "policyviolation.sophos-xgemail-other",
        reason: PolicyViolation,
        patterns: &[r"\bxgemail_\d{4}\b"],
        ..Rule::NEW
    },
    // AOL's (now Yahoo's) documented refusal codes: RTR (the sending host's
    // reputation or reverse DNS), RLY (complaints), CON (connections).
    Rule {
        id: "requireptr.aol-rtr",
        reason: RequirePtr,
        patterns: &[r"\brtr:(bb|rd)\b"],
        ..Rule::NEW
    },
    Rule {
        id: "blocked.aol-rtr",
        reason: Blocked,
        patterns: &[r"\brtr:(du|ch|bg|gl|sc)\b"],
        ..Rule::NEW
    },
    Rule {
        id: "badreputation.aol-rly",
        reason: BadReputation,
        patterns: &[r"\brly:(b[1-3]|cs4)\b"],
        ..Rule::NEW
    },
    Rule {
        id: "ratelimited.aol-con",
        reason: RateLimited,
        patterns: &[r"\bcon:b1\b"],
        ..Rule::NEW
    },
    // Any other RLY, RTR, HVU or DYN code: the sending host or sender is
    // blocked.
    Rule {
        id: "blocked.aol-other",
        reason: Blocked,
        patterns: &[r"\b(rly|rtr|hvu|dyn):[a-z]{1,3}\d?\b"],
        ..Rule::NEW
    },
    // Orange and La Poste: code 102, the sending IP blocked (for spam).
    Rule {
        id: "blocked.orange-ip",
        reason: Blocked,
        patterns: &[r"\b(ofr\d{0,3}|lpn\d{3})_102\b"],
        ..Rule::NEW
    },
    // Microsoft (Outlook.com, Exchange Online) NDR codes whose meaning the
    // text does not always spell out.
    // 4.7.500: Microsoft throttles a sending IP ("server busy", "access
    // denied, please try again later").
    Rule {
        id: "ratelimited.microsoft-throttled",
        reason: RateLimited,
        cause: Some(Smtp550Cause::SpamFilter),
        status: masks!["4.7.500"],
        ..Rule::NEW
    },
    Rule {
        id: "ratelimited.microsoft-recipient-rate",
        reason: RateLimited,
        status: masks!["*.2.121", "*.2.122"],
        ..Rule::NEW
    },
    // 5.7.64: the sending organisation's connector is not recognised (its
    // own setup); 5.7.54: the recipient's domain is not one the tenant
    // accepts (its MX points to a tenant that does not host it).
    Rule {
        id: "norelaying.microsoft-tenant-relay",
        reason: NoRelaying,
        cause: Some(Smtp550Cause::AuthFailure),
        status: masks!["*.7.64"],
        ..Rule::NEW
    },
    Rule {
        id: "norelaying.microsoft-non-accepted-domain",
        reason: NoRelaying,
        status: masks!["*.7.54"],
        ..Rule::NEW
    },
    Rule {
        id: "securityerror.microsoft-anonymous-client",
        reason: SecurityError,
        status: masks!["*.7.57"],
        ..Rule::NEW
    },
    Rule {
        id: "rejected.microsoft-group-restriction",
        reason: Rejected,
        status: masks!["*.7.124", "*.7.133", "*.7.134", "*.7.135", "*.7.136"],
        ..Rule::NEW
    },
    // Apple iCloud: [CS01]/[HM08]-style tags, and its "inactive" addresses.
    Rule {
        id: "suspend.inactive-address",
        reason: Suspend,
        patterns: &[
            r"inactive (e-?mail )?(address|account|mail ?box|mbox|user)",
            r"(address|account|mail ?box|mbox) (is )?inactive",
        ],
        ..Rule::NEW
    },
    // A daily quota of the recipient's domain or mailbox: a limit on how
    // much it takes per day, not a full mailbox.
    Rule {
        id: "ratelimited.daily-quota",
        reason: RateLimited,
        patterns: &[
            r"\b(domain|domain's|recipients?|recipient's|inbound|receiving)( domain)? daily quota",
            r"\bdaily (receiving |inbound |delivery )?quota (exceeded|reached)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "mailboxfull.over-quota",
        reason: MailboxFull,
        patterns: &[
            r"mail ?box (is )?(full|over ?quota|exceeded|size limit)",
            r"mail ?box.{0,40}(is|has) (full|exceeded|reached)",
            r"(over|exceed(ed|s)?|reached) (its |the |his |her |their )?(disk |storage |mailbox )?quota",
            r"over ?quota",
            r"quota (exceeded|violation|full|reached)",
            r"user(s)? (is )?over (the )?(storage|disk) ?(quota|limit|space)",
            r"insufficient (disk|storage) space (for|in) (the |this )?(user|mailbox|recipient)",
            r"no (more )?space left (in|on) (the )?(user|mailbox|recipient)",
            r"account (is )?(full|over quota)",
            r"inbox is full",
            r"mailfolder is full",
            r"not enough (storage|space) (in|for) (the )?(mailbox|user)",
            r"recipient('s)? (mail ?box|storage) (is )?(full|exceeded)",
            r"mailbox has exceeded the limit",
            r"exceed (the )?(maximum |max )?mail ?box size",
            r"mail ?box (size )?exceeds? (the |its )?(allowed |maximum |permitted |max )?(size|limit|quota|storage)",
            r"(in ?box|mail ?box|account) (is |has )?(out of|run out of|no (more )?) ?(storage|space|disk space|room)",
            r"(in ?box|mail ?box|account) (space|storage|quota) (is )?(not enough|insufficient|full|exhausted|used up)",
            r"out of (mailbox|disk) (space|quota) for (user|recipient)",
            r"exceeds? (the )?(recipient|user)('s)? (storage|mailbox|disk) (quota|limit|space)",
            r"user has (too many messages|exhausted allowed storage)",
            r"メールボックスが(いっぱい|一杯)|容量(が)?(不足|超過|オーバー)",
            r"postfach .{0,40}(ist )?voll|speicherplatz",
            r"boîte (aux lettres |mail )?(est )?pleine|boite (aux lettres )?pleine",
            r"buz[oó]n (est[aá] )?lleno|casilla (de correo )?llena",
            r"caixa (postal|de correio)?.{0,40}cheia",
            r"casella (di posta )?(è |e )?piena",
            r"ящик.{0,40}(переполнен|полон)|превышен(а)? квот",
            r"邮箱(已)?满|信箱(已)?满|空间不足",
            r"skrzynka (jest )?pełna",
            r"mailbox (is )?vol|postvak (is )?vol",
            r"กล่องจดหมาย.{0,30}เต็ม",
        ],
        ..Rule::NEW
    },
    // Sendmail's local mailer answering "550 5.1.1 User unknown" or
    // "<addr>... User unknown" (reported as x-unix) says the mailbox is
    // missing, not that a delivery program failed.
    Rule {
        id: "userunknown.local-mailer",
        reason: UserUnknown,
        dtypes: &[DiagnosticType::XUnix],
        patterns: &[
            r"\d\.1\.1 (user|mailbox|recipient) (unknown|not found)",
            r"\.\.\. (user|mailbox|recipient) (unknown|not found)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "mailboxfull.status-local",
        reason: MailboxFull,
        // The local delivery agent's own status for a full mailbox: its
        // words are often only the error it met ("input/output error").
        status: masks!["*.2.2"],
        dtypes: &[DiagnosticType::XUnix],
        ..Rule::NEW
    },
    Rule {
        id: "mailererror.local-program",
        reason: MailerError,
        dtypes: &[DiagnosticType::XUnix],
        ..Rule::NEW
    },
    Rule {
        id: "mailererror.delivery-program",
        reason: MailerError,
        patterns: &[
            r"mailer error",
            r"(procmail|maildrop|deliver\w*|pipe to|command|program|mailer)\b.{0,60}(exited with|returned|failed with) (status|code|exit)",
            r"local delivery (program|agent) (failed|error)",
            // Exim names a failed local delivery to a program "pipe to |command".
            r"^pipe to \|",
        ],
        ..Rule::NEW
    },
    // The local delivery agent could not write the mailbox (Sendmail's
    // "Can't create output", a mailer's "Permission denied").
    Rule {
        id: "mailererror.local-delivery-failed",
        reason: MailerError,
        patterns: &[
            r"(can't|cannot|could not|unable to) create output",
            r"(binmail|mail\.local|procmail|maildrop|dovecot-lda|local delivery)\b.{0,60}(permission denied|can't open|cannot open|failed to open)",
        ],
        ..Rule::NEW
    },
    // Sendmail's "Local configuration error": the recipient domain's MX
    // points back at the sending host, so its MX records are wrong.
    Rule {
        id: "mailererror.local-configuration",
        reason: MailerError,
        cause: Some(BadMx),
        patterns: &[r"\.\.\. local configuration error"],
        ..Rule::NEW
    },
    Rule {
        id: "emailtoolarge.limits",
        reason: EmailTooLarge,
        patterns: &[
            r"(message )?length exceeds (the )?administrative limit",
            r"exceeded (the )?(maximum )?number of recipients",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "emailtoolarge.size",
        reason: EmailTooLarge,
        patterns: &[
            r"message (size |length )?(exceeds|is larger than|too (large|big)|over)",
            r"(mail|message|email) (is )?too (large|big)",
            r"size (of (the )?message )?exceeds? (the )?(fixed |maximum |max |allowed |permitted |configured )?(message |size )?(limit|maximum)",
            r"exceeds? (the )?(maximum|max|fixed) (allowed )?(message )?size",
            r"message (size|length) limit",
            r"maximum (allowed )?message size",
            r"larger than (the )?(max|maximum|permitted)",
            r"size limit exceeded",
            r"line limit exceeded",
            r"メールサイズ|サイズが大きすぎ",
            r"nachricht (ist )?zu gro(ß|ss)",
            r"message trop (gros|volumineux)",
            r"mensaje (es )?demasiado grande",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "emailtoolarge.status-system-limit",
        reason: EmailTooLarge,
        status: masks!["*.3.4"],
        ..Rule::NEW
    },
    Rule {
        id: "suspend.disabled-mailbox",
        reason: Suspend,
        patterns: &[
            r"(mail ?box|account|address|user|recipient)( \S+)?( is| has been| was)? (currently )?(disabled|suspended|deactivated|inactive|locked|frozen|closed|expired|on hold)",
            r"(disabled|suspended|inactive|deactivated|closed|locked|frozen) (mail ?box|account|user|recipient|address)",
            r"account (is )?(not active|temporarily (disabled|unavailable))",
            r"(mail ?box|account) (is )?(currently )?(unavailable|not available) (due to|because of) (inactivity|abuse|suspension)",
            r"recipient (is )?(no longer|not) (active|accepting)",
            r"(mail ?box|account|address|user) (is )?no longer (active|in use)",
            r"this account has been (blocked|banned)",
            r"user (account )?(is )?(blocked|banned) (by|from) (the )?(administrator|admin)",
            r"is not accepting (any )?mail",
            r"temporar(il)?y locked",
            r"(account|mailbox|address)( that)? you tried to reach (is|has been) (disabled|suspended|inactive|deactivated)",
            r"mailbox (is )?not (active|enabled)",
            r"アカウントが(停止|無効)|利用停止",
            r"(benutzer)?konto .{0,40}(ist )?(gesperrt|deaktiviert)|postfach .{0,40}(ist )?(gesperrt|deaktiviert)",
            r"compte (est )?(désactivé|suspendu|bloqué)",
            r"cuenta .{0,40}(está )?(desactivada|suspendida|inactiva)",
            r"conta (está )?(desativada|suspensa|inativa)",
            r"account (è |e )?(disattivato|sospeso)",
            r"(учетная запись|аккаунт|ящик) (заблокирован|отключен)",
            r"账(户|号)(已)?(停用|冻结|禁用)",
            r"konto (jest )?(zablokowane|wyłączone)",
            r"account (is )?(opgeschort|gedeactiveerd)",
            r"บัญชี.{0,20}(ถูกระงับ|ปิด)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "suspend.status",
        reason: Suspend,
        status: masks!["*.7.13"],
        ..Rule::NEW
    },
    // "Mailbox unavailable" fits an unknown and a disabled mailbox alike:
    // under X.2.1 (mailbox disabled) it is the second.
    Rule {
        id: "suspend.unavailable-under-x21",
        reason: Suspend,
        status: masks!["*.2.1"],
        patterns: &[r"mailbox (is )?(currently |temporarily )?(unavailable|not available)"],
        ..Rule::NEW
    },
    Rule {
        id: "hasmoved.moved",
        reason: HasMoved,
        patterns: &[
            r"(address|user|recipient|mailbox) (has )?(moved|changed)",
            r"no longer (available|valid) at this address",
            r"new address",
            r"has been moved to",
        ],
        status: masks!["*.1.6", "*.7.17", "*.1.*"],
        ..Rule::NEW
    },
    // The recipient address is malformed: a typo the sender can see. Its
    // words beat a status that says the mailbox moved (X.1.6).
    Rule {
        id: "syntaxerror.recipient-address",
        reason: SyntaxError,
        cause: Some(RecipientTypo),
        patterns: &[
            r"not a valid rfc[- ]?(5321|2821|5322|822) address",
            r"(bad|invalid|illegal|malformed) (recipient |destination |e-?mail )?(address|mailbox)( address| mailbox)? syntax",
            r"(recipient|destination|rcpt to) (address )?syntax (error|invalid)",
            r"syntax error in (the )?(recipient|address)",
            r"(recipient )?address(es)? in single[- ]label domains",
            r"expected user@domain",
            r"(recipient|address) (is )?(malformed|syntactically invalid)",
            r"(ungültige|fehlerhafte) (empfänger-?)?adress-?syntax|syntax (der|in der) (empfänger)?adresse",
            r"syntaxe (de l'adresse|d'adresse|du destinataire) (invalide|incorrecte)|adresse (du destinataire )?mal formée",
            r"sintaxis (de (la )?dirección|del destinatario) (no válida|inválida|incorrecta)|dirección mal formada",
            r"sintaxe (do endereço|de endereço|do destinatário) (inválida|incorreta)|endereço mal formado",
            r"sintassi (dell'indirizzo|del destinatario) (non valida|errata)|indirizzo malformato",
            r"(неверный|некорректный) (формат|синтаксис) адреса",
            r"(地址|邮箱地址|收件人地址)(格式|语法)(错误|不正确|无效)",
            r"(アドレス|宛先)の?(形式|書式)が?(不正|正しくありません|誤り)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "hasmoved.status",
        reason: HasMoved,
        // X.1.6 destination mailbox has moved; X.7.17 mailbox owner and X.7.18
        // domain owner have changed (RFC 7293).
        status: masks!["*.1.6", "*.7.17", "*.7.18"],
        ..Rule::NEW
    },
    // The address has moved and the notice says where, in the languages
    // servers write.
    Rule {
        id: "hasmoved.moved-to",
        reason: HasMoved,
        patterns: &[
            r"(user|recipient|mailbox|address|account|addressee) (has )?moved to",
            // RFC 5321's 551: "User not local; please try <forward-path>".
            r"not local[;,.]? (please )?try <?[^\s@<>]+@",
            r"(new|forwarding) (e-?mail )?address (is|will be)",
            r"(ist umgezogen|neue (e-?mail-)?adresse (ist|lautet))",
            r"(a déménagé|nouvelle adresse (est|:))",
            r"(se ha mudado|nueva dirección (es|:))",
            r"(mudou-se|novo endereço (é|:))",
            r"(si è trasferit[oa]|nuovo indirizzo (è|:))",
            r"(переехал|новый адрес)",
            r"(新地址(是|为|：)|已迁移至)",
            r"(新しいアドレス|移転しました)",
        ],
        ..Rule::NEW
    },
    // A relay refusal that asks the sender to log in: the sender's own
    // server wants SMTP authentication.
    Rule {
        id: "norelaying.relay-needs-auth",
        reason: NoRelaying,
        cause: Some(Smtp550Cause::AuthFailure),
        patterns: &[
            r"relay\w* .{0,40}without (smtp )?authenticat",
            r"authenticat\w* (is )?(required|needed|necessary) (for|to|before) relay",
            r"(must|need to|please) (authenticate|log ?in|use smtp auth) (to|before|for) relay",
            r"relay\w* (requires|needs) (smtp )?auth",
            r"relay\w* .{0,80}(invalid|wrong|bad|missing) credentials",
            // Sendmail's own relay check: no login, and no trusted name.
            r"relaying denied\. (ip name lookup failed|proper authentication required)",
        ],
        ..Rule::NEW
    },
    // The sending server takes mail only from its own users: a sender that
    // is not logged in (or not local) may not send through it.
    Rule {
        id: "rejected.local-senders-only",
        reason: Rejected,
        cause: Some(Smtp550Cause::AuthFailure),
        patterns: &[
            r"\blocal (users?|senders?) only",
            r"only (for )?local (users?|senders?)",
            r"(sender|user) (is )?not (a )?local (user|sender)",
        ],
        ..Rule::NEW
    },
    // Relaying refused by the server that answered for the recipient's
    // domain: that server does not take mail for the domain it is MX for
    // (the article's eighth cause). When it is the sender's own relay that
    // refuses, logging in is the fix; the rule above takes the notices that
    // say so.
    Rule {
        id: "norelaying.relay-denied",
        reason: NoRelaying,
        patterns: &[
            r"relay(ing)? (access )?(denied|not permitted|prohibited|not allowed|refused|disallowed)",
            r"(we do not|do not|does not|cannot|can't|not allowed to) relay",
            r"unable to relay",
            r"not (a )?(local|valid) (domain|host)( for relay)?",
            r"relaying mail to .* is not allowed",
            r"no relaying",
            r"not our customer",
            r"domain isn't in my list of allowed rcpthosts",
            r"not permitted to relay",
            r"relay not permitted",
            r"insecure mail relay",
            r"mx (records? )?(do|does|did) ?(not|n't) point to (us|this (server|host)|me)",
            r"\b(i|we) (cannot|can't|can not|do not|don't) (deliver|accept|handle) mail for",
            r"delivery (is )?not (allowed|permitted) (to|for) this (address|domain|recipient)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "norelaying.relay-families",
        reason: NoRelaying,
        patterns: &[
            r"(use|using) (me|this (server|host|system)) .{0,60}as a relay",
            r"not (configured|allowed|permitted) to (relay|accept mail) for",
            r"(not|isn't) in my list of allowed (rcpt)?hosts",
            r"relay (operation|attempt|request) (rejected|refused|denied)",
            r"unauthori[sz]ed relay",
            r"(relaying|relay) (ist )?(nicht (erlaubt|gestattet)|verweigert)",
            r"relais (refusé|interdit|non autorisé)",
            r"(relay|retransmisión|reenvío) (no permitido|denegado|no autorizado)",
            r"(relay|retransmissão) (não permitid[oa]|negad[oa]|não autorizad[oa])",
            r"(relay|inoltro) (non (consentito|permesso|autorizzato)|negato)",
            r"(ретрансляци\w*|релей\w*|пересылк\w*) .{0,10}(запрещен|не разрешен)",
            r"(不允许|禁止|拒绝)(中继|转发|中繼|轉發)|(中继|转发)(被拒绝|不允许)",
            r"(中継|リレー)(は)?(拒否|禁止|許可されていません)",
        ],
        ..Rule::NEW
    },
    // After the relay rules: "Relay access denied" is no unknown user.
    Rule {
        id: "userunknown.microsoft-recipient-rejected",
        reason: UserUnknown,
        status: masks!["5.4.1"],
        patterns: &[
            r"recipient address rejected: access denied",
            r"access denied",
            r"recipient (address )?rejected",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "authfailure.spf-dkim-dmarc",
        reason: AuthFailure,
        patterns: &[
            r"\bspf\b.{0,40}(fail|check|not (pass|allow|authori))",
            r"(fail(ed|s)?|violat\w*|did not pass) .{0,30}\bspf\b",
            r"\bdkim\b.{0,40}(fail|invalid|did not|required)",
            r"(fail(ed|s)?|not pass) .{0,30}\bdkim\b",
            r"\bdmarc\b.{0,60}(fail|policy|reject|not pass)",
            r"(fail(ed|s)?|not pass) .{0,30}\bdmarc\b",
            r"sender (is )?not authori[sz]ed",
            r"not (an )?authori[sz]ed (sender|to send)",
            r"does not have authentication information",
            r"sender (id|domain) (check )?(fail|unauthenticated)",
            r"sender policy framework",
            r"not allowed to send .{0,80}\bspf\b",
            r"per (its|it's|their|the) spf (record|policy)",
            r"does not pass (spf|dkim|dmarc)",
            r"sender authentication",
            r"authentication check(s)? fail",
        ],
        ..Rule::NEW
    },
    // A refusal that names SPF, DKIM or DMARC with its policy or verdict.
    Rule {
        id: "authfailure.spf-dkim-dmarc-policy",
        reason: AuthFailure,
        patterns: &[
            r"\b(spf|dkim|dmarc)\b.{0,30}\b(polic(y|ies)|hard ?fail|soft ?fail|invalid|violation|not (valid|permitted))",
            r"(due to|per|by|violates|against|fails?|failed) (the |its |their |this |(the )?sender's |(the )?domain's )?(spf|dkim|dmarc)\b",
        ],
        ..Rule::NEW
    },
    // Sendmail's access database refusing an address ("550 5.7.1
    // <a@b>... Access denied", an access map's REJECT): the site does not
    // allow this sender. Bare "access denied" stays with the sender rules.
    Rule {
        id: "securityerror.sendmail-access-map",
        reason: SecurityError,
        first_fix: Some(Advice::AskAccessListEntry),
        patterns: &[r"[^\s<>@]+@[^\s<>@]+>?\.\.\. ?access denied"],
        ..Rule::NEW
    },
    Rule {
        id: "securityerror.smtp-auth",
        reason: SecurityError,
        patterns: &[
            r"smtp auth(entication)? (is )?(required|failed)",
            r"authentication (is )?required",
            r"must (be )?authenticate",
            r"authentication (failed|unsuccessful|credentials invalid)",
            r"(username|user name) and password not accepted",
            r"invalid (login|credentials)",
            r"please use smtp auth",
            r"(client|sender|user|session) (was |is )?not authenticated",
            r"auth(entication)? (error|failure|fail)s? (limit|count|threshold)",
            r"too many (failed |invalid |bad )?(auth(entication)?|login|logon) (attempts|failures|errors)",
            r"(cannot|could not|couldn't|unable to) (achieve|complete|perform|establish) .{0,30}authentication",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "rejected.sender-address",
        reason: Rejected,
        patterns: &[
            r"sender address (rejected|refused|denied|invalid|unknown)",
            r"sender verif(y|ication) failed",
            r"(to/from|from) an address that has been (blacklisted|blocked)",
            r"domain of sender address .{0,120} does not (exist|resolve)",
            r"sender (address |domain )?(does not|doesn't) (exist|resolve)",
            r"\bfrom:? (address |domain )?(is )?invalid|provide a valid from",
            r"(invalid|unknown|unverifiable|bad) (sender|envelope sender|return[ -]path) (address|domain)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "rejected.sender-status",
        reason: Rejected,
        status: masks!["*.1.7", "*.1.8"],
        ..Rule::NEW
    },
    // Under X.1.3 (bad destination mailbox address syntax), "invalid
    // address" is about its form, not whether the mailbox exists.
    Rule {
        id: "syntaxerror.invalid-address-x13",
        reason: SyntaxError,
        cause: Some(RecipientTypo),
        status: masks!["*.1.3"],
        patterns: &[
            r"invalid (recipient |e-?mail )?address|address (is )?invalid|invalid recipient",
        ],
        ..Rule::NEW
    },
    // No route to the recipient's domain (Exim's router found none): the
    // domain does not resolve or has no mail exchanger.
    Rule {
        id: "hostunknown.unrouteable",
        reason: HostUnknown,
        patterns: &[
            r"unrout(e)?able (address|domain|mail domain)",
            r"no (valid |usable )?mx (hosts?|servers?) (found|for|available)",
            r"nomxhostfound",
            r"(domain|host) (name )?(couldn't|could not|can't|cannot) be (found|resolved)",
        ],
        ..Rule::NEW
    },
    // Phrases only a directory lookup of the recipient writes: unambiguous
    // whatever the command or status.
    Rule {
        id: "userunknown.directory-lookup",
        reason: UserUnknown,
        patterns: &[
            r"not listed in (the )?(domino directory|public name (&|and) address book|address book|directory)",
            r"recipientnotfound|recipient not found by smtp address lookup",
            r"(user|recipient) doesn't have an? \S+ account",
            r"no mailbox here by that name",
            r"recipient name is not recognized",
            r"the address couldn't be found|the address could not be found",
        ],
        ..Rule::NEW
    },
    // Symantec Email Security.cloud (MessageLabs) refuses a recipient with
    // reply 542: "542 <address> Rejected".
    Rule {
        id: "userunknown.symantec-542-rejected",
        reason: UserUnknown,
        reply: &[542],
        patterns: &[r"[^\s@]+@[^\s@>]+>?\.{0,3} rejected"],
        ..Rule::NEW
    },
    // "No valid recipients" answers DATA after every RCPT was refused: it
    // reports the recipients' refusal, so the command does not make it a
    // content filter's.
    Rule {
        id: "userunknown.no-valid-recipients",
        reason: UserUnknown,
        patterns: &[r"no valid recipients"],
        ..Rule::NEW
    },
    // The address is not registered (here): a directory's answer, in the
    // languages servers write. Not at MAIL FROM, where it is the sender's.
    Rule {
        id: "userunknown.not-registered",
        reason: UserUnknown,
        commands: &[
            Command::Rcpt,
            Command::Data,
            Command::Bdat,
            Command::Unknown,
        ],
        patterns: &[
            r"no (such )?(account|mailbox|user) (exists|is registered|registered) (here )?(for|with|under)",
            r"(is|are) not (a )?registered (user|recipient|address|mailbox|account)",
            r"(user|address|recipient|mailbox|account) (is )?not registered",
            r"(benutzer|adresse|empfänger|postfach|konto).{0,30}nicht registriert",
            r"(utilisateur|adresse|destinataire|compte).{0,30}n'est pas (enregistrée?|inscrite?)",
            r"(usuario|dirección|destinatario|cuenta).{0,30}no (está )?registrad[oa]",
            r"(usuário|endereço|destinatário|conta).{0,30}não (está )?(registrad[oa]|cadastrad[oa])",
            r"(utente|indirizzo|destinatario|account).{0,30}non (è )?registrat[oa]",
            r"(пользовател|адрес|получател|ящик).{0,30}не зарегистрирован",
            r"(用户|用戶|地址|收件人|邮箱|账号|帐号).{0,10}(未注册|未註冊|没有注册)",
            r"(ユーザ|アドレス|宛先|アカウント).{0,20}登録されていません",
        ],
        ..Rule::NEW
    },
    // The recipient's domain, not its user, does not exist: before the
    // user-unknown phrases, whose "recipient ... does not exist" it matches.
    Rule {
        id: "hostunknown.recipient-domain",
        reason: HostUnknown,
        patterns: &[
            r"(recipient|destination|recipient's|target|receiving) domain( name)?( [a-z0-9-]+(\.[a-z0-9-]+)+)? ((does not|doesn't|did not) exist|(is |was )?(not found|unknown|invalid|unresolvable|not resolvable)|has no (mx|dns|a|address))",
            // Other languages: "não existe" alone is a user-unknown phrase.
            r"(domínio|dominio|domaine|domäne|domain|домен|域名|ドメイン)( de destino| del destinatario| du destinataire| do destinatário)?( [a-z0-9-]+(\.[a-z0-9-]+)+)? ?(não existe|non esiste|no existe|n'existe pas|est inexistant|inexistente|inesistente|existiert nicht|не существует|不存在|が存在しません|は存在しません)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "userunknown.no-such-user",
        reason: UserUnknown,
        patterns: USER_UNKNOWN,
        status: masks![
            "*.1.1", "*.1.0", "*.1.3", "*.1.4", "*.1.5", "*.1.9", "*.1.351",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "userunknown.no-such-user-at-rcpt",
        reason: UserUnknown,
        patterns: USER_UNKNOWN,
        commands: &[Command::Rcpt],
        ..Rule::NEW
    },
    Rule {
        id: "filtered.no-such-user-after-rcpt",
        reason: Filtered,
        cause: Some(NonexistentMailbox),
        patterns: USER_UNKNOWN,
        commands: &[Command::Data, Command::Bdat, Command::Unknown],
        ..Rule::NEW
    },
    // Spamhaus (ZEN, SBL, XBL, PBL, DBL).
    Rule {
        id: "blocked.dnsbl-spamhaus",
        reason: Blocked,
        patterns: &[r"spamhaus", r"\b(zen|sbl|xbl|pbl|dbl)\.spamhaus"],
        ..Rule::NEW
    },
    // Barracuda Reputation Block List.
    Rule {
        id: "blocked.dnsbl-barracuda",
        reason: Blocked,
        patterns: &[
            r"barracuda ?(central|reputation|rbl)",
            r"b\.barracudacentral\.org",
            r"barracudanetworks\.com/reputation",
        ],
        ..Rule::NEW
    },
    // SpamCop.
    Rule {
        id: "blocked.dnsbl-spamcop",
        reason: Blocked,
        patterns: &[r"spamcop"],
        ..Rule::NEW
    },
    // SORBS.
    Rule {
        id: "blocked.dnsbl-sorbs",
        reason: Blocked,
        patterns: &[r"\bsorbs\b", r"dnsbl\.sorbs\.net"],
        ..Rule::NEW
    },
    // UCEPROTECT.
    Rule {
        id: "blocked.dnsbl-uceprotect",
        reason: Blocked,
        patterns: &[r"uceprotect"],
        ..Rule::NEW
    },
    // the Composite Blocking List (Abusix / abuseat).
    Rule {
        id: "blocked.dnsbl-cbl",
        reason: Blocked,
        patterns: &[
            r"\bcbl\.abuseat\.org",
            r"abuseat\.org",
            r"composite blocking list",
            r"abusix",
        ],
        ..Rule::NEW
    },
    // Microsoft's own block list (S3140/S3150, 5.7.606-649).
    Rule {
        id: "blocked.dnsbl-microsoft",
        reason: Blocked,
        patterns: &[
            r"\bs3(1[0-9]{2})\b.{0,80}block list",
            r"part of their network is on our block list",
        ],
        ..Rule::NEW
    },
    // Cloudmark Sender Intelligence.
    Rule {
        id: "blocked.dnsbl-cloudmark",
        reason: Blocked,
        patterns: &[r"cloudmark", r"\bcsi\.cloudmark"],
        ..Rule::NEW
    },
    // Proofpoint's reputation service.
    Rule {
        id: "blocked.dnsbl-proofpoint",
        reason: Blocked,
        patterns: &[
            r"ipcheck\.proofpoint\.com",
            r"proofpoint.{0,60}(block|reputation|dnsbl|listed)",
            r"(blocked|listed|refused|rejected).{0,80}proofpoint",
        ],
        ..Rule::NEW
    },
];
