/* Facilitator console: the review ("Koonti") that turns the wall into the chapter.
   Per step: its groups (suggested -> reviewed: adopt, rename, merge, split, move), a summary
   drafted from the facts that the facilitator edits and saves, and "reviewed" or "draft".
   Per chapter: its summary and state. The server's f:koonti says what the export will show. */
"use strict";

(function () {
  var el = Tyopaja.el;
  var T = Fac.T;
  var view = null; // the last f:koonti answer
  var target = null; // {step: id} or {chapter: key}
  var selected = new Set();
  var edits = {}; // text typed but not saved yet, by field id
  var loading = false;
  var again = false;
  var timer = null;
  var lastLoad = 0;
  var panel = document.getElementById("koonti");

  function keyOf(t) { return t.step ? "step:" + t.step : "chapter:" + t.chapter; }
  function noteOf(key) { return Fac.state.reviews[key] || { reviewed: false, summary: null }; }
  function stepInfo(id) { return Fac.state.workshop.steps.find(function (s) { return s.id === id; }); }
  function viewStep(id) { return view ? view.steps.find(function (s) { return s.id === id; }) : null; }
  function viewChapter(k) { return view ? view.chapters.find(function (c) { return c.key === k; }) : null; }

  /** Ask the server again (at most every two seconds; the export model is rebuilt each time). */
  function refresh() {
    if (timer) return;
    var wait = Math.max(300, 2000 - (Date.now() - lastLoad));
    timer = setTimeout(function () { timer = null; load(); }, wait);
  }

  function load() {
    if (loading) { again = true; return; }
    loading = true;
    lastLoad = Date.now();
    Fac.socket.emit("f:koonti", {}, function (res) {
      loading = false;
      if (res && res.ok) { view = res; draw(); } else if (res && res.error === "not_ready") { again = true; } else if (res) { Fac.say(res.message); }
      if (again) { again = false; refresh(); }
    });
  }

  function chip(reviewed) {
    return el("span", { className: "review-chip", "data-reviewed": reviewed ? "yes" : "no" }, reviewed ? T.k_reviewed : T.k_draft);
  }

  // -- the list of chapters and steps ----------------------------------------------

  function navButton(t, label, reviewed, extra) {
    var current = target && keyOf(target) === keyOf(t);
    var b = el("button", { type: "button", className: "koonti-pick" + (current ? " current" : ""), "aria-current": current ? "true" : null });
    if (t.step) b.dataset.pickStep = t.step; else b.dataset.pickChapter = t.chapter;
    b.appendChild(el("span", { className: "koonti-pick-text" }, label));
    var meta = el("span", { className: "koonti-pick-meta" });
    meta.appendChild(chip(reviewed));
    if (extra) meta.appendChild(el("span", { className: "muted" }, extra));
    b.appendChild(meta);
    return b;
  }

  function stepEntry(step, i) {
    var li = el("li");
    var n = (viewStep(step.id) || {}).answers;
    var extra = step.kind === "open" && n !== undefined ? T.answers_n.replace("{n}", n) : (T["kind_" + step.kind] || "");
    li.appendChild(navButton({ step: step.id }, (i + 1) + ". " + step.text, noteOf("step:" + step.id).reviewed, extra));
    return li;
  }

  function drawNav(nav) {
    var steps = Fac.state.workshop.steps;
    var list = el("ul", { className: "koonti-nav-list" });
    var shownChapters = {};
    steps.forEach(function (step, i) {
      if (step.kind === "info") return;
      var chapter = step.theme && viewChapter(step.theme);
      if (chapter && !shownChapters[chapter.key]) {
        shownChapters[chapter.key] = true;
        var head = el("li", { className: "koonti-chapter" });
        head.appendChild(navButton({ chapter: chapter.key }, chapter.title, noteOf("chapter:" + chapter.key).reviewed, T.k_chapter));
        list.appendChild(head);
      }
      list.appendChild(stepEntry(step, i));
    });
    nav.appendChild(list);
  }

  // -- summary and review state -------------------------------------------------------

  function summaryBox(t, saved, draft) {
    var key = keyOf(t);
    var id = "k-summary";
    var box = el("section", { className: "koonti-summary", "aria-labelledby": "k-summary-label" });
    box.appendChild(el("h4", { id: "k-summary-label" }, T.k_summary));
    var has = saved !== null && saved !== undefined && saved !== "";
    box.appendChild(el("p", { className: "help", id: "k-summary-help" }, has ? T.k_summary_saved : T.k_summary_draft));
    var area = el("textarea", { id: id, rows: "5", maxlength: "4000", "aria-labelledby": "k-summary-label", "aria-describedby": "k-summary-help", "data-key": key });
    area.value = edits[key] !== undefined ? edits[key] : (has ? saved : (draft || ""));
    box.appendChild(area);
    var row = el("div", { className: "koonti-actions" });
    row.appendChild(el("button", { type: "button", className: "small primary", "data-act": "save-summary" }, T.k_save_summary));
    if (has) row.appendChild(el("button", { type: "button", className: "small secondary", "data-act": "reset-summary" }, T.k_reset_summary));
    box.appendChild(row);
    return box;
  }

  function reviewBar(t, reviewed) {
    var bar = el("div", { className: "koonti-review" + (reviewed ? " done" : "") });
    bar.appendChild(el("p", null, reviewed ? T.k_is_reviewed : T.k_not_reviewed));
    bar.appendChild(el("button", { type: "button", className: reviewed ? "secondary" : "primary", "data-act": "review", "data-reviewed": reviewed ? "0" : "1" }, reviewed ? T.k_unreview : T.k_mark_reviewed));
    return bar;
  }

  // -- groups -----------------------------------------------------------------------------

  function stepAnswers(stepId) {
    var out = [];
    Fac.state.answers.forEach(function (a) { if (a.step === stepId && !a.hidden) out.push(a); });
    return out.sort(function (a, b) { return a.id - b.id; });
  }

  function stepGroups(stepId) {
    var out = [];
    Fac.state.groups.forEach(function (g) { if (g.step === stepId) out.push(g); });
    return out.sort(function (a, b) { return a.position - b.position || a.id - b.id; });
  }

  /** A select keeps the choice made before a redraw (answers keep coming during the evening). */
  function keep(select) {
    var chosen = edits[select.id];
    if (chosen && Array.prototype.some.call(select.options, function (o) { return o.value === chosen; })) select.value = chosen;
  }

  function memberItem(a) {
    var li = el("li", { className: "koonti-answer" });
    var id = "k-sel-" + a.id;
    var box = el("input", { type: "checkbox", id: id, "data-answer": a.id });
    box.checked = selected.has(a.id);
    li.appendChild(box);
    li.appendChild(el("label", { for: id }, a.text));
    return li;
  }

  function titleOf(g, vs) {
    var info = vs && vs.titles[String(g.id)];
    if (edits["k-gt-" + g.id] !== undefined) return { value: edits["k-gt-" + g.id], given: true };
    if (info && !info.given) return { value: info.title, given: false };
    return { value: g.title, given: true };
  }

  function groupCard(g, members, groups, vs) {
    var title = titleOf(g, vs);
    var card = el("section", { className: "koonti-group", "data-group": g.id, "aria-label": title.value || T.untitled });
    var head = el("div", { className: "koonti-group-head" });
    var input = el("input", { className: "group-title", id: "k-gt-" + g.id, maxlength: "120", "aria-label": T.rename, placeholder: T.untitled, "data-group": g.id });
    input.value = title.value;
    head.appendChild(input);
    head.appendChild(el("span", { className: "group-count", title: T.answers_n.replace("{n}", members.length) }, String(members.length)));
    card.appendChild(head);
    if (!title.given) card.appendChild(el("p", { className: "help" }, T.k_default_title));
    var list = el("ul", { className: "koonti-members" });
    members.forEach(function (a) { list.appendChild(memberItem(a)); });
    if (!members.length) list.appendChild(el("li", { className: "empty" }, T.empty_group));
    card.appendChild(list);
    var foot = el("div", { className: "koonti-actions" });
    var merge = el("select", { id: "k-merge-" + g.id, "aria-label": T.merge_into + " " + (title.value || T.untitled), "data-merge": g.id });
    merge.appendChild(el("option", { value: "" }, T.merge_into));
    groups.forEach(function (o) {
      if (o.id !== g.id) merge.appendChild(el("option", { value: String(o.id) }, titleOf(o, vs).value || T.untitled));
    });
    keep(merge);
    foot.appendChild(merge);
    foot.appendChild(el("button", { type: "button", className: "small secondary", "data-act": "merge", "data-group": g.id }, T.merge));
    foot.appendChild(el("button", { type: "button", className: "small secondary", "data-act": "ungroup", "data-group": g.id }, T.ungroup));
    card.appendChild(foot);
    return card;
  }

  function autoGroups(vs) {
    var box = el("section", { className: "koonti-auto", "aria-labelledby": "k-auto-head" });
    box.appendChild(el("h4", { id: "k-auto-head" }, T.k_auto_title));
    box.appendChild(el("p", { className: "help" }, T.k_auto_help));
    box.appendChild(el("button", { type: "button", className: "primary", "data-act": "adopt" }, T.k_adopt));
    var grid = el("div", { className: "koonti-groups" });
    vs.auto.forEach(function (g) {
      var card = el("section", { className: "koonti-group suggested", "aria-label": g.title });
      var head = el("div", { className: "koonti-group-head" });
      head.appendChild(el("h5", { className: "koonti-auto-title" }, g.title));
      head.appendChild(el("span", { className: "group-count" }, String(g.answers.length)));
      card.appendChild(head);
      var list = el("ul", { className: "koonti-members" });
      g.answers.forEach(function (id) {
        var a = Fac.state.answers.get(id);
        if (a) list.appendChild(el("li", { className: "koonti-answer plain" }, a.text));
      });
      card.appendChild(list);
      grid.appendChild(card);
    });
    box.appendChild(grid);
    return box;
  }

  function groupTools(groups, vs) {
    var bar = el("div", { className: "koonti-tools" });
    bar.appendChild(el("span", { id: "k-selected", className: "muted", "aria-live": "polite" }, selected.size ? T.selected.replace("{n}", selected.size) : T.k_select_help));
    var target2 = el("select", { id: "k-move-target", "aria-label": T.move_to });
    target2.appendChild(el("option", { value: "" }, T.move_to));
    groups.forEach(function (g) { target2.appendChild(el("option", { value: String(g.id) }, titleOf(g, vs).value || T.untitled)); });
    target2.appendChild(el("option", { value: "none" }, T.move_out));
    keep(target2);
    bar.appendChild(target2);
    bar.appendChild(el("button", { type: "button", className: "small secondary", "data-act": "move" }, T.k_move));
    bar.appendChild(el("button", { type: "button", className: "small secondary", "data-act": "split" }, T.k_split));
    return bar;
  }

  function drawGroups(detail, step, vs) {
    var answers = stepAnswers(step.id);
    var groups = stepGroups(step.id);
    var section = el("section", { className: "koonti-groups-box", "aria-labelledby": "k-groups-head" });
    section.appendChild(el("h4", { id: "k-groups-head" }, T.k_groups));
    if (!answers.length) { section.appendChild(el("p", { className: "empty" }, T.no_answers)); detail.appendChild(section); return; }
    if (!groups.length && vs && vs.auto.length) {
      section.appendChild(autoGroups(vs));
      detail.appendChild(section);
      return;
    }
    section.appendChild(groupTools(groups, vs));
    var grid = el("div", { className: "koonti-groups" });
    groups.forEach(function (g) {
      grid.appendChild(groupCard(g, answers.filter(function (a) { return a.group === g.id; }), groups, vs));
    });
    section.appendChild(grid);
    var rest = answers.filter(function (a) { return !a.group || !Fac.state.groups.has(a.group); });
    if (rest.length) {
      var other = el("section", { className: "koonti-group ungrouped", "aria-labelledby": "k-rest-head" });
      other.appendChild(el("h5", { id: "k-rest-head" }, T.ungrouped + " (" + rest.length + ")"));
      var list = el("ul", { className: "koonti-members" });
      rest.forEach(function (a) { list.appendChild(memberItem(a)); });
      other.appendChild(list);
      section.appendChild(other);
    }
    detail.appendChild(section);
  }

  // -- drawing ------------------------------------------------------------------------------

  function drawStep(detail, step) {
    var vs = viewStep(step.id);
    var note = noteOf("step:" + step.id);
    var head = el("div", { className: "koonti-head" });
    head.appendChild(el("h3", { id: "k-heading" }, step.text));
    head.appendChild(chip(note.reviewed));
    detail.appendChild(head);
    detail.appendChild(reviewBar({ step: step.id }, note.reviewed));
    detail.appendChild(summaryBox({ step: step.id }, note.summary, vs ? vs.draft : ""));
    if (step.kind === "open") drawGroups(detail, step, vs);
  }

  function drawChapter(detail, key) {
    var c = viewChapter(key);
    if (!c) return;
    var note = noteOf("chapter:" + key);
    var head = el("div", { className: "koonti-head" });
    head.appendChild(el("h3", { id: "k-heading" }, T.k_chapter + ": " + c.title));
    head.appendChild(chip(note.reviewed));
    detail.appendChild(head);
    detail.appendChild(reviewBar({ chapter: key }, note.reviewed));
    detail.appendChild(summaryBox({ chapter: key }, note.summary, c.draft));
  }

  function defaultTarget() {
    var step = Fac.currentStep();
    if (step && step.kind !== "info") return { step: step.id };
    var first = Fac.state.workshop.steps.find(function (s) { return s.kind !== "info"; });
    return first ? { step: first.id } : null;
  }

  function draw() {
    if (!Fac.state.workshop || Fac.state.panel !== "koonti") return;
    if (!target) target = defaultTarget();
    var focus = document.activeElement && document.activeElement.id;
    panel.textContent = "";
    if (!view) { panel.appendChild(el("p", { className: "muted" }, T.thinking)); return; }
    var nav = el("nav", { className: "koonti-nav", "aria-label": T.k_nav });
    drawNav(nav);
    panel.appendChild(nav);
    var detail = el("div", { className: "koonti-detail", "aria-live": "off" });
    if (target && target.step && stepInfo(target.step)) drawStep(detail, stepInfo(target.step));
    else if (target && target.chapter) drawChapter(detail, target.chapter);
    panel.appendChild(detail);
    if (focus && document.getElementById(focus)) document.getElementById(focus).focus();
  }

  function render() {
    draw();
    refresh();
  }

  // -- events ---------------------------------------------------------------------------------

  function send(event, payload, ok) {
    Fac.command(event, payload, function (res) { if (ok) ok(res); refresh(); });
  }

  function reviewPayload(extra) {
    return Object.assign(target.step ? { step: target.step } : { chapter: target.chapter }, extra);
  }

  panel.addEventListener("input", function (e) {
    if (e.target.id === "k-summary") edits[e.target.dataset.key] = e.target.value;
    if (e.target.matches("input.group-title[data-group]")) edits[e.target.id] = e.target.value;
  });

  panel.addEventListener("change", function (e) {
    var box = e.target;
    if (box.matches("select[id]")) edits[box.id] = box.value;
    if (box.matches("input[type=checkbox][data-answer]")) {
      var id = Number(box.dataset.answer);
      if (box.checked) selected.add(id); else selected.delete(id);
      var counter = document.getElementById("k-selected");
      if (counter) counter.textContent = selected.size ? T.selected.replace("{n}", selected.size) : T.k_select_help;
    }
    if (box.matches("input.group-title[data-group]")) {
      var fieldId = box.id;
      send("f:rename", { group: Number(box.dataset.group), title: box.value }, function () { delete edits[fieldId]; });
    }
  });

  panel.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.target.matches("input.group-title")) { e.preventDefault(); e.target.blur(); }
  });

  panel.addEventListener("click", function (e) {
    var pick = e.target.closest("button[data-pick-step], button[data-pick-chapter]");
    if (pick) {
      target = pick.dataset.pickStep ? { step: pick.dataset.pickStep } : { chapter: pick.dataset.pickChapter };
      selected.clear();
      draw();
      var heading = document.getElementById("k-heading");
      if (heading) { heading.tabIndex = -1; heading.focus(); }
      return;
    }
    var button = e.target.closest("button[data-act]");
    if (!button || !target) return;
    var act = button.dataset.act;
    var key = keyOf(target);
    if (act === "save-summary") {
      var text = document.getElementById("k-summary").value;
      send("f:summary", reviewPayload({ text: text }), function () { delete edits[key]; });
    } else if (act === "reset-summary") {
      send("f:summary", reviewPayload({ text: "" }), function () { delete edits[key]; });
    } else if (act === "review") {
      send("f:review", reviewPayload({ reviewed: button.dataset.reviewed === "1" }));
    } else if (act === "adopt") {
      var vs = viewStep(target.step);
      if (vs && vs.auto.length) send("f:adopt", { step: target.step, groups: vs.auto });
    } else if (act === "merge") {
      var into = panel.querySelector("select[data-merge='" + button.dataset.group + "']").value;
      if (into) send("f:merge", { group: Number(button.dataset.group), into: Number(into) });
    } else if (act === "ungroup") {
      send("f:ungroup", { group: Number(button.dataset.group) });
    } else if (act === "move" || act === "split") {
      var ids = Array.from(selected);
      if (!ids.length) { Fac.say(T.select_first); return; }
      var done = function () { selected.clear(); };
      if (act === "split") {
        send("f:group", { step: target.step, title: "", answers: ids }, done);
      } else {
        var where = document.getElementById("k-move-target").value;
        if (where) send("f:move", { answers: ids, group: where === "none" ? null : Number(where) }, done);
      }
    }
  });

  Fac.panels.koonti = render;
  Fac.onReview = function () { if (Fac.state.panel === "koonti") draw(); };
})();
