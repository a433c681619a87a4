package org.courseport.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.FieldBehaviorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every field a caller sends states its behaviour (AIP-203): each field of each RPC's request
 * message, and of every Courseport message reachable from one, carries {@code
 * google.api.field_behavior}. buf lint has no such rule, so this test holds it.
 */
class RequestFieldBehaviorTest {

  @Test
  void everyRequestField_hasFieldBehavior() {
    List<String> missing = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (MethodDescriptor method :
        Stream.of(
                CourseServiceProto.getDescriptor(),
                PackageServiceProto.getDescriptor(),
                LessonServiceProto.getDescriptor(),
                MediaServiceProto.getDescriptor())
            .flatMap(f -> f.getServices().stream())
            .flatMap(s -> s.getMethods().stream())
            .toList()) {
      collectMissing(method.getInputType(), seen, missing);
    }

    assertThat(seen)
        .contains(
            "courseport.v1.UploadMetadata",
            "courseport.v1.SettingsIndividual",
            "courseport.v1.UploadTicket",
            "courseport.v1.UpdateLessonRequest");
    assertThat(missing).as("request fields without (google.api.field_behavior)").isEmpty();
  }

  private static void collectMissing(Descriptor message, Set<String> seen, List<String> missing) {
    if (!message.getFullName().startsWith("courseport.") || !seen.add(message.getFullName())) {
      return; // well-known and Google types carry their own contracts
    }
    for (FieldDescriptor field : message.getFields()) {
      if (field.getOptions().getExtension(FieldBehaviorProto.fieldBehavior).isEmpty()) {
        missing.add(field.getFullName());
      }
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        collectMissing(field.getMessageType(), seen, missing);
      }
    }
  }
}
