package org.courseport.server.player;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.courseport.server.packaging.cp.CpManifest;
import org.courseport.server.packaging.cp.CpManifestReader;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.InspectionLimits;
import org.courseport.server.packaging.xml.XmlDocumentLoader;
import org.junit.jupiter.api.Test;

/** Every imsss/adlseq/adlcp/adlnav mapping of {@link SequencingJson}, on hand-built manifests. */
class SequencingJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String HEAD =
      """
      <manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
          xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
          xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
          xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
        <organizations default="org">
      """;

  /** The activity tree of a manifest made of HEAD, {@code organizations} and {@code tail}. */
  private static JsonNode tree(String organization, String tail) throws Exception {
    String xml = HEAD + organization + "</organizations><resources/>" + tail + "</manifest>";
    Findings findings = new Findings();
    var doc =
        new XmlDocumentLoader(InspectionLimits.DEFAULT)
            .parse(xml.getBytes(StandardCharsets.UTF_8), "imsmanifest.xml", findings)
            .orElseThrow(() -> new AssertionError(findings.list()));
    CpManifest m = CpManifestReader.read(doc.root(), "imsmanifest.xml", findings).orElseThrow();
    JsonNode settings = JSON.readTree(SequencingJson.of(m.organizations().get(0), m.root()));
    assertThat(settings.fieldNames()).toIterable().containsExactly("activityTree");
    return settings.get("activityTree");
  }

  @Test
  void withoutSequencing_everyActivityGetsTheImsDefaults_flowOff() throws Exception {
    JsonNode root =
        tree(
            """
            <organization identifier="org"><title>Course</title>
              <item identifier="m1"><title>Module</title>
                <item identifier="s1" identifierref="r"><title>SCO</title></item>
              </item>
            </organization>
            """,
            "");
    String defaults =
        "{\"choice\":true,\"choiceExit\":true,\"flow\":false,\"forwardOnly\":false,"
            + "\"useCurrentAttemptObjectiveInfo\":true,\"useCurrentAttemptProgressInfo\":true}";
    assertThat(root.get("id").asText()).isEqualTo("org");
    assertThat(root.get("title").asText()).isEqualTo("Course");
    assertThat(root.get("sequencingControls").toString()).isEqualTo(defaults);
    JsonNode module = root.at("/children/0");
    assertThat(module.get("id").asText()).isEqualTo("m1");
    assertThat(module.get("sequencingControls").toString()).isEqualTo(defaults);
    JsonNode sco = module.at("/children/0");
    assertThat(sco.toString())
        .isEqualTo("{\"id\":\"s1\",\"title\":\"SCO\",\"sequencingControls\":" + defaults + "}");
  }

  @Test
  void controlModeRulesLimitsRandomizationDeliveryAndConsiderations() throws Exception {
    JsonNode root =
        tree(
            """
            <organization identifier="org"><title>Course</title>
              <item identifier="s1" identifierref="r" isvisible="false"><title>SCO</title>
                <adlcp:timeLimitAction>exit,message</adlcp:timeLimitAction>
                <imsss:sequencing>
                  <imsss:controlMode choice="false" choiceExit="0" flow="1" forwardOnly="true"
                      useCurrentAttemptObjectiveInfo="false" useCurrentAttemptProgressInfo="false"/>
                  <imsss:sequencingRules>
                    <imsss:preConditionRule>
                      <imsss:ruleConditions>
                        <imsss:ruleCondition condition="objectiveMeasureGreaterThan"
                            measureThreshold="0.5" referencedObjective="o1"/>
                        <imsss:ruleCondition condition="always" operator="noOp"/>
                      </imsss:ruleConditions>
                      <imsss:ruleAction action="skip"/>
                    </imsss:preConditionRule>
                    <imsss:exitConditionRule>
                      <imsss:ruleConditions conditionCombination="any">
                        <imsss:ruleCondition condition="completed" operator="not"/>
                      </imsss:ruleConditions>
                      <imsss:ruleAction action="exit"/>
                    </imsss:exitConditionRule>
                    <imsss:postConditionRule>
                      <imsss:ruleConditions>
                        <imsss:ruleCondition condition="satisfied"/>
                      </imsss:ruleConditions>
                      <imsss:ruleAction action="continue"/>
                    </imsss:postConditionRule>
                    <imsss:postConditionRule>
                      <imsss:ruleConditions><imsss:ruleCondition condition="always"/></imsss:ruleConditions>
                    </imsss:postConditionRule>
                  </imsss:sequencingRules>
                  <imsss:limitConditions attemptLimit="3" attemptAbsoluteDurationLimit="PT1H"/>
                  <imsss:randomizationControls randomizationTiming="onEachNewAttempt"
                      selectCount="2" reorderChildren="true" selectionTiming="once"/>
                  <imsss:deliveryControls tracked="false"/>
                  <adlseq:constrainedChoiceConsiderations preventActivation="true"/>
                  <adlseq:rollupConsiderations requiredForSatisfied="ifAttempted"
                      measureSatisfactionIfActive="false"/>
                </imsss:sequencing>
                <adlnav:presentation><adlnav:navigationInterface>
                  <adlnav:hideLMSUI>continue</adlnav:hideLMSUI>
                  <adlnav:hideLMSUI>suspendAll</adlnav:hideLMSUI>
                  <adlnav:hideLMSUI>notAToken</adlnav:hideLMSUI>
                </adlnav:navigationInterface></adlnav:presentation>
              </item>
            </organization>
            """,
            "");
    JsonNode sco = root.at("/children/0");
    assertThat(sco.get("isVisible").asBoolean(true)).isFalse();
    assertThat(sco.get("timeLimitAction").asText()).isEqualTo("exit,message");
    assertThat(sco.get("sequencingControls").toString())
        .isEqualTo(
            "{\"choice\":false,\"choiceExit\":false,\"flow\":true,\"forwardOnly\":true,"
                + "\"useCurrentAttemptObjectiveInfo\":false,\"useCurrentAttemptProgressInfo\":false,"
                + "\"randomizationTiming\":\"onEachNewAttempt\",\"selectionTiming\":\"once\","
                + "\"selectCount\":2,\"randomizeChildren\":true,"
                + "\"preventActivation\":true,\"constrainChoice\":false}");
    assertThat(sco.get("sequencingRules").toString())
        .isEqualTo(
            "{\"preConditionRules\":[{\"action\":\"skip\",\"conditionCombination\":\"all\","
                + "\"conditions\":[{\"condition\":\"objectiveMeasureGreaterThan\","
                + "\"referencedObjective\":\"o1\",\"parameters\":{\"threshold\":0.5}},"
                + "{\"condition\":\"always\"}]}],"
                + "\"exitConditionRules\":[{\"action\":\"exit\",\"conditionCombination\":\"any\","
                + "\"conditions\":[{\"condition\":\"completed\",\"operator\":\"not\"}]}],"
                + "\"postConditionRules\":[{\"action\":\"continue\",\"conditionCombination\":\"all\","
                + "\"conditions\":[{\"condition\":\"satisfied\"}]}]}");
    assertThat(sco.get("attemptLimit").asInt()).isEqualTo(3);
    assertThat(sco.get("attemptAbsoluteDurationLimit").asText()).isEqualTo("PT1H");
    assertThat(sco.get("deliveryControls").toString())
        .isEqualTo(
            "{\"tracked\":false,\"completionSetByContent\":false,\"objectiveSetByContent\":false}");
    assertThat(sco.get("rollupConsiderations").toString())
        .isEqualTo(
            "{\"requiredForSatisfied\":\"ifAttempted\",\"requiredForNotSatisfied\":\"always\","
                + "\"requiredForCompleted\":\"always\",\"requiredForIncomplete\":\"always\","
                + "\"measureSatisfactionIfActive\":false}");
    assertThat(sco.get("hideLmsUi").toString()).isEqualTo("[\"continue\",\"suspendAll\"]");
  }

  @Test
  void rollupRules_controlsConsiderationPercentAndConditionNames() throws Exception {
    JsonNode root =
        tree(
            """
            <organization identifier="org"><title>Course</title>
              <item identifier="s1" identifierref="r"><title>SCO</title></item>
              <imsss:sequencing>
                <imsss:rollupRules rollupObjectiveSatisfied="false" objectiveMeasureWeight="0.5">
                  <imsss:rollupRule childActivitySet="atLeastPercent" minimumPercent="0.75">
                    <imsss:rollupConditions>
                      <imsss:rollupCondition condition="activityProgressKnown" operator="not"/>
                      <imsss:rollupCondition condition="satisfied"/>
                    </imsss:rollupConditions>
                    <imsss:rollupAction action="notSatisfied"/>
                  </imsss:rollupRule>
                  <imsss:rollupRule childActivitySet="atLeastCount" minimumCount="2">
                    <imsss:rollupConditions conditionCombination="all">
                      <imsss:rollupCondition condition="completed"/>
                    </imsss:rollupConditions>
                    <imsss:rollupAction action="completed"/>
                  </imsss:rollupRule>
                </imsss:rollupRules>
              </imsss:sequencing>
            </organization>
            """,
            "");
    JsonNode controls = root.get("sequencingControls");
    assertThat(controls.get("rollupObjectiveSatisfied").asBoolean(true)).isFalse();
    assertThat(controls.get("rollupProgressCompletion").asBoolean()).isTrue();
    assertThat(controls.get("objectiveMeasureWeight").asDouble()).isEqualTo(0.5);
    assertThat(root.get("rollupRules").toString())
        .isEqualTo(
            "{\"rules\":[{\"action\":\"notSatisfied\",\"consideration\":\"atLeastPercent\","
                + "\"minimumCount\":0,\"minimumPercent\":75,\"conditionCombination\":\"any\","
                + "\"conditions\":[{\"condition\":\"progressKnown\",\"operator\":\"not\"},"
                + "{\"condition\":\"satisfied\",\"operator\":\"noOp\"}]},"
                + "{\"action\":\"completed\",\"consideration\":\"atLeastCount\",\"minimumCount\":2,"
                + "\"minimumPercent\":0,\"conditionCombination\":\"all\","
                + "\"conditions\":[{\"condition\":\"completed\",\"operator\":\"noOp\"}]}]}");
  }

  @Test
  void objectives_primaryByMeasure_mapInfoDefaults_extendedMapInfoMerged() throws Exception {
    JsonNode root =
        tree(
            """
            <organization identifier="org"><title>Course</title>
              <item identifier="s1" identifierref="r"><title>SCO</title>
                <imsss:sequencing>
                  <imsss:objectives>
                    <imsss:primaryObjective objectiveID="p" satisfiedByMeasure="true">
                      <imsss:minNormalizedMeasure>0.6</imsss:minNormalizedMeasure>
                      <imsss:mapInfo targetObjectiveID="g.p" writeSatisfiedStatus="true"/>
                    </imsss:primaryObjective>
                    <imsss:objective objectiveID="o1">
                      <imsss:mapInfo targetObjectiveID="g.o1" readNormalizedMeasure="false"/>
                    </imsss:objective>
                    <imsss:objective><imsss:mapInfo targetObjectiveID="ignored"/></imsss:objective>
                  </imsss:objectives>
                  <adlseq:objectives>
                    <adlseq:objective objectiveID="p">
                      <adlseq:mapInfo targetObjectiveID="g.p" writeCompletionStatus="true"/>
                      <adlseq:mapInfo targetObjectiveID="g.other" writeRawScore="true"/>
                    </adlseq:objective>
                  </adlseq:objectives>
                </imsss:sequencing>
              </item>
              <item identifier="s2" identifierref="r"><title>Unnamed primary</title>
                <imsss:sequencing><imsss:objectives>
                  <imsss:primaryObjective satisfiedByMeasure="true"/>
                </imsss:objectives></imsss:sequencing>
              </item>
              <item identifier="s3" identifierref="r"><title>Bare primary</title>
                <imsss:sequencing><imsss:objectives><imsss:primaryObjective/></imsss:objectives>
                </imsss:sequencing>
              </item>
            </organization>
            """,
            "");
    JsonNode primary = root.at("/children/0/primaryObjective");
    assertThat(primary.get("objectiveID").asText()).isEqualTo("p");
    assertThat(primary.get("isPrimary").asBoolean()).isTrue();
    assertThat(primary.get("satisfiedByMeasure").asBoolean()).isTrue();
    assertThat(primary.get("minNormalizedMeasure").asDouble()).isEqualTo(0.6);
    assertThat(primary.get("mapInfo")).hasSize(2);
    JsonNode shared = primary.at("/mapInfo/0");
    assertThat(shared.get("targetObjectiveID").asText()).isEqualTo("g.p");
    assertThat(shared.get("readSatisfiedStatus").asBoolean()).isTrue();
    assertThat(shared.get("readNormalizedMeasure").asBoolean()).isTrue();
    assertThat(shared.get("writeSatisfiedStatus").asBoolean()).isTrue();
    assertThat(shared.get("writeNormalizedMeasure").asBoolean(true)).isFalse();
    assertThat(shared.get("writeCompletionStatus").asBoolean()).isTrue();
    assertThat(shared.get("readCompletionStatus").asBoolean()).isTrue();
    assertThat(shared.get("writeRawScore").asBoolean(true)).isFalse();
    JsonNode extendedOnly = primary.at("/mapInfo/1");
    assertThat(extendedOnly.get("targetObjectiveID").asText()).isEqualTo("g.other");
    assertThat(extendedOnly.get("writeRawScore").asBoolean()).isTrue();
    assertThat(extendedOnly.get("readSatisfiedStatus").asBoolean(true)).isFalse();
    assertThat(extendedOnly.get("readNormalizedMeasure").asBoolean(true)).isFalse();

    JsonNode others = root.at("/children/0/objectives");
    assertThat(others).hasSize(1);
    assertThat(others.at("/0/objectiveID").asText()).isEqualTo("o1");
    assertThat(others.at("/0/isPrimary").asBoolean(true)).isFalse();
    assertThat(others.at("/0/minNormalizedMeasure").isMissingNode()).isTrue();
    assertThat(others.at("/0/mapInfo/0/readNormalizedMeasure").asBoolean(true)).isFalse();

    JsonNode unnamed = root.at("/children/1/primaryObjective");
    assertThat(unnamed.get("objectiveID").asText()).isEqualTo("s2.primary");
    assertThat(unnamed.get("minNormalizedMeasure").asDouble()).isEqualTo(1.0);
    assertThat(root.at("/children/2/primaryObjective").isMissingNode()).isTrue();
  }

  @Test
  void sequencingCollection_mergedPerElement_localElementsWin() throws Exception {
    JsonNode root =
        tree(
            """
            <organization identifier="org"><title>Course</title>
              <item identifier="s1" identifierref="r"><title>SCO</title>
                <imsss:sequencing IDRef="common">
                  <imsss:controlMode flow="true"/>
                  <adlseq:objectives><adlseq:objective objectiveID="p">
                    <adlseq:mapInfo targetObjectiveID="g" writeCompletionStatus="true"/>
                  </adlseq:objective></adlseq:objectives>
                </imsss:sequencing>
              </item>
              <item identifier="s2" identifierref="r"><title>Unknown ref</title>
                <imsss:sequencing IDRef="nope"><imsss:limitConditions attemptLimit="1"/></imsss:sequencing>
              </item>
            </organization>
            """,
            """
            <imsss:sequencingCollection>
              <imsss:sequencing ID="common">
                <imsss:controlMode choice="false" flow="false"/>
                <imsss:deliveryControls completionSetByContent="true"/>
                <imsss:objectives><imsss:primaryObjective objectiveID="p"/></imsss:objectives>
              </imsss:sequencing>
            </imsss:sequencingCollection>
            """);
    JsonNode s1 = root.at("/children/0");
    // Local controlMode replaces the collection's (choice back to its default true).
    assertThat(s1.at("/sequencingControls/flow").asBoolean()).isTrue();
    assertThat(s1.at("/sequencingControls/choice").asBoolean()).isTrue();
    // Collection elements not given locally are kept; adlseq:objectives does not replace them.
    assertThat(s1.at("/deliveryControls/completionSetByContent").asBoolean()).isTrue();
    assertThat(s1.at("/primaryObjective/objectiveID").asText()).isEqualTo("p");
    assertThat(s1.at("/primaryObjective/mapInfo/0/writeCompletionStatus").asBoolean()).isTrue();
    JsonNode s2 = root.at("/children/1");
    assertThat(s2.get("attemptLimit").asInt()).isEqualTo(1);
    assertThat(s2.path("deliveryControls").isMissingNode()).isTrue();
  }

  @Test
  void completionThresholdAndSharedDataMaps() throws Exception {
    JsonNode root =
        tree(
            """
            <organization identifier="org"><title>Course</title>
              <item identifier="third" identifierref="r"><title>3rd</title>
                <adlcp:completionThreshold>0.8</adlcp:completionThreshold>
              </item>
              <item identifier="fourth" identifierref="r"><title>4th</title>
                <adlcp:completionThreshold completedByMeasure="true"/>
                <adlcp:data>
                  <adlcp:map targetID="notes" writeSharedData="false"/>
                  <adlcp:map targetID=""/>
                </adlcp:data>
              </item>
            </organization>
            """,
            "");
    assertThat(root.at("/children/0/completionThreshold").toString())
        .isEqualTo("{\"completedByMeasure\":true,\"minProgressMeasure\":0.8}");
    assertThat(root.at("/children/1/completionThreshold").toString())
        .isEqualTo("{\"completedByMeasure\":true,\"minProgressMeasure\":1,\"progressWeight\":1}");
    assertThat(root.at("/children/1/sharedDataMaps").toString())
        .isEqualTo("[{\"targetID\":\"notes\",\"readSharedData\":true,\"writeSharedData\":false}]");
  }
}
