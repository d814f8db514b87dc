// "Today" and "Now" buttons beside the admin's date and time fields, as Django's
// DateTimeShortcuts. Only a convenience: without JavaScript the fields are typed by hand.
// Values are the browser's local date and time; the server reads them in the site's time zone,
// so the shortcut is exact when both agree (the field shows what was filled in, to check).
"use strict";
(function () {
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function now() {
    var d = new Date();
    return pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }
  document.addEventListener("DOMContentLoaded", function () {
    var fields = document.querySelectorAll("input[data-shortcut]");
    Array.prototype.forEach.call(fields, function (input) {
      var kind = input.getAttribute("data-shortcut");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary shortcut";
      button.textContent = kind === "today" ? "Today" : "Now";
      button.addEventListener("click", function () {
        input.value = kind === "today" ? today() : now();
        input.focus();
      });
      input.insertAdjacentElement("afterend", button);
    });
  });
})();
