// submit-once.js: a form marked data-submit-once posts once.
//
// Why: on a slow line a merchant pressed 提交审核 again while the first
// request was still on its way, and the browser sent two POSTs. The server
// answers a repeated submit without a second transition; this spares the
// round trip and shows that the press was taken. The button is disabled
// only after the submit event has finished, so the browser still includes
// it (and its name/value) in the request. Without JavaScript nothing
// changes. Loaded with <script src defer>, never inline (CSP).
(function () {
  'use strict';

  function guard(form) {
    form.addEventListener('submit', function (ev) {
      if (form.getAttribute('aria-busy') === 'true') {
        ev.preventDefault();
        return;
      }
      form.setAttribute('aria-busy', 'true');
      var buttons = form.querySelectorAll('button[type=submit], button:not([type]), input[type=submit]');
      setTimeout(function () {
        for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
      }, 0);
    });
    // Coming back with the browser's back button restores the page from
    // its cache: make the form usable again.
    window.addEventListener('pageshow', function (ev) {
      if (!ev.persisted) return;
      form.removeAttribute('aria-busy');
      var buttons = form.querySelectorAll('button, input[type=submit]');
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = false;
    });
  }

  var forms = document.querySelectorAll('form[data-submit-once]');
  for (var i = 0; i < forms.length; i++) guard(forms[i]);
})();
