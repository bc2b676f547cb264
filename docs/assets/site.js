/* Progressive enhancements. Every page works without this file; it only adds:
   1. a currency choice next to prices (the converted figures are written into the page at build time),
   2. tickable checklists kept on this device (localStorage, no cookies),
   3. a quote request composed in the reader's own email or WhatsApp app,
   4. a phone menu that opens at its top level.
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
     (a data-in-eur attribute holds the euro text); this only shows the chosen one and remembers the choice. */
  var CURRENCY_KEY = "dgs-currency";

  function setupCurrency() {
    var select = document.getElementById("currency-choice");
    var prices = document.querySelectorAll(".price[data-currency]");
    if (!select || !prices.length) { return; }
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
      store.set(CURRENCY_KEY, select.value || null);
      apply(select.value);
    });
    var saved = store.get(CURRENCY_KEY);
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
        var box = el("input", { type: "checkbox", id: "tick-" + item.id });
        var label = el("label", { "for": "tick-" + item.id });
        while (item.firstChild) { label.appendChild(item.firstChild); }
        box.checked = store.get(key) === "1";
        box.addEventListener("change", function () { store.set(key, box.checked ? "1" : null); });
        item.appendChild(box);
        item.appendChild(label);
      });
    });
    document.querySelectorAll("button.print-checklist").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  /* 3. Quote request --------------------------------------------------------------------- */
  function setupQuote() {
    var form = document.querySelector("form.quote-form");
    if (!form) { return; }
    var preview = form.querySelector("#quote-preview");
    function compose() {
      var blank = form.dataset.blank;
      var values = {};
      ["therapy", "dates", "country", "name"].forEach(function (name) {
        values[name] = (form.elements[name].value || "").trim() || blank;
      });
      var checked = form.querySelector("input[name=contact_by]:checked");
      values.contact_by = checked ? checked.value : blank;
      return form.dataset.template.replace(/\{(\w+)\}/g, function (m, key) { return values[key]; });
    }
    function update() {
      var body = compose();
      preview.value = body;
      var mail = form.querySelector("[data-channel=email]");
      if (mail) {
        mail.href = "mailto:" + encodeURIComponent(form.dataset.email).replace("%40", "@") +
          "?subject=" + encodeURIComponent(form.dataset.subject) +
          "&body=" + encodeURIComponent(body.replace(/\n/g, "\r\n"));
      }
      var wa = form.querySelector("[data-channel=whatsapp]");
      if (wa) {
        wa.href = "https://wa.me/" + form.dataset.whatsapp.replace(/\D/g, "") + "?text=" + encodeURIComponent(body);
      }
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    update();
  }

  /* 4. Phone menu ------------------------------------------------------------------------ */
  /* The theme marks the current page's section as open, so the phone menu would open inside it; it opens
     at its top level instead, with "Home" and every section. (Wide screens show sections whatever this.) */
  function setupMenu() {
    document.querySelectorAll(".md-nav--primary .md-nav__item--section > .md-nav__toggle[checked]")
      .forEach(function (toggle) { toggle.checked = false; });
  }

  function start() { setupCurrency(); setupChecklists(); setupQuote(); setupMenu(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
