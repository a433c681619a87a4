package org.courseport.server.browser;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small SCORM 1.2 and 2004 packages written by hand for the harness's own tests: one page with one
 * question whose script finds the API the standard way (parent windows, then the opener), reads the
 * mastery score the LMS set, reports the answer as an interaction, the score, the status and a
 * location, commits, and terminates on pagehide.
 */
final class HandBuiltPackages {

  private HandBuiltPackages() {}

  /** A SCORM 1.2 package; the right answer is the radio button {@code #answer-b}. */
  static ScormPackage scorm12() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "imsmanifest.xml",
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest identifier="hand-built-12" version="1.0"
            xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
            xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
          <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
          <organizations default="org">
            <organization identifier="org"><title>Hand-built 1.2</title>
              <item identifier="item" identifierref="res"><title>Question</title>
                <adlcp:masteryscore>80</adlcp:masteryscore></item>
            </organization>
          </organizations>
          <resources>
            <resource identifier="res" type="webcontent" adlcp:scormtype="sco" href="sco/index.html">
              <file href="sco/index.html"/><file href="sco/quiz.js"/>
            </resource>
          </resources>
        </manifest>
        """);
    files.put("sco/index.html", page("SCORM 1.2 question"));
    files.put(
        "sco/quiz.js",
        """
        (function () {
          function find(win) {
            for (var hops = 0; win && hops < 10; hops++) {
              if (win.API) { return win.API; }
              if (win.parent === win) { break; }
              win = win.parent;
            }
            return null;
          }
          var api = find(window.parent) || (window.opener && find(window.opener));
          if (!api) { document.getElementById('status').textContent = 'no API'; return; }
          api.LMSInitialize('');
          var mastery = parseInt(api.LMSGetValue('cmi.student_data.mastery_score'), 10);
          var learner = api.LMSGetValue('cmi.core.student_id');
          document.getElementById('status').textContent = 'learner ' + learner;
          document.getElementById('submit').addEventListener('click', function () {
            var chosen = document.querySelector('input[name=q1]:checked');
            var answer = chosen ? chosen.value : '';
            var score = answer === 'b' ? 100 : 0;
            api.LMSSetValue('cmi.interactions.0.id', 'q1');
            api.LMSSetValue('cmi.interactions.0.type', 'choice');
            api.LMSSetValue('cmi.interactions.0.student_response', answer);
            api.LMSSetValue('cmi.interactions.0.correct_responses.0.pattern', 'b');
            api.LMSSetValue('cmi.interactions.0.result', score === 100 ? 'correct' : 'wrong');
            api.LMSSetValue('cmi.core.score.min', '0');
            api.LMSSetValue('cmi.core.score.max', '100');
            api.LMSSetValue('cmi.core.score.raw', String(score));
            api.LMSSetValue('cmi.core.lesson_status', score >= mastery ? 'passed' : 'failed');
            api.LMSSetValue('cmi.core.lesson_location', 'question-1');
            api.LMSSetValue('cmi.suspend_data', JSON.stringify({ q1: answer }));
            api.LMSCommit('');
            document.getElementById('result').textContent = 'Score ' + score + ' of 100';
          });
          window.addEventListener('pagehide', function () {
            api.LMSSetValue('cmi.core.session_time', '00:00:07');
            api.LMSSetValue('cmi.core.exit', '');
            api.LMSCommit('');
            api.LMSFinish('');
          });
        })();
        """);
    return ScormPackage.ofText(files);
  }

  /** A SCORM 2004 package; the right answer is the radio button {@code #answer-b}. */
  static ScormPackage scorm2004() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "imsmanifest.xml",
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest identifier="hand-built-2004" version="1.0"
            xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
            xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
            xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
          <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
          <organizations default="org">
            <organization identifier="org"><title>Hand-built 2004</title>
              <item identifier="item" identifierref="res"><title>Question</title>
                <imsss:sequencing><imsss:objectives>
                  <imsss:primaryObjective satisfiedByMeasure="true">
                    <imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>
                  </imsss:primaryObjective>
                </imsss:objectives></imsss:sequencing></item>
            </organization>
          </organizations>
          <resources>
            <resource identifier="res" type="webcontent" adlcp:scormType="sco" href="index.html">
              <file href="index.html"/><file href="quiz.js"/>
            </resource>
          </resources>
        </manifest>
        """);
    files.put("index.html", page("SCORM 2004 question"));
    files.put(
        "quiz.js",
        """
        (function () {
          function find(win) {
            for (var hops = 0; win && hops < 10; hops++) {
              if (win.API_1484_11) { return win.API_1484_11; }
              if (win.parent === win) { break; }
              win = win.parent;
            }
            return null;
          }
          var api = find(window.parent) || (window.opener && find(window.opener));
          if (!api) { document.getElementById('status').textContent = 'no API'; return; }
          api.Initialize('');
          var passing = parseFloat(api.GetValue('cmi.scaled_passing_score'));
          var learner = api.GetValue('cmi.learner_id');
          document.getElementById('status').textContent = 'learner ' + learner;
          document.getElementById('submit').addEventListener('click', function () {
            var chosen = document.querySelector('input[name=q1]:checked');
            var answer = chosen ? chosen.value : '';
            var scaled = answer === 'b' ? 1 : 0;
            api.SetValue('cmi.interactions.0.id', 'q1');
            api.SetValue('cmi.interactions.0.type', 'choice');
            api.SetValue('cmi.interactions.0.learner_response', answer);
            api.SetValue('cmi.interactions.0.correct_responses.0.pattern', 'b');
            api.SetValue('cmi.interactions.0.result', scaled === 1 ? 'correct' : 'incorrect');
            api.SetValue('cmi.score.min', '0');
            api.SetValue('cmi.score.max', '100');
            api.SetValue('cmi.score.raw', String(scaled * 100));
            api.SetValue('cmi.score.scaled', String(scaled));
            api.SetValue('cmi.completion_status', 'completed');
            api.SetValue('cmi.success_status', scaled >= passing ? 'passed' : 'failed');
            api.SetValue('cmi.location', 'question-1');
            api.SetValue('cmi.suspend_data', JSON.stringify({ q1: answer }));
            api.Commit('');
            document.getElementById('result').textContent = 'Score ' + scaled * 100 + ' of 100';
          });
          window.addEventListener('pagehide', function () {
            api.SetValue('cmi.session_time', 'PT7S');
            api.SetValue('cmi.exit', 'normal');
            api.Commit('');
            api.Terminate('');
          });
        })();
        """);
    return ScormPackage.ofText(files);
  }

  private static String page(String title) {
    return """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>%s</title></head>
        <body>
        <p id="status">starting</p>
        <fieldset><legend>Which is a SCORM runtime call?</legend>
          <label><input type="radio" id="answer-a" name="q1" value="a"> fetch</label>
          <label><input type="radio" id="answer-b" name="q1" value="b"> Initialize</label>
        </fieldset>
        <button id="submit" type="button">Submit</button>
        <p id="result"></p>
        <script src="quiz.js"></script>
        </body>
        </html>
        """
        .formatted(title);
  }
}
