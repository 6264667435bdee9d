/* Participant chat: shows the server's conversation and offers the input its prompt asks for.
 *
 * The conversation comes from the server (the `sync` ack and every write's
 * ack), so a reload shows exactly the same chat. The last one is kept in
 * localStorage, so the page is usable before the socket has connected (slow
 * networks, a server restart, a phone waking up). Writes wait in the outbox
 * (outbox.js) until the server acks them after its commit.
 */
"use strict";

(function () {
  var W = TyopajaWidgets;
  var root = document.getElementById("main");
  var code = root.dataset.code;
  var lang = root.dataset.lang;
  var plain = root.dataset.plain === "1"; // selkokieli (Easy Finnish): tyopaja/selko.py
  var T = Tyopaja.texts();
  var chat = document.getElementById("chat");
  var composer = document.getElementById("composer");
  var statusNode = document.getElementById("status");
  var announcer = document.getElementById("announce");
  var scriptLang = root.dataset.scriptLang || lang; // the workshop's own texts are in its language

  var prefix = "tyopaja:" + code + ":";
  var me = Tyopaja.store.get(prefix + "me", null);
  var firstVisit = !me || !me.pid || !me.secret;
  if (firstVisit) {
    me = { pid: Tyopaja.randomId(18), secret: Tyopaja.randomId(32) };
    Tyopaja.store.set(prefix + "me", me);
  }
  var cached = Tyopaja.store.get(prefix + "talk", null);
  var conversation = cached && cached.lang === lang && !!cached.plain === plain ? cached.conversation : null;
  if (!conversation && firstVisit) conversation = initialConversation();
  var drafts = Tyopaja.store.get(prefix + "drafts", {});
  var ui = { changing: {}, picks: {}, rank: {}, dots: {}, recap: {}, editing: null, confirm: null, eventErrors: null,
    actionError: null, placement: null, placed: null };
  var composerKey = null;
  var lastIds = "";
  var focusAfter = null;
  var acks = 0; // write acks so far: a snapshot asked for before the latest one may be older

  var socket = null; // made once the Socket.IO client has loaded (it loads async: see startSocket)
  var outbox = new TyopajaOutbox.Outbox(prefix + "outbox", null, {
    onChange: function () { render(); },
    onAck: function (res, item) {
      acks++;
      if (res.ok && res.conversation) receive(res.conversation);
      // A new answer's offer replaces the previous one (placement.js).
      if (res.ok && item && item.event === "answer") ui.placement = res.placement || null;
      render();
    },
  });

  function initialConversation() {
    var block = document.getElementById("initial");
    return block ? JSON.parse(block.textContent) : null;
  }

  // A write's ack may carry a delta: the first `keep` messages of version `base`, then the
  // rest. It fits only that very version; otherwise the whole conversation is asked for.
  function receive(next) {
    if (next.base === undefined) { setConversation(next); return; }
    var have = conversation && conversation.v === next.base ? conversation.messages : null;
    if (!have || have.length < next.keep) { sync(); return; }
    setConversation({ v: next.v, messages: have.slice(0, next.keep).concat(next.messages), prompt: next.prompt });
  }

  function setConversation(next) {
    conversation = next;
    Tyopaja.store.set(prefix + "talk", { lang: lang, plain: plain, conversation: next });
  }

  var draft = {
    get: function (key, fallback) { return key in drafts ? drafts[key] : fallback; },
    set: function (key, value) { drafts[key] = value; Tyopaja.store.set(prefix + "drafts", drafts); },
    clear: function (key) { delete drafts[key]; Tyopaja.store.set(prefix + "drafts", drafts); },
  };

  var ctx = {
    T: T,
    textLang: scriptLang !== lang ? scriptLang : null, // the lang of options from the script
    ui: ui,
    draft: draft,
    send: function (event, payload, meta) {
      outbox.add(event, payload, meta);
    },
    sync: sync,
    rerender: function (force, focusId) {
      if (force) composerKey = null;
      focusAfter = focusId || null;
      render();
    },
    announce: function (text) { announcer.textContent = text; },
    pendingBallot: function (step) {
      var items = outbox.pending(function (o) { return o.event === "ballot" && o.payload.step === step; });
      return items.length ? items[items.length - 1] : null;
    },
  };

  function sync() {
    if (!online()) return;
    var asked = acks;
    socket.emit("sync", {}, function (res) {
      if (!res || !res.ok) return;
      if (acks !== asked) { sync(); return; } // a write was acked meanwhile: ask again
      setConversation(res.conversation);
      render();
      outbox.flush();
    });
  }

  // -- the chat -------------------------------------------------------------------

  // Bubbles whose text comes from the workshop's script: the greeting, the questions, follow-ups.
  var SCRIPT_TEXT = /^m-(hello|step:|probe:)/;

  function bubble(id, who, text, extraClass, statusText) {
    var failed = extraClass && extraClass.indexOf("failed") >= 0;
    var li = Tyopaja.el("li", {
      id: id,
      className: "bubble " + who + (extraClass ? " " + extraClass : ""),
      lang: scriptLang !== lang && SCRIPT_TEXT.test(id) ? scriptLang : null, // WCAG 3.1.2
      // The chat is a live region: the bot's messages and refusals are read out; one's own
      // words (and their "sending" states) are not read back.
      "aria-live": who === "me" && !failed ? "off" : null,
    });
    li.appendChild(Tyopaja.el("span", { className: "bubble-text" }, text));
    if (statusText) li.appendChild(Tyopaja.el("span", { className: "bubble-status" }, statusText));
    return li;
  }

  function pendingStatus(item) {
    if (!online()) return T.queued;
    return item.sent ? T.sending : T.queued;
  }

  /** Edit and withdraw buttons under one's own answer, or the "are you sure?" question. */
  function bubbleActions(li, message) {
    var kind = message.answer ? "answer" : "event";
    var id = message.answer || message.event;
    var row = Tyopaja.el("div", { className: "bubble-actions" });
    if (ui.confirm === message.id) {
      row.appendChild(Tyopaja.el("span", { className: "bubble-question" }, T.confirm_withdraw));
      row.appendChild(W.button(T.yes_withdraw, "danger", function () {
        ui.confirm = null;
        var payload = {};
        payload[kind] = id;
        outbox.add("withdraw", payload, { display: message.text, replaces: message.id });
      }, { id: "yes-" + message.id }));
      row.appendChild(W.button(T.no, "", function () {
        ui.confirm = null;
        ctx.rerender(true, "withdraw-" + message.id);
      }, { id: "no-" + message.id }));
    } else {
      if (message.actions.indexOf("edit") >= 0) {
        row.appendChild(W.button(T.edit, "", function () {
          ui.editing = { answer: message.answer, text: message.text };
          ctx.rerender(true, "composer-input");
        }, { id: "edit-" + message.id, "aria-label": T.edit + ": " + message.text }));
      }
      row.appendChild(W.button(T.withdraw, "", function () {
        ui.confirm = message.id;
        ctx.rerender(true, "no-" + message.id);
      }, { id: "withdraw-" + message.id, "aria-label": T.withdraw + ": " + message.text }));
    }
    li.appendChild(row);
  }

  function wanted() {
    var items = [];
    var replacing = {};
    outbox.items.forEach(function (item) { if (item.replaces) replacing[item.replaces] = item; });
    var shown = {};
    (conversation ? conversation.messages : []).forEach(function (m) {
      var item = replacing[m.id];
      if (item) {
        shown[item.payload.cid] = true;
        var withdrawing = item.event === "withdraw";
        items.push(bubble("m-" + m.id, "me", withdrawing ? m.text : item.display,
          "pending" + (withdrawing ? " withdrawing" : ""), withdrawing ? T.withdrawing : pendingStatus(item)));
        return;
      }
      var li = bubble("m-" + m.id, m.who, m.text, m.who === "me" ? "sent" : "");
      if (m.who === "me" && m.actions && m.actions.length && !ui.editing) bubbleActions(li, m);
      items.push(li);
    });
    outbox.items.forEach(function (item) {
      if (item.silent || shown[item.payload.cid] || item.event === "withdraw" || item.event === "edit") return;
      items.push(bubble("o-" + item.payload.cid, "me", item.display, "pending", pendingStatus(item)));
    });
    placementBubbles().forEach(function (li) { items.push(li); });
    outbox.failed.forEach(function (f) {
      var li = bubble("x-" + f.cid, f.silent ? "bot" : "me", f.silent ? f.message : f.display, "failed",
        f.silent ? null : T.failed + ". " + f.message);
      li.appendChild(W.button(T.dismiss, "", function () { outbox.dismiss(f.cid); }, { "aria-label": T.dismiss }));
      items.push(li);
    });
    return items;
  }

  /** The open placement offer (while its step is still being answered), or the thanks after a tap. */
  function placementBubbles() {
    var step = conversation && conversation.prompt ? conversation.prompt.step : null;
    var offer = ui.placement;
    if (offer && offer.step === step) {
      return [TyopajaPlacement.bubble(T, offer, function (option) { place(offer, option); })];
    }
    if (ui.placed && ui.placed.step === step) return [TyopajaPlacement.thanks(T, ui.placed)];
    return [];
  }

  function place(offer, option) {
    var payload = TyopajaPlacement.payload(offer, option);
    if (payload) outbox.add("link", payload, { silent: true });
    ui.placement = null;
    ui.placed = { answer: offer.answer, step: offer.step, linked: !!option };
    // The tapped button is gone: the keyboard goes on where the next answer is written.
    ctx.rerender(false, document.getElementById("composer-input") ? "composer-input" : "composer");
  }

  function bubbleText(li) {
    return li.querySelector(".bubble-text").textContent;
  }

  /** Make `node` look like `fresh`, replacing only the children that differ (focus stays put). */
  function patch(node, fresh) {
    if (node.className !== fresh.className) node.className = fresh.className;
    var live = fresh.getAttribute("aria-live");
    if (live === null) node.removeAttribute("aria-live"); else node.setAttribute("aria-live", live);
    var next = Array.prototype.slice.call(fresh.childNodes);
    var old = Array.prototype.slice.call(node.childNodes);
    next.forEach(function (child, i) {
      if (!old[i]) node.appendChild(child);
      else if (!old[i].isEqualNode(child)) node.replaceChild(child, old[i]);
    });
    old.slice(next.length).forEach(function (child) { node.removeChild(child); });
  }

  /** Update the chat list in place: a bubble on screen is never inserted again. */
  function renderChat() {
    var items = wanted();
    var ids = new Set(items.map(function (li) { return li.id; }));
    var leaving = Array.prototype.filter.call(chat.children, function (li) { return !ids.has(li.id); });
    items.forEach(function (li) {
      if (document.getElementById(li.id) || !li.classList.contains("me")) return;
      // A write the server has answered: its waiting bubble becomes the stored one (same node).
      var same = leaving.filter(function (old) {
        return old.classList.contains("me") && bubbleText(old) === bubbleText(li);
      })[0];
      if (same) { same.id = li.id; leaving.splice(leaving.indexOf(same), 1); }
    });
    leaving.forEach(function (li) { chat.removeChild(li); });
    items.forEach(function (li, i) {
      var existing = document.getElementById(li.id);
      if (existing && existing.parentNode === chat) {
        patch(existing, li);
        if (chat.children[i] !== existing) chat.insertBefore(existing, chat.children[i] || null);
      } else {
        chat.insertBefore(li, chat.children[i] || null);
      }
    });
    var key = items.map(function (li) { return li.id; }).join("|");
    var grew = key !== lastIds;
    lastIds = key;
    return grew;
  }

  // -- the composer ---------------------------------------------------------------

  function pendingCount(test) {
    return outbox.pending(test).length;
  }

  function composerFor(prompt) {
    if (ui.editing) return W.editForm(ctx, ui.editing);
    var kind = prompt.kind;
    if (pendingCount(function (o) { return o.event === "advance"; })) return W.wait(T.moving);
    if (prompt.field) {
      // The next introduction question comes from the server once this one is stored.
      if (pendingCount(function (o) { return o.event === "profile"; })) return W.wait(T.queued);
      if (kind === "quick") return W.quickReplies(ctx, prompt);
      if (kind === "table") return W.tableForm(ctx, prompt);
      return W.answerForm(ctx, prompt);
    }
    if (kind === "followup") {
      return pendingCount(function (o) { return o.event === "followup"; }) ? W.wait(T.queued) : W.answerForm(ctx, prompt);
    }
    if (kind === "text") {
      var sent = pendingCount(function (o) { return o.event === "answer" && o.payload.step === prompt.step; });
      if (sent >= prompt.extra.left) return W.stack([W.wait(T.queued), W.nextButton(ctx, prompt, false)]);
      return W.answerForm(ctx, prompt);
    }
    if (kind === "choice") return W.choice(ctx, prompt);
    if (kind === "scale") return W.scale(ctx, prompt);
    if (kind === "rank") return W.rank(ctx, prompt);
    if (kind === "dots") return W.dots(ctx, prompt);
    if (kind === "event") return W.eventForm(ctx, prompt);
    if (kind === "action") return TyopajaFollowup.actionForm(ctx, prompt);
    if (kind === "recap") return TyopajaFollowup.recap(ctx, prompt);
    if (kind === "next") return W.nextButton(ctx, { step: prompt.step, extra: { next: true } }, true);
    if (kind === "closed") return null;
    if (!conversation) return W.wait(T.connecting);
    return W.wait(prompt.extra.end ? T.wait_end : T.wait);
  }

  function renderComposer() {
    var prompt = conversation ? conversation.prompt : { kind: "wait", extra: {} };
    prompt.extra = prompt.extra || {};
    var key = JSON.stringify([prompt, outbox.items.map(function (o) { return [o.payload.cid, o.sent]; }),
      online(), ui.editing, ui.changing, ui.confirm]);
    if (key === composerKey) return false;
    var hadFocus = composer.contains(document.activeElement);
    composerKey = key;
    composer.textContent = "";
    composer.dataset.kind = ui.editing ? "edit" : prompt.kind;
    var node = composerFor(prompt);
    if (node) composer.appendChild(node);
    var target = focusAfter && document.getElementById(focusAfter);
    if (target && !target.disabled) target.focus();
    else if (hadFocus) {
      var first = composer.querySelector("textarea, input, select, button:not([disabled])");
      // While it waits (e.g. for the next introduction question) the composer keeps the
      // focus itself, so that a keyboard user lands on the next input when it comes.
      (first || composer).focus();
    }
    return true;
  }

  function render() {
    var grew = renderChat();
    var changed = renderComposer();
    var target = focusAfter && document.getElementById(focusAfter);
    if (target && document.activeElement !== target && !target.disabled) target.focus();
    focusAfter = null;
    if (grew || (changed && !composer.contains(document.activeElement))) scrollToLatest();
    showConnection();
  }

  /** Show the newest message; with a tall input (dots, calendar), show the question above it. */
  function scrollToLatest() {
    var tall = composer.offsetHeight > window.innerHeight * 0.45;
    var step = conversation && conversation.prompt ? conversation.prompt.step : null;
    var bots = chat.querySelectorAll(".bubble.bot");
    var question = (step && document.getElementById("m-step:" + step)) || (bots.length ? bots[bots.length - 1] : null);
    if (tall && question) {
      // Below the sticky header (when it sticks), not under it.
      var header = document.querySelector(".chat-header");
      var cover = header && window.getComputedStyle(header).position === "sticky" ? header.offsetHeight : 0;
      window.scrollTo(0, question.getBoundingClientRect().top + window.scrollY - cover - 8);
    } else window.scrollTo(0, document.body.scrollHeight);
  }

  function showConnection() {
    var waiting = outbox.items.length;
    var state = statusNode.dataset.state;
    if (online()) {
      Tyopaja.showStatus(statusNode, "online", waiting ? T.sending : T.online);
    } else if (state === "offline") {
      Tyopaja.showStatus(statusNode, "offline", waiting ? W.fmt(T.offline_waiting, { n: waiting }) : T.offline);
    }
    // "connecting" (the first connection) and "error" (a refusal) keep their text.
  }

  // -- connection -------------------------------------------------------------------

  function online() {
    return !!socket && socket.connected;
  }

  function startSocket() {
    if (socket || !window.io) return;
    socket = Tyopaja.connect("participant", code, { pid: me.pid, secret: me.secret, lang: lang, plain: plain, delta: true });
    outbox.socket = socket;
    socket.on("connect", function () {
      statusNode.dataset.state = "online";
      sync();
    });
    socket.on("disconnect", function () {
      outbox.reset();
      statusNode.dataset.state = "offline";
      render();
    });
    socket.on("connect_error", function (err) {
      var data = err && err.data;
      if (data && data.message) {
        Tyopaja.showStatus(statusNode, "error", data.message);
        if (data.error === "bad_identity" || data.error === "unknown_workshop") socket.disconnect();
      } else {
        statusNode.dataset.state = "offline";
        showConnection();
      }
    });
    socket.on("position", sync);
    socket.on("items", itemsChanged);
  }

  // The items of an open dots vote changed: a phone on that vote reloads them, each phone at
  // its own moment within the `spread` seconds the server gives, so a full hall does not ask
  // all at once.
  var itemsTimer = null;
  function itemsChanged(msg) {
    var prompt = conversation && conversation.prompt;
    var steps = (msg && msg.steps) || [];
    if (!prompt || prompt.kind !== "dots" || steps.indexOf(prompt.step) < 0 || itemsTimer) return;
    var spread = Math.min(Number(msg.spread) || 2, 60);
    itemsTimer = setTimeout(function () { itemsTimer = null; sync(); }, Math.random() * spread * 1000);
  }

  // A phone that wakes up or gets its network back reconnects at once, not after a back-off.
  function wake() {
    if (document.visibilityState === "hidden") return;
    if (!socket) return;
    if (!socket.connected && statusNode.dataset.state !== "error") socket.connect();
    else if (socket.connected) sync();
  }
  document.addEventListener("visibilitychange", wake);
  window.addEventListener("online", wake);

  render();
  // The chat is usable before the Socket.IO client (the page's biggest file) has arrived.
  if (window.io) startSocket();
  else document.getElementById("socketio").addEventListener("load", startSocket);
})();
