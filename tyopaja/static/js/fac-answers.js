/* Facilitator console: the answers of the current step, with hide, fix and add. */
"use strict";

(function () {
  var el = Tyopaja.el;
  var T = Fac.T;
  var editing = null; // id of the answer whose text is being fixed

  function who(a) {
    if (a.source === "paper") return T.source_paper;
    if (a.source === "facilitator") return T.source_facilitator;
    var parts = [a.nickname, a.association, a.sector].filter(Boolean);
    if (a.table) parts.unshift(T.table.replace("{label}", a.table));
    return parts.join(" · ") || T.anonymous;
  }

  function time(a) {
    var d = new Date(a.created_at);
    return isNaN(d) ? "" : d.toLocaleTimeString("fi-FI", { hour: "2-digit", minute: "2-digit" });
  }

  function editor(a) {
    var form = el("form", { className: "edit-form" });
    var label = el("label", { className: "visually-hidden", for: "edit-" + a.id }, T.edit);
    var area = el("textarea", { id: "edit-" + a.id, rows: "2", maxlength: "2000" });
    area.value = a.text;
    var save = el("button", { type: "submit", className: "small primary" }, T.save);
    var cancel = el("button", { type: "button", className: "small secondary" }, T.cancel);
    cancel.addEventListener("click", function () { editing = null; Fac.renderPanel(); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      Fac.command("f:edit", { answer: a.id, text: area.value }, function () { editing = null; });
    });
    [label, area, save, cancel].forEach(function (n) { form.appendChild(n); });
    window.setTimeout(function () { area.focus(); }, 0);
    return form;
  }

  function item(a) {
    var li = el("li", { className: "mod-item" + (a.hidden ? " is-hidden" : ""), id: "fa" + a.id, "data-answer": a.id });
    var main = el("div", { className: "mod-main" });
    if (editing === a.id) main.appendChild(editor(a));
    else main.appendChild(el("p", { className: "mod-text" }, a.text));
    if (a.followup && a.followup !== "–") main.appendChild(el("p", { className: "mod-followup" }, "↳ " + a.followup));
    var meta = el("p", { className: "mod-meta" });
    meta.appendChild(el("span", { className: "mod-who" + (a.source !== "phone" ? " source-" + a.source : "") }, who(a)));
    meta.appendChild(el("span", { className: "muted" }, time(a)));
    if (a.hidden) meta.appendChild(el("span", { className: "badge warn" }, T.hidden));
    if (a.original) meta.appendChild(el("span", { className: "badge", title: T.original.replace("{n}", a.original) }, T.edited));
    main.appendChild(meta);
    li.appendChild(main);
    var actions = el("div", { className: "mod-actions" });
    var hide = el("button", { type: "button", className: "small " + (a.hidden ? "primary" : "secondary"), "data-act": "hide" }, a.hidden ? T.unhide : T.hide);
    hide.setAttribute("aria-label", (a.hidden ? T.unhide : T.hide) + ": " + a.text);
    var fix = el("button", { type: "button", className: "small secondary", "data-act": "edit" }, T.edit);
    fix.setAttribute("aria-label", T.edit + ": " + a.text);
    actions.appendChild(fix);
    actions.appendChild(hide);
    li.appendChild(actions);
    return li;
  }

  Fac.panels.answers = function (step) {
    var list = document.getElementById("answers");
    list.textContent = "";
    document.getElementById("add-form").hidden = !step || step.kind !== "open";
    if (!step || step.kind !== "open") { list.appendChild(el("li", { className: "empty" }, T.not_open_step)); return; }
    var shown = [];
    Fac.state.answers.forEach(function (a) { if (a.step === step.id) shown.push(a); });
    shown.sort(function (a, b) { return b.id - a.id; });
    if (!shown.length) list.appendChild(el("li", { className: "empty" }, T.no_answers));
    shown.forEach(function (a) { list.appendChild(item(a)); });
  };

  document.getElementById("answers").addEventListener("click", function (e) {
    var button = e.target.closest("button[data-act]");
    if (!button) return;
    var id = Number(button.closest("[data-answer]").dataset.answer);
    var a = Fac.state.answers.get(id);
    if (button.dataset.act === "hide") Fac.command("f:hide", { answer: id, hidden: !a.hidden });
    else { editing = id; Fac.renderPanel(); }
  });

  document.getElementById("add-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var step = Fac.currentStep();
    var text = document.getElementById("add-text");
    Fac.command("f:add", { step: step.id, text: text.value, source: document.getElementById("add-source").value }, function () {
      text.value = "";
      text.focus();
    });
  });
})();
