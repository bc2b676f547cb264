"""JavaScript run inside the pages under test. Each constant is one self-contained function or script."""

# Installed before any page script runs: records layout shifts and every attempt to write a cookie.
INIT_SCRIPT = r"""
(() => {
  window.__probe = { cls: 0, shifts: [], cookieWrites: [] };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        window.__probe.cls += e.value;
        window.__probe.shifts.push({ value: e.value, sources: (e.sources || []).map((s) =>
          s.node ? `${s.node.nodeName}.${String(s.node.className || '').split(' ')[0]}` : '?') });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  } catch (e) { window.__probe.clsError = String(e); }
  const jar = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    get() { return jar.get.call(this); },
    set(value) { window.__probe.cookieWrites.push(String(value)); jar.set.call(this, value); },
  });
  if (window.CookieStore && CookieStore.prototype.set) {
    const set = CookieStore.prototype.set;
    CookieStore.prototype.set = function (...args) {
      window.__probe.cookieWrites.push(JSON.stringify(args));
      return set.apply(this, args);
    };
  }
})();
"""

# Waits two animation frames, so the first paint after load has happened.
SETTLE = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))"

# What one page load tells us without interacting with it.
PAGE_FACTS = r"""
() => {
  const luminance = (css) => {
    const m = css.match(/[\d.]+/g); if (!m) return null;
    const [r, g, b] = m.slice(0, 3).map((v) => { v = Number(v) / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const bodyStyle = getComputedStyle(document.body);
  const blocking = performance.getEntriesByType('resource')
    .filter((e) => e.renderBlockingStatus === 'blocking').map((e) => e.name);
  return {
    scheme: document.body.getAttribute('data-md-color-scheme'),
    backgroundLuminance: luminance(bodyStyle.backgroundColor),
    textLuminance: luminance(bodyStyle.color),
    cls: window.__probe ? window.__probe.cls : null,
    shifts: window.__probe ? window.__probe.shifts : [],
    clsError: window.__probe ? window.__probe.clsError || null : 'probe missing',
    cookieWrites: window.__probe ? window.__probe.cookieWrites : ['probe missing'],
    documentCookie: document.cookie,
    renderBlocking: blocking,
    title: document.title,
    hasMain: !!document.querySelector('main, [role=main]'),
  };
}
"""

# Position and size of the page's main blocks, to compare the layout before and after the theme's script runs.
LAYOUT = r"""
() => {
  const out = {};
  for (const sel of ['.md-header', '.md-main__inner', '.md-content', 'article h1', '.md-sidebar--primary',
                     '.md-sidebar--secondary', '.md-footer']) {
    const e = document.querySelector(sel);
    if (!e) continue;
    const r = e.getBoundingClientRect();
    out[sel] = [Math.round(r.x), Math.round(r.y + scrollY), Math.round(r.width), Math.round(r.height)];
  }
  return out;
}
"""

# Every visible tap target that is too small for WCAG 2.5.8 (24 x 24 CSS px), except links inside a
# sentence (the "inline" exception). Targets outside the viewport horizontally (the closed drawer) are skipped.
SMALL_TARGETS = r"""
() => {
  const MIN = 24 - 0.01;
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, label[for], ' +
                   '[role=button], [tabindex]:not([tabindex="-1"])';
  const words = (s) => (s || '').replace(/[\s\u00a0.,;:!?()\[\]"'’“”–—-]+/g, '');
  const isInlineInText = (el) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    if (!block) return false;
    return words(block.textContent).length > words(el.textContent).length;
  };
  const describe = (el) => {
    const cls = typeof el.className === 'string' ? el.className.split(' ').filter(Boolean).slice(0, 2).join('.') : '';
    const text = (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `${el.tagName.toLowerCase()}${cls ? '.' + cls : ''} "${text}"`;
  };
  const hiddenByAncestor = (el) => {
    for (let a = el.parentElement; a; a = a.parentElement) if (Number(getComputedStyle(a).opacity) < 0.1) return true;
    return false;
  };
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.checkVisibility({ checkVisibilityCSS: true })) continue;
    if (hiddenByAncestor(el)) continue;                       // e.g. the closed search overlay on phones
    if (getComputedStyle(el).pointerEvents === 'none') continue;  // cannot be tapped (a faded-out control)
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;            // not rendered as a target (e.g. a styled label stands in)
    if (r.right <= 0 || r.left >= innerWidth) continue;       // off-canvas (closed drawer, sub-panels)
    if (r.width >= MIN && r.height >= MIN) continue;
    if (isInlineInText(el)) continue;
    small.push(`${describe(el)} is ${r.width.toFixed(1)}x${r.height.toFixed(1)}`);
  }
  return small;
}
"""

