// The player runtime driven as a SCO would drive it, with the real scorm-again (the pinned npm
// package's browser builds) and a fake page: commits, resume, limits, navigation, exit, beacons.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { fakePage, item, launchData } = require("./harness.js");

test("SCORM 1.2: commits carry the contract body; the finish commit is final", () => {
  const page = fakePage(launchData());
  page.player.start();
  assert.deepEqual(page.loads, ["/s/d1/c/a/index.html"]);
  assert.deepEqual(page.toc.map((e) => e.id), ["org", "a", "b", "c"]);
  assert.equal(page.lastView().currentItemId, "a");
  assert.equal(page.lastView().title, "Item a");
  const api = page.api;
  assert.equal(api.LMSInitialize(""), "true");
  assert.equal(api.LMSGetValue("cmi.core.entry"), "ab-initio");
  assert.equal(api.LMSGetValue("cmi.core.student_id"), "u1");
  assert.equal(api.LMSGetValue("cmi.core.student_name"), "Ada");
  assert.equal(api.LMSGetValue("cmi.core.lesson_mode"), "normal");
  assert.equal(api.LMSGetValue("cmi.core.credit"), "credit");
  assert.equal(api.LMSSetValue("cmi.core.lesson_location", "page-2"), "true");
  assert.equal(api.LMSCommit(""), "true");
  assert.equal(page.posts.length, 1);
  const first = page.posts[0];
  assert.equal(first.url, "/s/d1/commit");
  assert.equal(first.body.itemId, "a");
  assert.equal(first.body.attemptKey, "key-1");
  assert.equal(first.body.seq, 1);
  assert.equal(first.body.final, false);
  assert.equal(first.body.cmi.core.lesson_location, "page-2");

  assert.equal(api.LMSSetValue("cmi.core.lesson_status", "passed"), "true");
  assert.equal(api.LMSSetValue("cmi.core.score.raw", "91"), "true");
  assert.equal(api.LMSSetValue("cmi.core.session_time", "00:02:30"), "true");
  assert.equal(api.LMSFinish(""), "true");
  assert.equal(page.posts.length, 2);
  const last = page.posts[1].body;
  assert.equal(last.final, true);
  assert.equal(last.seq, 2);
  assert.equal(last.attemptKey, "key-1");
  assert.equal(last.cmi.core.lesson_status, "passed");
  assert.equal(last.cmi.core.score.raw, "91");
  assert.equal(last.cmi.core.session_time, "00:02:30");
  assert.equal(page.player.state.commits, 2);
  assert.equal(page.beacons.length, 0);
});

test("SCORM 1.2 relaunch resumes the stored bookmark with entry=resume", () => {
  const launch = launchData({
    startItemId: "b",
    resume: {
      lastItemId: "b",
      cmi: {
        b: {
          core: { lesson_location: "slide-9", lesson_status: "incomplete", total_time: "00:12:00" },
          suspend_data: "viewed=1,2,3",
        },
      },
      entry: { b: "resume" },
    },
  });
  launch.items[2].masteryScore = "75";
  launch.items[2].dataFromLms = "mode=quiz";
  const page = fakePage(launch);
  page.player.start();
  assert.deepEqual(page.loads, ["/s/d1/c/b/index.html?x=1"]);
  const api = page.api;
  assert.equal(api.LMSInitialize(""), "true");
  assert.equal(api.LMSGetValue("cmi.core.entry"), "resume");
  assert.equal(api.LMSGetValue("cmi.core.lesson_location"), "slide-9");
  assert.equal(api.LMSGetValue("cmi.core.lesson_status"), "incomplete");
  assert.equal(api.LMSGetValue("cmi.core.total_time"), "00:12:00");
  assert.equal(api.LMSGetValue("cmi.suspend_data"), "viewed=1,2,3");
  assert.equal(api.LMSGetValue("cmi.student_data.mastery_score"), "75");
  assert.equal(api.LMSGetValue("cmi.launch_data"), "mode=quiz");
});

