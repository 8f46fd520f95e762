/*
 * Small progressive enhancements. Every page works without this file.
 * No inline handlers anywhere (strict CSP): behaviour is attached through data-* attributes.
 *
 *   <form data-confirm="确定删除？">             asks before submitting
 *   <button data-confirm="确定撤回？">            asks before the click goes through
 *   <select data-autosubmit>                     submits its form on change (keep a submit button)
 *   <button type="button" data-print>            prints the page
 *   .form-error-summary[data-error-summary]      gets focus on load so screen readers announce it
 *   htmx requests get the CSRF token from the page's form or cookie.
 *   details.site-nav-dropdown                    the menu's drop-down closes on an outside click or Escape
 */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  // confirm dialogs: on forms (submit) and on buttons/links (click)
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute("data-confirm")) return; // handled on click
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  }, true);

  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target.closest("a[data-confirm], button[data-confirm], input[type=submit][data-confirm]") : null;
    if (!el) return;
    if (!window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // auto-submit filter controls
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!(el instanceof Element) || !el.hasAttribute("data-autosubmit")) return;
    var form = el.form || el.closest("form");
    if (!form) return;
    if (typeof form.requestSubmit === "function") form.requestSubmit(); else form.submit();
  });

  // print buttons
  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (!el) return;
    event.preventDefault();
    window.print();
  });

  // CSRF header for htmx's non-GET requests
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input && input.value) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : null;
  }
  document.addEventListener("htmx:configRequest", function (event) {
    var verb = (event.detail.verb || "get").toLowerCase();
    if (verb === "get") return;
    var token = csrfToken();
    if (token) event.detail.headers["X-CSRFToken"] = token;
  });

  // the 业务管理 drop-down (a <details>): close it on a click elsewhere or on Escape
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.site-nav-dropdown[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.site-nav-dropdown[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary) summary.focus();
    });
  });

  // move focus to a form's error summary after a failed submit
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }
})();
