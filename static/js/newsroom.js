/*
 * 首页焦点图轮播与主导航子菜单（无依赖，渐进增强）。
 * 不运行脚本时：焦点图是一组普通的图文链接；子菜单在鼠标悬停或键盘焦点进入时显示。
 * 轮播按 WAI-ARIA APG 的 Carousel 模式：可见的暂停/播放按钮，上一张/下一张按钮，
 * 焦点或鼠标在轮播内时暂停自动切换，系统设置“减少动态效果”时不自动播放。
 */
(function () {
  "use strict";
  var INTERVAL = 6000;

  // label returns the text the template put in attribute name (the theme's
  // i18n table, in the site's language), or fallback.
  function label(el, name, fallback) {
    return el.getAttribute(name) || fallback;
  }

  function carousel(root) {
    var slides = root.querySelectorAll(".focus-slide");
    if (slides.length < 2) { return; }
    var list = root.querySelector(".focus-slides");
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var current = 0, timer = null, playing = !reduce, hovered = false;

    root.classList.add("is-carousel");
    list.setAttribute("aria-live", playing ? "off" : "polite");
    root.setAttribute("aria-roledescription", label(root, "data-label", "轮播"));

    var bar = document.createElement("div");
    bar.className = "focus-controls";
    function button(cls, text) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = cls;
      b.textContent = text;
      bar.appendChild(b);
      return b;
    }
    var pause = button("focus-pause", "");
    var prev = button("focus-prev", label(root, "data-prev", "上一张"));
    var next = button("focus-next", label(root, "data-next", "下一张"));
    var count = document.createElement("span");
    count.className = "focus-count";
    bar.appendChild(count);
    list.parentNode.insertBefore(bar, list);

    function show(n) {
      current = (n + slides.length) % slides.length;
      for (var i = 0; i < slides.length; i++) {
        slides[i].hidden = i !== current;
      }
      count.textContent = (current + 1) + " / " + slides.length;
    }
    function tick() {
      clearTimeout(timer);
      timer = null;
      if (playing && !hovered) {
        timer = setTimeout(function () { show(current + 1); tick(); }, INTERVAL);
      }
    }
    function setPlaying(on) {
      playing = on;
      pause.textContent = on ? label(root, "data-pause", "暂停轮播") : label(root, "data-play", "播放轮播");
      pause.setAttribute("aria-pressed", on ? "false" : "true");
      list.setAttribute("aria-live", on ? "off" : "polite");
      tick();
    }
    pause.addEventListener("click", function () { setPlaying(!playing); });
    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    root.addEventListener("mouseenter", function () { hovered = true; tick(); });
    root.addEventListener("mouseleave", function () { hovered = false; tick(); });
    // Keyboard focus entering the carousel stops the rotation for good; the
    // play button starts it again (APG Carousel).
    root.addEventListener("focusin", function (e) {
      if (playing && !root.contains(e.relatedTarget)) { setPlaying(false); }
    });
    root.addEventListener("keydown", function (e) {
      if (e.target.tagName === "BUTTON" || e.target.tagName === "A") {
        if (e.key === "ArrowLeft") { show(current - 1); e.preventDefault(); }
        if (e.key === "ArrowRight") { show(current + 1); e.preventDefault(); }
      }
    });
    show(0);
    setPlaying(playing);
  }

  function submenus(nav) {
    var items = nav.querySelectorAll(".has-sub");
    if (!items.length) { return; }
    nav.classList.add("has-js");
    function closeAll(except) {
      for (var i = 0; i < items.length; i++) {
        if (items[i] !== except) {
          var b = items[i].querySelector(".submenu-toggle");
          b.setAttribute("aria-expanded", "false");
          items[i].querySelector(".submenu").hidden = true;
        }
      }
    }
    Array.prototype.forEach.call(items, function (li) {
      var sub = li.querySelector(".submenu");
      var b = document.createElement("button");
      b.type = "button";
      b.className = "submenu-toggle";
      b.setAttribute("aria-expanded", "false");
      b.setAttribute("aria-controls", sub.id);
      b.innerHTML = '<span class="visually-hidden"></span><span aria-hidden="true">▾</span>';
      b.firstChild.textContent = label(nav, "data-submenu-label", "展开“%s”子菜单").replace("%s", function () { return sub.getAttribute("data-name"); });
      li.insertBefore(b, sub);
      sub.hidden = true;
      b.addEventListener("click", function () {
        var open = b.getAttribute("aria-expanded") !== "true";
        closeAll(li);
        b.setAttribute("aria-expanded", open ? "true" : "false");
        sub.hidden = !open;
      });
      li.addEventListener("keydown", function (e) {
        if (e.key === "Escape" && !sub.hidden) {
          sub.hidden = true;
          b.setAttribute("aria-expanded", "false");
          b.focus();
        }
      });
    });
    document.addEventListener("click", function (e) {
      if (!nav.contains(e.target)) { closeAll(null); }
    });
  }

  function init() {
    var f = document.querySelectorAll("[data-focus]");
    for (var i = 0; i < f.length; i++) { carousel(f[i]); }
    var n = document.querySelector(".site-nav");
    if (n) { submenus(n); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