test("SCORM 1.2 suspend_data is limited to 4096 characters with error 405", () => {
  const page = fakePage(launchData());
  page.player.start();
  const api = page.api;
  api.LMSInitialize("");
  assert.equal(api.LMSSetValue("cmi.suspend_data", "x".repeat(4097)), "false");
  assert.equal(api.LMSGetLastError(), "405");
  assert.equal(api.LMSGetValue("cmi.suspend_data"), "", "nothing truncated or stored");
  assert.equal(api.LMSSetValue("cmi.suspend_data", "y".repeat(4096)), "true");
  assert.equal(api.LMSGetLastError(), "0");
  assert.equal(api.LMSGetValue("cmi.suspend_data").length, 4096);
  // Other elements keep scorm-again's own checks.
  assert.equal(api.LMSSetValue("cmi.core.lesson_status", "done"), "false");
  assert.equal(api.LMSGetLastError(), "405");
});

test("SCORM 2004 suspend_data is limited to 64000 characters with error 406", () => {
  const page = fakePage(launchData({ standard: "scorm2004" }));
  page.player.start();
  const api = page.api;
  assert.equal(api.Initialize(""), "true");
  assert.equal(api.SetValue("cmi.suspend_data", "x".repeat(64001)), "false");
  assert.equal(api.GetLastError(), "406");
  assert.equal(api.SetValue("cmi.suspend_data", "x".repeat(64000)), "true");
  assert.equal(api.GetValue("cmi.learner_name"), "Ada");
  assert.equal(api.GetValue("cmi.entry"), "ab-initio");
  assert.equal(api.GetValue("cmi.mode"), "normal");
});

test("a preview commits nothing, not even on finish or page hide", () => {
  const page = fakePage(launchData({ mode: "preview", commitUrl: null }));
  page.player.start();
  const api = page.api;
  api.LMSInitialize("");
  api.LMSSetValue("cmi.core.lesson_location", "p");
  assert.equal(api.LMSCommit(""), "true");
  page.player.pageHide();
  assert.equal(page.posts.length, 0);
  assert.equal(page.beacons.length, 0);
});

test("a refused commit reports the general commit error to the SCO", () => {
  const respond = () => ({
    status: 400,
    text: '{"error":"seq","message":"item z is not in this course"}',
  });
  const p12 = fakePage(launchData(), { respond });
  p12.player.start();
  p12.api.LMSInitialize("");
  assert.equal(p12.api.LMSCommit(""), "false");
  assert.equal(p12.api.LMSGetLastError(), "101");
  assert.equal(p12.player.state.commits, 0);
  assert.equal(p12.player.state.lastError, "seq: item z is not in this course");

  const p2004 = fakePage(launchData({ standard: "scorm2004" }), { respond });
  p2004.player.start();
  p2004.api.Initialize("");
  assert.equal(p2004.api.Commit(""), "false");
  assert.equal(p2004.api.GetLastError(), "391");
});

test("next while a SCO runs finishes it first, then starts the next with fresh state", () => {
  const page = fakePage(launchData());
  page.player.start();
  let api = page.api;
  api.LMSInitialize("");
  api.LMSSetValue("cmi.core.lesson_location", "a-3");
  assert.equal(page.player.next(), true);
  assert.equal(page.posts.length, 1);
  assert.equal(page.posts[0].body.final, true);
  assert.equal(page.posts[0].body.itemId, "a");
  assert.equal(page.posts[0].body.cmi.core.lesson_location, "a-3");
  assert.deepEqual(page.loads, ["/s/d1/c/a/index.html", "/s/d1/c/b/index.html?x=1"]);
  assert.equal(page.lastView().currentItemId, "b");
  assert.equal(page.lastView().nav.previous, true);

  assert.notEqual(page.api, api, "a new API instance for the next SCO");
  api = page.api;
  assert.equal(api.LMSInitialize(""), "true");
  assert.equal(api.LMSGetValue("cmi.core.lesson_location"), "");
  assert.equal(api.LMSGetValue("cmi.core.entry"), "ab-initio");
  api.LMSCommit("");
  assert.equal(page.posts[1].body.itemId, "b");
  assert.equal(page.posts[1].body.attemptKey, "key-2");
  assert.equal(page.posts[1].body.seq, 1);

  assert.equal(page.player.choose("a"), true);
  assert.equal(page.posts[2].body.itemId, "b");
  assert.equal(page.posts[2].body.final, true);
  assert.equal(page.lastView().currentItemId, "a");
  assert.equal(page.player.previous(), false, "no item before the first");
});

