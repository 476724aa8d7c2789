package dev.memcache.spring.boot;

import dev.memcache.core.ClientConfig;

/** The TLS settings of {@link MemcacheProperties} ({@code memcache.ssl.*}). */
public class MemcacheSslProperties {
  /**
   * Whether connections use TLS. Implied by a bundle; without one, the JVM's default trust store is
   * used.
   */
  private boolean enabled;

  /**
   * The name of the Spring Boot SSL bundle (spring.ssl.bundle.*) whose trust material (and key, for
   * client certificates) the connections use.
   */
  private String bundle;

  /**
   * Whether the server's certificate must name the host connected to. Turning it off is unsafe
   * outside tests.
   */
  private boolean hostnameVerification = ClientConfig.DEFAULT_TLS_HOSTNAME_VERIFICATION;

  /** TLS off, hostname verification on. */
  public MemcacheSslProperties() {}

  /**
   * Whether TLS is on, without a bundle.
   *
   * @return {@code true} when TLS is on
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Turns TLS on or off.
   *
   * @param enabled {@code true} for TLS
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The SSL bundle's name.
   *
   * @return the name, or {@code null}
   */
  public String getBundle() {
    return bundle;
  }

  /**
   * Sets the SSL bundle's name.
   *
   * @param bundle the name of a {@code spring.ssl.bundle.*} bundle
   */
  public void setBundle(String bundle) {
    this.bundle = bundle;
  }

  /**
   * Whether the certificate must name the host.
   *
   * @return {@code true} when checked
   */
  public boolean isHostnameVerification() {
    return hostnameVerification;
  }

  /**
   * Sets whether the certificate must name the host.
   *
   * @param hostnameVerification {@code false} to accept any trusted certificate
   */
  public void setHostnameVerification(boolean hostnameVerification) {
    this.hostnameVerification = hostnameVerification;
  }
}
