'use strict';
// courseport-runtime.js against fake LMS API objects (run with: node --test src/test/js).
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const dir = path.join(__dirname, '../../main/resources/org/courseport/server/export/web/');
const Runtime = require(dir + 'courseport-runtime.js');
const Quiz = require(dir + 'courseport-quiz.js');

/** A SCORM 1.2 API that records calls and keeps values. */
function fakeApi12(initial) {
  const values = Object.assign({'cmi.core.lesson_status': 'not attempted',
    'cmi.interactions._count': '0'}, initial || {});
  const calls = [];
  return {
    values, calls,
    LMSInitialize(a) { calls.push(['LMSInitialize', a]); return 'true'; },
    LMSGetValue(k) { calls.push(['LMSGetValue', k]); return k in values ? values[k] : ''; },
    LMSSetValue(k, v) { calls.push(['LMSSetValue', k, v]); values[k] = v; return 'true'; },
    LMSCommit(a) { calls.push(['LMSCommit', a]); return 'true'; },
    LMSFinish(a) { calls.push(['LMSFinish', a]); return 'true'; },
    LMSGetLastError() { return '0'; },
  };
}

/** A SCORM 2004 API that records calls and keeps values. */
function fakeApi2004(initial) {
  const values = Object.assign({'cmi.completion_status': 'unknown',
    'cmi.interactions._count': '0'}, initial || {});
  const calls = [];
  return {
    values, calls,
    Initialize(a) { calls.push(['Initialize', a]); return 'true'; },
    GetValue(k) { calls.push(['GetValue', k]); return k in values ? values[k] : ''; },
    SetValue(k, v) { calls.push(['SetValue', k, v]); values[k] = v; return 'true'; },
    Commit(a) { calls.push(['Commit', a]); return 'true'; },
    Terminate(a) { calls.push(['Terminate', a]); return 'true'; },
    GetLastError() { return '0'; },
  };
}

/** A window chain: frames[0] is the innermost; each one's parent is the next. */
function windows(count) {
  const list = [];
  for (let i = 0; i < count; i++) list.push({name: 'w' + i});
  list.forEach((w, i) => { w.parent = list[i + 1] || w; w.top = list[count - 1]; });
  return list;
}

test('API discovery: the nearest parent that has it', () => {
  const wins = windows(4);
  const api = fakeApi12();
  wins[2].API = api;
  wins[3].API = 'outer';
  assert.equal(Runtime.findApi(wins[0], 'API'), api);
  assert.equal(Runtime.findApi(wins[0], 'API_1484_11'), null);
});

test('API discovery: at most 10 levels up', () => {
  const wins = windows(13);
  wins[10].API_1484_11 = 'ten';
  assert.equal(Runtime.findApi(wins[0], 'API_1484_11'), 'ten');
  delete wins[10].API_1484_11;
  wins[11].API_1484_11 = 'eleven';
  assert.equal(Runtime.findApi(wins[0], 'API_1484_11'), null);
});

test('API discovery: then the opener and its parents', () => {
  const wins = windows(2);
  const openerWins = windows(3);
  openerWins[1].API = 'in opener parent';
  wins[1].opener = openerWins[0];
  assert.equal(Runtime.findApi(wins[0], 'API'), 'in opener parent');
});

test('API discovery: a cross-origin parent that throws is passed over', () => {
  const wins = windows(2);
  const hostile = {};
  Object.defineProperty(hostile, 'API', {get() { throw new Error('SecurityError'); }});
  hostile.parent = hostile;
  wins[1].parent = hostile;
  assert.equal(Runtime.findApi(wins[0], 'API'), null);
});

test('session time formats: 1.2 HHHH:MM:SS.SS and 2004 ISO 8601 durations', () => {
  assert.equal(Runtime.formatTime12(0), '00:00:00.00');
  assert.equal(Runtime.formatTime12(3723450), '01:02:03.45');
  assert.equal(Runtime.formatTime12(100 * 3600000 + 5000), '100:00:05.00');
  assert.equal(Runtime.formatTime12(20000 * 3600000), '9999:59:59.99');
  assert.equal(Runtime.formatTime2004(0), 'PT0S');
  assert.equal(Runtime.formatTime2004(3723450), 'PT1H2M3.45S');
  assert.equal(Runtime.formatTime2004(3600000), 'PT1H');
  assert.equal(Runtime.formatTime2004(61000), 'PT1M1S');
  assert.equal(Runtime.formatTime2004(1234), 'PT1.23S');
  assert.equal(Runtime.timestamp2004(new Date(Date.UTC(2026, 0, 2, 3, 4, 5))),
    '2026-01-02T03:04:05Z');
});

