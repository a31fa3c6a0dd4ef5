/* 站内搜索 — client for the static index written by internal/search (Go).
 *
 * No dependencies, nothing from other hosts. The page (layouts/search/search.html)
 * has <form data-search data-index="{base path}search/"> with <input name="q">,
 * #search-status (live region), #search-suggest, <ol id="search-results"> and
 * #search-pager. /search/?q=土菜&page=2 runs the query on load; each new query
 * is a history entry, paging replaces the current one.
 *
 * TOKENISER — the same rules as internal/search/tokenize.go (read them there),
 * checked against internal/search/testdata/tokenize.json. Change both, and the
 * fixtures, together.
 *
 * INDEX AND RANKING — the same as internal/search (search.go's package comment
 * describes the files; Search in query.go is the reference this file follows
 * step by step, and TestJS compares the two on ids, scores, titles and snippets).
 * Every URL of the index is made by Index.prototype.url.
 */
(function () {
  "use strict";

  var MAX_TOKEN = 32;
  var MAX_TERMS = 12;
  var MAX_QUERY = 100; // UTF-16 units, as the search box's maxlength
  var PAGE_SIZE = 10;
  var ALPHA = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var K1 = 1.2, B = 0.75, W_TITLE = 10, W_HEADING = 3, PROX = 8, POS_CAP = 12, HOT_POS_CAP = 2;
  var SNIP_BEFORE = 20, SNIP_AFTER = 80, SNIP_SPAN = 60, HEAD_RANGE = 48, LEAD_RANGE = 148;
  var SEP = "\x1f";
  var MAX_TRIES = 8, RANGE_GAP = 48;
  var WORD_RE = /[\p{L}\p{Nd}\p{M}]/u;
  var LETTER_RE = /\p{L}/u;
  var SPACE_RE = /[\s\u0085]+/g;

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
  function isClassDigit(c) { return isDigit(c) || c === 0x2e; }
  function isLetter(c) { return LETTER_RE.test(String.fromCodePoint(c)); }

  // normalize folds text; the result has the same UTF-16 length, so offsets
  // found in it are offsets in the original.
  function normalize(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) out += String.fromCharCode(fold(text.charCodeAt(i)));
    return out;
  }

  function str(cps, a, b) { return String.fromCodePoint.apply(null, cps.slice(a, b)); }

  function leadingDot(cps, i) {
    return cps[i] === 0x2e && i + 1 < cps.length && cps[i + 1] >= 0x61 && cps[i + 1] <= 0x7a &&
      (i === 0 || (!isWord(cps[i - 1]) && cps[i - 1] !== 0x2e));
  }

  // eachTerm calls emit({t, pos, run, alt, word}) for every token of text.
  function eachTerm(text, query, emit) {
    var cps = [], offs = [], o = 0;
    for (var ch of text) {
      var cp = ch.codePointAt(0);
      cps.push(fold(cp));
      offs.push(o);
      o += cp >= 0x10000 ? 2 : 1;
    }
    offs.push(o);
    var n = cps.length, i = 0, j, k, run = 0;
    function tok(a, b, at, alt, word) {
      emit({ t: str(cps, a, Math.min(b, a + MAX_TOKEN)), pos: offs[at], run: run, alt: alt, word: word });
    }
    while (i < n) {
      var c = cps[i];
      if (isHan(c)) {
        for (j = i; j < n && isHan(cps[j]); j++);
        if (query) {
          if (j - i === 1) tok(i, i + 1, i, false, false);
          for (k = i; k + 1 < j; k += 2) tok(k, k + 2, k, false, false);
          if ((j - i) % 2 === 1 && j - i > 1) tok(j - 2, j, j - 2, false, false);
        } else {
          for (k = i; k < j; k++) {
            tok(k, k + 1, k, false, false);
            if (k + 1 < j) tok(k, k + 2, k, false, false);
          }
        }
        run++;
        i = j;
      } else if (isWord(c) || leadingDot(cps, i)) {
        var lead = c === 0x2e;
        j = lead ? i + 1 : i;
        while (j < n) {
          if (isWord(cps[j])) { j++; continue; }
          if (cps[j] === 0x2e && j > i && isDigit(cps[j - 1]) && j + 1 < n && isDigit(cps[j + 1])) { j++; continue; }
          break;
        }
        var end = j, suffix = 0;
        if (!isClassDigit(cps[end - 1]) && isLetter(cps[end - 1])) {
          if (end + 1 < n && cps[end] === 0x2b && cps[end + 1] === 0x2b && (end + 2 === n || !isWord(cps[end + 2]))) suffix = 2;
          else if (end < n && cps[end] === 0x23 && (end + 1 === n || !isWord(cps[end + 1]))) suffix = 1;
        }
        var a = lead ? i + 1 : i;
        while (a < end) {
          var b = a + 1;
          while (b < end && isClassDigit(cps[b]) === isClassDigit(cps[a])) b++;
          var s = lead && a === i + 1 ? i : a, e = b === end ? b + suffix : b;
          tok(s, e, s, false, true);
          if (!query) {
            var bareEnd = Math.min(b, a + MAX_TOKEN);
            if (bareEnd - a !== Math.min(e - s, MAX_TOKEN)) tok(a, bareEnd, a, true, true);
            for (k = a; k < bareEnd; k++) {
              if (cps[k] === 0x2e) { tok(a, k, a, true, true); break; }
            }
          }
          a = b;
        }
        run++;
        i = end + suffix;
      } else {
        i++;
      }
    }
  }

  function tokenize(text, query) {
    var out = [];
    eachTerm(text, query, function (t) { out.push(t.t); });
    return out;
  }

  function u16len(s) { return s.length; }

  function capQuery(q) {
    var out = "", n = 0;
    for (var ch of q) {
      if (n + ch.length > MAX_QUERY) break;
      out += ch;
      n += ch.length;
    }
    return out;
  }

  function collapse(s) { return s.replace(SPACE_RE, " ").trim(); }

  // parseQuery: the distinct terms (at most MAX_TERMS) and the groups of
  // tokens that must stand together (a Han run, a word's pieces, a quoted phrase).
  function parseQuery(q) {
    var norm = collapse(normalize(capQuery(q)));
    var pq = { norm: norm, terms: [], groups: [] }, idx = Object.create(null);
    var quoted = false, seg = "", segOff = 0, off = 0;
    function flush() {
      var gs = [], lastRun = -1;
      eachTerm(seg, true, function (t) {
        var k = idx[t.t];
        if (k === undefined) {
          if (pq.terms.length >= MAX_TERMS) return;
          k = idx[t.t] = pq.terms.length;
          pq.terms.push(t.t);
        }
        if (!gs.length || (!quoted && t.run !== lastRun)) {
          gs.push({ toks: [], slack: t.word && !quoted ? 1 : 0, quoted: quoted });
        }
        lastRun = t.run;
        gs[gs.length - 1].toks.push({ term: k, off: segOff + t.pos, ulen: u16len(t.t) });
      });
      pq.groups = pq.groups.concat(gs);
    }
    for (var ch of norm) {
      if (ch === "\"" || ch === "\u201c" || ch === "\u201d") {
        flush();
        quoted = !quoted;
        seg = "";
        segOff = off + 1;
      } else {
        seg += ch;
      }
      off += ch.length;
    }
    flush();
    return pq;
  }

  function queryTerms(q) { return parseQuery(q).terms; }

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

  function varints(s) {
    var out = [], v = 0, mult = 1;
    for (var i = 0; i < s.length; i++) {
      var c = ALPHA.indexOf(s[i]);
      v += (c & 31) * mult;
      if (c >= 32) { mult *= 32; continue; }
      out.push(v);
      v = 0; mult = 1;
    }
    return out;
  }

  function isSingleHan(t) {
    var cp = t.codePointAt(0);
    return isHan(cp) && t.length === (cp >= 0x10000 ? 2 : 1);
  }

  // decodeList: per doc holding the term, its id, packed counts and positions.
  function decodeList(s, single, limit) {
    var v = varints(s), l = { ids: [], packed: [], pos: [], limit: limit }, id = 0, i = 0;
    while (i + 1 < v.length) {
      id += v[i];
      // Counts: body_tf*2 for the body alone, else (body_tf*16 + heading*4 + title)*2 + 1.
      var c = v[i + 1], p = c % 2 ? (c - 1) / 2 : c / 2 * 16, t = p & 3, b = Math.floor(p / 16);
      i += 2;
      var np = single ? Math.min(1, t + b) : t + Math.min(b, limit), ps = [], x = 0;
      for (var k = 0; k < np && i < v.length; k++) { x += v[i++]; ps.push(x); }
      l.ids.push(id); l.packed.push(p); l.pos.push(ps);
    }
    return l;
  }

  function lowerBound(a, x) {
    var lo = 0, hi = a.length;
    while (lo < hi) { var m = (lo + hi) >> 1; if (a[m] < x) lo = m + 1; else hi = m; }
    return lo;
  }

  function has(ps, lo, hi) { var i = lowerBound(ps, lo); return i < ps.length && ps[i] <= hi; }

  function anchors(g, pos, cut, loose) {
    var first = pos[g.toks[0].term];
    if (g.toks.length === 1 || loose) return first;
    return first.filter(function (p) {
      for (var k = 1; k < g.toks.length; k++) {
        var d = g.toks[k].off - g.toks[0].off;
        var ps = pos[g.toks[k].term];
        if (!has(ps, p + d, p + d + g.slack * k) && !(cut[g.toks[k].term] && ps.length && p + d > ps[ps.length - 1])) return false;
      }
      return true;
    });
  }

  function span(as) {
    var evs = [];
    for (var g = 0; g < as.length; g++) {
      if (!as[g].length) return -1;
      as[g].forEach(function (p) { evs.push([p, g]); });
    }
    evs.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var cnt = as.map(function () { return 0; }), have = 0, best = -1, lo = 0;
    evs.forEach(function (e) {
      if (cnt[e[1]]++ === 0) have++;
      while (have === as.length) {
        var w = e[0] - evs[lo][0];
        if (best < 0 || w < best) best = w;
        if (--cnt[evs[lo][1]] === 0) have--;
        lo++;
      }
    });
    return best;
  }

  function rank(m, pq, lists, loose) {
    var docs = new Map(), N = m.docs;
    lists.forEach(function (l, ti) {
      var df = l.ids.length, idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
      for (var j = 0; j < l.ids.length; j++) {
        var id = l.ids[j], p = l.packed[j];
        var dl = LEN_TABLE[ALPHA.indexOf(m.lens[id])];
        var w = W_TITLE * (p & 3) + W_HEADING * ((p >> 2) & 3) + Math.floor(p / 16) / (1 - B + B * dl / m.avgdl);
        var a = docs.get(id);
        if (!a) { a = { score: 0, n: 0, pos: new Array(lists.length), cut: new Array(lists.length) }; docs.set(id, a); }
        a.score += idf * w * (K1 + 1) / (w + K1);
        a.n++;
        a.pos[ti] = l.pos[j];
        a.cut[ti] = Math.floor(p / 16) > l.limit;
      }
    });
    var hits = [];
    docs.forEach(function (a, id) {
      if (a.n !== lists.length) return;
      var as = [];
      for (var g = 0; g < pq.groups.length; g++) {
        var grp = pq.groups[g];
        as.push(anchors(grp, a.pos, a.cut, loose && !grp.quoted));
        if (grp.toks.length > 1 && !as[g].length && (!loose || grp.quoted)) return;
      }
      var score = a.score;
      if (as.length > 1) {
        var s = span(as);
        if (s >= 0) score *= 1 + PROX / (PROX + s);
      }
      hits.push({ id: id, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
    return hits;
  }

  function bestWindow(pq, lists, id) {
    var evs = [];
    lists.forEach(function (l, ti) {
      var j = lowerBound(l.ids, id);
      if (j === l.ids.length || l.ids[j] !== id) return;
      var nt = l.packed[j] & 3;
      if (isSingleHan(pq.terms[ti])) nt = Math.min(nt, 1);
      l.pos[j].slice(Math.min(nt, l.pos[j].length)).forEach(function (p) { evs.push([p, ti]); });
    });
    if (!evs.length) return -1;
    evs.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var best = -1, bestN = 0;
    for (var i = 0; i < evs.length; i++) {
      var seen = Object.create(null), n = 0;
      for (var k = i; k < evs.length && evs[k][0] < evs[i][0] + SNIP_SPAN; k++) {
        if (!seen[evs[k][1]]) { seen[evs[k][1]] = true; n++; }
      }
      if (n > bestN) { best = evs[i][0]; bestN = n; }
    }
    return best;
  }

  // mergeRanges sorts ranges and joins those at most gap apart.
  function mergeRanges(rs, gap) {
    rs = rs.slice().sort(function (a, b) { return a[0] - b[0]; });
    var out = [];
    rs.forEach(function (r) {
      var last = out[out.length - 1];
      if (last && r[0] <= last[1] + gap) last[1] = Math.max(last[1], r[1]);
      else out.push([r[0], r[1]]);
    });
    return out;
  }

  // FORMAT is the index format this script reads (internal/search's format,
  // held equal by TestJSFormat). A meta.json of another format is a stale
  // copy from a cache, or an index this page was not built with: it is asked
  // for again past the caches, and if it still differs the search fails with
  // a message instead of misreading the shards.
  var FORMAT = 3;

  // Index wraps the files under base. io.json(url) returns a promise of the
  // parsed file; io.ranges(url, [[from, to), …]) (bytes, sorted, disjoint) a
  // promise of one Uint8Array per range.
  function Index(base, io) {
    this.base = base;
    this.io = io;
    this.cache = Object.create(null);
    this.meta = null;
  }

  // url is the one place an index URL is made (meta.json, read before the
  // version is known, without it).
  Index.prototype.url = function (path) {
    return this.base + path + (this.meta ? "?v=" + this.meta.version : "");
  };

  Index.prototype.get = function (path) {
    var url = this.url(path), c = this.cache;
    if (!c[url]) c[url] = this.io.json(url).catch(function (e) { delete c[url]; throw e; });
    return c[url];
  };

  Index.prototype.load = function () {
    var self = this;
    if (!this.metaP) {
      this.metaP = this.io.json(this.url("meta.json")).then(function (m) {
        if (m.format === FORMAT) return m;
        return self.io.json(self.url("meta.json") + "?fresh=" + Date.now()).then(function (m2) {
          if (m2.format !== FORMAT) {
            throw new Error("search index format " + m2.format + ", this page reads " + FORMAT + ": the site must be built again");
          }
          return m2;
        });
      }).then(function (m) {
        self.meta = m;
        self.hot = Object.create(null);
        (m.hot || []).forEach(function (t, i) { self.hot[t] = i; });
        return m;
      }, function (e) { self.metaP = null; throw e; });
    }
    return this.metaP;
  };

  function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  // search resolves to {pq, hits: [{id, score}], loose, suggest, lists}.
  Index.prototype.search = function (q) {
    var self = this, pq = parseQuery(q);
    return this.load().then(function (m) {
      var res = { pq: pq, hits: [], loose: false, suggest: "", lists: [] };
      if (!pq.terms.length || !m.docs) return res;
      if (m.docs <= m.per) self.get("o/0.json"); // needed next; fetched alongside the shards
      return Promise.all(pq.terms.map(function (t) {
        var path = t in self.hot ? "h/" + self.hot[t] + ".json" : "s/" + (fnv1a(t) % m.shards) + ".json";
        return self.get(path).then(function (shard) {
          return own(shard, t) ? decodeList(shard[t], isSingleHan(t), t in self.hot ? HOT_POS_CAP : POS_CAP) : null;
        });
      })).then(function (lists) {
        var missing = [];
        lists.forEach(function (l, i) { if (!l) missing.push(i); });
        if (missing.length) {
          // Nothing can match: show what the closest query from the index's
          // own words finds, if anything.
          return self.suggest(pq, missing).then(function (r) { return r || res; });
        }
        res.lists = lists;
        res.hits = rank(m, pq, lists, false);
        if (!res.hits.length && pq.groups.some(function (g) { return !g.quoted && g.toks.length > 1; })) {
          res.hits = rank(m, pq, lists, true);
          res.loose = true;
        }
        return res;
      });
    });
  };

  // describe resolves to the records {u, t, s, d, i, x} of res.hits[from:to]:
  // URL, title, section, date, ISO date and snippet, from one request of
  // ranges per text file.
  Index.prototype.describe = function (res, from, to) {
    var self = this, m = this.meta, slice = res.hits.slice(from, to);
    var chunks = [];
    slice.forEach(function (h) { var k = Math.floor(h.id / m.per); if (chunks.indexOf(k) < 0) chunks.push(k); });
    return Promise.all(chunks.map(function (k) { return self.get("o/" + k + ".json"); })).then(function (os) {
      var offs = {};
      chunks.forEach(function (k, i) {
        var v = varints(os[i].o), o = [], at = 0;
        for (var j = 0; j + 1 < v.length; j += 2) { at += v[j]; o.push(at, v[j + 1]); }
        o.push(at + v[v.length - 1]);
        offs[k] = o;
      });
      var wants = slice.map(function (h) {
        var k = Math.floor(h.id / m.per), o = offs[k], j = h.id % m.per;
        var w = { k: k, start: o[2 * j], origin: o[2 * j] + o[2 * j + 1], end: o[2 * j + 2], c: bestWindow(res.pq, res.lists, h.id) };
        w.reach = w.c < 0 ? LEAD_RANGE : HEAD_RANGE; // the title; with no match in the body, its start too
        w.head = [w.start, Math.min(w.end, w.origin + w.reach)];
        if (w.c >= 0) w.win = [w.origin + Math.max(0, w.c - SNIP_BEFORE - 1), Math.min(w.end, w.origin + w.c + SNIP_AFTER)];
        return w;
      });
      return Promise.all(chunks.map(function (k) {
        var rs = [];
        wants.forEach(function (w) { if (w.k === k) { rs.push(w.head); if (w.win) rs.push(w.win); } });
        rs = mergeRanges(rs, RANGE_GAP); // a gap costs less than another part of a multipart answer
        return self.text("t/" + k + ".bin", rs).then(function (parts) { return { rs: rs, parts: parts }; });
      })).then(function (got) {
        var dec = new TextDecoder("utf-16le");
        function text(k, a, b) {
          var g = got[chunks.indexOf(k)];
          for (var i = 0; i < g.rs.length; i++) {
            var r = g.rs[i];
            if (a >= r[0] && b <= r[1]) return dec.decode(g.parts[i].subarray(2 * (a - r[0]), 2 * (b - r[0])));
          }
          return "";
        }
        return wants.map(function (w) {
          var head = text(w.k, w.head[0], w.head[1]), f = head.split(SEP);
          var rest = f.slice(4).join(SEP), nl = rest.indexOf("\n");
          var title = nl >= 0 ? rest.slice(0, nl) : rest + (w.origin + w.reach < w.end ? "…" : "");
          var d = { u: f[0].replace(/^\x1e/, ""), s: f[1] || "", d: f[2] || "", i: f[3] || "", t: title, x: "" };
          if (w.c < 0) {
            var lead = nl >= 0 ? rest.slice(nl + 1) : "";
            d.x = lead && w.origin + w.reach < w.end ? lead + "…" : lead;
            return d;
          }
          var s = text(w.k, w.win[0], w.win[1]), at = s.indexOf("\n");
          if (at >= 0) s = s.slice(at + 1);
          else if (w.win[0] > w.origin) s = "…" + s.slice(String.fromCodePoint(s.codePointAt(0)).length);
          if (w.origin + w.c + SNIP_AFTER < w.end) s += "…";
          d.x = s;
          return d;
        });
      });
    });
  };

  // text fetches ranges (UTF-16 units) of a text file: one request; a server
  // that ignores Range sends the whole file, which is then kept.
  Index.prototype.text = function (path, rs) {
    var self = this, url = this.url(path);
    this.whole = this.whole || Object.create(null);
    var bytes = rs.map(function (r) { return [2 * r[0], 2 * r[1]]; });
    if (this.whole[url]) {
      var w = this.whole[url];
      return Promise.resolve(bytes.map(function (r) { return w.subarray(r[0], r[1]); }));
    }
    return this.io.ranges(url, bytes).then(function (out) {
      if (out.whole) self.whole[url] = out.whole;
      return out.parts;
    });
  };

  // suggest resolves to the result of pq with each missing term replaced by
  // a word of the index one edit away (res.suggest is that query), or null:
  // of the first MAX_TRIES combinations of each term's five commonest
  // candidates, the first that matches exactly, else the first that matches.
  Index.prototype.suggest = function (pq, missing) {
    var self = this;
    return this.get("v.json").then(function (v) {
      var cands = [];
      for (var i = 0; i < missing.length; i++) {
        var c = nearest(pq.terms[missing[i]], v.v, 5);
        if (!c.length) return null;
        cands.push(c);
      }
      var pick = missing.map(function () { return 0; }), loose = null, tries = 0;
      function next() {
        if (tries++ >= MAX_TRIES) return Promise.resolve(loose);
        var s = replaceTerms(pq, missing, cands, pick);
        return self.search(s).then(function (r) {
          if (r.hits.length && !r.suggest) {
            r.suggest = s;
            if (!r.loose) return r;
            if (!loose) loose = r;
          }
          var k = 0;
          while (k < pick.length) {
            if (++pick[k] < cands[k].length) break;
            pick[k] = 0;
            k++;
          }
          return k === pick.length ? loose : next();
        });
      }
      return next();
    }, function () { return null; });
  };

  function replaceTerms(pq, missing, cands, pick) {
    var reps = [];
    missing.forEach(function (ti, i) {
      pq.groups.forEach(function (g) {
        g.toks.forEach(function (t) { if (t.term === ti) reps.push([t.off, t.ulen, cands[i][pick[i]]]); });
      });
    });
    reps.sort(function (a, b) { return b[0] - a[0]; });
    var s = pq.norm;
    reps.forEach(function (r) {
      if (r[0] + r[1] <= s.length) s = s.slice(0, r[0]) + r[2] + s.slice(r[0] + r[1]);
    });
    return s;
  }

  function nearest(t, vocab, n) {
    var a = Array.from(t), limit = a.length > 5 ? 2 : 1, han = isHan(a[0].codePointAt(0)), out = [];
    if (/\p{Nd}/u.test(a[0])) return out;
    for (var i = 0; i < vocab.length && out.length < n; i++) {
      var b = Array.from(vocab[i]);
      if (isHan(b[0].codePointAt(0)) !== han) continue;
      if (editDistance(a, b, limit) <= limit && vocab[i] !== t) out.push(vocab[i]);
    }
    return out;
  }

  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev2 = new Array(b.length + 1).fill(0), prev = [], cur = new Array(b.length + 1).fill(0);
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      cur[0] = i;
      var low = cur[0];
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
        low = Math.min(low, cur[j]);
      }
      if (low > limit) return limit + 1;
      var t = prev2; prev2 = prev; prev = cur; cur = t;
    }
    return prev[b.length];
  }

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
    return mergeRanges(rs, 0);
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

  // shorten cuts a query for the status line.
  function shorten(q) {
    var cs = Array.from(q);
    return cs.length > 20 ? cs.slice(0, 20).join("") + "…" : q;
  }

  /* ---- page ---- */

  function fetchJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }

  // fetchRanges asks for byte ranges in one request and splits a multipart
  // answer; a 200 (a server without Range) is the whole file.
  function fetchRanges(url, rs) {
    var spec = "bytes=" + rs.map(function (r) { return r[0] + "-" + (r[1] - 1); }).join(",");
    return fetch(url, { credentials: "same-origin", headers: { Range: spec } }).then(function (res) {
      if (res.status !== 200 && res.status !== 206) throw new Error(url + ": HTTP " + res.status);
      var ct = res.headers.get("Content-Type") || "", cr = res.headers.get("Content-Range") || "";
      return res.arrayBuffer().then(function (buf) {
        var u = new Uint8Array(buf), parts = [];
        if (res.status === 200) {
          return { whole: u, parts: rs.map(function (r) { return u.subarray(r[0], r[1]); }) };
        }
        var bm = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(ct);
        if (!bm) {
          var m1 = /bytes (\d+)-(\d+)/.exec(cr);
          parts.push({ a: +m1[1], data: u });
        } else {
          var s = new TextDecoder("latin1").decode(u), mark = "--" + (bm[1] || bm[2]), at = 0;
          for (;;) {
            at = s.indexOf(mark, at);
            if (at < 0) break;
            var hEnd = s.indexOf("\r\n\r\n", at);
            if (hEnd < 0) break;
            var m2 = /content-range:\s*bytes (\d+)-(\d+)/i.exec(s.slice(at, hEnd));
            if (!m2) break;
            var a = +m2[1], len = +m2[2] - a + 1;
            parts.push({ a: a, data: u.subarray(hEnd + 4, hEnd + 4 + len) });
            at = hEnd + 4 + len;
          }
        }
        return {
          parts: rs.map(function (r) {
            for (var i = 0; i < parts.length; i++) {
              var p = parts[i];
              if (r[0] >= p.a && r[1] <= p.a + p.data.length) return p.data.subarray(r[0] - p.a, r[1] - p.a);
            }
            throw new Error(url + ": range " + r + " missing");
          })
        };
      });
    });
  }

  // The words the page shows. The search form's data-text holds the theme's
  // i18n strings in the site's language (JSON); these are the fallbacks.
  // {q}, {n}, ... are filled in by text().
  var TEXT = {
    notFound: "未找到与“{q}”相关的内容，请换用其他关键词，或查看网站地图。",
    empty: "请输入关键词进行搜索。",
    searching: "正在搜索…",
    didYouMean: "您是不是要找：",
    indexFailed: "搜索索引加载失败，请稍后重试，或通过网站地图查找页面。",
    suggested: "未找到与“{q}”相关的内容，以下是“{suggest}”的 {n} 条结果",
    loose: "没有完全匹配“{q}”的内容，以下 {n} 条结果包含全部关键词",
    found: "找到 {n} 条结果",
    foundOne: "",
    pageOf: "，第 {page}/{pages} 页",
    resultsFailed: "搜索结果加载失败，请稍后重试。",
    prev: "上一页",
    next: "下一页",
    pageN: "第 {n} 页"
  };

  function text(key, vars) {
    return TEXT[key].replace(/\{(\w+)\}/g, function (m, name) {
      return vars && Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : m;
    });
  }

  function setup(form) {
    try {
      var own = JSON.parse(form.getAttribute("data-text") || "{}");
      Object.keys(TEXT).forEach(function (k) {
        if (typeof own[k] === "string" && own[k]) TEXT[k] = own[k];
      });
    } catch (e) { /* a theme's broken data-text: keep the fallbacks */ }
    var input = form.querySelector("input[name=q]");
    var status = document.getElementById("search-status");
    var suggestEl = document.getElementById("search-suggest");
    var list = document.getElementById("search-results");
    var pager = document.getElementById("search-pager");
    // The index is published at the search page's own URL, under the site's
    // base path: data-index names it, else this page's folder.
    var index = new Index(form.getAttribute("data-index") || location.pathname.replace(/[^/]*$/, ""), { json: fetchJSON, ranges: fetchRanges });
    var seq = 0, state = null;

    document.documentElement.classList.add("search-js");
    input.maxLength = MAX_QUERY;

    function urlFor(q, page) {
      var params = new URLSearchParams(location.search);
      if (q) params.set("q", q); else params.delete("q");
      if (page > 1) params.set("page", String(page)); else params.delete("page");
      var s = params.toString();
      return location.pathname + (s ? "?" + s : "") + location.hash;
    }

    // setURL records a query: a new query is a new history entry, a new page
    // of the same query replaces the current one.
    function setURL(q, page, push) {
      if (!window.history || !history.pushState) return;
      var u = urlFor(q, page);
      if (u === location.pathname + location.search + location.hash) return;
      if (push) history.pushState(null, "", u);
      else history.replaceState(history.state, "", u);
    }

    function clear() {
      list.textContent = "";
      pager.textContent = "";
      list.hidden = true;
      pager.hidden = true;
      if (suggestEl) { suggestEl.textContent = ""; suggestEl.hidden = true; }
    }

    function notFound(q) {
      return text("notFound", { q: shorten(q) });
    }

    function run(q, page, focus) {
      var my = ++seq;
      q = capQuery(q.trim());
      clear();
      state = null;
      if (!queryTerms(q).length) {
        status.textContent = q ? notFound(q) : text("empty");
        return Promise.resolve();
      }
      status.textContent = text("searching");
      form.setAttribute("aria-busy", "true");
      return index.search(q).then(function (res) {
        if (my !== seq) return;
        state = { q: q, terms: res.pq.terms, res: res };
        if (res.suggest && suggestEl) {
          suggestEl.textContent = text("didYouMean");
          var a = document.createElement("a");
          a.href = urlFor(res.suggest, 1);
          a.textContent = res.suggest;
          a.addEventListener("click", function (e) {
            e.preventDefault();
            input.value = res.suggest;
            setURL(res.suggest, 1, true);
            run(res.suggest, 1, false);
          });
          suggestEl.appendChild(a);
          suggestEl.hidden = false;
        }
        if (!res.hits.length) {
          form.removeAttribute("aria-busy");
          status.textContent = notFound(q);
          return;
        }
        return show(page, focus);
      }).catch(function () {
        if (my !== seq) return;
        form.removeAttribute("aria-busy");
        status.textContent = text("indexFailed");
      });
    }

    function show(page, focus) {
      var my = seq, hits = state.res.hits;
      var pages = Math.ceil(hits.length / PAGE_SIZE);
      page = Math.min(Math.max(1, page || 1), pages);
      return index.describe(state.res, (page - 1) * PAGE_SIZE, page * PAGE_SIZE).then(function (docs) {
        if (my !== seq) return;
        form.removeAttribute("aria-busy");
        state.page = page;
        list.textContent = "";
        list.start = (page - 1) * PAGE_SIZE + 1;
        docs.forEach(function (d) { list.appendChild(renderHit(d, state.terms)); });
        list.hidden = false;
        var res = state.res;
        var vars = { q: shorten(state.q), suggest: shorten(res.suggest || ""), n: hits.length, page: page, pages: pages };
        status.textContent = text(res.suggest ? "suggested" : res.loose ? "loose" : hits.length === 1 && TEXT.foundOne ? "foundOne" : "found", vars) +
          (pages > 1 ? text("pageOf", vars) : "");
        renderPager(page, pages);
        if (focus) list.focus();
      }).catch(function () {
        if (my !== seq) return;
        form.removeAttribute("aria-busy");
        status.textContent = text("resultsFailed");
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
      if (d.x) {
        var p = document.createElement("p");
        p.className = "result-snippet";
        appendMarked(p, d.x, terms);
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
        setURL(state.q, page, false);
        show(page, true);
      });
      return b;
    }

    function renderPager(page, pages) {
      pager.textContent = "";
      if (pages <= 1) { pager.hidden = true; return; }
      var ul = document.createElement("ul");
      function add(el) { var li = document.createElement("li"); li.appendChild(el); ul.appendChild(li); }
      add(button(text("prev"), page - 1, { disabled: page === 1 }));
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
        add(button(String(n), n, { aria: text("pageN", { n: n }), current: n === page }));
      });
      add(button(text("next"), page + 1, { disabled: page === pages }));
      pager.appendChild(ul);
      pager.hidden = false;
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var q = capQuery(input.value.trim());
      setURL(q, 1, true);
      run(q, 1, false);
    });

    function fromURL() {
      var params = new URLSearchParams(location.search);
      var q = capQuery(params.get("q") || "");
      input.value = q;
      if (q) run(q, parseInt(params.get("page"), 10) || 1, false);
      else { seq++; clear(); status.textContent = ""; }
    }
    window.addEventListener("popstate", fromURL);
    fromURL();
  }

  var api = {
    normalize: normalize, tokenize: tokenize, queryTerms: queryTerms, parseQuery: parseQuery, capQuery: capQuery,
    fnv1a: fnv1a, Index: Index, rank: rank, ranges: ranges, shorten: shorten, nearest: nearest, FORMAT: FORMAT,
    io: { json: fetchJSON, ranges: fetchRanges }
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