# Marks every element keyboard users must be able to reach and returns how many there are.
MARK_FOCUSABLE = r"""
() => {
  const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), ' +
                   'textarea:not([disabled]), summary, [tabindex]';
  const radioGroups = new Set();
  let n = 0;
  for (const el of document.querySelectorAll(selector)) {
    if (el.tabIndex < 0 || el.closest('[inert]')) continue;
    if (!el.checkVisibility({ checkVisibilityCSS: true })) continue;
    if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
    if (el.type === 'radio') {                // a radio group is one tab stop
      if (radioGroups.has(el.name)) continue;
      radioGroups.add(el.name);
      el.dataset.kbdGroup = el.name;
    }
    el.dataset.kbd = String(n++);
  }
  return n;
}
"""

# One step of the keyboard walk, run after each Tab press. Returns what has focus, whether it is on screen and
# not covered, its focus indicator, and the indicator of the previously focused element now that it lost focus.
FOCUS_STEP = r"""
async () => {
  await new Promise((r) => setTimeout(r, 5));   // Material reacts to focus changes after a 1 ms debounce
  const w = window.__walk || (window.__walk = { prev: null, n: 0 });
  const parse = (css) => { const m = css.match(/[\d.]+/g); return m ? m.map(Number) : null; };
  const lum = (rgb) => {
    const [r, g, b] = rgb.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const backdrop = (el) => {                 // first opaque background at or behind el
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && (c.length < 4 || c[3] > 0.5)) return c;
    }
    const c = parse(getComputedStyle(document.body).backgroundColor);
    return c && (c.length < 4 || c[3] > 0.5) ? c : [255, 255, 255];
  };
  const area = (e) => { const r = e.getBoundingClientRect(); return r.width * r.height; };
  const indicator = (el) => {                // a hidden radio shows its focus on the label shown beside it
    if (area(el) > 0 || !el.parentElement) return el;
    const labels = [el.nextElementSibling, ...el.parentElement.querySelectorAll(':scope > label')];
    return labels.find((l) => l && l.tagName === 'LABEL' && area(l) > 0) || el;
  };
  const ring = (el) => {
    const s = getComputedStyle(el);
    return { outline: s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth) || 0, outlineColor: s.outlineColor,
             outlineOffset: parseFloat(s.outlineOffset) || 0, shadow: s.boxShadow };
  };
  const describe = (el) => {
    const cls = typeof el.className === 'string' ? el.className.split(' ').filter((c) => c && c !== 'focus-visible').slice(0, 2).join('.') : '';
    const text = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('placeholder') || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `${el.tagName.toLowerCase()}${cls ? '.' + cls : ''} "${text}"`;
  };
  const out = { step: w.n++ };
  if (w.prev) out.prevUnfocused = ring(indicator(w.prev));
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) { w.prev = null; out.done = true; return out; }
  // Past the last stop Chromium either moves focus out of the page or, in a tab that has shown other pages,
  // wraps round to the first stop: both end the walk.
  if (el === w.first) { w.prev = null; out.done = out.wrapped = true; return out; }
  w.first = w.first || el;
  if (!el.dataset.kbd && !el.dataset.kbdExtra) el.dataset.kbdExtra = String(out.step);
  // Any radio of a group counts as reaching the group (only one of them is a Tab stop).
  const groupMark = el.type === 'radio' ? document.querySelector(`input[type=radio][name="${CSS.escape(el.name)}"][data-kbd]`) : null;
  out.id = el.dataset.kbd || (groupMark && groupMark.dataset.kbd) || null;
  out.group = el.dataset.kbdGroup || (el.type === 'radio' ? el.name : null);
  out.desc = describe(el);
  out.isSkip = el.classList.contains('md-skip');
  const ind = indicator(el);
  // A link that wraps over two lines: test its first line box, not the box around both lines.
  const boxes = ind.getClientRects();
  const r = boxes.length ? boxes[0] : ind.getBoundingClientRect();
  const x0 = Math.max(0, r.left), y0 = Math.max(0, r.top);
  const x1 = Math.min(innerWidth, r.right), y1 = Math.min(innerHeight, r.bottom);
  out.onScreen = x1 - x0 >= 1 && y1 - y0 >= 1;
  if (out.onScreen) {
    const hit = document.elementFromPoint((x0 + x1) / 2, (y0 + y1) / 2);
    out.covered = !(hit && (ind.contains(hit) || hit.contains(ind) || (hit.control && hit.control === el)));
    out.coveredBy = out.covered && hit ? describe(hit) : null;
    let o = 1;
    for (let e = ind; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    out.opacity = o;
  }
  out.focused = ring(ind);
  const color = parse(out.focused.outlineColor);
  out.ringContrast = color ? contrast(color, backdrop(out.focused.outlineOffset < 0 ? ind : ind.parentElement)) : 0;
  w.prev = el;
  return out;
}
"""