test("choice and flow off in the plan refuse navigation", () => {
  const page = fakePage(launchData({ choice: false, flow: false }));
  page.player.start();
  assert.equal(page.player.choose("c"), false);
  assert.equal(page.player.next(), false);
  assert.deepEqual(page.loads, ["/s/d1/c/a/index.html"]);
  const nav = page.lastView().nav;
  assert.deepEqual(nav.choice, { a: false, b: false, c: false });
  assert.equal(nav.next, false);
});

test("closing the page sends the running SCO's final commit by beacon", () => {
  const page = fakePage(launchData());
  page.player.start();
  page.api.LMSInitialize("");
  page.api.LMSSetValue("cmi.core.lesson_location", "bookmark-4");
  page.player.pageHide();
  assert.equal(page.posts.length, 0);
  assert.equal(page.beacons.length, 1);
  assert.equal(page.beacons[0].url, "/s/d1/commit");
  assert.equal(page.beacons[0].body.final, true);
  assert.equal(page.beacons[0].body.itemId, "a");
  assert.equal(page.beacons[0].body.cmi.core.lesson_location, "bookmark-4");
  page.player.pageHide();
  assert.equal(page.beacons.length, 1, "once");
});

test("a SCO finishing during page dismissal beacons (the synchronous request is refused)", () => {
  const page = fakePage(launchData(), {
    respond() {
      throw new Error("Failed to execute 'send' on 'XMLHttpRequest'");
    },
  });
  page.player.start();
  page.api.LMSInitialize("");
  assert.equal(page.api.LMSFinish(""), "true");
  assert.equal(page.beacons.length, 1);
  assert.equal(page.beacons[0].body.final, true);
  assert.equal(page.player.state.commits, 0);
});

test("a beacon the browser refuses is reported", () => {
  const page = fakePage(launchData(), { beaconResult: false });
  page.player.start();
  page.api.LMSInitialize("");
  page.player.pageHide();
  assert.match(page.player.state.lastError, /final commit could not be queued/);
});

test("exit commits the running SCO, then goes to the exit URL", () => {
  const page = fakePage(launchData());
  page.player.start();
  page.api.LMSInitialize("");
  page.player.exit();
  assert.equal(page.posts.length, 1);
  assert.equal(page.posts[0].body.final, true);
  assert.deepEqual(page.exits, ["/s/d1/exit"]);
  page.player.exit();
  assert.deepEqual(page.exits, ["/s/d1/exit"], "once");
});

test("SCORM 2004 without sequencing follows the content's adl.nav.request", () => {
  const page = fakePage(launchData({ standard: "scorm2004" }));
  page.player.start();
  let api = page.api;
  api.Initialize("");
  api.SetValue("cmi.completion_status", "completed");
  api.SetValue("adl.nav.request", "continue");
  assert.equal(api.Terminate(""), "true");
  assert.equal(page.posts.at(-1).body.final, true);
  assert.equal(page.posts.at(-1).body.cmi.completion_status, "completed");
  page.drain();
  assert.equal(page.lastView().currentItemId, "b");

  api = page.api;
  api.Initialize("");
  assert.equal(api.GetValue("cmi.completion_status"), "unknown", "fresh state for b");
  api.SetValue("adl.nav.request", "{target=c}choice");
  api.Terminate("");
  page.drain();
  assert.equal(page.lastView().currentItemId, "c");

  api = page.api;
  api.Initialize("");
  api.SetValue("adl.nav.request", "previous");
  api.Terminate("");
  page.drain();
  assert.equal(page.lastView().currentItemId, "b");

  api = page.api;
  api.Initialize("");
  api.SetValue("adl.nav.request", "exitAll");
  api.Terminate("");
  page.drain();
  assert.deepEqual(page.exits, ["/s/d1/exit"]);
});

