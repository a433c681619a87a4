package org.courseport.transcoding.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.transcoding.Http.json;

import com.google.protobuf.Timestamp;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.FileList;
import org.courseport.api.v1.FileListItem;
import org.junit.jupiter.api.Test;

class Int64NumbersTest {

  @Test
  void nestedInt64_printsAsNumber_zeroIncluded() {
    FileList list =
        FileList.newBuilder()
            .addFiles(
                FileListItem.newBuilder()
                    .setPath("a.html")
                    .setSize(5_000_000_000L)
                    .setModified(Timestamp.newBuilder().setSeconds(1705314030L)))
            .addFiles(FileListItem.newBuilder().setPath("b.html"))
            .build();

    assertThat(json(ProtoJson.print(list)))
        .isEqualTo(
            json(
                "{'files':["
                    + "{'path':'a.html','size':5000000000,'modified':'2024-01-15T10:20:30Z'},"
                    + "{'path':'b.html','size':0}]}"));
  }

  @Test
  void messagesWithoutInt64_areLeftAsPrinted() {
    String json = "{\"id\":\"c1\"}";

    assertThat(Int64Numbers.rewrite(json, Course.getDescriptor())).isSameAs(json);
  }
}
