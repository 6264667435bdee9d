/* The print button of the export preview: the browser's own print dialog (or "Save as PDF"). */
"use strict";

function setUpPrintButtons() {
  var buttons = document.querySelectorAll("[data-print]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function () { window.print(); });
  }
}

document.addEventListener("DOMContentLoaded", setUpPrintButtons);
