//! Mailing-list managers' refusals: Google Groups and fml. The failed
//! recipient is the list, not a mailbox behind it.

use crate::address::clean_address;
use crate::extract::record::{Notice, Record};
use crate::limits::Limits;
use crate::mime::Bounce;
use crate::text::{contains_ci, lines, push_words};

/// Google Groups: Google's mailer writes that "the group you tried to
/// contact" may not exist or may not accept your posts, in the reader's
/// language, and names the group in `X-Failed-Recipients`.
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
    for para in paragraphs(notice).take(8) {
        let p = para.join(" ");
        let p = p.trim();
        if p.is_empty() || (p.len() < 80 && p.ends_with(',')) {
            continue;
        }
        for line in para {
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
            notice: Some(Notice::GroupRefusal),
            ..Record::default()
        })
        .collect();
    Some(records)
}

/// The paragraphs of a text, as their lines: runs of lines that are not
/// blank, whatever the line ends.
fn paragraphs(text: &str) -> impl Iterator<Item = Vec<&str>> {
    let mut lines = lines(text).peekable();
    std::iter::from_fn(move || {
        while lines.next_if(|l| l.trim().is_empty()).is_some() {}
        let mut para = Vec::new();
        while let Some(l) = lines.next_if(|l| !l.trim().is_empty()) {
            para.push(l);
        }
        (!para.is_empty()).then_some(para)
    })
}

/// fml (a Japanese list manager, `X-MLServer: fml`): its notices name the
/// list or the address they concern in angle brackets on the first lines.
/// It tells "not a member" refusals (the list's posting policy) and loop
/// alerts (a duplicated Message-ID) apart.
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
    let notice = if contains_ci(&diag, "not member") || contains_ci(&diag, "not a member") {
        Some(Notice::MembersOnly)
    } else if contains_ci(&diag, "loop") || contains_ci(&diag, "duplicated message-id") {
        Some(Notice::ListLoop)
    } else {
        None
    };
    Some(vec![Record {
        recipient,
        diagnostic: diag,
        notice,
        ..Record::default()
    }])
}
