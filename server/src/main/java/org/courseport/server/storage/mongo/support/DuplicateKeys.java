package org.courseport.server.storage.mongo.support;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import org.courseport.server.domain.DomainException;

/** Turns MongoDB duplicate-key errors into domain ALREADY_EXISTS errors. */
public final class DuplicateKeys {
  private DuplicateKeys() {}

  public static boolean isDuplicateKey(MongoException e) {
    if (e instanceof MongoWriteException write) {
      return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
    if (e instanceof MongoCommandException command) {
      return ErrorCategory.fromErrorCode(command.getErrorCode()) == ErrorCategory.DUPLICATE_KEY;
    }
    return false;
  }

  /** Runs an insert; a duplicate key becomes ALREADY_EXISTS with the reason and message. */
  public static void insert(Runnable insert, String reason, String message) {
    try {
      insert.run();
    } catch (MongoException e) {
      if (isDuplicateKey(e)) {
        throw DomainException.alreadyExists(reason, message);
      }
      throw e;
    }
  }
}
