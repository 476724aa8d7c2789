package dev.memcache.core.internal;

import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.connection.Events;
import dev.memcache.core.internal.connection.Request;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A request whose end the listener hears of, once, where its caller learns the outcome: in {@link
 * #result()} (the caller's thread when blocking, the completing thread for futures and coroutines),
 * never on a connection's reader. Made only when a listener is set ({@link Cluster#send}); without
 * one the request itself is the call, and nothing here costs anything.
 */
final class ReportedCall<T> extends Call<T> {
  private static final VarHandle REPORTED;

  static {
    try {
      REPORTED =
          MethodHandles.lookup().findVarHandle(ReportedCall.class, "reported", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Request<T> request;
  private final ServerAddress server;
  private final Events events;
  private final Object token;
  private volatile boolean reported;

  ReportedCall(Request<T> request, ServerAddress server, Events events, Object token) {
    this.request = request;
    this.server = server;
    this.events = events;
    this.token = token;
  }

  @Override
  public T await() {
    join();
    adoptFailure(); // before result() reports it: the listener hears what the caller catches
    return result();
  }

  @Override
  public void adoptFailure() {
    request.adoptFailure();
  }

  @Override
  public void onDone(Runnable listener) {
    request.onDone(listener);
  }

  @Override
  public void join() {
    request.join();
  }

  @Override
  public boolean timeout() {
    return request.timeout();
  }

  @Override
  public boolean isDone() {
    return request.isDone();
  }

  @Override
  public T result() {
    report();
    return request.result();
  }

  @Override
  public void report() {
    if (!request.isDone() || !REPORTED.compareAndSet(this, false, true)) return;
    events.requestFinished(request, server, token, request.failure());
  }

  @Override
  public boolean cancel(RuntimeException reason) {
    return request.cancel(reason);
  }

  @Override
  public long deadlineNanos() {
    return request.deadlineNanos();
  }
}
