package dev.memcache.core.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A call made of one request per server (multi-get, stats, version, flush), combined when all are
 * done.
 */
public final class FanOut<T> extends Call<T> {
  private final Call<?>[] parts;
  private final Supplier<T> combine;
  private final AtomicInteger remaining;

  /**
   * {@code combine} runs on the caller's thread once every part is done; it reads the parts'
   * results.
   */
  public FanOut(Call<?>[] parts, Supplier<T> combine) {
    this.parts = parts;
    this.combine = combine;
    this.remaining = new AtomicInteger(parts.length);
  }

  @Override
  public T await() {
    join();
    adoptFailure();
    return result();
  }

  @Override
  public void adoptFailure() {
    for (Call<?> p : parts) p.adoptFailure();
  }

  @Override
  public void join() {
    for (Call<?> p : parts) p.join(); // same deadline: a slow server delays no one past it
  }

  @Override
  public void onDone(Runnable listener) {
    if (parts.length == 0) {
      listener.run();
      return;
    }
    for (Call<?> p : parts) {
      p.onDone(
          () -> {
            if (remaining.decrementAndGet() == 0) listener.run();
          });
    }
  }

  @Override
  public boolean isDone() {
    for (Call<?> p : parts) if (!p.isDone()) return false;
    return true;
  }

  @Override
  public T result() {
    report(); // every part, before the first failure thrown by combine stops the others
    return combine.get();
  }

  @Override
  public void report() {
    for (Call<?> p : parts) p.report();
  }

  @Override
  public boolean cancel(RuntimeException reason) {
    boolean any = false;
    for (Call<?> p : parts) any |= p.cancel(reason);
    return any;
  }

  @Override
  public boolean timeout() {
    boolean any = false;
    for (Call<?> p : parts) any |= p.timeout();
    return any;
  }

  @Override
  public long deadlineNanos() {
    return parts.length == 0 ? System.nanoTime() : parts[0].deadlineNanos();
  }
}
