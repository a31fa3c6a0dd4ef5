/* 站内搜索 — client for the static index written by internal/search (Go).
 *
 * No dependencies, nothing from other hosts. The page (layouts/search/search.html)
 * has <form data-search data-index="{base path}search/"> with <input name="q">,
 * #search-status (live region), <ol id="search-results"> and #search-pager.
 * /search/?q=土菜&page=2 runs the query on load; submitting updates the URL.
 *
 * TOKENISER — the same rules as internal/search/tokenize.go, checked against
 * internal/search/testdata/tokenize.json. Change both, and the fixtures, together.
 *  1. Fold per code point (UTF-16 length unchanged): U+FF01..FF5E → U+0021..007E,
 *     U+3000 → space, A–Z → a–z, À–Þ (not ×) → à–þ.
 *  2. "Han" = kana, Hangul and CJK ideographs by fixed ranges (isHan); "word" =
 *     ASCII a–z 0–9, or a non-Han \p{L} \p{Nd} \p{M}; anything else separates.
 *  3. Han run, index mode: c0, c0c1, c1, c1c2, … ; query mode: bigrams tiling the
 *     run without overlap (c0c1, c2c3, … plus the last two characters when the
 *     length is odd), or the single character for a run of one.
 *  4. Word run: maximal run of word characters, '.' joins between two ASCII
 *     digits (391.38); cut to 32 code points; index mode also emits the part
 *     before the first '.'.
 *
 * INDEX: meta.json {docs, shards, chunk, avgdl, lens, hot, version}; a term is in
 * h/<i>.json when it is hot[i], else in s/<fnv1a32(term) % shards>.json; doc
 * records in d/<id / chunk>.json. Postings: base-32 varints (see decode).
 * RANKING (same as Query in Go): BM25F, every term required,
 *   idf = ln(1 + (N - df + 0.5)/(df + 0.5)),
 *   w = 10*title_tf + 3*heading_tf + body_tf/(1 - 0.75 + 0.75*dl/avgdl),
 *   score = Σ idf*w*2.2/(w + 1.2); ties to the lower id.
 */
