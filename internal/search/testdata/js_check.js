// Checks static/js/search.js against the Go side; run by TestJS (client_test.go).
//   node js_check.js tokenize <fixtures.json>          → exit 1 on a mismatch
//   node js_check.js query <index dir> <queries.json>  → JSON [{q, ids, scores}]
"use strict";
const fs = require("fs");
const path = require("path");
const s = require(path.join(__dirname, "../../../static/js/search.js"));

const [mode, a, b] = process.argv.slice(2);
if (mode === "tokenize") {
  let bad = 0;
  for (const f of JSON.parse(fs.readFileSync(a, "utf8"))) {
    for (const [got, want, kind] of [[s.tokenize(f.text, false), f.index || [], "index"], [s.tokenize(f.text, true), f.query || [], "query"]]) {
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        bad++;
        console.error(`${f.name} (${kind}): got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
      }
    }
    if (s.normalize(f.text).length !== f.text.length) {
      bad++;
      console.error(`${f.name}: normalize changes the length`);
    }
  }
  process.exit(bad ? 1 : 0);
} else if (mode === "query") {
  const idx = new s.Index("/search/", async (url) => {
    const p = url.replace(/\?.*$/, "").replace(/^\/search\//, "");
    return JSON.parse(fs.readFileSync(path.join(a, p), "utf8"));
  });
  (async () => {
    const out = [];
    for (const q of JSON.parse(fs.readFileSync(b, "utf8"))) {
      const hits = await idx.search(q);
      const docs = await idx.docs(hits.slice(0, 10).map((h) => h.id));
      out.push({ q, ids: hits.map((h) => h.id), scores: hits.map((h) => h.score), urls: docs.map((d) => d.u),
        snippets: docs.map((d) => s.snippet(d.x, s.queryTerms(q))) });
    }
    process.stdout.write(JSON.stringify(out));
  })().catch((e) => { console.error(e); process.exit(1); });
} else {
  console.error("usage: node js_check.js tokenize|query …");
  process.exit(2);
}
