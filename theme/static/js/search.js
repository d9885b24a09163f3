/* The search page: Pagefind's search library over the index the build wrote, loaded from this site only.
 *
 * From a file:// address the browser refuses Pagefind's requests for its index, so the page says
 * so (the notice in the page) instead of showing a search box that never answers.  Results are
 * drawn here rather than by Pagefind's stock UI so that each says what kind of thing it is, example
 * data comes after the real groups whatever its score, and excerpts are inserted as text (Pagefind's
 * excerpts are raw page text with <mark> around the hits, not escaped HTML).
 */
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root) return;
  if (location.protocol === "file:") {
    document.getElementById("search-file-notice").hidden = false;
    return;
  }
  var KINDS = { event: "Event", talk: "Talk", speaker: "Speaker", page: "Page" };
  var MAX_RESULTS = 50;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var bundle = new URL(root.getAttribute("data-bundle"), location.href);
  var pagefind = import(new URL("pagefind.js", bundle).href).then(function (pf) {
    // result URLs are root-relative to the site; the site may live under a sub-path
    var site = { baseUrl: new URL("..", bundle).pathname };
    return pf.options(site).then(function () {
      // a large site's index comes in parts (parts.json lists them); Pagefind ranks their results together
      return fetch(new URL("parts.json", bundle).href).then(function (response) {
        if (!response.ok) throw new Error("no list of the index's parts");
        return response.json();
      });
    }).then(function (manifest) {
      return Promise.all(manifest.parts.map(function (part) {
        return pf.mergeIndex(new URL(part, bundle).pathname, site);
      }));
    }).then(function () { return pf; });
  });

  function textWithMarks(parent, excerpt) {
    excerpt.split(/(<mark>.*?<\/mark>)/).forEach(function (part) {
      var hit = /^<mark>(.*)<\/mark>$/.exec(part);
      var node = hit ? document.createElement("mark") : document.createTextNode(part);
      if (hit) node.textContent = hit[1];
      parent.appendChild(node);
    });
  }

  function badge(text, extra) {
    var span = document.createElement("span");
    span.className = "badge" + (extra ? " " + extra : "");
    span.textContent = text;
    return span;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "search-result" + (data.meta.example ? " demo" : "");
    var meta = document.createElement("p");
    meta.className = "meta";
    meta.appendChild(badge(KINDS[data.meta.kind] || data.meta.kind || "Page", "kind"));
    if (data.meta.example) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(badge("example data"));
    }
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    heading.appendChild(link);
    var excerpt = document.createElement("p");
    textWithMarks(excerpt, data.excerpt || "");
    li.append(heading, meta, excerpt);
    return li;
  }

  function realFirst(found) {
    // a stable partition: Pagefind's relevance order is kept within the real and the example results
    return found.filter(function (d) { return !d.meta.example; })
      .concat(found.filter(function (d) { return d.meta.example; }));
  }

  function run(query) {
    query = query.trim();
    list.replaceChildren();
    if (!query) { status.textContent = ""; return; }
    status.textContent = "Searching…";
    pagefind.then(function (pf) { return pf.search(query); }).then(function (search) {
      return Promise.all(search.results.slice(0, MAX_RESULTS).map(function (r) { return r.data(); }));
    }).then(function (found) {
      if (input.value.trim() !== query) return;  // a newer search is under way
      realFirst(found).forEach(function (d) { list.appendChild(item(d)); });
      status.textContent = found.length
        ? found.length + (found.length === 1 ? " result" : " results") + " for “" + query + "”"
        : "No results for “" + query + "”.";
    }).catch(function () {
      status.textContent = "Search could not load its index. Browse the talks and speakers indexes instead.";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(input.value);
  });
  var query = new URLSearchParams(location.search).get("q") || "";
  input.value = query;
  run(query);
})();
