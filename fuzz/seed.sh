#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/, git-ignored) from the fixtures, plus
# any extra directories of .eml files given as arguments (a local bounce
# collection, say). Safe to re-run: files are named by content hash.
#
#   fuzz/seed.sh                      # fixtures/**/*.eml only
#   fuzz/seed.sh ../shared/corpus/emails
set -euo pipefail
cd "$(dirname "$0")"

mkdir -p corpus/classify corpus/dsn_fields corpus/status corpus/rule_file

# Files of at most 256 KiB: big seeds slow every mutation down, and the size
# paths are covered by tests/adversarial.rs.
list() {
    for dir in ../fixtures "$@"; do
        [ -d "$dir" ] || continue
        find "$dir" -type f \( -name '*.eml' -o -path '*/emails/*' \) -size -256k
    done
}

put() { # put TARGET FILE_WITH_CONTENT
    local sum
    sum=$(sha1sum "$2" | cut -c1-40)
    cp "$2" "corpus/$1/$sum"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
while IFS= read -r f; do
    n=$((n + 1))
    put classify "$f"
    # dsn_fields: the first byte is the group limit (here 8), then the text
    # from the first delivery-status field on.
    if grep -qiE '^(Reporting-MTA|Final-Recipient):' "$f"; then
        { printf '\010'; sed -n '/^[Rr]eporting-[Mm][Tt][Aa]:\|^[Ff]inal-[Rr]ecipient:/,$p' "$f"; } > "$tmp/d"
        put dsn_fields "$tmp/d"
    fi
    # status: lines that quote a status or reply code, one seed per line.
    grep -aoE '.{0,40}\b[245][0-9][0-9]\b.{0,40}|.{0,40}\b[245]\.[0-9]{1,3}\.[0-9]{1,3}\b.{0,40}' \
        "$f" > "$tmp/lines" || true
    k=0
    while IFS= read -r line && [ "$k" -lt 5 ]; do
        k=$((k + 1))
        printf '%s' "$line" > "$tmp/s"
        put status "$tmp/s"
    done < "$tmp/lines"
done < <(list "$@")
# rule_file: the example rule files.
for f in ../examples/*.toml; do
    [ -f "$f" ] && put rule_file "$f"
done
echo "seeded from $n files: $(ls corpus/classify | wc -l) classify," \
    "$(ls corpus/dsn_fields | wc -l) dsn_fields, $(ls corpus/status | wc -l) status," \
    "$(ls corpus/rule_file | wc -l) rule_file"
