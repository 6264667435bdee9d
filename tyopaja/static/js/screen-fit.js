/* Projector: keep every answer and every group readable from the back of the hall.
 *
 * The answer wall first tries to fit all answers, shrinking the notes down to a size still
 * readable from about 10 m. What does not fit is paged: the newest answers keep the first row
 * on every page (a new answer is on screen within a second), the rest turn page by page at a
 * calm pace ("sivu 2/5"). A presenter's clicker or the keyboard (PageDown, →, PageUp, ←)
 * turns pages at once; `?sivu=SECONDS` sets the pace and `?sivu=0` stops the rotation.
 *
 * The group view always shows every group: the grid gets as many columns and rows as there
 * are groups and each card shows the answers it has room for, then "+ n muuta".
 * Layout is measured in the browser (rendered heights), so long answers take the room they need.
 */
"use strict";

var TyopajaFit = (function () {
  var SIZES = ["few", "some", "many"]; // largest first; "many" is the smallest readable size
  var DEFAULT_SECONDS = 15;

  function pageSeconds() {
    var raw = new URLSearchParams(window.location.search).get("sivu");
    var n = raw === null ? DEFAULT_SECONDS : Number(raw);
    return isFinite(n) && n >= 0 ? n : DEFAULT_SECONDS;
  }

  /** True if a note is wholly inside the box (the wall is a multi-column box of fixed height:
      what does not fit runs into columns to the right, out of sight). */
  function inside(rect, box) {
    return rect.bottom <= box.bottom + 1 && rect.right <= box.right + 1;
  }

  /** True if every shown item is inside the box (one layout, then reads). */
  function allInside(box, items) {
    var rect = box.getBoundingClientRect();
    return items.every(function (li) { return li.hidden || inside(li.getBoundingClientRect(), rect); });
  }

  function columns(box) {
    var style = window.getComputedStyle(box);
    var n = parseInt(style.columnCount, 10);
    return n > 0 ? n : Math.max(1, Math.floor(box.clientWidth / (parseFloat(style.columnWidth) || box.clientWidth)));
  }

  /** Split `items` into pages that fit the box: [start, end) index pairs. */
  function paginate(box, items) {
    var pages = [];
    var start = 0;
    while (start < items.length) {
      items.forEach(function (li, i) { li.hidden = i < start; });
      var rect = box.getBoundingClientRect();
      var end = start;
      while (end < items.length && inside(items[end].getBoundingClientRect(), rect)) end++;
      if (end === start) end = start + 1; // a note taller than the screen gets a page of its own
      pages.push([start, end]);
      start = end;
    }
    return pages.length ? pages : [[0, 0]];
  }

  /** The answer wall's pager: call `layout()` after the notes change, `turn(±1)` to page.
      `newest` is a strip that repeats the newest answers (short) above a paged wall. */
  function wallPager(box, newest, onPage) {
    var state = { pages: [[0, 0]], page: 0, timer: null, seconds: pageSeconds() };

    function items() { return Array.prototype.slice.call(box.children); }

    function show() {
      var range = state.pages[state.page] || [0, 0];
      items().forEach(function (li, i) { li.hidden = i < range[0] || i >= range[1]; });
      // The strip repeats the newest answers while the wall shows older ones (page 1 has them).
      newest.hidden = state.pages.length < 2 || state.page === 0;
      box.dataset.page = String(state.page + 1);
      box.dataset.pages = String(state.pages.length);
      onPage(state.page + 1, state.pages.length);
    }

    function fillNewest(all) {
      newest.textContent = "";
      all.slice(0, columns(box)).forEach(function (li) {
        var copy = li.cloneNode(true);
        copy.removeAttribute("id");
        copy.className = "note newest";
        newest.appendChild(copy);
      });
      newest.hidden = false;
    }

    function layout() {
      var all = items();
      all.forEach(function (li) { li.hidden = false; });
      newest.hidden = true;
      delete box.dataset.fit;
      if (box.hidden || !all.length || box.clientHeight === 0) {
        state.pages = [[0, all.length]]; state.page = 0;
        schedule(true);
        onPage(1, 1);
        return;
      }
      for (var s = 0; s < SIZES.length; s++) {
        box.dataset.size = SIZES[s];
        if (allInside(box, all)) {
          // Everything fits: spread the notes evenly over the columns, if they still fit so.
          box.dataset.fit = "all";
          if (!allInside(box, all)) delete box.dataset.fit;
          state.pages = [[0, all.length]]; state.page = 0;
          show();
          schedule(false);
          return;
        }
      }
      // Too many to fit: the newest answers stay in a strip on top, every answer is paged.
      fillNewest(all);
      // Showing the pages shows the page counter above the wall, which may make the wall lower:
      // then the pages are measured again in the room they really have.
      for (var tries = 0; tries < 3; tries++) {
        newest.hidden = false; // pages are measured with the strip (page 1 has more room)
        var measured = box.getBoundingClientRect();
        state.pages = paginate(box, all);
        state.page = Math.min(state.page, state.pages.length - 1);
        show();
        var stripHidden = newest.hidden;
        newest.hidden = false;
        var now = box.getBoundingClientRect();
        newest.hidden = stripHidden;
        if (now.top === measured.top && now.bottom === measured.bottom) break;
      }
      schedule(false);
    }

    function turn(delta) {
      var n = state.pages.length;
      state.page = ((state.page + delta) % n + n) % n;
      show();
      schedule(true);
    }

    /** Turn the page after `seconds`; new answers re-lay the wall out without restarting the clock. */
    function schedule(restart) {
      var paged = state.pages.length > 1 && state.seconds > 0;
      if (state.timer && paged && !restart) return;
      window.clearTimeout(state.timer);
      state.timer = null;
      if (paged) {
        state.timer = window.setTimeout(function () { turn(1); }, state.seconds * 1000);
      }
    }

    return { layout: layout, turn: turn, pages: function () { return state.pages.length; } };
  }

  /** Fit every group card on the screen: columns by count, each list cut with "+ n muuta". */
  function groups(box, moreText) {
    var cards = Array.prototype.slice.call(box.children);
    var n = cards.length;
    // Wide enough for a title of a few words; as many rows as that takes.
    var cols = n <= 3 ? Math.max(n, 1) : n <= 4 ? 2 : n <= 6 ? 3 : n <= 16 ? 4 : n <= 25 ? 5 : n <= 36 ? 6 : 8;
    var rows = Math.max(1, Math.ceil(n / cols));
    box.style.gridTemplateColumns = "repeat(" + cols + ", minmax(0, 1fr))";
    box.style.gridTemplateRows = "repeat(" + rows + ", minmax(0, 1fr))";
    box.dataset.rows = String(rows);
    cards.forEach(function (card) {
      var list = card.querySelector("ul");
      if (!list) return;
      var old = list.querySelector(".scr-more");
      if (old) list.removeChild(old);
      var lis = Array.prototype.slice.call(list.children);
      lis.forEach(function (li) { li.hidden = false; });
      var bottom = list.getBoundingClientRect().bottom + 1;
      var cut = lis.findIndex(function (li) { return li.getBoundingClientRect().bottom > bottom; });
      if (cut < 0) return;
      var more = Tyopaja.el("li", { className: "scr-more" });
      list.appendChild(more);
      // Drop answers from the end until the "+ n muuta" line itself fits.
      var keep = cut;
      function apply() {
        lis.forEach(function (li, i) { li.hidden = i >= keep; });
        more.textContent = moreText.replace("{n}", lis.length - keep);
      }
      apply();
      while (keep > 0 && more.getBoundingClientRect().bottom > bottom) { keep--; apply(); }
    });
  }

  return { wallPager: wallPager, groups: groups, pageSeconds: pageSeconds };
})();
