#!/usr/bin/env bash
# Times this generator against Hugo the way users work: `build` run again and
# again into the same output folder. Both tools minify; runs alternate (ours,
# Hugo, ours, Hugo, ...) after one warm-up each; /usr/bin/time -v measures wall
# time, CPU time (user+sys) and peak RSS; the medians and the ratios ours/Hugo
# are printed per workflow:
#
#   rebuild  build again into the same folder, nothing changed
#   edit     build again into the same folder after one page was edited
#   fresh    first build into a folder that does not exist yet (extra row)
#
# on two corpora: "chinese" (the generated portal-like corpus, both tools with
# templates of the same structure) and "plain" (title-only front matter, no
# shortcodes, no page links, mixed Latin and Chinese prose; ours with its
# default theme, Hugo with the same templates as before).
#
#   bash bench/compare.sh                               # N = 4000 10000, both corpora, 5 runs
#   SIZES=4000 CORPORA=plain MODES="rebuild edit" RUNS=7 bash bench/compare.sh
#   KEEP=1 WORK=/tmp/hd-bench bash bench/compare.sh     # keep the corpora
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-"4000 10000"}
CORPORA=${CORPORA:-"chinese plain"}
MODES=${MODES:-"rebuild edit fresh"}
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

# build TOOL SITE OUT LOG: one timed build of SITE into OUT.
build() {
	local tool=$1 site=$2 out=$3 log=$4
	sync # one run's writeback must not land in the next run's time
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
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# The "fresh" runs build into new folders under $FRESH, marked as the top of a
# directory hierarchy (chattr +T), and nothing there is deleted until every run
# is timed. Why: this machine's ext4 has no journal, and without one the
# kernel's inode allocator steps over every inode freed in the last minutes
# (fs/ext4/ialloc.c, recently_deleted), so new files would cost whatever was
# deleted before. The "rebuild" and "edit" runs need no such care: each tool
# builds into its own folder, kept from run to run, as a user's public/ is,
# and pays whatever its way of placing files costs there.
FRESH=$WORK/fresh
rm -rf "$FRESH" # left by an interrupted run
mkdir -p "$FRESH"
chattr +T "$FRESH" 2>/dev/null || echo "note: chattr +T $FRESH failed; fresh-folder times may depend on earlier deletes" >&2

printf '\n%-6s %-8s %-8s %-5s %8s %8s %8s\n' pages corpus mode tool wall_s cpu_s rss_MB
for n in $SIZES; do
	for corpus in $CORPORA; do
		dir=$WORK/$corpus-n$n
		if [ ! -d "$dir/ours" ]; then
			rm -rf "$dir"
			flag=""
			[ "$corpus" = plain ] && flag=-plain
			(cd "$ROOT" && go run ./bench/corpus $flag -n "$n" -o "$dir")
		fi
		# The page the "edit" runs change: the same file in both sites.
		edited=$(cd "$dir/ours/content" && find . -name 'p*.md' | sort | sed -n 2p)
		for mode in $MODES; do
			for tool in ours hugo; do
				: >"$dir/$mode-$tool.txt"
				# Warm-up: the kept output folder's first build (and the disk cache).
				if [ "$mode" != fresh ]; then build "$tool" "$dir/$tool" "$dir/out-$tool" "$dir/time.log"; fi
			done
			for i in $(seq 0 "$RUNS"); do
				for tool in ours hugo; do
					site=$dir/$tool
					case $mode in
					rebuild) out=$dir/out-$tool ;;
					edit)
						out=$dir/out-$tool
						printf '\n本页第 %s 次修改（edit %s）。\n' "$i" "$i" >>"$site/content/$edited"
						;;
					fresh) out=$FRESH/$corpus-n$n-$tool-$i ;;
					esac
					build "$tool" "$site" "$out" "$dir/time.log"
					if [ "$i" -gt 0 ]; then fields "$dir/time.log" >>"$dir/$mode-$tool.txt"; fi
				done
			done
			for tool in ours hugo; do
				w=$(awk '{print $1}' "$dir/$mode-$tool.txt" | median)
				c=$(awk '{print $2}' "$dir/$mode-$tool.txt" | median)
				m=$(awk '{print $3}' "$dir/$mode-$tool.txt" | median)
				eval "${tool}_w=$w ${tool}_c=$c ${tool}_m=$m"
				printf '%-6s %-8s %-8s %-5s %8.2f %8.2f %8.0f\n' "$n" "$corpus" "$mode" "$tool" "$w" "$c" "$m"
			done
			# Each of our runs is followed by one of Hugo's: the median of those
			# pairs' ratios cancels the machine's slow drift better than a ratio
			# of medians.
			pairs=$(paste "$dir/$mode-ours.txt" "$dir/$mode-hugo.txt" | awk '{print $1 / $4}' | median)
			printf '%-6s %-8s %-8s %-5s %8s %8s %8s   (wall, median of run pairs: %s)\n' "$n" "$corpus" "$mode" ratio \
				"$(ratio "$ours_w" "$hugo_w")" "$(ratio "$ours_c" "$hugo_c")" "$(ratio "$ours_m" "$hugo_m")" "$(ratio "$pairs" 1)"
		done
		echo "       files: ours $(find "$dir/out-ours" -type f | wc -l), hugo $(find "$dir/out-hugo" -type f | wc -l)"
	done
done
# Only now, with every run timed, are the fresh outputs deleted.
rm -rf "$FRESH"
if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; fi
