package org.courseport.server.storage.mongo.launch;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static org.courseport.server.storage.mongo.support.DocumentValues.date;
import static org.courseport.server.storage.mongo.support.DocumentValues.instant;
import static org.courseport.server.storage.mongo.support.DocumentValues.intValue;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.domain.xapi.StatementPage;
import org.courseport.server.domain.xapi.StatementQuery;
import org.courseport.server.domain.xapi.StatementRepository;
import org.courseport.server.domain.xapi.StoredStatement;

/**
 * {@link StatementRepository} on collection {@value #COLLECTION}: one document per statement,
 * {@code _id} the statement id (so a statement stored twice is kept once), the statement JSON as
 * text. Pages are ordered by {@code stored}, then by the commit that stored it ({@code batch}: the
 * id of the commit's first statement, so that commits stored in the same millisecond do not
 * interleave), then by the statement's position in that commit ({@code ord}: the order things
 * happened), then by id; the paging token {@code more} is that key of the page's last statement,
 * base64url-encoded.
 */
public final class MongoStatements implements StatementRepository {
  /** The collection of xAPI statements. */
  public static final String COLLECTION = "xapiStatements";

  /** The largest page. */
  public static final int MAX_PAGE = 100;

  private final MongoCollection<Document> collection;

  /** Uses the collection in {@code database} and creates its indexes. */
  public MongoStatements(MongoDatabase database) {
    this.collection = database.getCollection(COLLECTION);
    collection.createIndex(
        Indexes.ascending("tenantId", "courseId", "stored", "batch", "ord", "_id"),
        new IndexOptions().name("tenant_course_stored"));
    collection.createIndex(
        Indexes.ascending("tenantId", "courseId", "learnerId", "stored"),
        new IndexOptions().name("tenant_course_learner"));
  }

  @Override
  public void insertAll(List<StoredStatement> statements) {
    if (statements.isEmpty()) {
      return;
    }
    List<Document> docs = new ArrayList<>();
    String batch = statements.get(0).id();
    for (int i = 0; i < statements.size(); i++) {
      docs.add(toDocument(statements.get(i), batch, i));
    }
    try {
      collection.insertMany(docs, new InsertManyOptions().ordered(false));
    } catch (MongoBulkWriteException e) {
      for (BulkWriteError error : e.getWriteErrors()) {
        if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
          throw e;
        }
      }
      // Only statements stored before: a retried commit.
    }
  }

  @Override
  public StatementPage find(StatementQuery q) {
    int size = q.pageSize() <= 0 ? MAX_PAGE : Math.min(q.pageSize(), MAX_PAGE);
    List<Bson> filters = new ArrayList<>();
    filters.add(eq("tenantId", q.tenantId()));
    filters.add(eq("courseId", q.courseId()));
    if (q.version() != null) {
      filters.add(eq("version", q.version()));
    }
    if (q.learnerId() != null) {
      filters.add(eq("learnerId", q.learnerId()));
    }
    if (q.since() != null) {
      filters.add(gte("stored", date(q.since())));
    }
    if (q.until() != null) {
      filters.add(lt("stored", date(q.until())));
    }
    if (q.more() != null) {
      Cursor c = Cursor.decode(q.more());
      Bson stored = eq("stored", date(c.stored()));
      Bson batch = eq("batch", c.batch());
      filters.add(
          or(
              gt("stored", date(c.stored())),
              and(stored, gt("batch", c.batch())),
              and(stored, batch, gt("ord", c.ord())),
              and(stored, batch, eq("ord", c.ord()), gt("_id", c.id()))));
    }
    List<StoredStatement> out = new ArrayList<>();
    List<Document> docs = new ArrayList<>();
    collection
        .find(and(filters))
        .sort(Sorts.ascending("stored", "batch", "ord", "_id"))
        .limit(size + 1)
        .forEach(
            d -> {
              out.add(fromDocument(d));
              docs.add(d);
            });
    if (out.size() <= size) {
      return new StatementPage(out, null);
    }
    Document last = docs.get(size - 1);
    String more =
        new Cursor(
                instant(last, "stored"),
                last.getString("batch"),
                intValue(last, "ord"),
                last.getString("_id"))
            .encode();
    return new StatementPage(out.subList(0, size), more);
  }

  @Override
  public long deleteForCourse(String tenantId, String courseId) {
    return collection
        .deleteMany(and(eq("tenantId", tenantId), eq("courseId", courseId)))
        .getDeletedCount();
  }

  @Override
  public long deleteForVersion(String tenantId, String courseId, int version) {
    return collection
        .deleteMany(and(eq("tenantId", tenantId), eq("courseId", courseId), eq("version", version)))
        .getDeletedCount();
  }

  private static Document toDocument(StoredStatement s, String batch, int ord) {
    return new Document("_id", s.id())
        .append("tenantId", s.tenantId())
        .append("courseId", s.courseId())
        .append("version", s.version())
        .append("learnerId", s.learnerId())
        .append("registration", s.registration())
        .append("stored", date(s.stored()))
        .append("batch", batch)
        .append("ord", ord)
        .append("json", s.json());
  }

  private static StoredStatement fromDocument(Document d) {
    return new StoredStatement(
        d.getString("_id"),
        d.getString("tenantId"),
        d.getString("courseId"),
        intValue(d, "version"),
        d.getString("learnerId"),
        d.getString("registration"),
        instant(d, "stored"),
        d.getString("json"));
  }

  /** The position after a page's last statement. */
  record Cursor(Instant stored, String batch, int ord, String id) {
    String encode() {
      String raw = stored.toEpochMilli() + ":" + ord + ":" + batch.length() + ":" + batch + id;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String token) {
      try {
        String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        String[] parts = raw.split(":", 4);
        if (parts.length != 4) {
          throw new IllegalArgumentException("bad shape");
        }
        int ord = Integer.parseInt(parts[1]);
        int batchLength = Integer.parseInt(parts[2]);
        if (ord < 0 || batchLength <= 0 || batchLength >= parts[3].length()) {
          throw new IllegalArgumentException("bad position");
        }
        return new Cursor(
            Instant.ofEpochMilli(Long.parseLong(parts[0])),
            parts[3].substring(0, batchLength),
            ord,
            parts[3].substring(batchLength));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "The paging token 'more' is not one this server answered: '" + token + "'.", e);
      }
    }
  }
}
