/* Search in the page's own language, and an item ID straight to its item.

   mkdocs-static-i18n writes one search index for the whole site, both
   languages in it. Material's page fetches that index and hands it to its
   search worker in one setup message ({type: 0, data: {config, docs}}). This
   wraps Worker.postMessage (before Material's bundle creates the worker) and
   keeps in that message only the sections of the page's language: a page
   under a language's folder ("en/...") searches that folder, a page of the
   default language everything outside those folders. Lunr then stems in that
   language alone.

   A checklist item is a section of its own (its heading carries the anchor,
   generator/site/html.py). The same item is on its gate page, its definition
   of done and the catalog; the catalog's copy, which carries every mapping, is
   the one an ID search should land on first, so it gets a higher boost.

   If Material's message ever changes shape, it passes through untouched and
   search behaves as Material's own. */
(function () {
  "use strict";
  var SETUP = 0;
  var script = document.currentScript;
  if (!script) return;
  var lang = script.getAttribute("data-lang") || "";
  var others = (script.getAttribute("data-others") || "").split(/\s+/).filter(Boolean);
  var LUNR = { nb: "no", nn: "no" };
  var ITEM = /catalog\/#[a-z]{3}-[0-9]{3}$/;

  function inLanguage(location) {
    for (var i = 0; i < others.length; i++) {
      if (location.indexOf(others[i] + "/") === 0) return others[i] === lang;
    }
    return others.indexOf(lang) < 0;
  }

  function narrow(data) {
    var docs = data.docs
      .filter(function (doc) {
        return typeof doc.location === "string" && inLanguage(doc.location);
      })
      .map(function (doc) {
        return ITEM.test(doc.location) ? Object.assign({}, doc, { boost: 2 }) : doc;
      });
    var config = Object.assign({}, data.config, { lang: [LUNR[lang] || lang] });
    return Object.assign({}, data, { docs: docs, config: config });
  }

  var Native = window.Worker;
  if (typeof Native !== "function" || !lang) return;
  var post = Native.prototype.postMessage;
  Native.prototype.postMessage = function (message) {
    if (message && message.type === SETUP && message.data && Array.isArray(message.data.docs)) {
      var args = Array.prototype.slice.call(arguments);
      args[0] = Object.assign({}, message, { data: narrow(message.data) });
      return post.apply(this, args);
    }
    return post.apply(this, arguments);
  };
})();
