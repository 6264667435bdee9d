/* Projector: follows the facilitator. Join screen, answer wall, groups, results, vuosikello, timer.
   Updates arrive coalesced; each one redraws only the part it changes. */
"use strict";

(function () {
  var el = Tyopaja.el;
  var root = document.getElementById("main");
  var T = Tyopaja.texts();
  var wall = document.getElementById("wall");
  var state = { workshop: null, answers: new Map(), groups: new Map(), forming: {}, results: {}, calendar: [], control: null };
  var socket = Tyopaja.connect("projector", root.dataset.code);
  var timerBox = document.getElementById("timer-box");
  var setTimer = TyopajaTimer.attach(document.getElementById("timer"));
  var pager = TyopajaFit.wallPager(wall, document.getElementById("wall-new"), showPage);
  var layoutQueued = false;

  /** "sivu 2/5" while the wall is paged; nothing when everything fits. */
  function showPage(page, pages) {
    var node = document.getElementById("pager");
    node.hidden = pages < 2;
    setText(node, pages < 2 ? "" : T.page.replace("{page}", page).replace("{pages}", pages));
  }

  /** Lay the wall or the groups out once per frame, however many updates arrive. */
  function queueLayout() {
    if (layoutQueued) return;
    layoutQueued = true;
    window.requestAnimationFrame(function () {
      layoutQueued = false;
      var shown = root.dataset.view;
      if (shown === "wall") pager.layout();
      else { showPage(1, 1); document.getElementById("wall-new").hidden = true; }
      if (shown === "groups") TyopajaFit.groups(document.getElementById("groups"), T.more);
    });
  }

  /** Change a text only when it differs, so that screen readers do not hear it again. */
  function setText(node, text) {
    if (typeof node === "string") node = document.getElementById(node);
    if (node.textContent !== text) node.textContent = text;
  }

  function currentStep() {
    var w = state.workshop;
    if (!w) return null;
    return w.steps.find(function (s) { return s.id === w.position.current; }) || null;
  }

  function stepGroups(stepId) {
    var out = [];
    state.groups.forEach(function (g) { if (g.step === stepId) out.push(g); });
    return out.sort(function (a, b) { return a.position - b.position || a.id - b.id; });
  }

  function stepAnswers(stepId) {
    var out = [];
    state.answers.forEach(function (a) { if (a.step === stepId) out.push(a); });
    return out.sort(function (a, b) { return a.id - b.id; });
  }

  /** What to show: the facilitator's choice for this step, else what the step's kind calls for. */
  function view() {
    var w = state.workshop;
    var step = currentStep();
    if (w.position.state === "closed") return "closed";
    var chosen = state.control ? state.control.screen : "auto";
    if (chosen !== "auto") return chosen;
    if (w.position.state === "draft" || !step) return "join";
    if (step.kind === "open") return stepGroups(step.id).length ? "groups" : "wall";
    if (step.kind === "event") return "calendar";
    if (step.kind === "info") return "info";
    return "results";
  }

  /** A note: the answer, its follow-up (a skipped one is "–"), the table it came from and,
      on the first note of answers the room linked together, how many they are. */
  function noteText(li, a, linked) {
    var text = a.followup && a.followup !== "–" ? a.text + " — " + a.followup : a.text;
    linked = linked || "";
    if (li.dataset.text === text && li.dataset.table === (a.table || "") && li.dataset.linked === linked) return;
    li.dataset.text = text;
    li.dataset.table = a.table || "";
    li.dataset.linked = linked;
    li.textContent = text;
    if (a.table) li.appendChild(el("span", { className: "scr-table" }, a.table));
    if (linked) li.appendChild(el("span", { className: "scr-linked" }, linked));
  }

  /** The wall's order: newest first, and the answers the room has linked together
      (participant-assisted placement: `forming`) side by side where the newest of them is. */
  function wallOrder(shown, clusters) {
    var clusterOf = new Map();
    clusters.forEach(function (ids, n) { ids.forEach(function (id) { clusterOf.set(id, n); }); });
    var members = new Map();
    shown.forEach(function (a) {
      var c = clusterOf.get(a.id);
      if (c !== undefined) (members.get(c) || members.set(c, []).get(c)).push(a);
    });
    var order = [];
    var placed = new Set();
    for (var i = shown.length - 1; i >= 0; i--) {
      var a = shown[i];
      if (placed.has(a.id)) continue;
      var c = clusterOf.get(a.id);
      var block = c === undefined || members.get(c).length < 2 ? [a] : members.get(c).slice().reverse();
      block.forEach(function (b, k) {
        placed.add(b.id);
        order.push({ answer: b, cluster: block.length > 1 ? c : undefined, first: k === 0, size: block.length });
      });
    }
    return order;
  }

  function renderWall(step) {
    var shown = step ? stepAnswers(step.id) : [];
    var keep = new Set(shown.map(function (a) { return "a" + a.id; }));
    Array.prototype.slice.call(wall.children).forEach(function (li) {
      if (!keep.has(li.id)) wall.removeChild(li);
    });
    var order = wallOrder(shown, step ? state.forming[step.id] || [] : []);
    order.forEach(function (item, i) {
      var a = item.answer;
      var li = document.getElementById("a" + a.id);
      if (!li) {
        // Only a note that just arrived comes in with a motion, not one a page turn shows again.
        li = el("li", { id: "a" + a.id, className: "card note fresh" });
        li.addEventListener("animationend", function () { this.classList.remove("fresh"); });
      }
      if (wall.children[i] !== li) wall.insertBefore(li, wall.children[i] || null);
      noteText(li, a, item.cluster !== undefined && item.first ? T.linked.replace("{n}", item.size) : "");
      if (item.cluster === undefined) delete li.dataset.cluster;
      else li.dataset.cluster = String(item.cluster % 6);
    });
    setText("sub", shown.length ? T.answers.replace("{n}", shown.length) : T.waiting);
  }

  function renderGroups(step) {
    var box = document.getElementById("groups");
    box.textContent = "";
    var stepId = step.kind === "dots" && step.source ? step.source : step.id;
    var answers = stepAnswers(stepId);
    var groups = stepGroups(stepId);
    var columns = groups.map(function (g) {
      return { title: g.title || T.untitled, items: answers.filter(function (a) { return a.group === g.id; }) };
    });
    var rest = answers.filter(function (a) { return !a.group || !state.groups.has(a.group); });
    if (rest.length) columns.push({ title: T.other, items: rest, other: true });
    columns.forEach(function (c) {
      var col = el("section", { className: "scr-group" + (c.other ? " other" : "") });
      var head = el("h3", { className: "scr-group-title" });
      head.appendChild(el("span", null, c.title));
      head.appendChild(el("span", { className: "scr-group-count" }, String(c.items.length)));
      col.appendChild(head);
      var list = el("ul");
      c.items.forEach(function (a) { list.appendChild(el("li", { id: "g-a" + a.id }, a.text)); });
      col.appendChild(list);
      box.appendChild(col);
    });
    setText("sub", T.answers.replace("{n}", answers.length));
  }

  function renderResults(step) {
    var res = step ? state.results[step.id] : null;
    if (res && ["choice", "scale", "recap"].indexOf(res.kind) < 0) {
      // Best first: the projector shows the leaders that have points, readable from the back.
      res = Object.assign({}, res, { items: res.items.filter(function (i) { return i.points > 0; }) });
    }
    TyopajaCharts.results(document.getElementById("chart"), res, T, 6);
    setText("sub", res ? T.voters.replace("{n}", res.voters) : "");
  }

  function render() {
    var w = state.workshop;
    if (!w) return;
    var step = currentStep();
    var shown = view();
    root.dataset.view = shown;
    document.getElementById("view-join").hidden = shown !== "join";
    document.getElementById("join-wait").hidden = w.position.state !== "draft";
    document.getElementById("view-closed").hidden = shown !== "closed";
    document.getElementById("view-step").hidden = shown === "join" || shown === "closed";
    setText("prompt", step ? step.text : w.title);
    setText("theme", step && step.theme_title ? step.theme_title : "");
    setText("help", shown === "info" && step ? step.help : "");
    if (["wall", "groups", "results"].indexOf(shown) < 0) setText("sub", "");
    ["wall", "groups", "chart", "calendar"].forEach(function (id) {
      document.getElementById(id).hidden = true;
    });
    var part = { wall: "wall", groups: "groups", results: "chart", calendar: "calendar" }[shown];
    if (part) document.getElementById(part).hidden = false;
    if (shown === "wall") renderWall(step);
    if (shown === "groups" && step) renderGroups(step);
    if (shown === "results") renderResults(step);
    if (shown === "calendar") TyopajaCharts.calendar(document.getElementById("calendar"), state.calendar, T);
    renderTimer();
    queueLayout();
  }

  function renderTimer() {
    var c = state.control;
    var on = !!c && c.timer.duration > 0 && state.workshop.position.state === "open";
    timerBox.hidden = !on;
    setTimer(on ? c.timer : null);
  }

  function setCount(n) {
    document.getElementById("count").textContent = n;
    document.getElementById("join-count").textContent = n;
  }

  function sync() {
    socket.emit("sync", {}, function (res) {
      if (!res || !res.ok) return;
      state.workshop = res.workshop;
      state.answers = Tyopaja.indexById(res.answers);
      state.groups = Tyopaja.indexById(res.groups || []);
      state.forming = res.forming || {};
      state.results = res.results || {};
      state.calendar = res.calendar || [];
      state.control = res.control || null;
      wall.textContent = "";
      setCount(res.headcount !== undefined ? res.headcount : res.participants);
      render();
    });
  }

  window.addEventListener("resize", queueLayout);
  // A presenter's clicker sends PageDown/PageUp; the arrow keys do the same.
  document.addEventListener("keydown", function (e) {
    if (root.dataset.view !== "wall" || e.altKey || e.ctrlKey || e.metaKey) return;
    var delta = { PageDown: 1, ArrowRight: 1, ArrowDown: 1, PageUp: -1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (!delta || pager.pages() < 2) return;
    e.preventDefault();
    pager.turn(delta);
  });

  socket.on("connect", sync);
  socket.on("position", sync);
  socket.on("participants", function (msg) { setCount(msg.headcount !== undefined ? msg.headcount : msg.count); });
  socket.on("answers", function (msg) {
    msg.answers.forEach(function (a) { state.answers.set(a.id, a); });
    msg.removed.forEach(function (id) { state.answers.delete(id); });
    render();
  });
  socket.on("groups", function (msg) {
    state.groups.forEach(function (g, id) { if (g.step === msg.step) state.groups.delete(id); });
    msg.groups.forEach(function (g) { state.groups.set(g.id, g); });
    state.forming[msg.step] = msg.forming || [];
    render();
  });
  socket.on("results", function (msg) { state.results[msg.step] = msg; render(); });
  socket.on("calendar", function (msg) { state.calendar = msg.events; render(); });
  socket.on("control", function (msg) { state.control = msg; render(); });
})();