const questions = {
  mc: {id: 'l1q1n1', type: 'multiple_choice', points: 2, correct: [1]},
  ma: {id: 'l1q1n2', type: 'multiple_answers', points: 1, correct: [0, 2]},
  tf: {id: 'l1q1n3', type: 'true_false', points: 1, answer: true},
  sa: {id: 'l1q1n4', type: 'short_answer', points: 1, answers: ['Paris', 'paris france'],
    caseSensitive: true},
  num: {id: 'l1q1n5', type: 'numeric', points: 1, answer: 10, tolerance: 0.5},
};

function graded(q, response) {
  return Quiz.gradeQuestion(q, response);
}

test('interaction mapping: SCORM 1.2 vocabulary', () => {
  const i12 = (q, r) => Runtime.interaction('scorm12', q, graded(q, r));
  assert.deepEqual(i12(questions.mc, [1]), {id: 'l1q1n1', weighting: 2, type: 'choice',
    response: '1', patterns: ['1'], result: 'correct'});
  assert.deepEqual(i12(questions.ma, [0, 1]), {id: 'l1q1n2', weighting: 1, type: 'choice',
    response: '0,1', patterns: ['0,2'], result: 'wrong'});
  assert.deepEqual(i12(questions.tf, 'false'), {id: 'l1q1n3', weighting: 1, type: 'true-false',
    response: 'f', patterns: ['t'], result: 'wrong'});
  assert.deepEqual(i12(questions.sa, ' Paris '), {id: 'l1q1n4', weighting: 1, type: 'fill-in',
    response: 'Paris', patterns: ['Paris', 'paris france'], result: 'correct'});
  assert.deepEqual(i12(questions.num, '10.4'), {id: 'l1q1n5', weighting: 1, type: 'numeric',
    response: '10.4', patterns: ['10'], result: 'correct'});
  // Choice 40 has no single character in SCORM 1.2: reported as text.
  const many = {id: 'x', type: 'multiple_choice', points: 1, correct: [40]};
  assert.equal(i12(many, [40]).type, 'fill-in');
  assert.equal(i12(many, [40]).response, '40');
  // Choice indices 10.. are letters.
  assert.equal(i12({id: 'y', type: 'multiple_choice', points: 1, correct: [11]}, [10]).response,
    'a');
});

test('interaction mapping: SCORM 2004 vocabulary', () => {
  const i2004 = (q, r) => Runtime.interaction('scorm2004', q, graded(q, r));
  assert.deepEqual(i2004(questions.mc, [1]), {id: 'l1q1n1', weighting: 2, type: 'choice',
    response: 'choice-1', patterns: ['choice-1'], result: 'correct'});
  assert.deepEqual(i2004(questions.ma, [2, 0]), {id: 'l1q1n2', weighting: 1, type: 'choice',
    response: 'choice-0[,]choice-2', patterns: ['choice-0[,]choice-2'], result: 'correct'});
  assert.deepEqual(i2004(questions.tf, 'false'), {id: 'l1q1n3', weighting: 1,
    type: 'true-false', response: 'false', patterns: ['true'], result: 'incorrect'});
  assert.deepEqual(i2004(questions.sa, 'paris'), {id: 'l1q1n4', weighting: 1, type: 'fill-in',
    response: 'paris', patterns: ['{case_matters=true}Paris', '{case_matters=true}paris france'],
    result: 'incorrect'});
  assert.deepEqual(i2004(questions.num, '9'), {id: 'l1q1n5', weighting: 1, type: 'numeric',
    response: '9', patterns: ['9.5[:]10.5'], result: 'incorrect'});
  assert.equal(i2004(questions.num, '').response, '');
});

function pageData(overrides) {
  return Object.assign({
    runtime: 'scorm12', masteryScore: 80, lessonCount: 3,
    lessons: [{index: 0, title: 'A'}, {index: 1, title: 'B'}, {index: 2, title: 'C'}],
    quizzes: [
      {id: '1-0', lessonIndex: 1, passingScore: 80, questions: [questions.mc, questions.tf]},
      {id: '2-0', lessonIndex: 2, questions: [questions.num]},
    ],
  }, overrides || {});
}

