//! Structured mutations of real-shaped bounces through `classify` (issue 4),
//! on the stable toolchain, in the debug profile `cargo test` uses.
//!
//! The seeds are every `fixtures/**/*.eml` plus the synthetic bounces below
//! (so the test has work even with no fixtures). Each seed is cut at many
//! points, has its line ends rewritten, its boundaries and charsets lied
//! about, and then takes thousands of random stacks of one to three
//! mutations from a seeded PRNG: byte flips, token insertions, range
//! deletions and copies, boundary corruption and removal, header
//! duplication, folding, content-type and transfer-encoding lies, nested
//! multipart insertion, splices of another seed, long lines.
//!
//! Every result must be a report or an `Error` other than `Error::Internal`
//! (which means `classify` caught a panic), and every report must hold the
//! invariants: recipients within the limit and shaped like addresses,
//! diagnostics within the limit, an equal report after a JSON round trip.
//! One input in eight also runs under tiny limits.
//!
//! The run is deterministic. `MUTATIONS=<n>` changes the number of random
//! stacks (default 12,000, spread over all seeds); `MUTATION_SEED=<n>`
//! changes the PRNG seed. A failing input is written to the temp directory
//! and its path printed, with the mutations that made it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

mod common;
use common::looks_like_address;

use bounce_cause::{Classifier, Error, Limits, Report};

// ---------------------------------------------------------------------------
// A tiny PRNG (SplitMix64): deterministic, no dependency.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------
// Seeds.

