/* Shared helpers for every page. Plain functions; no framework, no inline script. */
"use strict";

var Tyopaja = (function () {
  /** Random URL-safe id of `bytes` random bytes. */
  function randomId(bytes) {
    var buf = new Uint8Array(bytes || 16);
    (window.crypto || window.msCrypto).getRandomValues(buf);
    var s = "";
    for (var i = 0; i < buf.length; i++) s += String.fromCharCode(buf[i]);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  /** Create an element; text goes in as textContent, never as HTML. */
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        if (attrs[key] === null || attrs[key] === undefined || attrs[key] === false) return;
        if (key === "className") node.className = attrs[key];
        else node.setAttribute(key, attrs[key] === true ? "" : attrs[key]);
      });
    }
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /** The page's translated texts (a JSON block rendered by the server). */
  function texts() {
    var block = document.getElementById("texts");
    return block ? JSON.parse(block.textContent) : {};
  }

  /** localStorage that never throws (private mode, full quota). */
  var store = {
    get: function (key, fallback) {
      try {
        var raw = window.localStorage.getItem(key);
        return raw === null ? fallback : JSON.parse(raw);
      } catch (e) {
        return fallback;
      }
    },
    set: function (key, value) {
      try {
        window.localStorage.setItem(key, JSON.stringify(value));
      } catch (e) { /* keep working without persistence */ }
    },
  };

  /** Connect a Socket.IO client for `role` with extra auth fields. */
  function connect(role, code, auth) {
    var payload = Object.assign({ role: role, code: code }, auth || {});
    var socket = io({
      auth: payload,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      timeout: 10000,
    });
    // The client does not reconnect after the server closed the socket (a deleted workshop,
    // a new facilitator link): connect once more to hear why, as a connect_error's data.
    socket.on("disconnect", function (reason) {
      if (reason === "io server disconnect") setTimeout(function () { socket.connect(); }, 500);
    });
    return socket;
  }

  /** Reflect the connection state in a status element. */
  function showStatus(node, state, text) {
    if (!node) return;
    node.dataset.state = state;
    node.textContent = text;
  }

  /** A Map of a list's items by their `id`. */
  function indexById(list) {
    var map = new Map();
    (list || []).forEach(function (item) { map.set(item.id, item); });
    return map;
  }

  return {
    randomId: randomId, el: el, texts: texts, store: store, connect: connect, showStatus: showStatus,
    indexById: indexById,
  };
})();
