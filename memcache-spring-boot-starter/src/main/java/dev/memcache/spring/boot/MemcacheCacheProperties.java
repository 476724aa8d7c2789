package dev.memcache.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The cache manager settings of {@link MemcacheProperties} ({@code memcache.cache.*}). */
public class MemcacheCacheProperties {
  /** Time to live of entries in caches without a TTL of their own; 0 means no expiry. */
  private Duration defaultTtl = Duration.ZERO;

  /** Time to live per cache name, overriding the default TTL. */
  private Map<String, Duration> ttl = new LinkedHashMap<>();

  /**
   * Put before every cache key (after the client's key prefix), to keep this application's caches
   * apart from others sharing the servers.
   */
  private String keyPrefix = "";

  /** Whether null values are cached (as a marker that reads back as null). */
  private boolean allowNullValues = true;

  /**
   * Caches created at startup; when set, other names are refused. Empty: caches are created on
   * first use.
   */
  private List<String> cacheNames = new ArrayList<>();

  /**
   * How long a cache uses the namespace generation it read before reading it again (a clear made by
   * another process is seen after at most this long); 0 reads it on every operation.
   */
  private Duration generationCacheTtl = Duration.ofSeconds(1);

  /**
   * How long the cross-process loading lock of get(key, loader) lives, so that a process that dies
   * while loading does not hold it forever. Choose more than a load takes.
   */
  private Duration lockTtl = Duration.ofSeconds(10);

  /** How long a process waits for another process's load of the same key before it loads itself. */
  private Duration lockWait = Duration.ofSeconds(10);

  /** Every default. */
  public MemcacheCacheProperties() {}

  /**
   * How long a generation read is used.
   *
   * @return the duration; zero reads the generation on every operation
   */
  public Duration getGenerationCacheTtl() {
    return generationCacheTtl;
  }

  /**
   * Sets how long a generation read is used.
   *
   * @param generationCacheTtl the duration; zero reads the generation on every operation
   */
  public void setGenerationCacheTtl(Duration generationCacheTtl) {
    this.generationCacheTtl = generationCacheTtl;
  }

  /**
   * The loading lock's time to live.
   *
   * @return the TTL
   */
  public Duration getLockTtl() {
    return lockTtl;
  }

  /**
   * Sets the loading lock's time to live.
   *
   * @param lockTtl the TTL, at least 1 s
   */
  public void setLockTtl(Duration lockTtl) {
    this.lockTtl = lockTtl;
  }

  /**
   * How long a process waits for another's load.
   *
   * @return the longest wait
   */
  public Duration getLockWait() {
    return lockWait;
  }

  /**
   * Sets how long a process waits for another's load.
   *
   * @param lockWait the longest wait; zero loads at once
   */
  public void setLockWait(Duration lockWait) {
    this.lockWait = lockWait;
  }

  /**
   * The default time to live.
   *
   * @return the TTL; zero for no expiry
   */
  public Duration getDefaultTtl() {
    return defaultTtl;
  }

  /**
   * Sets the default time to live.
   *
   * @param defaultTtl the TTL; zero for no expiry
   */
  public void setDefaultTtl(Duration defaultTtl) {
    this.defaultTtl = defaultTtl;
  }

  /**
   * The time to live per cache name.
   *
   * @return the TTLs by cache name
   */
  public Map<String, Duration> getTtl() {
    return ttl;
  }

  /**
   * Sets the time to live per cache name.
   *
   * @param ttl the TTLs by cache name
   */
  public void setTtl(Map<String, Duration> ttl) {
    this.ttl = ttl;
  }

  /**
   * The prefix of every cache key.
   *
   * @return the prefix; empty for none
   */
  public String getKeyPrefix() {
    return keyPrefix;
  }

  /**
   * Sets the prefix of every cache key.
   *
   * @param keyPrefix the prefix; empty for none
   */
  public void setKeyPrefix(String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  /**
   * Whether null values are cached.
   *
   * @return {@code true} when null values are cached
   */
  public boolean isAllowNullValues() {
    return allowNullValues;
  }

  /**
   * Sets whether null values are cached.
   *
   * @param allowNullValues {@code true} to cache null values
   */
  public void setAllowNullValues(boolean allowNullValues) {
    this.allowNullValues = allowNullValues;
  }

  /**
   * The caches created at startup.
   *
   * @return the cache names; empty when caches are created on first use
   */
  public List<String> getCacheNames() {
    return cacheNames;
  }

  /**
   * Sets the caches created at startup.
   *
   * @param cacheNames the cache names
   */
  public void setCacheNames(List<String> cacheNames) {
    this.cacheNames = cacheNames;
  }
}
