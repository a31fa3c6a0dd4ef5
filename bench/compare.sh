#!/usr/bin/env bash
# Builds the same generated site with this generator and with Hugo, both
# minifying, alternating runs (ours, Hugo, ours, Hugo, ...) after one warm-up
# each, and prints the medians of wall time, CPU time (user+sys) and peak RSS
# measured by /usr/bin/time -v, with the ratios ours/Hugo.
#
#   bash bench/compare.sh                 # N = 1000 4000 10000, 5 runs each
#   SIZES="4000" RUNS=7 bash bench/compare.sh
#   KEEP=1 WORK=/tmp/hd-bench bash bench/compare.sh   # keep the corpora
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-"1000 4000 10000"}
RUNS=${RUNS:-5}
WORK=${WORK:-$(mktemp -d /tmp/hengdong-bench.XXXXXX)}
mkdir -p "$WORK"

need_apt=()
command -v hugo >/dev/null 2>&1 || need_apt+=(hugo)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
	echo "installing ${need_apt[*]} from Debian's packages" >&2
	apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

BIN=$WORK/hengdong
(cd "$ROOT" && go build -o "$BIN" .)

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "$(go version | cut -d' ' -f3-4); $(hugo version | cut -d' ' -f1-2); runs: $RUNS after one warm-up each, alternating"

# run TOOL SITE OUT LOG: one build, timed, into OUT, a folder that does not
# exist yet. Nothing is deleted while runs are timed, and every output goes
# under $OUTS, a folder marked as the top of a directory hierarchy (chattr +T).
# Why: this machine's ext4 has no journal, and without one the kernel's inode
# allocator steps over every inode freed in the last minutes (fs/ext4/ialloc.c,
# recently_deleted), so in a block group where many files were deleted each new
# file costs up to a millisecond of kernel time, for either tool, by an amount
# set by whatever was deleted before. Under a +T folder the kernel puts each new
# output folder in a little-used block group instead, so both tools are timed
# creating files, not stepping over old ones. The disk is synced before each run
# so that one run's writeback does not land in the next run's time.
run() {
	local tool=$1 site=$2 out=$3 log=$4
	sync
	case $tool in
	ours) (cd "$site" && /usr/bin/time -v -o "$log" "$BIN" build --quiet -d "$out" >/dev/null) ;;
	hugo) (cd "$site" && /usr/bin/time -v -o "$log" hugo --minify --quiet -d "$out" >/dev/null) ;;
	esac
}

# fields LOG: prints "wall cpu rssMB" from a /usr/bin/time -v log.
fields() {
	awk -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
		/User time/ { u = $2 } /System time/ { s = $2 }
		/Maximum resident set size/ { m = $2 / 1024 }
		END { printf "%.3f %.3f %.1f\n", w, u + s, m }' "$1"
}

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

OUTS=$WORK/outputs
rm -rf "$OUTS"  # left by an interrupted run
mkdir -p "$OUTS"
chattr +T "$OUTS" 2>/dev/null || echo "note: chattr +T $OUTS failed; file creation times may depend on earlier deletes" >&2
# The kernel steps over inodes freed in the last 60 s (300 s while their
# inode table is unwritten): sync, then let that window pass, so that files
# deleted just before this script ran (an earlier run's outputs) cost nothing.
SETTLE=${SETTLE:-65}
sync
echo "waiting ${SETTLE} s for recently freed inodes to settle (SETTLE=0 to skip)" >&2
sleep "$SETTLE"

declare -A WALL
printf '\n%-7s %-5s %9s %9s %10s\n' pages tool wall_s cpu_s peakRSS_MB
for n in $SIZES; do
	dir=$WORK/n$n
	if [ ! -d "$dir/ours" ]; then
		rm -rf "$dir"
		(cd "$ROOT" && go run ./bench/corpus -n "$n" -o "$dir")
	fi
	: >"$dir/ours.txt"
	: >"$dir/hugo.txt"
	for i in $(seq 0 "$RUNS"); do
		for tool in ours hugo; do
			site=$dir/$tool
			run "$tool" "$site" "$OUTS/n$n-$tool-$i" "$dir/time-$tool.log"
			[ "$i" -gt 0 ] && fields "$dir/time-$tool.log" >>"$dir/$tool.txt"
		done
	done
	for tool in ours hugo; do
		w=$(awk '{print $1}' "$dir/$tool.txt" | median)
		c=$(awk '{print $2}' "$dir/$tool.txt" | median)
		m=$(awk '{print $3}' "$dir/$tool.txt" | median)
		eval "${tool}_w=$w ${tool}_c=$c ${tool}_m=$m"
		printf '%-7s %-5s %9.2f %9.2f %10.0f\n' "$n" "$tool" "$w" "$c" "$m"
	done
	printf '%-7s %-5s %9.2f %9.2f %10.2f\n' "$n" ratio \
		"$(awk -v a="$ours_w" -v b="$hugo_w" 'BEGIN{print a/b}')" \
		"$(awk -v a="$ours_c" -v b="$hugo_c" 'BEGIN{print a/b}')" \
		"$(awk -v a="$ours_m" -v b="$hugo_m" 'BEGIN{print a/b}')"
	# Each of our runs is followed by one of Hugo's: the median of those pairs'
	# ratios cancels the machine's slow drift better than a ratio of medians.
	pairs=$(paste "$dir/ours.txt" "$dir/hugo.txt" | awk '{print $1 / $4}' | median)
	echo "        wall ratio, median of the $RUNS run pairs: $(awk -v r="$pairs" 'BEGIN{printf "%.2f", r}')"
	WALL[$n]=$ours_w
	echo "        files: ours $(find "$OUTS/n$n-ours-0" -type f | wc -l), hugo $(find "$OUTS/n$n-hugo-0" -type f | wc -l)"
	# The search index's size and build time, from one more (untimed) build.
	(cd "$dir/ours" && "$BIN" build --stats -d "$OUTS/n$n-stats" 2>/dev/null | grep '搜索索引' | sed 's/^/        /')
done
# Only now, with every run timed, are the outputs deleted.
rm -rf "$OUTS"
if [ -n "${WALL[4000]:-}" ] && [ -n "${WALL[10000]:-}" ]; then
	echo
	echo "growth (ours, wall): 10000/4000 = $(awk -v a="${WALL[10000]}" -v b="${WALL[4000]}" 'BEGIN{printf "%.2f", a/b}')x"
fi
[ -n "${KEEP:-}" ] || rm -rf "$WORK"
