//! From the command line's paths to the inputs to read: directories walked
//! with `walkdir`, regular files only, maildirs read as a mail client would.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::escape;

/// One input to read.
pub enum Input {
    /// Standard input (`-`).
    Stdin,
    /// A regular file (its size, for the progress line).
    File(PathBuf, u64),
    /// A special file named on the command line: read as a stream, like `-`.
    Stream(PathBuf),
    /// A path that could not be read: its error line, and exit status 2.
    Unreadable(PathBuf, String),
}

/// Files skipped by name only: counted, said in one line at the end.
const SKIPPED_BY_EXTENSION: [&str; 3] = ["json", "jsonl", "md"];

/// The inputs for `paths`, in order; a directory's entries in name order.
/// Each skipped path is said through `note` (one line, without the
/// program's name).
pub fn inputs(paths: &[OsString], follow: bool, note: &mut dyn FnMut(String)) -> Vec<Input> {
    let mut out = Vec::new();
    let mut by_name = 0u64;
    for p in paths {
        if p == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let path = PathBuf::from(p);
        // A path named on the command line is followed even without --follow.
        match fs::metadata(&path) {
            Err(e) => out.push(Input::Unreadable(path, format!("cannot read: {e}"))),
            Ok(m) if m.is_dir() => walk(&path, follow, &mut out, &mut by_name, note),
            Ok(m) if m.is_file() => out.push(Input::File(path, m.len())),
            Ok(_) => out.push(Input::Stream(path)),
        }
    }
    if by_name > 0 {
        note(format!(
            "skipped {by_name} files by name (.json, .jsonl, .md, and a maildir's own files)"
        ));
    }
    out
}

fn walk(
    root: &Path,
    follow: bool,
    out: &mut Vec<Input>,
    by_name: &mut u64,
    note: &mut dyn FnMut(String),
) {
    let mut maildirs = MaildirCache::default();
    let mut it = WalkDir::new(root)
        .follow_links(follow)
        .sort_by_file_name()
        .into_iter();
    let shown = |p: &Path| escape::terminal(&escape::path(p).0);
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(root).to_path_buf();
                if let Some(ancestor) = e.loop_ancestor() {
                    note(format!(
                        "skipped {}: a link back to {} (file system loop)",
                        shown(&path),
                        shown(ancestor)
                    ));
                } else {
                    let why = e
                        .io_error()
                        .map_or_else(|| e.to_string(), ToString::to_string);
                    out.push(Input::Unreadable(path, format!("cannot read: {why}")));
                }
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let path = entry.path();
        let name = entry.file_name();
        let hidden = name.as_encoded_bytes().first() == Some(&b'.');
        let parent_is_maildir = path.parent().is_some_and(|d| maildirs.is_maildir(d));
        let ft = entry.file_type();
        if ft.is_symlink() {
            note(format!(
                "skipped {}: a symbolic link (--follow follows them)",
                shown(path)
            ));
        } else if ft.is_dir() {
            let skip = if parent_is_maildir && name == "tmp" {
                // Mail still being delivered: a client never shows it.
                let busy = fs::read_dir(path).map_or(0, Iterator::count);
                if busy > 0 {
                    note(format!(
                        "skipped {}: a maildir's tmp/ ({busy} entries being delivered)",
                        shown(path)
                    ));
                }
                true
            } else if hidden && !maildirs.is_maildir(path) {
                note(format!("skipped {}: a hidden directory", shown(path)));
                true
            } else {
                false
            };
            if skip {
                it.skip_current_dir();
            }
        } else if ft.is_file() {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if parent_is_maildir || SKIPPED_BY_EXTENSION.contains(&ext) {
                *by_name += 1;
            } else if hidden {
                note(format!("skipped {}: a hidden file", shown(path)));
            } else {
                let size = entry.metadata().map_or(0, |m| m.len());
                out.push(Input::File(path.to_path_buf(), size));
            }
        } else {
            note(format!(
                "skipped {}: not a regular file (FIFO, socket or device)",
                shown(path)
            ));
        }
    }
}

/// Which directories are maildirs (hold `cur/` and `new/`), each looked up
/// once.
#[derive(Default)]
struct MaildirCache(HashMap<PathBuf, bool>);

impl MaildirCache {
    fn is_maildir(&mut self, dir: &Path) -> bool {
        if let Some(&known) = self.0.get(dir) {
            return known;
        }
        let yes = dir.join("cur").is_dir() && dir.join("new").is_dir();
        self.0.insert(dir.to_path_buf(), yes);
        yes
    }
}
