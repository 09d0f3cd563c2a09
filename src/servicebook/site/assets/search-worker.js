/* Search worker speaking Material for MkDocs' worker protocol (integrations/search/worker/message):
 *   page -> worker  {type: 0 SETUP, data: {config, docs, options}}  docs = our index (search_index.py)
 *   worker -> page  {type: 1 READY}
 *   page -> worker  {type: 2 QUERY, data: "typed text"}
 *   worker -> page  {type: 3 RESULT, data: {items: SearchItem[][], suggest: [the typed text completed]}}
 * The build writes search-text.js, search-engine.js, search-query.js, search-results.js and this
 * file, concatenated (search_site.ENGINE_FILES), over Material's worker, so
 * Material's search box, result list and keyboard handling stay as they are.
 */
(function (scope) {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var index = null;

  function handle(message) {
    switch (message && message.type) {
      case SETUP:
        index = new scope.ServicebookSearch.SearchIndex(message.data.docs, message.data.options);
        return { type: READY };
      case QUERY:
        try {
          return { type: RESULT, data: index.search(message.data) };
        } catch (err) {
          console.warn("search failed for", message.data, err);
          return { type: RESULT, data: { items: [] } };
        }
      default:
        throw new TypeError("Invalid message type");
    }
  }

  scope.addEventListener("message", function (event) {
    scope.postMessage(handle(event.data));
  });
})(self);
