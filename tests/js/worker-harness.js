// Runs a search worker script (ours or Material's) in node the way a browser runs a web worker:
// a global scope with addEventListener/postMessage/importScripts, one message at a time.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

function loadWorker(files) {
  let handler = null;
  let reply = null;
  const scope = {
    console, setTimeout, clearTimeout, TextEncoder, TextDecoder, URL, performance,
    addEventListener: (type, fn) => { if (type === "message") handler = fn; },
    postMessage: (message) => { reply(structuredClone(message)); },  // as between threads
  };
  scope.self = scope;
  scope.globalThis = scope;
  const context = vm.createContext(scope);
  const base = path.dirname(files[0]);
  // Material's worker loads lunr's language files relative to itself ("../lunr/...").
  scope.importScripts = (...urls) => {
    for (const url of urls) vm.runInContext(fs.readFileSync(path.resolve(base, url), "utf8"), context);
  };
  for (const file of files) vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
  return function send(message) {
    return new Promise((resolve, reject) => {
      reply = resolve;
      try {
        handler({ data: structuredClone(message) });
      } catch (err) {
        reject(new Error(`${err.name}: ${err.message}`));
      }
    });
  };
}

module.exports = { loadWorker };