# Where the skip link leads, checked after pressing Enter on it and then Tab once.
SKIP_TARGET = r"""
(href) => {
  const target = document.getElementById(decodeURIComponent(href.slice(1)));
  if (!target) return { exists: false };
  const r = target.getBoundingClientRect();
  const active = document.activeElement;
  const after = active && active !== document.body &&
    !!(target.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING ||
       target.contains(active));
  return {
    exists: true, hash: location.hash, inMain: !!target.closest('main'),
    targetTop: r.top, viewportHeight: innerHeight,
    nextFocusAfterTarget: after,
    nextFocusInHeaderOrNav: !!(active && active.closest('header, .md-sidebar')),
  };
}
"""

# The accessible structure of each data table, as exposed to screen readers.
TABLES = r"""
() => [...document.querySelectorAll('article table')].map((t) => {
  const region = t.closest('.table-scroll');
  return {
    caption: t.caption ? t.caption.textContent.trim() : '',
    columns: [...t.querySelectorAll('thead th')].map((th) => th.getAttribute('scope')),
    rows: [...t.querySelectorAll('tbody tr')].map((tr) => ({
      first: tr.cells[0] ? `${tr.cells[0].tagName}:${tr.cells[0].getAttribute('scope')}` : '',
      cells: tr.cells.length,
    })),
    region: region ? { role: region.getAttribute('role'), label: region.getAttribute('aria-label'),
                       tabIndex: region.tabIndex, overflows: region.scrollWidth > region.clientWidth + 1 } : null,
  };
})
"""

# Elements that stick out to the right of a narrow viewport without being inside a scrolling box.
OVERFLOW = r"""
() => {
  const W = document.documentElement.clientWidth;
  const clipsX = (e) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(e).overflowX);
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right <= W + 1 || r.width === 0) continue;
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    let contained = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (clipsX(a) && a.getBoundingClientRect().right <= W + 1) { contained = true; break; }
    }
    if (contained || el.closest('.md-sidebar--primary, .md-search')) continue;  // off-canvas drawer / closed search
    out.push(`${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]} right edge ${Math.round(r.right)}px`);
  }
  return { scrollWidth: document.documentElement.scrollWidth, bodyScrollWidth: document.body.scrollWidth,
           width: W, sticksOut: out.slice(0, 10) };
}
"""

# Print layout facts, evaluated with print media emulated.
PRINT_FACTS = r"""
() => {
  const parse = (css) => { const m = css.match(/[\d.]+/g); return m ? m.map(Number) : null; };
  const lum = (rgb) => {
    const [r, g, b] = rgb.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const onWhite = (css) => { const c = parse(css); return c ? 1.05 / (lum(c) + 0.05) : 0; };
  const shown = (sel) => [...document.querySelectorAll(sel)]
    .filter((e) => e.checkVisibility({ checkVisibilityCSS: true }))
    .map((e) => `${e.tagName.toLowerCase()}.${String(e.className).split(' ')[0]}`);
  const article = document.querySelector('article');
  const content = document.querySelector('.md-content');
  const boxes = [...document.querySelectorAll('.checklist li')].map((li) => {
    const s = getComputedStyle(li, '::before');
    return { content: s.content, style: s.borderTopStyle, width: parseFloat(s.borderTopWidth),
             size: Math.min(parseFloat(s.width), parseFloat(s.height)), contrast: onWhite(s.borderTopColor) };
  });
  const own = location.host;
  const links = [...article.querySelectorAll('a[href]')]
    .filter((a) => /^https?:/.test(a.href) && new URL(a.href).host !== own)
    .map((a) => ({ href: a.getAttribute('href'), after: getComputedStyle(a, '::after').content }));
  const tables = [...document.querySelectorAll('.table-scroll')].map((t) => t.scrollWidth - t.clientWidth);
  return {
    shown: shown('header, nav, footer, .md-header, .md-sidebar, .md-footer, .md-search, [role=search], ' +
                 '.md-skip, .md-top, .md-dialog, .md-tabs, .headerlink'),
    contentWidth: content ? content.getBoundingClientRect().width : 0,
    pageWidth: document.documentElement.clientWidth,
    textContrast: onWhite(getComputedStyle(article).color),
    headingContrast: onWhite(getComputedStyle(article.querySelector('h1') || article).color),
    boxes, links, tableOverflow: tables,
    // innerText leaves out what a closed <details> holds, but the theme prints it expanded: count it too.
    words: (article.innerText.match(/\S+/g) || []).length
      + [...article.querySelectorAll('details:not([open])')].reduce((n, d) => n
        + (d.textContent.match(/\S+/g) || []).length
        - ((d.querySelector('summary') || {}).textContent || '').split(/\s+/).filter(Boolean).length, 0),
  };
}
"""


