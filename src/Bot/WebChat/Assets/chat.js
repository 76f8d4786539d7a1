'use strict';
// ChildCare web chat: the browser side of /chat. Same conversations as the Telegram bot.
// Written without syntax newer than ES2015 (no async/await, no ?. or ??) so the old browsers of
// cheap phones do not fail at parse time and leave a frightened parent on a spinner.
(function () {
  const API_UI = '/chat/api/ui';
  const API_SEND = '/chat/api/send';
  const SEND_REPORT_BUTTON = 'r:ReportReview:send';
  const API_FORGET = '/chat/api/forget';
  const PROOF_BATCH = 256;
  const STORE_KEY = 'childcare.chat.v1';
  const MAX_ENTRIES = 300;
  const MAX_INPUT = 2000;
  const REQUEST_TIMEOUT_MS = 30000;
  const LOCATION_TIMEOUT_MS = 20000;
  const MAX_DEPTH = 32;
  const SAFE_SCHEMES = ['https:', 'http:', 'tel:'];
  // Telegram's HTML subset, mapped to the element we rebuild. Everything else becomes its text.
  const ALLOWED_TAGS = {
    B: 'b', STRONG: 'strong', I: 'i', EM: 'em', U: 'u', INS: 'u',
    S: 's', STRIKE: 's', DEL: 's', CODE: 'code', PRE: 'pre'
  };
  // Elements whose text is code or markup, not something a person should read.
  const DROPPED_TAGS = { SCRIPT: 1, STYLE: 1, TEMPLATE: 1, NOSCRIPT: 1, TITLE: 1 };
  // Emergency numbers made tappable in the banner; the lookahead and the captured prefix keep
  // "1113" or "21110" from matching (no lookbehind: older Safari cannot parse it).
  const BANNER_NUMBERS = /(^|[^0-9])(11[135])(?![0-9])/g;

  // The language the page was opened in (the landing page's choice, "/chat?lang=en"), sent as the browser's
  // language until the person picks one in the chat, which the server then keeps.
  const CHOSEN_LANGUAGE = (function () {
    const m = /[?&]lang=(vi|en)(?:&|$)/.exec(window.location.search || '');
    return m ? m[1] : '';
  })();

  const el = {};
  let texts = {};
  let language = '';
  let uiGeneration = 0;
  let busy = false;
  let locating = false;
  let locationFailed = false;
  let typingEl = null;
  let nearBottom = true;
  // entries: {k:'user', text} | {k:'bot', html, buttons, loc, b}; b is the reply batch.
  let state = { entries: [], batch: 0, loc: false };

  const reduceMotion = window.matchMedia ? window.matchMedia('(prefers-reduced-motion: reduce)') : null;

  function t(key) {
    const v = texts[key];
    return typeof v === 'string' ? v : '';
  }

  function byId(id) { return document.getElementById(id); }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function detach(node) {
    if (node && node.parentNode) node.parentNode.removeChild(node);
  }

  function forEachNode(list, fn) { Array.prototype.forEach.call(list, fn); }

  // ---------- Network ----------

  // Runs fetch and then read(response) under one timeout, so a body that never finishes also fails.
  function request(url, init, read) {
    const ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    let timer = 0;
    if (ctrl) {
      init.signal = ctrl.signal;
      timer = setTimeout(function () { ctrl.abort(); }, REQUEST_TIMEOUT_MS);
    }
    return fetch(url, init).then(read).then(function (value) {
      clearTimeout(timer);
      return value;
    }, function (err) {
      clearTimeout(timer);
      throw err;
    });
  }

  function withLanguage(headers) {
    if (CHOSEN_LANGUAGE) headers['Accept-Language'] = CHOSEN_LANGUAGE;
    return headers;
  }

  function loadUi() {
    return request(API_UI, {
      method: 'GET',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: withLanguage({ 'Accept': 'application/json' })
    }, function (res) {
      if (!res.ok) throw new Error('ui ' + res.status);
      return res.json().then(function (body) {
        if (!body || typeof body !== 'object' || !body.texts || typeof body.texts !== 'object') {
          throw new Error('ui shape');
        }
        return body;
      });
    });
  }

  // Resolves to {kind:'ok', body} | {kind:'tooFast', title} | {kind:'failed'}; never rejects.
  function sendPayload(payload) {
    const headers = {
      'Content-Type': 'application/json',
      'Accept': 'application/json',
      'X-ChildCare-Chat': '1'
    };
    // The tap on "send" under a report is never held back by the per-minute limit (the server checks it is that tap).
    if (payload && payload.button === SEND_REPORT_BUTTON) headers['X-ChildCare-Send-Report'] = '1';
    return request(API_SEND, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: withLanguage(headers),
      body: JSON.stringify(payload)
    }, function (res) {
      if (res.status === 429) {
        return res.json().then(function (body) {
          // A refused message that says a child is in danger still comes back with the emergency numbers.
          return {
            kind: 'tooFast',
            title: body && typeof body.title === 'string' ? body.title : '',
            replies: body && Array.isArray(body.replies) ? body.replies : []
          };
        }, function () {
          return { kind: 'tooFast', title: '' };
        });
      }
      if (!res.ok) return { kind: 'failed' };
      return res.json().then(function (body) {
        return body && typeof body === 'object' && !Array.isArray(body) ? { kind: 'ok', body: body } : { kind: 'failed' };
      });
    }).catch(function () {
      return { kind: 'failed' };
    });
  }

  // ---------- Storage (sessionStorage: gone when the tab closes, which suits a shared phone) ----------

  function loadState() {
    let raw = null;
    try { raw = window.sessionStorage.getItem(STORE_KEY); } catch (e) { return; }
    if (!raw) return;
    let parsed;
    try { parsed = JSON.parse(raw); } catch (e) { return; }
    if (!parsed || !Array.isArray(parsed.entries)) return;
    const entries = parsed.entries.filter(function (e) {
      return e && ((e.k === 'user' && typeof e.text === 'string') || (e.k === 'bot' && typeof e.html === 'string'));
    });
    state = {
      entries: entries,
      batch: typeof parsed.batch === 'number' ? parsed.batch : 0,
      loc: parsed.loc === true
    };
  }

  function saveState() {
    if (state.entries.length > MAX_ENTRIES) state.entries = state.entries.slice(-MAX_ENTRIES);
    try {
      // Entries marked v (the answer that ended a session: a filed report's codes) are shown, never kept for a reload.
      const kept = { entries: state.entries.filter(function (e) { return !e.v; }), batch: state.batch, loc: state.loc };
      window.sessionStorage.setItem(STORE_KEY, JSON.stringify(kept));
    } catch (e) {
      // Storage disabled or full: the conversation still works, it just will not survive a reload.
    }
  }

  // ---------- Safe rendering of Telegram HTML ----------

  function safeHref(raw) {
    if (typeof raw !== 'string') return null;
    const href = raw.trim();
    const lower = href.toLowerCase();
    let prefixed = false;
    for (let i = 0; i < SAFE_SCHEMES.length; i++) {
      if (lower.indexOf(SAFE_SCHEMES[i]) === 0) prefixed = true;
    }
    if (!prefixed) return null;
    try {
      const url = new URL(href);
      return SAFE_SCHEMES.indexOf(url.protocol) >= 0 ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function makeLink(href, className) {
    const a = document.createElement('a');
    a.href = href;
    if (href.indexOf('tel:') === 0) {
      a.className = className ? className + ' tel' : 'tel';
    } else {
      a.className = className ? className + ' external' : 'external';
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
    }
    return a;
  }

  function appendSafe(src, dest, depth) {
    const nodes = src.childNodes;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (node.nodeType === 3) {
        dest.appendChild(document.createTextNode(node.nodeValue));
        continue;
      }
      if (node.nodeType !== 1) continue;
      const tag = String(node.nodeName).toUpperCase();
      if (DROPPED_TAGS[tag]) continue;
      if (depth >= MAX_DEPTH) {
        dest.appendChild(document.createTextNode(node.textContent || ''));
        continue;
      }
      if (tag === 'BR') {
        dest.appendChild(document.createElement('br'));
        continue;
      }
      if (tag === 'A') {
        const href = safeHref(node.getAttribute('href'));
        if (href) {
          const a = makeLink(href, '');
          appendSafe(node, a, depth + 1);
          if (!a.firstChild) a.textContent = href.replace(/^tel:/, '');
          dest.appendChild(a);
        } else {
          appendSafe(node, dest, depth + 1);
        }
        continue;
      }
      const name = ALLOWED_TAGS[tag];
      if (name) {
        const rebuilt = document.createElement(name);
        appendSafe(node, rebuilt, depth + 1);
        dest.appendChild(rebuilt);
      } else {
        appendSafe(node, dest, depth + 1);
      }
    }
  }

  // The parsed document is inert (no scripts run, nothing loads); only what appendSafe rebuilds
  // ever reaches the live page. The <body> prefix keeps leading newlines the parser would drop.
  function renderRich(html, dest) {
    const doc = new DOMParser().parseFromString('<body>' + html, 'text/html');
    if (doc && doc.body) appendSafe(doc.body, dest, 0);
  }

  // ---------- Transcript ----------

  function whoLabel(kind) {
    const span = document.createElement('span');
    span.className = 'who sr-only';
    span.setAttribute('data-who', kind);
    const label = t(kind === 'user' ? 'you' : 'bot');
    span.textContent = label ? label + ': ' : '';
    return span;
  }

  function appendUser(text, pending) {
    const msg = document.createElement('div');
    msg.className = pending ? 'msg user pending' : 'msg user';
    msg.appendChild(whoLabel('user'));
    const bubble = document.createElement('div');
    bubble.className = 'bubble';
    bubble.textContent = text;
    msg.appendChild(bubble);
    insertBeforeTyping(msg);
    return msg;
  }

  function cleanButtons(rows) {
    if (!Array.isArray(rows)) return [];
    const out = [];
    rows.forEach(function (row) {
      if (!Array.isArray(row)) return;
      const clean = [];
      row.forEach(function (b) {
        if (!b || typeof b !== 'object' || typeof b.text !== 'string') return;
        if (typeof b.data === 'string') clean.push({ text: b.text, data: b.data });
        else if (typeof b.url === 'string' && safeHref(b.url)) clean.push({ text: b.text, url: b.url });
      });
      if (clean.length) out.push(clean);
    });
    return out;
  }

  function renderButtons(rows, active) {
    const box = document.createElement('div');
    box.className = 'buttons';
    box.setAttribute('role', 'group');
    rows.forEach(function (row) {
      const line = document.createElement('div');
      line.className = 'row';
      row.forEach(function (b) {
        if (typeof b.data === 'string') {
          const btn = document.createElement('button');
          btn.type = 'button';
          btn.className = 'btn';
          btn.textContent = b.text;
          if (!active) {
            btn.disabled = true;
            btn.classList.add('stale');
          }
          btn.addEventListener('click', function () {
            if (busy || btn.disabled) return;
            post({ button: b.data }, b.text, null);
          });
          line.appendChild(btn);
        } else {
          // Links stay usable on old messages: a phone number or a web page does not go stale.
          const a = makeLink(safeHref(b.url), 'btn');
          a.textContent = b.text;
          line.appendChild(a);
        }
      });
      box.appendChild(line);
    });
    return box;
  }

  function appendBot(entry, active) {
    const msg = document.createElement('div');
    msg.className = 'msg bot';
    msg.appendChild(whoLabel('bot'));
    const bubble = document.createElement('div');
    bubble.className = 'bubble';
    renderRich(entry.html, bubble);
    msg.appendChild(bubble);
    const rows = cleanButtons(entry.buttons);
    if (rows.length) msg.appendChild(renderButtons(rows, active));
    insertBeforeTyping(msg);
    return msg;
  }

  function appendNote(text, onRetry) {
    const msg = document.createElement('div');
    msg.className = 'msg note transient';
    const span = document.createElement('span');
    span.className = 'note-text';
    span.textContent = text;
    msg.appendChild(span);
    if (onRetry) {
      const retry = document.createElement('button');
      retry.type = 'button';
      retry.className = 'retry';
      retry.textContent = '\u21BB ' + (t('retry') || t('send'));
      retry.addEventListener('click', function () {
        if (!busy) onRetry();
      });
      msg.appendChild(retry);
    }
    insertBeforeTyping(msg);
    return msg;
  }

  function insertBeforeTyping(node) {
    if (typingEl && typingEl.parentNode === el.transcript) el.transcript.insertBefore(node, typingEl);
    else el.transcript.appendChild(node);
  }

  function clearTransientNotes() {
    forEachNode(el.transcript.querySelectorAll('.msg.note.transient'), detach);
  }

  function showTyping(on) {
    if (on && !typingEl) {
      typingEl = document.createElement('div');
      typingEl.className = 'typing';
      typingEl.setAttribute('aria-hidden', 'true');
      for (let i = 0; i < 3; i++) typingEl.appendChild(document.createElement('span'));
      el.transcript.appendChild(typingEl);
    } else if (!on && typingEl) {
      detach(typingEl);
      typingEl = null;
    }
  }

  function markButtonsStale() {
    forEachNode(el.transcript.querySelectorAll('.buttons button'), function (btn) {
      btn.disabled = true;
      btn.classList.add('stale');
    });
  }

  function renderAll() {
    clear(el.transcript);
    typingEl = null;
    state.entries.forEach(function (entry) {
      if (entry.k === 'user') appendUser(entry.text, false);
      else appendBot(entry, entry.b === state.batch);
    });
  }

  // ---------- Scrolling ----------

  function scrollRoot() { return document.scrollingElement || document.documentElement; }

  function maxScroll() { return Math.max(0, scrollRoot().scrollHeight - window.innerHeight); }

  function scrollToY(y, instant) {
    const smooth = !instant && !(reduceMotion && reduceMotion.matches);
    try {
      window.scrollTo({ top: y, left: 0, behavior: smooth ? 'smooth' : 'auto' });
    } catch (e) {
      window.scrollTo(0, y);
    }
  }

  // Bring the newest content into view, but if the first new message is taller than the screen,
  // show its beginning rather than its end: people read from the top.
  function reveal(first, instant) {
    const bottom = maxScroll();
    if (!first) { scrollToY(bottom, instant); return; }
    const header = document.querySelector('.topbar');
    const headerHeight = header ? header.getBoundingClientRect().height : 0;
    const top = window.pageYOffset + first.getBoundingClientRect().top - headerHeight - 8;
    scrollToY(Math.max(0, Math.min(top, bottom)), instant);
  }

  function trackScroll() {
    nearBottom = maxScroll() - window.pageYOffset < 80;
  }

  // ---------- Chrome texts ----------

  function buildBanner(text) {
    clear(el.emergency);
    let last = 0;
    let m;
    BANNER_NUMBERS.lastIndex = 0;
    while ((m = BANNER_NUMBERS.exec(text)) !== null) {
      const start = m.index + m[1].length;
      if (start > last) el.emergency.appendChild(document.createTextNode(text.slice(last, start)));
      const a = document.createElement('a');
      a.className = 'tel';
      a.href = 'tel:' + m[2];
      a.textContent = m[2];
      el.emergency.appendChild(a);
      last = start + m[2].length;
    }
    if (last < text.length) el.emergency.appendChild(document.createTextNode(text.slice(last)));
    el.emergency.hidden = !text;
  }

  function applyTexts(ui) {
    texts = ui.texts;
    if (typeof ui.language === 'string' && ui.language) {
      language = ui.language;
      document.documentElement.lang = language;
    }
    const title = t('title');
    document.title = title || 'ChildCare';
    el.title.textContent = title;
    buildBanner(t('emergencyBanner'));
    el.input.placeholder = t('placeholder');
    el.inputLabel.textContent = t('placeholder') || t('send');
    el.send.textContent = t('send') || '\u27A4';
    el.restart.textContent = t('restart');
    el.restart.hidden = !t('restart');
    el.location.textContent = t('locationButton');
    forEachNode(el.transcript.querySelectorAll('.who'), function (span) {
      const label = t(span.getAttribute('data-who') === 'user' ? 'you' : 'bot');
      span.textContent = label ? label + ': ' : '';
    });
    forEachNode(el.transcript.querySelectorAll('.msg.note .retry'), function (btn) {
      btn.textContent = '\u21BB ' + (t('retry') || t('send'));
    });
  }

  function refreshUi() {
    const generation = ++uiGeneration;
    loadUi().then(function (ui) {
      if (generation === uiGeneration) applyTexts(ui);
    }, function () {
      // Keep the current texts; the next reply in the new language will try again.
    });
  }

  // ---------- Location ----------

  function geolocationUsable() {
    return !!navigator.geolocation && window.isSecureContext !== false;
  }

  function updateLocationBar() {
    el.locationBar.hidden = !(state.loc && !locationFailed && geolocationUsable());
    el.location.disabled = busy || locating;
  }

  function shareLocation() {
    if (busy || locating || !geolocationUsable()) return;
    locating = true;
    el.location.setAttribute('aria-busy', 'true');
    updateLocationBar();
    // Some browsers never call back when the permission prompt is just dismissed.
    const guard = setTimeout(function () { finish(); }, LOCATION_TIMEOUT_MS + 10000);
    let finished = false;
    function finish() {
      if (finished) return false;
      finished = true;
      clearTimeout(guard);
      locating = false;
      el.location.removeAttribute('aria-busy');
      updateLocationBar();
      return true;
    }
    navigator.geolocation.getCurrentPosition(function (pos) {
      if (!finish()) return;
      const lat = pos.coords.latitude;
      const lon = pos.coords.longitude;
      post({ location: { latitude: lat, longitude: lon } },
        '\uD83D\uDCCD ' + lat.toFixed(5) + ', ' + lon.toFixed(5), null);
    }, function () {
      if (!finish()) return;
      // Refused or unavailable: the conversation lets people type the address instead.
      locationFailed = true;
      updateLocationBar();
    }, { enableHighAccuracy: true, timeout: LOCATION_TIMEOUT_MS, maximumAge: 60000 });
  }

  // ---------- Sending ----------

  function setBusy(on) {
    busy = on;
    el.send.disabled = on;
    el.restart.disabled = on;
    el.send.setAttribute('aria-busy', on ? 'true' : 'false');
    forEachNode(el.transcript.querySelectorAll('.buttons button'), function (btn) {
      if (!btn.classList.contains('stale')) btn.disabled = on;
    });
    updateLocationBar();
  }

  // Puts text that failed to send back into the input, without overwriting anything typed since.
  function restoreInput(text) {
    const current = el.input.value;
    if (!current.trim()) el.input.value = text;
    else if (current.indexOf(text) !== 0) el.input.value = (text + '\n' + current).slice(0, MAX_INPUT);
    autoGrow();
  }

  // The last typed message whose answer did not arrive: a retry of the same text keeps its id, so the server
  // answers it again instead of taking it twice.
  let unanswered = null;

  function newId() {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  // echo: what to show as the user's bubble (null for /start); typed: the text came from the input.
  function post(payload, echo, typed) {
    if (busy) return false;
    if (!payload.id) payload.id = newId();
    clearTransientNotes();
    setBusy(true);
    const pending = echo ? appendUser(echo, true) : null;
    showTyping(true);
    reveal(null, false);

    sendPayload(payload).then(function (result) {
      showTyping(false);
      if (result.kind === 'ok') {
        const challenge = result.body.challenge;
        try {
          onReplies(result.body, pending, echo);
        } finally {
          if (challenge && typeof challenge.token === 'string' && typeof challenge.bits === 'number') {
            // Too many reports came from this address: the browser proves a person waits, then sends again.
            setBusy(true);
            showTyping(true);
            prove(challenge.token, challenge.bits).then(function (proof) {
              showTyping(false);
              setBusy(false);
              if (proof) post({ button: payload.button, text: payload.text, proof: proof }, null, null);
            });
            return;
          }
          // Whatever the server sent, never leave the page stuck with send disabled.
          if (busy) setBusy(false);
        }
        return;
      }
      detach(pending);
      if (typed) {
        unanswered = { text: typed, id: payload.id };
        restoreInput(typed);
      }
      setBusy(false);
      if (result.kind === 'tooFast') {
        if (result.replies && result.replies.length) onReplies({ replies: result.replies }, null, null);
        appendNote(result.title || t('tooFast'), null);
      } else {
        appendNote(t('offline'), typed ? submitInput : function () { post(payload, echo, null); });
      }
      reveal(null, false);
    });
    return true;
  }

  // Finds a counter such that SHA-256(token ':' counter) starts with `bits` zero bits (about 2^bits tries).
  function prove(token, bits) {
    if (!window.crypto || !window.crypto.subtle || typeof TextEncoder !== 'function') return Promise.resolve(null);
    const encoder = new TextEncoder();
    function zeroBits(buffer) {
      const bytes = new Uint8Array(buffer);
      let n = 0;
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] === 0) { n += 8; continue; }
        let b = bytes[i];
        while ((b & 0x80) === 0) { n++; b <<= 1; }
        return n;
      }
      return n;
    }
    function batch(from) {
      const tries = [];
      for (let c = from; c < from + PROOF_BATCH; c++) {
        tries.push(window.crypto.subtle.digest('SHA-256', encoder.encode(token + ':' + c)));
      }
      return Promise.all(tries).then(function (hashes) {
        for (let i = 0; i < hashes.length; i++) {
          if (zeroBits(hashes[i]) >= bits) return token + ':' + (from + i);
        }
        return from > (1 << 26) ? null : batch(from + PROOF_BATCH);
      });
    }
    return batch(0).catch(function () { return null; });
  }

  function onReplies(body, pending, echo) {
    markButtonsStale();
    state.batch += 1;
    locationFailed = false;
    // The server replaced this browser's session (a report is done, or the last session idled out): the page forgets
    // what it showed of it, as the answer promises; the answer comes alone and is not kept for a reload.
    const forget = body.forget === true;
    if (forget) {
      state = { entries: [], batch: state.batch, loc: false };
      renderAll();
      pending = null;
    }
    if (pending) {
      pending.classList.remove('pending');
      state.entries.push({ k: 'user', text: echo });
    }
    const replies = Array.isArray(body.replies) ? body.replies : [];
    let first = null;
    let wantsLocation = false;
    replies.forEach(function (r) {
      if (!r || typeof r !== 'object') return;
      const entry = {
        k: 'bot',
        html: typeof r.html === 'string' ? r.html : '',
        buttons: cleanButtons(r.buttons),
        loc: r.requestLocation === true,
        b: state.batch,
        v: forget
      };
      if (!entry.html && !entry.buttons.length) return;
      state.entries.push(entry);
      const node = appendBot(entry, true);
      if (!first) first = node;
      if (entry.loc) wantsLocation = true;
    });
    state.loc = wantsLocation;
    saveState();
    setBusy(false);
    reveal(first, false);
    if (typeof body.language === 'string' && body.language && body.language !== language) refreshUi();
  }

  function submitInput() {
    if (busy) return;
    let text = el.input.value.trim();
    if (!text) return;
    if (text.length > MAX_INPUT) text = text.slice(0, MAX_INPUT);
    el.input.value = '';
    autoGrow();
    const payload = { text: text };
    if (unanswered && unanswered.text === text) payload.id = unanswered.id;
    unanswered = null;
    post(payload, text, text);
  }

  function startCommand() {
    const m = /[?&]start=([^&#]*)/.exec(window.location.search);
    let v = '';
    if (m) {
      try { v = decodeURIComponent(m[1]); } catch (e) { v = ''; }
    }
    return v === 'report' || v === 'help' ? '/start ' + v : '/start';
  }

  function restart() {
    if (busy) return;
    if (t('restartConfirm') && !window.confirm(t('restartConfirm'))) return;
    // Finish and forget: the server deletes this chat (an unfinished report included) and drops its cookie.
    request(API_FORGET, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'X-ChildCare-Chat': '1' }
    }, function (res) { return res.status; }).then(forgotten, forgotten);
  }

  function forgotten() {
    state = { entries: [], batch: 0, loc: false };
    locationFailed = false;
    saveState();
    renderAll();
    updateLocationBar();
    post({ text: '/start' }, null, null);
  }

  // ---------- Input ----------

  function autoGrow() {
    // CSSOM writes are allowed by style-src 'self'; only style attributes in markup are not.
    el.input.style.height = 'auto';
    el.input.style.height = el.input.scrollHeight + 4 + 'px';
  }

  function onKeyDown(e) {
    if (e.key !== 'Enter' || e.shiftKey) return;
    // Vietnamese is typed through IMEs (Telex, VNI): Enter that ends a composition must not send.
    if (e.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    submitInput();
  }

  // ---------- Boot ----------

  function bootFailed() {
    el.boot.classList.add('failed');
    el.boot.hidden = false;
  }

  function start() {
    [['app', 'app'], ['boot', 'boot'], ['title', 'title'], ['emergency', 'emergency'],
      ['transcript', 'transcript'], ['input', 'input'], ['inputLabel', 'input-label'], ['send', 'send'],
      ['form', 'composer-form'], ['restart', 'restart'], ['location', 'location'], ['locationBar', 'location-bar']
    ].forEach(function (pair) { el[pair[0]] = byId(pair[1]); });

    el.form.addEventListener('submit', function (e) {
      e.preventDefault();
      submitInput();
    });
    el.input.addEventListener('keydown', onKeyDown);
    el.input.addEventListener('input', autoGrow);
    // Keeps the focus (and the phone keyboard) in the textarea when send is tapped.
    el.send.addEventListener('mousedown', function (e) { e.preventDefault(); });
    el.restart.addEventListener('click', restart);
    el.location.addEventListener('click', shareLocation);
    window.addEventListener('scroll', trackScroll, { passive: true });
    window.addEventListener('resize', function () {
      // The keyboard opening shrinks the viewport; stay with the newest message.
      if (nearBottom) scrollToY(maxScroll(), true);
    });

    loadUi().then(function (ui) {
      applyTexts(ui);
      loadState();
      renderAll();
      el.boot.hidden = true;
      el.app.hidden = false;
      updateLocationBar();
      reveal(null, true);
      trackScroll();
      if (!state.entries.length) post({ text: startCommand() }, null, null);
    }, bootFailed);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
