#!/bin/sh
# Times Perl Sisimai and bounce-cause over the same directory of bounces, in
# one run, and prints both rates and their ratio.
#
#   scripts/sisimai-side-by-side.sh DIR [PASSES]
#
# Both sides read every file into memory first and then time PASSES passes on
# one thread (Sisimai->make on each message; Classifier::classify on each
# message), so neither start-up, module loading nor disk reads count. Then
# both whole programs are timed end to end over DIR (Perl: one process
# reading the files; ours: the CLI on all cores).
#
# Installs Debian's libsisimai-perl when it is missing (needs root or sudo).
set -eu

dir=${1:?usage: $0 DIR [PASSES]}
passes=${2:-5}
here=$(cd "$(dirname "$0")/.." && pwd)

if ! perl -MSisimai -e 1 2>/dev/null; then
    echo "installing libsisimai-perl ..." >&2
    if [ "$(id -u)" -eq 0 ]; then
        apt-get install -y libsisimai-perl >/dev/null
    else
        sudo apt-get install -y libsisimai-perl >/dev/null
    fi
fi
sisimai_version=$(perl -MSisimai -e 'print $Sisimai::VERSION')

cd "$here"
cargo build --quiet --release --example throughput --bin bounce-cause
target=${CARGO_TARGET_DIR:-$here/target}

files=$(find "$dir" -type f ! -name '*.json' ! -name '*.jsonl' | sort)
count=$(printf '%s\n' "$files" | wc -l)

echo "corpus: $dir ($count files), $passes passes, one thread, messages in memory"
echo

# Perl Sisimai, in memory.
perl_line=$(printf '%s\n' "$files" | perl -MSisimai -MTime::HiRes=time -e '
    my $passes = shift;
    my @m;
    while (my $f = <STDIN>) {
        chomp $f;
        open my $fh, "<:raw", $f or die "$f: $!";
        local $/;
        push @m, scalar <$fh>;
    }
    my ($n, $r) = (0, 0);
    my $t = time;
    for (1 .. $passes) {
        for my $s (@m) {
            my $v = Sisimai->make(\$s);
            $n++;
            $r += scalar @{ $v // [] };
        }
    }
    my $d = time - $t;
    printf "Perl Sisimai %-13s %9.0f msgs/s %17.2f us/msg (%d records a pass)\n",
        $Sisimai::VERSION, $n / $d, 1e6 * $d / $n, $r / $passes;
' "$passes")
echo "$perl_line"
perl_rate=$(printf '%s\n' "$perl_line" | awk '{print $4}')

# bounce-cause, in memory.
ours=$("$target/release/examples/throughput" "$dir" "$passes")
printf '%s\n' "$ours" | sed -n 's/^\(parse only\|classify\)/bounce-cause \1/p'
our_rate=$(printf '%s\n' "$ours" | awk '/^classify /{print $2}')
echo
awk -v o="$our_rate" -v p="$perl_rate" -v v="$sisimai_version" \
    'BEGIN { printf "bounce-cause classify / Perl Sisimai %s: %.1fx the rate (one thread each)\n", v, o / p }'

# End to end: whole programs over the directory.
echo
t0=$(date +%s.%N)
printf '%s\n' "$files" | perl -MSisimai -e 'while (my $f = <STDIN>) { chomp $f; Sisimai->make($f) }'
t1=$(date +%s.%N)
"$target/release/bounce-cause" "$dir" >/dev/null
t2=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$count" -v cores="$(nproc)" 'BEGIN {
    printf "end to end, %d files: Perl Sisimai %.2f s (%.0f msgs/s, one process); bounce-cause CLI %.2f s (%.0f msgs/s, %d cores)\n",
        n, b - a, n / (b - a), c - b, n / (c - b), cores
}'
