package org.courseport.server.packaging.aicc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AiccTableTest {
  @Test
  void quotedFieldsWithCommasAndDoubledQuotes_areOneValueEach() {
    AiccTable t = AiccTable.parse("\"System_ID\",\"Title\"\r\n\"A1\",\"Hello, \"\"World\"\"\"\r\n");

    assertThat(t.rows())
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.get("system_id")).isEqualTo("A1");
              assertThat(row.get("TITLE")).isEqualTo("Hello, \"World\"");
              assertThat(row.line()).isEqualTo(2);
            });
  }

  @Test
  void unquotedFieldsBlankLinesAndBom_areTolerated() {
    AiccTable t = AiccTable.parse("\uFEFFsystem_id, file_name\n\n A1 , a.html \n\nA2,b.html");

    assertThat(t.rows()).extracting(r -> r.get("file_name")).containsExactly("a.html", "b.html");
    assertThat(t.rows()).extracting(AiccTable.Row::line).containsExactly(3, 5);
  }

  @Test
  void quotedFieldMaySpanLines() {
    AiccTable t = AiccTable.parse("id,description\nA1,\"two\nlines\"\nA2,x\n");

    assertThat(t.rows()).extracting(r -> r.get("description")).containsExactly("two\nlines", "x");
  }

  @Test
  void missingColumn_isEmpty() {
    assertThat(AiccTable.parse("a,b\n1\n").rows().get(0).get("b")).isEmpty();
  }
}
