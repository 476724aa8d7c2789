package dev.memcache.core.internal;

import java.util.function.Function;

/**
 * A call whose outcome is another call's, passed through a function (a typed read over an untyped
 * one). The function runs where {@link #result()} runs: on the caller's thread, never a reader's.
 */
final class MappedCall<T, R> extends Call<R> {
  private final Call<T> call;
  private final Function<? super T, ? extends R> map;

  MappedCall(Call<T> call, Function<? super T, ? extends R> map) {
    this.call = call;
    this.map = map;
  }

  @Override
  public R await() {
    return map.apply(call.await());
  }

  @Override
  public void onDone(Runnable listener) {
    call.onDone(listener);
  }

  @Override
  public void join() {
    call.join();
  }

  @Override
  public void adoptFailure() {
    call.adoptFailure();
  }

  @Override
  public boolean timeout() {
    return call.timeout();
  }

  @Override
  public boolean isDone() {
    return call.isDone();
  }

  @Override
  public R result() {
    return map.apply(call.result());
  }

  @Override
  public boolean cancel(RuntimeException reason) {
    return call.cancel(reason);
  }

  @Override
  public long deadlineNanos() {
    return call.deadlineNanos();
  }
}
