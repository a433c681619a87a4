/*
 * Courseport runtime for exported lessons: shows one lesson at a time, and talks to the LMS when
 * there is one (SCORM 1.2 "API" or SCORM 2004 "API_1484_11", found the standard way). Without an
 * LMS the page works as a plain web page. Works as a plain script (window.CourseportRuntime, which
 * boots on DOMContentLoaded) and as a CommonJS module (for tests).
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.CourseportRuntime = api;
    if (root.document) {
      if (root.document.readyState === 'loading') {
        root.document.addEventListener('DOMContentLoaded', function () {
          api.boot(root, root.document);
        });
      } else {
        api.boot(root, root.document);
      }
    }
  }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var MAX_DEPTH = 10;
  var SUSPEND_LIMIT = {scorm12: 4096, scorm2004: 64000};

  /** The named API on win or one of its parents (at most MAX_DEPTH levels up); null if none. */
  function searchUp(win, name) {
    var depth = 0;
    while (win && depth <= MAX_DEPTH) {
      try {
        if (win[name]) {
          return win[name];
        }
      } catch (e) {
        // A cross-origin frame: nothing to find there.
      }
      var parent;
      try {
        parent = win.parent;
      } catch (e) {
        parent = null;
      }
      if (!parent || parent === win) {
        return null;
      }
      win = parent;
      depth++;
    }
    return null;
  }

  /**
   * Finds the LMS API: the window's parents first, then the opener of the top window (and its
   * parents). name is "API" (SCORM 1.2) or "API_1484_11" (SCORM 2004).
   */
  function findApi(win, name) {
    var found = searchUp(win, name);
    if (found) {
      return found;
    }
    var top = win;
    try {
      top = win.top || win;
    } catch (e) {
      top = win;
    }
    var opener = null;
    try {
      opener = top.opener || (win !== top ? win.opener : null);
    } catch (e) {
      opener = null;
    }
    return opener ? searchUp(opener, name) : null;
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) {
      s = '0' + s;
    }
    return s;
  }

  /** SCORM 1.2 CMITimespan: HHHH:MM:SS.SS (hours at least two digits, at most four). */
  function formatTime12(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var hours = Math.floor(cs / 360000);
    var minutes = Math.floor((cs % 360000) / 6000);
    var seconds = Math.floor((cs % 6000) / 100);
    var hundredths = cs % 100;
    if (hours > 9999) {
      return '9999:59:59.99';
    }
    return pad(hours, 2) + ':' + pad(minutes, 2) + ':' + pad(seconds, 2) + '.' + pad(hundredths, 2);
  }

  /** SCORM 2004 timeinterval (ISO 8601 duration), e.g. PT1H2M3.45S; PT0S for nothing. */
  function formatTime2004(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var hours = Math.floor(cs / 360000);
    var minutes = Math.floor((cs % 360000) / 6000);
    var seconds = (cs % 6000) / 100;
    var out = 'PT';
    if (hours) {
      out += hours + 'H';
    }
    if (minutes) {
      out += minutes + 'M';
    }
    if (seconds || (!hours && !minutes)) {
      out += (Math.round(seconds * 100) / 100) + 'S';
    }
    return out;
  }

  /** SCORM 1.2 CMITime of day: HH:MM:SS. */
  function timeOfDay12(date) {
    return pad(date.getHours(), 2) + ':' + pad(date.getMinutes(), 2) + ':' + pad(date.getSeconds(), 2);
  }

  /** SCORM 2004 time(second,10,0): YYYY-MM-DDThh:mm:ss in UTC with Z. */
  function timestamp2004(date) {
    return date.getUTCFullYear() + '-' + pad(date.getUTCMonth() + 1, 2) + '-' +
      pad(date.getUTCDate(), 2) + 'T' + pad(date.getUTCHours(), 2) + ':' +
      pad(date.getUTCMinutes(), 2) + ':' + pad(date.getUTCSeconds(), 2) + 'Z';
  }

  var CHOICE_CHARS = '0123456789abcdefghijklmnopqrstuvwxyz';

  function choiceList(response) {
    return (Array.isArray(response) ? response : [])
      .map(Number)
      .filter(function (n) {
        return Number.isInteger(n) && n >= 0;
      })
      .sort(function (a, b) {
        return a - b;
      });
  }

  function trimTo(s, max) {
    s = String(s);
    return s.length > max ? s.substring(0, max) : s;
  }

  /**
   * The interaction record of a graded question in the standard's vocabulary: type, response,
   * correct response patterns and result. kind is "scorm12" or "scorm2004".
   */
  function interaction(kind, question, graded) {
    var r = graded.response;
    var given = graded.answered;
    var out = {id: question.id, weighting: Number(question.points) || 0, patterns: []};
    switch (question.type) {
      case 'multiple_choice':
      case 'multiple_answers': {
        var chosen = choiceList(r);
        var correct = choiceList(question.correct);
        if (kind === 'scorm12') {
          var all = chosen.concat(correct);
          if (all.some(function (n) {
            return n >= CHOICE_CHARS.length;
          })) {
            // SCORM 1.2 choices are single characters; beyond 36 choices the indices are
            // reported as text.
            out.type = 'fill-in';
            out.response = trimTo(chosen.join(','), 255);
            out.patterns = [trimTo(correct.join(','), 255)];
          } else {
            out.type = 'choice';
            var encode = function (n) {
              return CHOICE_CHARS.charAt(n);
            };
            out.response = chosen.map(encode).join(',');
            out.patterns = [correct.map(encode).join(',')];
          }
        } else {
          out.type = 'choice';
          var id = function (n) {
            return 'choice-' + n;
          };
          out.response = chosen.map(id).join('[,]');
          out.patterns = [correct.map(id).join('[,]')];
        }
        break;
      }
      case 'true_false': {
        out.type = 'true-false';
        var t = kind === 'scorm12' ? 't' : 'true';
        var f = kind === 'scorm12' ? 'f' : 'false';
        out.response = given ? (String(r).toLowerCase() === 'true' ? t : f) : '';
        out.patterns = [question.answer === true ? t : f];
        break;
      }
      case 'short_answer': {
        out.type = 'fill-in';
        var max = kind === 'scorm12' ? 255 : 250;
        out.response = given ? trimTo(String(r).trim(), max) : '';
        out.patterns = (question.answers || []).slice(0, 5).map(function (a) {
          var p = trimTo(a, max);
          return kind === 'scorm2004' && question.caseSensitive ? '{case_matters=true}' + p : p;
        });
        break;
      }
      case 'numeric': {
        out.type = 'numeric';
        out.response = given ? String(Number(r)) : '';
        var answer = Number(question.answer);
        var tolerance = Math.abs(Number(question.tolerance) || 0);
        if (kind === 'scorm12') {
          out.patterns = [String(answer)];
        } else {
          out.patterns = [String(answer - tolerance) + '[:]' + String(answer + tolerance)];
        }
        break;
      }
      default:
        out.type = kind === 'scorm12' ? 'performance' : 'other';
        out.response = '';
    }
    out.result = graded.correct ? 'correct' : kind === 'scorm12' ? 'wrong' : 'incorrect';
    return out;
  }

  /** SCORM 1.2 behind the adapter interface. */
  function adapter12(api) {
    var self = {
      kind: 'scorm12',
      initialize: function () {
        return String(api.LMSInitialize('')) === 'true';
      },
      get: function (key) {
        var v = api.LMSGetValue(key);
        return v == null ? '' : String(v);
      },
      set: function (key, value) {
        return String(api.LMSSetValue(key, String(value))) === 'true';
      },
      commit: function () {
        return String(api.LMSCommit('')) === 'true';
      },
      terminate: function () {
        return String(api.LMSFinish('')) === 'true';
      },
      location: function () {
        return self.get('cmi.core.lesson_location');
      },
      setLocation: function (v) {
        self.set('cmi.core.lesson_location', v);
      },
      suspendData: function () {
        return self.get('cmi.suspend_data');
      },
      setSuspendData: function (v) {
        self.set('cmi.suspend_data', v);
      },
      masteryScore: function () {
        var v = self.get('cmi.student_data.mastery_score');
        return v === '' || isNaN(Number(v)) ? null : Number(v);
      },
      priorStatus: function () {
        return self.get('cmi.core.lesson_status');
      },
      setScore: function (percent) {
        self.set('cmi.core.score.min', '0');
        self.set('cmi.core.score.max', '100');
        self.set('cmi.core.score.raw', String(percent));
      },
      setStatus: function (completed, success) {
        var status = !completed ? 'incomplete' : success || 'completed';
        self.set('cmi.core.lesson_status', status);
      },
      addInteraction: function (n, record, now) {
        var p = 'cmi.interactions.' + n + '.';
        self.set(p + 'id', record.id);
        self.set(p + 'type', record.type);
        self.set(p + 'weighting', String(record.weighting));
        record.patterns.forEach(function (pattern, i) {
          self.set(p + 'correct_responses.' + i + '.pattern', pattern);
        });
        if (record.response !== '') {
          self.set(p + 'student_response', record.response);
        }
        self.set(p + 'result', record.result);
        self.set(p + 'time', timeOfDay12(now));
      },
      setSessionTime: function (ms) {
        self.set('cmi.core.session_time', formatTime12(ms));
      },
      setExit: function (suspend) {
        self.set('cmi.core.exit', suspend ? 'suspend' : '');
      }
    };
    return self;
  }

  /** SCORM 2004 behind the adapter interface. */
  function adapter2004(api) {
    var self = {
      kind: 'scorm2004',
      initialize: function () {
        return String(api.Initialize('')) === 'true';
      },
      get: function (key) {
        var v = api.GetValue(key);
        return v == null ? '' : String(v);
      },
      set: function (key, value) {
        return String(api.SetValue(key, String(value))) === 'true';
      },
      commit: function () {
        return String(api.Commit('')) === 'true';
      },
      terminate: function () {
        return String(api.Terminate('')) === 'true';
      },
      location: function () {
        return self.get('cmi.location');
      },
      setLocation: function (v) {
        self.set('cmi.location', v);
      },
      suspendData: function () {
        return self.get('cmi.suspend_data');
      },
      setSuspendData: function (v) {
        self.set('cmi.suspend_data', v);
      },
      masteryScore: function () {
        var v = self.get('cmi.scaled_passing_score');
        return v === '' || isNaN(Number(v)) ? null : Number(v) * 100;
      },
      priorStatus: function () {
        return self.get('cmi.completion_status');
      },
      setScore: function (percent) {
        self.set('cmi.score.min', '0');
        self.set('cmi.score.max', '100');
        self.set('cmi.score.raw', String(percent));
        self.set('cmi.score.scaled', String(Math.round(percent * 100) / 10000));
      },
      setStatus: function (completed, success) {
        self.set('cmi.completion_status', completed ? 'completed' : 'incomplete');
        self.set('cmi.success_status', success || 'unknown');
      },
      addInteraction: function (n, record, now) {
        var p = 'cmi.interactions.' + n + '.';
        self.set(p + 'id', record.id);
        self.set(p + 'type', record.type);
        self.set(p + 'weighting', String(record.weighting));
        record.patterns.forEach(function (pattern, i) {
          self.set(p + 'correct_responses.' + i + '.pattern', pattern);
        });
        if (record.response !== '') {
          self.set(p + 'learner_response', record.response);
        }
        self.set(p + 'result', record.result);
        self.set(p + 'timestamp', timestamp2004(now));
      },
      setSessionTime: function (ms) {
        self.set('cmi.session_time', formatTime2004(ms));
      },
      setExit: function (suspend) {
        self.set('cmi.exit', suspend ? 'suspend' : 'normal');
      },
      navigate: function (request) {
        self.set('adl.nav.request', request);
      }
    };
    return self;
  }

  /** The adapter of the page's runtime ("scorm12"/"scorm2004") over the found API; null if none. */
  function connect(win, runtime) {
    if (runtime === 'scorm12') {
      var api12 = findApi(win, 'API');
      return api12 ? adapter12(api12) : null;
    }
    if (runtime === 'scorm2004') {
      var api2004 = findApi(win, 'API_1484_11');
      return api2004 ? adapter2004(api2004) : null;
    }
    return null;
  }

  /**
   * The learning session of one page: what was visited, the quiz results, and what is reported to
   * the LMS (adapter null: standalone, nothing reported). data is the page data (#cp-data).
   * options.now returns the current Date (tests pass a fake clock).
   */
  function Session(adapter, data, options) {
    this.adapter = adapter;
    this.data = data;
    this.now = (options && options.now) || function () {
      return new Date();
    };
    this.started = this.now().getTime();
    this.lessonIndexes = (data.lessons || []).map(function (l) {
      return l.index;
    });
    this.lastIndex = this.lessonIndexes[this.lessonIndexes.length - 1];
    this.current = this.lessonIndexes[0];
    this.reachedLast = false;
    this.results = {};
    this.mastery = data.masteryScore;
    this.active = false;
    this.finished = false;
    this.interactionCount = 0;
  }

  /** Initialises the LMS session; returns the lesson index to show (resumed or the first). */
  Session.prototype.start = function () {
    var a = this.adapter;
    if (a && a.initialize()) {
      this.active = true;
      var lmsMastery = a.masteryScore();
      if (lmsMastery !== null) {
        this.mastery = lmsMastery;
      }
      var count = Number(a.get('cmi.interactions._count'));
      this.interactionCount = isFinite(count) && count > 0 ? count : 0;
      this.restore(a.suspendData());
      var loc = parseInt(a.location(), 10);
      if (this.lessonIndexes.indexOf(loc) >= 0) {
        this.current = loc;
      }
      var prior = a.priorStatus();
      if (prior === 'completed' || prior === 'passed' || prior === 'failed') {
        // Completed in an earlier session: never reported back as incomplete.
        this.reachedLast = true;
      } else if (prior === 'not attempted' || prior === 'unknown' || prior === '') {
        a.setStatus(false, null);
      }
    }
    this.visit(this.current);
    return this.current;
  };

  Session.prototype.restore = function (text) {
    if (!text) {
      return;
    }
    try {
      var saved = JSON.parse(text);
      if (!saved || saved.v !== 1) {
        return;
      }
      this.reachedLast = saved.c === 1;
      var self = this;
      Object.keys(saved.q || {}).forEach(function (id) {
        var q = saved.q[id];
        self.results[id] = {earned: q.e, possible: q.p, percent: q.s, responses: q.a || null};
      });
    } catch (e) {
      // Suspend data written by something else: start afresh.
    }
  };

  Session.prototype.suspendData = function () {
    var saved = {v: 1, c: this.reachedLast ? 1 : 0, q: {}};
    var self = this;
    Object.keys(this.results).forEach(function (id) {
      var r = self.results[id];
      saved.q[id] = {e: r.earned, p: r.possible, s: r.percent, a: r.responses};
    });
    var text = JSON.stringify(saved);
    var limit = SUSPEND_LIMIT[this.adapter ? this.adapter.kind : 'scorm2004'];
    if (text.length > limit) {
      // Too long for the LMS: keep the scores, drop the answers.
      Object.keys(saved.q).forEach(function (id) {
        delete saved.q[id].a;
      });
      text = JSON.stringify(saved);
    }
    return text;
  };

  /** The page's quizzes (from the page data). */
  Session.prototype.quizzes = function () {
    return this.data.quizzes || [];
  };

  /** The score over all the page's quizzes (unanswered count as 0), or null before any answer. */
  Session.prototype.score = function () {
    var quizzes = this.quizzes();
    var self = this;
    var earned = 0;
    var possible = 0;
    var any = false;
    var allZeroPoints = true;
    var percents = [];
    quizzes.forEach(function (quiz) {
      var r = self.results[quiz.id];
      var points = quiz.questions.reduce(function (sum, q) {
        return sum + (Number(q.points) || 0);
      }, 0);
      if (points > 0) {
        allZeroPoints = false;
      }
      possible += points;
      if (r) {
        any = true;
        earned += r.earned;
        percents.push(r.percent);
      } else {
        percents.push(0);
      }
    });
    if (!any) {
      return null;
    }
    if (allZeroPoints) {
      var sum = percents.reduce(function (s, p) {
        return s + p;
      }, 0);
      return Math.round((sum / percents.length) * 100) / 100;
    }
    return Math.round((earned / possible) * 10000) / 100;
  };

  /** Whether every quiz of the page is answered. */
  Session.prototype.allAnswered = function () {
    var self = this;
    var quizzes = this.quizzes();
    return quizzes.length > 0 && quizzes.every(function (q) {
      return !!self.results[q.id];
    });
  };

  /** "passed"/"failed" once every quiz is answered; null otherwise or without quizzes. */
  Session.prototype.success = function () {
    if (!this.allAnswered()) {
      return null;
    }
    var mastery = this.mastery;
    if (typeof mastery !== 'number' || mastery < 0) {
      mastery = 80;
    }
    return this.score() >= mastery ? 'passed' : 'failed';
  };

  /** Reports the state (location, suspend data, score, status) and commits. */
  Session.prototype.report = function () {
    var a = this.adapter;
    if (!this.active || this.finished) {
      return;
    }
    a.setLocation(String(this.current));
    a.setSuspendData(this.suspendData());
    var score = this.score();
    if (score !== null) {
      a.setScore(score);
    }
    a.setStatus(this.reachedLast, this.reachedLast || a.kind === 'scorm2004' ? this.success() : null);
    a.commit();
  };

  /** The learner is on lesson index (course-wide); reaching the page's last lesson completes it. */
  Session.prototype.visit = function (index) {
    this.current = index;
    if (index === this.lastIndex) {
      this.reachedLast = true;
    }
    this.report();
  };

  /** A quiz was graded (CourseportQuiz.gradeQuiz result, and the responses given). */
  Session.prototype.recordQuiz = function (quiz, result, responses) {
    this.results[quiz.id] = {
      earned: result.earned,
      possible: result.possible,
      percent: result.percent,
      responses: responses || null
    };
    if (this.active && !this.finished) {
      var a = this.adapter;
      var now = this.now();
      var self = this;
      result.questions.forEach(function (graded, i) {
        a.addInteraction(self.interactionCount++, interaction(a.kind, quiz.questions[i], graded), now);
      });
    }
    this.report();
  };

  /** The saved result of a quiz (resuming), or undefined. */
  Session.prototype.savedResult = function (quizId) {
    return this.results[quizId];
  };

  /** Ends the LMS session once: session time, exit mode, commit, Terminate/LMSFinish. */
  Session.prototype.finish = function () {
    if (!this.active || this.finished) {
      return false;
    }
    this.report();
    var a = this.adapter;
    a.setSessionTime(this.now().getTime() - this.started);
    a.setExit(!this.reachedLast);
    a.commit();
    this.finished = true;
    a.terminate();
    return true;
  };

  /** Asks a SCORM 2004 LMS to move to the previous or next SCO ("previous"/"continue"). */
  Session.prototype.navigate = function (request) {
    if (!this.active || this.finished || !this.adapter.navigate) {
      return false;
    }
    this.adapter.navigate(request);
    return this.finish();
  };

  /** Wires the page: lessons, navigation, quizzes, LMS session. */
  function boot(win, doc) {
    var dataElement = doc.getElementById('cp-data');
    if (!dataElement) {
      return null;
    }
    var data = JSON.parse(dataElement.textContent);
    var Quiz = win.CourseportQuiz;
    var adapter = connect(win, data.runtime);
    if (data.runtime !== 'none' && !adapter && win.console) {
      win.console.info('Courseport: no LMS API found; the lesson runs as a plain page.');
    }
    var session = new Session(adapter, data);
    var sections = Array.prototype.slice.call(doc.querySelectorAll('section.cp-lesson'));
    var indexes = sections.map(function (s) {
      return Number(s.getAttribute('data-lesson-index'));
    });
    var prev = doc.getElementById('cp-prev');
    var next = doc.getElementById('cp-next');
    var position = doc.getElementById('cp-position');
    var multi = !!data.navigation;

    function show(index) {
      var at = indexes.indexOf(index);
      if (at < 0) {
        return;
      }
      sections.forEach(function (s, i) {
        s.hidden = i !== at;
      });
      Array.prototype.slice.call(doc.querySelectorAll('#cp-toc li')).forEach(function (li) {
        if (Number(li.getAttribute('data-lesson-index')) === index) {
          li.setAttribute('aria-current', multi ? 'page' : 'step');
        } else {
          li.removeAttribute('aria-current');
        }
      });
      if (!multi) {
        prev.disabled = at === 0;
        next.disabled = at === sections.length - 1;
      }
      if (position) {
        position.textContent = 'Lesson ' + (index + 1) + ' of ' + data.lessonCount;
      }
    }

    function go(index) {
      show(index);
      session.visit(index);
      if (win.scrollTo) {
        win.scrollTo(0, 0);
      }
    }

    function move(step) {
      if (multi) {
        var target = step < 0 ? data.navigation.previous : data.navigation.next;
        if (session.active) {
          session.navigate(step < 0 ? 'previous' : 'continue');
        } else if (target) {
          win.location.href = target;
        }
        return;
      }
      var at = indexes.indexOf(session.current) + step;
      if (at >= 0 && at < indexes.length) {
        go(indexes[at]);
      }
    }

    prev.addEventListener('click', function () {
      move(-1);
    });
    next.addEventListener('click', function () {
      move(1);
    });
    if (!multi) {
      Array.prototype.slice.call(doc.querySelectorAll('#cp-toc a[data-lesson-index]')).forEach(
        function (a) {
          a.addEventListener('click', function (event) {
            event.preventDefault();
            go(Number(a.getAttribute('data-lesson-index')));
          });
        });
    }

    var first = session.start();
    show(first);

    (data.quizzes || []).forEach(function (quiz) {
      var form = doc.querySelector('form.cp-quiz[data-quiz-id="' + quiz.id + '"]');
      if (!form || !Quiz) {
        return;
      }
      var saved = session.savedResult(quiz.id);
      if (saved && saved.responses) {
        Quiz.writeResponses(form, quiz, saved.responses);
        Quiz.showResult(form, quiz, Quiz.gradeQuiz(quiz, saved.responses));
      } else if (saved) {
        var out = form.querySelector('.cp-quiz-result');
        if (out) {
          out.textContent = Quiz.resultText(saved, quiz.passingScore);
          out.hidden = false;
        }
      }
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        if (form.getAttribute('data-submitted') === 'true') {
          return;
        }
        var responses = Quiz.readResponses(form, quiz);
        var result = Quiz.gradeQuiz(quiz, responses);
        Quiz.showResult(form, quiz, result);
        session.recordQuiz(quiz, result, responses);
      });
    });

    function end() {
      session.finish();
    }
    win.addEventListener('pagehide', end);
    win.addEventListener('unload', end);
    win.CourseportSession = session;
    return session;
  }

  return {
    findApi: findApi,
    connect: connect,
    adapter12: adapter12,
    adapter2004: adapter2004,
    formatTime12: formatTime12,
    formatTime2004: formatTime2004,
    timestamp2004: timestamp2004,
    interaction: interaction,
    Session: Session,
    boot: boot
  };
});
