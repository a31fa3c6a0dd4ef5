// 衡东 serve 的实时刷新客户端：只在本地预览中注入，正式构建不包含。
// Live-reload client, injected by serve only. Listens to Server-Sent Events.
(function () {
  "use strict";
  var here = decodeURIComponent(location.pathname);
  if (here.slice(-11) === "/index.html") here = here.slice(0, -10);
  var scrollKey = "hd-serve-scroll:" + here;
  var saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    var y = parseInt(saved, 10) || 0;
    var restore = function () { window.scrollTo(0, y); };
    restore();
    window.addEventListener("load", restore);
  }

  function reload() {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  }

  // Patching the open page in place: the new HTML is fetched and the live
  // DOM is made to match it node by node, so the scroll position, the focus
  // and the page's script state survive, and nothing is loaded again. A
  // change a morph cannot apply (a script added, removed or changed: it
  // would not run) reloads instead. Hand-written, to load nothing from
  // other hosts and to stay small.
  var patchSeq = 0;
  function patch() {
    var seq = ++patchSeq;
    fetch(location.href, { cache: "no-store", credentials: "same-origin" }).then(function (r) {
      if (!r.ok || !/text\/html/.test(r.headers.get("Content-Type") || "")) throw new Error("status " + r.status);
      return r.text();
    }).then(function (html) {
      if (seq !== patchSeq) return; // a newer change is on its way
      var doc = new DOMParser().parseFromString(html, "text/html");
      if (scriptsOf(document) !== scriptsOf(doc)) { reload(); return; }
      var x = window.scrollX, y = window.scrollY;
      var focused = document.activeElement;
      morphAttrs(document.documentElement, doc.documentElement);
      morphChildren(document.head, doc.head);
      morphChildren(document.body, doc.body);
      morphAttrs(document.body, doc.body);
      if (document.title !== doc.title) document.title = doc.title;
      if (focused && focused !== document.activeElement && focused.isConnected) focused.focus({ preventScroll: true });
      if (window.scrollX !== x || window.scrollY !== y) window.scrollTo({ left: x, top: y, behavior: "instant" });
      window.__hdPatched = (window.__hdPatched || 0) + 1;
    }).catch(function () { if (seq === patchSeq) reload(); });
  }

  // scriptsOf is a page's scripts, except this client (its data-version
  // changes with every render).
  function scriptsOf(doc) {
    var out = [], list = doc.getElementsByTagName("script");
    for (var i = 0; i < list.length; i++) {
      var s = list[i];
      if (isClient(s)) continue;
      out.push(s.outerHTML);
    }
    return out.join("\n");
  }
  function isClient(n) {
    return n.nodeType === 1 && n.tagName === "SCRIPT" && (n.getAttribute("src") || "").indexOf("/__livereload.js") >= 0;
  }
  // kept reports nodes the page made for itself that the server's HTML does
  // not have: the error overlay and anything marked data-hd-keep.
  function kept(n) {
    return n.nodeType === 1 && (n.id === overlayID || n.hasAttribute("data-hd-keep"));
  }
  function same(a, b) {
    if (a.nodeType !== b.nodeType || a.nodeName !== b.nodeName) return false;
    return a.nodeType !== 1 || (a.id || "") === (b.id || "");
  }
  function morphAttrs(from, to) {
    var i, a;
    for (i = from.attributes.length - 1; i >= 0; i--) {
      a = from.attributes[i];
      if (!to.hasAttributeNS(a.namespaceURI, a.localName)) from.removeAttributeNS(a.namespaceURI, a.localName);
    }
    for (i = 0; i < to.attributes.length; i++) {
      a = to.attributes[i];
      if (from.getAttributeNS(a.namespaceURI, a.localName) !== a.value) from.setAttributeNS(a.namespaceURI, a.name, a.value);
    }
  }
  function morphNode(from, to) {
    if (from.nodeType !== 1) {
      if (from.nodeValue !== to.nodeValue) from.nodeValue = to.nodeValue;
      return;
    }
    if (isClient(from)) return;
    morphAttrs(from, to);
    var tag = from.tagName;
    if ((tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") && from === document.activeElement) return; // the editor's typing
    if (tag === "INPUT") from.value = to.value;
    if (tag === "TEXTAREA") { from.value = to.value; return; }
    if (from.isEqualNode(to)) return;
    morphChildren(from, to);
  }
  function morphChildren(from, to) {
    var a = from.firstChild, b = to.firstChild, next, m;
    while (b) {
      next = b.nextSibling;
      while (a && kept(a)) a = a.nextSibling;
      if (a && same(a, b)) {
        morphNode(a, b);
        a = a.nextSibling;
      } else if (b.nodeType === 1 && b.id && (m = document.getElementById(b.id)) && m.parentNode === from && m.nodeName === b.nodeName) {
        from.insertBefore(m, a); // moved, kept with its state
        morphNode(m, b);
      } else if (a && b.nextSibling && same(a, b.nextSibling)) {
        from.insertBefore(document.importNode(b, true), a); // inserted before a
      } else if (a && a.nextSibling && same(a.nextSibling, b)) {
        var gone = a; a = a.nextSibling; // removed
        if (!kept(gone)) from.removeChild(gone);
        continue;
      } else {
        from.insertBefore(document.importNode(b, true), a);
        if (a && !kept(a)) { var old = a; a = a.nextSibling; from.removeChild(old); }
      }
      b = next;
    }
    while (a) {
      next = a.nextSibling;
      if (!kept(a)) from.removeChild(a);
      a = next;
    }
  }

  function swapCSS(paths) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (url.origin !== location.origin) continue;
      if (paths.indexOf(decodeURIComponent(url.pathname)) < 0) continue;
      url.searchParams.set("__reload", String(Date.now()));
      links[i].href = url.pathname + url.search;
    }
  }

  var overlayID = "hd-serve-error";
  function hideOverlay() {
    var o = document.getElementById(overlayID);
    if (o) o.remove();
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function showOverlay(problems) {
    hideOverlay();
    var o = el("div");
    o.id = overlayID;
    o.setAttribute("role", "alertdialog");
    o.setAttribute("aria-modal", "false");
    o.setAttribute("aria-labelledby", overlayID + "-title");
    o.setAttribute("style", "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.92);" +
      "color:#fff;font:16px/1.6 system-ui,sans-serif;padding:2em");
    var h = el("h2", "", "生成出错：页面仍显示上一次成功的结果");
    h.id = overlayID + "-title";
    h.setAttribute("style", "margin:0 0 1em;color:#ffb4b4;font-size:1.3em");
    o.appendChild(h);
    var list = el("ol");
    list.setAttribute("role", "alert");
    for (var i = 0; i < problems.length; i++) {
      var p = problems[i];
      var li = el("li");
      li.setAttribute("style", "margin-bottom:1.2em");
      var pos = el("code", "hd-pos", p.pos);
      pos.setAttribute("style", "color:#9cdcfe");
      li.appendChild(pos);
      li.appendChild(el("p", "hd-msg", p.msg + (p.fix ? "；" + p.fix : "")));
      if (p.source) {
        var pre = el("pre", "hd-source", p.mark ? "" : p.source);
        if (p.mark) { // the offending character, made visible
          var mk = el("mark", "hd-mark", p.mark.label);
          mk.setAttribute("style", "background:#ffd27f;color:#000;padding:0 .2em;border-radius:2px");
          pre.append(p.mark.before, mk, p.mark.after);
        }
        pre.setAttribute("style", "background:#000;color:#ffd27f;padding:.5em;white-space:pre-wrap");
        li.appendChild(pre);
      }
      if (p.detail) li.appendChild(el("p", "hd-detail", "(" + p.detail + ")"));
      list.appendChild(li);
    }
    o.appendChild(list);
    o.appendChild(el("p", "", "修改并保存文件后，本提示会自动消失。"));
    document.body.appendChild(o);
  }

  // The version of the site this page was served from. Every change the
  // server tells of adds one. A message that skips a version, or the greeting
  // sent on (re)connecting with a newer version, means changes were missed
  // while the page loaded or the stream was down: reload.
  var script = document.currentScript;
  var version = script ? parseInt(script.getAttribute("data-version"), 10) : NaN;

  var es = new EventSource("/__livereload");
  es.onopen = function () { window.__hdLiveReload = "open"; };
  es.onerror = function () { window.__hdLiveReload = "down"; };
  es.onmessage = function (m) {
    var ev;
    try { ev = JSON.parse(m.data); } catch (e) { return; }
    document.dispatchEvent(new CustomEvent("hd-serve", { detail: ev })); // for panel.js
    if (!ev.ok) { showOverlay(ev.problems || []); return; }
    hideOverlay();
    if (!isNaN(version) && typeof ev.version === "number") {
      if (ev.hello) {
        if (ev.version > version) reload();
        return;
      }
      if (ev.version > version + 1) { reload(); return; }
      if (ev.version <= version) return; // told already
      version = ev.version;
    }
    var changed = ev.changed || [];
    if (ev.all) { reload(); return; }
    if (!changed.length) return;
    if (changed.indexOf(here) >= 0) { patch(); return; }
    var edited = ev.edited || [];
    for (var k = 0; k < edited.length; k++) {
      // The editor saved another page: show that one (Hugo's --navigateToChanged).
      if (edited[k] !== here && changed.indexOf(edited[k]) >= 0) { location.href = edited[k]; return; }
    }
    var css = [], other = false;
    for (var i = 0; i < changed.length; i++) {
      var c = changed[i];
      if (/\.css$/i.test(c)) css.push(c);
      else if (/\.(js|svg|png|jpe?g|gif|webp|woff2?)$/i.test(c)) other = true;
    }
    if (other) { reload(); return; }
    if (css.length) swapCSS(css);
  };
})();
