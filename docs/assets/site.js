/* Progressive enhancements. Every page works without this file; it only adds:
   1. a currency choice next to prices (the converted figures are written into the page at build time),
   2. tickable checklists kept on this device (localStorage, no cookies),
   3. a quote request composed in the reader's own email or WhatsApp app,
   4. the alert card's typed values kept on this device only when the reader asks,
   5. offline copies of key pages (the service worker sw.js).
   6. a phone menu that opens at its top level.
   Nothing is sent to any server. */
(function () {
  "use strict";

  var store = {
    get: function (key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } },
    set: function (key, value) {
      try {
        if (value === null) { window.localStorage.removeItem(key); } else { window.localStorage.setItem(key, value); }
      } catch (e) { /* storage blocked: the page still works */ }
    }
  };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  /* 1. Currency choice ------------------------------------------------------------------ */
  /* Each price carries its figure in every other currency, converted and rounded when the site was built
     (a data-in-eur attribute holds the euro text); this only shows the chosen one and remembers the choice
     under the storage key the build writes on the control. */
  function setupCurrency() {
    var select = document.getElementById("currency-choice");
    var prices = document.querySelectorAll(".price[data-currency]");
    if (!select || !prices.length) { return; }
    var key = select.getAttribute("data-storage-key");
    var root = document.documentElement;
    var codes = Array.prototype.map.call(select.options, function (o) { return o.value; }).filter(Boolean);

    function apply(target) {
      var on = codes.indexOf(target) >= 0;
      root.classList.toggle("site-currency", on);
      prices.forEach(function (span) {
        var slot = span.nextElementSibling;
        if (!slot || !slot.classList.contains("price-converted")) { return; }
        var text = on ? span.getAttribute("data-in-" + target.toLowerCase()) : null;
        slot.textContent = text || "";
        if (text) { slot.setAttribute("data-currency", target); } else { slot.removeAttribute("data-currency"); }
      });
    }
    select.addEventListener("change", function () {
      store.set(key, select.value || null);
      apply(select.value);
    });
    var saved = store.get(key);
    if (codes.indexOf(saved) >= 0) { select.value = saved; }
    apply(select.value);
  }

  /* 2. My checklist ---------------------------------------------------------------------- */
  function setupChecklists() {
    var lists = document.querySelectorAll("ul.checklist[data-checklist]");
    if (!lists.length) { return; }
    lists.forEach(function (list) {
      list.classList.add("checklist--interactive");
      list.querySelectorAll("li[id]").forEach(function (item) {
        var key = "dgs-checklist:" + item.id;
        /* The box sits inside its label, so it needs no id of its own (ids come only from the build). */
        var box = el("input", { type: "checkbox" });
        var label = el("label");
        while (item.firstChild) { label.appendChild(item.firstChild); }
        label.insertBefore(box, label.firstChild);
        box.checked = store.get(key) === "1";
        box.addEventListener("change", function () { store.set(key, box.checked ? "1" : null); });
        item.appendChild(label);
      });
    });
    document.querySelectorAll("button.print-checklist").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  /* 3. Quote request --------------------------------------------------------------------- */
  /* The build writes the message (data-template) and each link (data-href-template) with {name} slots;
     this only fills each slot with the form field of that name, URL-encoded in links. */
  function setupQuote() {
    var form = document.querySelector("form.quote-form");
    if (!form) { return; }
    var preview = form.querySelector("#quote-preview");
    function fill(template, encode) {
      return template.replace(/\{(\w+)\}/g, function (slot, name) {
        var field = form.elements[name];
        var value = ((field && field.value) || "").trim() || form.dataset.blank;
        return encode ? encodeURIComponent(value) : value;
      });
    }
    function update() {
      preview.value = fill(form.dataset.template, false);
      form.querySelectorAll("a[data-href-template]").forEach(function (link) {
        link.href = fill(link.dataset.hrefTemplate, true);
      });
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    update();
  }

  /* 4. Alert card -------------------------------------------------------------------------- */
  /* What the reader types is kept in this browser only while "Remember on this device" is ticked. The
     fields (data-alert-field) and the storage key (data-store) are written into the page by the build. */
  function setupAlertCard() {
    var card = document.querySelector(".alert-card[data-store]");
    if (!card) { return; }
    var key = card.getAttribute("data-store");
    var remember = card.querySelector(".alert-card__remember input");
    var fields = card.querySelectorAll("[data-alert-field]");
    function each(fn) { fields.forEach(function (f) { fn(f, f.type === "checkbox" ? "checked" : "value"); }); }
    function save() {
      var values = {};
      each(function (f, prop) { values[f.id] = f[prop]; });
      store.set(key, remember.checked ? JSON.stringify(values) : null);
    }
    var saved = null;
    try { saved = JSON.parse(store.get(key)); } catch (e) { /* nothing kept */ }
    if (saved && typeof saved === "object") {
      remember.checked = true;
      each(function (f, prop) { if (f.id in saved) { f[prop] = prop === "checked" ? saved[f.id] === true : String(saved[f.id]); } });
    }
    card.addEventListener("input", save);
    card.addEventListener("change", save);
    card.querySelector(".alert-card__forget").addEventListener("click", function () {
      remember.checked = false;
      each(function (f, prop) { f[prop] = prop === "checked" ? false : ""; });
      save();
    });
    card.querySelector(".alert-card__print").addEventListener("click", function () { window.print(); });
  }

  /* 5. Offline reading: sw.js, written by the build at the site root (base is the theme's path to it). */
  function setupOffline() {
    var config = document.getElementById("__config");
    if (!config || !("serviceWorker" in navigator)) { return; }
    var worker = new URL(JSON.parse(config.textContent).base + "/sw.js", window.location.href).href;
    function register() { navigator.serviceWorker.register(worker).catch(function () { /* online only */ }); }
    if (document.readyState === "complete") { register(); } else { window.addEventListener("load", register); }
  }

  /* 6. Phone menu ------------------------------------------------------------------------ */
  /* The theme marks the current page's section as open, so the phone menu would open inside it; it opens
     at its top level instead, with "Home" and every section. (Wide screens show sections whatever this.) */
  function setupMenu() {
    document.querySelectorAll(".md-nav--primary .md-nav__item--section > .md-nav__toggle[checked]")
      .forEach(function (toggle) { toggle.checked = false; });
  }

  function start() { setupCurrency(); setupChecklists(); setupQuote(); setupAlertCard(); setupOffline(); setupMenu(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
