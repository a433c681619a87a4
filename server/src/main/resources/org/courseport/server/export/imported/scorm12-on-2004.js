/*
 * Courseport SCORM bridge: SCORM 1.2 content in a SCORM 2004 LMS.
 * Provides window.API (SCORM 1.2 RTE) on top of the LMS's API_1484_11, mapping the data model:
 * cmi.core.lesson_status <-> cmi.completion_status + cmi.success_status, cmi.core.score.* <->
 * cmi.score.* (scaled computed from raw/min/max), lesson_location <-> location, time spans
 * (HHHH:MM:SS.SS) <-> ISO 8601 durations, LMSInitialize <-> Initialize, and so on.
 * Part of Courseport's export of imported courses (docs/course-export.md, "Imported courses").
 */
(function (global) {
  "use strict";

  function findApi(name) {
    function climb(win) {
      for (var i = 0; win && i <= 10; i++) {
        try {
          if (win[name]) { return win[name]; }
        } catch (e) { /* cross-origin frame: keep climbing */ }
        if (!win.parent || win.parent === win) { break; }
        win = win.parent;
      }
      return null;
    }
    var api = global.parent && global.parent !== global ? climb(global.parent) : null;
    if (!api && global.opener) { api = climb(global.opener); }
    return api;
  }

  var lms = null;
  var initialized = false;
  var finished = false;
  var lastError = "0";
  var diagnostic = "";
  var score = { raw: "", min: "", max: "" };

  var ERRORS = {
    "0": "No error", "101": "General exception", "201": "Invalid argument error",
    "202": "Element cannot have children", "203": "Element not an array - cannot have count",
    "301": "Not initialized", "401": "Not implemented error",
    "402": "Invalid set value, element is a keyword", "403": "Element is read only",
    "404": "Element is write only", "405": "Incorrect Data Type"
  };

  // SCORM 2004 error codes as SCORM 1.2 codes.
  function errorOf2004(code) {
    var c = parseInt(code, 10);
    if (!c) { return "0"; }
    if (c === 122 || c === 123 || c === 132 || c === 133 || c === 142 || c === 143) { return "301"; }
    if (c === 201 || c === 401) { return "201"; }
    if (c === 402) { return "401"; }
    if (c === 403) { return "0"; }
    if (c === 404) { return "403"; }
    if (c === 405) { return "404"; }
    if (c === 406 || c === 407) { return "405"; }
    return "101";
  }

  function fail(code, text) { lastError = code; diagnostic = text || ""; return code === "0"; }

  function get(element) {
    var value = lms.GetValue(element);
    var code = lms.GetLastError();
    if (String(code) !== "0" && String(code) !== "403") {
      lastError = errorOf2004(code);
      diagnostic = element + ": " + lms.GetDiagnostic(code);
    }
    return value === null || value === undefined ? "" : String(value);
  }

  function set(element, value) {
    var ok = String(lms.SetValue(element, String(value))) === "true";
    if (!ok) {
      var code = lms.GetLastError();
      lastError = errorOf2004(code);
      diagnostic = element + ": " + lms.GetDiagnostic(code);
    }
    return ok;
  }

  function pad(n, width) { var s = String(n); while (s.length < width) { s = "0" + s; } return s; }

  // "HHHH:MM:SS.SS" -> "PT#H#M#S"
  function timespanToIso(span) {
    var m = /^(\d{1,4}):(\d{1,2}):(\d{1,2})(\.\d{1,2})?$/.exec(String(span));
    if (!m) { return null; }
    return "PT" + parseInt(m[1], 10) + "H" + parseInt(m[2], 10) + "M" +
      parseFloat(m[3] + (m[4] || "")) + "S";
  }

  // ISO 8601 duration -> "HHHH:MM:SS.SS" (years 365 days, months 30 days)
  function isoToTimespan(iso) {
    var m = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(String(iso));
    if (!m) { return "0000:00:00"; }
    function n(i) { return m[i] ? parseFloat(m[i]) : 0; }
    var seconds = ((n(1) * 365 + n(2) * 30 + n(3)) * 24 + n(4)) * 3600 + n(5) * 60 + n(6);
    var hours = Math.min(9999, Math.floor(seconds / 3600));
    var minutes = Math.floor((seconds % 3600) / 60);
    var secs = Math.round((seconds % 60) * 100) / 100;
    var whole = Math.floor(secs);
    var hundredths = Math.round((secs - whole) * 100);
    return pad(hours, 4) + ":" + pad(minutes, 2) + ":" + pad(whole, 2) +
      (hundredths ? "." + pad(hundredths, 2) : "");
  }

  // cmi.core.lesson_status from the two 2004 statuses (for an objective: prefix "cmi.objectives.n.")
  function statusOf(prefix) {
    var success = get(prefix + "success_status");
    var completion = get(prefix + "completion_status");
    if (success === "passed" || success === "failed") { return success; }
    if (completion === "completed" || completion === "incomplete") { return completion; }
    return "not attempted";
  }

  function setStatus(prefix, status) {
    switch (status) {
      case "passed":
      case "failed":
        return set(prefix + "success_status", status) && set(prefix + "completion_status", "completed");
      case "completed":
      case "browsed":
        return set(prefix + "completion_status", "completed");
      case "incomplete":
        return set(prefix + "completion_status", "incomplete");
      case "not attempted":
        return set(prefix + "completion_status", "not attempted");
      default:
        return fail("405", "not a SCORM 1.2 lesson status: " + status);
    }
  }

  function updateScaled() {
    var raw = parseFloat(score.raw);
    if (isNaN(raw)) { return true; }
    var min = score.min === "" ? 0 : parseFloat(score.min);
    var max = score.max === "" ? 100 : parseFloat(score.max);
    if (isNaN(min) || isNaN(max) || max <= min) { return true; }
    var scaled = Math.max(-1, Math.min(1, (raw - min) / (max - min)));
    return set("cmi.score.scaled", String(Math.round(scaled * 10000) / 10000));
  }

  // 1.2 responses ("a,b", "1.a,2.b", "t") as 2004 responses ("a[,]b", "1[.]a[,]2[.]b", "true")
  function responseTo2004(type, value) {
    var v = String(value);
    if (type === "true-false") {
      return /^(t|1|true)$/i.test(v) ? "true" : /^(f|0|false)$/i.test(v) ? "false" : v;
    }
    if (type === "choice" || type === "sequencing") {
      return v.replace(/^\{|\}$/g, "").split(",").join("[,]");
    }
    if (type === "matching") {
      return v.replace(/^\{|\}$/g, "").split(",").map(function (p) {
        return p.split(".").join("[.]");
      }).join("[,]");
    }
    return v;
  }

  function responseTo12(type, value) {
    var v = String(value);
    if (type === "true-false") { return v === "true" ? "t" : v === "false" ? "f" : v; }
    return v.split("[,]").map(function (p) { return p.split("[.]").join("."); }).join(",");
  }

  var FIXED = {
    "cmi._version": "3.4",
    "cmi.core._children": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
    "cmi.core.score._children": "raw,min,max",
    "cmi.objectives._children": "id,score,status",
    "cmi.student_data._children": "mastery_score,max_time_allowed,time_limit_action",
    "cmi.student_preference._children": "audio,language,speed,text",
    "cmi.interactions._children": "id,objectives,time,type,correct_responses,weighting,student_response,result,latency"
  };

  var SAME = {
    "cmi.core.student_id": "cmi.learner_id",
    "cmi.core.student_name": "cmi.learner_name",
    "cmi.core.lesson_location": "cmi.location",
    "cmi.core.credit": "cmi.credit",
    "cmi.core.entry": "cmi.entry",
    "cmi.core.lesson_mode": "cmi.mode",
    "cmi.core.exit": "cmi.exit",
    "cmi.suspend_data": "cmi.suspend_data",
    "cmi.launch_data": "cmi.launch_data",
    "cmi.student_data.time_limit_action": "cmi.time_limit_action",
    "cmi.student_preference.language": "cmi.learner_preference.language",
    "cmi.student_preference.text": "cmi.learner_preference.audio_captioning",
    "cmi.objectives._count": "cmi.objectives._count",
    "cmi.interactions._count": "cmi.interactions._count"
  };

  var interactionTypes = {};

  function getValue(element) {
    if (FIXED.hasOwnProperty(element)) { return FIXED[element]; }
    if (SAME.hasOwnProperty(element)) { return get(SAME[element]); }
    var m;
    switch (element) {
      case "cmi.core.lesson_status": return statusOf("cmi.");
      case "cmi.core.score.raw": return get("cmi.score.raw");
      case "cmi.core.score.min": return get("cmi.score.min");
      case "cmi.core.score.max": return get("cmi.score.max");
      case "cmi.core.total_time": return isoToTimespan(get("cmi.total_time"));
      case "cmi.core.session_time": fail("404", element); return "";
      case "cmi.student_data.mastery_score": {
        var s = get("cmi.scaled_passing_score");
        return s === "" ? "" : String(Math.round(parseFloat(s) * 10000) / 100);
      }
      case "cmi.student_data.max_time_allowed": {
        var t = get("cmi.max_time_allowed");
        return t === "" ? "" : isoToTimespan(t);
      }
      case "cmi.student_preference.audio": {
        var a = get("cmi.learner_preference.audio_level");
        return a === "" ? "0" : String(Math.min(100, Math.round(parseFloat(a) * 50)));
      }
      case "cmi.student_preference.speed": {
        var d = get("cmi.learner_preference.delivery_speed");
        return d === "" ? "0" : String(Math.max(-100, Math.min(100, Math.round((parseFloat(d) - 1) * 100))));
      }
      case "cmi.comments": return joinComments("cmi.comments_from_learner");
      case "cmi.comments_from_lms": return joinComments("cmi.comments_from_lms");
    }
    if ((m = /^cmi\.objectives\.(\d+)\.(id|score\.raw|score\.min|score\.max|score\._children|status)$/.exec(element))) {
      if (m[2] === "status") { return statusOf("cmi.objectives." + m[1] + "."); }
      if (m[2] === "score._children") { return "raw,min,max"; }
      return get("cmi.objectives." + m[1] + "." + m[2]);
    }
    if ((m = /^cmi\.interactions\.(\d+)\.(objectives|correct_responses)\._count$/.exec(element))) {
      return get(element);
    }
    if (/^cmi\.interactions\./.test(element)) { fail("404", element + " is write only"); return ""; }
    fail("201", element + " is not a SCORM 1.2 data model element");
    return "";
  }

  function joinComments(prefix) {
    var count = parseInt(get(prefix + "._count"), 10) || 0;
    var text = "";
    for (var i = 0; i < count; i++) { text += get(prefix + "." + i + ".comment"); }
    return text;
  }

  function setValue(element, value) {
    var v = String(value);
    var m;
    switch (element) {
      case "cmi.core.lesson_location": return set("cmi.location", v);
      case "cmi.core.exit": return set("cmi.exit", v);
      case "cmi.suspend_data": return set("cmi.suspend_data", v);
      case "cmi.core.lesson_status": return setStatus("cmi.", v);
      case "cmi.core.score.raw":
      case "cmi.core.score.min":
      case "cmi.core.score.max": {
        var part = element.substring("cmi.core.score.".length);
        if (v !== "" && isNaN(parseFloat(v))) { return fail("405", element + ": not a number"); }
        score[part] = v;
        return set("cmi.score." + part, v) && updateScaled();
      }
      case "cmi.core.session_time": {
        var iso = timespanToIso(v);
        return iso ? set("cmi.session_time", iso) : fail("405", "not a SCORM 1.2 time span: " + v);
      }
      case "cmi.comments": {
        var n = parseInt(get("cmi.comments_from_learner._count"), 10) || 0;
        return set("cmi.comments_from_learner." + n + ".comment", v);
      }
      case "cmi.student_preference.language": return set("cmi.learner_preference.language", v);
      case "cmi.student_preference.text": return set("cmi.learner_preference.audio_captioning", v);
      case "cmi.student_preference.audio": {
        var level = parseFloat(v);
        if (isNaN(level)) { return fail("405", element + ": not a number"); }
        return set("cmi.learner_preference.audio_level", String(level <= 0 ? (level < 0 ? 0 : 1) : level / 50));
      }
      case "cmi.student_preference.speed": {
        var speed = parseFloat(v);
        if (isNaN(speed)) { return fail("405", element + ": not a number"); }
        return set("cmi.learner_preference.delivery_speed", String(Math.max(0, 1 + speed / 100)));
      }
    }
    if ((m = /^cmi\.objectives\.(\d+)\.(id|score\.raw|score\.min|score\.max|status)$/.exec(element))) {
      if (m[2] === "status") { return setStatus("cmi.objectives." + m[1] + ".", v); }
      return set(element, v);
    }
    if ((m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(element))) {
      return setInteraction(m[1], m[2], v);
    }
    if (FIXED.hasOwnProperty(element) || SAME.hasOwnProperty(element) || /^cmi\.(core|student_data)\./.test(element)) {
      return fail("403", element + " is read only");
    }
    return fail("201", element + " is not a SCORM 1.2 data model element");
  }

  function setInteraction(n, field, v) {
    var prefix = "cmi.interactions." + n + ".";
    var m;
    switch (field) {
      case "id": return set(prefix + "id", v);
      case "type": interactionTypes[n] = v; return set(prefix + "type", v);
      case "weighting": return set(prefix + "weighting", v);
      case "student_response": return set(prefix + "learner_response", responseTo2004(interactionTypes[n], v));
      case "result": return set(prefix + "result", v === "wrong" ? "incorrect" : v);
      case "latency": {
        var iso = timespanToIso(v);
        return iso ? set(prefix + "latency", iso) : fail("405", "not a SCORM 1.2 time span: " + v);
      }
      case "time": {
        if (!/^\d{2}:\d{2}:\d{2}(\.\d{1,2})?$/.test(v)) { return fail("405", "not a SCORM 1.2 time: " + v); }
        var now = new Date();
        var date = now.getFullYear() + "-" + pad(now.getMonth() + 1, 2) + "-" + pad(now.getDate(), 2);
        return set(prefix + "timestamp", date + "T" + v);
      }
    }
    if ((m = /^objectives\.(\d+)\.id$/.exec(field))) { return set(prefix + field, v); }
    if ((m = /^correct_responses\.(\d+)\.pattern$/.exec(field))) {
      return set(prefix + field, responseTo2004(interactionTypes[n], v));
    }
    return fail("201", "cmi.interactions.n." + field + " is not a SCORM 1.2 data model element");
  }

  function requireRunning() {
    if (!initialized || finished || !lms) { return fail("301", "LMSInitialize was not called"); }
    return true;
  }

  var API = {
    LMSInitialize: function (arg) {
      if (arg !== "" && arg !== undefined && arg !== null) { fail("201", "the argument must be empty"); return "false"; }
      if (initialized) { fail("101", "already initialized"); return "false"; }
      lms = findApi("API_1484_11");
      if (!lms) { fail("101", "no SCORM 2004 LMS API (API_1484_11) found"); return "false"; }
      var ok = String(lms.Initialize("")) === "true";
      if (!ok) { lastError = errorOf2004(lms.GetLastError()); return "false"; }
      initialized = true;
      score.raw = get("cmi.score.raw");
      score.min = get("cmi.score.min");
      score.max = get("cmi.score.max");
      fail("0");
      return "true";
    },
    LMSFinish: function (arg) {
      if (!requireRunning()) { return "false"; }
      if (arg !== "" && arg !== undefined && arg !== null) { fail("201", "the argument must be empty"); return "false"; }
      var ok = String(lms.Terminate("")) === "true";
      finished = true;
      if (!ok) { lastError = errorOf2004(lms.GetLastError()); return "false"; }
      fail("0");
      return "true";
    },
    LMSGetValue: function (element) {
      if (!requireRunning()) { return ""; }
      fail("0");
      return getValue(String(element));
    },
    LMSSetValue: function (element, value) {
      if (!requireRunning()) { return "false"; }
      fail("0");
      return setValue(String(element), value) ? "true" : "false";
    },
    LMSCommit: function (arg) {
      if (!requireRunning()) { return "false"; }
      var ok = String(lms.Commit("")) === "true";
      if (!ok) { lastError = errorOf2004(lms.GetLastError()); return "false"; }
      fail("0");
      return "true";
    },
    LMSGetLastError: function () { return lastError; },
    LMSGetErrorString: function (code) { return ERRORS[String(code)] || ""; },
    LMSGetDiagnostic: function (code) { return code && String(code) !== lastError ? ERRORS[String(code)] || "" : diagnostic; }
  };

  global.API = API;
  global.CourseportBridge = {
    api: API,
    timespanToIso: timespanToIso,
    isoToTimespan: isoToTimespan,
    responseTo2004: responseTo2004,
    responseTo12: responseTo12,
    // Loads the SCO page in the frame with the query and fragment this page was launched with,
    // and ends the session if the content did not before this page goes away.
    launch: function (frame) {
      var src = frame.getAttribute("data-src");
      var search = global.location.search;
      if (search && search.length > 1) {
        src += (src.indexOf("?") >= 0 ? "&" : "?") + search.substring(1);
      }
      frame.src = src + (src.indexOf("#") < 0 ? global.location.hash : "");
      global.addEventListener("pagehide", function () {
        if (initialized && !finished) { API.LMSCommit(""); API.LMSFinish(""); }
      });
    }
  };
})(window);
