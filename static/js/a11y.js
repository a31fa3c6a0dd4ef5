/*
 * 适老化工具栏（无依赖）。
 * 本文件在 <head> 中同步加载：第一部分立即在 <html> 上设置保存的类名，避免页面闪烁；
 * 第二部分在 DOMContentLoaded 后显示工具栏（默认带 hidden 属性）并绑定按钮。
 * 关闭 JavaScript 时工具栏保持隐藏，页面其余部分照常可用。
 */
(function () {
  "use strict";
  var KEY = "hd-a11y";
  var SIZES = { "": "", large: "a11y-fs-large", xlarge: "a11y-fs-xlarge" };
  var root = document.documentElement;

  function load() {
    var s = { size: "", contrast: false, cursor: false };
    try {
      var raw = window.localStorage.getItem(KEY);
      if (raw) {
        var v = JSON.parse(raw);
        if (v && Object.prototype.hasOwnProperty.call(SIZES, v.size)) { s.size = v.size; }
        s.contrast = !!(v && v.contrast);
        s.cursor = !!(v && v.cursor);
      }
    } catch (e) { /* 隐私模式或存储被禁用：使用默认设置 */ }
    return s;
  }

  function save(s) {
    try {
      if (!s.size && !s.contrast && !s.cursor) {
        window.localStorage.removeItem(KEY);
      } else {
        window.localStorage.setItem(KEY, JSON.stringify(s));
      }
    } catch (e) { /* 无法保存时只在本页生效 */ }
  }

  function apply(s) {
    root.classList.remove("a11y-fs-large", "a11y-fs-xlarge");
    if (SIZES[s.size]) { root.classList.add(SIZES[s.size]); }
    root.classList.toggle("a11y-contrast", s.contrast);
    root.classList.toggle("a11y-cursor", s.cursor);
  }

  var state = load();
  root.classList.add("js");
  apply(state);

  function sync(bar) {
    var i, b;
    var sizeButtons = bar.querySelectorAll("[data-a11y-size]");
    for (i = 0; i < sizeButtons.length; i++) {
      b = sizeButtons[i];
      b.setAttribute("aria-pressed", b.getAttribute("data-a11y-size") === state.size ? "true" : "false");
    }
    var toggles = bar.querySelectorAll("[data-a11y-toggle]");
    for (i = 0; i < toggles.length; i++) {
      b = toggles[i];
      b.setAttribute("aria-pressed", state[b.getAttribute("data-a11y-toggle")] ? "true" : "false");
    }
  }

  function init() {
    var bar = document.getElementById("a11y-toolbar");
    if (!bar) { return; }
    bar.addEventListener("click", function (ev) {
      var b = ev.target.closest ? ev.target.closest("button") : null;
      if (!b || !bar.contains(b)) { return; }
      if (b.hasAttribute("data-a11y-size")) {
        state.size = b.getAttribute("data-a11y-size");
      } else if (b.hasAttribute("data-a11y-toggle")) {
        var k = b.getAttribute("data-a11y-toggle");
        if (k === "contrast" || k === "cursor") { state[k] = !state[k]; }
      } else if (b.hasAttribute("data-a11y-reset")) {
        state = { size: "", contrast: false, cursor: false };
      } else {
        return;
      }
      apply(state);
      save(state);
      sync(bar);
    });
    sync(bar);
    bar.hidden = false;
  }

  // 其他标签页修改设置时同步（同一浏览器打开多个页面）。
  window.addEventListener("storage", function (ev) {
    if (ev.key !== KEY) { return; }
    state = load();
    apply(state);
    var bar = document.getElementById("a11y-toolbar");
    if (bar) { sync(bar); }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