# What a reader sees of the page's text and header (tests/browser/test_phone.py): no permalink mark on a line
# of its own, box text at body size, no table label without a value, the header's title and contact link.
BODY_MIN_PX = 15
READING = r"""
(minSize) => {
  const visible = (e) => e && e.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true });
  const out = { lonePermalinks: [], permalinksNotFocusable: [], smallBoxes: [], emptyLabels: [], cutOff: [] };
  for (const h of document.querySelectorAll('article :is(h1, h2, h3, h4, h5, h6)')) {
    const mark = h.querySelector(':scope > .headerlink');
    if (!mark) continue;
    if (mark.tabIndex < 0 || !visible(mark)) out.permalinksNotFocusable.push(h.id);
    const words = document.createRange();
    words.setStart(h, 0);
    words.setEndBefore(mark);
    const m = mark.getBoundingClientRect(), middle = (m.top + m.bottom) / 2;
    const lines = [...words.getClientRects()].filter((r) => r.width > 0);
    if (!lines.some((r) => r.top <= middle && middle <= r.bottom)) out.lonePermalinks.push(h.textContent.trim());
  }
  const bodySize = parseFloat(getComputedStyle(document.querySelector('article > p') || document.body).fontSize);
  out.boxes = document.querySelectorAll('article .admonition').length;
  for (const box of document.querySelectorAll('article .admonition')) {
    for (const e of box.querySelectorAll(':scope > *')) {
      const size = parseFloat(getComputedStyle(e).fontSize);
      if (size < minSize) out.smallBoxes.push(`${box.className}: ${size} px (body ${bodySize} px)`);
    }
  }
  for (const td of document.querySelectorAll('article td[data-label]')) {
    const label = getComputedStyle(td, '::before').content;
    const shown = label && !['none', 'normal', '""'].includes(label) && td.getBoundingClientRect().height > 0;
    if (shown && !td.textContent.trim()) out.emptyLabels.push(td.getAttribute('data-label'));
  }
  const header = document.querySelector('.md-header') || document.createElement('header');  // none: a page not built by the theme
  for (const e of header.querySelectorAll('.site-header__short, .md-header__topic:first-child .md-ellipsis, .site-header__action')) {
    if (visible(e) && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)) out.cutOff.push(e.textContent.trim());
  }
  const short = header.querySelector('.site-header__short');
  const full = header.querySelector('.md-header__title[data-md-component="header-title"]');
  out.title = visible(short) ? 'short' : visible(full) ? 'full' : 'none';
  out.shortTitle = short ? short.textContent.trim() : null;
  const action = header.querySelector('.site-header__action');
  if (action) {
    const r = action.getBoundingClientRect();
    out.action = { text: action.textContent.trim(), href: action.href, visible: visible(action),
                   inView: r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= header.getBoundingClientRect().bottom,
                   width: r.width, height: r.height };
  }
  const step = document.querySelector('article section.next-step');
  out.nextStep = step ? {
    visible: visible(step),
    links: [...step.querySelectorAll('a.md-button')].map((a) => ({ text: a.textContent.trim(), href: a.href,
      height: a.getBoundingClientRect().height })),
    beforeSources: !document.querySelector('article .footnote') ||
      !!(step.compareDocumentPosition(document.querySelector('article .footnote')) & Node.DOCUMENT_POSITION_FOLLOWING),
  } : null;
  return out;
}
"""


# Menu entries that should stay in view at the top of the sidebar, but are scrolled out of it (null: no menu shown).
MENU_HIDDEN = r"""
() => {
  const wrap = document.querySelector('.md-sidebar--primary .md-sidebar__scrollwrap');
  if (!wrap || !wrap.checkVisibility()) return null;
  const box = wrap.getBoundingClientRect();
  const items = [...document.querySelectorAll('.md-nav--primary .md-nav__link')];
  return ['Home', 'Therapies'].filter((text) => {
    const e = items.find((i) => i.textContent.trim() === text && i.getBoundingClientRect().height > 0);
    if (!e) return true;
    const r = e.getBoundingClientRect();
    return r.top < box.top || r.bottom > box.bottom;
  });
}
"""

# Open every collapsed section (so axe-core checks what is inside) and return a function that closes them again.
OPEN_DETAILS = r"""
() => {
  const closed = [...document.querySelectorAll('details:not([open])')];
  closed.forEach((d) => { d.open = true; });
  window.__closeDetails = () => closed.forEach((d) => { d.open = false; });
  return closed.length;
}
"""
