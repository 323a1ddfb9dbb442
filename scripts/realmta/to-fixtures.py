"""Copies a run of scripts/realmta.sh into fixtures/realmta/.

    python3 to-fixtures.py OUTDIR FIXTURES_DIR

Each <mta>/<case>.eml and <case>.json is copied as it is (the fixture harness
skips fixtures/realmta/: its .json files are setups, not full reports), and so are
maillog.txt and missing.txt. An MTA's old copy is replaced
only when the run has that MTA; KNOWN_MISSES is kept.
"""

import os
import shutil
import sys


def main():
    src, dst = sys.argv[1:3]
    os.makedirs(dst, exist_ok=True)
    for mta in sorted(os.listdir(src)):
        sdir = os.path.join(src, mta)
        if not os.path.isdir(sdir) or not any(f.endswith(".eml") for f in os.listdir(sdir)):
            continue
        ddir = os.path.join(dst, mta)
        shutil.rmtree(ddir, ignore_errors=True)
        os.makedirs(ddir)
        for f in sorted(os.listdir(sdir)):
            shutil.copyfile(os.path.join(sdir, f), os.path.join(ddir, f))
    if os.path.exists(os.path.join(src, "summary.txt")):
        shutil.copyfile(os.path.join(src, "summary.txt"), os.path.join(dst, "summary.txt"))


if __name__ == "__main__":
    main()
