// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Copy buttons: <button data-copy-target="id-of-input">. The key stays selectable without JavaScript.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) { return; }
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    if (!input) { return; }
    var done = function () {
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      if (status) { status.textContent = "Copied to the clipboard."; }
      button.textContent = "Copied";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () { input.select(); });
    } else {
      input.select();
      try { document.execCommand("copy"); done(); } catch (e) { /* the key stays selected */ }
    }
  });

  // Facet checkboxes and filter selects submit their form on change (htmx swaps the results).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches("[data-autosubmit]") && el.form) {
      if (el.form.requestSubmit) { el.form.requestSubmit(); } else { el.form.submit(); }
    }
  });

  // Keep the live task log scrolled to its newest line and announce the end of the task.
  document.addEventListener("htmx:sseMessage", function (event) {
    var log = document.getElementById("task-log");
    if (log) { log.scrollTop = log.scrollHeight; }
  });
  document.addEventListener("htmx:sseMessage", function (event) {
    if (event.detail && event.detail.type === "done") {
      var source = event.detail.elt && event.detail.elt.closest("[sse-connect]");
      if (source && source["htmx-internal-data"] && source["htmx-internal-data"].sseEventSource) {
        source["htmx-internal-data"].sseEventSource.close();
      }
    }
  });
})();
