// "Today" and "Now" buttons beside the admin's date and time fields, as Django's
// DateTimeShortcuts. Only a convenience: without JavaScript the fields are typed by hand.
// The values are the date and time in the site's time zone (its current offset from UTC comes
// with the field), which is how the server reads them, whatever the browser's own zone is.
"use strict";
(function () {
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  // The site's wall clock: UTC shifted by the site's offset, read with the UTC getters.
  function siteClock(input) {
    var offset = Number(input.getAttribute("data-utc-offset")) || 0;
    return new Date(Date.now() + offset * 1000);
  }
  function today(input) {
    var d = siteClock(input);
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate());
  }
  function now(input) {
    var d = siteClock(input);
    return pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + ":" + pad(d.getUTCSeconds());
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
        input.value = kind === "today" ? today(input) : now(input);
        input.focus();
      });
      input.insertAdjacentElement("afterend", button);
    });
  });
})();
