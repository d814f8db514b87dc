// Live results: keeps the results page's counts, percentages, bars and leaders current from the
// question's Server-Sent Events stream (its URL in the list's data-events-url). Only a
// convenience: without JavaScript, or without EventSource, the page is what the server drew and
// a reload shows new votes. The numbers follow the issue 16 contract, as polls/results_chart.cpp
// computes them for the server-drawn page, so a live page reads exactly as a reloaded one.
"use strict";
(function () {
  // When the choices on the page are not the event's (one was added or removed), the page
  // reloads; at most once in this long, so a page that still does not match cannot loop.
  var RELOAD_GUARD_MS = 10000;
  // The total is read out to screen readers at most this often: a busy poll updates a few times
  // a second, which would drown out everything else.
  var ANNOUNCE_EVERY_MS = 10000;
  var RELOADED_AT_KEY = "polls.live-results.reloaded-at";

  function label(count) { return count + (count === 1 ? " vote" : " votes"); }

  // votes * 100 / total rounded half up, as (votes*200 + total) / (2*total) in integers; the
  // remainder keeps it exact where a floating-point division could land just under a whole number.
  function percentOf(votes, total) {
    if (total <= 0 || votes <= 0) return 0;
    var n = votes * 200 + total;
    var d = 2 * total;
    return Math.min(100, (n - (n % d)) / d);
  }

  function setText(element, text) {
    // Only a change is written: no layout or repaint for what did not change.
    if (element.textContent !== text) element.textContent = text;
  }

  function matches(items, choices) {
    if (items.length !== choices.length) return false;
    for (var i = 0; i < items.length; i++) {
      if (items[i].getAttribute("data-choice") !== String(choices[i].id)) return false;
    }
    return true;
  }

  function reloadOnce(status) {
    var last = 0;
    try { last = Number(sessionStorage.getItem(RELOADED_AT_KEY)) || 0; } catch (e) { /* no storage */ }
    if (Date.now() - last < RELOAD_GUARD_MS) {
      setText(status, "The choices have changed: reload the page to see them.");
      return;
    }
    try { sessionStorage.setItem(RELOADED_AT_KEY, String(Date.now())); } catch (e) { /* no storage */ }
    location.reload();
  }

  function draw(items, total, state) {
    var top = 0;
    state.choices.forEach(function (choice) { top = Math.max(top, choice.votes); });
    state.choices.forEach(function (choice, i) {
      var item = items[i];
      var percent = percentOf(choice.votes, state.total);
      var leading = top > 0 && choice.votes === top;
      setText(item.querySelector(".result-votes"), label(choice.votes));
      setText(item.querySelector(".result-percent"), percent + "%");
      item.querySelector(".result-leader").hidden = !leading;
      item.classList.toggle("is-leading", leading);
      var fill = item.querySelector(".bar-fill");
      var width = "w-" + percent;
      if (!fill.classList.contains(width)) {
        fill.className = fill.className.replace(/\bw-\d+\b/, width);
      }
    });
    setText(total, label(state.total));
  }

  // Opens the stream and keeps it open. The browser reconnects by itself after a dropped
  // connection (the stream's retry: delay); after an answer that is not a stream (503 when the
  // server holds its most viewers, 404) it gives up, and this tries again later: first after 15
  // to 30 s, spread so that the viewers refused together do not return together, then twice as
  // long each time up to 5 minutes.
  function subscribe(list, total, status, announce) {
    var question = list.getAttribute("data-question");
    var url = list.getAttribute("data-events-url");
    var refusals = 0;
    var source;

    function connect() {
      source = new EventSource(url);
      source.onopen = function () {
        refusals = 0;
        setText(status, "Live: the counts change as votes arrive.");
      };
      source.onerror = function () {
        if (source.readyState !== EventSource.CLOSED) {
          setText(status, "Live updates interrupted: reconnecting…");
          return;
        }
        var delay = Math.min(300000, (15000 + Math.random() * 15000) * Math.pow(2, refusals));
        refusals += 1;
        setText(status, "Live updates paused: reload the page to see new votes.");
        setTimeout(connect, delay);
      };
      source.onmessage = function (event) {
        var state;
        try { state = JSON.parse(event.data); } catch (e) { return; }
        if (!state || String(state.question) !== question || !Array.isArray(state.choices)) return;
        var items = list.querySelectorAll("li[data-choice]");
        // The results were hidden meanwhile (the poll's rules changed): the page reloads to what
        // this viewer may see now.
        if (state.hidden || !matches(items, state.choices)) {
          source.close();
          reloadOnce(status);
          return;
        }
        var before = total.textContent;
        draw(items, total, state);
        if (total.textContent !== before) announce();
      };
    }
    connect();
  }

  // Says the total in the live region, at once if the last time was long enough ago, else once
  // when it is (with the total then).
  function announcer(region, total) {
    var last = 0;
    var timer = null;
    function say() {
      timer = null;
      last = Date.now();
      region.textContent = "Total: " + total.textContent + ".";
    }
    return function () {
      if (!region || timer !== null) return;
      var wait = last + ANNOUNCE_EVERY_MS - Date.now();
      if (wait <= 0) say(); else timer = setTimeout(say, wait);
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var list = document.querySelector("ul.results[data-events-url]");
    var total = document.querySelector(".total-votes");
    var status = document.querySelector(".live-status");
    if (!list || !total || !status || typeof EventSource !== "function") return;
    subscribe(list, total, status, announcer(document.querySelector(".live-announce"), total));
  });
})();
