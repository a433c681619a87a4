// The player's pure logic: table of contents, navigation order and state, start item, commit
// body, the CMI loaded at (re)launch, and the scorm-again settings.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const lib = require("../player.js");
const { item, launchData } = require("./harness.js");

test("the table of contents shows visible items with depth; aggregations are not links", () => {
  const items = [
    item("org", null, { depth: 0, title: "Module 1" }),
    item("a", "a.html", { depth: 1 }),
    item("hidden", "h.html", { visible: false }),
    item("b", "b.html", { depth: 12, title: "" }),
  ];
  assert.deepEqual(JSON.parse(JSON.stringify(lib.tocModel(items))), [
    { id: "org", title: "Module 1", depth: 0, launchable: false },
    { id: "a", title: "Item a", depth: 1, launchable: true },
    { id: "b", title: "b", depth: 8, launchable: true },
  ]);
});

test("previous and next go through the launchable items in order, hidden ones included", () => {
  const items = [
    item("org", null),
    item("a", "a.html"),
    item("x", null),
    item("h", "h.html", { visible: false }),
    item("b", "b.html"),
  ];
  assert.deepEqual(
    lib.launchableItems(items).map((i) => i.id),
    ["a", "h", "b"]
  );
  assert.deepEqual(lib.neighbours(items, "a"), { previous: null, next: "h" });
  assert.deepEqual(lib.neighbours(items, "h"), { previous: "a", next: "b" });
  assert.deepEqual(lib.neighbours(items, "b"), { previous: "h", next: null });
  assert.deepEqual(lib.neighbours(items, null), { previous: null, next: "a" });
});

test("the start item is startItemId, else the resumed item, else the first launchable", () => {
  const base = launchData();
  assert.equal(lib.startItemId(base), "a");
  assert.equal(
    lib.startItemId(launchData({ resume: { lastItemId: "c", cmi: {}, entry: {} } })),
    "c"
  );
  assert.equal(
    lib.startItemId(
      launchData({ startItemId: "b", resume: { lastItemId: "c", cmi: {}, entry: {} } })
    ),
    "b"
  );
  assert.equal(lib.startItemId(launchData({ startItemId: "org" })), "a", "not an aggregation");
  assert.equal(lib.startItemId(launchData({ startItemId: "nope" })), "a", "not an unknown id");
  assert.equal(lib.startItemId(launchData({ items: [item("org", null)] })), null);
});

test("without sequencing, flow and choice of the plan decide the controls", () => {
  const launch = launchData();
  let nav = lib.navState(launch, "a", null);
  assert.equal(nav.previous, false);
  assert.equal(nav.next, true);
  assert.equal(nav.exit, true);
  assert.deepEqual(nav.choice, { a: true, b: true, c: true });
  nav = lib.navState(launch, "c", null);
  assert.equal(nav.previous, true);
  assert.equal(nav.next, false);

  nav = lib.navState(launchData({ choice: false }), "b", null);
  assert.deepEqual(nav.choice, { a: false, b: false, c: false });
  assert.equal(nav.previous, true);
  nav = lib.navState(launchData({ flow: false }), "b", null);
  assert.equal(nav.previous, false);
  assert.equal(nav.next, false);
  assert.equal(nav.choice.c, true);
});

test("with sequencing, the navigation validity decides, and hideLmsUi hides controls", () => {
  const launch = launchData({ standard: "scorm2004" });
  const validity = {
    continue: true,
    previous: false,
    choice: { a: "true", b: "false", c: "true" },
    jump: {},
    hideLmsUi: [],
    auxiliaryResources: [],
  };
  let nav = lib.navState(launch, "a", validity);
  assert.equal(nav.next, true);
  assert.equal(nav.previous, false);
  assert.deepEqual(nav.choice, { a: true, b: false, c: true });

  nav = lib.navState(launchData({ standard: "scorm2004", choice: false }), "a", validity);
  assert.deepEqual(nav.choice, { a: false, b: false, c: false });

  nav = lib.navState(launch, "a", Object.assign({}, validity, { hideLmsUi: ["continue", "exit"] }));
  assert.equal(nav.next, false);
  assert.equal(nav.hideNext, true);
  assert.equal(nav.exit, false);
  assert.equal(nav.hidePrevious, false);
});

test("the commit body has the contract's fields and scorm-again's cmi", () => {
  const body = lib.commitBody("a", "k1", 3, true, { cmi: { core: { lesson_status: "passed" } } });
  assert.deepEqual(JSON.parse(JSON.stringify(body)), {
    itemId: "a",
    attemptKey: "k1",
    seq: 3,
    final: true,
    cmi: { core: { lesson_status: "passed" } },
  });
  assert.equal(lib.commitBody("a", "k", 1, undefined, { cmi: {} }).final, false);
});

