// upload.js: an upload progress bar for <form data-upload>.
//
// Why: a merchant sending a 10 MiB scan over a slow mobile line otherwise
// stares at a frozen page. Without JavaScript the form posts as usual;
// this only takes over the same request, through XMLHttpRequest, the one
// browser API that reports upload progress, and un-hides the form's
// <progress>. It is loaded with <script src defer>, never inline (CSP).
//
// The answer is shown as the server sent it. On success the XHR has already
// followed the server's 303; loading xhr.responseURL again would request
// that page twice, and the second copy would miss the one-time flash
// ("Document uploaded", or why the file was refused) that the first
// consumed. So the received page replaces this one and the address bar
// takes xhr.responseURL. Any other error page is shown the same way.
(function () {
  'use strict';
  if (!window.FormData || !('upload' in new XMLHttpRequest())) return;

  function show(html, url) {
    document.open();
    document.write(html);
    document.close();
    if (url) history.replaceState(null, '', url);
  }

  function enhance(form) {
    var bar = form.querySelector('progress');
    var buttons = form.querySelectorAll('button, input[type=submit]');

    function busy(on) {
      form.classList.toggle('uploading', on);
      form.setAttribute('aria-busy', on ? 'true' : 'false');
      if (bar) bar.hidden = !on;
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = on;
    }

    form.addEventListener('submit', function (ev) {
      if (!form.querySelector('input[type=file]')) return;
      ev.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.addEventListener('progress', function (e) {
        if (!bar) return;
        if (e.lengthComputable) {
          bar.max = e.total;
          bar.value = e.loaded;
        } else {
          bar.removeAttribute('value'); // indeterminate
        }
      });
      xhr.addEventListener('load', function () {
        var redirected = xhr.status < 400 && xhr.responseURL && xhr.responseURL !== form.action;
        show(xhr.responseText, redirected ? xhr.responseURL : null);
      });
      // The connection broke before an answer arrived: post the form the
      // ordinary way, so the browser reports what happens as it would
      // without this script.
      xhr.addEventListener('error', function () {
        busy(false);
        form.submit();
      });
      xhr.addEventListener('abort', function () { busy(false); });
      var data = new FormData(form, ev.submitter); // before busy() disables the button
      busy(true);
      if (bar) bar.removeAttribute('value');
      xhr.send(data);
    });
  }

  var forms = document.querySelectorAll('form[data-upload]');
  for (var i = 0; i < forms.length; i++) enhance(forms[i]);
})();