/// Synthetic bounces in the main shapes, written for this test.
const SYNTHETIC: &[(&str, &str)] = &[
    (
        "synthetic/postfix-report",
        "Return-Path: <>\r\n\
Received: by mx.example.net (Postfix) id 4ABC; Mon, 2 Mar 2026 10:00:00 +0000 (UTC)\r\n\
From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\r\n\
To: sender@example.org\r\n\
Subject: Undelivered Mail Returned to Sender\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/report; report-type=delivery-status;\r\n\
\tboundary=\"4ABC.1772445600/mx.example.net\"\r\n\
\r\n\
This is a MIME-encapsulated message.\r\n\
\r\n\
--4ABC.1772445600/mx.example.net\r\n\
Content-Description: Notification\r\n\
Content-Type: text/plain; charset=us-ascii\r\n\
\r\n\
This is the mail system at host mx.example.net.\r\n\
\r\n\
I'm sorry to have to inform you that your message could not\r\n\
be delivered to one or more recipients.\r\n\
\r\n\
<ann@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1\r\n\
    <ann@example.com>: Recipient address rejected: User unknown (in reply to\r\n\
    RCPT TO command)\r\n\
\r\n\
<bob@example.com>: host mx.example.com[192.0.2.1] said: 452 4.2.2 Mailbox\r\n\
    full (in reply to RCPT TO command)\r\n\
\r\n\
--4ABC.1772445600/mx.example.net\r\n\
Content-Description: Delivery report\r\n\
Content-Type: message/delivery-status\r\n\
\r\n\
Reporting-MTA: dns; mx.example.net\r\n\
X-Postfix-Queue-ID: 4ABC\r\n\
Arrival-Date: Mon,  2 Mar 2026 09:59:58 +0000 (UTC)\r\n\
\r\n\
Final-Recipient: rfc822; ann@example.com\r\n\
Original-Recipient: rfc822;ann@example.com\r\n\
Action: failed\r\n\
Status: 5.1.1\r\n\
Remote-MTA: dns; mx.example.com\r\n\
Diagnostic-Code: smtp; 550 5.1.1 <ann@example.com>: Recipient address rejected:\r\n\
    User unknown\r\n\
\r\n\
Final-Recipient: rfc822; bob@example.com\r\n\
Action: delayed\r\n\
Status: 4.2.2\r\n\
Diagnostic-Code: smtp; 452 4.2.2 Mailbox full\r\n\
\r\n\
--4ABC.1772445600/mx.example.net\r\n\
Content-Description: Undelivered Message Headers\r\n\
Content-Type: text/rfc822-headers\r\n\
\r\n\
From: sender@example.org\r\n\
To: ann@example.com, bob@example.com\r\n\
Subject: quarterly numbers\r\n\
Message-ID: <q1@example.org>\r\n\
\r\n\
--4ABC.1772445600/mx.example.net--\r\n",
    ),
    (
        "synthetic/exim-inline",
        "From: Mail Delivery System <Mailer-Daemon@mx.example.net>\n\
To: sender@example.org\n\
Subject: Mail delivery failed: returning message to sender\n\
X-Failed-Recipients: carol@example.com\n\
Auto-Submitted: auto-replied\n\
\n\
This message was created automatically by mail delivery software.\n\
\n\
A message that you sent could not be delivered to one or more of its\n\
recipients. This is a permanent error. The following address(es) failed:\n\
\n\
  carol@example.com\n\
    host mx.example.com [192.0.2.7]\n\
    SMTP error from remote mail server after RCPT TO:<carol@example.com>:\n\
    550 5.7.1 Service unavailable; client [198.51.100.4] blocked using zen.spamhaus.org\n\
\n\
------ This is a copy of the message, including all the headers. ------\n\
\n\
Return-path: <sender@example.org>\n\
From: sender@example.org\n\
To: carol@example.com\n\
Subject: hello\n\
Message-Id: <e1@example.org>\n\
\n\
hello\n",
    ),
    (
        "synthetic/qmail",
        "From: MAILER-DAEMON@mx.example.org\r\n\
To: sender@example.org\r\n\
Subject: failure notice\r\n\
\r\n\
Hi. This is the qmail-send program at mx.example.org.\r\n\
I'm afraid I wasn't able to deliver your message to the following addresses.\r\n\
This is a permanent error; I've given up. Sorry it didn't work out.\r\n\
\r\n\
<dave@example.com>:\r\n\
192.0.2.25 does not like recipient.\r\n\
Remote host said: 550 5.2.1 This mailbox has been disabled\r\n\
Giving up on 192.0.2.25.\r\n\
\r\n\
<erin@exampel.com>:\r\n\
Sorry, I couldn't find any host named exampel.com. (#5.1.2)\r\n\
\r\n\
--- Below this line is a copy of the message.\r\n\
\r\n\
Return-Path: <sender@example.org>\r\n\
Subject: hi\r\n\
\r\n\
hi\r\n",
    ),
    (
        "synthetic/sendmail-returned-message",
        "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>\r\n\
To: <sender@example.org>\r\n\
Subject: Returned mail: see transcript for details\r\n\
Auto-Submitted: auto-generated (failure)\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"k2AB.1/mx\"\r\n\
\r\n\
--k2AB.1/mx\r\n\
\r\n\
The original message was received at Mon, 2 Mar 2026 10:00:00 GMT\r\n\
\r\n\
   ----- The following addresses had permanent fatal errors -----\r\n\
<frank@example.com>\r\n\
    (reason: 550 5.7.26 Unauthenticated email is not accepted)\r\n\
\r\n\
   ----- Transcript of session follows -----\r\n\
... while talking to mx.example.com.:\r\n\
>>> DATA\r\n\
<<< 550 5.7.26 Unauthenticated email is not accepted from this domain\r\n\
554 5.0.0 Service unavailable\r\n\
\r\n\
--k2AB.1/mx\r\n\
Content-Type: message/delivery-status\r\n\
\r\n\
Reporting-MTA: dns; mx.example.com\r\n\
Received-From-MTA: DNS; client.example.org\r\n\
\r\n\
Final-Recipient: RFC822; frank@example.com\r\n\
Action: failed\r\n\
Status: 5.7.26\r\n\
Remote-MTA: DNS; mx.example.com\r\n\
Diagnostic-Code: SMTP; 550 5.7.26 Unauthenticated email is not accepted\r\n\
Last-Attempt-Date: Mon, 2 Mar 2026 10:00:01 GMT\r\n\
\r\n\
--k2AB.1/mx\r\n\
Content-Type: message/rfc822\r\n\
\r\n\
From: sender@example.org\r\n\
To: frank@example.com\r\n\
Subject: =?UTF-8?B?w6l0w6k=?=\r\n\
Message-ID: <s1@example.org>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"inner\"\r\n\
\r\n\
--inner\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
caf=C3=A9 =\r\n\
soon\r\n\
--inner\r\n\
Content-Type: application/pdf; name=\"a.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFI+PgpzdHJlYW0K\r\n\
--inner--\r\n\
\r\n\
--k2AB.1/mx--\r\n",
    ),
    (
        "synthetic/gmail-html-qp",
        "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\r\n\
To: sender@example.org\r\n\
Subject: Delivery Status Notification (Failure)\r\n\
X-Gm-Message-State: AOJu0Yz\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/report; boundary=\"000alt\"; report-type=delivery-status\r\n\
\r\n\
--000alt\r\n\
Content-Type: multipart/related; boundary=\"000rel\"\r\n\
\r\n\
--000rel\r\n\
Content-Type: multipart/alternative; boundary=\"000txt\"\r\n\
\r\n\
--000txt\r\n\
Content-Type: text/plain; charset=\"UTF-8\"\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
** Address not found **\r\n\
\r\n\
Your message wasn't delivered to grace@gmial.com because the address couldn=\r\n\
't be found, or is unable to receive mail.\r\n\
\r\n\
The response from the remote server was:\r\n\
550 5.1.1 The email account that you tried to reach does not exist.\r\n\
--000txt\r\n\
Content-Type: text/html; charset=\"UTF-8\"\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
<html><body><p>Address not found</p><p>grace@gmial.com</p>=\r\n\
<p>550 5.1.1 does not exist</p></body></html>\r\n\
--000txt--\r\n\
--000rel--\r\n\
--000alt\r\n\
Content-Type: message/delivery-status\r\n\
\r\n\
Reporting-MTA: dns; googlemail.com\r\n\
\r\n\
Final-Recipient: rfc822; grace@gmial.com\r\n\
Action: failed\r\n\
Status: 5.1.1\r\n\
Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach\r\n\
 does not exist.\r\n\
\r\n\
--000alt--\r\n",
    ),
    (
        "synthetic/exchange-base64",
        "From: postmaster@outlook.example.com\r\n\
To: sender@example.org\r\n\
Subject: Undeliverable: meeting\r\n\
X-MS-Exchange-Message-Is-Ndr:\r\n\
Content-Language: en-US\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/report; report-type=delivery-status;\r\n\
\tboundary=\"_000_NDR_\"\r\n\
\r\n\
--_000_NDR_\r\n\
Content-Type: text/plain; charset=\"utf-8\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
WW91ciBtZXNzYWdlIHRvIGhlaWRpQGV4YW1wbGUuY29tIGNvdWxkbid0IGJlIGRlbGl2ZXJlZC4K\r\n\
NTUwIDUuNC4xIFJlY2lwaWVudCBhZGRyZXNzIHJlamVjdGVkOiBBY2Nlc3MgZGVuaWVkLgo=\r\n\
\r\n\
--_000_NDR_\r\n\
Content-Type: message/delivery-status\r\n\
\r\n\
Reporting-MTA: dns;AM0PR01MB0001.eurprd01.prod.example.com\r\n\
Received-From-MTA: dns;AM0PR01MB0002.eurprd01.prod.example.com\r\n\
Arrival-Date: Mon, 2 Mar 2026 10:00:00 +0000\r\n\
\r\n\
Final-Recipient: rfc822;heidi@example.com\r\n\
Action: failed\r\n\
Status: 5.4.1\r\n\
Diagnostic-Code: smtp;550 5.4.1 Recipient address rejected: Access denied.\r\n\
 AS(201806281) [AM0PR01MB0001.eurprd01.prod.example.com]\r\n\
X-Display-Name: Heidi\r\n\
\r\n\
--_000_NDR_\r\n\
Content-Type: message/rfc822\r\n\
\r\n\
From: sender@example.org\r\n\
To: heidi@example.com\r\n\
Subject: meeting\r\n\
\r\n\
see you\r\n\
--_000_NDR_--\r\n",
    ),
    (
        "synthetic/arf",
        "From: feedback@fbl.example.net\r\n\
To: abuse@example.org\r\n\
Subject: FW: report\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/report; report-type=feedback-report; boundary=\"arf\"\r\n\
\r\n\
--arf\r\n\
Content-Type: text/plain\r\n\
\r\n\
This is an email abuse report for an email message received from IP 192.0.2.9.\r\n\
--arf\r\n\
Content-Type: message/feedback-report\r\n\
\r\n\
Feedback-Type: abuse\r\n\
User-Agent: SomeGenerator/1.0\r\n\
Version: 1\r\n\
Original-Mail-From: <sender@example.org>\r\n\
Original-Rcpt-To: <ivan@example.net>\r\n\
Source-IP: 192.0.2.9\r\n\
Reported-Domain: example.org\r\n\
\r\n\
--arf\r\n\
Content-Type: message/rfc822\r\n\
\r\n\
From: sender@example.org\r\n\
To: ivan@example.net\r\n\
Subject: offer\r\n\
Message-ID: <a1@example.org>\r\n\
\r\n\
buy\r\n\
--arf--\r\n",
    ),
    (
        "synthetic/auto-reply",
        "From: Judy <judy@example.com>\r\n\
To: sender@example.org\r\n\
Subject: Automatic reply: hello\r\n\
Auto-Submitted: auto-replied\r\n\
X-Auto-Response-Suppress: All\r\n\
\r\n\
I am out of the office until Monday.\r\n",
    ),
    (
        "synthetic/iso-2022-jp",
        "From: MAILER-DAEMON@mx.example.jp\r\n\
To: sender@example.org\r\n\
Subject: =?ISO-2022-JP?B?GyRCJWEhPCVrJE5HWyQsPDpHVCQ3JF4kNyQ/GyhC?=\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=ISO-2022-JP\r\n\
Content-Transfer-Encoding: 7bit\r\n\
\r\n\
\x1b$B%a!<%k$NG[?.$K<:GT$7$^$7$?\x1b(B\r\n\
\r\n\
<kenji@example.jp>: 550 5.1.1 <kenji@example.jp>... User unknown\r\n",
    ),
    (
        "synthetic/global-dsn",
        "From: MAILER-DAEMON@mx.example.net\r\n\
To: sender@example.org\r\n\
Subject: Undelivered Mail Returned to Sender\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/report; report-type=global-delivery-status; boundary=\"g\"\r\n\
\r\n\
--g\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: 8bit\r\n\
\r\n\
Ваше сообщение не доставлено.\r\n\
--g\r\n\
Content-Type: message/global-delivery-status\r\n\
\r\n\
Reporting-MTA: dns; mx.example.net\r\n\
\r\n\
Final-Recipient: utf-8; пользователь@пример.рф\r\n\
Original-Recipient: utf-8; пользователь@пример.рф\r\n\
Action: failed\r\n\
Status: 5.2.2\r\n\
Diagnostic-Code: smtp; 552 5.2.2 Mailbox full / Почтовый ящик переполнен\r\n\
\r\n\
--g\r\n\
Content-Type: message/global-headers\r\n\
\r\n\
From: sender@example.org\r\n\
To: пользователь@пример.рф\r\n\
Subject: привет\r\n\
\r\n\
--g--\r\n",
    ),
    (
        "synthetic/delayed",
        "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\r\n\
To: sender@example.org\r\n\
Subject: Delayed Mail (still being retried)\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"d\"\r\n\
\r\n\
--d\r\n\
Content-Type: text/plain\r\n\
\r\n\
This is the mail system at host mx.example.net.\r\n\
####################################################################\r\n\
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\r\n\
####################################################################\r\n\
\r\n\
<mallory@example.com>: connect to mx.example.com[192.0.2.3]:25: Connection timed out\r\n\
--d\r\n\
Content-Type: message/delivery-status\r\n\
\r\n\
Reporting-MTA: dns; mx.example.net\r\n\
\r\n\
Final-Recipient: rfc822; mallory@example.com\r\n\
Action: delayed\r\n\
Status: 4.4.1\r\n\
Diagnostic-Code: X-Postfix; connect to mx.example.com[192.0.2.3]:25: Connection\r\n\
    timed out\r\n\
Will-Retry-Until: Thu, 5 Mar 2026 10:00:00 +0000 (UTC)\r\n\
--d--\r\n",
    ),
    (
        "synthetic/ses-json",
        "From: no-reply@sns.amazonaws.com\r\n\
To: sender@example.org\r\n\
Subject: AWS Notification Message\r\n\
x-amz-sns-message-id: 0f1e2d3c\r\n\
Content-Type: text/plain; charset=UTF-8\r\n\
\r\n\
{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\",\"bounceSubType\":\"General\",\r\n\
 \"bouncedRecipients\":[{\"emailAddress\":\"niaj@example.com\",\"action\":\"failed\",\"status\":\"5.1.1\",\r\n\
 \"diagnosticCode\":\"smtp; 550 5.1.1 user unknown\"}],\"reportingMTA\":\"dsn; a1-2.smtp-out.amazonses.com\"},\r\n\
 \"mail\":{\"source\":\"sender@example.org\",\"destination\":[\"niaj@example.com\"]}}\r\n",
    ),
];

