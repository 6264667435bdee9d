/* Facilitator console: the step list follows the current step. On a long script the list
   scrolls inside its own column; when the facilitator moves on, the new current step is
   brought into view (centred), while scrolling by hand between moves is left alone. */
"use strict";

(function () {
  var list = document.getElementById("steps");
  var box = list.closest(".con-steps");
  var shown = null;

  function follow() {
    var current = list.querySelector(".con-step.current");
    var id = current ? current.querySelector("[data-step]").dataset.step : null;
    if (!current || id === shown) return;
    shown = id;
    if (box.scrollHeight <= box.clientHeight) return; // the page scrolls, not the list
    var top = current.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    box.scrollTop = Math.max(0, top - (box.clientHeight - current.offsetHeight) / 2);
  }

  new MutationObserver(follow).observe(list, { childList: true });
})();
