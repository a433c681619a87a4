package org.courseport.server.packaging.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.xml.validation.Schema;
import org.junit.jupiter.api.Test;

class SchemaRegistryTest {
  @Test
  void concurrentFirstUses_compileOneSharedSchema() throws Exception {
    SchemaRegistry registry = new SchemaRegistry();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<Schema> a = pool.submit(() -> registry.schema(BundledSchema.CMI5));
      Future<Schema> b = pool.submit(() -> registry.schema(BundledSchema.CMI5));
      Future<Schema> c = pool.submit(() -> registry.schema(BundledSchema.CMI5));
      assertThat(a.get()).isSameAs(b.get()).isSameAs(c.get());
    } finally {
      pool.shutdownNow();
    }
  }
}
