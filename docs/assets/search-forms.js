/* Search finds other forms of a word: "effektmålene" finds "effektmål",
   "rolling" finds "rolled".

   Material's search matches each typed word as a prefix (it appends "*"), and
   lunr does not stem words that carry a wildcard. So a longer form than the one
   in the text finds nothing. Before a query reaches Material's search worker,
   each plain word loses one common Norwegian or English ending, and the prefix
   match then finds every form that shares the remaining stem.

   This wraps Worker.postMessage and must run before Material's bundle creates
   the search worker. Material's query message is {type: 2, data: "..."}; if
   that ever changes, queries pass through untouched and search behaves as
   Material's own (tests/browser checks that it does not). */
(function () {
  "use strict";
  var QUERY = 2;
  // Longest first; one ending is removed, and at least four letters remain.
  var ENDINGS = [
    "endes", "ende", "ene", "ane", "ing", "ers", "ets", "ens",
    "er", "et", "en", "ed", "es", "e", "a", "s"
  ];
  var MIN_STEM = 4;

  function stem(word) {
    var letters = Array.from(word);
    for (var i = 0; i < ENDINGS.length; i++) {
      var ending = ENDINGS[i];
      if (word.endsWith(ending) && letters.length - ending.length >= MIN_STEM) {
        return word.slice(0, word.length - ending.length);
      }
    }
    return word;
  }

  function broaden(query) {
    // Quoted phrases and lunr's own syntax (+ - * ~ ^ :) are left as typed.
    if (/["+\-*~^:]/.test(query)) return query;
    return query
      .split(/(\s+)/)
      .map(function (part) {
        return /^[\p{L}\p{N}]+$/u.test(part) ? stem(part.toLowerCase()) : part;
      })
      .join("");
  }

  var Native = window.Worker;
  if (typeof Native !== "function") return;
  var post = Native.prototype.postMessage;
  Native.prototype.postMessage = function (message) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      var args = Array.prototype.slice.call(arguments);
      args[0] = Object.assign({}, message, { data: broaden(message.data) });
      return post.apply(this, args);
    }
    return post.apply(this, arguments);
  };
})();
