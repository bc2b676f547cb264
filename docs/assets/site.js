/* Progressive enhancements. Every page works without this file; it only adds:
   1. a currency choice next to prices (rates from prices.json, built from data/prices.yml),
   2. tickable checklists kept on this device (localStorage, no cookies),
   3. a quote request composed in the reader's own email or WhatsApp app.
   Nothing is sent to any server. */
(function () {
  "use strict";

  var rootUrl = new URL("../", document.currentScript.src);
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
  var CURRENCIES = ["USD", "EUR", "GBP", "TRY"];
  var CURRENCY_KEY = "dgs-currency";

  function roundConverted(value) {
    var step = value >= 100000 ? 1000 : 100;
    return Math.round(value / step) * step;
  }

  function format(value, currency) {
    return new Intl.NumberFormat(navigator.language || "en-GB", {
      style: "currency", currency: currency, maximumFractionDigits: 0, minimumFractionDigits: 0
    }).format(value);
  }

  function setupCurrency() {
    var select = document.getElementById("currency-choice");
    var prices = document.querySelectorAll(".price[data-currency]");
    if (!select || !prices.length) { return; }
    var root = document.documentElement;
    var rates = fetch(new URL("prices.json", rootUrl))
      .then(function (r) { return r.json(); })
      .then(function (data) { return data.exchange_rates.rates; });

    function fill(target, table) {
      prices.forEach(function (span) {
        var slot = span.nextElementSibling;
        if (!slot || !slot.classList.contains("price-converted")) {
          slot = el("span", { "class": "price-converted" });
          span.insertAdjacentElement("afterend", slot);
        }
        ["data-currency", "data-min", "data-max"].forEach(function (a) { slot.removeAttribute(a); });
        slot.textContent = "";
        var source = span.dataset.currency;
        if (!table || source === target) { return; }
        var factor = table[target] / table[source];
        var low = roundConverted(Number(span.dataset.min) * factor);
        var high = roundConverted(Number(span.dataset.max) * factor);
        slot.setAttribute("data-currency", target);
        slot.setAttribute("data-min", String(low));
        slot.setAttribute("data-max", String(high));
        slot.textContent = low === high ? "about " + format(low, target)
          : "about " + format(low, target) + " to " + format(high, target);
      });
    }
    function apply(target) {
      var on = CURRENCIES.indexOf(target) >= 0;
      root.classList.toggle("site-currency", on);
      if (!on) { fill(target, null); return; }
      rates.then(function (table) { if (select.value === target) { fill(target, table); } })
        .catch(function () { root.classList.remove("site-currency"); });
    }
    select.addEventListener("change", function () {
      store.set(CURRENCY_KEY, select.value || null);
      apply(select.value);
    });
    var saved = store.get(CURRENCY_KEY);
    if (CURRENCIES.indexOf(saved) >= 0) { select.value = saved; }
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

  function start() { setupCurrency(); setupChecklists(); setupQuote(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
