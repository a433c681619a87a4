package org.courseport.server.storage.mongo.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.lesson.ContentSchema;
import org.courseport.server.domain.lesson.EmbedProviders;
import org.courseport.server.domain.lesson.Lesson;
import org.courseport.server.domain.lesson.LessonContent;
import org.courseport.server.domain.lesson.LessonErrors;
import org.courseport.server.domain.lesson.Lessons;
import org.courseport.server.domain.lesson.PublishCheckpoint;
import org.courseport.server.domain.lesson.PublishedLessonVersion;
import org.courseport.server.storage.mongo.MongoStoreContractTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Contract of {@link Lessons} with {@link MongoLessonRepository} and {@link
 * MongoContentReferences}: on the embedded store the server runs on (mongo-java-server with the H2
 * backend, whose single-document updates are atomic) and on a real MongoDB.
 */
abstract class LessonsOnMongoContractTest extends MongoStoreContractTest {
  static final Instant T0 = Instant.parse("2025-01-15T10:30:00Z");
  static final String MEDIA = "0b7e3c1a-5d2f-4c8e-9a61-3f2d4e5b6c7d";
  static final String WIDGET = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";

  MongoDatabase db;
  MongoLessonRepository repository;

  @BeforeEach
  void emptyLessonCollections() {
    db = store.database();
    for (String name : new String[] {"lessons", "lesson_versions", "media", "widgets"}) {
      db.getCollection(name).deleteMany(new Document());
    }
    repository = new MongoLessonRepository(db);
  }

  Lessons lessons(PublishCheckpoint checkpoint) {
    return new Lessons(
        repository,
        new MongoContentReferences(db),
        new LessonContent(ContentSchema.bundled(), new EmbedProviders(EmbedProviders.DEFAULTS)),
        Clock.fixed(T0, ZoneOffset.UTC),
        checkpoint);
  }

  void addMedia(String tenant, String id) {
    db.getCollection("media")
        .insertOne(
            new Document("_id", id)
                .append("tenantId", tenant)
                .append("mimeType", "image/png")
                .append("ext", "png"));
  }

  static String image(String mediaId) {
    return "{\"blocks\":[{\"type\":\"image\",\"media\":\"media:" + mediaId + "\",\"alt\":\"A\"}]}";
  }

  @Test
  void create_derivesUniqueSlugs_andRefusesATakenGivenSlug() {
    Lessons lessons = lessons(PublishCheckpoint.NONE);
    Lesson first = lessons.create("t1", "Cell Biology", null, null);
    Lesson second = lessons.create("t1", "Cell biology!", "", null);
    Lesson otherTenant = lessons.create("t2", "Cell Biology", null, null);

    assertThat(first.slug()).isEqualTo("cell-biology");
    assertThat(second.slug()).isEqualTo("cell-biology-2");
    assertThat(otherTenant.slug()).isEqualTo("cell-biology");
    assertThat(first.content()).isEqualTo("{\"blocks\":[]}");
    assertThatThrownBy(() -> lessons.create("t1", "Other", "cell-biology", null))
        .isInstanceOf(DomainException.class)
        .hasMessage("Another lesson already has the slug 'cell-biology'")
        .extracting(e -> ((DomainException) e).reason())
        .isEqualTo(LessonErrors.SLUG_TAKEN);
  }

  @Test
  void update_changesOnlyTheGivenFields_andRefusesATakenSlug() {
    Lessons lessons = lessons(PublishCheckpoint.NONE);
    Lesson a = lessons.create("t1", "A", null, null);
    lessons.create("t1", "B", null, null);

    Lesson updated = lessons.update("t1", a.id().toString(), null, "a-renamed", image(MEDIA));

    assertThat(updated.title()).isEqualTo("A");
    assertThat(updated.slug()).isEqualTo("a-renamed");
    assertThat(updated.content()).isEqualTo(image(MEDIA));
    assertThat(updated.draftRevision()).isEqualTo(2);
    assertThatThrownBy(() -> lessons.update("t1", a.id().toString(), null, "b", null))
        .hasMessage("Another lesson already has the slug 'b'");
    assertThatThrownBy(() -> lessons.update("t2", a.id().toString(), "X", null, null))
        .hasMessage("Lesson not found");
  }

