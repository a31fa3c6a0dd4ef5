// Checks static/js/search.js against the Go side; run by TestJS (client_test.go).
//   node js_check.js tokenize <fixtures.json>          → exit 1 on a mismatch
//   node js_check.js query <index dir> <queries.json>  → JSON [{q, ids, scores, urls, titles, snippets, loose, suggest}]
//   node js_check.js format                            → JSON: what Index.load does with meta.json of each format
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
  const file = (url) => path.join(a, url.replace(/\?.*$/, "").replace(/^\/search\//, ""));
  const idx = new s.Index("/search/", {
    json: async (url) => JSON.parse(fs.readFileSync(file(url), "utf8")),
    ranges: async (url, rs) => {
      const b = new Uint8Array(fs.readFileSync(file(url)));
      return { parts: rs.map((r) => b.subarray(r[0], r[1])) };
    },
  });
  (async () => {
    const out = [];
    for (const q of JSON.parse(fs.readFileSync(b, "utf8"))) {
      const res = await idx.search(q);
      const docs = await idx.describe(res, 0, 10);
      out.push({ q, ids: res.hits.map((h) => h.id), scores: res.hits.map((h) => h.score), urls: docs.map((d) => d.u),
        titles: docs.map((d) => d.t), snippets: docs.map((d) => d.x), loose: res.loose, suggest: res.suggest,
        terms: s.queryTerms(q) });
    }
    process.stdout.write(JSON.stringify(out));
  })().catch((e) => { console.error(e); process.exit(1); });
} else if (mode === "format") {
  // A stale meta.json (another format) is asked for again past the caches;
  // one that stays stale fails the search with a message.
  const run = async (answers) => {
    const asked = [];
    const idx = new s.Index("/search/", {
      json: async (url) => { asked.push(url); return answers[Math.min(asked.length, answers.length) - 1]; },
      ranges: async () => { throw new Error("no shards here"); },
    });
    let err = "";
    const m = await idx.load().catch((e) => { err = e.message; });
    return { asked: asked.length, format: m ? m.format : 0, fresh: asked.length > 1 && /meta\.json\?fresh=/.test(asked[1]), err };
  };
  (async () => {
    const meta = (f) => ({ format: f, version: "v", docs: 0, shards: 1, per: 1 });
    const out = {
      current: await run([meta(s.FORMAT)]),
      staleThenFresh: await run([meta(s.FORMAT - 1), meta(s.FORMAT)]),
      staleTwice: await run([meta(s.FORMAT + 1), meta(s.FORMAT + 1)]),
    };
    process.stdout.write(JSON.stringify(out));
  })().catch((e) => { console.error(e); process.exit(1); });
} else {
  console.error("usage: node js_check.js tokenize|query|format …");
  process.exit(2);
}