struct Seed {
    name: String,
    bytes: Vec<u8>,
}

fn fixture_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            // The real-MTA cases have the families' shapes; tests/realmta.rs
            // checks them.
            if p.ends_with("fixtures/realmta") {
                continue;
            }
            fixture_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "eml") {
            out.push(p);
        }
    }
}

fn seeds() -> Vec<Seed> {
    let mut out: Vec<Seed> = SYNTHETIC
        .iter()
        .map(|(name, text)| Seed {
            name: (*name).to_string(),
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = Vec::new();
    fixture_files(&root, &mut files);
    for f in files {
        let bytes = std::fs::read(&f).expect("read fixture");
        let name = f.strip_prefix(&root).unwrap_or(&f).display().to_string();
        out.push(Seed { name, bytes });
    }
    out
}

// ---------------------------------------------------------------------------
// Helpers on bytes.

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_all(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = hay.get(from..).and_then(|h| find(h, needle)) {
        out.push(from + i);
        from += i + needle.len().max(1);
    }
    out
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return Vec::new();
    }
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| w.eq_ignore_ascii_case(needle))
        .map(|(i, _)| i)
        .collect()
}

fn replace_all(hay: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hay.len());
    let mut i = 0;
    for at in find_all(hay, from) {
        out.extend_from_slice(&hay[i..at]);
        out.extend_from_slice(to);
        i = at + from.len();
    }
    out.extend_from_slice(&hay[i..]);
    out
}

