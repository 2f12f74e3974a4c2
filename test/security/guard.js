// Preloaded with `node --require` into the bundled server or CLI under test. Every way Node offers
// to run a program or reach the network is wrapped: a call is reported on stderr with a marker the
// test looks for, then refused, so nothing actually runs or connects.
"use strict";

const MARK = "IPSEC-LENS-FORBIDDEN";

function refuse(what) {
  process.stderr.write(`${MARK} ${what}\n`);
  throw new Error(`${MARK}: ${what}`);
}

function wrap(moduleName, names) {
  const mod = require(moduleName);
  for (const name of names) {
    if (typeof mod[name] === "function") {
      mod[name] = function guarded(...args) {
        refuse(`${moduleName}.${name}(${String(args[0]).slice(0, 80)})`);
      };
    }
  }
  return mod;
}

wrap("child_process", [
  "spawn",
  "spawnSync",
  "exec",
  "execSync",
  "execFile",
  "execFileSync",
  "fork",
]);
wrap("http", ["request", "get", "createServer"]);
wrap("https", ["request", "get", "createServer"]);
wrap("http2", ["connect", "createServer", "createSecureServer"]);
wrap("tls", ["connect", "createServer"]);
wrap("dgram", ["createSocket"]);
wrap("dns", ["lookup", "resolve", "resolve4", "resolve6", "resolveAny"]);
const net = wrap("net", ["connect", "createConnection", "createServer"]);
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  refuse(`net.Socket.connect(${JSON.stringify(args[0]).slice(0, 80)})`);
  return connect.apply(this, args);
};
if (typeof globalThis.fetch === "function") {
  globalThis.fetch = (input) => refuse(`fetch(${String(input).slice(0, 80)})`);
}
if (typeof globalThis.WebSocket === "function") {
  globalThis.WebSocket = function guardedWebSocket(url) {
    refuse(`WebSocket(${String(url).slice(0, 80)})`);
  };
}
