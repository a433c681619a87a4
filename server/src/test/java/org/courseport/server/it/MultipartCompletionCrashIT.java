package org.courseport.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bson.Document;
import org.courseport.server.domain.coursepackage.MultipartUploads;
import org.courseport.server.storage.mongo.EmbeddedMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kill -9} of the server jar while a multipart completion on the file blob store hands the
 * upload's data file (the parts written in place) to the blob store, at each of its checkpoints,
 * then a restart on the same data directory. The completion is held at the checkpoint through
 * {@code COURSEPORT_TEST_HOLD_AT} and killed once the server logged that it is held there: no
 * timing. After the restart the acknowledged parts are still there (a retried completion stores the
 * zip with the SHA-256 of the bytes sent) or the upload was STORED before the kill (the retry is
 * refused as completed); either way the sweeper leaves no data file, link or temp file, and the
 * blob store holds exactly the upload's blob.
 */
class MultipartCompletionCrashIT {
  private static final String KEY = "crash-app:crash-secret-123";
  private static final int SIGKILL_EXIT = 128 + 9;
  private static final int PART_SIZE = 4 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        MultipartUploads.CHECKPOINT_HASHED,
        MultipartUploads.CHECKPOINT_LINKED,
        MultipartUploads.CHECKPOINT_PUBLISHED,
        MultipartUploads.CHECKPOINT_STORED
      })
  void kill9_duringInPlaceCompletion_retryStoresTheSameBlobAndNothingIsLeft(String checkpoint)
      throws Exception {
    Path jar = Path.of(System.getProperty("courseport.serverJar", "target/courseport-server.jar"));
    assumeTrue(Files.exists(jar), "server jar not built at " + jar);
    boolean storedBeforeKill = checkpoint.equals(MultipartUploads.CHECKPOINT_STORED);
    Map<String, String> env = new HashMap<>();
    env.put("COURSEPORT_MULTIPART_PART_SIZE", Integer.toString(PART_SIZE));
    env.put("COURSEPORT_UPLOAD_CLAIM_LEASE_SECONDS", "4");

    MultipartUpload upload;
    Path uploadDir;
    Map<String, String> held = new HashMap<>(env);
    held.put("COURSEPORT_TEST_HOLD_AT", checkpoint);
    try (ServerProcess server = ServerProcess.start(jar, dataDir, KEY, held)) {
      server.awaitPorts();
      RestClient api = new RestClient(server.httpPort(), KEY);
      api.awaitHealthy();
      String tenant =
          JSON.readTree(api.allure("GET", "/api/v1/tenant", null).body()).get("tenant_id").asText();
      // Every part but the last has the part size: the parts are written in place into one data
      // file, and the completion moves that file into the blob store.
      upload =
          MultipartUpload.upload(
              api, tenant, PART_SIZE, checkpoint.hashCode(), PART_SIZE, PART_SIZE, 1234567);
      uploadDir = dataDir.resolve("multipart").resolve(upload.uploadId());
      assertThat(uploadDir.resolve("data"))
          .as("the data file of the parts written in place")
          .exists();
      CompletableFuture<Integer> completion =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return upload.complete(api).statusCode();
                } catch (Exception e) {
                  return -1;
                }
              });
      server.awaitOutput("Held at checkpoint " + checkpoint);
      assertThat(server.kill()).as("exit code of a SIGKILLed JVM").isEqualTo(SIGKILL_EXIT);
      assertThat(completion.get(30, TimeUnit.SECONDS))
          .as("the completion got no answer")
          .isEqualTo(-1);
    }

    // What the kill left: the upload directory, and for the later checkpoints the hard link or the
    // published blob; the upload is STORED only once the completion has recorded it.
    assertThat(uploadDir).as("the upload's directory").isDirectory();
    if (checkpoint.equals(MultipartUploads.CHECKPOINT_LINKED)) {
      assertThat(names(uploadDir)).anyMatch(n -> n.startsWith("tmp-adopt-"));
    }
    if (checkpoint.equals(MultipartUploads.CHECKPOINT_PUBLISHED) || storedBeforeKill) {
      assertThat(upload.blobFile(dataDir)).as("the published blob").exists();
    } else {
      assertThat(upload.blobFile(dataDir)).doesNotExist();
    }
    assertThat(uploadState(upload)).isEqualTo(storedBeforeKill ? "STORED" : "RECEIVING");

    // The restart: the sweepers run at once (the upload is not expired: its parts stay).
    Map<String, String> restart = new HashMap<>(env);
    restart.put("COURSEPORT_SWEEP_FIRST_RUN_SECONDS", "0");
    try (ServerProcess server = ServerProcess.start(jar, dataDir, KEY, restart)) {
      server.awaitPorts();
      RestClient api = new RestClient(server.httpPort(), KEY);
      api.awaitHealthy();
      assertThat(names(dataDir.resolve("blobs").resolve("tmp"))).as("blob temp files").isEmpty();
      if (storedBeforeKill) {
        HttpResponse<String> again = upload.complete(api);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(400);
        assertThat(again.body()).contains("UPLOAD_COMPLETED");
        server.awaitOutput("Removed the parts of 1 multipart uploads");
      } else {
        assertThat(names(uploadDir))
            .as("the upload's files at start")
            .noneMatch(n -> n.startsWith("tmp-"));
        JsonNode completed = upload.awaitCompletion(api);
        assertThat(completed.get("size").asLong()).isEqualTo(upload.size());
      }
      assertThat(upload.blobFile(dataDir)).exists();
      assertThat(MultipartUpload.sha256(Files.readAllBytes(upload.blobFile(dataDir))))
          .as("the SHA-256 of the stored zip")
          .isEqualTo(upload.sha256());
      assertThat(server.stop()).as(server.output()).isIn(0, 143);
    }

    assertThat(uploadState(upload)).isEqualTo("STORED");
    assertThat(names(dataDir.resolve("multipart"))).as("multipart upload directories").isEmpty();
    assertThat(names(dataDir.resolve("blobs").resolve("tmp"))).as("blob temp files").isEmpty();
    try (Stream<Path> files = Files.walk(dataDir.resolve("blobs"))) {
      assertThat(files.filter(Files::isRegularFile).toList())
          .as("the blob store holds the upload's blob only")
          .containsExactly(upload.blobFile(dataDir));
    }
  }

  /** The upload's state and blob as stored, read with the server stopped. */
  private String uploadState(MultipartUpload upload) throws Exception {
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      Document slot =
          client
              .getDatabase(MongoStore.DATABASE)
              .getCollection("packageUploads")
              .find(Filters.eq("_id", upload.uploadId()))
              .first();
      assertThat(slot).as("the upload's record").isNotNull();
      if (slot.getString("state").equals("STORED")) {
        assertThat(slot.getString("blobId")).isEqualTo(upload.sha256());
      }
      return slot.getString("state");
    }
  }

  private static List<String> names(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
