// Drives the two SCORM bridge scripts against fake LMS APIs; run by BridgeScriptsTest through node.
"use strict";
const assert = require("assert");
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const dir = process.argv[2];

function load(script, apiName, api) {
  const parent = {};
  parent[apiName] = api;
  parent.parent = parent;
  const listeners = {};
  const win = {
    parent,
    location: { search: "?a=1", hash: "#h" },
    addEventListener(type, f) { listeners[type] = f; }
  };
  vm.runInNewContext(fs.readFileSync(path.join(dir, script), "utf8"), { window: win });
  return { win, listeners };
}

function fake(names, data, errorOfMissing) {
  const calls = [];
  let error = "0";
  const api = {
    data,
    calls,
    get: (k) => { calls.push([names.get, k]); if (k in data) { error = "0"; return data[k]; } error = errorOfMissing; return ""; },
    set: (k, v) => { calls.push([names.set, k, v]); data[k] = String(v); error = "0"; return "true"; },
    plain: (name) => () => { calls.push([name]); error = "0"; return "true"; }
  };
  const lms = {};
  lms[names.init] = api.plain(names.init);
  lms[names.finish] = api.plain(names.finish);
  lms[names.commit] = api.plain(names.commit);
  lms[names.get] = api.get;
  lms[names.set] = api.set;
  lms[names.error] = () => error;
  lms[names.diagnostic] = () => "";
  lms[names.errorString] = () => "";
  return { lms, api };
}

function scorm12On2004() {
  const { lms, api } = fake(
    { init: "Initialize", finish: "Terminate", commit: "Commit", get: "GetValue", set: "SetValue",
      error: "GetLastError", diagnostic: "GetDiagnostic", errorString: "GetErrorString" },
    { "cmi.completion_status": "unknown", "cmi.success_status": "unknown", "cmi.learner_id": "u1",
      "cmi.total_time": "PT1H2M3.5S", "cmi.scaled_passing_score": "0.8", "cmi.score.raw": "",
      "cmi.score.min": "", "cmi.score.max": "", "cmi.comments_from_learner._count": "0" },
    "403");
  const { win, listeners } = load("scorm12-on-2004.js", "API_1484_11", lms);
  const API = win.API;
  const data = api.data;

  assert.strictEqual(API.LMSGetValue("cmi.core.student_id"), "");
  assert.strictEqual(API.LMSGetLastError(), "301");
  assert.strictEqual(API.LMSInitialize(""), "true");
  assert.strictEqual(API.LMSGetValue("cmi.core.student_id"), "u1");
  assert.strictEqual(API.LMSGetValue("cmi.core.lesson_status"), "not attempted");
  assert.strictEqual(API.LMSGetValue("cmi.core.total_time"), "0001:02:03.50");
  assert.strictEqual(API.LMSGetValue("cmi.student_data.mastery_score"), "80");
  assert.strictEqual(API.LMSSetValue("cmi.core.lesson_location", "p3"), "true");
  assert.strictEqual(data["cmi.location"], "p3");
  assert.strictEqual(API.LMSSetValue("cmi.core.score.raw", "90"), "true");
  assert.strictEqual(data["cmi.score.raw"], "90");
  assert.strictEqual(data["cmi.score.scaled"], "0.9");
  assert.strictEqual(API.LMSSetValue("cmi.core.score.max", "200"), "true");
  assert.strictEqual(data["cmi.score.scaled"], "0.45");
  assert.strictEqual(API.LMSSetValue("cmi.core.lesson_status", "passed"), "true");
  assert.strictEqual(data["cmi.success_status"], "passed");
  assert.strictEqual(data["cmi.completion_status"], "completed");
  assert.strictEqual(API.LMSGetValue("cmi.core.lesson_status"), "passed");
  assert.strictEqual(API.LMSSetValue("cmi.core.session_time", "0000:10:30.5"), "true");
  assert.strictEqual(data["cmi.session_time"], "PT0H10M30.5S");
  assert.strictEqual(API.LMSSetValue("cmi.suspend_data", "{\"q\":1}"), "true");
  assert.strictEqual(data["cmi.suspend_data"], "{\"q\":1}");
  assert.strictEqual(API.LMSSetValue("cmi.core.exit", "suspend"), "true");
  assert.strictEqual(data["cmi.exit"], "suspend");
  assert.strictEqual(API.LMSSetValue("cmi.interactions.0.id", "q1"), "true");
  assert.strictEqual(API.LMSSetValue("cmi.interactions.0.type", "choice"), "true");
  assert.strictEqual(API.LMSSetValue("cmi.interactions.0.student_response", "a,b"), "true");
  assert.strictEqual(data["cmi.interactions.0.learner_response"], "a[,]b");
  assert.strictEqual(API.LMSSetValue("cmi.interactions.0.result", "wrong"), "true");
  assert.strictEqual(data["cmi.interactions.0.result"], "incorrect");
  assert.strictEqual(API.LMSSetValue("cmi.interactions.0.latency", "0000:00:12"), "true");
  assert.strictEqual(data["cmi.interactions.0.latency"], "PT0H0M12S");
  assert.strictEqual(API.LMSSetValue("cmi.comments", "nice"), "true");
  assert.strictEqual(data["cmi.comments_from_learner.0.comment"], "nice");
  assert.strictEqual(API.LMSSetValue("cmi.core.lesson_status", "bogus"), "false");
  assert.strictEqual(API.LMSGetLastError(), "405");
  assert.strictEqual(API.LMSGetValue("cmi.bogus"), "");
  assert.strictEqual(API.LMSGetLastError(), "201");
  assert.strictEqual(API.LMSSetValue("cmi.core.student_id", "x"), "false");
  assert.strictEqual(API.LMSGetLastError(), "403");
  assert.strictEqual(API.LMSCommit(""), "true");

  const frame = { getAttribute: () => "../sco/index.html", src: "" };
  win.CourseportBridge.launch(frame);
  assert.strictEqual(frame.src, "../sco/index.html?a=1#h");
  listeners.pagehide();
  const names = api.calls.map((c) => c[0]);
  assert.deepStrictEqual(names.slice(-2), ["Commit", "Terminate"]);
  assert.strictEqual(API.LMSGetValue("cmi.core.student_id"), "");
  assert.strictEqual(API.LMSGetLastError(), "301");
}