  @Test
  void publish_snapshotsTheDraft_numbersFromOne_andLaterEditsDoNotChangeIt() {
    Lessons lessons = lessons(PublishCheckpoint.NONE);
    addMedia("t1", MEDIA);
    Lesson lesson = lessons.create("t1", "Cells", null, image(MEDIA));
    String id = lesson.id().toString();

    PublishedLessonVersion v1 = lessons.publish("t1", id);
    lessons.update("t1", id, "Cells, revised", null, "{\"blocks\":[]}");
    PublishedLessonVersion v2 = lessons.publish("t1", id);

    assertThat(v1.versionNumber()).isEqualTo(1);
    assertThat(v2.versionNumber()).isEqualTo(2);
    assertThat(lessons.version("t1", id, v1.versionId().toString()))
        .isEqualTo(v1)
        .extracting(PublishedLessonVersion::content, PublishedLessonVersion::title)
        .containsExactly(image(MEDIA), "Cells");
    assertThat(lessons.findPublished("t1", lesson.id(), v2.versionId()))
        .hasValueSatisfying(v -> assertThat(v.title()).isEqualTo("Cells, revised"));
    assertThat(lessons.findPublished("t2", lesson.id(), v1.versionId())).isEmpty();
    assertThat(lessons.findPublished("t1", UUID.randomUUID(), v1.versionId())).isEmpty();
    assertThat(lessons.get("t1", id))
        .extracting(Lesson::latestVersionNumber, Lesson::latestVersionId)
        .containsExactly(2, v2.versionId());
    assertThat(lessons.versions("t1", id, 0, 10))
        .extracting(PublishedLessonVersion::versionNumber)
        .containsExactly(2, 1);
  }

  @Test
  void publish_withUnknownMediaOrWidgets_namesThem_andAnotherTenantsMediaDoesNotCount() {
    Lessons lessons = lessons(PublishCheckpoint.NONE);
    addMedia("t2", MEDIA);
    String json =
        "{\"blocks\":[{\"type\":\"image\",\"media\":\"media:"
            + MEDIA
            + "\",\"alt\":\"A\"},{\"type\":\"widget\",\"widget\":\""
            + WIDGET
            + "\"}]}";
    Lesson lesson = lessons.create("t1", "Cells", null, json);

    assertThatThrownBy(() -> lessons.publish("t1", lesson.id().toString()))
        .isInstanceOf(DomainException.class)
        .hasMessage(
            "The draft cannot be published: unknown media media:"
                + MEDIA
                + "; unknown widgets "
                + WIDGET)
        .satisfies(
            e -> {
              DomainException de = (DomainException) e;
              assertThat(de.kind()).isEqualTo(DomainException.Kind.FAILED_PRECONDITION);
              assertThat(de.reason()).isEqualTo("INVALID_CONTENT");
              assertThat(de.metadata()).containsEntry("missingMedia", MEDIA);
            });
    assertThat(repository.listVersions("t1", lesson.id(), 0, 10)).isEmpty();

    db.getCollection("media")
        .updateOne(
            new Document("_id", MEDIA), new Document("$set", new Document("tenantId", "t1")));
    db.getCollection("widgets")
        .insertOne(new Document("_id", WIDGET).append("tenantId", "t1").append("widgetType", "x"));
    assertThat(lessons.publish("t1", lesson.id().toString()).versionNumber()).isEqualTo(1);
  }

