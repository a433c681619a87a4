package org.courseport.server.packaging.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZipVerifierTest {
  private static final String MANIFEST = "<manifest/>";

  private static byte[] pages(int count) {
    RawZip zip = new RawZip().add(RawZip.text("imsmanifest.xml", MANIFEST));
    for (int i = 0; i < count; i++) {
      zip.add(
          RawZip.deflated(
              "p" + i + ".html", ("<p>" + i + "</p>").getBytes(StandardCharsets.UTF_8)));
    }
    return zip.toBytes();
  }

  @Test
  void helpersQueuedBehindOtherWork_areNotWaitedForAndDoNothingWhenTheirTurnComes()
      throws Exception {
    List<Runnable> queued = new ArrayList<>();
    ZipVerifier verifier = new ZipVerifier(queued::add); // a pool busy with other imports

    long read;
    try (ZipPackageArchive archive = Archives.open(pages(50))) {
      read = verifier.verify(archive);
    }

    long expected = MANIFEST.length();
    for (int i = 0; i < 50; i++) {
      expected += ("<p>" + i + "</p>").length();
    }
    assertThat(read).isEqualTo(expected);
    assertThat(queued).hasSize(ZipVerifier.THREADS - 1);
    // The archive is closed now; a helper starting late must not touch it.
    queued.forEach(helper -> assertThatCode(helper::run).doesNotThrowAnyException());
  }

  @Test
  void helpersThatRunAtOnce_shareTheWorkAndEveryByteIsCounted() throws Exception {
    List<Thread> threads = new ArrayList<>();
    ZipVerifier verifier =
        new ZipVerifier(
            task -> {
              Thread t = new Thread(task);
              threads.add(t);
              t.start();
            });

    long read;
    try (ZipPackageArchive archive = Archives.open(pages(2_000))) {
      read = verifier.verify(archive);
    }

    long expected = MANIFEST.length();
    for (int i = 0; i < 2_000; i++) {
      expected += ("<p>" + i + "</p>").length();
    }
    assertThat(read).isEqualTo(expected);
    assertThat(threads).hasSize(ZipVerifier.THREADS - 1);
  }
}