function scorm2004On12() {
  const { lms, api } = fake(
    { init: "LMSInitialize", finish: "LMSFinish", commit: "LMSCommit", get: "LMSGetValue",
      set: "LMSSetValue", error: "LMSGetLastError", diagnostic: "LMSGetDiagnostic",
      errorString: "LMSGetErrorString" },
    { "cmi.core.lesson_status": "incomplete", "cmi.core.student_id": "u2",
      "cmi.core.total_time": "0001:00:00", "cmi.student_data.mastery_score": "70",
      "cmi.comments_from_lms": "" },
    "401");
  const { win, listeners } = load("scorm2004-on-12.js", "API", lms);
  const API = win.API_1484_11;
  const data = api.data;

  assert.strictEqual(API.GetValue("cmi.learner_id"), "");
  assert.strictEqual(API.GetLastError(), "122");
  assert.strictEqual(API.Initialize(""), "true");
  assert.strictEqual(API.Initialize(""), "false");
  assert.strictEqual(API.GetLastError(), "103");
  assert.strictEqual(API.GetValue("cmi.completion_status"), "incomplete");
  assert.strictEqual(API.GetValue("cmi.success_status"), "unknown");
  assert.strictEqual(API.GetValue("cmi.learner_id"), "u2");
  assert.strictEqual(API.GetValue("cmi.total_time"), "PT1H0M0S");
  assert.strictEqual(API.GetValue("cmi.scaled_passing_score"), "0.7");
  assert.strictEqual(API.SetValue("cmi.score.scaled", "0.85"), "true");
  assert.strictEqual(data["cmi.core.score.raw"], "85");
  assert.strictEqual(data["cmi.core.score.min"], "0");
  assert.strictEqual(data["cmi.core.score.max"], "100");
  assert.strictEqual(API.SetValue("cmi.success_status", "passed"), "true");
  assert.strictEqual(data["cmi.core.lesson_status"], "passed");
  assert.strictEqual(API.SetValue("cmi.completion_status", "completed"), "true");
  assert.strictEqual(data["cmi.core.lesson_status"], "passed");
  assert.strictEqual(API.GetValue("cmi.completion_status"), "completed");
  assert.strictEqual(API.SetValue("cmi.location", "page-4"), "true");
  assert.strictEqual(data["cmi.core.lesson_location"], "page-4");
  assert.strictEqual(API.SetValue("cmi.session_time", "PT1H2M3S"), "true");
  assert.strictEqual(data["cmi.core.session_time"], "0001:02:03");
  assert.strictEqual(API.SetValue("cmi.exit", "normal"), "true");
  assert.strictEqual(data["cmi.core.exit"], "");
  assert.strictEqual(API.SetValue("cmi.suspend_data", "x".repeat(5000)), "false");
  assert.strictEqual(API.GetLastError(), "351");
  assert.match(API.GetDiagnostic(""), /4096/);
  assert.strictEqual(data["cmi.suspend_data"], undefined);
  assert.strictEqual(API.SetValue("cmi.suspend_data", "x".repeat(4096)), "true");
  assert.strictEqual(API.SetValue("cmi.interactions.0.id", "q1"), "true");
  assert.strictEqual(API.SetValue("cmi.interactions.0.type", "true-false"), "true");
  assert.strictEqual(API.SetValue("cmi.interactions.0.learner_response", "true"), "true");
  assert.strictEqual(data["cmi.interactions.0.student_response"], "t");
  assert.strictEqual(API.SetValue("cmi.interactions.0.result", "incorrect"), "true");
  assert.strictEqual(data["cmi.interactions.0.result"], "wrong");
  assert.strictEqual(API.SetValue("cmi.interactions.0.timestamp", "2026-01-01T10:20:30"), "true");
  assert.strictEqual(data["cmi.interactions.0.time"], "10:20:30");
  assert.strictEqual(API.SetValue("adl.nav.request", "continue"), "true");
  assert.strictEqual(API.GetValue("adl.nav.request"), "continue");
  assert.strictEqual(API.SetValue("cmi.learner_id", "x"), "false");
  assert.strictEqual(API.GetLastError(), "404");
  assert.strictEqual(API.GetValue("cmi.nothing"), "");
  assert.strictEqual(API.GetLastError(), "401");

  const frame = { getAttribute: () => "../one.html?x=1", src: "" };
  win.CourseportBridge.launch(frame);
  assert.strictEqual(frame.src, "../one.html?x=1&a=1#h");
  assert.strictEqual(API.Terminate(""), "true");
  const names = api.calls.map((c) => c[0]);
  assert.deepStrictEqual(names.slice(-2), ["LMSCommit", "LMSFinish"]);
  listeners.pagehide();
  assert.strictEqual(api.calls.map((c) => c[0]).length, names.length);
  assert.strictEqual(API.GetValue("cmi.learner_id"), "");
  assert.strictEqual(API.GetLastError(), "123");
}

scorm12On2004();
scorm2004On12();
console.log("bridge scripts: ok");
