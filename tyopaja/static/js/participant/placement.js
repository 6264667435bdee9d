/* Placement: after an answer, "is it about the same thing as one of these?" (docs/protocol.md, `link`).
 *
 * The offer comes in the answer's ack. It is shown as one bot bubble with a button per
 * option and "none of these"; nothing waits for it: the composer stays as it was, so
 * someone who does not want to tap just goes on. One tap queues a `link` write in the
 * outbox (acked after its commit, resent until then) and the bubble says thanks.
 */
"use strict";

var TyopajaPlacement = (function () {
  /** The `link` payload for a tap on `option` (null: none of these), or null if nothing to send. */
  function payload(offer, option) {
    if (option && option.group) return { answer: offer.answer, group: option.group };
    if (option) return { answer: offer.answer, other: option.answer };
    var rejected = offer.options.filter(function (o) { return o.answer; }).map(function (o) { return o.answer; });
    return rejected.length ? { answer: offer.answer, rejected: rejected } : null;
  }

  /** The offer as a bot bubble; `pick(option|null)` runs on a tap. */
  function bubble(T, offer, pick) {
    var li = Tyopaja.el("li", { id: "place-" + offer.answer, className: "bubble bot placement" });
    li.appendChild(Tyopaja.el("span", { className: "bubble-text", id: "place-q-" + offer.answer }, T.place_question));
    var row = Tyopaja.el("div", {
      className: "bubble-actions placement-options",
      role: "group",
      "aria-labelledby": "place-q-" + offer.answer,
    });
    offer.options.forEach(function (option, i) {
      var label = option.group ? T.place_group.replace("{title}", option.title) : option.text;
      row.appendChild(TyopajaWidgets.button(label, "placement-option", function () { pick(option); }, {
        id: "place-" + offer.answer + "-" + i,
      }));
    });
    row.appendChild(TyopajaWidgets.button(T.place_none, "placement-none", function () { pick(null); }, {
      id: "place-" + offer.answer + "-none",
    }));
    li.appendChild(row);
    return li;
  }

  /** The short thanks that replaces the offer after a tap. */
  function thanks(T, done) {
    return Tyopaja.el("li", { id: "place-" + done.answer, className: "bubble bot placement-done" },
      done.linked ? T.place_thanks : T.place_thanks_none);
  }

  return { payload: payload, bubble: bubble, thanks: thanks };
})();
