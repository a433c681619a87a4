package org.courseport.server.domain.tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.courseport.server.domain.DomainException;

/**
 * The operator's management of tenants and their API keys: create and list tenants; create, list,
 * rotate and revoke keys. A secret is returned once, by {@link #createKey} or {@link #rotateKey},
 * and only its hash is stored. Rotation and revocation are conditional single-document updates, so
 * two admins racing on one key cannot both win, and they apply at the next request on every replica
 * because the authenticator reads the key document on every call.
 */
public final class TenantAdmin {
  /** Environment variable: default grace period (seconds) of a rotated key's old secret. */
  public static final String GRACE_ENV = "COURSEPORT_KEY_ROTATION_GRACE_SECONDS";

  /** Default grace period of a rotated key's old secret: one day. */
  public static final Duration DEFAULT_GRACE = Duration.ofDays(1);

  /** Longest grace period a rotation may ask for: 30 days. */
  public static final Duration MAX_GRACE = Duration.ofDays(30);

  static final int MAX_NAME = 200;
  private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final TenantRepository tenants;
  private final Function<String, String> hash;
  private final Supplier<String> newKeyId;
  private final Supplier<String> newSecret;
  private final Duration defaultGrace;
  private final Clock clock;

  /**
   * @param hash hashes a secret for storage (the auth layer's SecretHasher)
   * @param newKeyId generates a key id
   * @param newSecret generates a secret
   * @param defaultGrace the grace of a rotation that names none
   */
  public TenantAdmin(
      TenantRepository tenants,
      Function<String, String> hash,
      Supplier<String> newKeyId,
      Supplier<String> newSecret,
      Duration defaultGrace,
      Clock clock) {
    this.tenants = tenants;
    this.hash = hash;
    this.newKeyId = newKeyId;
    this.newSecret = newSecret;
    this.defaultGrace = defaultGrace;
    this.clock = clock;
  }

  /**
   * The default grace from {@value #GRACE_ENV} (whole seconds, 0 to 30 days); one day when unset;
   * an IllegalArgumentException naming the variable otherwise.
   */
  public static Duration graceFrom(Map<String, String> environment) {
    String value = environment.get(GRACE_ENV);
    if (value == null || value.isBlank()) {
      return DEFAULT_GRACE;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      if (seconds >= 0 && seconds <= MAX_GRACE.toSeconds()) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        GRACE_ENV
            + " must be whole seconds from 0 to "
            + MAX_GRACE.toSeconds()
            + ", not '"
            + value
            + "'");
  }

  /** A key with its secret, which is shown this once. */
  public record IssuedKey(ApiKey key, String secret) {
    /** {@code key_id:secret}. */
    public String credentials() {
      return key.keyId() + ":" + secret;
    }
  }

  /**
   * Creates a tenant; the id is generated when empty. INVALID_ARGUMENT TENANT_ID_INVALID, NAME_
   * REQUIRED, NAME_TOO_LONG or PLAN_INVALID; ALREADY_EXISTS TENANT_EXISTS.
   */
  public Tenant createTenant(String tenantId, String name, String planName) {
    String id = tenantId == null ? "" : tenantId.trim();
    if (id.isEmpty()) {
      id = "t-" + newKeyId.get().toLowerCase(java.util.Locale.ROOT);
    } else if (!TENANT_ID.matcher(id).matches()) {
      throw DomainException.invalid(
          "TENANT_ID_INVALID",
          "tenant_id '"
              + id
              + "' is not valid: use 1 to 64 letters, digits, '.', '_' or '-', starting with a"
              + " letter or digit");
    }
    String n = name == null ? "" : name.trim();
    if (n.isEmpty()) {
      throw DomainException.invalid("NAME_REQUIRED", "name is required: the tenant's display name");
    }
    checkNameLength(n);
    Plan plan = null;
    if (planName != null && !planName.isBlank()) {
      plan =
          Plan.byName(planName)
              .orElseThrow(
                  () ->
                      DomainException.invalid(
                          "PLAN_INVALID", "plan must be 'free' or 'paid', not '" + planName + "'"));
    }
    Tenant tenant = new Tenant(id, n, clock.instant(), plan);
    tenants.insertTenant(tenant);
    return tenant;
  }

  /** The tenant; NOT_FOUND TENANT_NOT_FOUND when there is none. */
  public Tenant tenant(String tenantId) {
    return tenants.findTenant(tenantId).orElseThrow(() -> tenantNotFound(tenantId));
  }

  /** The tenant with this id, if any. */
  public Optional<Tenant> findTenant(String tenantId) {
    return tenants.findTenant(tenantId);
  }

  /** Up to {@code limit} tenants after the id {@code after} (null: from the first), by id. */
  public List<Tenant> listTenants(String after, int limit) {
    return tenants.listTenants(after, limit);
  }

