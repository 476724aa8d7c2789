package dev.memcache.core.event;

import dev.memcache.core.ServerAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Several listeners as one; each call goes to every listener in order. */
final class Listeners implements MemcacheListener {
  private final List<MemcacheListener> listeners;

  Listeners(List<MemcacheListener> listeners) {
    this.listeners = Objects.requireNonNull(listeners);
  }

  @Override
  public Object requestStarted(String operation, ServerAddress server) {
    Object[] started = new Object[listeners.size()];
    for (int i = 0; i < started.length; i++)
      started[i] = listeners.get(i).requestStarted(operation, server);
    return started;
  }

  @Override
  public void requestFinished(RequestEvent event, Object started) {
    Object[] s = (Object[]) started;
    for (int i = 0; i < listeners.size(); i++) listeners.get(i).requestFinished(event, s[i]);
  }

  @Override
  public void connectionOpened(ServerAddress server) {
    for (MemcacheListener l : listeners) l.connectionOpened(server);
  }

  @Override
  public void connectionClosed(ServerAddress server) {
    for (MemcacheListener l : listeners) l.connectionClosed(server);
  }

  @Override
  public void connectionBroken(ServerAddress server, Throwable cause) {
    for (MemcacheListener l : listeners) l.connectionBroken(server, cause);
  }

  @Override
  public void connectionHung(ServerAddress server, Duration silentFor) {
    for (MemcacheListener l : listeners) l.connectionHung(server, silentFor);
  }

  @Override
  public void serverDown(ServerAddress server, Throwable cause) {
    for (MemcacheListener l : listeners) l.serverDown(server, cause);
  }

  @Override
  public void serverUp(ServerAddress server) {
    for (MemcacheListener l : listeners) l.serverUp(server);
  }

  @Override
  public void slotWaited(ServerAddress server, long waitedNanos) {
    for (MemcacheListener l : listeners) l.slotWaited(server, waitedNanos);
  }
}
