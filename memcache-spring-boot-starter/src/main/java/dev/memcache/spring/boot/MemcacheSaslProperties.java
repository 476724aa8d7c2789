package dev.memcache.spring.boot;

/** The SASL settings of {@link MemcacheProperties} ({@code memcache.sasl.*}). */
public class MemcacheSaslProperties {
  /** The SASL user name; connections authenticate when it is set. */
  private String username;

  /** The SASL password. */
  private String password;

  /** No authentication. */
  public MemcacheSaslProperties() {}

  /**
   * The user name.
   *
   * @return the user name, or {@code null}
   */
  public String getUsername() {
    return username;
  }

  /**
   * Sets the user name.
   *
   * @param username the user name
   */
  public void setUsername(String username) {
    this.username = username;
  }

  /**
   * The password.
   *
   * @return the password, or {@code null}
   */
  public String getPassword() {
    return password;
  }

  /**
   * Sets the password.
   *
   * @param password the password
   */
  public void setPassword(String password) {
    this.password = password;
  }
}
