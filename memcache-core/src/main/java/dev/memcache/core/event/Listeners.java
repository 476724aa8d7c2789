package dev.memcache.core.event;

import dev.memcache.core.ServerAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Several listeners as one; each call goes to every listener in order. One that throws does not
 * keep the others from hearing: its exception is logged (at most a line per ten seconds).
 */
final class Listeners implements MemcacheListener {
  private static final System.Logger LOG = System.getLogger("dev.memcache");
  private static final long QUIET_NANOS = 10_000_000_000L;
  private final List<MemcacheListener> listeners;
  private volatile long lastLogged;
  private volatile int failures;

  Listeners(List<MemcacheListener> listeners) {
    this.listeners = Objects.requireNonNull(listeners);
  }

  @Override
  public Object requestStarted(String operation, ServerAddress server) {
    Object[] started = new Object[listeners.size()];
    for (int i = 0; i < started.length; i++) {
      try {
        started[i] = listeners.get(i).requestStarted(operation, server);
      } catch (RuntimeException | Error e) {
        failed(listeners.get(i), e);
      }
    }
    return started;
  }

  @Override
  public void requestFinished(RequestEvent event, Object started) {
    Object[] s = started instanceof Object[] tokens ? tokens : new Object[listeners.size()];
    for (int i = 0; i < listeners.size(); i++) {
      try {
        listeners.get(i).requestFinished(event, s[i]);
      } catch (RuntimeException | Error e) {
        failed(listeners.get(i), e);
      }
    }
  }

  @Override
  public void connectionOpened(ServerAddress server) {
    for (MemcacheListener l : listeners) {
      try {
        l.connectionOpened(server);
      } catch (RuntimeException | Error e) {
        failed(l, e);
      }
    }
  }

  @Override
  public void connectionClosed(ServerAddress server) {
    for (MemcacheListener l : listeners) {
      try {
        l.connectionClosed(server);
      } catch (RuntimeException | Error e) {
        failed(l, e);
      }
    }
  }

  @Override
  public void connectionBroken(ServerAddress server, Throwable cause) {
    for (MemcacheListener l : listeners) {
      try {
        l.connectionBroken(server, cause);
      } catch (RuntimeException | Error e) {
        failed(l, e);
      }
    }
  }

  @Override
  public void connectionHung(ServerAddress server, Duration silentFor) {
    for (MemcacheListener l : listeners) {
      try {
        l.connectionHung(server, silentFor);
      } catch (RuntimeException | Error e) {
        failed(l, e);
      }
    }
  }

  @Override
  public void serverDown(ServerAddress server, Throwable cause) {
    for (MemcacheListener l : listeners) {
      try {
        l.serverDown(server, cause);
      } catch (RuntimeException | Error e) {
        failed(l, e);
      }
    }
  }

  @Override
  public void serverUp(ServerAddress server) {
    for (MemcacheListener l : listeners) {
      try {
        l.serverUp(server);
      } catch (RuntimeException | Error e) {
        failed(l, e);
      }
    }
  }

  @Override
  public void slotWaited(ServerAddress server, long waitedNanos) {
    for (MemcacheListener l : listeners) {
      try {
        l.slotWaited(server, waitedNanos);
      } catch (RuntimeException | Error e) {
        failed(l, e);
      }
    }
  }

  private void failed(MemcacheListener l, Throwable e) {
    if (e instanceof VirtualMachineError vm) throw vm;
    int n = ++failures; // racy: the count is only for the message
    long now = System.nanoTime();
    if (n > 1 && now - lastLogged < QUIET_NANOS) return;
    lastLogged = now;
    LOG.log(
        System.Logger.Level.WARNING,
        "MemcacheListener " + l.getClass().getName() + " threw (ignored; " + n + " so far)",
        e);
  }
}