function clock(start) {
  let t = start;
  const now = () => new Date(t);
  now.advance = (ms) => { t += ms; };
  return now;
}

function setCalls(api) {
  return api.calls.filter((c) => c[0] === 'LMSSetValue' || c[0] === 'SetValue')
    .map((c) => [c[1], c[2]]);
}

test('SCORM 1.2 session: initialize, progress, score, pass, interactions, finish once', () => {
  const api = fakeApi12();
  const now = clock(Date.UTC(2026, 0, 1, 10, 0, 0));
  const session = new Runtime.Session(Runtime.adapter12(api), pageData(), {now});
  assert.equal(session.start(), 0);
  assert.equal(api.calls[0][0], 'LMSInitialize');
  assert.equal(api.values['cmi.core.lesson_status'], 'incomplete');
  assert.equal(api.values['cmi.core.lesson_location'], '0');

  session.visit(1);
  const quiz = session.data.quizzes[0];
  const responses = {l1q1n1: [1], l1q1n3: 'true'};
  session.recordQuiz(quiz, Quiz.gradeQuiz(quiz, responses), responses);
  assert.equal(api.values['cmi.interactions.0.id'], 'l1q1n1');
  assert.equal(api.values['cmi.interactions.0.type'], 'choice');
  assert.equal(api.values['cmi.interactions.0.student_response'], '1');
  assert.equal(api.values['cmi.interactions.0.correct_responses.0.pattern'], '1');
  assert.equal(api.values['cmi.interactions.0.result'], 'correct');
  assert.equal(api.values['cmi.interactions.0.weighting'], '2');
  assert.equal(api.values['cmi.interactions.1.id'], 'l1q1n3');
  assert.equal(api.values['cmi.interactions.1.student_response'], 't');
  assert.match(api.values['cmi.interactions.1.time'], /^\d\d:\d\d:\d\d$/);
  // 3 of 4 points so far: the unanswered quiz counts as 0.
  assert.equal(api.values['cmi.core.score.raw'], '75');
  assert.equal(api.values['cmi.core.score.min'], '0');
  assert.equal(api.values['cmi.core.score.max'], '100');
  assert.equal(api.values['cmi.core.lesson_status'], 'incomplete');

  session.visit(2);
  // Last lesson reached, a quiz still open: completed, not yet passed or failed.
  assert.equal(api.values['cmi.core.lesson_status'], 'completed');
  const quiz2 = session.data.quizzes[1];
  session.recordQuiz(quiz2, Quiz.gradeQuiz(quiz2, {l1q1n5: '10'}), {l1q1n5: '10'});
  assert.equal(api.values['cmi.core.score.raw'], '100');
  assert.equal(api.values['cmi.core.lesson_status'], 'passed');
  assert.equal(api.values['cmi.interactions.2.type'], 'numeric');

  now.advance(3723450);
  assert.equal(session.finish(), true);
  assert.equal(session.finish(), false);
  assert.equal(api.values['cmi.core.session_time'], '01:02:03.45');
  assert.equal(api.values['cmi.core.exit'], '');
  assert.equal(api.calls.filter((c) => c[0] === 'LMSFinish').length, 1);
  const last = api.calls.filter((c) => c[0] !== 'LMSGetValue').slice(-2).map((c) => c[0]);
  assert.deepEqual(last, ['LMSCommit', 'LMSFinish']);
  // Nothing is written after the session ended.
  const before = api.calls.length;
  session.visit(0);
  assert.equal(api.calls.length, before);
});

