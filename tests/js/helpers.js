// Shared by the node unit tests: where the browser modules are, and a fake localStorage.
const path = require("node:path");

const ASSETS = path.join(__dirname, "..", "..", "src", "servicebook", "site", "assets");

function asset(name) {
  return require(path.join(ASSETS, name));
}

function fakeStore() {
  const data = new Map();
  return {
    getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => data.set(k, String(v)),
    removeItem: (k) => data.delete(k),
    data,
  };
}

module.exports = { asset, fakeStore, ROOT: path.join(__dirname, "..", "..") };
