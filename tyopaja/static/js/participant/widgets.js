/* Participant composer widgets: one builder per prompt kind. Plain DOM, text only via textContent.
 *
 * Every builder takes `ctx` (texts, send, local UI state, drafts; see chat.js)
 * and the server's prompt, and returns a node. Votes send the whole ballot;
 * the server's ack brings back the conversation with the stored ballot.
 */
"use strict";

var TyopajaWidgets = (function () {
  var el = Tyopaja.el;

  /** Replace {name} placeholders (texts come from the server's catalogs). */
  function fmt(text, vars) {
    return String(text).replace(/\{(\w+)\}/g, function (all, name) {
      return vars[name] !== undefined ? vars[name] : all;
    });
  }

  function button(label, className, onClick, attrs) {
    var node = el("button", Object.assign({ type: "button", className: className || "" }, attrs || {}), label);
    node.addEventListener("click", onClick);
    return node;
  }

  function wait(text) {
    return el("p", { className: "composer-wait" }, text);
  }

  function stack(nodes) {
    var box = el("div", { className: "composer-stack" });
    nodes.forEach(function (node) { if (node) box.appendChild(node); });
    return box;
  }

  /** Self pacing: the "next" button; elsewhere nothing. */
  function nextButton(ctx, prompt, primary) {
    if (!prompt.extra || !prompt.extra.next) return null;
    return button(ctx.T.next, primary ? "primary next" : "secondary next", function () {
      ctx.send("advance", { step: prompt.step }, { silent: true });
    });
  }

  // -- free text ----------------------------------------------------------------

  /** A text form whose content survives re-renders and reloads (kept as a draft). */
  function textForm(ctx, options) {
    var form = el("form", { className: "composer-form" });
    var id = "composer-input";
    form.appendChild(el("label", { for: id, className: options.showLabel ? "" : "visually-hidden" }, options.label));
    var input = el(options.multiline ? "textarea" : "input", {
      id: id,
      name: "text",
      rows: options.multiline ? 3 : null,
      placeholder: options.placeholder || "",
      maxlength: options.maxlength || 2000,
      autocomplete: "off",
      enterkeyhint: options.multiline ? null : "send",
    });
    input.value = ctx.draft.get(options.draftKey, options.value || "");
    input.addEventListener("input", function () { ctx.draft.set(options.draftKey, input.value); });
    form.appendChild(input);
    var buttons = el("div", { className: "composer-buttons" });
    buttons.appendChild(el("button", { type: "submit", className: "primary" }, options.submitLabel || ctx.T.send));
    (options.more || []).forEach(function (node) { if (node) buttons.appendChild(node); });
    form.appendChild(buttons);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var text = input.value.trim();
      if (!text) { input.focus(); return; }
      ctx.draft.clear(options.draftKey);
      options.onSubmit(text);
    });
    if (options.multiline) {
      input.addEventListener("keydown", function (e) {
        if (e.key !== "Enter" || !(e.ctrlKey || e.metaKey)) return;
        e.preventDefault();
        if (form.requestSubmit) form.requestSubmit(); // Safari before 16 lacks it
        else form.dispatchEvent(new Event("submit", { cancelable: true }));
      });
    }
    return form;
  }

  function answerForm(ctx, prompt) {
    var followup = prompt.kind === "followup";
    var more = [];
    if (prompt.skippable && (followup || prompt.field)) {
      more.push(button(ctx.T.skip, "secondary", function () {
        if (followup) ctx.send("followup", { answer: prompt.extra.answer, text: "" }, { display: ctx.T.skip });
        else ctx.send("profile", { field: prompt.field, value: "" }, { display: ctx.T.skip });
      }));
    }
    more.push(nextButton(ctx, prompt, false));
    return textForm(ctx, {
      draftKey: prompt.field ? "profile:" + prompt.field : followup ? "f:" + prompt.extra.answer : "a:" + prompt.step,
      label: prompt.placeholder || ctx.T.answer,
      placeholder: prompt.placeholder,
      multiline: !prompt.field,
      maxlength: prompt.field ? 120 : 2000,
      more: more,
      onSubmit: function (text) {
        if (prompt.field) ctx.send("profile", { field: prompt.field, value: text }, { display: text });
        else if (followup) ctx.send("followup", { answer: prompt.extra.answer, text: text }, { display: text });
        else ctx.send("answer", { step: prompt.step, text: text }, { display: text });
      },
    });
  }

  function editForm(ctx, editing) {
    return textForm(ctx, {
      draftKey: "edit:" + editing.answer,
      label: ctx.T.editing,
      showLabel: true,
      value: editing.text,
      multiline: true,
      submitLabel: ctx.T.save,
      more: [button(ctx.T.cancel, "secondary", function () {
        ctx.draft.clear("edit:" + editing.answer);
        ctx.ui.editing = null;
        ctx.rerender();
      })],
      onSubmit: function (text) {
        ctx.ui.editing = null;
        ctx.send("edit", { answer: editing.answer, text: text }, { display: text, replaces: "a:" + editing.answer });
      },
    });
  }

  // -- onboarding ---------------------------------------------------------------

  function quickReplies(ctx, prompt) {
    var group = el("div", { className: "quick", role: "group", "aria-label": ctx.T.answer });
    prompt.options.forEach(function (option) {
      group.appendChild(button(option.label, "quick-reply", function () {
        ctx.send("profile", { field: prompt.field, value: option.value }, { display: option.label });
      }));
    });
    if (prompt.skippable) {
      group.appendChild(button(ctx.T.skip, "secondary", function () {
        ctx.send("profile", { field: prompt.field, value: "" }, { display: ctx.T.skip });
      }));
    }
    return group;
  }

  function tableForm(ctx, prompt) {
    var form = el("form", { className: "composer-form table-form" });
    form.appendChild(el("label", { for: "table-label" }, ctx.T.table_label));
    var label = el("input", { id: "table-label", maxlength: 40, placeholder: prompt.placeholder, autocomplete: "off" });
    form.appendChild(label);
    form.appendChild(el("label", { for: "table-count" }, ctx.T.headcount));
    var count = el("input", { id: "table-count", type: "number", min: 1, max: 50, value: 4, inputmode: "numeric" });
    form.appendChild(count);
    form.appendChild(el("button", { type: "submit", className: "primary" }, ctx.T.send));
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var n = Math.max(1, Math.min(50, parseInt(count.value, 10) || 1));
      var text = (label.value.trim() || ctx.T.table_label) + ", " + n;
      ctx.send("profile", { field: "table", value: { label: label.value.trim(), headcount: n } }, { display: text });
    });
    return form;
  }

  // -- votes --------------------------------------------------------------------

  function vote(ctx, prompt, ballot, display) {
    ctx.ui.changing[prompt.step] = false;
    ctx.send("ballot", { step: prompt.step, ballot: ballot }, {
      display: display,
      replaces: "v:" + prompt.step,
      coalesce: "ballot:" + prompt.step,
    });
  }

  /** After voting: change the vote, or (self pacing) move on. */
  function decided(ctx, prompt, changeLabel) {
    var buttons = el("div", { className: "composer-buttons" });
    buttons.appendChild(button(changeLabel, "secondary", function () {
      ctx.ui.changing[prompt.step] = true;
      ctx.rerender();
    }));
    var next = nextButton(ctx, prompt, true);
    if (next) buttons.appendChild(next);
    return stack([next ? null : wait(ctx.T.wait), buttons]);
  }

  function hasVoted(ctx, prompt) {
    return !!prompt.extra.ballot || ctx.pendingBallot(prompt.step);
  }

  function choice(ctx, prompt) {
    if (hasVoted(ctx, prompt) && !ctx.ui.changing[prompt.step]) return decided(ctx, prompt, ctx.T.change_choice);
    return prompt.extra.multiple ? multipleChoice(ctx, prompt) : singleChoice(ctx, prompt);
  }

  function singleChoice(ctx, prompt) {
    var group = el("div", { className: "options", role: "group", "aria-label": ctx.T.answer });
    prompt.options.forEach(function (option) {
      group.appendChild(button(option.label, "option", function () {
        vote(ctx, prompt, { options: [option.value] }, option.label);
      }, { lang: ctx.textLang }));
    });
    return stack([group, nextButton(ctx, prompt, false)]);
  }

  function multipleChoice(ctx, prompt) {
    var step = prompt.step;
    var stored = prompt.extra.ballot ? prompt.extra.ballot.options : [];
    var picks = ctx.ui.picks[step] || stored.slice();
    ctx.ui.picks[step] = picks;
    var group = el("div", { className: "options", role: "group", "aria-label": ctx.T.answer });
    prompt.options.forEach(function (option) {
      var on = picks.indexOf(option.value) >= 0;
      group.appendChild(button((on ? "✓ " : "") + option.label, "option" + (on ? " chosen" : ""), function () {
        var at = picks.indexOf(option.value);
        if (at >= 0) picks.splice(at, 1); else picks.push(option.value);
        ctx.rerender(true);
      }, { "aria-pressed": on ? "true" : "false", lang: ctx.textLang }));
    });
    var send = button(ctx.T.send_choices, "primary", function () {
      var chosen = prompt.options.filter(function (o) { return picks.indexOf(o.value) >= 0; });
      delete ctx.ui.picks[step];
      vote(ctx, prompt, { options: chosen.map(function (o) { return o.value; }) },
        chosen.map(function (o) { return o.label; }).join(", ") || ctx.T.no_choice);
    }, { disabled: !picks.length && !stored.length });
    var buttons = el("div", { className: "composer-buttons" });
    buttons.appendChild(send);
    var next = nextButton(ctx, prompt, false);
    if (next) buttons.appendChild(next);
    return stack([group, buttons]);
  }

  function scaleText(extra, value) {
    var label = value === extra.min ? extra.min_label : value === extra.max ? extra.max_label : "";
    return label ? value + " (" + label + ")" : String(value);
  }

  function scale(ctx, prompt) {
    var extra = prompt.extra;
    if (hasVoted(ctx, prompt) && !ctx.ui.changing[prompt.step]) return decided(ctx, prompt, ctx.T.change_choice);
    var ends = el("div", { className: "scale-ends", id: "scale-ends-" + prompt.step, lang: ctx.textLang });
    ends.appendChild(el("span", {}, extra.min + " = " + (extra.min_label || extra.min)));
    ends.appendChild(el("span", {}, extra.max + " = " + (extra.max_label || extra.max)));
    var row = el("div", { className: "scale", role: "group", "aria-label": ctx.T.answer, "aria-describedby": ends.id });
    prompt.options.forEach(function (option) {
      row.appendChild(button(option.label, "scale-point", function () {
        vote(ctx, prompt, { value: option.value }, scaleText(extra, option.value));
      }));
    });
    return stack([row, extra.min_label || extra.max_label ? ends : null, nextButton(ctx, prompt, false)]);
  }

  function rank(ctx, prompt) {
    var step = prompt.step;
    if (hasVoted(ctx, prompt) && !ctx.ui.changing[step]) return decided(ctx, prompt, ctx.T.rank_change);
    var stored = prompt.extra.ballot ? prompt.extra.ballot.order : null;
    var order = ctx.ui.rank[step] || (stored ? stored.slice() : prompt.options.map(function (o) { return o.value; }));
    ctx.ui.rank[step] = order;
    var labels = {};
    prompt.options.forEach(function (o) { labels[o.value] = o.label; });
    var list = el("ol", { className: "rank", "aria-label": ctx.T.rank_label });
    order.forEach(function (value, place) {
      var li = el("li", { className: "rank-item" });
      li.appendChild(el("span", { className: "rank-place", "aria-hidden": "true" }, place + 1 + "."));
      li.appendChild(el("span", { className: "rank-label", lang: ctx.textLang }, labels[value]));
      li.appendChild(moveButton(ctx, step, order, place, -1, labels[value]));
      li.appendChild(moveButton(ctx, step, order, place, 1, labels[value]));
      list.appendChild(li);
    });
    var save = button(ctx.T.rank_save, "primary", function () {
      delete ctx.ui.rank[step];
      vote(ctx, prompt, { order: order.slice() }, order.map(function (v, i) { return i + 1 + ". " + labels[v]; }).join("\n"));
    });
    var buttons = el("div", { className: "composer-buttons" });
    buttons.appendChild(save);
    var next = nextButton(ctx, prompt, false);
    if (next) buttons.appendChild(next);
    return stack([list, buttons]);
  }

  function moveButton(ctx, step, order, place, delta, label) {
    var target = place + delta;
    var up = delta < 0;
    var id = "rank-" + (up ? "up" : "down") + "-" + order[place];
    return button(up ? "▲" : "▼", "rank-move", function () {
      var moved = order.splice(place, 1)[0];
      order.splice(target, 0, moved);
      ctx.announce(fmt(ctx.T.rank_moved, { label: label, place: target + 1 }));
      // keep the focus on the same button of the moved item (if it can still move that way)
      var again = (up ? target > 0 : target < order.length - 1) ? id : "rank-" + (up ? "down" : "up") + "-" + moved;
      ctx.rerender(true, again);
    }, {
      id: id,
      "aria-label": fmt(up ? ctx.T.rank_up : ctx.T.rank_down, { label: label }),
      disabled: target < 0 || target >= order.length,
    });
  }

  // -- dots ---------------------------------------------------------------------

  function sameDots(a, b) {
    var keys = Object.keys(a).concat(Object.keys(b));
    return keys.every(function (k) { return (a[k] || 0) === (b[k] || 0); });
  }

  function spent(dots) {
    return Object.keys(dots).reduce(function (sum, k) { return sum + dots[k]; }, 0);
  }

  function dotsText(ctx, items, dots) {
    var lines = items.filter(function (i) { return dots[i.key]; })
      .sort(function (a, b) { return dots[b.key] - dots[a.key]; })
      .map(function (i) { return fmt(dots[i.key] === 1 ? ctx.T.dots_line_one : ctx.T.dots_line, { n: dots[i.key], label: i.label }); });
    return lines.join("\n") || ctx.T.no_dots;
  }

  /** The participant's dots on a step: a draft kept like typed text (it survives a reload)
      until "Tallenna pisteet" sends the ballot. */
  function dotsDraft(ctx, step) {
    return ctx.draft.get("dots:" + step, null);
  }

  function dots(ctx, prompt) {
    var extra = prompt.extra;
    var step = prompt.step;
    var items = extra.items || [];
    if (!items.length) {
      return stack([button(ctx.T.refresh, "secondary", function () { ctx.sync(); }), nextButton(ctx, prompt, false)]);
    }
    var pending = ctx.pendingBallot(step);
    var stored = pending ? pending.payload.ballot.dots : extra.ballot ? extra.ballot.dots : {};
    var saved = {}; // only items still on offer (an answer may have been hidden or withdrawn)
    items.forEach(function (i) { if (stored[i.key]) saved[i.key] = stored[i.key]; });
    var draft = Object.assign({}, dotsDraft(ctx, step) || saved);
    // Items may change under a draft (an answer hidden, groups remade): drop the dots on gone ones.
    var known = {};
    items.forEach(function (i) { known[i.key] = true; });
    Object.keys(draft).forEach(function (k) { if (!known[k] || !draft[k]) delete draft[k]; });
    var dirty = !sameDots(draft, saved);
    if (dirty) ctx.draft.set("dots:" + step, draft); else ctx.draft.clear("dots:" + step);
    var left = extra.dots - spent(draft);
    var box = el("div", { className: "dots" });
    var list = el("ul", { className: "dot-cards" });
    items.forEach(function (item) { list.appendChild(dotCard(ctx, step, item, draft, left, extra.per_item)); });
    box.appendChild(list);
    // The counter, the state and the button stay at the bottom of the screen while the list scrolls.
    var bar = el("div", { className: "dots-bar" + (dirty ? " unsaved" : !dirty && (extra.ballot || pending) ? " done" : "") });
    bar.appendChild(el("p", { className: "dots-left", id: "dots-left", "aria-live": "polite" },
      fmt(ctx.T.dots_left, { left: left, total: extra.dots })));
    var state = dirty ? ctx.T.dots_unsaved : extra.ballot || pending ? ctx.T.dots_saved : "";
    if (state) bar.appendChild(el("p", { className: "composer-note dots-state" + (dirty ? " unsaved" : "") }, state));
    var buttons = el("div", { className: "composer-buttons" });
    buttons.appendChild(button(ctx.T.dots_save, "primary", function () {
      var ballot = {};
      Object.keys(draft).forEach(function (k) { if (draft[k] > 0) ballot[k] = draft[k]; });
      ctx.draft.clear("dots:" + step);
      vote(ctx, prompt, { dots: ballot }, dotsText(ctx, items, ballot));
    }, { disabled: !dirty }));
    var next = nextButton(ctx, prompt, false);
    if (next) buttons.appendChild(next);
    bar.appendChild(buttons);
    box.appendChild(bar);
    return box;
  }

  function dotCard(ctx, step, item, draft, left, perItem) {
    var count = draft[item.key] || 0;
    var li = el("li", { className: "dot-card" + (count ? " has-dots" : "") });
    var text = el("div", { className: "dot-text" });
    text.appendChild(el("span", { className: "dot-label" }, item.label));
    if (item.detail) text.appendChild(dotDetail(ctx, item));
    li.appendChild(text);
    var controls = el("div", { className: "dot-controls" });
    var idBase = "dot-" + item.key.replace(":", "-");
    function change(by, focusId) {
      var next = Object.assign({}, draft);
      next[item.key] = count + by;
      if (!next[item.key]) delete next[item.key];
      ctx.draft.set("dots:" + step, next);
      ctx.rerender(true, focusId);
    }
    controls.appendChild(button("−", "dot-button", function () {
      change(-1, idBase + (count - 1 <= 0 ? "-plus" : "-minus"));
    }, { id: idBase + "-minus", "aria-label": fmt(ctx.T.dots_remove, { label: item.label }), disabled: count <= 0 }));
    var shown = el("span", { className: "dot-count" });
    shown.appendChild(el("span", { "aria-hidden": "true" }, count ? "●".repeat(count) : "0"));
    shown.appendChild(el("span", { className: "visually-hidden" }, fmt(ctx.T.dots_given, { n: count })));
    controls.appendChild(shown);
    controls.appendChild(button("+", "dot-button", function () {
      var full = count + 1 >= perItem || left - 1 <= 0;
      change(1, idBase + (full ? "-minus" : "-plus"));
    }, { id: idBase + "-plus", "aria-label": fmt(ctx.T.dots_add, { label: item.label }), disabled: left <= 0 || count >= perItem }));
    li.appendChild(controls);
    return li;
  }

  /** A group's answers behind "Näytä vastaukset", so that the list fits on a phone's screen. */
  function dotDetail(ctx, item) {
    ctx.ui.dotsOpen = ctx.ui.dotsOpen || {};
    var more = el("details", { className: "dot-detail" });
    more.open = !!ctx.ui.dotsOpen[item.key];
    more.appendChild(el("summary", null, ctx.T.dots_show));
    var list = el("ul", { className: "dot-answers" });
    item.detail.split(" · ").forEach(function (t) { list.appendChild(el("li", null, t)); });
    more.appendChild(list);
    more.addEventListener("toggle", function () { ctx.ui.dotsOpen[item.key] = more.open; });
    return more;
  }

  // -- calendar -----------------------------------------------------------------

  function field(id, labelText, input, error) {
    var box = el("div", { className: "field" });
    box.appendChild(el("label", { for: id }, labelText));
    box.appendChild(input);
    if (error) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", id + "-error");
      box.appendChild(el("p", { className: "field-error", id: id + "-error" }, error));
    }
    return box;
  }

  function eventForm(ctx, prompt) {
    var extra = prompt.extra;
    var errors = ctx.ui.eventErrors || {};
    var form = el("form", { className: "composer-form event-form", novalidate: true });
    var month = el("select", { id: "event-month", name: "month" });
    month.appendChild(el("option", { value: "" }, ctx.T.event_choose));
    prompt.options.forEach(function (o) { month.appendChild(el("option", { value: o.value }, o.label)); });
    month.value = ctx.draft.get("event:month", "");
    var day = el("input", {
      id: "event-day", name: "day", type: "number", min: 1, max: 31, inputmode: "numeric", placeholder: ctx.T.event_day_hint,
    });
    day.value = ctx.draft.get("event:day", "");
    var what = el("input", { id: "event-what", name: "what", maxlength: 200, autocomplete: "off", placeholder: prompt.placeholder });
    what.value = ctx.draft.get("event:what", "");
    var who = el("input", { id: "event-who", name: "organiser", maxlength: 120, autocomplete: "organization" });
    who.value = ctx.draft.get("event:who", extra.organiser || "");
    [[month, "event:month"], [day, "event:day"], [what, "event:what"], [who, "event:who"]].forEach(function (pair) {
      pair[0].addEventListener("input", function () { ctx.draft.set(pair[1], pair[0].value); });
      pair[0].addEventListener("change", function () { ctx.draft.set(pair[1], pair[0].value); });
    });
    var when = el("div", { className: "event-when" });
    when.appendChild(field("event-month", ctx.T.event_month, month, errors.month));
    when.appendChild(field("event-day", ctx.T.event_day, day, errors.day));
    form.appendChild(when);
    form.appendChild(field("event-what", ctx.T.event_what, what, errors.what));
    form.appendChild(field("event-who", ctx.T.event_who, who));
    var buttons = el("div", { className: "composer-buttons" });
    buttons.appendChild(el("button", { type: "submit", className: "primary" }, ctx.T.event_add));
    var next = nextButton(ctx, prompt, false);
    if (next) buttons.appendChild(next);
    form.appendChild(buttons);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      submitEvent(ctx, prompt, { month: month.value, day: day.value.trim(), what: what.value.trim(), who: who.value.trim() });
    });
    return form;
  }

  function submitEvent(ctx, prompt, values) {
    var errors = {};
    var dayNumber = values.day ? parseInt(values.day, 10) : null;
    if (!values.month) errors.month = ctx.T.event_need_month;
    if (values.day && !(dayNumber >= 1 && dayNumber <= 31)) errors.day = ctx.T.event_bad_day;
    if (!values.what) errors.what = ctx.T.event_need_what;
    if (Object.keys(errors).length) {
      ctx.ui.eventErrors = errors;
      var first = errors.month ? "event-month" : errors.day ? "event-day" : "event-what";
      ctx.rerender(true, first);
      return;
    }
    ctx.ui.eventErrors = null;
    ["event:month", "event:day", "event:what"].forEach(ctx.draft.clear);
    var monthName = prompt.options[parseInt(values.month, 10) - 1].label;
    var when = dayNumber ? dayNumber + "." + values.month + "." : monthName;
    ctx.send("event_entry", {
      step: prompt.step,
      month: parseInt(values.month, 10),
      day: dayNumber,
      what: values.what,
      organiser: values.who,
    }, { display: when + ": " + values.what + (values.who ? " (" + values.who + ")" : "") });
  }

  return {
    fmt: fmt,
    button: button,
    wait: wait,
    stack: stack,
    nextButton: nextButton,
    answerForm: answerForm,
    editForm: editForm,
    quickReplies: quickReplies,
    tableForm: tableForm,
    choice: choice,
    scale: scale,
    rank: rank,
    dots: dots,
    eventForm: eventForm,
  };
})();
