'use strict';
// Grading of each question type by courseport-quiz.js (run with: node --test src/test/js).
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const Quiz = require(path.join(
  __dirname, '../../main/resources/org/courseport/server/export/web/courseport-quiz.js'));

const mc = {id: 'l1q1n1', type: 'multiple_choice', points: 2, correct: [1]};
const ma = {id: 'l1q1n2', type: 'multiple_answers', points: 3, correct: [0, 2]};
const tf = {id: 'l1q1n3', type: 'true_false', points: 1, answer: false};
const sa = {id: 'l1q1n4', type: 'short_answer', points: 1, answers: ['Paris', 'Lutetia'],
  caseSensitive: false};
const saCase = {id: 'l1q1n5', type: 'short_answer', points: 1, answers: ['NaCl'],
  caseSensitive: true};
const num = {id: 'l1q1n6', type: 'numeric', points: 1, answer: 3.14, tolerance: 0.01};
const exact = {id: 'l1q1n7', type: 'numeric', points: 1, answer: 0.3, tolerance: 0};

test('multiple choice: exactly the correct choice', () => {
  assert.equal(Quiz.isCorrect(mc, [1]), true);
  assert.equal(Quiz.isCorrect(mc, ['1']), true);
  assert.equal(Quiz.isCorrect(mc, [0]), false);
  assert.equal(Quiz.isCorrect(mc, [0, 1]), false);
  assert.equal(Quiz.isCorrect(mc, []), false);
  assert.equal(Quiz.isCorrect(mc, undefined), false);
});

test('multiple answers: all correct choices and nothing else, in any order', () => {
  assert.equal(Quiz.isCorrect(ma, [2, 0]), true);
  assert.equal(Quiz.isCorrect(ma, [0]), false);
  assert.equal(Quiz.isCorrect(ma, [0, 1, 2]), false);
  assert.equal(Quiz.isCorrect(ma, [0, 0, 2]), true);
});

test('true/false compares the value', () => {
  assert.equal(Quiz.isCorrect(tf, 'false'), true);
  assert.equal(Quiz.isCorrect(tf, false), true);
  assert.equal(Quiz.isCorrect(tf, 'true'), false);
  assert.equal(Quiz.isCorrect(tf, ''), false);
  assert.equal(Quiz.isCorrect(tf, 'maybe'), false);
});

test('short answer: any accepted answer, trimmed, case as configured', () => {
  assert.equal(Quiz.isCorrect(sa, '  paris '), true);
  assert.equal(Quiz.isCorrect(sa, 'LUTETIA'), true);
  assert.equal(Quiz.isCorrect(sa, 'London'), false);
  assert.equal(Quiz.isCorrect(saCase, 'NaCl'), true);
  assert.equal(Quiz.isCorrect(saCase, 'nacl'), false);
  assert.equal(Quiz.normalizeText('  a \t  b  ', false), 'a b');
});

test('numeric: within the tolerance, numbers or numeric strings', () => {
  assert.equal(Quiz.isCorrect(num, '3.15'), true);
  assert.equal(Quiz.isCorrect(num, 3.13), true);
  assert.equal(Quiz.isCorrect(num, '3.2'), false);
  assert.equal(Quiz.isCorrect(num, 'pi'), false);
  assert.equal(Quiz.isCorrect(num, ''), false);
  assert.equal(Quiz.isCorrect(exact, 0.1 + 0.2), true);
  assert.equal(Quiz.isCorrect(exact, 0.31), false);
});

test('a quiz scores the percent of its points', () => {
  const quiz = {id: '0-0', questions: [mc, ma, tf, sa, num]};
  const result = Quiz.gradeQuiz(quiz, {
    l1q1n1: [1], l1q1n2: [0], l1q1n3: 'false', l1q1n4: 'Rome', l1q1n6: '3.14',
  });
  assert.equal(result.earned, 2 + 1 + 1);
  assert.equal(result.possible, 8);
  assert.equal(result.percent, 50);
  assert.deepEqual(result.questions.map((q) => q.correct), [true, false, true, false, true]);
  assert.deepEqual(result.questions.map((q) => q.earned), [2, 0, 1, 0, 1]);
});

test('a quiz of zero-point questions scores 100 only when all are correct', () => {
  const zero = {id: '0-1', questions: [{...tf, points: 0}, {...mc, points: 0}]};
  assert.equal(Quiz.gradeQuiz(zero, {l1q1n3: 'false', l1q1n1: [1]}).percent, 100);
  assert.equal(Quiz.gradeQuiz(zero, {l1q1n3: 'false', l1q1n1: [0]}).percent, 0);
});

test('percent rounds to two decimals', () => {
  const quiz = {id: '0-0', questions: [
    {...tf, id: 'a', points: 1}, {...tf, id: 'b', points: 1}, {...tf, id: 'c', points: 1}]};
  assert.equal(Quiz.gradeQuiz(quiz, {a: 'false'}).percent, 33.33);
  assert.equal(Quiz.gradeQuiz(quiz, {a: 'false', b: 'false'}).percent, 66.67);
});

test('result text names the score and the pass mark', () => {
  const r = {percent: 75, earned: 3, possible: 4};
  assert.equal(Quiz.resultText(r, 80), 'Score: 75% (3 of 4 points) \u2013 not passed');
  assert.equal(Quiz.resultText(r, 70), 'Score: 75% (3 of 4 points) \u2013 passed');
  assert.equal(Quiz.resultText(r), 'Score: 75% (3 of 4 points)');
});

// A minimal form double: inputs found by name as querySelectorAll('[name="…"]') does.
function fakeForm(inputs) {
  return {
    querySelectorAll(selector) {
      const m = /^\[name="(.*)"\]$/.exec(selector);
      return m ? inputs.filter((i) => i.name === m[1]) : [];
    },
  };
}

test('responses are read from and written back to the form inputs', () => {
  const inputs = [
    {name: 'q-l1q1n1', value: '0', checked: false}, {name: 'q-l1q1n1', value: '1', checked: true},
    {name: 'q-l1q1n2', value: '0', checked: true}, {name: 'q-l1q1n2', value: '1', checked: false},
    {name: 'q-l1q1n2', value: '2', checked: true},
    {name: 'q-l1q1n3', value: 'true', checked: false},
    {name: 'q-l1q1n3', value: 'false', checked: true},
    {name: 'q-l1q1n4', value: 'Paris'}, {name: 'q-l1q1n6', value: '3.14'},
  ];
  const quiz = {id: '0-0', questions: [mc, ma, tf, sa, num]};
  const responses = Quiz.readResponses(fakeForm(inputs), quiz);
  assert.deepEqual(responses, {
    l1q1n1: [1], l1q1n2: [0, 2], l1q1n3: 'false', l1q1n4: 'Paris', l1q1n6: '3.14',
  });
  inputs.forEach((i) => {
    if ('checked' in i) i.checked = false; else i.value = '';
  });
  Quiz.writeResponses(fakeForm(inputs), quiz, responses);
  assert.deepEqual(Quiz.readResponses(fakeForm(inputs), quiz), responses);
});
