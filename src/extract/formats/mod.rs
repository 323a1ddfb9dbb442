//! One decoder per MTA or provider family whose notices have a shape of
//! their own. A text decoder checks its family's signal first and returns
//! `None` for mail that is not its family's; [`TEXT_DECODERS`] lists them in
//! the order they are tried.

pub(super) mod amazonses;
pub(super) mod arf;
pub(super) mod autoreply;
mod biglobe;
mod dragonfly;
mod exchange;
mod exim;
mod james;
mod lists;
mod mailmarshal;
mod postfix;
pub(super) mod sendmail;

use crate::extract::record::Record;
use crate::limits::Limits;
use crate::mime::Bounce;

/// A decoder of one family's notice text: the bounce, its notice (the
/// returned message cut off) and the limits; `None` when the notice is not of
/// its family.
pub(super) type TextDecoder = fn(&Bounce, &str, &Limits) -> Option<Vec<Record>>;

/// Family decoders for notices without delivery-status fields, in the order
/// they are tried. Each starts with a cheap test of its family's signal.
pub(super) const TEXT_DECODERS: &[(&str, TextDecoder)] = &[
    ("googlegroups", lists::google_groups),
    ("fml", lists::fml),
    ("dragonfly", dragonfly::decode),
    ("sendmail", sendmail::decode_v5),
    ("postfix", postfix::postfix_smtpd),
    ("exim", exim::decode),
    ("exchange2003", exchange::exchange2003),
    ("mailmarshal", mailmarshal::mailmarshal),
    ("biglobe", biglobe::biglobe),
    ("apachejames", james::apache_james),
];

/// One record per address, all with the one diagnostic the notice gives.
fn same_diagnostic(addresses: Vec<String>, diagnostic: &str) -> Vec<Record> {
    addresses
        .into_iter()
        .map(|recipient| Record {
            recipient,
            diagnostic: diagnostic.to_string(),
            ..Record::default()
        })
        .collect()
}
