package org.courseport.server.grpc.admin;

import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.TreeSet;
import org.courseport.api.v1.ApiKey;
import org.courseport.api.v1.Tenant;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.tenant.Plan;

/** Maps tenants and keys to their AdminService messages; never a secret or a hash. */
final class AdminProtoMapper {
  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 100;
  private static final String TOKEN_PREFIX = "t:";

  private AdminProtoMapper() {}

  static Tenant toProto(org.courseport.server.domain.tenant.Tenant t, String uuid, Plan plan) {
    Tenant.Builder b =
        Tenant.newBuilder()
            .setTenantId(t.id())
            .setUuid(uuid)
            .setName(t.name() == null ? "" : t.name())
            .setPlan(plan.wireName());
    if (t.created() != null) {
      b.setCreateTime(timestamp(t.created()));
    }
    return b.build();
  }

  static ApiKey toProto(org.courseport.server.domain.tenant.ApiKey k) {
    ApiKey.Builder b =
        ApiKey.newBuilder()
            .setKeyId(k.keyId())
            .setTenantId(k.tenantId())
            .setName(k.name())
            .addAllScopes(new TreeSet<>(k.scopes()))
            .setRevoked(k.revoked());
    if (k.created() != null) {
      b.setCreateTime(timestamp(k.created()));
    }
    if (k.revokedAt() != null) {
      b.setRevokeTime(timestamp(k.revokedAt()));
    }
    if (k.previousSecretHash() != null && k.previousValidUntil() != null) {
      b.setPreviousSecretExpireTime(timestamp(k.previousValidUntil()));
    }
    return b.build();
  }

  static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  /** The page size asked for: 0 means the default; INVALID_ARGUMENT outside 0 to 100. */
  static int pageSize(int asked) {
    if (asked < 0 || asked > MAX_PAGE_SIZE) {
      throw DomainException.invalid(
          "INVALID_PAGE_SIZE", "page_size must be between 1 and " + MAX_PAGE_SIZE + ".");
    }
    return asked == 0 ? DEFAULT_PAGE_SIZE : asked;
  }

  /** The tenant id an opaque page token continues after (null for none). */
  static String after(String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (raw.startsWith(TOKEN_PREFIX) && raw.length() > TOKEN_PREFIX.length()) {
        return raw.substring(TOKEN_PREFIX.length());
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw DomainException.invalid(
        "INVALID_PAGE_TOKEN", "page_token is not a next_page_token of this list.");
  }

  /** The token of the page after the tenant {@code lastId}. */
  static String token(String lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((TOKEN_PREFIX + lastId).getBytes(StandardCharsets.UTF_8));
  }
}
