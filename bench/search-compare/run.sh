#!/usr/bin/env bash
# Compares the site search with Pagefind on the same built pages, in headless
# Chromium: precision at 5 on a judged query set, bytes and requests per cold
# query, time to the first 10 results, index size and index build time.
#
#   bash bench/search-compare/run.sh              # 400 pages
#   PAGES=4000 bash bench/search-compare/run.sh
#
# Installs Pagefind from npm (PAGEFIND_VERSION, default 1.6.0) into a
# temporary folder; needs node/npm and /usr/bin/chromium (or CHROMIUM=…).
set -euo pipefail
cd "$(dirname "$0")/../.."
PAGES=${PAGES:-400}
PAGEFIND_VERSION=${PAGEFIND_VERSION:-1.6.0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== corpus: $PAGES pages (go run ./bench/corpus), Pagefind $PAGEFIND_VERSION"
go run ./bench/corpus -n "$PAGES" -o "$work/corpus" -no-hugo >/dev/null
# The corpus's pages are years old and its footer has no 找错 link: rules about
# the portal, not the search, that would stop the build.
printf '\n[check]\nfooter-jiucuo = "off"\nfreshness-home = "off"\nfreshness-stale = "off"\n' >>"$work/corpus/ours/site.toml"
go build -o "$work/hengdong" .
npm install --silent --prefix "$work/pf" "pagefind@$PAGEFIND_VERSION" >/dev/null

site="$work/corpus/ours"
stats=$("$work/hengdong" build -s "$site" --quiet --stats 2>&1 | grep '搜索索引')
echo "ours: $stats"
ours_ms=$(sed -n 's/.*用时 \([0-9.]*\) ms.*/\1/p' <<<"$stats")

# Pagefind indexes the same article pages (the corpus's pNNNNN pages), from
# their <article>, so that navigation and footers do not count.
t0=$(date +%s%N)
"$work/pf/node_modules/.bin/pagefind" --site "$site/public" --glob '**/p[0-9]*/index.html' \
  --root-selector article --silent
t1=$(date +%s%N)
pf_ms=$(( (t1 - t0) / 1000000 ))

size() { find "$1" -type f | wc -l | tr -d ' '; du -sb "$1" | cut -f1; }
read -r -d '' ours_files ours_bytes < <(size "$site/public/search"; printf '\0') || true
read -r -d '' pf_files pf_bytes < <(size "$site/public/pagefind"; printf '\0') || true
printf '\n%-40s %12s %12s\n' "" ours pagefind
printf '%-40s %12s %12s\n' "index files" "$ours_files" "$pf_files"
printf '%-40s %12s %12s\n' "index bytes (on disk)" "$ours_bytes" "$pf_bytes"
printf '%-40s %12s %12s\n' "index build ms (ours: beside templates)" "$ours_ms" "$pf_ms"
echo
go run ./bench/search-compare compare "$site/public" bench/search-compare/queries.json
