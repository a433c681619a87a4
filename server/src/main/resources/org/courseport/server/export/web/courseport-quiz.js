/*
 * Courseport quiz grading for exported lessons. Grades offline, in the browser, from the grading
 * data the page embeds (so the answers are in the page: inherent to quizzes that work without a
 * server). Works as a plain script (window.CourseportQuiz) and as a CommonJS module (for tests).
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.CourseportQuiz = api;
  }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  function number(value) {
    if (typeof value === 'number') {
      return value;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      return NaN;
    }
    return Number(value.trim());
  }

  /** Trimmed, inner white space collapsed, lower-cased unless case matters. */
  function normalizeText(text, caseSensitive) {
    var s = String(text == null ? '' : text).trim().replace(/\s+/g, ' ');
    return caseSensitive ? s : s.toLowerCase();
  }

  /** Whether a response is given at all. */
  function answered(question, response) {
    if (response == null) {
      return false;
    }
    if (Array.isArray(response)) {
      return response.length > 0;
    }
    return String(response).trim() !== '';
  }

  /** Sorted unique choice indices out of a response (array of numbers or numeric strings). */
  function indices(response) {
    var list = Array.isArray(response) ? response : response == null ? [] : [response];
    var seen = {};
    var out = [];
    list.forEach(function (v) {
      var n = number(v);
      if (Number.isInteger(n) && n >= 0 && !seen[n]) {
        seen[n] = true;
        out.push(n);
      }
    });
    return out.sort(function (a, b) {
      return a - b;
    });
  }

  /**
   * Whether the response to one question is correct. Responses: choice questions an array of
   * 0-based choice indices, true_false "true"/"false" (or a boolean), short_answer a string,
   * numeric a number or a numeric string.
   */
  function isCorrect(question, response) {
    if (!answered(question, response)) {
      return false;
    }
    switch (question.type) {
      case 'multiple_choice':
      case 'multiple_answers': {
        var given = indices(response);
        var correct = indices(question.correct);
        if (question.type === 'multiple_choice' && given.length !== 1) {
          return false;
        }
        return given.length === correct.length && given.every(function (v, i) {
          return v === correct[i];
        });
      }
      case 'true_false': {
        var value = String(response).toLowerCase();
        if (value !== 'true' && value !== 'false') {
          return false;
        }
        return (value === 'true') === (question.answer === true);
      }
      case 'short_answer': {
        var text = normalizeText(response, question.caseSensitive === true);
        return (question.answers || []).some(function (a) {
          return normalizeText(a, question.caseSensitive === true) === text;
        });
      }
      case 'numeric': {
        var n = number(response);
        if (!isFinite(n)) {
          return false;
        }
        var tolerance = Math.abs(Number(question.tolerance) || 0);
        // A small epsilon keeps 0.1 + 0.2 style rounding from failing an exact answer.
        var epsilon = 1e-9 * Math.max(1, Math.abs(question.answer));
        return Math.abs(n - Number(question.answer)) <= tolerance + epsilon;
      }
      default:
        return false;
    }
  }

  /** One question's result: correct, points earned, points possible. */
  function gradeQuestion(question, response) {
    var points = Number(question.points);
    if (!isFinite(points) || points < 0) {
      points = 0;
    }
    var correct = isCorrect(question, response);
    return {
      id: question.id,
      correct: correct,
      answered: answered(question, response),
      response: response,
      earned: correct ? points : 0,
      possible: points
    };
  }

  /** Rounds to two decimals (scores are reported as such). */
  function round2(n) {
    return Math.round(n * 100) / 100;
  }

  /**
   * Grades a quiz: responses maps question ids to responses. The percent is of the points; a quiz
   * whose questions are worth no points scores 100 when every answer is correct, else 0.
   */
  function gradeQuiz(quiz, responses) {
    var results = quiz.questions.map(function (q) {
      return gradeQuestion(q, responses ? responses[q.id] : undefined);
    });
    var earned = 0;
    var possible = 0;
    results.forEach(function (r) {
      earned += r.earned;
      possible += r.possible;
    });
    var percent;
    if (possible > 0) {
      percent = round2((earned / possible) * 100);
    } else {
      percent = results.every(function (r) {
        return r.correct;
      })
        ? 100
        : 0;
    }
    return {id: quiz.id, earned: earned, possible: possible, percent: percent, questions: results};
  }

  /** The responses a quiz form holds, by question id. */
  function readResponses(form, quiz) {
    var responses = {};
    quiz.questions.forEach(function (q) {
      var inputs = form.querySelectorAll('[name="q-' + q.id + '"]');
      var list = Array.prototype.slice.call(inputs);
      if (q.type === 'multiple_choice' || q.type === 'multiple_answers') {
        responses[q.id] = list
          .filter(function (i) {
            return i.checked;
          })
          .map(function (i) {
            return Number(i.value);
          });
      } else if (q.type === 'true_false') {
        var checked = list.filter(function (i) {
          return i.checked;
        })[0];
        responses[q.id] = checked ? checked.value : '';
      } else {
        responses[q.id] = list.length ? list[0].value : '';
      }
    });
    return responses;
  }

  /** Puts responses back into a form (resuming a submitted quiz). */
  function writeResponses(form, quiz, responses) {
    quiz.questions.forEach(function (q) {
      var response = responses ? responses[q.id] : undefined;
      if (response == null) {
        return;
      }
      var inputs = Array.prototype.slice.call(form.querySelectorAll('[name="q-' + q.id + '"]'));
      if (q.type === 'multiple_choice' || q.type === 'multiple_answers') {
        var chosen = indices(response);
        inputs.forEach(function (i) {
          i.checked = chosen.indexOf(Number(i.value)) >= 0;
        });
      } else if (q.type === 'true_false') {
        inputs.forEach(function (i) {
          i.checked = i.value === String(response);
        });
      } else if (inputs.length) {
        inputs[0].value = String(response);
      }
    });
  }

  /** The text of a quiz result, e.g. "Score: 75% (3 of 4 points)". */
  function resultText(result, passingScore) {
    var text =
      'Score: ' + result.percent + '% (' + round2(result.earned) + ' of ' + round2(result.possible) +
      ' points)';
    if (typeof passingScore === 'number') {
      text += result.percent >= passingScore ? ' \u2013 passed' : ' \u2013 not passed';
    }
    return text;
  }

  /** Shows a graded quiz: per-question feedback, the score, inputs locked. */
  function showResult(form, quiz, result) {
    result.questions.forEach(function (r, i) {
      var q = quiz.questions[i];
      var fieldset = form.querySelector('[data-question-id="' + q.id + '"]');
      if (!fieldset) {
        return;
      }
      fieldset.setAttribute('data-result', r.correct ? 'correct' : 'incorrect');
      var feedback = fieldset.querySelector('.cp-feedback');
      if (feedback) {
        var parts = [r.correct ? 'Correct.' : 'Incorrect.'];
        if (q.choiceFeedback) {
          indices(r.response).forEach(function (c) {
            if (q.choiceFeedback[c]) {
              parts.push(q.choiceFeedback[c]);
            }
          });
        }
        if (q.feedback) {
          parts.push(q.feedback);
        }
        feedback.textContent = parts.join(' ');
        feedback.hidden = false;
      }
    });
    Array.prototype.slice.call(form.querySelectorAll('input, button')).forEach(function (el) {
      el.disabled = true;
    });
    var out = form.querySelector('.cp-quiz-result');
    if (out) {
      out.textContent = resultText(result, quiz.passingScore);
      out.hidden = false;
    }
    form.setAttribute('data-submitted', 'true');
  }

  return {
    normalizeText: normalizeText,
    isCorrect: isCorrect,
    gradeQuestion: gradeQuestion,
    gradeQuiz: gradeQuiz,
    readResponses: readResponses,
    writeResponses: writeResponses,
    resultText: resultText,
    showResult: showResult,
    round2: round2
  };
});
