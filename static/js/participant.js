/* Participant chat: renders the server's conversation, keeps unsent writes in an outbox.
 *
 * Every write gets a client id and waits in localStorage until the server acks
 * it after its commit; a resend after a reconnect is a no-op on the server.
 * The conversation itself comes from the server (`sync` and every ack), so a
 * reload shows exactly the same chat.
 */
"use strict";

(function () {
  var root = document.getElementById("main");
  var code = root.dataset.code;
  var lang = root.dataset.lang;
  var T = Tyopaja.texts();
  var chat = document.getElementById("chat");
  var composer = document.getElementById("composer");
  var statusNode = document.getElementById("status");

  var meKey = "tyopaja:" + code + ":me";
  var outboxKey = "tyopaja:" + code + ":outbox";
  var me = Tyopaja.store.get(meKey, null);
  if (!me || !me.pid || !me.secret) {
    me = { pid: Tyopaja.randomId(18), secret: Tyopaja.randomId(32) };
    Tyopaja.store.set(meKey, me);
  }
  var outbox = Tyopaja.store.get(outboxKey, []);
  var conversation = null;
  var notice = null;
  var promptKey = null;
  var flushing = false;
  var attempts = 0;
  var retryDelay = 500;
  var retryTimer = null;
  var TRANSIENT = { server_error: true, store_failed: true, rate_limited: true };

  var socket = Tyopaja.connect("participant", code, { pid: me.pid, secret: me.secret, lang: lang });

  function saveOutbox() { Tyopaja.store.set(outboxKey, outbox); }

  /** Queue a write; it is shown at once as pending and sent when possible. */
  function send(event, payload, display) {
    payload.cid = Tyopaja.randomId(12);
    outbox.push({ event: event, payload: payload, display: display });
    saveOutbox();
    notice = null;
    render();
    flush();
  }

  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = setTimeout(function () { retryTimer = null; flush(); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 15000);
  }

  /** Send the oldest unacked write; on its ack, the next. Order is kept. */
  function flush() {
    if (flushing || !socket.connected || !outbox.length) return;
    flushing = true;
    var attempt = ++attempts;
    var item = outbox[0];
    item.sent = true;
    render();
    socket.timeout(15000).emit(item.event, item.payload, function (err, res) {
      if (attempt !== attempts) return; // a reconnect started a newer attempt
      flushing = false;
      if (err || !res) { scheduleRetry(); return; }
      if (!res.ok && TRANSIENT[res.error]) { scheduleRetry(); return; }
      retryDelay = 500;
      outbox = outbox.filter(function (other) { return other.payload.cid !== item.payload.cid; });
      saveOutbox();
      if (res.ok) conversation = res.conversation;
      else notice = res.message;
      render();
      flush();
    });
  }

  function sync() {
    socket.emit("sync", {}, function (res) {
      if (!res || !res.ok) return;
      conversation = res.conversation;
      render();
      flush();
    });
  }

  // -- rendering ------------------------------------------------------------

  function bubble(id, who, text, extraClass, statusText) {
    var li = Tyopaja.el("li", { id: id, className: "bubble " + who + (extraClass ? " " + extraClass : "") });
    li.appendChild(Tyopaja.el("span", { className: "bubble-text" }, text));
    if (statusText) li.appendChild(Tyopaja.el("span", { className: "bubble-status" }, statusText));
    return li;
  }

  function pendingStatus(item) {
    if (!socket.connected) return T.queued;
    return item.sent ? T.sending : T.queued;
  }

  function wanted() {
    var items = [];
    if (conversation) {
      conversation.messages.forEach(function (m) {
        items.push(bubble("m-" + m.id, m.who, m.text, m.who === "me" ? "sent" : ""));
      });
    }
    outbox.forEach(function (item) {
      items.push(bubble("o-" + item.payload.cid, "me", item.display, "pending", pendingStatus(item)));
    });
    if (notice) items.push(bubble("notice", "bot", notice, "notice"));
    return items;
  }

  /** Update the chat list in place: keep existing bubbles so that the live region announces only new ones. */
  function renderChat() {
    var items = wanted();
    var ids = new Set(items.map(function (li) { return li.id; }));
    Array.prototype.slice.call(chat.children).forEach(function (li) {
      if (!ids.has(li.id)) chat.removeChild(li);
    });
    items.forEach(function (li, i) {
      var existing = document.getElementById(li.id);
      if (existing && existing.parentNode === chat) {
        if (existing.textContent !== li.textContent || existing.className !== li.className) {
          existing.className = li.className;
          existing.textContent = "";
          Array.prototype.slice.call(li.childNodes).forEach(function (c) { existing.appendChild(c); });
        }
        if (chat.children[i] !== existing) chat.insertBefore(existing, chat.children[i] || null);
      } else {
        chat.insertBefore(li, chat.children[i] || null);
      }
    });
    window.scrollTo(0, document.body.scrollHeight);
  }

  function render() {
    renderChat();
    renderComposer();
  }

  function pendingFor(prompt) {
    return outbox.filter(function (item) {
      if (prompt.field) return item.event === "profile";
      return item.payload.step === prompt.step || item.event === "followup";
    }).length;
  }

  function renderComposer() {
    var prompt = conversation ? conversation.prompt : { kind: "wait" };
    var key = JSON.stringify(prompt) + "|" + outbox.length + "|" + socket.connected;
    if (key === promptKey) return;
    var hadFocus = composer.contains(document.activeElement);
    promptKey = key;
    composer.textContent = "";
    var pending = pendingFor(prompt);
    if (prompt.kind === "text" || prompt.kind === "followup") {
      var left = prompt.extra && prompt.extra.left;
      if (prompt.field || prompt.kind === "followup" ? pending > 0 : left !== undefined && pending >= left) {
        composer.appendChild(Tyopaja.el("p", { className: "composer-wait" }, T.queued));
      } else {
        composer.appendChild(textForm(prompt));
      }
    } else if (prompt.kind === "quick") {
      composer.appendChild(pending ? Tyopaja.el("p", { className: "composer-wait" }, T.queued) : quickReplies(prompt));
    } else if (prompt.kind === "table") {
      composer.appendChild(pending ? Tyopaja.el("p", { className: "composer-wait" }, T.queued) : tableForm(prompt));
    } else if (prompt.kind === "wait") {
      composer.appendChild(Tyopaja.el("p", { className: "composer-wait" }, T.wait));
    } else if (prompt.kind === "closed") {
      return;
    } else {
      composer.appendChild(Tyopaja.el("p", { className: "composer-wait" }, T.not_yet));
    }
    var first = composer.querySelector("textarea, input, button");
    if (hadFocus && first) first.focus();
  }

  function textForm(prompt) {
    var form = Tyopaja.el("form", { className: "composer-form" });
    var id = "composer-input";
    form.appendChild(Tyopaja.el("label", { for: id, className: "visually-hidden" }, prompt.placeholder || T.answer));
    var multiline = !prompt.field;
    var input = Tyopaja.el(multiline ? "textarea" : "input", {
      id: id,
      name: "text",
      rows: multiline ? 2 : null,
      placeholder: prompt.placeholder || "",
      maxlength: 2000,
      autocomplete: "off",
    });
    form.appendChild(input);
    var buttons = Tyopaja.el("div", { className: "composer-buttons" });
    buttons.appendChild(Tyopaja.el("button", { type: "submit", className: "primary" }, T.send));
    if (prompt.skippable) {
      var skip = Tyopaja.el("button", { type: "button", className: "secondary" }, T.skip);
      skip.addEventListener("click", function () { submitText(prompt, "", T.skip); });
      buttons.appendChild(skip);
    }
    form.appendChild(buttons);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var text = input.value.trim();
      if (!text) { input.focus(); return; }
      submitText(prompt, text, text);
    });
    if (multiline) {
      input.addEventListener("keydown", function (e) {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
      });
    }
    return form;
  }

  function submitText(prompt, text, display) {
    if (prompt.field) send("profile", { field: prompt.field, value: text }, display);
    else if (prompt.kind === "followup") send("followup", { answer: prompt.extra.answer, text: text }, display);
    else send("answer", { step: prompt.step, text: text }, display);
  }

  function quickReplies(prompt) {
    var group = Tyopaja.el("div", { className: "quick", role: "group", "aria-label": T.answer });
    prompt.options.forEach(function (option) {
      var button = Tyopaja.el("button", { type: "button", className: "quick-reply" }, option.label);
      button.addEventListener("click", function () {
        send("profile", { field: prompt.field, value: option.value }, option.label);
      });
      group.appendChild(button);
    });
    if (prompt.skippable) {
      var skip = Tyopaja.el("button", { type: "button", className: "secondary" }, T.skip);
      skip.addEventListener("click", function () { send("profile", { field: prompt.field, value: "" }, T.skip); });
      group.appendChild(skip);
    }
    return group;
  }

  function tableForm(prompt) {
    var form = Tyopaja.el("form", { className: "composer-form table-form" });
    form.appendChild(Tyopaja.el("label", { for: "table-label" }, T.table_label));
    var label = Tyopaja.el("input", { id: "table-label", maxlength: 40, placeholder: prompt.placeholder, autocomplete: "off" });
    form.appendChild(label);
    form.appendChild(Tyopaja.el("label", { for: "table-count" }, T.headcount));
    var count = Tyopaja.el("input", { id: "table-count", type: "number", min: 1, max: 50, value: 4, inputmode: "numeric" });
    form.appendChild(count);
    form.appendChild(Tyopaja.el("button", { type: "submit", className: "primary" }, T.send));
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var n = parseInt(count.value, 10) || 1;
      var text = (label.value.trim() || T.table_label) + ", " + n;
      send("profile", { field: "table", value: { label: label.value.trim(), headcount: n } }, text);
    });
    return form;
  }

  // -- connection -------------------------------------------------------------

  socket.on("connect", function () {
    Tyopaja.showStatus(statusNode, "online", T.online);
    retryDelay = 500;
    sync();
  });
  socket.on("disconnect", function () {
    Tyopaja.showStatus(statusNode, "offline", T.offline);
    outbox.forEach(function (item) { item.sent = false; });
    flushing = false;
    attempts++;
    render();
  });
  socket.on("connect_error", function (err) {
    var data = err && err.data;
    if (data && data.message) {
      Tyopaja.showStatus(statusNode, "error", data.message);
      if (data.error === "bad_identity" || data.error === "unknown_workshop") socket.disconnect();
    } else {
      Tyopaja.showStatus(statusNode, "offline", T.offline);
    }
  });
  socket.on("position", sync);

  render();
})();
