#!/usr/bin/env python3
"""Writes the reply catalogue as bare reply lines, one per row of replies.jsonl.

    scripts/catalogue-lines.py [REPLIES.jsonl] > lines.txt

Each line is `<reply_code> <status> <text>`, the parts the row has, in the
catalogue's order: line N is row N. A row with neither code nor status gives
its text alone (`bounce-cause --lines` does not read it as a reply). The
default input is ../shared/catalogue/replies.jsonl beside the repository.

The file feeds `examples/throughput --lines FILE` and
`scripts/score-lines.py`.
"""
import json
import os
import sys


def line(row):
    parts = [row.get("reply_code"), row.get("status"), row.get("text")]
    words = [str(p).strip() for p in parts if p is not None and str(p).strip()]
    # A reply is one line: a line end inside the text would split it.
    return " ".join(words).replace("\r", " ").replace("\n", " ")


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    path = argv[1] if len(argv) > 1 else os.path.join(
        here, "..", "..", "shared", "catalogue", "replies.jsonl")
    out = sys.stdout
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            if raw.strip():
                out.write(line(json.loads(raw)) + "\n")


if __name__ == "__main__":
    main(sys.argv)
