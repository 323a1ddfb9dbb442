//! Mailing-list managers' refusals: Google Groups and fml. The failed
//! recipient is the list, not a mailbox behind it.

use crate::Limits;
use crate::cause::Reason;
use crate::mime::Bounce;
use crate::record::{Record, clean_address, contains_ci};

use super::generic::push_words;

/// Google Groups: Google's mailer writes that "the group you tried to
/// contact" may not exist or may not accept your posts, in the reader's
/// language, and names the group in `X-Failed-Recipients`. The refusal is the
/// group's posting policy (or its absence): rejected.
pub(crate) fn google_groups(b: &Bounce, notice: &str, limits: &Limits) -> Option<Vec<Record>> {
    if !contains_ci(&b.from, "google") {
        return None;
    }
    let failed = b.header("x-failed-recipients")?;
    let is_group = contains_ci(failed, "googlegroups.com") || contains_ci(notice, "google groups");
    if !is_group {
        return None;
    }
    let mut diag = String::new();
    // The notice's first paragraph after the greeting says why.
    for para in notice.split("\n\n").take(8) {
        let p = para.trim();
        if p.is_empty() || (p.len() < 80 && p.ends_with(',')) {
            continue;
        }
        for line in p.lines() {
            push_words(&mut diag, line, limits.max_text_bytes.min(1024));
        }
        break;
    }
    let records = failed
        .split(',')
        .filter_map(clean_address)
        .take(limits.max_recipients)
        .map(|recipient| Record {
            recipient,
            diagnostic: diag.clone(),
            hint: Some((Reason::Rejected, "rejected.google-groups")),
            ..Record::default()
        })
        .collect();
    Some(records)
}

/// fml (a Japanese list manager, `X-MLServer: fml`): its notices name the
/// list or the address they concern in angle brackets on the first lines.
/// "not a member" refusals are the list's posting policy (rejected); loop
/// alerts (a duplicated Message-ID) are the list system refusing (system
/// error).
pub(crate) fn fml(b: &Bounce, notice: &str, limits: &Limits) -> Option<Vec<Record>> {
    // fml sends its refusals from the list's "-admin" address; list posts
    // carry the same X-MLServer header but come from their authors.
    let from_admin = b
        .from
        .split_once('@')
        .is_some_and(|(local, _)| local.ends_with("-admin"));
    if !from_admin
        || !b
            .header("x-mlserver")
            .is_some_and(|v| contains_ci(v, "fml"))
    {
        return None;
    }
    let first_lines: Vec<&str> = notice
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(6)
        .collect();
    let recipient = first_lines.iter().find_map(|l| {
        let (_, rest) = l.split_once('<')?;
        let (addr, _) = rest.split_once('>')?;
        clean_address(addr)
    })?;
    let mut diag = String::new();
    push_words(&mut diag, &b.subject, limits.max_text_bytes);
    if let Some(first) = first_lines.first() {
        push_words(&mut diag, first, limits.max_text_bytes);
    }
    let hint = if contains_ci(&diag, "not member") || contains_ci(&diag, "not a member") {
        Some((Reason::Rejected, "rejected.list-members-only"))
    } else if contains_ci(&diag, "loop") || contains_ci(&diag, "duplicated message-id") {
        Some((Reason::SystemError, "systemerror.list-loop"))
    } else {
        None
    };
    Some(vec![Record {
        recipient,
        diagnostic: diag,
        hint,
        ..Record::default()
    }])
}
