package dev.memcache.core;

/**
 * A stored value is not of the type a typed read asked for ({@code get(key, Integer.class)}, {@code
 * getMulti(keys, type)}, Kotlin's {@code get<T>()}): another type, or an integer out of the range
 * of the requested one. The message names the key, the stored type and the requested type; the
 * value itself is never in the message. The connection is unaffected.
 */
public class ValueTypeException extends MemcacheDecodeException {
  /** The key whose value could not be read as the requested type. */
  private final String key;

  /** The type the stored value decodes to. */
  private final Class<?> storedType;

  /** The type the caller asked for. */
  private final Class<?> requestedType;

  /**
   * An exception for the value of {@code key}.
   *
   * @param message what is wrong, naming the key and both types
   * @param key the key read
   * @param storedType the class of the decoded value
   * @param requestedType the class the caller asked for
   */
  public ValueTypeException(
      String message, String key, Class<?> storedType, Class<?> requestedType) {
    super(message);
    this.key = key;
    this.storedType = storedType;
    this.requestedType = requestedType;
  }

  /**
   * The key whose value did not fit.
   *
   * @return the key, as the caller passed it (without the client's key prefix)
   */
  public String key() {
    return key;
  }

  /**
   * The class of the value decoded from the stored bytes.
   *
   * @return for example {@code Long.class} for a Python {@code int}
   */
  public Class<?> storedType() {
    return storedType;
  }

  /**
   * The class the caller asked for.
   *
   * @return the requested class
   */
  public Class<?> requestedType() {
    return requestedType;
  }
}
