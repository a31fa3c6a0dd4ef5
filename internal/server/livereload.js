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
        var pre = el("pre", "hd-source", p.source);
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
    if (changed.indexOf(here) >= 0) { reload(); return; }
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
