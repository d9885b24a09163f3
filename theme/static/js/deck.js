/* Markdown slide decks (theme/templates/deck.html): one slide per screen.
 *
 * Progressive enhancement: without this script the deck is one long page.
 * The script adds "deck-js" to <html> (slides.css then shows only the current
 * slide; before the script runs it already shows only the first or linked one),
 * reads the slide number from the URL fragment (#3), writes it there when the
 * reader moves (so a slide can be linked and survives a reload), and reads the
 * keyboard. No framework, no CDN.
 */
(function () {
  "use strict";

  var deck = document.querySelector("[data-deck]");
  if (!deck) {
    return;
  }
  var slides = deck.querySelectorAll(".deck-slide");
  var total = slides.length;
  if (total === 0) {
    return;
  }
  var controls = deck.querySelector(".deck-controls");
  var counter = deck.querySelector("[data-deck-current]");
  var current = 0;

  function fromHash() {
    var n = parseInt(window.location.hash.replace(/^#/, ""), 10);
    return isNaN(n) ? 1 : Math.min(Math.max(n, 1), total);
  }

  // `record`: write the number into the URL. Not on load: a fragment written then
  // would move the focus start point past the skip link and the navigation.
  function show(n, record) {
    n = Math.min(Math.max(n, 1), total);
    if (n === current) {
      return;
    }
    for (var i = 0; i < total; i += 1) {
      slides[i].classList.toggle("is-current", i === n - 1);
    }
    current = n;
    if (counter) {
      counter.textContent = String(n);
    }
    // replaceState: moving through slides should not fill the Back button's history
    if (record && window.location.hash !== "#" + n) {
      window.history.replaceState(null, "", "#" + n);
    }
    if (record) {
      window.scrollTo(0, 0);
    }
  }

  function toggleNotes() {
    deck.classList.toggle("deck-show-notes");
    var notes = deck.querySelectorAll(".deck-notes");
    var visible = deck.classList.contains("deck-show-notes");
    for (var i = 0; i < notes.length; i += 1) {
      notes[i].hidden = !visible;
    }
  }

  function typing(target) {
    if (!target || !target.tagName) {
      return false;
    }
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) {
      return;
    }
    var onControl = event.target && /^(a|button|summary)$/i.test(event.target.tagName || "");
    var key = event.key;
    if (onControl && (key === " " || key === "Enter")) {
      return; // let Space/Enter activate the focused link or button
    }
    var target = null;
    if (key === "ArrowRight" || key === "ArrowDown" || key === "PageDown" || (key === " " && !event.shiftKey)) {
      target = current + 1;
    } else if (key === "ArrowLeft" || key === "ArrowUp" || key === "PageUp" || (key === " " && event.shiftKey)) {
      target = current - 1;
    } else if (key === "Home") {
      target = 1;
    } else if (key === "End") {
      target = total;
    } else if (key === "n" || key === "N") {
      toggleNotes();
      event.preventDefault();
      return;
    }
    if (target !== null) {
      event.preventDefault();
      show(target, true);
    }
  }

  document.documentElement.classList.add("deck-js");
  if (controls) {
    controls.hidden = false;
    controls.addEventListener("click", function (event) {
      var button = event.target.closest("[data-deck-go]");
      if (button) {
        show(current + (button.getAttribute("data-deck-go") === "next" ? 1 : -1), true);
      }
    });
  }
  document.addEventListener("keydown", onKey);
  window.addEventListener("hashchange", function () {
    show(fromHash());
  });
  show(fromHash());
})();
