/* Asks before a page with unsaved input is left. Optional: every form works without it. A form opts in
   with data-unsaved-message (the question, in the reader's language). */
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-unsaved-message]");
  var pending = null;
  forms.forEach(function (form) {
    form.addEventListener("input", function () { pending = form; });
    form.addEventListener("submit", function () { pending = null; });
  });
  window.addEventListener("beforeunload", function (event) {
    if (pending === null) { return undefined; }
    event.preventDefault();
    event.returnValue = pending.dataset.unsavedMessage;
    return pending.dataset.unsavedMessage;
  });
}());
