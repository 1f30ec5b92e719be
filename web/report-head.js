// aqplan report: the page's error record, inlined in <head> before anything
// else runs (docs/report.md). Every script error, unhandled promise
// rejection and console.error is counted in <body data-errors="n"> and
// written to <pre id="aqplan-errors" hidden>, which the browser test
// (tests/report/browser_test.py) reads from the rendered DOM.
(function () {
  'use strict';
  var pending = [];
  function box() {
    if (!document.body) return null;
    var pre = document.getElementById('aqplan-errors');
    if (!pre) {
      pre = document.createElement('pre');
      pre.id = 'aqplan-errors';
      pre.hidden = true;
      document.body.appendChild(pre);
    }
    return pre;
  }
  var count = 0;
  // Writes what is pending once <body> exists (errors in <head> wait for it).
  function flush() {
    var pre = box();
    if (!pre) return;
    while (pending.length) pre.textContent += pending.shift() + '\n';
    document.body.dataset.errors = String(count);
  }
  function record(message) {
    count += 1;
    pending.push(String(message));
    flush();
  }
  window.addEventListener('error', function (e) {
    record((e.message || 'error') + ' @ ' + (e.filename || '') + ':' + (e.lineno || 0) + ':' + (e.colno || 0));
  });
  window.addEventListener('unhandledrejection', function (e) {
    record('unhandled rejection: ' + (e.reason && e.reason.stack ? e.reason.stack : e.reason));
  });
  var consoleError = console.error;
  console.error = function () {
    record(Array.prototype.map.call(arguments, String).join(' '));
    return consoleError.apply(console, arguments);
  };
  document.addEventListener('DOMContentLoaded', function () {
    flush();
  });
})();