test('SCORM 1.2: failing below the mastery score, LMS mastery score wins', () => {
  const api = fakeApi12({'cmi.student_data.mastery_score': '50'});
  const data = pageData({lessons: [{index: 0, title: 'A'}], lessonCount: 1,
    quizzes: [{id: '0-0', lessonIndex: 0, questions: [questions.mc, questions.tf]}]});
  const session = new Runtime.Session(Runtime.adapter12(api), data, {});
  session.start();
  assert.equal(api.values['cmi.core.lesson_status'], 'completed');
  const quiz = data.quizzes[0];
  // 1 of 3 points = 33.33% < 50.
  session.recordQuiz(quiz, Quiz.gradeQuiz(quiz, {l1q1n1: [0], l1q1n3: 'true'}), {});
  assert.equal(api.values['cmi.core.score.raw'], '33.33');
  assert.equal(api.values['cmi.core.lesson_status'], 'failed');
  // 2 of 3 = 66.67 would fail against the page's 80 but passes the LMS's 50.
  const api2 = fakeApi12({'cmi.student_data.mastery_score': '50'});
  const s2 = new Runtime.Session(Runtime.adapter12(api2), data, {});
  s2.start();
  s2.recordQuiz(quiz, Quiz.gradeQuiz(quiz, {l1q1n1: [1], l1q1n3: 'false'}), {});
  assert.equal(api2.values['cmi.core.score.raw'], '66.67');
  assert.equal(api2.values['cmi.core.lesson_status'], 'passed');
});

test('SCORM 1.2: not finished leaves exit suspend; resume restores location and quizzes', () => {
  const api = fakeApi12();
  const session = new Runtime.Session(Runtime.adapter12(api), pageData(), {});
  session.start();
  session.visit(1);
  const quiz = session.data.quizzes[0];
  const responses = {l1q1n1: [1], l1q1n3: 'false'};
  session.recordQuiz(quiz, Quiz.gradeQuiz(quiz, responses), responses);
  session.finish();
  assert.equal(api.values['cmi.core.exit'], 'suspend');
  const saved = JSON.parse(api.values['cmi.suspend_data']);
  assert.deepEqual(saved, {v: 1, c: 0, q: {'1-0': {e: 2, p: 3, s: 66.67, a: responses}}});

  const resumed = fakeApi12({
    'cmi.core.lesson_status': 'incomplete', 'cmi.core.entry': 'resume',
    'cmi.core.lesson_location': '1', 'cmi.suspend_data': api.values['cmi.suspend_data'],
    'cmi.interactions._count': '2',
  });
  const again = new Runtime.Session(Runtime.adapter12(resumed), pageData(), {});
  assert.equal(again.start(), 1);
  assert.deepEqual(again.savedResult('1-0').responses, responses);
  const quiz2 = again.data.quizzes[1];
  again.recordQuiz(quiz2, Quiz.gradeQuiz(quiz2, {l1q1n5: '3'}), {l1q1n5: '3'});
  // New interactions go after the ones the LMS already has.
  assert.equal(resumed.values['cmi.interactions.2.id'], 'l1q1n5');
  assert.equal(resumed.values['cmi.core.score.raw'], String(Math.round(2 / 4 * 10000) / 100));
});

test('SCORM 1.2: suspend data over 4096 characters drops the answers, keeps the scores', () => {
  const api = fakeApi12();
  const data = pageData({lessons: [{index: 0, title: 'A'}], lessonCount: 1,
    quizzes: [{id: '0-0', lessonIndex: 0, questions: [questions.sa]}]});
  const session = new Runtime.Session(Runtime.adapter12(api), data, {});
  session.start();
  const long = {l1q1n4: 'x'.repeat(5000)};
  session.recordQuiz(data.quizzes[0], Quiz.gradeQuiz(data.quizzes[0], long), long);
  const text = api.values['cmi.suspend_data'];
  assert.ok(text.length <= 4096);
  assert.deepEqual(JSON.parse(text).q['0-0'], {e: 0, p: 1, s: 0});
  assert.equal(api.values['cmi.interactions.0.student_response'].length, 255);
});

test('SCORM 1.2: an earlier completion is not reported back as incomplete', () => {
  const api = fakeApi12({'cmi.core.lesson_status': 'passed'});
  const session = new Runtime.Session(Runtime.adapter12(api), pageData({quizzes: []}), {});
  session.start();
  assert.equal(api.values['cmi.core.lesson_status'], 'completed');
});

