package dev.memcache.core.internal.connection;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.Protocol;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.event.MemcacheListener;
import dev.memcache.core.event.RequestEvent;
import dev.memcache.core.event.RequestEvent.Outcome;
import dev.memcache.core.internal.Command;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Where the client tells what it does: the configured {@link MemcacheListener} (optional) and the
 * {@code dev.memcache} {@link System.Logger} (state changes only, never a line per request). A
 * listener's exception is caught and logged here (at most one line per {@link #QUIET_NANOS}), so it
 * never reaches a caller or breaks a connection. One per client.
 */
public final class Events {
  /** The logger's name; the default {@link System.LoggerFinder} maps it to java.util.logging. */
  public static final String LOGGER = "dev.memcache";

  static final System.Logger LOG = System.getLogger(LOGGER);

  private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(10);

  private static final String[] OPERATIONS = new String[Command.values().length];

  static {
    for (Command c : Command.values()) {
      OPERATIONS[c.ordinal()] =
          switch (c) {
            case MULTI_GET -> "get_multi";
            case MULTI_GETS -> "gets_multi";
            default -> c.name().toLowerCase(Locale.ROOT);
          };
    }
  }

  private final MemcacheListener listener;
  private final Protocol protocol;
  private final long timeoutNanos;
  private volatile long lastListenerFailureLogged;
  private volatile int listenerFailures;

  public Events(ClientConfig config) {
    this.listener = config.listener();
    this.protocol = config.protocol();
    this.timeoutNanos = config.operationTimeout().toNanos();
  }

  /** Whether a listener hears requests: without one, requests are neither wrapped nor timed. */
  public boolean hearsRequests() {
    return listener != null;
  }

  /** The operation's name in events, as memcached names it. */
  public static String operation(Command command) {
    return OPERATIONS[command.ordinal()];
  }

  /** The listener's token for {@code r}, routed to {@code server}; on the caller's thread. */
  public Object requestStarted(Request<?> r, ServerAddress server) {
    try {
      return listener.requestStarted(operation(r.command), server);
    } catch (RuntimeException | Error e) {
      listenerFailed("requestStarted", e);
      return null;
    }
  }

  /**
   * Tells the listener that {@code r} is done; on the thread where its caller learns the outcome.
   *
   * @param failure how it failed (a timeout, a connection error...), or null
   */
  public void requestFinished(
      Request<?> r, ServerAddress server, Object token, RuntimeException failure) {
    long now = System.nanoTime();
    long start = r.deadlineNanos() - timeoutNanos;
    long sent = r.sentNanos;
    long queued = Math.max(0, (sent != 0 ? sent : now) - start);
    long wire = sent != 0 ? Math.max(0, now - sent) : 0;
    Outcome outcome;
    long bytesIn = 0;
    if (failure != null) outcome = Outcome.ERROR;
    else if (r.noreply) outcome = Outcome.NOREPLY;
    else {
      outcome = outcome(r.status()); // a multi-get's is HIT when any key hit
      bytesIn = r.bytesIn();
    }
    RequestEvent event =
        new RequestEvent(
            operation(r.command),
            server,
            protocol,
            outcome,
            failure,
            queued,
            wire,
            bytesOut(r),
            bytesIn,
            r.keys() != null ? r.keys().length : r.key != null ? 1 : 0);
    try {
      listener.requestFinished(event, token);
    } catch (RuntimeException | Error e) {
      listenerFailed("requestFinished", e);
    }
  }

  private static Outcome outcome(Request.Status status) {
    if (status == null) return Outcome.OK; // stats, version, flush_all, verbosity
    return switch (status) {
      case HIT -> Outcome.HIT;
      case MISS, NOT_FOUND -> Outcome.MISS;
      case STORED -> Outcome.STORED;
      case NOT_STORED -> Outcome.NOT_STORED;
      case EXISTS -> Outcome.EXISTS;
      case DELETED, TOUCHED, OK, NUMBER -> Outcome.OK;
    };
  }

