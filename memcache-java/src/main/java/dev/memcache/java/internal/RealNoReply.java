package dev.memcache.java.internal;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.Operations;
import dev.memcache.java.MemcacheClient;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/** noreply writes: each waits only until its request is written (or fails to be). */
final class RealNoReply implements MemcacheClient.NoReply {
  private final Operations ops;

  RealNoReply(Operations ops) {
    this.ops = ops;
  }

  @Override
  public void set(String key, Object value, Duration ttl) {
    ops.store(Command.SET, key, value, ttl, true).await();
  }

  @Override
  public void add(String key, Object value, Duration ttl) {
    ops.store(Command.ADD, key, value, ttl, true).await();
  }

  @Override
  public void replace(String key, Object value, Duration ttl) {
    ops.store(Command.REPLACE, key, value, ttl, true).await();
  }

  @Override
  public void append(String key, Object value) {
    ops.store(Command.APPEND, key, value, Duration.ZERO, true).await();
  }

  @Override
  public void prepend(String key, Object value) {
    ops.store(Command.PREPEND, key, value, Duration.ZERO, true).await();
  }

  @Override
  public void delete(String key) {
    ops.delete(key, true).await();
  }

  @Override
  public void setMulti(Map<String, ?> values, Duration ttl) {
    ops.setMulti(values, ttl, true).await();
  }

  @Override
  public void deleteMulti(Collection<String> keys) {
    ops.deleteMulti(keys, true).await();
  }

  @Override
  public void incr(String key, long delta) {
    ops.counter(Command.INCR, key, delta, true).await();
  }

  @Override
  public void decr(String key, long delta) {
    ops.counter(Command.DECR, key, delta, true).await();
  }

  @Override
  public void touch(String key, Duration ttl) {
    ops.touch(key, ttl, true).await();
  }
}
