/*
 * Courseport SCORM bridge: SCORM 2004 content in a SCORM 1.2 LMS.
 * Provides window.API_1484_11 (SCORM 2004 RTE) on top of the LMS's API, mapping the data model:
 * cmi.completion_status + cmi.success_status -> cmi.core.lesson_status, cmi.score.* ->
 * cmi.core.score.* (raw from scaled when the content sets only scaled), location <->
 * lesson_location, ISO 8601 durations <-> time spans, Initialize <-> LMSInitialize, and so on.
 * cmi.suspend_data is refused above 4096 characters, the most a SCORM 1.2 LMS must keep.
 * Part of Courseport's export of imported courses (docs/course-export.md, "Imported courses").
 */
(function (global) {
  "use strict";

  var SUSPEND_DATA_MAX = 4096;
  var LOCATION_MAX = 255;

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
  var state = "new"; // new, running, terminated
  var lastError = "0";
  var diagnostic = "";
  var completion = "unknown";
  var success = "unknown";
  var scaled = "";
  var rawSet = false;
  var progress = "";
  var navRequest = "_none_";
  var objectives = {};
  var interactionTypes = {};
  var learnerComments = 0;

  var ERRORS = {
    "0": "No Error", "101": "General Exception", "102": "General Initialization Failure",
    "103": "Already Initialized", "104": "Content Instance Terminated",
    "111": "General Termination Failure", "112": "Termination Before Initialization",
    "113": "Termination After Termination", "122": "Retrieve Data Before Initialization",
    "123": "Retrieve Data After Termination", "132": "Store Data Before Initialization",
    "133": "Store Data After Termination", "142": "Commit Before Initialization",
    "143": "Commit After Termination", "201": "General Argument Error",
    "301": "General Get Failure", "351": "General Set Failure", "391": "General Commit Failure",
    "401": "Undefined Data Model Element", "402": "Unimplemented Data Model Element",
    "403": "Data Model Element Value Not Initialized", "404": "Data Model Element Is Read Only",
    "405": "Data Model Element Is Write Only", "406": "Data Model Element Type Mismatch",
    "407": "Data Model Element Value Out Of Range", "408": "Data Model Dependency Not Established"
  };

  function errorOf12(code) {
    switch (String(code)) {
      case "0": return "0";
      case "201": return "201";
      case "202": case "203": return "401";
      case "401": return "402";
      case "402": return "351";
      case "403": return "404";
      case "404": return "405";
      case "405": return "406";
      default: return "101";
    }
  }

  function fail(code, text) { lastError = code; diagnostic = text || ""; return code === "0"; }

  function get(element) {
    var value = lms.LMSGetValue(element);
    var code = String(lms.LMSGetLastError());
    if (code !== "0") { lastError = errorOf12(code); diagnostic = element + ": " + lms.LMSGetDiagnostic(code); }
    return value === null || value === undefined ? "" : String(value);
  }

  function set(element, value) {
    var ok = String(lms.LMSSetValue(element, String(value))) === "true";
    if (!ok) {
      var code = lms.LMSGetLastError();
      lastError = errorOf12(code);
      diagnostic = element + ": " + lms.LMSGetDiagnostic(code);
    }
    return ok;
  }

  function pad(n, width) { var s = String(n); while (s.length < width) { s = "0" + s; } return s; }

  function isoToTimespan(iso) {
    var m = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(String(iso));
    if (!m || String(iso) === "P" || /T$/.test(String(iso))) { return null; }
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

  function timespanToIso(span) {
    var m = /^(\d{1,4}):(\d{1,2}):(\d{1,2})(\.\d{1,2})?$/.exec(String(span));
    if (!m) { return "PT0S"; }
    return "PT" + parseInt(m[1], 10) + "H" + parseInt(m[2], 10) + "M" +
      parseFloat(m[3] + (m[4] || "")) + "S";
  }

  function responseTo12(type, value) {
    var v = String(value);
    if (type === "true-false") { return v === "true" ? "t" : v === "false" ? "f" : v; }
    return v.split("[,]").map(function (p) { return p.split("[.]").join("."); }).join(",");
  }

  // The 1.2 lesson status for the two 2004 statuses; null when 1.2 cannot say it (unknown).
  function lessonStatus(completionStatus, successStatus) {
    if (successStatus === "passed" || successStatus === "failed") { return successStatus; }
    if (completionStatus === "completed" || completionStatus === "incomplete") { return completionStatus; }
    return null;
  }

  function statusesOf(lessonStatusValue) {
    switch (lessonStatusValue) {
      case "passed": return ["completed", "passed"];
      case "failed": return ["completed", "failed"];
      case "completed": case "browsed": return ["completed", "unknown"];
      case "incomplete": return ["incomplete", "unknown"];
      default: return ["not attempted", "unknown"];
    }
  }

  var FIXED = {
    "cmi._version": "1.0",
    "cmi.score._children": "scaled,raw,min,max",
    "cmi.learner_preference._children": "audio_level,language,delivery_speed,audio_captioning",
    "cmi.objectives._children": "id,score,success_status,completion_status,progress_measure,description",
    "cmi.interactions._children": "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description",
    "cmi.comments_from_learner._children": "comment,location,timestamp",
    "cmi.comments_from_lms._children": "comment,location,timestamp",
    "cmi.completion_threshold": "",
    "adl.nav.request_valid.continue": "unknown",
    "adl.nav.request_valid.previous": "unknown"
  };

  var SAME = {
    "cmi.learner_id": "cmi.core.student_id",
    "cmi.learner_name": "cmi.core.student_name",
    "cmi.location": "cmi.core.lesson_location",
    "cmi.credit": "cmi.core.credit",
    "cmi.entry": "cmi.core.entry",
    "cmi.mode": "cmi.core.lesson_mode",
    "cmi.suspend_data": "cmi.suspend_data",
    "cmi.launch_data": "cmi.launch_data",
    "cmi.time_limit_action": "cmi.student_data.time_limit_action",
    "cmi.learner_preference.language": "cmi.student_preference.language",
    "cmi.learner_preference.audio_captioning": "cmi.student_preference.text",
    "cmi.score.raw": "cmi.core.score.raw",
    "cmi.score.min": "cmi.core.score.min",
    "cmi.score.max": "cmi.core.score.max",
    "cmi.objectives._count": "cmi.objectives._count",
    "cmi.interactions._count": "cmi.interactions._count"
  };

  function getValue(element) {
    if (FIXED.hasOwnProperty(element)) { return FIXED[element]; }
    if (SAME.hasOwnProperty(element)) { return get(SAME[element]); }
    var m;
    switch (element) {
      case "cmi.completion_status": return completion;
      case "cmi.success_status": return success;
      case "cmi.progress_measure": return progress;
      case "cmi.exit": case "cmi.session_time": fail("405", element + " is write only"); return "";
      case "cmi.total_time": return timespanToIso(get("cmi.core.total_time"));
      case "cmi.max_time_allowed": {
        var t = get("cmi.student_data.max_time_allowed");
        return t === "" ? "" : timespanToIso(t);
      }
      case "cmi.scaled_passing_score": {
        var mastery = get("cmi.student_data.mastery_score");
        return mastery === "" ? "" : String(parseFloat(mastery) / 100);
      }
      case "cmi.score.scaled": {
        if (scaled !== "") { return scaled; }
        var raw = parseFloat(get("cmi.core.score.raw"));
        if (isNaN(raw)) { return ""; }
        var min = parseFloat(get("cmi.core.score.min"));
        var max = parseFloat(get("cmi.core.score.max"));
        min = isNaN(min) ? 0 : min;
        max = isNaN(max) ? 100 : max;
        return max > min ? String(Math.max(-1, Math.min(1, (raw - min) / (max - min)))) : "";
      }
      case "cmi.learner_preference.audio_level": {
        var a = parseFloat(get("cmi.student_preference.audio"));
        return isNaN(a) || a === 0 ? "1" : a < 0 ? "0" : String(a / 50);
      }
      case "cmi.learner_preference.delivery_speed": {
        var s = parseFloat(get("cmi.student_preference.speed"));
        return isNaN(s) ? "1" : String(Math.max(0, 1 + s / 100));
      }
      case "cmi.comments_from_learner._count": return String(learnerComments);
      case "cmi.comments_from_lms._count": return get("cmi.comments_from_lms") === "" ? "0" : "1";
      case "cmi.comments_from_lms.0.comment": return get("cmi.comments_from_lms");
      case "adl.nav.request": return navRequest;
    }
    if ((m = /^cmi\.objectives\.(\d+)\.(.+)$/.exec(element))) {
      var o = objectives[m[1]] || { completion: "unknown", success: "unknown" };
      switch (m[2]) {
        case "id": case "score.raw": case "score.min": case "score.max": return get(element);
        case "score._children": return "scaled,raw,min,max";
        case "success_status": return o.success;
        case "completion_status": return o.completion;
      }
      var statuses = statusesOf(get("cmi.objectives." + m[1] + ".status"));
      if (m[2] === "success_status") { return statuses[1]; }
      fail("403", element + " has no value");
      return "";
    }
    if ((m = /^cmi\.interactions\.(\d+)\.(objectives|correct_responses)\._count$/.exec(element))) {
      return get(element);
    }
    if (/^cmi\.interactions\./.test(element)) { fail("405", element + " is write only in SCORM 1.2"); return ""; }
    fail("401", element + " is not a SCORM 2004 data model element this bridge knows");
    return "";
  }

  function pushLessonStatus() {
    var status = lessonStatus(completion, success);
    return status === null ? true : set("cmi.core.lesson_status", status);
  }

  function setValue(element, value) {
    var v = String(value);
    var m;
    switch (element) {
      case "cmi.location":
        if (v.length > LOCATION_MAX) { return fail("351", "cmi.location longer than " + LOCATION_MAX + " characters: a SCORM 1.2 LMS cannot store it"); }
        return set("cmi.core.lesson_location", v);
      case "cmi.suspend_data":
        if (v.length > SUSPEND_DATA_MAX) { return fail("351", "cmi.suspend_data longer than " + SUSPEND_DATA_MAX + " characters: a SCORM 1.2 LMS cannot store it"); }
        return set("cmi.suspend_data", v);
      case "cmi.exit":
        if (!/^(time-out|suspend|logout|normal|)$/.test(v)) { return fail("406", "not a cmi.exit value: " + v); }
        return set("cmi.core.exit", v === "normal" ? "" : v);
      case "cmi.session_time": {
        var span = isoToTimespan(v);
        return span ? set("cmi.core.session_time", span) : fail("406", "not an ISO 8601 duration: " + v);
      }
      case "cmi.completion_status":
        if (!/^(completed|incomplete|not attempted|unknown)$/.test(v)) { return fail("406", "not a completion status: " + v); }
        completion = v;
        return pushLessonStatus();
      case "cmi.success_status":
        if (!/^(passed|failed|unknown)$/.test(v)) { return fail("406", "not a success status: " + v); }
        success = v;
        return pushLessonStatus();
      case "cmi.score.scaled": {
        var s = parseFloat(v);
        if (isNaN(s) || s < -1 || s > 1) { return fail("407", "cmi.score.scaled must be from -1 to 1: " + v); }
        scaled = v;
        if (rawSet) { return true; }
        return set("cmi.core.score.min", "0") && set("cmi.core.score.max", "100") &&
          set("cmi.core.score.raw", String(Math.max(0, Math.round(s * 10000) / 100)));
      }
      case "cmi.score.raw": rawSet = true; return set("cmi.core.score.raw", v);
      case "cmi.score.min": return set("cmi.core.score.min", v);
      case "cmi.score.max": return set("cmi.core.score.max", v);
      case "cmi.progress_measure": progress = v; return true;
      case "cmi.learner_preference.language": return set("cmi.student_preference.language", v);
      case "cmi.learner_preference.audio_captioning": return set("cmi.student_preference.text", v);
      case "cmi.learner_preference.audio_level": {
        var level = parseFloat(v);
        if (isNaN(level) || level < 0) { return fail("406", element + ": not a level"); }
        return set("cmi.student_preference.audio", String(level === 0 ? -1 : Math.min(100, Math.round(level * 50))));
      }
      case "cmi.learner_preference.delivery_speed": {
        var speed = parseFloat(v);
        if (isNaN(speed) || speed < 0) { return fail("406", element + ": not a speed"); }
        return set("cmi.student_preference.speed", String(Math.max(-100, Math.min(100, Math.round((speed - 1) * 100)))));
      }
      case "adl.nav.request": navRequest = v; return true;
    }
    if ((m = /^cmi\.comments_from_learner\.(\d+)\.(comment|location|timestamp)$/.exec(element))) {
      learnerComments = Math.max(learnerComments, parseInt(m[1], 10) + 1);
      return m[2] === "comment" ? set("cmi.comments", v) : true;
    }
    if ((m = /^cmi\.objectives\.(\d+)\.(.+)$/.exec(element))) {
      var o = objectives[m[1]] || (objectives[m[1]] = { completion: "unknown", success: "unknown" });
      switch (m[2]) {
        case "id": case "score.raw": case "score.min": case "score.max": return set(element, v);
        case "score.scaled": case "progress_measure": case "description": return true;
        case "success_status": o.success = v; break;
        case "completion_status": o.completion = v; break;
        default: return fail("401", element + " is not a data model element");
      }
      var status = lessonStatus(o.completion, o.success);
      return status === null ? true : set("cmi.objectives." + m[1] + ".status", status);
    }
    if ((m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(element))) {
      return setInteraction(m[1], m[2], v);
    }
    if (FIXED.hasOwnProperty(element) || SAME.hasOwnProperty(element) || /^cmi\.(total_time|max_time_allowed|scaled_passing_score|learner_id|learner_name|credit|entry|mode)$/.test(element)) {
      return fail("404", element + " is read only");
    }
    return fail("401", element + " is not a SCORM 2004 data model element this bridge knows");
  }

  function setInteraction(n, field, v) {
    var prefix = "cmi.interactions." + n + ".";
    var m;
    switch (field) {
      case "id": return set(prefix + "id", v);
      case "type": interactionTypes[n] = v; return set(prefix + "type", v === "long-fill-in" ? "fill-in" : v === "other" ? "performance" : v);
      case "weighting": return set(prefix + "weighting", v);
      case "learner_response": return set(prefix + "student_response", responseTo12(interactionTypes[n], v));
      case "result": return set(prefix + "result", v === "incorrect" ? "wrong" : v);
      case "latency": {
        var span = isoToTimespan(v);
        return span ? set(prefix + "latency", span) : fail("406", "not an ISO 8601 duration: " + v);
      }
      case "timestamp": {
        var t = /T(\d{2}:\d{2}:\d{2})/.exec(v);
        return t ? set(prefix + "time", t[1]) : fail("406", "not a timestamp: " + v);
      }
      case "description": return true;
    }
    if ((m = /^objectives\.(\d+)\.id$/.exec(field))) { return set(prefix + field, v); }
    if ((m = /^correct_responses\.(\d+)\.pattern$/.exec(field))) {
      return set(prefix + field, responseTo12(interactionTypes[n], v));
    }
    return fail("401", "cmi.interactions.n." + field + " is not a data model element");
  }

  function running(before, after) {
    if (state === "new") { return fail(before, "Initialize was not called"); }
    if (state === "terminated") { return fail(after, "Terminate was already called"); }
    return true;
  }

  var API_1484_11 = {
    Initialize: function (arg) {
      if (arg !== "" && arg !== undefined && arg !== null) { fail("201", "the argument must be empty"); return "false"; }
      if (state === "running") { fail("103"); return "false"; }
      if (state === "terminated") { fail("104"); return "false"; }
      lms = findApi("API");
      if (!lms) { fail("102", "no SCORM 1.2 LMS API (API) found"); return "false"; }
      if (String(lms.LMSInitialize("")) !== "true") { fail("102", "LMSInitialize failed: " + lms.LMSGetLastError()); return "false"; }
      state = "running";
      var statuses = statusesOf(get("cmi.core.lesson_status"));
      completion = statuses[0];
      success = statuses[1];
      fail("0");
      return "true";
    },
    Terminate: function (arg) {
      if (!running("112", "113")) { return "false"; }
      if (arg !== "" && arg !== undefined && arg !== null) { fail("201", "the argument must be empty"); return "false"; }
      lms.LMSCommit("");
      var ok = String(lms.LMSFinish("")) === "true";
      state = "terminated";
      if (!ok) { fail("111", "LMSFinish failed: " + lms.LMSGetLastError()); return "false"; }
      fail("0");
      return "true";
    },
    GetValue: function (element) {
      if (!running("122", "123")) { return ""; }
      fail("0");
      return getValue(String(element));
    },
    SetValue: function (element, value) {
      if (!running("132", "133")) { return "false"; }
      fail("0");
      return setValue(String(element), value) ? "true" : "false";
    },
    Commit: function (arg) {
      if (!running("142", "143")) { return "false"; }
      if (String(lms.LMSCommit("")) !== "true") { fail("391", "LMSCommit failed"); return "false"; }
      fail("0");
      return "true";
    },
    GetLastError: function () { return lastError; },
    GetErrorString: function (code) { return ERRORS[String(code)] || ""; },
    GetDiagnostic: function (code) { return code && String(code) !== lastError ? ERRORS[String(code)] || "" : diagnostic; }
  };

  global.API_1484_11 = API_1484_11;
  global.CourseportBridge = {
    api: API_1484_11,
    isoToTimespan: isoToTimespan,
    timespanToIso: timespanToIso,
    launch: function (frame) {
      var src = frame.getAttribute("data-src");
      var search = global.location.search;
      if (search && search.length > 1) {
        src += (src.indexOf("?") >= 0 ? "&" : "?") + search.substring(1);
      }
      frame.src = src + (src.indexOf("#") < 0 ? global.location.hash : "");
      global.addEventListener("pagehide", function () {
        if (state === "running") { API_1484_11.Commit(""); API_1484_11.Terminate(""); }
      });
    }
  };
})(window);
