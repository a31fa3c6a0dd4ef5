// 衡东 serve 的检查面板：只在本地预览中注入。列出正式生成（build）时同样的检查结果，
// 本页的问题排在前面。Check panel, injected by serve only: the findings `build`
// would report, updated over the live-reload stream (livereload.js passes each
// event on as a "hd-serve" DOM event).
(function () {
  "use strict";
  var here = decodeURIComponent(location.pathname);
  if (here.slice(-11) === "/index.html") here = here.slice(0, -10);
  var id = "hd-serve-checks";
  var openKey = "hd-serve-checks-open";

  function el(tag, text, style) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (style) e.setAttribute("style", style);
    return e;
  }

  function item(f) {
    var li = el("li", "", "margin:0 0 .8em;padding:0 0 .8em;border-bottom:1px solid #ccc");
    li.className = "hd-finding";
    li.setAttribute("data-rule", f.rule);
    var err = f.level === "error";
    var head = el("p", "", "margin:0");
    head.appendChild(el("strong", err ? "错误" : "警告", "color:" + (err ? "#a4001d" : "#6b4400")));
    head.appendChild(document.createTextNode(" "));
    head.appendChild(el("code", "[" + f.rule + "]", "color:#333"));
    head.appendChild(document.createTextNode(" "));
    var pos = el("code", f.pos, "color:#00457a;word-break:break-all");
    pos.className = "hd-pos";
    head.appendChild(pos);
    if (f.blocks) {
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("strong", "「正式生成时会失败」", "color:#fff;background:#a4001d;padding:0 .3em;border-radius:3px"));
    }
    if (f.unpublished) {
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("span", "（草稿或未到发布时间：正式生成时不发布，发布前要改好）", "color:#444"));
    }
    li.appendChild(head);
    var msg = el("p", f.msg + (f.fix ? "；" + f.fix : ""), "margin:.2em 0");
    msg.className = "hd-msg";
    li.appendChild(msg);
    if (f.context && f.context.length) {
      var d = el("details");
      d.appendChild(el("summary", "查看源文件第 " + f.line + " 行附近", "cursor:pointer;color:#00457a"));
      var pre = el("pre", "", "margin:.3em 0;padding:.4em;background:#f3f3f3;color:#1a1a1a;white-space:pre-wrap;overflow-x:auto");
      pre.className = "hd-context";
      for (var i = 0; i < f.context.length; i++) {
        var c = f.context[i];
        var line = el(c.n === f.line ? "mark" : "span", String(c.n).padStart(4, " ") + "  " + c.text + "\n",
          c.n === f.line ? "background:#fff0a8;color:#1a1a1a" : "");
        pre.appendChild(line);
      }
      d.appendChild(pre);
      li.appendChild(d);
    }
    return li;
  }

  function group(title, fs) {
    var sec = el("section", "", "margin:.6em 0 0");
    sec.appendChild(el("h2", title + "（" + fs.length + "）", "font-size:1em;margin:0 0 .4em;color:#1a1a1a"));
    var ol = el("ol", "", "margin:0;padding:0 0 0 1.4em");
    for (var i = 0; i < fs.length; i++) ol.appendChild(item(fs[i]));
    sec.appendChild(ol);
    return sec;
  }

  function render(rep) {
    var old = document.getElementById(id);
    var wasOpen = old ? old.querySelector("details").open : sessionStorage.getItem(openKey) === "1";
    var aside = el("aside", "", "position:fixed;right:12px;bottom:12px;z-index:2147483646;max-width:min(44em,calc(100vw - 24px));" +
      "max-height:calc(100vh - 24px);overflow:auto;background:#fff;color:#1a1a1a;border:2px solid #333;border-radius:6px;" +
      "box-shadow:0 2px 8px rgba(0,0,0,.3);font:14px/1.5 system-ui,sans-serif;text-align:left");
    aside.id = id;
    aside.setAttribute("aria-label", "预览检查结果");
    // The page is patched in place after a save (livereload.js): the panel
    // is the page's own, not the server's HTML, and must stay.
    aside.setAttribute("data-hd-keep", "");
    var det = el("details");
    det.open = wasOpen;
    det.addEventListener("toggle", function () { sessionStorage.setItem(openKey, det.open ? "1" : "0"); });
    var sum = el("summary", "", "cursor:pointer;padding:.3em .7em;font-weight:bold");
    sum.className = "hd-badge";
    if (!rep.errors && !rep.warnings) {
      sum.textContent = "检查通过：没有错误和警告";
    } else {
      sum.appendChild(document.createTextNode("检查："));
      sum.appendChild(el("span", rep.errors + " 个错误", rep.errors ? "color:#a4001d" : ""));
      sum.appendChild(document.createTextNode(" · "));
      sum.appendChild(el("span", rep.warnings + " 个警告", rep.warnings ? "color:#6b4400" : ""));
      if (rep.blocking) sum.appendChild(document.createTextNode("（正式生成会失败）"));
    }
    det.appendChild(sum);
    var body = el("div", "", "padding:0 .8em .6em");
    body.appendChild(el("p", "与正式生成（build）相同的检查；保存文件后自动更新。", "margin:.2em 0;color:#444"));
    var mine = [], other = [];
    var fs = rep.findings || [];
    for (var i = 0; i < fs.length; i++) (fs[i].page === here ? mine : other).push(fs[i]);
    if (mine.length) body.appendChild(group("本页", mine));
    if (other.length) body.appendChild(group("其他页面和全站", other));
    if (rep.more) body.appendChild(el("p", "另有 " + rep.more + " 处未列出，运行 check 查看全部。"));
    det.appendChild(body);
    aside.appendChild(det);
    if (old) old.replaceWith(aside); else document.body.appendChild(aside);
  }

  document.addEventListener("hd-serve", function (e) {
    if (e.detail && e.detail.check) render(e.detail.check);
  });
})();
