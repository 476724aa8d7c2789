package dev.memcache.core.keys;

/** The default {@link KeyFunction}: keys are stored as named. */
enum Identity implements KeyFunction {
  INSTANCE;

  @Override
  public String apply(String key) {
    return key;
  }

  @Override
  public String toString() {
    return "identity";
  }
}
