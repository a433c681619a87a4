// Loads scorm-again's browser builds and player.js into one V8 context (one realm, as on the
// player page: scorm-again's loadFromJSON recognises plain objects of its own realm only) and
// gives a fake environment for createPlayer: recorded posts and beacons, a recorded UI, and a
// deferred-call queue the test drains explicitly.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const dist = path.join(__dirname, "..", "node_modules", "scorm-again", "dist");
const quiet = { log() {}, info() {}, debug() {}, warn() {}, error() {} };

function realm() {
  const context = { console: quiet, setTimeout, clearTimeout, module: { exports: {} } };
  context.window = context;
  vm.createContext(context);
  vm.runInContext(fs.readFileSync(path.join(dist, "scorm12.min.js"), "utf8"), context);
  vm.runInContext(fs.readFileSync(path.join(dist, "scorm2004.min.js"), "utf8"), context);
  vm.runInContext(fs.readFileSync(path.join(__dirname, "..", "player.js"), "utf8"), context, {
    filename: "player.js",
  });
  return context;
}

/** Parses JSON inside the realm (objects the runtime recognises as its own). */
function inRealm(context, value) {
  return vm.runInContext("JSON", context).parse(JSON.stringify(value));
}

/**
 * A player on a fake page. options.respond(url, body) gives the server's answer to a commit
 * ({status, text}); by default 200 {"ok":true}.
 */
function fakePage(launch, options = {}) {
  const context = realm();
  const lib = context.module.exports;
  const posts = [];
  const beacons = [];
  const loads = [];
  const exits = [];
  const views = [];
  const deferred = [];
  let toc = null;
  let keys = 0;
  const exposed = {};
  const env = {
    ApiClass: launch.standard === "scorm2004" ? context.Scorm2004API : context.Scorm12API,
    exposeApi(api) {
      exposed.api = api;
    },
    transport: {
      post(url, body) {
        posts.push({ url, body: JSON.parse(body) });
        if (options.respond) {
          return options.respond(url, body);
        }
        return { status: 200, text: '{"ok":true}' };
      },
      beacon(url, body) {
        beacons.push({ url, body: JSON.parse(body) });
        return options.beaconResult === undefined ? true : options.beaconResult;
      },
    },
    ui: {
      renderToc(model) {
        toc = JSON.parse(JSON.stringify(model));
      },
      update(view) {
        views.push(JSON.parse(JSON.stringify(view)));
      },
      load(url) {
        loads.push(url);
      },
      exit(url) {
        exits.push(url);
      },
    },
    defer(fn) {
      deferred.push(fn);
    },
    newKey() {
      keys += 1;
      return "key-" + keys;
    },
  };
  const player = lib.createPlayer(inRealm(context, launch), env);
  return {
    lib,
    player,
    /** The API the page exposes now (window.API / window.API_1484_11). */
    get api() {
      return exposed.api;
    },
    posts,
    beacons,
    loads,
    exits,
    views,
    get toc() {
      return toc;
    },
    lastView() {
      return views[views.length - 1];
    },
    /** Runs what the player deferred (e.g. a delivery after Terminate). */
    drain() {
      while (deferred.length) {
        deferred.shift()();
      }
    },
  };
}

function item(id, href, extra = {}) {
  return Object.assign(
    {
      id,
      title: "Item " + id,
      depth: 1,
      href,
      sco: href != null,
      visible: true,
      dataFromLms: null,
      masteryScore: null,
      maxTimeAllowed: null,
      timeLimitAction: null,
      completionThreshold: null,
      scaledPassingScore: null,
    },
    extra
  );
}

function launchData(overrides = {}) {
  return Object.assign(
    {
      standard: "scorm12",
      mode: "tracked",
      title: "Course",
      contentBase: "/s/d1/c/",
      commitUrl: "/s/d1/commit",
      exitUrl: "/s/d1/exit",
      items: [
        item("org", null, { depth: 0, title: "Module" }),
        item("a", "a/index.html"),
        item("b", "b/index.html?x=1"),
        item("c", "c.html"),
      ],
      choice: true,
      flow: true,
      sequencing: null,
      startItemId: null,
      resume: { lastItemId: null, cmi: {}, entry: {} },
      learner: { id: "u1", name: "Ada" },
      settings: { launchType: "FRAMESET", autoCommitSeconds: 0, masteryOverride: false },
      culture: "en",
      cssUrl: null,
    },
    overrides
  );
}

module.exports = { realm, fakePage, item, launchData, inRealm };