  @Test
  void concurrentPublishes_getNumbersOneAndTwo() throws Exception {
    // Both publishes have read and checked the same draft before either claims its number.
    CyclicBarrier bothChecked = new CyclicBarrier(2);
    Lessons lessons =
        lessons(
            () -> {
              try {
                bothChecked.await(10, TimeUnit.SECONDS);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Lesson lesson = lessons.create("t1", "Race", null, null);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<PublishedLessonVersion> a =
          pool.submit(() -> lessons.publish("t1", lesson.id().toString()));
      Future<PublishedLessonVersion> b =
          pool.submit(() -> lessons.publish("t1", lesson.id().toString()));

      assertThat(List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS)))
          .extracting(PublishedLessonVersion::versionNumber)
          .containsExactlyInAnyOrder(1, 2);
    } finally {
      pool.shutdownNow();
    }
    assertThat(repository.listVersions("t1", lesson.id(), 0, 10))
        .extracting(PublishedLessonVersion::versionNumber)
        .containsExactly(2, 1);
    assertThat(lessons.get("t1", lesson.id().toString()).latestVersionNumber()).isEqualTo(2);
  }

  @Test
  void publish_whenTheDraftChangesAfterItsCheck_isRefused() {
    AtomicBoolean edited = new AtomicBoolean();
    Lessons[] holder = new Lessons[1];
    Lesson[] lesson = new Lesson[1];
    holder[0] =
        lessons(
            () -> {
              if (edited.compareAndSet(false, true)) {
                holder[0].update("t1", lesson[0].id().toString(), "Edited", null, null);
              }
            });
    lesson[0] = holder[0].create("t1", "Race", null, null);

    assertThatThrownBy(() -> holder[0].publish("t1", lesson[0].id().toString()))
        .isInstanceOf(DomainException.class)
        .hasMessage("The lesson's draft changed while it was being published; publish again");
    assertThat(holder[0].publish("t1", lesson[0].id().toString()).title()).isEqualTo("Edited");
  }

  @Test
  void delete_removesTheLessonAndItsVersions() {
    Lessons lessons = lessons(PublishCheckpoint.NONE);
    Lesson lesson = lessons.create("t1", "Gone", null, null);
    PublishedLessonVersion v = lessons.publish("t1", lesson.id().toString());

    assertThatThrownBy(() -> lessons.delete("t2", lesson.id().toString()))
        .hasMessage("Lesson not found");
    lessons.delete("t1", lesson.id().toString());

    assertThat(repository.find("t1", lesson.id())).isEmpty();
    assertThat(db.getCollection("lesson_versions").countDocuments()).isZero();
    assertThat(lessons.findPublished("t1", lesson.id(), v.versionId())).isEmpty();
    assertThatThrownBy(() -> lessons.get("t1", lesson.id().toString()))
        .hasMessage("Lesson not found");
  }

  @Test
  void ids_thatAreNotUuids_areInvalid() {
    Lessons lessons = lessons(PublishCheckpoint.NONE);
    assertThatThrownBy(() -> lessons.get("t1", "abc")).hasMessage("Invalid lesson ID");
    Lesson lesson = lessons.create("t1", "X", null, null);
    assertThatThrownBy(() -> lessons.version("t1", lesson.id().toString(), "v1"))
        .hasMessage("Invalid version ID");
    assertThatThrownBy(() -> lessons.version("t1", lesson.id().toString(), WIDGET))
        .hasMessage("Published version not found");
  }

  @Test
  void storedContent_isReadBackExactly() {
    Lessons lessons = lessons(PublishCheckpoint.NONE);
    addMedia("t1", MEDIA);
    Lesson lesson = lessons.create("t1", "Exact", null, image(MEDIA));
    Document doc = db.getCollection("lessons").find().first();

    assertThat(doc.getString("content")).isEqualTo(image(MEDIA));
    assertThat(doc.getString("tenantId")).isEqualTo("t1");
    assertThat(Set.copyOf(repository.list("t1", 0, 10))).containsExactly(lesson);
  }
}
