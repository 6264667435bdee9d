/* Facilitator console, core: state, socket, steps, timer, tabs, results, vuosikello, people.
   fac-answers.js (moderation) and fac-groups.js (grouping) add their panels to `Fac.panels`. */
"use strict";

var Fac = (function () {
  var el = Tyopaja.el;
  var root = document.getElementById("main");
  var T = Tyopaja.texts();
  var statusNode = document.getElementById("status");
  var NO_CID = { "f:goto": 1, "f:next": 1, "f:prev": 1, "f:state": 1, "f:suggest": 1 };
  var DEFAULT_PANEL = { open: "answers", choice: "results", scale: "results", rank: "results", dots: "results", event: "calendar", info: "people", recap: "results", action: "people" };
  var state = {
    workshop: null, answers: new Map(), groups: new Map(), results: {}, calendar: [],
    control: null, people: null, panel: null, panelStep: null, pickedEarly: false, reviews: {},
  };
  var socket = Tyopaja.connect("facilitator", root.dataset.code);
  var panels = {};
  var setTimer = TyopajaTimer.attach(document.getElementById("timer"), timerTick);

  function currentStep() {
    var w = state.workshop;
    if (!w) return null;
    return w.steps.find(function (s) { return s.id === w.position.current; }) || null;
  }

  function kindName(kind) { return T["kind_" + kind] || kind; }

  function say(text) {
    var node = document.getElementById("message");
    node.textContent = text || "";
    node.hidden = !text;
  }

  /** Send a facilitator event; writes get a fresh client id. `ok` runs on success. */
  function command(event, payload, ok) {
    var body = Object.assign({}, payload || {});
    if (!NO_CID[event]) body.cid = Tyopaja.randomId(12);
    socket.emit(event, body, function (res) {
      if (!res || !res.ok) { say(res ? res.message : T.offline); return; }
      say("");
      if (ok) ok(res);
    });
  }

  // -- steps -------------------------------------------------------------------

  function countFor(stepId) {
    var n = 0;
    state.answers.forEach(function (a) { if (a.step === stepId && !a.hidden) n++; });
    return n;
  }

  function renderSteps() {
    var w = state.workshop;
    var list = document.getElementById("steps");
    list.textContent = "";
    w.steps.forEach(function (step, i) {
      var current = step.id === w.position.current;
      var closed = w.position.closed.indexOf(step.id) >= 0;
      var li = el("li", { className: "con-step" + (current ? " current" : "") + (closed ? " closed" : "") });
      var button = el("button", { type: "button", className: "con-step-button", "data-step": step.id, "aria-current": current ? "step" : null });
      button.appendChild(el("span", { className: "con-step-no" }, String(i + 1)));
      var body = el("span", { className: "con-step-body" });
      var meta = el("span", { className: "con-step-meta" });
      meta.appendChild(el("span", { className: "kind-chip", "data-kind": step.kind }, kindName(step.kind)));
      if (step.kind === "open") meta.appendChild(el("span", { className: "con-step-count" }, T.answers_n.replace("{n}", countFor(step.id))));
      if (closed) meta.appendChild(el("span", { className: "badge warn" }, T.closed));
      body.appendChild(meta);
      body.appendChild(el("span", { className: "con-step-text" }, step.text));
      button.appendChild(body);
      button.setAttribute("aria-label", (i + 1) + ". " + kindName(step.kind) + ": " + step.text + (closed ? " (" + T.closed + ")" : ""));
      li.appendChild(button);
      list.appendChild(li);
    });
    var pos = w.position;
    var chip = document.getElementById("state");
    chip.dataset.state = pos.state;
    chip.textContent = T["state_" + pos.state] || "";
    document.getElementById("start").hidden = pos.state !== "draft";
    document.getElementById("lock").hidden = pos.state !== "open";
    document.getElementById("unlock").hidden = pos.state !== "closed";
  }

  function renderNow() {
    var step = currentStep();
    var w = state.workshop;
    var closed = step && w.position.closed.indexOf(step.id) >= 0;
    var lobby = w.position.state === "draft";
    var index = step ? w.steps.indexOf(step) : -1;
    // A new workshop waits in the lobby: the projector shows the QR code until the first step.
    document.getElementById("now-heading").textContent = lobby ? T.lobby : step ? step.text : T.no_step;
    var kind = document.getElementById("now-kind");
    kind.textContent = step && !lobby ? kindName(step.kind) : "";
    kind.dataset.kind = step ? step.kind : "";
    document.getElementById("now-theme").textContent = !lobby && step && step.theme_title ? step.theme_title : "";
    document.getElementById("now-closed").hidden = !closed;
    var toggle = document.getElementById("toggle-step");
    toggle.hidden = !step || step.kind === "info";
    toggle.textContent = closed ? T.open_step : T.close_step;
    document.getElementById("prev").disabled = index <= 0;
    document.getElementById("next").disabled = !lobby && index >= w.steps.length - 1;
    var next = document.getElementById("next");
    next.textContent = lobby ? (index > 0 ? T.start_at.replace("{n}", index + 1) : T.start_first) : T.next;
    if (lobby) next.removeAttribute("aria-label"); else next.setAttribute("aria-label", T.next_step);
  }

  // -- control: timer, projector view ---------------------------------------------

  function timerTick(seconds, timer) {
    var toggle = document.getElementById("timer-toggle");
    toggle.textContent = timer && timer.running && seconds > 0 ? T.pause : T.start;
    toggle.dataset.action = timer && timer.running && seconds > 0 ? "pause" : "start";
  }

  function renderControl() {
    var c = state.control;
    if (!c) return;
    setTimer(c.timer);
    var minutes = document.getElementById("timer-minutes");
    if (document.activeElement !== minutes) minutes.value = Math.round(c.timer.duration / 60);
    document.getElementById("screen").value = c.screen;
    var step = currentStep();
    document.getElementById("hide-results").checked = !!step && c.hidden_results.indexOf(step.id) >= 0;
  }

  // -- tabs --------------------------------------------------------------------------

  function tabsFor(step) {
    var kind = step ? step.kind : "info";
    var shown = { people: true, koonti: true };
    if (kind === "open") { shown.answers = true; shown.groups = true; }
    if (step && ["open", "event", "info", "action"].indexOf(step.kind) < 0) shown.results = true;
    // The municipality's dates can be added on any step of a script that has a vuosikello.
    if (kind === "event" || eventSteps().length) shown.calendar = true;
    return shown;
  }

  function renderTabs() {
    var step = currentStep();
    var shown = tabsFor(step);
    var stepId = step ? step.id : null;
    // A tab picked before the first sync (the page was quick, the socket slow) stays picked.
    if (state.pickedEarly && shown[state.panel]) state.panelStep = stepId;
    state.pickedEarly = false;
    if (state.panelStep !== stepId || !shown[state.panel]) {
      var closed = state.workshop.position.state === "closed";
      state.panel = closed ? "koonti" : DEFAULT_PANEL[step ? step.kind : "info"];
      state.panelStep = stepId;
    }
    document.querySelectorAll("[role=tab]").forEach(function (tab) {
      var name = tab.dataset.panel;
      var active = name === state.panel;
      tab.hidden = !shown[name];
      tab.setAttribute("aria-selected", active ? "true" : "false");
      tab.tabIndex = active ? 0 : -1;
      document.getElementById("panel-" + name).hidden = !active;
    });
    document.getElementById("answers-count").textContent = step && step.kind === "open" ? String(countFor(step.id)) : "";
  }

  function renderPanel() {
    var fn = panels[state.panel];
    if (fn) fn(currentStep());
  }

  // -- results, vuosikello, people ------------------------------------------------------

  panels.results = function (step) {
    var res = step ? state.results[step.id] : null;
    var chart = document.getElementById("chart");
    if (!res) { chart.textContent = ""; chart.appendChild(el("p", { className: "empty" }, T.not_vote)); return; }
    document.getElementById("voters").textContent = T.voters.replace("{n}", res.voters);
    TyopajaCharts.results(chart, Object.assign({}, res, { hidden: false }), T);
  };

  function eventSteps() {
    var w = state.workshop;
    return w ? w.steps.filter(function (s) { return s.kind === "event"; }) : [];
  }

  panels.calendar = function (step) {
    var form = document.getElementById("municipal-form");
    var steps = eventSteps();
    form.hidden = !steps.length;
    var select = document.getElementById("municipal-step");
    if (select.options.length !== steps.length) {
      select.textContent = "";
      steps.forEach(function (s) { select.appendChild(el("option", { value: s.id }, s.text)); });
    }
    if (step && step.kind === "event") select.value = step.id;
    document.getElementById("municipal-step-field").hidden = steps.length < 2;
    var month = document.getElementById("municipal-month");
    if (!month.options.length) {
      T.months.forEach(function (name, i) { month.appendChild(el("option", { value: String(i + 1) }, name)); });
    }
    TyopajaCharts.calendar(document.getElementById("calendar"), state.calendar, T);
  };

  document.getElementById("municipal-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var what = document.getElementById("municipal-what");
    var day = document.getElementById("municipal-day");
    command("f:calendar", {
      step: document.getElementById("municipal-step").value,
      month: Number(document.getElementById("municipal-month").value),
      day: day.value ? Number(day.value) : null,
      what: what.value,
      organiser: document.getElementById("municipal-who").value
    }, function () {
      what.value = "";
      day.value = "";
      what.focus();
    });
  });

  function factList(title, pairs) {
    var box = el("section", { className: "people-box" });
    box.appendChild(el("h3", null, title));
    if (!pairs.length) { box.appendChild(el("p", { className: "muted" }, T.nobody)); return box; }
    var max = pairs.reduce(function (m, p) { return Math.max(m, p[1]); }, 1);
    var list = el("ul", { className: "mini-bars" });
    pairs.forEach(function (pair) {
      var li = el("li");
      li.appendChild(el("span", { className: "mini-label" }, pair[0]));
      var bar = el("span", { className: "mini-bar", "aria-hidden": "true" });
      bar.style.width = Math.round((pair[1] / max) * 100) + "%";
      li.appendChild(bar);
      li.appendChild(el("span", { className: "mini-value" }, String(pair[1])));
      list.appendChild(li);
    });
    box.appendChild(list);
    return box;
  }

  panels.people = function () {
    var p = state.people;
    var node = document.getElementById("people");
    node.textContent = "";
    if (!p) return;
    var facts = el("div", { className: "people-facts" });
    [[T.people_count, p.count], [T.people_headcount, p.headcount]].forEach(function (f) {
      var box = el("p", { className: "big-fact" });
      box.appendChild(el("strong", null, String(f[1])));
      box.appendChild(el("span", null, f[0]));
      facts.appendChild(box);
    });
    node.appendChild(facts);
    node.appendChild(factList(T.sectors, p.sectors));
    node.appendChild(factList(T.associations, p.associations));
    node.appendChild(factList(T.tables, p.tables.map(function (t) { return [t.label, t.headcount]; })));
    if (state.workshop.pacing === "self") {
      var steps = state.workshop.steps.map(function (s, i) { return [(i + 1) + ". " + s.text, p.progress[s.id] || 0]; });
      node.appendChild(factList(T.progress, steps));
    }
  };

  // -- render and sync -------------------------------------------------------------

  function render() {
    if (!state.workshop) return;
    renderSteps();
    renderNow();
    renderControl();
    renderTabs();
    renderPanel();
  }

  function sync() {
    socket.emit("sync", {}, function (res) {
      if (!res || !res.ok) return;
      state.workshop = res.workshop;
      state.answers = Tyopaja.indexById(res.answers);
      state.groups = Tyopaja.indexById(res.groups);
      state.results = res.results;
      state.calendar = res.calendar;
      state.control = res.control;
      state.people = res.people;
      state.reviews = res.reviews || {};
      document.getElementById("count").textContent = res.headcount;
      render();
    });
  }

  // -- wiring --------------------------------------------------------------------------

  function wire() {
    document.getElementById("prev").addEventListener("click", function () { command("f:prev"); });
    document.getElementById("next").addEventListener("click", function () {
      // From the lobby the first press opens the workshop on its (first) step.
      if (state.workshop && state.workshop.position.state === "draft") command("f:state", { state: "open" });
      else command("f:next");
    });
    ["start", "lock", "unlock"].forEach(function (id) {
      var button = document.getElementById(id);
      button.addEventListener("click", function () { command("f:state", { state: button.dataset.state }); });
    });
    document.getElementById("steps").addEventListener("click", function (e) {
      var button = e.target.closest("button[data-step]");
      if (button) command("f:goto", { step: button.dataset.step });
    });
    document.getElementById("toggle-step").addEventListener("click", function () {
      var step = currentStep();
      if (!step) return;
      var closed = state.workshop.position.closed.indexOf(step.id) >= 0;
      command("f:step", { step: step.id, open: closed });
    });
    document.getElementById("screen").addEventListener("change", function (e) {
      command("f:screen", { view: e.target.value });
    });
    document.getElementById("timer-toggle").addEventListener("click", function (e) {
      command("f:timer", { action: e.target.dataset.action || "start" });
    });
    document.getElementById("timer-add").addEventListener("click", function () {
      command("f:timer", { action: "add", seconds: 60 });
    });
    document.getElementById("timer-set").addEventListener("submit", function (e) {
      e.preventDefault();
      var minutes = parseInt(document.getElementById("timer-minutes").value, 10);
      command("f:timer", { action: "set", seconds: isNaN(minutes) ? -1 : minutes * 60 });
    });
    document.getElementById("hide-results").addEventListener("change", function (e) {
      var step = currentStep();
      if (step) command("f:results", { step: step.id, hidden: e.target.checked });
    });
    wireTabs();
    wireSocket();
  }

  function wireTabs() {
    var tablist = document.querySelector("[role=tablist]");
    tablist.addEventListener("click", function (e) {
      var tab = e.target.closest("[role=tab]");
      if (!tab) return;
      state.panel = tab.dataset.panel;
      state.pickedEarly = !state.workshop;
      render();
    });
    tablist.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
      var tabs = Array.prototype.filter.call(tablist.querySelectorAll("[role=tab]"), function (t) { return !t.hidden; });
      var at = tabs.indexOf(document.activeElement);
      var next = tabs[(at + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      state.panel = next.dataset.panel;
      state.pickedEarly = !state.workshop;
      render();
      next.focus();
    });
  }

  function wireSocket() {
    socket.on("connect", function () { Tyopaja.showStatus(statusNode, "online", T.online); sync(); });
    socket.on("disconnect", function () { Tyopaja.showStatus(statusNode, "offline", T.offline); });
    socket.on("connect_error", function (err) {
      var data = err && err.data;
      if (!data || !data.message) return;
      Tyopaja.showStatus(statusNode, "error", data.message);
      if (data.error === "not_allowed" || data.error === "unknown_workshop") socket.disconnect();
    });
    socket.on("position", sync);
    socket.on("participants", function (msg) { document.getElementById("count").textContent = msg.headcount; });
    socket.on("people", function (msg) { state.people = msg; if (state.panel === "people") renderPanel(); });
    socket.on("answers", function (msg) {
      msg.answers.forEach(function (a) { state.answers.set(a.id, a); });
      msg.removed.forEach(function (id) { state.answers.delete(id); });
      if (state.workshop) { renderSteps(); renderTabs(); renderPanel(); }
    });
    socket.on("groups", function (msg) {
      state.groups.forEach(function (g, id) { if (g.step === msg.step) state.groups.delete(id); });
      msg.groups.forEach(function (g) { state.groups.set(g.id, g); });
      if (state.panel === "groups" || state.panel === "koonti") renderPanel();
    });
    socket.on("review", function (msg) { state.reviews = msg.notes; if (Fac.onReview) Fac.onReview(); });
    socket.on("results", function (msg) { state.results[msg.step] = msg; if (state.panel === "results") renderPanel(); });
    socket.on("calendar", function (msg) { state.calendar = msg.events; if (state.panel === "calendar") renderPanel(); });
    socket.on("control", function (msg) {
      state.control = msg;
      if (state.workshop) { renderControl(); if (state.panel === "groups") renderPanel(); }
    });
  }

  wire();
  return { state: state, T: T, socket: socket, command: command, panels: panels, render: render, renderPanel: renderPanel, currentStep: currentStep, say: say };
})();
