/* Click-to-load embeds (theme/templates/partials/embed.html, slides.html).
 *
 * The page ships a plain link and a hidden button carrying the player's
 * address in data-embed-src. Nothing from the host is requested until the
 * visitor presses the button; only then is the iframe (or <video>, or the
 * same-origin PDF <object>) created. With JavaScript off, or where the
 * address cannot be loaded (file://), the button stays hidden and the link
 * still works.
 */
(function () {
  "use strict";

  function allowed(src) {
    var url;
    try {
      url = new URL(src, window.location.href);
    } catch (e) {
      return null;
    }
    return url.protocol === "https:" || url.protocol === "http:" ? url : null;
  }

  function build(button, url) {
    var kind = button.getAttribute("data-embed-kind");
    var title = button.getAttribute("data-embed-title") || "";
    var element;
    if (kind === "video") {
      element = document.createElement("video");
      element.controls = true;
      element.autoplay = true;
      element.src = url.href;
      var captions = button.getAttribute("data-embed-captions");
      if (captions) {
        var track = document.createElement("track");
        track.kind = "captions";
        track.src = captions;
        track.srclang = button.getAttribute("data-embed-captions-lang") || "";
        track.label = "Captions";
        track.default = true;
        element.appendChild(track);
      }
    } else if (kind === "pdf") {
      element = document.createElement("object");
      element.type = "application/pdf";
      element.data = url.href;
      var fallback = document.createElement("a");
      fallback.href = url.href;
      fallback.textContent = "Your browser cannot show PDFs here: download the slides";
      element.appendChild(fallback);
    } else {
      if (button.hasAttribute("data-embed-autoplay")) {
        url.searchParams.set("autoplay", "1"); // the click already said "play"
      }
      element = document.createElement("iframe");
      element.src = url.href;
      element.setAttribute("allow", "autoplay; fullscreen; picture-in-picture; encrypted-media");
      element.setAttribute("allowfullscreen", "");
      element.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    }
    element.className = "embed-media embed-media-" + kind;
    element.setAttribute("title", title);
    return element;
  }

  function load(button) {
    var url = allowed(button.getAttribute("data-embed-src") || "");
    if (!url) {
      return;
    }
    var element = build(button, url);
    var holder = button.closest(".embed-placeholder") || button;
    holder.replaceWith(element);
    element.focus();
  }

  var buttons = document.querySelectorAll("button[data-embed-src]");
  for (var i = 0; i < buttons.length; i += 1) {
    // Reveal only a button that can work: from file:// the site's own PDF resolves to a
    // file: address, which load() refuses, so that button stays hidden (the link remains).
    if (!allowed(buttons[i].getAttribute("data-embed-src") || "")) {
      continue;
    }
    var placeholder = buttons[i].closest(".embed-placeholder");
    if (placeholder) {
      placeholder.hidden = false;
    }
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function (event) {
      load(event.currentTarget);
    });
  }
})();
