package dev.memcache.java;

import dev.memcache.core.ServerAddress;
import dev.memcache.core.event.MemcacheListener;
import dev.memcache.core.event.RequestEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * A listener that writes everything down, with the thread each call ran on, for tests to read. Its
 * token for a request is the name of the thread that started it.
 */
final class RecordingListener implements MemcacheListener {
  /** A finished request, with the thread that started it and the thread that finished it. */
  record Finished(RequestEvent event, Object token, String startedOn, String finishedOn) {}

  /** A connection or server event: its kind, the server and the detail (cause, duration...). */
  record StateEvent(String kind, ServerAddress server, Object detail, String thread) {}

  final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<StateEvent> states = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<String> started = new ConcurrentLinkedQueue<>();

  @Override
  public Object requestStarted(String operation, ServerAddress server) {
    started.add(operation + " " + server);
    return Thread.currentThread().getName() + "#" + Thread.currentThread().threadId();
  }

  @Override
  public void requestFinished(RequestEvent event, Object token) {
    Thread t = Thread.currentThread();
    finished.add(new Finished(event, token, (String) token, t.getName() + "#" + t.threadId()));
  }

  @Override
  public void connectionOpened(ServerAddress server) {
    state("opened", server, null);
  }

  @Override
  public void connectionClosed(ServerAddress server) {
    state("closed", server, null);
  }

  @Override
  public void connectionBroken(ServerAddress server, Throwable cause) {
    state("broken", server, cause);
  }

  @Override
  public void connectionHung(ServerAddress server, Duration silentFor) {
    state("hung", server, silentFor);
  }

  @Override
  public void serverDown(ServerAddress server, Throwable cause) {
    state("down", server, cause);
  }

  @Override
  public void serverUp(ServerAddress server) {
    state("up", server, null);
  }

  @Override
  public void slotWaited(ServerAddress server, long waitedNanos) {
    state("slotWaited", server, waitedNanos);
  }

  private void state(String kind, ServerAddress server, Object detail) {
    states.add(new StateEvent(kind, server, detail, Thread.currentThread().getName()));
  }

  List<StateEvent> states(String kind) {
    return states.stream().filter(e -> e.kind().equals(kind)).toList();
  }

  List<Finished> finished(Predicate<RequestEvent> which) {
    return finished.stream().filter(f -> which.test(f.event())).toList();
  }

  /** Waits up to {@code timeout} for {@code done}; true when it came. */
  static boolean await(java.util.function.BooleanSupplier done, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) return false;
      Thread.sleep(5);
    }
    return true;
  }
}
