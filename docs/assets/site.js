/* Progressive enhancements. Every page works without this file; it only adds:
   1. a currency choice next to prices (rates from prices.json, built from data/prices.yml),
   2. tickable checklists kept on this device (localStorage, no cookies),
   3. a quote request composed in the reader's own email or WhatsApp app.
   Nothing is sent to any server. */
(function () {
  "use strict";

  var root = new URL("../", document.currentScript.src);
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
    var prices = document.querySelectorAll(".price[data-currency]");
    if (!prices.length) { return; }
    fetch(new URL("prices.json", root)).then(function (r) { return r.json(); }).then(function (data) {
      var rates = data.exchange_rates;
      var box = el("div", { "class": "currency-choice" });
      var label = el("label", { "for": "currency-choice" }, "Also show prices in: ");
      var select = el("select", { id: "currency-choice" });
      select.appendChild(el("option", { value: "" }, "Only the original currency"));
      CURRENCIES.forEach(function (c) { select.appendChild(el("option", { value: c }, c)); });
      var note = el("p", { "class": "currency-note", "aria-live": "polite" });
      box.appendChild(label);
      box.appendChild(select);
      box.appendChild(note);
      var first = prices[0].closest(".table-scroll, ul, ol, p, table") || prices[0];
      first.parentNode.insertBefore(box, first);

      function apply(target) {
        prices.forEach(function (span) {
          var old = span.parentNode.querySelector(".price-converted[data-for='" + span.dataset.key + "']");
          if (old) { old.remove(); }
        });
        note.textContent = "";
        if (CURRENCIES.indexOf(target) < 0) { return; }
        prices.forEach(function (span, i) {
          span.dataset.key = String(i);
          var source = span.dataset.currency;
          if (source === target) { return; }
          var factor = rates.rates[target] / rates.rates[source];
          var low = roundConverted(Number(span.dataset.min) * factor);
          var high = roundConverted(Number(span.dataset.max) * factor);
          var out = el("span", { "class": "price-converted", "data-for": String(i), "data-currency": target,
                                 "data-min": String(low), "data-max": String(high) },
                       " (about " + format(low, target) + " to " + format(high, target) + ")");
          span.insertAdjacentElement("afterend", out);
        });
        note.textContent = "Converted at the " + rates.source + " of " + rates.as_of_text +
          ". Rounded; for guidance only.";
      }
      var saved = store.get(CURRENCY_KEY);
      if (CURRENCIES.indexOf(saved) >= 0) { select.value = saved; apply(saved); }
      select.addEventListener("change", function () {
        store.set(CURRENCY_KEY, select.value || null);
        apply(select.value);
      });
    }).catch(function () { /* no conversion: original prices stay */ });
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
    var button = el("button", { type: "button", "class": "md-button print-checklist" }, "Print my checklist");
    button.addEventListener("click", function () { window.print(); });
    var first = lists[0];
    var heading = first.previousElementSibling;
    var anchor = heading && /^H[2-4]$/.test(heading.tagName) ? heading : first;
    anchor.parentNode.insertBefore(button, anchor);
  }

  /* 3. Quote request --------------------------------------------------------------------- */
  function setupQuote() {
    var form = document.querySelector("form.quote-form");
    if (!form) { return; }
    var preview = form.querySelector("#quote-preview");
    function compose() {
      var blank = form.dataset.blank;
      var values = {};
      ["therapy", "date_from", "date_to", "country", "name"].forEach(function (name) {
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
