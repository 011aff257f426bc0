/*
 * monobase: starts GraphiQL (hand-written, not vendored).
 * Reads its settings from the JSON element #monobase-graphiql-config that the
 * Go handler writes into the page; it is a file rather than an inline script
 * so the page's Content-Security-Policy can forbid inline scripts.
 * Expects the UMD globals React, ReactDOM (React 18) and GraphiQL (3.x).
 */
(function () {
  'use strict';
  var root = document.getElementById('graphiql');
  function fail(msg) {
    root.textContent = 'GraphiQL failed to start: ' + msg;
    root.className = 'monobase-loading';
  }
  if (typeof React === 'undefined' || typeof ReactDOM === 'undefined' || typeof GraphiQL === 'undefined') {
    fail('a script did not load (React, ReactDOM or GraphiQL is missing).');
    return;
  }
  var cfg = {};
  try {
    cfg = JSON.parse(document.getElementById('monobase-graphiql-config').textContent || '{}');
  } catch (e) {
    fail('bad configuration: ' + e);
    return;
  }

  var httpURL = new URL(cfg.endpoint || '/graphql', window.location.href);

  // Websocket URL: explicit, or the HTTP endpoint with ws:/wss:.
  function toWS(u) {
    if (u.protocol === 'http:') u.protocol = 'ws:';
    else if (u.protocol === 'https:') u.protocol = 'wss:';
    return u;
  }
  var wsURL = toWS(new URL(cfg.subscriptionEndpoint || httpURL.href, window.location.href));

  var fetcher = GraphiQL.createFetcher({
    url: httpURL.href,
    subscriptionUrl: wsURL.href
  });

  var props = {
    fetcher: fetcher,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: true,
    defaultHeaders: cfg.defaultHeaders || '{"Authorization": ""}',
    defaultEditorToolsVisibility: 'headers'
  };
  // The dashboard opens /graphiql#token=…&query=… to sign GraphiQL in: the
  // fragment never reaches a server or a log. It is read once and removed
  // from the address bar.
  if (window.location.hash.indexOf('token=') > 0 || window.location.hash.indexOf('query=') > 0) {
    var frag = new URLSearchParams(window.location.hash.slice(1));
    if (frag.get('token')) props.headers = JSON.stringify({ Authorization: frag.get('token') }, null, 2);
    if (frag.get('query')) props.query = frag.get('query');
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }

  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, props));
})();