  /** The request's size on the wire, within a few bytes of framing. */
  private long bytesOut(Request<?> r) {
    long keys = 0;
    int count = 0;
    if (r.key != null) {
      keys = r.key.length();
      count = 1;
    } else if (r.keys() != null) {
      for (String k : r.keys()) keys += k.length();
      count = r.keys().length;
    }
    long value = r.valueLength();
    if (r.argumentLength() > 0) keys += r.argumentLength() + 1; // stats group, verbosity level
    return switch (protocol) {
      // a 24-byte header per packet (a multi-get: one per key and a noop), extras up to 20
      case BINARY ->
          24L * Math.max(1, count + (r.keys() != null ? 1 : 0))
              + keys
              + value
              + (value > 0 ? 8 : 0);
      // "mg <key> v f O123\r\n" per key; "ms <key> <n> F T O\r\n<value>\r\n"
      case META -> keys + 16L * Math.max(1, count) + (value > 0 ? value + 2 : 0);
      // "get k1 k2\r\n"; "set <key> <flags> <exptime> <n>\r\n<value>\r\n"
      case TEXT -> operation(r.command).length() + keys + count + 2 + (value > 0 ? value + 14 : 0);
    };
  }

  // ---- connections and servers: logged, and told to the listener

  void connectionOpened(ServerAddress server) {
    if (listener == null) return;
    try {
      listener.connectionOpened(server);
    } catch (RuntimeException | Error e) {
      listenerFailed("connectionOpened", e);
    }
  }

  void connectionClosed(ServerAddress server) {
    if (listener == null) return;
    try {
      listener.connectionClosed(server);
    } catch (RuntimeException | Error e) {
      listenerFailed("connectionClosed", e);
    }
  }

  /**
   * @param logged whether to log it (a connect that fails while the server is down is not: the
   *     server's state did not change)
   */
  void connectionBroken(ServerAddress server, Throwable cause, boolean logged) {
    if (logged)
      LOG.log(Level.WARNING, "memcached {0}: connection broken: {1}", server, text(server, cause));
    if (listener == null) return;
    try {
      listener.connectionBroken(server, cause);
    } catch (RuntimeException | Error e) {
      listenerFailed("connectionBroken", e);
    }
  }

  void connectionHung(ServerAddress server, long silentNanos, String why) {
    LOG.log(Level.WARNING, "memcached {0}: {1}", server, why);
    if (listener == null) return;
    try {
      listener.connectionHung(server, Duration.ofNanos(silentNanos));
    } catch (RuntimeException | Error e) {
      listenerFailed("connectionHung", e);
    }
  }

  void serverDown(ServerAddress server, Throwable cause, int failures, Duration retryDelay) {
    LOG.log(
        Level.WARNING,
        "memcached {0} marked down after {1} failures in a row ({2}); probed every {3} ms",
        server,
        failures,
        text(server, cause),
        retryDelay.toMillis());
    if (listener == null) return;
    try {
      listener.serverDown(server, cause);
    } catch (RuntimeException | Error e) {
      listenerFailed("serverDown", e);
    }
  }

  void serverUp(ServerAddress server) {
    LOG.log(Level.INFO, "memcached {0} is back up", server);
    if (listener == null) return;
    try {
      listener.serverUp(server);
    } catch (RuntimeException | Error e) {
      listenerFailed("serverUp", e);
    }
  }

  /** Whether {@link #slotWaited} goes anywhere. */
  boolean hearsSlots() {
    return listener != null;
  }

  void slotWaited(ServerAddress server, long waitedNanos) {
    try {
      listener.slotWaited(server, waitedNanos);
    } catch (RuntimeException | Error e) {
      listenerFailed("slotWaited", e);
    }
  }

  /** The cause's message without the server's name in front (the log line names it). */
  private static String text(ServerAddress server, Throwable t) {
    String m = t.getMessage();
    if (m == null) return t.toString();
    String prefix = server + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  /** Logs a listener's failure: the first, then at most one line per ten seconds with a count. */
  private void listenerFailed(String method, Throwable e) {
    if (e instanceof VirtualMachineError vm) throw vm;
    int failures = ++listenerFailures; // racy: the count is only for the message
    long now = System.nanoTime();
    long last = lastListenerFailureLogged;
    if (failures > 1 && now - last < QUIET_NANOS) return;
    lastListenerFailureLogged = now;
    LOG.log(
        Level.WARNING,
        "MemcacheListener "
            + listener.getClass().getName()
            + "."
            + method
            + " threw (ignored; "
            + failures
            + " listener failures so far)",
        e);
  }
}
