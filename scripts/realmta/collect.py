"""Splits the local sender's mailbox into one bounce per case.

    python3 collect.py MTA PHASE MBOX OUTDIR
    python3 collect.py --rewrite DIR      (DIR/<mta>/<case>.json again, from cases.py)

Writes OUTDIR/<case>.eml (the bounce as delivered) and OUTDIR/<case>.json (what the
case was set up to be, see cases.py). A case is found by the token "[realmta:<case>]"
that its message carried in the Subject. Cases with no bounce are listed in
OUTDIR/missing.txt; exit status 0 either way.
"""

import json
import mailbox
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cases as C  # noqa: E402

TOKEN = re.compile(rb"\[realmta:([a-z0-9-]+)\]")
ACTION_DELAYED = re.compile(rb"(?im)^Action:\s*delayed")


def rewrite(root):
    """Writes every <mta>/<case>.json under root again from cases.py and its .eml."""
    by_name = {c["name"]: c for c in C.CASES}
    for mta in sorted(os.listdir(root)):
        mdir = os.path.join(root, mta)
        if not os.path.isdir(mdir):
            continue
        for f in sorted(os.listdir(mdir)):
            name, ext = os.path.splitext(f)
            if ext != ".eml" or name not in by_name:
                continue
            with open(os.path.join(mdir, f), "rb") as fh:
                raw = fh.read()
            write_expectation(os.path.join(mdir, name + ".json"),
                              C.expectation(mta, by_name[name], raw))


def write_expectation(path, expect):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(expect, f, indent=2)
        f.write("\n")


def main():
    if sys.argv[1] == "--rewrite":
        rewrite(sys.argv[2])
        return
    mta, phase, mbox_path, outdir = sys.argv[1:5]
    os.makedirs(outdir, exist_ok=True)
    wanted = {c["name"]: c for c in C.for_mta(mta, phase)}
    found = {}
    if os.path.exists(mbox_path):
        box = mailbox.mbox(mbox_path, create=False)
        for key in box.keys():
            raw = box.get_bytes(key)
            names = set(m.group(1).decode() for m in TOKEN.finditer(raw)) & wanted.keys()
            if len(names) != 1:
                continue
            name = names.pop()
            found.setdefault(name, []).append(raw)
    missing = []
    for name, c in wanted.items():
        msgs = found.get(name)
        if not msgs:
            missing.append(name)
            continue
        # A failure case keeps the last failure notice, a delay case the first warning;
        # the DSN's Action field tells them apart where there is one.
        delayed = [m for m in msgs if ACTION_DELAYED.search(m)]
        if c["kind"] == "failed":
            raw = ([m for m in msgs if m not in delayed] or msgs)[-1]
        else:
            raw = (delayed or msgs)[0]
        with open(os.path.join(outdir, name + ".eml"), "wb") as f:
            f.write(raw)
        expect = C.expectation(mta, c, raw)
        write_expectation(os.path.join(outdir, name + ".json"), expect)
    with open(os.path.join(outdir, "missing.txt"), "a", encoding="utf-8") as f:
        for name in missing:
            f.write(f"{phase} {name}\n")
    print(f"{mta} {phase}: {len(wanted) - len(missing)} of {len(wanted)} cases bounced"
          + (f"; missing: {' '.join(missing)}" if missing else ""))


if __name__ == "__main__":
    main()
