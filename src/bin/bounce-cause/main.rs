//! `bounce-cause [OPTIONS] PATH...`: classifies bounce emails in files,
//! directories, mbox files, special files or stdin and prints one JSON
//! object per recipient (or a text block), and a summary if asked.
//!
//! One file per concern: `args` (the command line), `walk` (which files a
//! directory gives), `read` (inputs to messages) and `mbox` (the splitter),
//! `run` (threads and the ordered writer), `print` (JSON Lines and text),
//! `rules` (`--rules` files, `--explain` text), `summary`, `progress`,
//! `escape` (what a terminal may be shown), `verify` (`--verify`: the
//! diagnoses checked against live DNS) and `lines` (`--lines`: logs).
//!
//! Exit status as grep's: 0 when a failed recipient was found, 1 when none
//! was, 2 when an input could not be read or the usage was wrong.

#![forbid(unsafe_code)]

mod args;
mod escape;
mod lines;
mod mbox;
mod print;
mod progress;
mod read;
mod rules;
mod run;
mod summary;
mod verify;
mod walk;

use std::fs::File;
use std::io::{self, Write};
use std::process::ExitCode;

use args::Parsed;
use bounce_cause::Classifier;

fn main() -> ExitCode {
    let args = match args::parse(std::env::args_os().skip(1)) {
        Ok(Parsed::Run(a)) => *a,
        Ok(Parsed::Print(text)) => {
            println!("{text}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("bounce-cause: {}", escape::terminal(&e));
            eprintln!("Try 'bounce-cause -h' or 'bounce-cause --help' for more information.");
            return ExitCode::from(2);
        }
    };
    // A bad rule file stops the run before any input is read.
    let classifier = match rules::load(&args.rules) {
        Ok(sets) => sets.into_iter().fold(Classifier::new(), Classifier::rules),
        Err(e) => {
            eprintln!("bounce-cause: {}", escape::terminal(&e));
            return ExitCode::from(2);
        }
    };
    if args.lines {
        return run_lines(&args, &classifier);
    }
    let verifier = match verify::start(args.verify.as_ref()) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("bounce-cause: {}", escape::terminal(&e));
            return ExitCode::from(2);
        }
    };
    let inputs = walk::inputs(&args.paths, args.follow, &mut |note| {
        eprintln!("bounce-cause: {note}");
    });
    let outcomes = run::run(&args, inputs, classifier, verifier.as_ref());
    if let Some(v) = &verifier {
        eprintln!("{}", verify::stats(v));
    }
    if args.summary {
        let _ = outcomes.summary.write_text(&mut io::stderr().lock());
    }
    if let Some(path) = &args.summary_json {
        let written = if path == "-" {
            if outcomes.stdout_closed {
                Ok(())
            } else {
                outcomes.summary.write_json(&mut io::stdout().lock())
            }
        } else {
            File::create(path).and_then(|mut f| {
                outcomes.summary.write_json(&mut f)?;
                f.flush()
            })
        };
        if let Err(e) = written {
            let (shown, _) = escape::path(path.as_ref());
            eprintln!(
                "bounce-cause: cannot write the summary to {}: {e}",
                escape::terminal(&shown)
            );
            return ExitCode::from(2);
        }
    }
    ExitCode::from(if outcomes.input_error {
        2
    } else if outcomes.found {
        0
    } else {
        1
    })
}

/// `--lines`: logs read line by line (see `lines`).
fn run_lines(args: &args::Args, classifier: &Classifier) -> ExitCode {
    let outcome = lines::run(args, classifier);
    if args.summary {
        let _ = outcome.counts.write_text(&mut io::stderr().lock());
    }
    if let Some(path) = &args.summary_json {
        let written = if path == "-" {
            escape::json_line(&mut io::stdout().lock(), &outcome.counts)
        } else {
            File::create(path).and_then(|mut f| {
                escape::json_line(&mut f, &outcome.counts)?;
                f.flush()
            })
        };
        if let Err(e) = written {
            eprintln!("bounce-cause: cannot write the summary: {e}");
            return ExitCode::from(2);
        }
    }
    ExitCode::from(if outcome.input_error {
        2
    } else if outcome.found {
        0
    } else {
        1
    })
}
