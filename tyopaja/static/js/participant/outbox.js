/* Participant outbox: every write waits in localStorage until the server acks it after its commit.
 *
 * Writes go out one at a time, oldest first, so their order holds. Each has a
 * client id (cid): a write resent after a reconnect, a reload or a server
 * restart is a no-op on the server, which answers with the first ack. A write
 * the server refuses leaves the queue and is kept (with the reason) until the
 * participant dismisses it, so no typed word silently disappears.
 */
"use strict";

var TyopajaOutbox = (function () {
  var TRANSIENT = { server_error: true, store_failed: true, rate_limited: true };
  var MAX_FAILED = 5;

  /** A persistent queue for one workshop; `socket` may be set later. hooks: onChange(), onAck(res, item). */
  function Outbox(key, socket, hooks) {
    var saved = Tyopaja.store.get(key, null);
    if (Array.isArray(saved)) saved = { items: saved, failed: [] }; // the first format
    saved = saved || {};
    this.key = key;
    this.socket = socket;
    this.hooks = hooks;
    this.items = (saved.items || []).filter(function (item) { return item && item.payload; });
    this.failed = saved.failed || [];
    this.items.forEach(function (item) { item.sent = false; });
    this.busy = false;
    this.attempt = 0;
    this.delay = 500;
    this.timer = null;
  }

  Outbox.prototype.save = function () {
    Tyopaja.store.set(this.key, { items: this.items, failed: this.failed });
  };

  /** Queue a write. meta: display (bubble text), replaces (message id), coalesce (key), silent. */
  Outbox.prototype.add = function (event, payload, meta) {
    meta = meta || {};
    payload.cid = Tyopaja.randomId(12);
    var item = {
      event: event,
      payload: payload,
      display: meta.display || "",
      replaces: meta.replaces || null,
      coalesce: meta.coalesce || null,
      silent: !!meta.silent,
      sent: false,
    };
    if (item.coalesce) {
      // A newer ballot replaces an older one that has not left the phone yet.
      this.items = this.items.filter(function (o) { return o.sent || o.coalesce !== item.coalesce; });
    }
    this.items.push(item);
    this.save();
    this.hooks.onChange();
    this.flush();
    return item;
  };

  Outbox.prototype.retryLater = function () {
    var self = this;
    if (self.timer) return;
    self.timer = setTimeout(function () { self.timer = null; self.flush(); }, self.delay);
    self.delay = Math.min(self.delay * 2, 15000);
  };

  /** Send the oldest unacked write; on its ack, the next. */
  Outbox.prototype.flush = function () {
    var self = this;
    if (self.busy || !self.socket || !self.socket.connected || !self.items.length) return;
    self.busy = true;
    var attempt = ++self.attempt;
    var item = self.items[0];
    item.sent = true;
    self.hooks.onChange();
    self.socket.timeout(20000).emit(item.event, item.payload, function (err, res) {
      if (attempt !== self.attempt) return; // a reconnect started a newer attempt
      self.busy = false;
      if (err || !res || (!res.ok && TRANSIENT[res.error])) {
        item.sent = false;
        self.hooks.onChange();
        self.retryLater();
        return;
      }
      self.delay = 500;
      self.items = self.items.filter(function (o) { return o.payload.cid !== item.payload.cid; });
      if (!res.ok) self.keepFailed(item, res.message);
      self.save();
      self.hooks.onAck(res, item);
      self.flush();
    });
  };

  Outbox.prototype.keepFailed = function (item, message) {
    this.failed.push({
      cid: item.payload.cid,
      event: item.event,
      display: item.display,
      silent: item.silent,
      message: message || "",
    });
    this.failed = this.failed.slice(-MAX_FAILED);
  };

  /** The connection dropped: whatever was in flight is sent again after the reconnect. */
  Outbox.prototype.reset = function () {
    this.items.forEach(function (item) { item.sent = false; });
    this.busy = false;
    this.attempt++;
  };

  Outbox.prototype.dismiss = function (cid) {
    this.failed = this.failed.filter(function (f) { return f.cid !== cid; });
    this.save();
    this.hooks.onChange();
  };

  /** Unacked writes matching `test(item)`. */
  Outbox.prototype.pending = function (test) {
    return this.items.filter(test);
  };

  return { Outbox: Outbox };
})();
