/* Participant composer widgets for next steps: an `action` step's proposal form and a `recap`
 * step's ratings of last time's actions. Plain DOM, text only via textContent (see widgets.js).
 */
"use strict";

var TyopajaFollowup = (function () {
  var el = Tyopaja.el;
  var W = TyopajaWidgets;

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

  function input(ctx, id, name, max, draftKey, placeholder) {
    var node = el("input", { id: id, name: name, maxlength: max, autocomplete: "off", placeholder: placeholder || null });
    node.value = ctx.draft.get(draftKey, "");
    node.addEventListener("input", function () { ctx.draft.set(draftKey, node.value); });
    return node;
  }

  /** Propose a next step: what is done, who answers for it, by when. */
  function actionForm(ctx, prompt) {
    var T = ctx.T;
    var error = ctx.ui.actionError || null;
    var form = el("form", { className: "composer-form action-form", novalidate: true });
    var what = input(ctx, "action-what", "what", 300, "action:what", prompt.placeholder);
    var owner = input(ctx, "action-owner", "owner", 120, "action:owner", T.action_owner_hint);
    var deadline = input(ctx, "action-deadline", "deadline", 60, "action:deadline", T.action_deadline_hint);
    form.appendChild(field("action-what", T.action_what, what, error));
    form.appendChild(field("action-owner", T.action_owner, owner));
    form.appendChild(field("action-deadline", T.action_deadline, deadline));
    var buttons = el("div", { className: "composer-buttons" });
    buttons.appendChild(el("button", { type: "submit", className: "primary" }, T.action_add));
    var next = W.nextButton(ctx, prompt, false);
    if (next) buttons.appendChild(next);
    form.appendChild(buttons);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var values = { what: what.value.trim(), owner: owner.value.trim(), deadline: deadline.value.trim() };
      if (!values.what) {
        ctx.ui.actionError = T.action_need_what;
        ctx.rerender(true, "action-what");
        return;
      }
      ctx.ui.actionError = null;
      ["action:what", "action:owner", "action:deadline"].forEach(ctx.draft.clear);
      var display = values.what + (values.owner ? "\n" + W.fmt(T.action_owner_line, { owner: values.owner }) : "") +
        (values.deadline ? "\n" + W.fmt(T.action_deadline_line, { when: values.deadline }) : "");
      ctx.send("action_entry", { step: prompt.step, what: values.what, who: values.owner, deadline: values.deadline },
        { display: display });
    });
    return form;
  }

  /** Rate each of last time's actions on the step's scale, and comment if you like. */
  function recap(ctx, prompt) {
    var T = ctx.T;
    var extra = prompt.extra;
    var step = prompt.step;
    var items = extra.items || [];
    if (!items.length) return W.stack([W.wait(T.wait), W.nextButton(ctx, prompt, false)]);
    var stored = extra.ballot || { ratings: {}, comments: {} };
    var draft = ctx.ui.recap[step] || {
      ratings: Object.assign({}, stored.ratings || {}),
      comments: Object.assign({}, stored.comments || {}),
    };
    ctx.ui.recap[step] = draft;
    var list = el("ol", { className: "recap-list" });
    items.forEach(function (item, index) {
      var li = el("li", { className: "recap-item" });
      var heading = el("p", { className: "recap-what", id: "recap-what-" + index, lang: ctx.textLang }, item.what);
      li.appendChild(heading);
      var facts = [W.fmt(T.recap_status, { status: item.status_label })];
      if (item.owner) facts.push(W.fmt(T.action_owner_line, { owner: item.owner }));
      if (item.deadline) facts.push(W.fmt(T.action_deadline_line, { when: item.deadline }));
      li.appendChild(el("p", { className: "recap-facts", "data-status": item.status }, facts.join(" · ")));
      if (item.note) li.appendChild(el("p", { className: "recap-note", lang: ctx.textLang }, item.note));
      var row = el("div", { className: "scale", role: "group", "aria-labelledby": "recap-what-" + index });
      for (var v = extra.min; v <= extra.max; v++) {
        (function (value) {
          var on = draft.ratings[item.key] === value;
          row.appendChild(W.button(String(value), "scale-point" + (on ? " chosen" : ""), function () {
            draft.ratings[item.key] = value;
            ctx.rerender(true);
          }, { "aria-pressed": on ? "true" : "false", "aria-label": W.fmt(T.recap_rate, { value: value, what: item.what }) }));
        })(v);
      }
      li.appendChild(row);
      if (extra.min_label || extra.max_label) {
        li.appendChild(el("p", { className: "scale-ends" }, extra.min + " = " + (extra.min_label || extra.min) + " · " +
          extra.max + " = " + (extra.max_label || extra.max)));
      }
      var comment = el("textarea", { id: "recap-comment-" + index, rows: 2, maxlength: 500 });
      comment.value = draft.comments[item.key] || "";
      comment.addEventListener("input", function () { draft.comments[item.key] = comment.value; });
      li.appendChild(field("recap-comment-" + index, T.recap_comment, comment));
      list.appendChild(li);
    });
    var buttons = el("div", { className: "composer-buttons" });
    buttons.appendChild(W.button(T.recap_save, "primary", function () {
      var ballot = { ratings: {}, comments: {} };
      items.forEach(function (item) {
        if (draft.ratings[item.key]) ballot.ratings[item.key] = draft.ratings[item.key];
        var text = (draft.comments[item.key] || "").trim();
        if (text) ballot.comments[item.key] = text;
      });
      delete ctx.ui.recap[step];
      ctx.send("ballot", { step: step, ballot: ballot }, {
        display: T.recap_saved,
        replaces: "v:" + step,
        coalesce: "ballot:" + step,
      });
    }));
    var next = W.nextButton(ctx, prompt, false);
    if (next) buttons.appendChild(next);
    return W.stack([list, buttons]);
  }

  return { actionForm: actionForm, recap: recap };
})();
