package org.courseport.server.storage.mongo.launch;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static org.courseport.server.storage.mongo.support.DocumentValues.date;
import static org.courseport.server.storage.mongo.support.DocumentValues.instant;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Instant;
import java.util.Optional;
import org.bson.Document;
import org.courseport.server.domain.launch.LaunchGrant;
import org.courseport.server.domain.launch.LaunchMode;
import org.courseport.server.domain.launch.LaunchOptions;
import org.courseport.server.domain.launch.LaunchTokenRecord;
import org.courseport.server.domain.launch.LaunchTokenRepository;
import org.courseport.server.domain.launch.TokenKind;

/**
 * {@link LaunchTokenRepository} in the {@code launchTokens} collection: one document per token,
 * keyed by the unique {@code tokenHash} (the token itself is never stored), with the grant it opens
 * and its expiry. Expired tokens are removed by a query on {@code expiresAt}.
 */
public final class MongoLaunchTokens implements LaunchTokenRepository {
  /** The collection. */
  public static final String COLLECTION = "launchTokens";

  private final MongoCollection<Document> tokens;

  public MongoLaunchTokens(MongoDatabase database) {
    this.tokens = database.getCollection(COLLECTION);
    tokens.createIndex(
        Indexes.ascending("tokenHash"), new IndexOptions().unique(true).name("tokenHash_unique"));
    tokens.createIndex(Indexes.ascending("expiresAt"), new IndexOptions().name("expiresAt"));
    tokens.createIndex(
        Indexes.compoundIndex(Indexes.ascending("tenant"), Indexes.ascending("course")),
        new IndexOptions().name("tenant_course"));
  }

  @Override
  public void insert(LaunchTokenRecord r) {
    LaunchGrant g = r.grant();
    LaunchOptions o = g.options();
    tokens.insertOne(
        new Document("tokenHash", r.tokenHash())
            .append("kind", r.kind().name())
            .append("tenant", g.tenantId())
            .append("course", g.courseId())
            .append("version", g.version())
            .append("mode", g.mode().name())
            .append("sessionId", g.sessionId())
            .append("userId", g.userId())
            .append(
                "options",
                new Document("redirectOnExitUrl", o.redirectOnExitUrl())
                    .append("startSco", o.startSco())
                    .append("culture", o.culture())
                    .append("cssUrl", o.cssUrl())
                    .append("launchType", o.launchType())
                    .append("autoCommitSeconds", o.autoCommitSeconds())
                    .append("scorm12MasteryOverride", o.scorm12MasteryOverride())
                    .append("learnerName", o.learnerName()))
            .append("expiresAt", date(g.expiresAt()))
            .append("created", date(r.created())));
  }

  @Override
  public Optional<LaunchTokenRecord> find(String tokenHash) {
    return Optional.ofNullable(tokens.find(eq("tokenHash", tokenHash)).first())
        .map(MongoLaunchTokens::record);
  }

  @Override
  public long deleteExpiredBefore(Instant cutoff) {
    return tokens.deleteMany(lt("expiresAt", date(cutoff))).getDeletedCount();
  }

  @Override
  public long deleteForCourse(String tenantId, String courseId) {
    return tokens.deleteMany(and(eq("tenant", tenantId), eq("course", courseId))).getDeletedCount();
  }

  private static LaunchTokenRecord record(Document d) {
    Document o = d.get("options", Document.class);
    LaunchOptions options =
        o == null
            ? LaunchOptions.DEFAULTS
            : new LaunchOptions(
                o.getString("redirectOnExitUrl"),
                o.getString("startSco"),
                o.getString("culture"),
                o.getString("cssUrl"),
                o.getString("launchType"),
                o.getInteger("autoCommitSeconds", 0),
                o.getBoolean("scorm12MasteryOverride", false),
                o.getString("learnerName"));
    LaunchGrant grant =
        new LaunchGrant(
            d.getString("tenant"),
            d.getString("course"),
            d.getInteger("version", 0),
            LaunchMode.valueOf(d.getString("mode")),
            d.getString("sessionId"),
            d.getString("userId"),
            options,
            instant(d, "expiresAt"));
    return new LaunchTokenRecord(
        d.getString("tokenHash"),
        TokenKind.valueOf(d.getString("kind")),
        grant,
        instant(d, "created"));
  }
}
