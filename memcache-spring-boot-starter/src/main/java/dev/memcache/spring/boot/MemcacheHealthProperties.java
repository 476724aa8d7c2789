package dev.memcache.spring.boot;

import java.time.Duration;

/** The health indicator settings of {@link MemcacheProperties} ({@code memcache.health.*}). */
public class MemcacheHealthProperties {
  /** How long each server has to answer the health check's version request. */
  private Duration timeout = Duration.ofSeconds(1);

  /** A 1 s timeout. */
  public MemcacheHealthProperties() {}

  /**
   * How long each server has to answer.
   *
   * @return the timeout
   */
  public Duration getTimeout() {
    return timeout;
  }

  /**
   * Sets how long each server has to answer.
   *
   * @param timeout a positive duration
   */
  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }
}