(function () {
  "use strict";

  var MAX_TOKEN = 32;
  var MAX_TERMS = 12;
  var PAGE_SIZE = 10;
  var ALPHA = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var K1 = 1.2, B = 0.75, W_TITLE = 10, W_HEADING = 3;
  var WORD_RE = /[\p{L}\p{Nd}\p{M}]/u;

  /* ---- tokeniser ---- */

  function fold(c) {
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    else if (c === 0x3000) return 0x20;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    else if (c >= 0xc0 && c <= 0xde && c !== 0xd7) c += 0x20;
    return c;
  }

  function isHan(c) {
    if (c < 0x3040) return false;
    return c <= 0x30ff ||
      (c >= 0x3400 && c <= 0x4dbf) ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xac00 && c <= 0xd7af) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0x20000 && c <= 0x323af);
  }

  function isWord(c) {
    if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
    if (isHan(c)) return false;
    return WORD_RE.test(String.fromCodePoint(c));
  }

  function isDigit(c) { return c >= 0x30 && c <= 0x39; }

  // normalize folds text; the result has the same UTF-16 length, so offsets
  // found in it are offsets in the original.
  function normalize(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) out += String.fromCharCode(fold(text.charCodeAt(i)));
    return out;
  }

  function str(cps, a, b) { return String.fromCodePoint.apply(null, cps.slice(a, b)); }

  function tokenize(text, query) {
    var cps = [];
    for (var ch of text) cps.push(fold(ch.codePointAt(0)));
    var out = [], n = cps.length, i = 0, j, k;
    while (i < n) {
      var c = cps[i];
      if (isHan(c)) {
        for (j = i; j < n && isHan(cps[j]); j++);
        if (query) {
          if (j - i === 1) out.push(str(cps, i, i + 1));
          for (k = i; k + 1 < j; k += 2) out.push(str(cps, k, k + 2));
          if ((j - i) % 2 === 1 && j - i > 1) out.push(str(cps, j - 2, j));
        } else {
          for (k = i; k < j; k++) {
            out.push(str(cps, k, k + 1));
            if (k + 1 < j) out.push(str(cps, k, k + 2));
          }
        }
        i = j;
      } else if (isWord(c)) {
        var dot = -1;
        j = i;
        while (j < n) {
          if (isWord(cps[j])) { j++; continue; }
          if (cps[j] === 0x2e && j > i && isDigit(cps[j - 1]) && j + 1 < n && isDigit(cps[j + 1])) {
            if (dot < 0) dot = j;
            j++;
            continue;
          }
          break;
        }
        var len = Math.min(j - i, MAX_TOKEN);
        out.push(str(cps, i, i + len));
        if (!query && dot >= 0 && dot - i < len) out.push(str(cps, i, dot));
        i = j;
      } else {
        i++;
      }
    }
    return out;
  }

  function queryTerms(q) {
    var out = [], seen = Object.create(null);
    tokenize(q, true).forEach(function (t) {
      if (!seen[t] && out.length < MAX_TERMS) { seen[t] = true; out.push(t); }
    });
    return out;
  }

  function fnv1a(s) {
    var bytes = new TextEncoder().encode(s), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 16777619) >>> 0;
    }
    return h >>> 0;
  }

  /* ---- index ---- */

  var LEN_TABLE = (function () {
    var t = [0];
    for (var i = 1; i < 64; i++) t.push(t[i - 1] + Math.max(1, Math.floor(t[i - 1] / 5)));
    return t;
  })();

  // decode turns a posting string into [id, packed, id, packed, …] (absolute ids).
  function decode(s) {
    var out = [], v = 0, mult = 1, id = 0, n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = ALPHA.indexOf(s[i]);
      v += (c & 31) * mult;
      if (c >= 32) { mult *= 32; continue; }
      if (n % 2 === 0) { id += v; out.push(id); } else out.push(v);
      n++;
      v = 0; mult = 1;
    }
    return out;
  }

  // Index wraps the files under base; fetchJSON(url) returns a promise of JSON.
  function Index(base, fetchJSON) {
    this.base = base;
    this.fetchJSON = fetchJSON;
    this.cache = Object.create(null);
    this.meta = null;
  }

  Index.prototype.get = function (path) {
    var url = this.base + path + (this.meta ? "?v=" + this.meta.version : "");
    if (!this.cache[url]) {
      var c = this.cache;
      c[url] = this.fetchJSON(url).catch(function (e) { delete c[url]; throw e; });
    }
    return this.cache[url];
  };

  Index.prototype.load = function () {
    var self = this;
    if (!this.metaP) {
      this.metaP = this.fetchJSON(this.base + "meta.json").then(function (m) {
        self.meta = m;
        self.hot = Object.create(null);
        (m.hot || []).forEach(function (t, i) { self.hot[t] = i; });
        return m;
      }, function (e) { self.metaP = null; throw e; });
    }
    return this.metaP;
  };

  // search resolves to the ranked hits [{id, score}] of query q.
  Index.prototype.search = function (q) {
    var self = this, terms = queryTerms(q);
    return this.load().then(function (m) {
      if (!terms.length || !m.docs) return [];
      return Promise.all(terms.map(function (t) {
        var path = t in self.hot ? "h/" + self.hot[t] + ".json" : "s/" + (fnv1a(t) % m.shards) + ".json";
        return self.get(path).then(function (shard) {
          return Object.prototype.hasOwnProperty.call(shard, t) ? decode(shard[t]) : null;
        });
      })).then(function (lists) { return rank(m, lists); });
    });
  };

  function rank(m, lists) {
    if (lists.some(function (l) { return !l || !l.length; })) return [];
    var scores = new Map(), count = new Map(), N = m.docs;
    lists.forEach(function (l) {
      var df = l.length / 2, idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
      for (var j = 0; j + 1 < l.length; j += 2) {
        var id = l[j], p = l[j + 1];
        var dl = LEN_TABLE[ALPHA.indexOf(m.lens[id])];
        var w = W_TITLE * (p & 3) + W_HEADING * ((p >> 2) & 3) + Math.floor(p / 16) / (1 - B + B * dl / m.avgdl);
        scores.set(id, (scores.get(id) || 0) + idf * w * (K1 + 1) / (w + K1));
        count.set(id, (count.get(id) || 0) + 1);
      }
    });
    var hits = [];
    count.forEach(function (c, id) { if (c === lists.length) hits.push({ id: id, score: scores.get(id) }); });
    hits.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
    return hits;
  }

  // docs resolves to the records {u,t,s,d,i,x} of the given ids.
  Index.prototype.docs = function (ids) {
    var self = this, m = this.meta;
    return Promise.all(ids.map(function (id) {
      return self.get("d/" + Math.floor(id / m.chunk) + ".json").then(function (c) { return c[id % m.chunk]; });
    }));
  };

  /* ---- highlighting ---- */

  // ranges finds where the query terms occur in text: [[start, end], …] merged,
  // in UTF-16 offsets. Words must stand alone; Han terms match anywhere.
  function ranges(text, terms) {
    var norm = normalize(text), rs = [];
    terms.forEach(function (t) {
      var han = isHan(t.codePointAt(0));
      for (var at = norm.indexOf(t); at >= 0; at = norm.indexOf(t, at + 1)) {
        var end = at + t.length;
        if (!han) {
          var before = at > 0 ? norm.codePointAt(at - 1) : 0;
          var after = end < norm.length ? norm.codePointAt(end) : 0;
          if ((before && isWord(before)) || (after && isWord(after))) continue;
        }
        rs.push([at, end]);
      }
    });
    rs.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    rs.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  // appendMarked appends text to el with the query terms wrapped in <mark>,
  // as text nodes only.
  function appendMarked(el, text, terms) {
    var pos = 0;
    ranges(text, terms).forEach(function (r) {
      if (r[0] > pos) el.appendChild(document.createTextNode(text.slice(pos, r[0])));
      var mk = document.createElement("mark");
      mk.textContent = text.slice(r[0], r[1]);
      el.appendChild(mk);
      pos = r[1];
    });
    if (pos < text.length) el.appendChild(document.createTextNode(text.slice(pos)));
  }

  // snippet picks from the excerpt the sentence with the most matched terms
  // (the first sentence when none match), cut to about 100 characters around
  // the first match.
  function snippet(text, terms) {
    if (!text) return "";
    var parts = text.match(/[^。！？；!?;]+[。！？；!?;…]*/g) || [text];
    var best = parts[0], bestN = 0;
    parts.forEach(function (s) {
      var n = 0, norm = normalize(s);
      terms.forEach(function (t) { if (norm.indexOf(t) >= 0) n++; });
      if (n > bestN) { best = s; bestN = n; }
    });
    best = best.trim();
    var LIMIT = 100;
    if (best.length <= LIMIT) return best;
    var r = ranges(best, terms), start = 0;
    if (r.length && r[0][0] > LIMIT / 3) start = r[0][0] - Math.floor(LIMIT / 3);
    var out = best.slice(start, start + LIMIT);
    return (start > 0 ? "…" : "") + out + (start + LIMIT < best.length ? "…" : "");
  }

  /* ---- page ---- */

  function fetchJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }

  function setup(form) {
    var input = form.querySelector("input[name=q]");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var pager = document.getElementById("search-pager");
    // The index is published at the search page's own URL, under the site's
    // base path: data-index names it, else this page's folder.
    var index = new Index(form.getAttribute("data-index") || location.pathname.replace(/[^/]*$/, ""), fetchJSON);
    var seq = 0, state = null;

    document.documentElement.classList.add("search-js");

    function setURL(q, page) {
      if (!window.history || !history.replaceState) return;
      var params = new URLSearchParams(location.search);
      if (q) params.set("q", q); else params.delete("q");
      if (page > 1) params.set("page", String(page)); else params.delete("page");
      var s = params.toString();
      history.replaceState(history.state, "", location.pathname + (s ? "?" + s : "") + location.hash);
    }

    function clear() {
      list.textContent = "";
      pager.textContent = "";
      list.hidden = true;
      pager.hidden = true;
    }

    function run(q, page, focus) {
      var my = ++seq;
      q = q.trim();
      clear();
      state = null;
      if (!queryTerms(q).length) {
        status.textContent = q ? "未找到与“" + q + "”相关的内容，请换用其他关键词。" : "请输入关键词进行搜索。";
        return Promise.resolve();
      }
      status.textContent = "正在搜索…";
      form.setAttribute("aria-busy", "true");
      return index.search(q).then(function (hits) {
        if (my !== seq) return;
        state = { q: q, terms: queryTerms(q), hits: hits };
        if (!hits.length) {
          form.removeAttribute("aria-busy");
          status.textContent = "未找到与“" + q + "”相关的内容，请换用其他关键词，或查看网站地图。";
          return;
        }
        return show(page, focus);
      }).catch(function () {
        if (my !== seq) return;
        form.removeAttribute("aria-busy");
        status.textContent = "搜索索引加载失败，请稍后重试，或通过网站地图查找页面。";
      });
    }

    function show(page, focus) {
      var my = seq, hits = state.hits;
      var pages = Math.ceil(hits.length / PAGE_SIZE);
      page = Math.min(Math.max(1, page || 1), pages);
      var slice = hits.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
      return index.docs(slice.map(function (h) { return h.id; })).then(function (docs) {
        if (my !== seq) return;
        form.removeAttribute("aria-busy");
        state.page = page;
        list.textContent = "";
        list.start = (page - 1) * PAGE_SIZE + 1;
        docs.forEach(function (d) { list.appendChild(renderHit(d, state.terms)); });
        list.hidden = false;
        status.textContent = "找到 " + hits.length + " 条结果" +
          (pages > 1 ? "，第 " + page + "/" + pages + " 页" : "");
        renderPager(page, pages);
        if (focus) list.focus();
      }).catch(function () {
        if (my !== seq) return;
        form.removeAttribute("aria-busy");
        status.textContent = "搜索结果加载失败，请稍后重试。";
      });
    }

    function renderHit(d, terms) {
      var li = document.createElement("li");
      li.className = "search-result";
      var h = document.createElement("h2");
      h.className = "result-heading";
      var a = document.createElement("a");
      a.className = "result-title";
      a.href = d.u;
      appendMarked(a, d.t || d.u, terms);
      h.appendChild(a);
      li.appendChild(h);
      var meta = document.createElement("p");
      meta.className = "result-meta";
      if (d.s) {
        var sec = document.createElement("span");
        sec.className = "result-section";
        sec.textContent = d.s;
        meta.appendChild(sec);
      }
      if (d.d) {
        var time = document.createElement("time");
        time.className = "result-date";
        if (d.i) time.dateTime = d.i;
        time.textContent = d.d;
        meta.appendChild(time);
      }
      if (meta.firstChild) li.appendChild(meta);
      var text = snippet(d.x, terms);
      if (text) {
        var p = document.createElement("p");
        p.className = "result-snippet";
        appendMarked(p, text, terms);
        li.appendChild(p);
      }
      return li;
    }

    function button(label, page, opts) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      if (opts.aria) b.setAttribute("aria-label", opts.aria);
      if (opts.current) b.setAttribute("aria-current", "page");
      if (opts.disabled) b.disabled = true;
      b.addEventListener("click", function () {
        setURL(state.q, page);
        show(page, true);
      });
      return b;
    }

    function renderPager(page, pages) {
      pager.textContent = "";
      if (pages <= 1) { pager.hidden = true; return; }
      var ul = document.createElement("ul");
      function add(el) { var li = document.createElement("li"); li.appendChild(el); ul.appendChild(li); }
      add(button("上一页", page - 1, { disabled: page === 1 }));
      var nums = [], p;
      for (p = 1; p <= pages; p++) {
        if (p === 1 || p === pages || Math.abs(p - page) <= 2) nums.push(p);
      }
      nums.forEach(function (n, i) {
        if (i > 0 && n - nums[i - 1] > 1) {
          var gap = document.createElement("span");
          gap.className = "pager-gap";
          gap.textContent = "…";
          gap.setAttribute("aria-hidden", "true");
          add(gap);
        }
        add(button(String(n), n, { aria: "第 " + n + " 页", current: n === page }));
      });
      add(button("下一页", page + 1, { disabled: page === pages }));
      pager.appendChild(ul);
      pager.hidden = false;
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      setURL(input.value.trim(), 1);
      run(input.value, 1, false);
    });

    var params = new URLSearchParams(location.search);
    var q0 = params.get("q") || "";
    if (q0) {
      input.value = q0;
      run(q0, parseInt(params.get("page"), 10) || 1, false);
    } else {
      clear();
    }
  }

  var api = {
    normalize: normalize, tokenize: tokenize, queryTerms: queryTerms, fnv1a: fnv1a,
    decode: decode, Index: Index, rank: rank, ranges: ranges, snippet: snippet
  };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  } else if (typeof document !== "undefined") {
    window.hengdongSearch = api;
    var start = function () {
      var form = document.querySelector("form[data-search]");
      if (form) setup(form);
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
})();