function sequencedLaunch(controls, extra = {}) {
  return launchData(
    Object.assign(
      {
        standard: "scorm2004",
        choice: controls.choice !== false,
        flow: controls.flow !== false,
        sequencing: {
          activityTree: {
            id: "org",
            title: "Module",
            sequencingControls: controls,
            children: [
              { id: "a", title: "Item a" },
              { id: "b", title: "Item b" },
              { id: "c", title: "Item c" },
            ],
          },
        },
      },
      extra
    )
  );
}

test("SCORM 2004 forced sequential: no choice, flow forward, content continue delivers", () => {
  const page = fakePage(sequencedLaunch({ choice: false, flow: true }));
  page.player.start();
  page.drain();
  assert.deepEqual(page.loads, ["/s/d1/c/a/index.html"]);
  let nav = page.lastView().nav;
  assert.deepEqual(nav.choice, { a: false, b: false, c: false });
  assert.equal(nav.next, true);
  assert.equal(nav.previous, false);
  assert.equal(page.player.choose("c"), false);

  const api = page.api;
  api.Initialize("");
  assert.equal(api.GetValue("adl.nav.request_valid.continue"), "true");
  assert.equal(api.GetValue("adl.nav.request_valid.choice.{target=c}"), "false");
  api.SetValue("cmi.completion_status", "completed");
  api.SetValue("cmi.location", "a-end");
  api.SetValue("cmi.session_time", "PT5M");
  api.SetValue("adl.nav.request", "continue");
  assert.equal(api.Terminate(""), "true");
  assert.equal(page.posts.at(-1).body.itemId, "a");
  assert.equal(page.posts.at(-1).body.final, true);
  page.drain();
  assert.equal(page.lastView().currentItemId, "b");
  assert.equal(page.loads.at(-1), "/s/d1/c/b/index.html?x=1");
  nav = page.lastView().nav;
  assert.equal(nav.previous, true);

  // The learner's next while b runs: b is terminated (final commit), then c is delivered.
  assert.equal(page.api, api, "one API instance keeps the sequencing state");
  api.Initialize("");
  assert.equal(api.GetValue("cmi.entry"), "ab-initio");
  assert.equal(api.GetValue("cmi.location"), "", "nothing of a leaks into b");
  assert.equal(api.GetValue("cmi.total_time"), "PT0S", "a's time is not b's");
  api.Commit("");
  assert.equal(page.posts.at(-1).body.itemId, "b");
  assert.equal(page.posts.at(-1).body.attemptKey, "key-2");
  assert.equal(page.posts.at(-1).body.seq, 1);
  assert.equal(page.player.next(), true);
  assert.equal(page.posts.at(-1).body.itemId, "b");
  assert.equal(page.posts.at(-1).body.final, true);
  page.drain();
  assert.equal(page.lastView().currentItemId, "c");

  // Continue past the last activity ends the sequencing session: the player exits.
  api.Initialize("");
  api.SetValue("adl.nav.request", "continue");
  api.Terminate("");
  page.drain();
  assert.deepEqual(page.exits, ["/s/d1/exit"]);
});

test("SCORM 2004 sequencing with choice: a TOC choice delivers the target", () => {
  const page = fakePage(sequencedLaunch({ choice: true, flow: true }));
  page.player.start();
  page.drain();
  page.api.Initialize("");
  assert.equal(page.player.choose("c"), true);
  page.drain();
  assert.equal(page.lastView().currentItemId, "c");
  assert.equal(page.posts.at(-1).body.itemId, "a");
});

test("SCORM 2004 sequencing starts at the resumed item even where choice is off", () => {
  const page = fakePage(
    sequencedLaunch(
      { choice: false, flow: true },
      {
        startItemId: "b",
        resume: {
          lastItemId: "b",
          cmi: { b: { location: "q3", suspend_data: "s" } },
          entry: { b: "resume" },
        },
      }
    )
  );
  page.player.start();
  page.drain();
  assert.equal(page.lastView().currentItemId, "b");
  page.api.Initialize("");
  assert.equal(page.api.GetValue("cmi.entry"), "resume");
  assert.equal(page.api.GetValue("cmi.location"), "q3");
});

test("a course without anything to launch says so", () => {
  const page = fakePage(launchData({ items: [item("org", null)] }));
  page.player.start();
  assert.equal(page.loads.length, 0);
  assert.equal(page.lastView().error, "this course has nothing to launch");
});