  /**
   * Creates a key for the tenant. Scopes are normalised (trimmed, lower case); empty means {@link
   * Scopes#TENANT_DEFAULT}. INVALID_ARGUMENT SCOPE_INVALID naming the first unknown scope;
   * NOT_FOUND TENANT_NOT_FOUND.
   */
  public IssuedKey createKey(String tenantId, String name, List<String> scopes) {
    tenant(tenantId);
    String n = name == null ? "" : name.trim();
    checkNameLength(n);
    Set<String> normalised = Scopes.normalise(scopes == null ? List.of() : scopes);
    for (String scope : normalised) {
      if (!Scopes.valid(scope)) {
        throw new DomainException(
            DomainException.Kind.INVALID_ARGUMENT,
            "SCOPE_INVALID",
            "Unknown scope '"
                + scope
                + "': a scope is read, write, delete, admin, or action:area with an action of"
                + " read, write, delete and an area of "
                + String.join(", ", new TreeSet<>(Scopes.AREAS)),
            Map.of("scope", scope));
      }
    }
    String secret = newSecret.get();
    ApiKey key =
        new ApiKey(
            newKeyId.get(),
            tenantId,
            hash.apply(secret),
            clock.instant(),
            n,
            normalised,
            null,
            null,
            null);
    tenants.insertKey(key);
    return new IssuedKey(key, secret);
  }

  /** The tenant's keys, oldest first; NOT_FOUND TENANT_NOT_FOUND for an unknown tenant. */
  public List<ApiKey> listKeys(String tenantId) {
    tenant(tenantId);
    return tenants.listKeys(tenantId);
  }

  /**
   * Gives the key a new secret; the old one keeps working for {@code grace} (null: the default). A
   * previous secret still inside an earlier grace stops working now. NOT_FOUND KEY_NOT_FOUND;
   * FAILED_PRECONDITION KEY_REVOKED; INVALID_ARGUMENT GRACE_INVALID; ABORTED KEY_CHANGED when the
   * key was rotated or revoked at the same time.
   */
  public IssuedKey rotateKey(String keyId, Duration grace) {
    Duration g = grace == null ? defaultGrace : grace;
    if (g.isNegative() || g.compareTo(MAX_GRACE) > 0) {
      throw DomainException.invalid(
          "GRACE_INVALID",
          "grace_seconds must be from 0 to " + MAX_GRACE.toSeconds() + ", not " + g.toSeconds());
    }
    ApiKey key = key(keyId);
    if (key.revoked()) {
      throw new DomainException(
          DomainException.Kind.FAILED_PRECONDITION,
          "KEY_REVOKED",
          "API key '" + keyId + "' is revoked; create a new key instead");
    }
    String secret = newSecret.get();
    Instant until = clock.instant().plus(g);
    ApiKey rotated =
        tenants
            .rotateKey(keyId, key.secretHash(), hash.apply(secret), until)
            .orElseThrow(() -> changed(keyId));
    return new IssuedKey(rotated, secret);
  }

  /**
   * Revokes the key at once; a revoked key is answered as it is. NOT_FOUND KEY_NOT_FOUND;
   * FAILED_PRECONDITION LAST_ADMIN_KEY when it is the last live key holding {@code admin} (the
   * operator would lock themselves out; create another admin key first).
   */
  public ApiKey revokeKey(String keyId) {
    ApiKey key = key(keyId);
    if (key.revoked()) {
      return key;
    }
    if (key.scopes().contains(Scopes.ADMIN) && tenants.countLiveKeysWithScope(Scopes.ADMIN) <= 1) {
      throw new DomainException(
          DomainException.Kind.FAILED_PRECONDITION,
          "LAST_ADMIN_KEY",
          "API key '"
              + keyId
              + "' is the last live key with the admin scope; create another admin key before"
              + " revoking it");
    }
    Optional<ApiKey> revoked = tenants.revokeKey(keyId, clock.instant());
    if (revoked.isPresent()) {
      return revoked.get();
    }
    // Revoked by someone else in between: answer the stored state.
    return key(keyId);
  }

  private ApiKey key(String keyId) {
    return tenants
        .findKey(keyId == null ? "" : keyId)
        .orElseThrow(
            () -> DomainException.notFound("KEY_NOT_FOUND", "No API key '" + keyId + "'."));
  }

  private static void checkNameLength(String name) {
    if (name.length() > MAX_NAME) {
      throw DomainException.invalid(
          "NAME_TOO_LONG", "name must be at most " + MAX_NAME + " characters");
    }
  }

  private static DomainException tenantNotFound(String tenantId) {
    return DomainException.notFound("TENANT_NOT_FOUND", "No tenant '" + tenantId + "'.");
  }

  private static DomainException changed(String keyId) {
    return new DomainException(
        DomainException.Kind.ABORTED,
        "KEY_CHANGED",
        "API key '" + keyId + "' was rotated or revoked at the same time; read it and retry");
  }
}