/// Start offsets of every line.
fn line_starts(b: &[u8]) -> Vec<usize> {
    let mut v = vec![0];
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' && i + 1 < b.len() {
            v.push(i + 1);
        }
    }
    v
}

/// The line (without its end) starting at `start`, and the offset past its end.
fn line_at(b: &[u8], start: usize) -> (&[u8], usize) {
    let rest = &b[start..];
    match rest.iter().position(|&c| c == b'\n') {
        Some(i) => (&rest[..i], start + i + 1),
        None => (rest, b.len()),
    }
}

/// The boundaries the message declares (`boundary="x"` or `boundary=x`).
fn boundaries(b: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for at in find_ci(b, b"boundary=") {
        let rest = &b[at + 9..];
        let value: Vec<u8> = if let Some(q) = rest.strip_prefix(b"\"") {
            q.iter()
                .take_while(|&&c| c != b'"' && c != b'\n')
                .copied()
                .collect()
        } else {
            rest.iter()
                .take_while(|&&c| !matches!(c, b';' | b'\r' | b'\n' | b' ' | b'\t'))
                .copied()
                .collect()
        };
        if !value.is_empty() && !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

/// Offsets of header-looking lines (`Name: value`).
fn header_lines(b: &[u8]) -> Vec<usize> {
    line_starts(b)
        .into_iter()
        .filter(|&s| {
            let (line, _) = line_at(b, s);
            let name_len = line
                .iter()
                .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'-')
                .count();
            name_len > 0 && line.get(name_len) == Some(&b':')
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Mutations. Each returns a short description of what it did.

const TOKENS: &[&[u8]] = &[
    b"\r\n",
    b"\n\n",
    b"\r\n\r\n",
    b"\r",
    b"\0",
    b"\xFF",
    b"\xC3",
    b"\xE3\x81",
    b"--",
    b"--\r\n",
    b":",
    b";",
    b"=",
    b"\"",
    b"<",
    b">",
    b"@",
    b" ",
    b"\t",
    b"(",
    b"\\",
    b"=?",
    b"?=",
    b"=?utf-8?b?",
    b"=?iso-2022-jp?q?=1B$B",
    b"=?x-unknown?x?abc?=",
    b"\x1b$B",
    b"\x1b(B",
    b"=\r\n",
    b"=F",
    b"5.1.1",
    b"550 ",
    b"5.7.",
    b"4.",
    b"@example.com",
    b"<a@b.example>:",
    b"\"a..b c\"@",
    b"\x11",
    b"rfc822; ",
    b"boundary=",
    b"boundary=\"\"",
    b"Final-Recipient: rfc822; x@example.com\r\n",
    b"Status: 5.1.1\r\n",
    b"Action: failed\r\n",
    b"Diagnostic-Code: smtp; 550 ",
    b"Content-Type: multipart/mixed; boundary=\"z\"\r\n",
    b"Content-Type: message/delivery-status\r\n\r\n",
    b"Content-Type: message/rfc822\r\n\r\n",
    b"Content-Transfer-Encoding: base64\r\n",
    b"--- Below this line is a copy of the message.\r\n",
    b"------ This is a copy of the message, including all the headers. ------\n",
    b"X-Failed-Recipients: ",
    b"From ",
    b"\r\n ",
];

const CHARSETS: &[&str] = &[
    "iso-2022-jp",
    "euc-jp",
    "shift_jis",
    "utf-16",
    "utf-16le",
    "utf-7",
    "big5",
    "gb2312",
    "ks_c_5601-1987",
    "koi8-r",
    "windows-1252",
    "x-unknown",
    "",
    "\"",
    "utf-8\"; x=\"",
];

const CONTENT_TYPES: &[&str] = &[
    "message/delivery-status",
    "message/global-delivery-status",
    "message/rfc822",
    "message/global",
    "message/feedback-report",
    "text/rfc822-headers",
    "message/global-headers",
    "multipart/report; report-type=delivery-status",
    "multipart/mixed",
    "multipart/alternative",
    "multipart/digest",
    "text/html",
    "text/plain",
    "application/octet-stream",
    "message/partial",
    "x/y",
    "",
];

const ENCODINGS: &[&str] = &[
    "base64",
    "quoted-printable",
    "7bit",
    "8bit",
    "binary",
    "x-uuencode",
    "BASE64",
    "",
];

/// Byte runs in other charsets, to lie about.
const FOREIGN: &[&[u8]] = &[
    b"\xA5\xE1\xA1\xBC\xA5\xEB",   // EUC-JP
    b"\x83\x81\x81[\x83\x8B",      // Shift_JIS
    "メール配信エラー".as_bytes(), // UTF-8
    b"\x1b$B%a!<%k\x1b(B",         // ISO-2022-JP
    b"\x1b$B%a!<%k",               // ISO-2022-JP, never shifted back
    b"\xFF\xFE5\x005\x000\x00",    // UTF-16LE with BOM
    b"+AGEAYgBj-",                 // UTF-7
    b"\xC4\xE3\xBA\xC3",           // GB2312
];

fn truncate(b: &mut Vec<u8>, at: usize) -> String {
    b.truncate(at);
    format!("truncate at {at}")
}

fn flip_bits(b: &mut [u8], rng: &mut Rng) -> String {
    let n = 1 + rng.below(8);
    for _ in 0..n {
        let i = rng.below(b.len());
        if let Some(c) = b.get_mut(i) {
            *c ^= 1 << rng.below(8);
        }
    }
    format!("flip {n} bits")
}

fn set_bytes(b: &mut [u8], rng: &mut Rng) -> String {
    let n = 1 + rng.below(16);
    for _ in 0..n {
        let i = rng.below(b.len());
        let v = rng.pick(b"\0\r\n:;=\"<>@-\\ \t\xFF\x80\x1b");
        if let Some(c) = b.get_mut(i) {
            *c = v;
        }
    }
    format!("set {n} bytes")
}

fn insert_token(b: &mut Vec<u8>, rng: &mut Rng) -> String {
    let t = rng.pick(TOKENS);
    let at = rng.below(b.len() + 1);
    b.splice(at..at, t.iter().copied());
    format!("insert {:?} at {at}", String::from_utf8_lossy(t))
}

fn delete_range(b: &mut Vec<u8>, rng: &mut Rng) -> String {
    let at = rng.below(b.len());
    let max = if rng.chance(80) { 16 } else { 1024 };
    let len = 1 + rng.below(max);
    let end = (at + len).min(b.len());
    b.drain(at..end);
    format!("delete {at}..{end}")
}

fn copy_range(b: &mut Vec<u8>, rng: &mut Rng) -> String {
    let at = rng.below(b.len());
    let len = 1 + rng.below(512);
    let end = (at + len).min(b.len());
    let chunk: Vec<u8> = b[at..end].to_vec();
    let times = if rng.chance(10) {
        1 + rng.below(200)
    } else {
        1
    };
    let to = rng.below(b.len() + 1);
    for _ in 0..times {
        b.splice(to..to, chunk.iter().copied());
    }
    format!("copy {at}..{end} x{times} to {to}")
}

fn corrupt_boundary(b: &mut Vec<u8>, rng: &mut Rng) -> String {
    let bs = boundaries(b);
    if bs.is_empty() {
        return insert_token(b, rng);
    }
    let bnd = bs[rng.below(bs.len())].clone();
    let mut delim = b"--".to_vec();
    delim.extend_from_slice(&bnd);
    let name = String::from_utf8_lossy(&bnd).into_owned();
    match rng.below(9) {
        0 => {
            // Remove every delimiter line.
            let mut out = Vec::with_capacity(b.len());
            let mut i = 0;
            while i < b.len() {
                let (line, next) = line_at(b, i);
                if !line.starts_with(&delim) {
                    out.extend_from_slice(&b[i..next]);
                }
                i = next;
            }
            *b = out;
            format!("remove delimiters of {name:?}")
        }
        1 => {
            let mut end = delim.clone();
            end.extend_from_slice(b"--");
            *b = replace_all(b, &end, b"");
            format!("remove closing delimiter of {name:?}")
        }
        2 => {
            // The declared boundary changes; the delimiters stay.
            let mut decl = b"boundary=\"".to_vec();
            decl.extend_from_slice(&bnd);
            *b = replace_all(b, &decl, b"boundary=\"other-");
            let mut decl = b"boundary=".to_vec();
            decl.extend_from_slice(&bnd);
            *b = replace_all(b, &decl, b"boundary=other-");
            format!("redeclare boundary {name:?}")
        }
        3 => {
            // One delimiter line gets a byte changed.
            let all = find_all(b, &delim);
            if let Some(&at) = all.get(rng.below(all.len())) {
                let i = at + 2 + rng.below(bnd.len());
                if let Some(c) = b.get_mut(i) {
                    *c = c.wrapping_add(1);
                }
            }
            format!("damage one delimiter of {name:?}")
        }
        4 => {
            // A premature closing delimiter at a random line start.
            let starts = line_starts(b);
            let at = rng.pick(&starts);
            let mut end = delim.clone();
            end.extend_from_slice(b"--\r\n");
            b.splice(at..at, end);
            format!("premature close of {name:?} at {at}")
        }
        5 => {
            *b = replace_all(b, &bnd, b"");
            format!("empty boundary {name:?}")
        }
        6 => {
            // Every delimiter doubled.
            let mut twice = delim.clone();
            twice.extend_from_slice(b"\r\n");
            twice.extend_from_slice(&delim);
            *b = replace_all(b, &delim, &twice);
            format!("double delimiters of {name:?}")
        }
        7 => {
            // Trailing junk and whitespace after delimiters (RFC 2046 allows
            // whitespace; junk is a different boundary).
            let mut with = delim.clone();
            with.extend_from_slice(if rng.chance(50) { b" \t" } else { b"x" });
            *b = replace_all(b, &delim, &with);
            format!("suffix delimiters of {name:?}")
        }
        _ => {
            // The boundary shrinks to a prefix of itself: it now occurs
            // inside other delimiters and maybe in text.
            let keep = 1 + rng.below(bnd.len());
            let short = bnd[..keep].to_vec();
            let mut decl = b"boundary=\"".to_vec();
            decl.extend_from_slice(&bnd);
            decl.push(b'"');
            let mut new_decl = b"boundary=\"".to_vec();
            new_decl.extend_from_slice(&short);
            new_decl.push(b'"');
            *b = replace_all(b, &decl, &new_decl);
            format!("shorten boundary {name:?} to {keep}")
        }
    }
}

fn duplicate_header(b: &mut Vec<u8>, rng: &mut Rng) -> String {
    let hs = header_lines(b);
    if hs.is_empty() {
        return insert_token(b, rng);
    }
    let at = rng.pick(&hs);
    let (_, mut next) = line_at(b, at);
    // Take continuation lines too.
    while next < b.len() && matches!(b[next], b' ' | b'\t') {
        next = line_at(b, next).1;
    }
    let field = b[at..next].to_vec();
    let times = if rng.chance(20) {
        2 + rng.below(300)
    } else {
        1
    };
    let mut copies = Vec::with_capacity(field.len() * times);
    for _ in 0..times {
        copies.extend_from_slice(&field);
    }
    b.splice(next..next, copies);
    format!(
        "duplicate {:?} x{times}",
        String::from_utf8_lossy(&field[..field.len().min(30)])
    )
}

fn line_ends(b: &mut Vec<u8>, rng: &mut Rng) -> String {
    // Split into lines on any of CRLF, LF, CR, and join with a chosen style.
    let mut lines: Vec<Vec<u8>> = vec![Vec::new()];
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\r' if b.get(i + 1) == Some(&b'\n') => {
                lines.push(Vec::new());
                i += 2;
            }
            b'\r' | b'\n' => {
                lines.push(Vec::new());
                i += 1;
            }
            c => {
                if let Some(l) = lines.last_mut() {
                    l.push(c);
                }
                i += 1;
            }
        }
    }
    let style = rng.below(5);
    let mut out = Vec::with_capacity(b.len() + lines.len());
    for (k, l) in lines.iter().enumerate() {
        if k > 0 {
            let end: &[u8] = match style {
                0 => b"\n",
                1 => b"\r\n",
                2 => b"\r",
                3 => {
                    let ends: [&[u8]; 4] = [b"\n", b"\r\n", b"\r", b"\n\r"];
                    rng.pick(&ends)
                }
                _ => {
                    if rng.chance(90) {
                        b"\r\n"
                    } else {
                        b"\n"
                    }
                }
            };
            out.extend_from_slice(end);
        }
        out.extend_from_slice(l);
    }
    *b = out;
    let names = ["LF", "CRLF", "CR", "mixed", "mostly CRLF"];
    format!("line ends {}", names[style])
}

fn charset_lie(b: &mut Vec<u8>, rng: &mut Rng) -> String {
    let cs = rng.pick(CHARSETS);
    let mut what = format!("charset {cs:?}");
    let at_all = find_ci(b, b"charset=");
    if at_all.is_empty() || rng.chance(30) {
        // Declare a charset on a Content-Type that has none, or on the top.
        let decl = format!("Content-Type: text/plain; charset={cs}\r\n");
        let hs = header_lines(b);
        let at = hs.first().copied().unwrap_or(0);
        b.splice(at..at, decl.bytes());
    } else {
        let mut out = Vec::with_capacity(b.len());
        let mut i = 0;
        for at in at_all {
            if at < i {
                continue;
            }
            out.extend_from_slice(&b[i..at + 8]);
            let mut j = at + 8;
            if b.get(j) == Some(&b'"') {
                j += 1;
                while j < b.len() && b[j] != b'"' && b[j] != b'\n' {
                    j += 1;
                }
                j = (j + 1).min(b.len());
            } else {
                while j < b.len() && !matches!(b[j], b';' | b'\r' | b'\n' | b' ') {
                    j += 1;
                }
            }
            out.extend_from_slice(cs.as_bytes());
            i = j;
        }
        out.extend_from_slice(&b[i..]);
        *b = out;
    }
    if rng.chance(60) {
        // And bytes of some other charset in the body.
        let f = rng.pick(FOREIGN);
        let starts = line_starts(b);
        for _ in 0..1 + rng.below(4) {
            let at = rng.pick(&starts);
            if at <= b.len() {
                b.splice(at..at, f.iter().copied());
            }
        }
        what.push_str(" + foreign bytes");
    }
    if rng.chance(30) {
        // An encoded word whose charset lies about its bytes.
        let word = format!("Subject: =?{cs}?B?pOGhvKXr?= =?{cs}?Q?=1B$B%a?=\r\n");
        b.splice(0..0, word.bytes());
        what.push_str(" + encoded word");
    }
    what
}

fn content_type_lie(b: &mut Vec<u8>, rng: &mut Rng) -> String {
    let all = find_ci(b, b"content-type:");
    let ct = rng.pick(CONTENT_TYPES);
    let Some(&at) = all.get(rng.below(all.len())) else {
        return insert_token(b, rng);
    };
    let start = at + 13;
    let (_, end) = line_at(b, start);
    let end = end.saturating_sub(1).max(start);
    let keep_params = rng.chance(50);
    let params: Vec<u8> = if keep_params {
        let v = &b[start..end];
        v.iter()
            .position(|&c| c == b';')
            .map(|p| v[p..].to_vec())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let mut new = format!(" {ct}").into_bytes();
    new.extend_from_slice(&params);
    if b.get(end) == Some(&b'\r') || b.get(end) == Some(&b'\n') {
        b.splice(start..end, new);
    } else {
        b.splice(start..end.min(b.len()), new);
    }
    format!("content-type {ct:?}")
}

fn encoding_lie(b: &mut Vec<u8>, rng: &mut Rng) -> String {
    let enc = rng.pick(ENCODINGS);
    let existing = find_ci(b, b"content-transfer-encoding:");
    if !existing.is_empty() && rng.chance(60) {
        let at = rng.pick(&existing) + 26;
        let (_, end) = line_at(b, at);
        let mut end = end.saturating_sub(1).max(at);
        if end > at && b.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        b.splice(at..end.min(b.len()), format!(" {enc}").into_bytes());
    } else {
        let cts = find_ci(b, b"content-type:");
        let at = cts.get(rng.below(cts.len())).copied().unwrap_or(0);
        let header = format!("Content-Transfer-Encoding: {enc}\r\n");
        b.splice(at..at, header.bytes());
    }
    format!("transfer-encoding {enc:?}")
}

fn nest_multipart(b: &mut Vec<u8>, rng: &mut Rng) -> String {
    let depth = 1 + if rng.chance(20) {
        rng.below(300)
    } else {
        rng.below(5)
    };
    if rng.chance(40) {
        // Wrap the whole message as a returned message in new layers.
        let mut out = Vec::new();
        out.extend_from_slice(b"From: MAILER-DAEMON@wrap.example\r\nSubject: Returned mail\r\n");
        for d in 0..depth {
            let _ = write!(
                Bytes(&mut out),
                "Content-Type: multipart/mixed; boundary=\"w{d}\"\r\n\r\n--w{d}\r\n"
            );
        }
        out.extend_from_slice(b"Content-Type: message/rfc822\r\n\r\n");
        out.extend_from_slice(b);
        for d in (0..depth).rev() {
            let _ = write!(Bytes(&mut out), "\r\n--w{d}--\r\n");
        }
        *b = out;
        return format!("wrap in {depth} multiparts");
    }
    // Open `depth` multiparts at one line start and close them at a later one
    // (or never).
    let starts = line_starts(b);
    let i = rng.below(starts.len());
    let open_at = starts[i];
    let close_at = if rng.chance(80) {
        starts.get(i + rng.below(starts.len() - i)).copied()
    } else {
        None
    };
    let tag = rng.below(1000);
    if let Some(c) = close_at.filter(|&c| c > open_at) {
        let mut close = Vec::new();
        for d in (0..depth).rev() {
            let _ = write!(Bytes(&mut close), "\r\n--n{tag}x{d}--\r\n");
        }
        b.splice(c..c, close);
    }
    let mut open = Vec::new();
    for d in 0..depth {
        let _ = write!(
            Bytes(&mut open),
            "Content-Type: multipart/mixed; boundary=\"n{tag}x{d}\"\r\n\r\n--n{tag}x{d}\r\n"
        );
    }
    b.splice(open_at..open_at, open);
    format!("nest {depth} multiparts at {open_at}")
}

fn fold_headers(b: &mut Vec<u8>, rng: &mut Rng) -> String {
    let hs = header_lines(b);
    if hs.is_empty() {
        return insert_token(b, rng);
    }
    let n = 1 + rng.below(6);
    for _ in 0..n {
        let at = rng.pick(&hs);
        let (line, _) = line_at(b, at);
        if line.is_empty() {
            continue;
        }
        let cut = at + rng.below(line.len());
        let folds: [&[u8]; 5] = [b"\r\n ", b"\r\n\t", b"\n ", b"\r\n", b"\r\n \r\n "];
        let fold = rng.pick(&folds);
        if cut <= b.len() {
            b.splice(cut..cut, fold.iter().copied());
        }
    }
    format!("fold {n} headers")
}

fn drop_separator(b: &mut Vec<u8>, rng: &mut Rng) -> String {
    let seps = [&b"\r\n\r\n"[..], b"\n\n"];
    let all: Vec<(usize, usize)> = seps
        .iter()
        .flat_map(|s| find_all(b, s).into_iter().map(|i| (i, s.len())))
        .collect();
    let Some(&(at, len)) = all.get(rng.below(all.len())) else {
        return insert_token(b, rng);
    };
    b.drain(at..at + len / 2);
    format!("drop blank line at {at}")
}

fn long_line(b: &mut Vec<u8>, rng: &mut Rng) -> String {
    let len = 1000 + rng.below(64 << 10);
    let fills: [&[u8]; 8] = [b"a", b" ", b"@", b"-", b"a@b.c ", b"=?", b"5.1.1 ", b"	"];
    let fill = rng.pick(&fills);
    let mut line = Vec::with_capacity(len + 2);
    while line.len() < len {
        line.extend_from_slice(fill);
    }
    let starts = line_starts(b);
    let at = rng.pick(&starts);
    b.splice(at..at, line);
    format!("long line of {len} {:?}", String::from_utf8_lossy(fill))
}

fn splice_other(b: &mut Vec<u8>, other: &[u8], rng: &mut Rng) -> String {
    if other.is_empty() {
        return insert_token(b, rng);
    }
    let from = rng.below(other.len());
    let to = (from + 1 + rng.below(2048)).min(other.len());
    let at = rng.below(b.len() + 1);
    b.splice(at..at, other[from..to].iter().copied());
    format!("splice {from}..{to} of another seed at {at}")
}

/// One random mutation.
fn mutate(b: &mut Vec<u8>, other: &[u8], rng: &mut Rng) -> String {
    if b.is_empty() {
        return insert_token(b, rng);
    }
    match rng.below(16) {
        0 => {
            let at = rng.below(b.len());
            truncate(b, at)
        }
        1 => flip_bits(b, rng),
        2 => set_bytes(b, rng),
        3 | 4 => insert_token(b, rng),
        5 => delete_range(b, rng),
        6 => copy_range(b, rng),
        7 => corrupt_boundary(b, rng),
        8 => duplicate_header(b, rng),
        9 => line_ends(b, rng),
        10 => charset_lie(b, rng),
        11 => content_type_lie(b, rng),
        12 => encoding_lie(b, rng),
        13 => nest_multipart(b, rng),
        14 => {
            if rng.chance(50) {
                fold_headers(b, rng)
            } else {
                drop_separator(b, rng)
            }
        }
        _ => {
            if rng.chance(30) {
                long_line(b, rng)
            } else {
                splice_other(b, other, rng)
            }
        }
    }
}

struct Bytes<'a>(&'a mut Vec<u8>);
impl std::fmt::Write for Bytes<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// The check.

fn tiny_limits() -> Limits {
    let mut l = Limits::default();
    l.max_recipients = 2;
    l.max_mime_parts = 4;
    l.max_text_bytes = 24;
    l.max_notice_bytes = 300;
    l.max_status_bytes = 200;
    l
}

/// What is wrong with the outcome of `raw`, if anything.
fn problem(result: &Result<Report, Error>, limits: &Limits) -> Option<String> {
    let report = match result {
        Err(Error::Internal) => return Some("Error::Internal: classify caught a panic".into()),
        Err(_) => return None,
        Ok(r) => r,
    };
    if report.recipients.len() > limits.max_recipients {
        return Some(format!("{} recipients", report.recipients.len()));
    }
    for d in &report.recipients {
        if !looks_like_address(&d.recipient) {
            return Some(format!("recipient {:?} is not an address", d.recipient));
        }
        if d.diagnostic.len() > limits.max_text_bytes {
            return Some(format!("diagnostic of {} bytes", d.diagnostic.len()));
        }
    }
    let json = match serde_json::to_string(report) {
        Ok(j) => j,
        Err(e) => return Some(format!("serialise: {e}")),
    };
    match serde_json::from_str::<Report>(&json) {
        Ok(back) if &back == report => None,
        Ok(_) => Some("JSON round trip changed the report".into()),
        Err(e) => Some(format!("deserialise: {e}")),
    }
}

struct Runner {
    default: Classifier,
    tiny: Classifier,
    count: usize,
    reports: usize,
    recipients: usize,
}

impl Runner {
    fn new() -> Self {
        Runner {
            default: Classifier::new(),
            tiny: Classifier::new().limits(tiny_limits()),
            count: 0,
            reports: 0,
            recipients: 0,
        }
    }

    /// A line for `--nocapture` runs: how much of the input made reports.
    fn summary(&self, what: &str) {
        eprintln!(
            "{what}: {} inputs, {} reports, {} recipients",
            self.count, self.reports, self.recipients
        );
    }

    /// Classifies `raw`; panics with a reproducible report on a problem.
    fn check(&mut self, seed: &str, steps: &[String], raw: &[u8]) {
        self.count += 1;
        let tiny = self.count.is_multiple_of(8);
        let (classifier, limits) = if tiny {
            (&self.tiny, tiny_limits())
        } else {
            (&self.default, Limits::default())
        };
        let result = classifier.classify(raw);
        if let Ok(r) = &result {
            self.reports += 1;
            self.recipients += r.recipients.len();
        }
        if let Some(p) = problem(&result, &limits) {
            let path = std::env::temp_dir().join(format!(
                "bounce-cause-mutation-{}-{}.eml",
                std::process::id(),
                self.count
            ));
            let saved = std::fs::write(&path, raw).is_ok();
            let mut msg = format!(
                "{p}\n  seed: {seed}\n  mutations: {}\n  limits: {}\n",
                steps.join(" | "),
                if tiny { "tiny" } else { "default" }
            );
            if saved {
                let _ = writeln!(msg, "  input saved to {}", path.display());
            }
            panic!("{msg}");
        }
    }
}

// ---------------------------------------------------------------------------
// The tests. Split so the harness runs them on parallel threads.

/// Each seed cut at 48 evenly spaced points and at every byte of its start
/// (the header section, where cuts matter most: the first 200 bytes, fewer
/// when there are many fixtures, so the run stays near 40,000 cuts).
#[test]
fn truncations() {
    let mut run = Runner::new();
    let seeds = seeds();
    let head = (40_000 / seeds.len()).clamp(16, 200);
    for s in seeds {
        let n = s.bytes.len();
        let mut points: Vec<usize> = (0..=48).map(|k| n * k / 48).collect();
        points.extend(0..n.min(head));
        points.sort_unstable();
        points.dedup();
        for at in points {
            let mut b = s.bytes.clone();
            let step = truncate(&mut b, at);
            run.check(&s.name, &[step], &b);
        }
    }
    run.summary("truncations");
    assert!(run.count > 1000, "{} truncations", run.count);
}

/// Line ends in every style, every boundary corruption, charset and
/// encoding lies, each alone on each seed.
#[test]
fn systematic() {
    let mut run = Runner::new();
    let mut rng = Rng(env_number("MUTATION_SEED", 4) ^ 0x5157);
    for s in seeds() {
        for _ in 0..10 {
            let mut b = s.bytes.clone();
            let step = line_ends(&mut b, &mut rng);
            run.check(&s.name, &[step], &b);
        }
        for _ in 0..24 {
            let mut b = s.bytes.clone();
            let step = corrupt_boundary(&mut b, &mut rng);
            run.check(&s.name, &[step], &b);
        }
        for _ in 0..12 {
            let mut b = s.bytes.clone();
            let step = charset_lie(&mut b, &mut rng);
            run.check(&s.name, &[step], &b);
            let mut b = s.bytes.clone();
            let step = encoding_lie(&mut b, &mut rng);
            run.check(&s.name, &[step], &b);
            let mut b = s.bytes.clone();
            let step = content_type_lie(&mut b, &mut rng);
            run.check(&s.name, &[step], &b);
        }
        for _ in 0..6 {
            let mut b = s.bytes.clone();
            let step = duplicate_header(&mut b, &mut rng);
            run.check(&s.name, &[step], &b);
            let mut b = s.bytes.clone();
            let step = nest_multipart(&mut b, &mut rng);
            run.check(&s.name, &[step], &b);
        }
    }
    run.summary("systematic");
    // The synthetic seeds alone (no fixtures/, as in the published package)
    // give fewer.
    let floor = if common::fixtures_present() {
        1000
    } else {
        500
    };
    assert!(run.count > floor, "{} systematic mutations", run.count);
}

/// Random stacks of one to three mutations, the total budget split over the
/// seeds, in `SHARDS` tests.
fn random_stacks(shard: u64) {
    const SHARDS: u64 = 3;
    let total = env_number("MUTATIONS", 12_000);
    let seeds = seeds();
    let per_seed = (total / SHARDS / seeds.len() as u64).max(20);
    let mut rng = Rng(env_number("MUTATION_SEED", 4)
        .wrapping_mul(31)
        .wrapping_add(shard));
    let mut run = Runner::new();
    for (k, s) in seeds.iter().enumerate() {
        let other = &seeds[(k + 1 + rng.below(seeds.len())) % seeds.len()].bytes;
        for _ in 0..per_seed {
            let mut b = s.bytes.clone();
            let mut steps = Vec::new();
            for _ in 0..1 + rng.below(3) {
                steps.push(mutate(&mut b, other, &mut rng));
            }
            run.check(&s.name, &steps, &b);
        }
    }
    run.summary(&format!("random stacks, shard {shard}"));
    assert!(
        run.count >= (total / SHARDS) as usize / 2,
        "{} stacks",
        run.count
    );
}

#[test]
fn random_stacks_0() {
    random_stacks(0);
}

#[test]
fn random_stacks_1() {
    random_stacks(1);
}

#[test]
fn random_stacks_2() {
    random_stacks(2);
}

/// The check itself fails where it must.
#[test]
fn problems_are_caught() {
    let limits = Limits::default();
    assert!(problem(&Err(Error::Internal), &limits).is_some());
    assert!(problem(&Err(Error::NotABounce), &limits).is_none());
    assert!(looks_like_address("ann@example.com"));
    assert!(looks_like_address("\"ann smith\"@example.com"));
    assert!(!looks_like_address("ann smith@example.com"));
    assert!(!looks_like_address("ann@exa mple.com"));
    assert!(!looks_like_address("ann"));
    assert!(!looks_like_address("ann@example.com\n"));
}

/// The mutation helpers themselves do what they say.
#[test]
fn helpers() {
    let s = SYNTHETIC[0].1.as_bytes();
    assert_eq!(boundaries(s), [b"4ABC.1772445600/mx.example.net".to_vec()]);
    assert!(header_lines(s).len() > 10);
    let mut rng = Rng(1);
    let mut b = b"a\r\nb\nc\rd".to_vec();
    while !line_ends(&mut b, &mut rng).ends_with(" CR") {}
    assert_eq!(b, b"a\rb\rc\rd");
    assert!(seeds().len() >= SYNTHETIC.len());
}
