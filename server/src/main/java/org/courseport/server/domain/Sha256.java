package org.courseport.server.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256: new digests, copies of a digest's state (to continue a hash from a cached prefix) and
 * the lower-case hex of a hash.
 */
public final class Sha256 {
  private Sha256() {}

  /** A new SHA-256 digest. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  /** A copy of the digest's state. */
  public static MessageDigest copy(MessageDigest digest) {
    try {
      return (MessageDigest) digest.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digests cannot be copied", e);
    }
  }

  /** Lower-case hex SHA-256 of the bytes. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }
}
