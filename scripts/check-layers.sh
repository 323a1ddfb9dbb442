#!/usr/bin/env bash
# Checks that data flows one way through the library:
#   bytes -> mime -> extract -> rules -> diagnose -> Report
# (logs reads log lines into extract's Reply, beside the MIME path)
# A stage (a folder under src/) may use the shared modules and the stages
# before it, never a later stage, the classifier or the crate root
# (`crate::Limits`, `crate::{...}`, `crate::__private`). The shared modules
# use each other only. Comment lines (doc links included) are not checked.
# Exits 1 and lists the offending lines on a violation.
set -euo pipefail
cd "$(dirname "$0")/../src"

shared="address cause error fix lang limits literals report status testing text"
stages="mime extract logs rules diagnose"

rank_of() {
    local i=0 s
    for s in $stages; do
        i=$((i + 1))
        [ "$s" = "$1" ] && { echo "$i"; return; }
    done
    echo 0
}

is_shared() {
    case " $shared " in *" $1 "*) return 0 ;; esac
    return 1
}

bad=0
check() { # file, rank of the file's layer (0 = shared)
    local file=$1 own=$2 line target
    while IFS= read -r line; do
        # The code part of the line, without comments.
        local code=${line#*:}
        code=${code%%//*}
        for target in $(grep -oE 'crate::([A-Za-z_][A-Za-z0-9_]*|\{)' <<<"$code" | sed 's/crate:://'); do
            if is_shared "$target"; then
                continue
            fi
            local r
            r=$(rank_of "$target")
            if [ "$own" -gt 0 ] && [ "$r" -gt 0 ] && [ "$r" -le "$own" ]; then
                continue
            fi
            echo "$file:$line" >&2
            echo "    uses crate::$target" >&2
            bad=1
        done
    done < <(grep -nE 'crate::' "$file" | grep -vE '^[0-9]+:\s*//' || true)
}

# A shared module is a file or a folder.
for m in $shared; do
    if [ -d "$m" ]; then
        while IFS= read -r f; do
            check "$f" 0
        done < <(find "$m" -name '*.rs' | sort)
    else
        check "$m.rs" 0
    fi
done
for s in $stages; do
    r=$(rank_of "$s")
    while IFS= read -r f; do
        check "$f" "$r"
    done < <(find "$s" -name '*.rs' | sort)
    # In a stage's mod.rs, `super::` is the crate root.
    if grep -nE '^[^[:space:]/][^/]*\bsuper::' "$s/mod.rs" >&2; then
        echo "    $s/mod.rs: super:: is the crate root" >&2
        bad=1
    fi
done

if [ "$bad" -ne 0 ]; then
    echo "check-layers: a module reaches a later stage or the crate root" >&2
    exit 1
fi
echo "check-layers: ok (shared: $shared; stages in order: $stages)"