test('SCORM 2004 session: completion, success, scaled score, ISO session time', () => {
  const api = fakeApi2004();
  const now = clock(Date.UTC(2026, 0, 1, 10, 0, 0));
  const data = pageData({runtime: 'scorm2004'});
  const session = new Runtime.Session(Runtime.adapter2004(api), data, {now});
  session.start();
  assert.equal(api.calls[0][0], 'Initialize');
  assert.equal(api.values['cmi.completion_status'], 'incomplete');
  assert.equal(api.values['cmi.success_status'], 'unknown');
  assert.equal(api.values['cmi.location'], '0');
  const [q1, q2] = data.quizzes;
  session.recordQuiz(q1, Quiz.gradeQuiz(q1, {l1q1n1: [1], l1q1n3: 'true'}), {});
  session.recordQuiz(q2, Quiz.gradeQuiz(q2, {l1q1n5: '0'}), {});
  assert.equal(api.values['cmi.interactions.0.learner_response'], 'choice-1');
  assert.equal(api.values['cmi.interactions.2.result'], 'incorrect');
  assert.equal(api.values['cmi.interactions.2.timestamp'], '2026-01-01T10:00:00Z');
  assert.equal(api.values['cmi.score.raw'], '75');
  assert.equal(api.values['cmi.score.scaled'], '0.75');
  // All quizzes answered: success is known before the last lesson is reached.
  assert.equal(api.values['cmi.success_status'], 'failed');
  assert.equal(api.values['cmi.completion_status'], 'incomplete');
  session.visit(2);
  assert.equal(api.values['cmi.completion_status'], 'completed');
  now.advance(61000);
  session.finish();
  session.finish();
  assert.equal(api.values['cmi.session_time'], 'PT1M1S');
  assert.equal(api.values['cmi.exit'], 'normal');
  assert.equal(api.calls.filter((c) => c[0] === 'Terminate').length, 1);
});

test('SCORM 2004: cmi.scaled_passing_score from the LMS is the mastery score', () => {
  const api = fakeApi2004({'cmi.scaled_passing_score': '0.7'});
  const data = pageData({runtime: 'scorm2004', lessons: [{index: 0, title: 'A'}],
    lessonCount: 1, quizzes: [{id: '0-0', lessonIndex: 0,
      questions: [questions.mc, questions.tf, questions.num]}]});
  const session = new Runtime.Session(Runtime.adapter2004(api), data, {});
  session.start();
  const q = data.quizzes[0];
  // 3 of 4 = 75 >= 70.
  session.recordQuiz(q, Quiz.gradeQuiz(q, {l1q1n1: [1], l1q1n3: 'true'}), {});
  assert.equal(api.values['cmi.success_status'], 'passed');
  assert.equal(api.values['cmi.completion_status'], 'completed');
});

test('SCORM 2004: navigation requests then terminates', () => {
  const api = fakeApi2004();
  const data = pageData({runtime: 'scorm2004', lessons: [{index: 1, title: 'B'}],
    quizzes: [], navigation: {previous: '01-a.html', next: '03-c.html'}});
  const session = new Runtime.Session(Runtime.adapter2004(api), data, {});
  session.start();
  assert.equal(api.values['cmi.completion_status'], 'completed');
  assert.equal(session.navigate('continue'), true);
  assert.equal(api.values['adl.nav.request'], 'continue');
  assert.equal(api.calls.filter((c) => c[0] === 'Terminate').length, 1);
  const sets = setCalls(api).map((c) => c[0]);
  assert.ok(sets.indexOf('adl.nav.request') < sets.lastIndexOf('cmi.exit'));
});

test('standalone: no adapter, nothing reported, grading still works', () => {
  const session = new Runtime.Session(null, pageData({runtime: 'none'}), {});
  assert.equal(session.start(), 0);
  const q = session.data.quizzes[0];
  session.recordQuiz(q, Quiz.gradeQuiz(q, {l1q1n1: [1]}), {l1q1n1: [1]});
  assert.equal(session.score(), 50);
  assert.equal(session.finish(), false);
  assert.equal(Runtime.connect({parent: null}, 'none'), null);
});

test('connect picks the API of the page runtime', () => {
  const wins = windows(2);
  wins[1].API = fakeApi12();
  wins[1].API_1484_11 = fakeApi2004();
  assert.equal(Runtime.connect(wins[0], 'scorm12').kind, 'scorm12');
  assert.equal(Runtime.connect(wins[0], 'scorm2004').kind, 'scorm2004');
  assert.equal(Runtime.connect(windows(2)[0], 'scorm12'), null);
});

test('an LMS that refuses to initialise leaves the page standalone', () => {
  const api = fakeApi12();
  api.LMSInitialize = () => 'false';
  const session = new Runtime.Session(Runtime.adapter12(api), pageData(), {});
  session.start();
  session.visit(2);
  assert.equal(session.active, false);
  assert.equal(api.calls.length, 0);
  assert.equal(session.finish(), false);
});
