/* Facilitator console: steps, navigation, live answers. */
"use strict";

(function () {
  var root = document.getElementById("main");
  var code = root.dataset.code;
  var T = Tyopaja.texts();
  var statusNode = document.getElementById("status");
  var state = { workshop: null, answers: new Map() };
  var socket = Tyopaja.connect("facilitator", code);

  function renderSteps() {
    var w = state.workshop;
    var list = document.getElementById("steps");
    list.textContent = "";
    w.steps.forEach(function (step, i) {
      var current = step.id === w.position.current;
      var li = Tyopaja.el("li", { className: current ? "step current" : "step", "aria-current": current ? "step" : null });
      li.appendChild(Tyopaja.el("span", { className: "step-kind" }, step.kind));
      li.appendChild(Tyopaja.el("span", { className: "step-text" }, step.text));
      if (current) li.appendChild(Tyopaja.el("strong", { className: "step-now" }, T.current));
      else {
        var go = Tyopaja.el("button", { type: "button", className: "small", "data-step": step.id }, T.goto);
        go.setAttribute("aria-label", T.goto + ": " + (i + 1) + ". " + step.text);
        li.appendChild(go);
      }
      list.appendChild(li);
    });
    document.getElementById("state").textContent = T["state_" + w.position.state] || "";
    document.getElementById("lock").hidden = w.position.state === "closed";
    document.getElementById("unlock").hidden = w.position.state === "open";
  }

  function renderAnswers() {
    var w = state.workshop;
    var list = document.getElementById("answers");
    list.textContent = "";
    var shown = [];
    state.answers.forEach(function (a) { if (a.step === w.position.current) shown.push(a); });
    if (!shown.length) list.appendChild(Tyopaja.el("li", { className: "empty" }, T.no_answers));
    shown.forEach(function (a) {
      var li = Tyopaja.el("li", { className: a.hidden ? "answer hidden" : "answer", id: "fa" + a.id });
      li.appendChild(Tyopaja.el("span", { className: "answer-text" }, a.text));
      if (a.followup) li.appendChild(Tyopaja.el("span", { className: "answer-followup" }, a.followup));
      var who = [a.nickname, a.association].filter(Boolean).join(", ");
      if (who) li.appendChild(Tyopaja.el("span", { className: "answer-who" }, who));
      if (a.hidden) li.appendChild(Tyopaja.el("span", { className: "tag" }, T.hidden));
      list.appendChild(li);
    });
  }

  function render() {
    if (!state.workshop) return;
    renderSteps();
    renderAnswers();
  }

  function sync() {
    socket.emit("sync", {}, function (res) {
      if (!res || !res.ok) return;
      state.workshop = res.workshop;
      state.answers = new Map();
      res.answers.forEach(function (a) { state.answers.set(a.id, a); });
      document.getElementById("count").textContent = res.participants;
      render();
    });
  }

  function command(event, payload) {
    socket.emit(event, payload || {}, function (res) {
      if (res && !res.ok) Tyopaja.showStatus(statusNode, "error", res.message);
    });
  }

  document.getElementById("prev").addEventListener("click", function () { command("f:prev"); });
  document.getElementById("next").addEventListener("click", function () { command("f:next"); });
  document.getElementById("lock").addEventListener("click", function () { command("f:state", { state: "closed" }); });
  document.getElementById("unlock").addEventListener("click", function () { command("f:state", { state: "open" }); });
  document.getElementById("steps").addEventListener("click", function (e) {
    var button = e.target.closest("button[data-step]");
    if (button) command("f:goto", { step: button.dataset.step });
  });

  socket.on("connect", function () { Tyopaja.showStatus(statusNode, "online", T.online); sync(); });
  socket.on("disconnect", function () { Tyopaja.showStatus(statusNode, "offline", T.offline); });
  socket.on("position", sync);
  socket.on("participants", function (msg) { document.getElementById("count").textContent = msg.count; });
  socket.on("answers", function (msg) {
    msg.answers.forEach(function (a) { state.answers.set(a.id, a); });
    msg.removed.forEach(function (id) { state.answers.delete(id); });
    renderAnswers();
  });
})();
