#!/usr/bin/env python3
"""Scores the reply catalogue fed as bare reply lines beside its email form.

    scripts/score-lines.py [BOUNCE_CAUSE] [CATALOGUE_DIR]

BOUNCE_CAUSE defaults to target/release/bounce-cause, CATALOGUE_DIR to
../shared/catalogue beside the repository. The script:

1. writes the catalogue as bare reply lines (scripts/catalogue-lines.py: line
   N is row N of replies.jsonl, `<reply_code> <status> <text>`);
2. runs `bounce-cause --lines` on them, and `bounce-cause` on the
   catalogue's `<id>-dsn.eml` emails (the RFC 3464 form of each reply);
3. ties each line's record to its row's `<id>-dsn.eml` label in
   expected.jsonl: the source becomes that file, and the recipient the
   label's (a bare line names none, or another), so that what is compared
   is the reading of the reply;
4. scores both with ../shared/corpus/score.py on the same labels (the
   `-dsn.eml` rows only) and prints the measures side by side.

A line that is not read as a reply (a row with neither code nor status)
counts as a recipient not found; the agreements are among those found.
"""
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# The line of a row, as scripts/catalogue-lines.py writes it.
_spec = importlib.util.spec_from_file_location(
    "catalogue_lines", os.path.join(HERE, "catalogue-lines.py"))
_lines = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_lines)
catalogue_line = _lines.line


def jsonl(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(l) for l in fh if l.strip()]


def score(score_py, expected, output):
    res = subprocess.run([sys.executable, score_py, expected, output],
                         capture_output=True, text=True)
    out = {}
    for line in res.stdout.splitlines():
        m = re.match(r"^(\w+)\s+([0-9.]+)", line.strip())
        if m:
            out[m.group(1)] = float(m.group(2))
    return out, res.stdout


def main(argv):
    binary = argv[1] if len(argv) > 1 else os.path.join(ROOT, "target", "release", "bounce-cause")
    cat = argv[2] if len(argv) > 2 else os.path.join(ROOT, "..", "shared", "catalogue")
    score_py = os.path.join(cat, "..", "corpus", "score.py")
    rows = jsonl(os.path.join(cat, "replies.jsonl"))
    labels = [l for l in jsonl(os.path.join(cat, "expected.jsonl"))
              if l["file"].endswith("-dsn.eml")]
    by_file = {l["file"]: l for l in labels}
    with tempfile.TemporaryDirectory() as tmp:
        lines_path = os.path.join(tmp, "lines.txt")
        with open(lines_path, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(catalogue_line(row) + "\n")
        expected = os.path.join(tmp, "expected.jsonl")
        with open(expected, "w", encoding="utf-8") as fh:
            for l in labels:
                fh.write(json.dumps(l) + "\n")

        # The bare lines.
        res = subprocess.run([binary, "--lines", lines_path], capture_output=True, text=True)
        bare = os.path.join(tmp, "bare.jsonl")
        with open(bare, "w", encoding="utf-8") as fh:
            for rec in (json.loads(l) for l in res.stdout.splitlines() if l.strip()):
                n = int(str(rec.get("source", "")).rsplit(":", 1)[-1])
                file = f"{rows[n - 1]['id']}-dsn.eml"
                label = by_file.get(file)
                if label is None:
                    continue
                rec["source"] = file
                rec["recipient"] = label["recipient"]
                fh.write(json.dumps(rec) + "\n")

        # The email form: the same replies' DSNs.
        files = [os.path.join(cat, "emails", f) for f in sorted(by_file)]
        res = subprocess.run([binary, *[f for f in files if os.path.exists(f)]],
                             capture_output=True, text=True)
        email = os.path.join(tmp, "email.jsonl")
        with open(email, "w", encoding="utf-8") as fh:
            fh.write(res.stdout)

        got_email, _ = score(score_py, expected, email)
        got_bare, _ = score(score_py, expected, bare)
        # The same, on the labels of the lines read as replies only: the
        # difference is then the reading of each reply, not which are read.
        read = {json.loads(l)["source"] for l in open(bare, encoding="utf-8") if l.strip()}
        same = os.path.join(tmp, "expected-read.jsonl")
        with open(same, "w", encoding="utf-8") as fh:
            for l in labels:
                if l["file"] in read:
                    fh.write(json.dumps(l) + "\n")
        same_email, _ = score(score_py, same, email)
        same_bare, _ = score(score_py, same, bare)
    names = ["files_detected", "recipient_recall", "status_agreement", "reply_agreement",
             "reason_agreement", "cause_agreement"]
    print(f"{len(labels)} labels (the -dsn.eml rows); measure: email form / bare lines / difference")
    for name in names:
        e, b = got_email.get(name, 0.0), got_bare.get(name, 0.0)
        print(f"  {name:<20} {e:.4f} / {b:.4f} / {b - e:+.4f}")
    print(f"{len(read)} of them whose line is read as a reply; the same measures:")
    for name in names:
        e, b = same_email.get(name, 0.0), same_bare.get(name, 0.0)
        print(f"  {name:<20} {e:.4f} / {b:.4f} / {b - e:+.4f}")


if __name__ == "__main__":
    main(sys.argv)
