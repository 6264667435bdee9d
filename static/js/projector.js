/* Projector: join screen, current prompt, live answer wall. */
"use strict";

(function () {
  var root = document.getElementById("main");
  var code = root.dataset.code;
  var wall = document.getElementById("wall");
  var state = { workshop: null, answers: new Map() };
  var socket = Tyopaja.connect("projector", code);

  function currentStep() {
    var w = state.workshop;
    if (!w) return null;
    return w.steps.find(function (s) { return s.id === w.position.current; }) || null;
  }

  function render() {
    var step = currentStep();
    document.getElementById("prompt").textContent = step ? step.text : "";
    document.getElementById("theme").textContent = step ? step.theme_title || "" : "";
    var shown = [];
    state.answers.forEach(function (a) { if (step && a.step === step.id) shown.push(a); });
    root.classList.toggle("has-answers", shown.length > 0);
    var keep = new Set(shown.map(function (a) { return "a" + a.id; }));
    Array.prototype.slice.call(wall.children).forEach(function (li) {
      if (!keep.has(li.id)) wall.removeChild(li);
    });
    shown.forEach(function (a) {
      var li = document.getElementById("a" + a.id);
      if (!li) {
        li = Tyopaja.el("li", { id: "a" + a.id, className: "card" });
        wall.appendChild(li);
      }
      li.textContent = a.followup ? a.text + " — " + a.followup : a.text;
    });
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

  socket.on("connect", sync);
  socket.on("position", sync);
  socket.on("participants", function (msg) {
    document.getElementById("count").textContent = msg.count;
  });
  socket.on("answers", function (msg) {
    msg.answers.forEach(function (a) { state.answers.set(a.id, a); });
    msg.removed.forEach(function (id) { state.answers.delete(id); });
    render();
  });
})();
