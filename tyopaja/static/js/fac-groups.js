/* Facilitator console: affinity grouping by hand (checkboxes, keyboard, drag and drop)
   and by suggestion (accept, edit or reject; the shared words say why). */
"use strict";

(function () {
  var el = Tyopaja.el;
  var T = Fac.T;
  var selected = new Set();
  var suggestions = null; // {step, list}
  var forStep = null;

  function stepAnswers(step) {
    var out = [];
    Fac.state.answers.forEach(function (a) { if (a.step === step.id && !a.hidden) out.push(a); });
    return out.sort(function (a, b) { return a.id - b.id; });
  }

  function stepGroups(step) {
    var out = [];
    Fac.state.groups.forEach(function (g) { if (g.step === step.id) out.push(g); });
    return out.sort(function (a, b) { return a.position - b.position || a.id - b.id; });
  }

  function answerItem(a) {
    var li = el("li", { className: "board-item", draggable: "true", "data-answer": a.id });
    var id = "sel-" + a.id;
    var box = el("input", { type: "checkbox", id: id, "data-answer": a.id });
    box.checked = selected.has(a.id);
    li.appendChild(box);
    li.appendChild(el("label", { for: id }, a.text));
    return li;
  }

  function option(value, text) {
    var o = el("option", { value: value }, text);
    return o;
  }

  function groupCard(g, members, groups) {
    var card = el("section", { className: "group-card card" + (g.suggested ? " suggested" : ""), "data-group": g.id, "aria-label": g.title || T.untitled });
    var head = el("div", { className: "group-head" });
    // A textarea, so that a long group name wraps instead of being cut off in a narrow card.
    var title = el("textarea", { className: "group-title", id: "gt-" + g.id, rows: "1", maxlength: "120", "aria-label": T.rename, placeholder: T.untitled, "data-group": g.id });
    title.value = g.title;
    head.appendChild(title);
    head.appendChild(el("span", { className: "group-count" }, String(members.length)));
    card.appendChild(head);
    if (g.words.length) card.appendChild(why(g.words));
    var list = el("ul", { className: "board-list" });
    members.forEach(function (a) { list.appendChild(answerItem(a)); });
    if (!members.length) list.appendChild(el("li", { className: "empty" }, T.empty_group));
    card.appendChild(list);
    var foot = el("div", { className: "group-foot" });
    var merge = el("select", { "aria-label": T.merge_into + " " + (g.title || T.untitled), "data-merge": g.id });
    merge.appendChild(option("", T.merge_into));
    groups.forEach(function (other) { if (other.id !== g.id) merge.appendChild(option(String(other.id), other.title || T.untitled)); });
    foot.appendChild(merge);
    foot.appendChild(el("button", { type: "button", className: "small secondary", "data-act": "merge", "data-group": g.id }, T.merge));
    foot.appendChild(el("button", { type: "button", className: "small secondary", "data-act": "ungroup", "data-group": g.id }, T.ungroup));
    card.appendChild(foot);
    return card;
  }

  function why(words) {
    var p = el("p", { className: "why" });
    p.appendChild(el("span", { className: "why-label" }, T.why));
    words.forEach(function (w) { p.appendChild(el("span", { className: "word-chip" }, w)); });
    return p;
  }

  /** The participants' part of the "why": "3 osallistujaa liitti nämä yhteen" (placement). */
  function linked(n) {
    return el("p", { className: "why why-linked" }, n === 1 ? T.linked_one : T.linked_many.replace("{n}", n));
  }

  /** Placement (participants link their answers to similar ones) for this step: on or off. */
  function renderPlacement(step) {
    var box = document.getElementById("placement-toggle");
    var control = Fac.state.control;
    box.checked = !!(control && control.placement && control.placement[step.id]);
    box.dataset.step = step.id;
  }

  function renderSuggestions(step) {
    var box = document.getElementById("suggestions");
    box.textContent = "";
    if (!suggestions || suggestions.step !== step.id) { box.hidden = true; return; }
    box.hidden = false;
    box.appendChild(el("h3", null, T.suggestions_title));
    if (suggestions.list === null) { box.appendChild(el("p", { className: "muted" }, T.thinking)); return; }
    if (!suggestions.list.length) { box.appendChild(el("p", { className: "muted" }, T.no_suggestions)); return; }
    var grid = el("div", { className: "suggestion-grid" });
    suggestions.list.forEach(function (s, i) {
      var card = el("section", { className: "suggestion card", "data-suggestion": i });
      card.appendChild(el("span", { className: "badge" }, T.suggested));
      var title = el("input", { className: "group-title", value: s.title, maxlength: "120", "aria-label": T.rename, id: "st-" + i });
      card.appendChild(title);
      if (s.words.length) card.appendChild(why(s.words));
      if (s.linked) card.appendChild(linked(s.linked));
      var list = el("ul", { className: "board-list" });
      s.answers.forEach(function (id) {
        var a = Fac.state.answers.get(id);
        if (!a) return;
        var li = el("li", { className: "board-item" });
        var box2 = el("input", { type: "checkbox", id: "s" + i + "-" + id, "data-member": id });
        box2.checked = true;
        li.appendChild(box2);
        li.appendChild(el("label", { for: "s" + i + "-" + id }, a.text));
        list.appendChild(li);
      });
      card.appendChild(list);
      var foot = el("div", { className: "group-foot" });
      foot.appendChild(el("button", { type: "button", className: "small primary", "data-act": "accept" }, T.accept));
      foot.appendChild(el("button", { type: "button", className: "small secondary", "data-act": "reject" }, T.reject));
      card.appendChild(foot);
      grid.appendChild(card);
    });
    box.appendChild(grid);
  }

  function render(step) {
    if (!step || step.kind !== "open") return;
    if (forStep !== step.id) { selected.clear(); forStep = step.id; }
    var focus = document.activeElement && document.activeElement.id;
    var answers = stepAnswers(step);
    var groups = stepGroups(step);
    var ungrouped = answers.filter(function (a) { return !a.group || !Fac.state.groups.has(a.group); });
    var list = document.getElementById("ungrouped");
    list.textContent = "";
    ungrouped.forEach(function (a) { list.appendChild(answerItem(a)); });
    document.getElementById("ungrouped-count").textContent = "(" + ungrouped.length + ")";
    // Once every answer is placed the column shrinks to a drop zone and the groups get the width.
    list.closest(".board").classList.toggle("all-placed", !ungrouped.length);
    document.getElementById("select-all").hidden = !ungrouped.length;
    var board = document.getElementById("groups");
    board.textContent = "";
    groups.forEach(function (g) {
      board.appendChild(groupCard(g, answers.filter(function (a) { return a.group === g.id; }), groups));
    });
    var target = document.getElementById("move-target");
    target.textContent = "";
    target.appendChild(option("", T.move_to));
    groups.forEach(function (g) { target.appendChild(option(String(g.id), g.title || T.untitled)); });
    target.appendChild(option("none", T.move_out));
    renderSuggestions(step);
    renderPlacement(step);
    updateSelected();
    if (focus && document.getElementById(focus)) document.getElementById(focus).focus();
  }

  function updateSelected() {
    document.getElementById("selected-count").textContent = selected.size ? T.selected.replace("{n}", selected.size) : "";
    var boxes = document.querySelectorAll("#ungrouped input[data-answer]");
    var all = boxes.length > 0 && Array.prototype.every.call(boxes, function (b) { return b.checked; });
    document.getElementById("select-all").textContent = all ? T.select_none : T.select_all;
  }

  function setChecked(box, on) {
    box.checked = on;
    var id = Number(box.dataset.answer);
    if (on) selected.add(id); else selected.delete(id);
  }

  function move(ids, target) {
    if (!ids.length) { Fac.say(T.select_first); return; }
    Fac.command("f:move", { answers: ids, group: target === "none" ? null : Number(target) }, function () {
      selected.clear();
    });
  }

  // -- events --------------------------------------------------------------------

  var panel = document.getElementById("panel-groups");

  var lastBox = null; // the checkbox last ticked, for shift ranges

  panel.addEventListener("click", function (e) {
    var box = e.target.closest("input[type=checkbox][data-answer]");
    if (!box) return;
    if (e.shiftKey && lastBox && lastBox !== box && lastBox.closest("ul") === box.closest("ul")) {
      // Shift selects (or clears) the whole range, as in a file manager.
      var boxes = Array.prototype.slice.call(box.closest("ul").querySelectorAll("input[data-answer]"));
      var a = boxes.indexOf(lastBox), b = boxes.indexOf(box);
      boxes.slice(Math.min(a, b), Math.max(a, b) + 1).forEach(function (other) { setChecked(other, box.checked); });
      updateSelected();
    }
    lastBox = box;
  });

  panel.addEventListener("change", function (e) {
    var box = e.target;
    if (box.matches("input[type=checkbox][data-answer]")) {
      setChecked(box, box.checked);
      updateSelected();
    }
    if (box.matches(".group-title[data-group]")) {
      Fac.command("f:rename", { group: Number(box.dataset.group), title: box.value.replace(/\s+/g, " ") });
    }
  });

  panel.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.target.matches(".group-title")) { e.preventDefault(); e.target.blur(); }
    // Up and down walk the answers of a column (quicker than Tab through 200 of them).
    if ((e.key === "ArrowDown" || e.key === "ArrowUp") && e.target.matches("input[data-answer]")) {
      var boxes = Array.prototype.slice.call(e.target.closest("ul").querySelectorAll("input[data-answer]"));
      var next = boxes[boxes.indexOf(e.target) + (e.key === "ArrowDown" ? 1 : -1)];
      if (next) { e.preventDefault(); next.focus(); }
    }
  });

  document.getElementById("select-all").addEventListener("click", function () {
    var boxes = Array.prototype.slice.call(document.querySelectorAll("#ungrouped input[data-answer]"));
    var on = !boxes.every(function (b) { return b.checked; });
    boxes.forEach(function (b) { setChecked(b, on); });
    updateSelected();
  });

  panel.addEventListener("click", function (e) {
    var button = e.target.closest("button[data-act]");
    if (!button) return;
    var act = button.dataset.act;
    var step = Fac.currentStep();
    if (act === "ungroup") Fac.command("f:ungroup", { group: Number(button.dataset.group) });
    if (act === "merge") {
      var into = panel.querySelector("select[data-merge='" + button.dataset.group + "']").value;
      if (into) Fac.command("f:merge", { group: Number(button.dataset.group), into: Number(into) });
    }
    if (act === "accept" || act === "reject") {
      var card = button.closest("[data-suggestion]");
      var index = Number(card.dataset.suggestion);
      var s = suggestions.list[index];
      if (act === "accept") {
        var members = Array.prototype.filter.call(card.querySelectorAll("input[data-member]"), function (b) { return b.checked; })
          .map(function (b) { return Number(b.dataset.member); });
        Fac.command("f:group", { step: step.id, title: card.querySelector("input.group-title").value, answers: members, words: s.words, suggested: true });
      }
      suggestions.list.splice(index, 1);
      renderSuggestions(step);
    }
  });

  document.getElementById("make-group").addEventListener("click", function () {
    var step = Fac.currentStep();
    var title = document.getElementById("new-group-title");
    Fac.command("f:group", { step: step.id, title: title.value, answers: Array.from(selected) }, function () {
      title.value = "";
      selected.clear();
    });
  });

  document.getElementById("move-selected").addEventListener("click", function () {
    var target = document.getElementById("move-target").value;
    if (target) move(Array.from(selected), target);
  });

  document.getElementById("placement-toggle").addEventListener("change", function (e) {
    Fac.command("f:placement", { step: e.target.dataset.step, on: e.target.checked });
  });

  document.getElementById("suggest").addEventListener("click", function () {
    var step = Fac.currentStep();
    suggestions = { step: step.id, list: null };
    renderSuggestions(step);
    Fac.command("f:suggest", { step: step.id }, function (res) {
      suggestions = { step: res.step, list: res.suggestions };
      renderSuggestions(step);
    });
  });

  // Drag and drop for the mouse; the checkboxes and "Siirrä" do the same from the keyboard.
  // Dragging a selected answer takes every selected answer along (a bulk move).
  var dropZone = null;
  function mark(node) {
    if (dropZone === node) return;
    if (dropZone) dropZone.classList.remove("drop-target");
    dropZone = node;
    if (dropZone) dropZone.classList.add("drop-target");
  }
  panel.addEventListener("dragstart", function (e) {
    var item = e.target.closest("[data-answer]");
    if (!item) return;
    var id = Number(item.dataset.answer);
    var ids = selected.has(id) ? Array.from(selected) : [id];
    e.dataTransfer.setData("text/plain", ids.join(","));
    e.dataTransfer.effectAllowed = "move";
    item.classList.add("dragging");
  });
  panel.addEventListener("dragend", function (e) {
    var item = e.target.closest && e.target.closest("[data-answer]");
    if (item) item.classList.remove("dragging");
    mark(null);
  });
  panel.addEventListener("dragover", function (e) {
    var zone = e.target.closest(".group-card[data-group], .board-col");
    if (zone) e.preventDefault();
    mark(zone);
  });
  panel.addEventListener("drop", function (e) {
    var ids = e.dataTransfer.getData("text/plain").split(",").map(Number).filter(Boolean);
    var card = e.target.closest(".group-card[data-group]");
    mark(null);
    if (!ids.length) return;
    e.preventDefault();
    if (card) move(ids, card.dataset.group);
    else if (e.target.closest(".board-col")) move(ids, "none");
  });

  Fac.panels.groups = render;
})();
