/*
 * Courseport player: hosts scorm-again (SCORM 1.2 or 2004, loaded before this script) for one
 * launch on the content origin. The launch data is the JSON in <script id="cp-launch">; commits go
 * to its commitUrl as {"itemId","attemptKey","seq","final","cmi"}; previews commit nothing.
 *
 * Plain ES2019 without a bundler. The pure logic is exported for the node tests
 * (server/src/main/player/test/*.test.js); createPlayer takes its browser dependencies as an
 * environment object so the tests can drive it with the real scorm-again and fake DOM/transport.
 */
(function (root) {
  "use strict";

  var SCORM12_SUSPEND_DATA_MAX = 4096;

  // ---------------------------------------------------------------- pure logic

  function isLaunchable(item) {
    return item != null && typeof item.href === "string" && item.href !== "";
  }

  /** The launchable items in organization order (SCOs and assets). */
  function launchableItems(items) {
    return (items || []).filter(isLaunchable);
  }

  function findItem(items, id) {
    if (id == null) {
      return null;
    }
    for (var i = 0; i < (items || []).length; i++) {
      if (items[i].id === id) {
        return items[i];
      }
    }
    return null;
  }

  /**
   * The table of contents: the visible items with their depth; aggregations are headings,
   * launchable items are links. Hidden items (isvisible="false") are not shown.
   */
  function tocModel(items) {
    return (items || [])
      .filter(function (item) {
        return item.visible !== false;
      })
      .map(function (item) {
        return {
          id: item.id,
          title: item.title == null || item.title === "" ? item.id : item.title,
          depth: Math.max(0, Math.min(8, item.depth | 0)),
          launchable: isLaunchable(item),
        };
      });
  }

  /** Previous and next launchable item around the current one (flow without sequencing). */
  function neighbours(items, currentId) {
    var list = launchableItems(items);
    var at = -1;
    for (var i = 0; i < list.length; i++) {
      if (list[i].id === currentId) {
        at = i;
      }
    }
    if (at < 0) {
      return { previous: null, next: list.length ? list[0].id : null };
    }
    return {
      previous: at > 0 ? list[at - 1].id : null,
      next: at + 1 < list.length ? list[at + 1].id : null,
    };
  }

  /** Where a launch starts: startItemId, else the resumed item, else the first launchable item. */
  function startItemId(launch) {
    var items = launch.items || [];
    var candidates = [launch.startItemId, launch.resume && launch.resume.lastItemId];
    for (var i = 0; i < candidates.length; i++) {
      if (isLaunchable(findItem(items, candidates[i]))) {
        return candidates[i];
      }
    }
    var list = launchableItems(items);
    return list.length ? list[0].id : null;
  }

  /**
   * What the navigation controls allow. Without sequencing: flow gives previous/next through the
   * launchable items, choice gives the table of contents. With sequencing, scorm-again's
   * navigation validity (adl.nav.request_valid) decides, within the organization's flow/choice.
   */
  function navState(launch, currentId, validity) {
    var hide = (validity && validity.hideLmsUi) || [];
    var state = {
      previous: false,
      next: false,
      exit: hide.indexOf("exit") < 0 && hide.indexOf("exitAll") < 0,
      hidePrevious: hide.indexOf("previous") >= 0,
      hideNext: hide.indexOf("continue") >= 0,
      choice: {},
    };
    var list = launchableItems(launch.items);
    if (validity) {
      state.previous = launch.flow !== false && validity.previous === true;
      state.next = launch.flow !== false && validity.continue === true;
      list.forEach(function (item) {
        var v = validity.choice ? validity.choice[item.id] : undefined;
        state.choice[item.id] = launch.choice !== false && v !== "false" && v !== false;
      });
    } else {
      var around = neighbours(launch.items, currentId);
      state.previous = launch.flow !== false && around.previous != null;
      state.next = launch.flow !== false && around.next != null;
      list.forEach(function (item) {
        state.choice[item.id] = launch.choice !== false;
      });
    }
    if (state.hidePrevious) {
      state.previous = false;
    }
    if (state.hideNext) {
      state.next = false;
    }
    return state;
  }

  /** The body of one commit to the server (the contract's RuntimeCommit). */
  function commitBody(itemId, attemptKey, seq, isFinal, commitObject) {
    var cmi = commitObject && commitObject.cmi !== undefined ? commitObject.cmi : commitObject;
    return { itemId: itemId, attemptKey: attemptKey, seq: seq, final: !!isFinal, cmi: cmi || {} };
  }

  function entryFor(launch, itemId) {
    var entry = launch.resume && launch.resume.entry ? launch.resume.entry[itemId] : null;
    return entry === "resume" ? "resume" : "ab-initio";
  }

  function copy(value) {
    return value == null ? {} : JSON.parse(JSON.stringify(value));
  }

  function put(target, key, value) {
    if (value != null && value !== "") {
      target[key] = String(value);
    }
  }

  /**
   * The CMI JSON loaded into a fresh API before the SCO starts: the item's stored CMI (without
   * what belongs to one session only: session_time, exit, entry) and the LMS-owned values:
   * learner, mode, credit, entry and the manifest's launch data.
   */
  function initialCmi(launch, item) {
    var stored = copy(launch.resume && launch.resume.cmi ? launch.resume.cmi[item.id] : null);
    var entry = entryFor(launch, item.id);
    var learner = launch.learner || {};
    var learnerId = learner.id == null ? "preview" : String(learner.id);
    var learnerName = learner.name == null ? learnerId : String(learner.name);
    if (launch.standard === "scorm2004") {
      delete stored.session_time;
      delete stored.exit;
      delete stored.entry;
      delete stored.request;
      stored.learner_id = learnerId;
      stored.learner_name = learnerName;
      stored.mode = "normal";
      stored.credit = "credit";
      stored.entry = entry;
      put(stored, "launch_data", item.dataFromLms);
      put(stored, "completion_threshold", item.completionThreshold);
      put(stored, "scaled_passing_score", item.scaledPassingScore);
      put(stored, "max_time_allowed", item.maxTimeAllowed);
      put(stored, "time_limit_action", item.timeLimitAction);
      return stored;
    }
    var core = stored.core && typeof stored.core === "object" ? stored.core : {};
    delete core.session_time;
    delete core.exit;
    core.student_id = learnerId;
    core.student_name = learnerName;
    core.lesson_mode = "normal";
    core.credit = "credit";
    core.entry = entry;
    stored.core = core;
    put(stored, "launch_data", item.dataFromLms);
    var studentData =
      stored.student_data && typeof stored.student_data === "object" ? stored.student_data : {};
    put(studentData, "mastery_score", item.masteryScore);
    put(studentData, "max_time_allowed", item.maxTimeAllowed);
    put(studentData, "time_limit_action", item.timeLimitAction);
    if (Object.keys(studentData).length) {
      stored.student_data = studentData;
    } else {
      delete stored.student_data;
    }
    return stored;
  }

  /**
   * scorm-again settings for a launch (the runtime adds httpService and sequencing listeners).
   * Tracked: lmsCommitUrl is the commit URL, sent by our httpService; preview: no commit URL, so
   * scorm-again commits nothing.
   */
  function settingsFor(launch) {
    var s = launch.settings || {};
    var seconds = Math.max(0, s.autoCommitSeconds | 0);
    var tracked = launch.mode === "tracked" && typeof launch.commitUrl === "string";
    var settings = {
      autocommit: tracked && seconds > 0,
      autocommitSeconds: seconds > 0 ? seconds : 60,
      lmsCommitUrl: tracked ? launch.commitUrl : false,
      dataCommitFormat: "json",
      sendFullCommit: true,
      useAsynchronousCommits: false,
      autoCompleteLessonStatus: false,
      logLevel: 4,
    };
    if (launch.standard === "scorm2004") {
      settings.scoItemIds = launchableItems(launch.items).map(function (i) {
        return i.id;
      });
      if (launch.sequencing) {
        settings.sequencing = copy(launch.sequencing);
      }
    } else {
      settings.mastery_override = s.masteryOverride === true;
    }
    return settings;
  }

  function randomKey(cryptoObj) {
    var bytes = new Uint8Array(16);
    if (cryptoObj && cryptoObj.getRandomValues) {
      cryptoObj.getRandomValues(bytes);
    } else {
      for (var i = 0; i < bytes.length; i++) {
        bytes[i] = Math.floor(Math.random() * 256);
      }
    }
    return Array.prototype.map
      .call(bytes, function (b) {
        return (b < 16 ? "0" : "") + b.toString(16);
      })
      .join("");
  }

  // ---------------------------------------------------------------- the runtime

  /**
   * The player for one launch.
   *
   * env: {
   *   ApiClass,                 // Scorm12API or Scorm2004API
   *   exposeApi(api),           // window.API / window.API_1484_11
   *   transport: {post(url, body) -> {status, text} (synchronous), beacon(url, body) -> bool},
   *   ui: {renderToc(model), update(view), load(url), exit(url)},
   *   defer(fn),                // run after the current call stack (setTimeout 0)
   *   newKey() -> string        // an attempt key
   * }
   */
  function createPlayer(launch, env) {
    var scorm2004 = launch.standard === "scorm2004";
    var sequenced = scorm2004 && !!launch.sequencing;
    var tracked = launch.mode === "tracked" && typeof launch.commitUrl === "string";
    var commitFailure = scorm2004 ? 391 : 101;
    var state = {
      currentItemId: null,
      commits: 0,
      lastError: null,
      attempt: null,
      delivered: false,
      initialized: false,
      terminated: false,
      leaving: false,
      exiting: false,
      ended: false,
      validity: null,
      pendingNav: null,
      switching: false,
    };

    /**
     * Our commit transport for scorm-again (its httpService setting): the contract body for the
     * attempt the API instance belongs to; synchronous POST (the SCO gets the real result), a
     * beacon for the final commit when the page is going away.
     */
    function httpServiceFor(attempt) {
      return {
        processHttpRequest: function (url, params, immediate) {
          var current = attempt || state.attempt;
          current.seq += 1;
          var body = JSON.stringify(
            commitBody(current.itemId, current.attemptKey, current.seq, immediate, params)
          );
          if (immediate && state.leaving) {
            return beacon(url, body);
          }
          try {
            var response = env.transport.post(url, body);
            if (response.status === 200) {
              state.commits += 1;
              return { result: "true", errorCode: 0 };
            }
            state.lastError = errorMessage(response);
            return { result: "false", errorCode: commitFailure, errorMessage: state.lastError };
          } catch (e) {
            // A synchronous request is refused while the page is being dismissed: beacon the
            // final commit instead.
            if (immediate) {
              return beacon(url, body);
            }
            state.lastError = "commit failed: " + (e && e.message ? e.message : String(e));
            return { result: "false", errorCode: commitFailure, errorMessage: state.lastError };
          }
        },
        updateSettings: function () {},
      };
    }

    function beacon(url, body) {
      var sent = false;
      try {
        sent = env.transport.beacon(url, body);
      } catch (e) {
        sent = false;
      }
      if (!sent) {
        state.lastError = "the final commit could not be queued (" + body.length + " characters)";
      }
      return sent
        ? { result: "true", errorCode: 0 }
        : { result: "false", errorCode: commitFailure, errorMessage: state.lastError };
    }

    function errorMessage(response) {
      try {
        var parsed = JSON.parse(response.text);
        if (parsed && parsed.message) {
          return parsed.error ? parsed.error + ": " + parsed.message : parsed.message;
        }
      } catch (e) {
        // not JSON
      }
      return "commit refused with HTTP " + response.status;
    }

    var api = null;

    /**
     * A new scorm-again instance. Without sequencing every SCO gets its own (scorm-again's reset
     * keeps SCORM 1.2 data such as lesson_location); with sequencing one instance keeps the
     * activity tree's state and is reset between SCOs.
     */
    function newApi(attempt) {
      var settings = settingsFor(launch);
      if (tracked) {
        settings.httpService = httpServiceFor(attempt);
      }
      if (sequenced) {
        settings.sequencing.eventListeners = {
          onActivityDelivery: function (activity) {
            var id = activity && activity.id;
            env.defer(function () {
              deliver(id);
            });
          },
          onNavigationValidityUpdate: function (validity) {
            state.validity = validity;
            refresh();
          },
          onSequencingSessionEnd: function () {
            env.defer(function () {
              endOfCourse();
            });
          },
        };
      }
      var created = new env.ApiClass(settings);
      enforceLimits(created);
      created.on(scorm2004 ? "Initialize" : "LMSInitialize", function () {
        if (created === api) {
          state.initialized = true;
          state.terminated = false;
        }
      });
      created.on(scorm2004 ? "Terminate" : "LMSFinish", function () {
        if (created !== api) {
          return;
        }
        state.terminated = true;
        if (!sequenced && scorm2004 && !state.switching) {
          var nav = state.pendingNav;
          state.pendingNav = null;
          if (nav) {
            env.defer(function () {
              followNavRequest(nav);
            });
          }
        }
      });
      if (scorm2004) {
        created.on("SetValue.adl.nav.request", function (element, value) {
          if (created === api) {
            state.pendingNav = value === "_none_" ? null : value;
          }
        });
      }
      api = created;
      env.exposeApi(created);
      return created;
    }

    /** SCORM 1.2 suspend_data is CMIString4096; scorm-again accepts 64000, we keep the standard. */
    function enforceLimits(theApi) {
      if (scorm2004) {
        return;
      }
      var setValue = theApi.LMSSetValue;
      theApi.LMSSetValue = function (element, value) {
        if (
          element === "cmi.suspend_data" &&
          active() &&
          String(value == null ? "" : value).length > SCORM12_SUSPEND_DATA_MAX
        ) {
          theApi.throwSCORMError(
            element,
            405,
            "cmi.suspend_data is a CMIString4096: at most " +
              SCORM12_SUSPEND_DATA_MAX +
              " characters"
          );
          return "false";
        }
        return setValue.call(theApi, element, value);
      };
    }

    function active() {
      return state.initialized && !state.terminated;
    }

    /** Terminates the running SCO on its behalf (its final commit). */
    function finishActive() {
      if (!active()) {
        return;
      }
      state.switching = true;
      try {
        if (scorm2004) {
          api.Terminate("");
        } else {
          api.LMSFinish("");
        }
      } finally {
        state.switching = false;
      }
    }

    /** Opens an item: fresh API state with its stored CMI, a new attempt key, the frame's src. */
    function deliver(id) {
      if (state.exiting || state.ended) {
        return;
      }
      var item = findItem(launch.items, id);
      if (!isLaunchable(item)) {
        state.lastError = "item " + id + " cannot be launched";
        refresh();
        return;
      }
      finishActive();
      var attempt = { itemId: item.id, attemptKey: env.newKey(), seq: 0 };
      if (!sequenced) {
        newApi(attempt);
      } else if (state.delivered) {
        api.reset(undefined, { preserveListeners: true, resetTotalTime: true });
      }
      state.delivered = true;
      state.attempt = attempt;
      state.currentItemId = item.id;
      state.initialized = false;
      state.terminated = false;
      state.pendingNav = null;
      api.loadFromJSON(initialCmi(launch, item));
      refresh();
      env.ui.load(launch.contentBase + item.href);
    }

    /**
     * Whether scorm-again's preview of a continue/previous request (run on a copy of the activity
     * tree with the SCO's current data) blocks it. adl.nav.request_valid can say "true" for a
     * continue whose target a pre-condition rule disables (forced sequential at the start); a
     * request that then fails after Terminate would leave the SCO on screen but terminated.
     */
    function previewBlocks(request) {
      if ((request !== "continue" && request !== "previous") || !api.previewNavigationRequest) {
        return false;
      }
      try {
        var preview = api.previewNavigationRequest(request);
        return !!preview && preview.outcome === "blocked";
      } catch (e) {
        return false;
      }
    }

    function sequencingRequest(request, target) {
      if (active() && previewBlocks(request)) {
        state.lastError =
          request === "continue"
            ? "The next activity is not available yet."
            : "The previous activity is not available.";
        refresh();
        return false;
      }
      if (active()) {
        api.SetValue("adl.nav.request", target ? "{target=" + target + "}" + request : request);
        api.Terminate("");
        return true;
      }
      return api.processNavigationRequest(request, target);
    }

    function start() {
      env.ui.renderToc(tocModel(launch.items));
      if (sequenced) {
        newApi(null);
        var first = launch.startItemId;
        var started =
          (first && findItem(launch.items, first) && tryRequest("choice", first)) ||
          (first && findItem(launch.items, first) && tryRequest("jump", first)) ||
          tryRequest("start") ||
          // Flow off (the IMS default): a start request is refused, but choosing the first
          // launchable (or resumed) item goes through the engine, which then knows the activity.
          tryRequest("choice", startItemId(launch));
        if (!started) {
          // The sequencing refused to start (e.g. every activity is disabled): open the first
          // launchable item so the learner is not left with an empty page.
          deliver(startItemId(launch));
        }
        return;
      }
      var id = startItemId(launch);
      if (id == null) {
        state.lastError = "this course has nothing to launch";
        refresh();
        return;
      }
      deliver(id);
    }

    function tryRequest(request, target) {
      try {
        return api.processNavigationRequest(request, target) === true;
      } catch (e) {
        return false;
      }
    }

    function followNavRequest(nav) {
      var m = /^\{target=([^}]*)\}(choice|jump)$/.exec(nav);
      if (m) {
        deliver(m[1]);
        return;
      }
      var around = neighbours(launch.items, state.currentItemId);
      if (nav === "continue" && around.next) {
        deliver(around.next);
      } else if (nav === "previous" && around.previous) {
        deliver(around.previous);
      } else if (nav === "exitAll" || nav === "suspendAll" || nav === "abandonAll") {
        exit();
      } else if (nav === "exit" && launchableItems(launch.items).length === 1) {
        exit();
      } else if (nav === "continue" && !around.next) {
        endOfCourse();
      }
    }

    function go(direction) {
      var allowed = navState(launch, state.currentItemId, state.validity);
      if (!allowed[direction]) {
        return false;
      }
      if (sequenced) {
        return sequencingRequest(direction === "next" ? "continue" : "previous");
      }
      var around = neighbours(launch.items, state.currentItemId);
      var target = direction === "next" ? around.next : around.previous;
      if (target) {
        deliver(target);
      }
      return true;
    }

    function choose(id) {
      var allowed = navState(launch, state.currentItemId, state.validity);
      if (!allowed.choice[id]) {
        return false;
      }
      if (sequenced) {
        return sequencingRequest("choice", id);
      }
      if (id !== state.currentItemId || !active()) {
        deliver(id);
      }
      return true;
    }

    /** The learner or the content ends the launch: final commit, then the exit page. */
    function exit() {
      if (state.exiting) {
        return;
      }
      state.exiting = true;
      finishActive();
      state.leaving = true;
      env.ui.exit(launch.exitUrl);
    }

    function endOfCourse() {
      state.ended = true;
      exit();
    }

    /** The page is going away (tab closed, navigation): the final commit by sendBeacon. */
    function pageHide() {
      state.leaving = true;
      finishActive();
    }

    function refresh() {
      var item = findItem(launch.items, state.currentItemId);
      env.ui.update({
        currentItemId: state.currentItemId,
        title: item ? item.title || item.id : "",
        nav: navState(launch, state.currentItemId, state.validity),
        error: state.lastError,
      });
    }

    return {
      get api() {
        return api;
      },
      state: state,
      start: start,
      next: function () {
        return go("next");
      },
      previous: function () {
        return go("previous");
      },
      choose: choose,
      exit: exit,
      pageHide: pageHide,
      beforeUnload: function () {
        state.leaving = true;
      },
    };
  }

  // ---------------------------------------------------------------- the browser page

  function syncPost(win) {
    return function (url, body) {
      var xhr = new win.XMLHttpRequest();
      xhr.open("POST", url, false);
      xhr.setRequestHeader("Content-Type", "application/json");
      xhr.send(body);
      return { status: xhr.status, text: xhr.responseText };
    };
  }

  function browserUi(win, doc, launch, handlers) {
    var frame = doc.getElementById("cp-frame");
    var toc = doc.getElementById("cp-toc");
    var status = doc.getElementById("cp-status");
    var prev = doc.getElementById("cp-prev");
    var next = doc.getElementById("cp-next");
    var exitButton = doc.getElementById("cp-exit");
    var note = doc.getElementById("cp-window-note");
    var openButton = doc.getElementById("cp-open");
    var newWindow = launch.settings && launch.settings.launchType === "NEW_WINDOW";
    var contentWindow = null;
    var contentUrl = null;
    var links = {};

    function openWindow() {
      if (contentWindow && !contentWindow.closed) {
        contentWindow.location.replace(contentUrl);
        contentWindow.focus();
        return;
      }
      contentWindow = win.open(contentUrl, "cp-course-window");
      note.hidden = false;
    }

    if (openButton) {
      openButton.addEventListener("click", function () {
        if (contentUrl) {
          openWindow();
        }
      });
    }

    return {
      renderToc: function (model) {
        while (toc.firstChild) {
          toc.removeChild(toc.firstChild);
        }
        model.forEach(function (entry) {
          var li = doc.createElement("li");
          li.className = "cp-depth-" + entry.depth;
          if (entry.launchable) {
            var a = doc.createElement("a");
            a.href = "#";
            a.setAttribute("data-item-id", entry.id);
            a.textContent = entry.title;
            a.addEventListener("click", function (event) {
              event.preventDefault();
              if (a.getAttribute("aria-disabled") !== "true") {
                handlers.choose(entry.id);
              }
            });
            links[entry.id] = a;
            li.appendChild(a);
          } else {
            var span = doc.createElement("span");
            span.className = "cp-heading";
            span.textContent = entry.title;
            li.appendChild(span);
          }
          toc.appendChild(li);
        });
        if (model.filter((e) => e.launchable).length <= 1) {
          doc.body.classList.add("cp-single");
        }
      },
      update: function (view) {
        status.textContent = view.error ? view.title + " — " + view.error : view.title;
        prev.disabled = !view.nav.previous;
        prev.hidden = view.nav.hidePrevious;
        next.disabled = !view.nav.next;
        next.hidden = view.nav.hideNext;
        exitButton.disabled = !view.nav.exit;
        Object.keys(links).forEach(function (id) {
          var a = links[id];
          if (view.nav.choice[id]) {
            a.removeAttribute("aria-disabled");
          } else {
            a.setAttribute("aria-disabled", "true");
          }
          if (id === view.currentItemId) {
            a.setAttribute("aria-current", "page");
          } else {
            a.removeAttribute("aria-current");
          }
        });
      },
      load: function (url) {
        contentUrl = url;
        if (newWindow) {
          openWindow();
        } else {
          frame.src = url;
        }
      },
      exit: function (url) {
        if (contentWindow && !contentWindow.closed) {
          contentWindow.close();
        }
        try {
          win.top.location.href = url;
        } catch (e) {
          win.location.href = url;
        }
      },
    };
  }

  function boot(win) {
    var doc = win.document;
    var data = doc.getElementById("cp-launch");
    if (!data) {
      return null;
    }
    var launch = JSON.parse(data.textContent);
    var player = null;
    var bootError = null;
    var exposed = {};
    ["currentItemId", "commits", "lastError"].forEach(function (name) {
      Object.defineProperty(exposed, name, {
        enumerable: true,
        get: function () {
          if (!player) {
            return name === "commits" ? 0 : name === "lastError" ? bootError : null;
          }
          return player.state[name];
        },
      });
    });
    win.courseportPlayer = exposed;
    var handlers = {
      choose: function (id) {
        player.choose(id);
      },
    };
    var ui = browserUi(win, doc, launch, handlers);
    var ApiClass = launch.standard === "scorm2004" ? win.Scorm2004API : win.Scorm12API;
    if (typeof ApiClass !== "function") {
      bootError = "the SCORM runtime (scorm-again) did not load";
      doc.getElementById("cp-status").textContent = bootError;
      return null;
    }
    player = createPlayer(launch, {
      ApiClass: ApiClass,
      exposeApi: function (api) {
        if (launch.standard === "scorm2004") {
          win.API_1484_11 = api;
        } else {
          win.API = api;
        }
      },
      transport: {
        post: syncPost(win),
        beacon: function (url, body) {
          return win.navigator.sendBeacon(url, new win.Blob([body], { type: "text/plain" }));
        },
      },
      ui: ui,
      defer: function (fn) {
        win.setTimeout(fn, 0);
      },
      newKey: function () {
        return randomKey(win.crypto);
      },
    });
    doc.getElementById("cp-prev").addEventListener("click", function () {
      player.previous();
    });
    doc.getElementById("cp-next").addEventListener("click", function () {
      player.next();
    });
    doc.getElementById("cp-exit").addEventListener("click", function () {
      player.exit();
    });
    win.addEventListener("beforeunload", function () {
      player.beforeUnload();
    });
    win.addEventListener("pagehide", function () {
      player.pageHide();
    });
    player.start();
    return player;
  }

  var exported = {
    launchableItems: launchableItems,
    tocModel: tocModel,
    neighbours: neighbours,
    startItemId: startItemId,
    navState: navState,
    commitBody: commitBody,
    entryFor: entryFor,
    initialCmi: initialCmi,
    settingsFor: settingsFor,
    randomKey: randomKey,
    createPlayer: createPlayer,
  };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = exported;
  } else {
    root.courseportPlayerLib = exported;
    if (root.document) {
      if (root.document.readyState === "loading") {
        root.document.addEventListener("DOMContentLoaded", function () {
          boot(root);
        });
      } else {
        boot(root);
      }
    }
  }
})(this);