test("SCORM 1.2 launch CMI: stored data, entry, learner and the manifest's values", () => {
  const launch = launchData({
    resume: {
      lastItemId: "a",
      cmi: {
        a: {
          core: {
            lesson_location: "p7",
            session_time: "00:10:00",
            exit: "suspend",
            total_time: "00:20:00",
            entry: "ab-initio",
          },
          suspend_data: "state",
        },
      },
      entry: { a: "resume" },
    },
  });
  const a = item("a", "a.html", {
    dataFromLms: "cfg=1",
    masteryScore: "80",
    maxTimeAllowed: "00:30:00",
    timeLimitAction: "exit,message",
  });
  assert.deepEqual(JSON.parse(JSON.stringify(lib.initialCmi(launch, a))), {
    core: {
      lesson_location: "p7",
      total_time: "00:20:00",
      entry: "resume",
      student_id: "u1",
      student_name: "Ada",
      lesson_mode: "normal",
      credit: "credit",
    },
    suspend_data: "state",
    launch_data: "cfg=1",
    student_data: {
      mastery_score: "80",
      max_time_allowed: "00:30:00",
      time_limit_action: "exit,message",
    },
  });
  const fresh = lib.initialCmi(launch, item("b", "b.html"));
  assert.equal(fresh.core.entry, "ab-initio");
  assert.equal(fresh.student_data, undefined);
  assert.equal(fresh.launch_data, undefined);
});

test("SCORM 2004 launch CMI: learner, mode, credit, entry and thresholds", () => {
  const launch = launchData({
    standard: "scorm2004",
    learner: { id: "preview", name: "Preview" },
    resume: {
      lastItemId: "a",
      cmi: { a: { location: "5", session_time: "PT1M", exit: "suspend", suspend_data: "s" } },
      entry: { a: "resume" },
    },
  });
  const a = item("a", "a.html", { completionThreshold: "0.8", scaledPassingScore: "0.7" });
  assert.deepEqual(JSON.parse(JSON.stringify(lib.initialCmi(launch, a))), {
    location: "5",
    suspend_data: "s",
    learner_id: "preview",
    learner_name: "Preview",
    mode: "normal",
    credit: "credit",
    entry: "resume",
    completion_threshold: "0.8",
    scaled_passing_score: "0.7",
  });
  assert.equal(lib.entryFor(launch, "b"), "ab-initio");
  assert.equal(lib.entryFor(launchData({ resume: { entry: { a: "bogus" } } }), "a"), "ab-initio");
});

test("settings: preview commits nothing, tracked commits to the commit URL, autocommit", () => {
  const preview = lib.settingsFor(launchData({ mode: "preview", commitUrl: null }));
  assert.equal(preview.lmsCommitUrl, false);
  assert.equal(preview.autocommit, false);

  const tracked = lib.settingsFor(
    launchData({ settings: { autoCommitSeconds: 30, masteryOverride: true } })
  );
  assert.equal(tracked.lmsCommitUrl, "/s/d1/commit");
  assert.equal(tracked.autocommit, true);
  assert.equal(tracked.autocommitSeconds, 30);
  assert.equal(tracked.mastery_override, true);
  assert.equal(tracked.dataCommitFormat, "json");
  assert.equal(tracked.sendFullCommit, true);
  assert.equal(tracked.useAsynchronousCommits, false);
  assert.equal(tracked.autoCompleteLessonStatus, false);
  assert.equal(tracked.sequencing, undefined);

  const noAuto = lib.settingsFor(launchData());
  assert.equal(noAuto.autocommit, false);

  const sequencing = { activityTree: { id: "org", title: "O", children: [] } };
  const s2004 = lib.settingsFor(launchData({ standard: "scorm2004", sequencing }));
  assert.deepEqual(s2004.sequencing, sequencing);
  assert.notEqual(s2004.sequencing, sequencing, "a copy: listeners are added to it");
  assert.deepEqual(s2004.scoItemIds, ["a", "b", "c"]);
  assert.equal(s2004.mastery_override, undefined);
});

test("attempt keys are 32 hex characters and differ", () => {
  const a = lib.randomKey(require("node:crypto").webcrypto);
  const b = lib.randomKey(undefined);
  assert.match(a, /^[0-9a-f]{32}$/);
  assert.match(b, /^[0-9a-f]{32}$/);
  assert.notEqual(a, b);
});
