/* Results charts and the vuosikello, drawn with plain elements and textContent (no library). */
"use strict";

var TyopajaCharts = (function () {
  var el = Tyopaja.el;

  /** Horizontal bars with labels and counts: choice, dots, rank. */
  function bars(container, items, unit, limit) {
    var max = items.reduce(function (m, item) { return Math.max(m, item.points); }, 0) || 1;
    var list = el("ol", { className: "bars" });
    items.slice(0, limit || items.length).forEach(function (item, i) {
      var li = el("li", { className: "bar-row", "data-key": item.key });
      li.appendChild(el("span", { className: "bar-label" }, item.label));
      var track = el("span", { className: "bar-track", "aria-hidden": "true" });
      var fill = el("span", { className: "bar-fill c" + (i % 6) });
      fill.style.width = Math.round((item.points / max) * 100) + "%";
      track.appendChild(fill);
      li.appendChild(track);
      var value = item.shown !== undefined ? item.shown : formatNumber(item.points);
      li.appendChild(el("span", { className: "bar-value" }, value));
      li.setAttribute("aria-label", item.label + ": " + value + " " + unit);
      list.appendChild(li);
    });
    container.appendChild(list);
  }

  function formatNumber(n) {
    return (Math.round(n * 10) / 10).toLocaleString("fi-FI");
  }

  /** Vertical columns of a scale's distribution, with mean and median. */
  function distribution(container, results, T) {
    var max = results.distribution.reduce(function (m, pair) { return Math.max(m, pair[1]); }, 0) || 1;
    var cols = el("div", { className: "dist", role: "list" });
    results.distribution.forEach(function (pair) {
      var col = el("div", { className: "dist-col", role: "listitem", "aria-label": pair[0] + ": " + pair[1] });
      col.appendChild(el("span", { className: "dist-count" }, String(pair[1])));
      var bar = el("span", { className: "dist-bar", "aria-hidden": "true" });
      bar.style.height = Math.round((pair[1] / max) * 100) + "%";
      var well = el("span", { className: "dist-well", "aria-hidden": "true" });
      well.appendChild(bar);
      col.appendChild(well);
      col.appendChild(el("span", { className: "dist-value" }, String(pair[0])));
      cols.appendChild(col);
    });
    container.appendChild(cols);
    var scale = results.scale || [];
    if (scale[2] || scale[3]) {
      var ends = el("p", { className: "dist-ends" });
      ends.appendChild(el("span", null, scale[0] + " = " + (scale[2] || "")));
      ends.appendChild(el("span", null, scale[1] + " = " + (scale[3] || "")));
      container.appendChild(ends);
    }
    var stats = el("p", { className: "dist-stats" });
    stats.appendChild(el("span", null, T.mean + " " + (results.mean === null ? "–" : formatNumber(results.mean))));
    stats.appendChild(el("span", null, T.median + " " + (results.median === null ? "–" : formatNumber(results.median))));
    container.appendChild(stats);
  }

  /** Draw one vote's results into `container` (emptied first). */
  function results(container, res, T, limit) {
    container.textContent = "";
    if (!res) return;
    if (res.hidden) {
      container.appendChild(el("p", { className: "results-hidden" }, T.results_hidden));
      return;
    }
    if (res.kind === "scale") distribution(container, res, T);
    else if (res.kind === "recap") bars(container, recapItems(res.items, T), T.mean, limit);
    else bars(container, res.items, res.kind === "choice" ? T.votes : T.points, limit);
  }

  /** Last time's actions with their status in the label; the bar is the mean rating. */
  function recapItems(items, T) {
    var names = T.statuses || {};
    return items.map(function (item) {
      var status = names[item.status];
      var label = status ? status + " · " + item.label : item.label;  // a long label is cut at its end
      return Object.assign({}, item, { label: label, shown: item.points ? undefined : "–" });
    });
  }

  /** The vuosikello as a 12-month grid of entries. */
  function calendar(container, events, T) {
    container.textContent = "";
    var grid = el("ol", { className: "months" });
    T.months.forEach(function (name, i) {
      var month = el("li", { className: "month" });
      month.appendChild(el("h3", { className: "month-name" }, name));
      var list = el("ul", { className: "month-events" });
      events.filter(function (e) { return e.month === i + 1; }).forEach(function (e) {
        var li = el("li", { className: e.hidden ? "cal-event hidden" : "cal-event", id: "ev" + e.id });
        if (e.day) li.appendChild(el("span", { className: "cal-day" }, e.day));
        li.appendChild(el("span", { className: "cal-what" }, e.what));
        if (e.organiser) li.appendChild(el("span", { className: "cal-who" }, e.organiser));
        list.appendChild(li);
      });
      month.appendChild(list);
      grid.appendChild(month);
    });
    container.appendChild(grid);
    if (!events.length) container.appendChild(el("p", { className: "empty" }, T.no_events));
  }

  return { results: results, calendar: calendar, format: formatNumber };
})();
