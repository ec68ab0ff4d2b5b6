#!/usr/bin/env bash
# rolemap against Hugo on equal content (see "Benchmarks" in docs/design.md).
#
#   benches/compare.sh [--runs N] [COUNT...]      defaults: --runs 5, 1000 10000
#
# For each COUNT, examples/synth.rs writes a synthetic site of COUNT roles and
# its Hugo twin. One untimed build of each warms the page cache and is checked
# (same role pages, every skill name and phase title on each). Then N timed
# builds of each, alternating rolemap and Hugo, each into a fresh destination
# that is deleted (and synced) before the next run. Prints medians of wall
# time and peak resident memory, and the size of each output.
# Everything is written under a folder in /tmp that is removed at the end.
set -euo pipefail

runs=5
counts=()
while (($#)); do
    case $1 in
        --runs) runs=${2:?--runs needs a number}; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) counts+=("$1"); shift ;;
    esac
done
((${#counts[@]})) || counts=(1000 10000)

missing=0
if ! command -v hugo >/dev/null; then
    echo "hugo is not installed: apt-get install -y hugo (Debian's 0.111.3 is the one measured)" >&2
    missing=1
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "/usr/bin/time is missing: apt-get install -y time" >&2
    missing=1
fi
((missing == 0)) || exit 1

root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
(cd "$root" && cargo build --quiet --release --bin rolemap --example synth)
rolemap=$target/release/rolemap
synth=$target/release/examples/synth

work=$(mktemp -d /tmp/rolemap-compare.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [[ $(df --output=fstype "$work" | tail -1) == tmpfs ]]; then
    echo "warning: $work is on tmpfs; the figures will not include disk writes" >&2
fi

# command_for GENERATOR COUNT DEST: sets `cmd` to one build into DEST.
command_for() {
    case $1 in
        rolemap) cmd=("$rolemap" build --root "$work/site-$2" --out "$3") ;;
        hugo) cmd=(hugo --source "$work/hugo-$2" --destination "$3" --quiet --ignoreCache) ;;
    esac
}

# timed GENERATOR COUNT: one fresh build; appends "wall peak_kb" to its list.
timed() {
    local dest=$work/out-$1
    command_for "$1" "$2" "$dest"
    /usr/bin/time -f '%e %M' -o "$work/time" "${cmd[@]}" >/dev/null 2>>"$work/$1.log" ||
        { echo "$1 failed:" >&2; cat "$work/$1.log" >&2; exit 1; }
    cat "$work/time" >>"$work/times-$1"
    rm -rf "$dest"
    sync
}

# median < numbers: the middle value (the mean of the two middle ones for even N).
median() {
    sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# check COUNT: the role pages of both outputs, and on each page every skill
# name and phase title of its source file.
check() {
    local n generator pages
    for generator in rolemap hugo; do
        pages=$(find "$work/check-$generator/roles" -name index.html | wc -l)
        if ((pages != $1)); then
            echo "check failed: $generator wrote $pages role pages for $1 roles" >&2
            exit 1
        fi
    done
    # slug<TAB>text for every skill name and phase title in the sources.
    awk '/^    name: / { sub(/^    name: /, ""); print FILENAME "\t" $0 }
         /^  - title: / { sub(/^  - title: /, ""); print FILENAME "\t" $0 }' "$work/site-$1"/roles/*.yaml |
        sed 's|^.*/\([^/]*\)\.yaml\t|\1\t|' >"$work/expected"
    n=$(wc -l <"$work/expected")
    for generator in rolemap hugo; do
        awk -F '\t' -v out="$work/check-$generator/roles" '
            $1 != slug { slug = $1; page = ""; file = out "/" slug "/index.html"
                         while ((getline line < file) > 0) page = page line "\n"; close(file) }
            index(page, $2) == 0 { print "check failed: " file " lacks \"" $2 "\""; bad = 1; exit }
            END { exit bad }' "$work/expected" >&2
    done
    echo "checked $1 roles: both wrote $1 role pages, and all $n skill names and phase titles on their pages" >&2
}

rows=()
for count in "${counts[@]}"; do
    echo "== $count roles" >&2
    "$synth" "$count" "$work/site-$count" --hugo "$work/hugo-$count" >/dev/null
    for generator in rolemap hugo; do
        command_for "$generator" "$count" "$work/check-$generator"
        "${cmd[@]}" >/dev/null 2>>"$work/$generator.log" ||
            { echo "$generator failed:" >&2; cat "$work/$generator.log" >&2; exit 1; }
    done
    check "$count"
    size_rolemap=$(du -sb "$work/check-rolemap" | cut -f1)
    size_hugo=$(du -sb "$work/check-hugo" | cut -f1)
    rm -rf "$work/check-rolemap" "$work/check-hugo"
    sync
    rm -f "$work/times-rolemap" "$work/times-hugo"
    for ((i = 1; i <= runs; i++)); do
        timed rolemap "$count"
        timed hugo "$count"
        echo "  run $i: rolemap $(tail -1 "$work/times-rolemap"), hugo $(tail -1 "$work/times-hugo") (s, peak KB)" >&2
    done
    rm_wall=$(cut -d' ' -f1 "$work/times-rolemap" | median)
    hugo_wall=$(cut -d' ' -f1 "$work/times-hugo" | median)
    rm_peak=$(cut -d' ' -f2 "$work/times-rolemap" | median)
    hugo_peak=$(cut -d' ' -f2 "$work/times-hugo" | median)
    rows+=("$(awk -v c="$count" -v rw="$rm_wall" -v hw="$hugo_wall" -v rp="$rm_peak" -v hp="$hugo_peak" \
        -v rs="$size_rolemap" -v hs="$size_hugo" 'BEGIN {
        printf "%7d %10.2f s %8.2f s %8.1fx %9.0f MB %7.0f MB %9.1f MB %7.1f MB",
            c, rw, hw, (rw > 0 ? hw / rw : 0), rp * 1.024 / 1e3, hp * 1.024 / 1e3, rs / 1e6, hs / 1e6 }')")
    rm -rf "$work/site-$count" "$work/hugo-$count"
done

echo
echo "median of $runs runs each, alternating; speedup = Hugo wall / rolemap wall (rolemap's throughput over Hugo's); MB = 10^6 bytes"
printf '%7s %12s %10s %9s %12s %10s %12s %10s\n' roles rolemap hugo speedup "rolemap peak" "hugo peak" "rolemap out" "hugo out"
printf '%s\n' "${rows[@]}"
