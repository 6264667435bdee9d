/* Step timer: counts down locally from the server's end time, corrected for clock skew. */
"use strict";

var TyopajaTimer = (function () {
  /** "m:ss" (or "h:mm:ss") for a number of seconds. */
  function format(seconds) {
    seconds = Math.max(0, Math.round(seconds));
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    var mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(s).padStart(2, "0");
  }

  /** Show a Timer (docs/protocol.md) in `node`; returns a function that takes the next one. */
  function attach(node, onTick) {
    var timer = null;
    var skew = 0; // server clock minus ours
    var handle = null;

    function left() {
      if (!timer) return 0;
      if (!timer.running) return timer.left;
      return Math.max(0, Math.ceil((timer.ends_at - (Date.now() + skew)) / 1000));
    }

    function tick() {
      var seconds = left();
      node.textContent = format(seconds);
      node.dataset.state = !timer || !timer.duration ? "off" : seconds === 0 ? "over" : timer.running ? "running" : "paused";
      node.dataset.low = timer && timer.running && seconds > 0 && seconds <= 30 ? "true" : "false";
      if (onTick) onTick(seconds, timer);
    }

    return function set(next) {
      timer = next;
      if (next && typeof next.now === "number") skew = next.now - Date.now();
      if (handle) window.clearInterval(handle);
      handle = next && next.running ? window.setInterval(tick, 250) : null;
      tick();
    };
  }

  return { attach: attach, format: format };
})();
