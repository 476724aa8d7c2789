package dev.memcache.spring.boot;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.ServerAddress;
import dev.memcache.java.MemcacheClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of every server of a {@link MemcacheClient}: each must answer a {@code version} request
 * within the timeout. UP when all do, with each server's version as a detail; DOWN when one does
 * not, with that server's error as its detail.
 *
 * <p>Each server is asked over a connection of its own, opened with the client's settings (TLS,
 * SASL, protocol) and never marked down, so a check tells whether the server answers now, not
 * whether the client has given up on it; the application's requests and their statistics are left
 * alone. Those connections close with this indicator.
 */
public final class MemcacheHealthIndicator implements HealthIndicator, DisposableBean {
  private final ClientConfig config;
  private final Duration timeout;
  private volatile Map<String, MemcacheClient> probes;

  /**
   * An indicator for the servers of {@code client}.
   *
   * @param client the client whose servers are checked
   * @param timeout how long each server has to answer
   * @throws IllegalArgumentException when {@code timeout} is not positive
   */
  public MemcacheHealthIndicator(MemcacheClient client, Duration timeout) {
    this.config = Objects.requireNonNull(client, "client").config();
    if (timeout == null || timeout.isNegative() || timeout.isZero())
      throw new IllegalArgumentException(
          "memcache.health.timeout must be positive, was " + timeout);
    this.timeout = timeout;
  }

  @Override
  public Health health() {
    Map<String, CompletableFuture<Map<String, String>>> asked = new LinkedHashMap<>();
    for (Map.Entry<String, MemcacheClient> e : probes().entrySet()) {
      CompletableFuture<Map<String, String>> f;
      try {
        f = e.getValue().async().version();
      } catch (RuntimeException failure) {
        f = CompletableFuture.failedFuture(failure);
      }
      asked.put(e.getKey(), f);
    }
    // the probes time out by themselves, naming the server; this bound only guards against a
    // reply that never completes its future
    long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(200);
    Map<String, Object> details = new LinkedHashMap<>();
    boolean up = true;
    for (Map.Entry<String, CompletableFuture<Map<String, String>>> e : asked.entrySet()) {
      String server = e.getKey();
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        Map<String, String> versions = e.getValue().get(left, TimeUnit.NANOSECONDS);
        details.put(server, Map.of("version", versions.values().iterator().next()));
      } catch (TimeoutException t) {
        e.getValue().cancel(false);
        up = false;
        details.put(server, Map.of("error", "no answer within " + timeout.toMillis() + " ms"));
      } catch (ExecutionException failure) {
        up = false;
        Throwable cause = failure.getCause();
        details.put(
            server, Map.of("error", cause.getClass().getName() + ": " + cause.getMessage()));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return Health.unknown().withDetail("error", "interrupted").build();
      }
    }
    return (up ? Health.up() : Health.down()).withDetails(details).build();
  }

  /** One single-server client per server, built on first use. */
  private Map<String, MemcacheClient> probes() {
    Map<String, MemcacheClient> p = probes;
    if (p != null) return p;
    synchronized (this) {
      if (probes != null) return probes;
      Map<String, MemcacheClient> built = new LinkedHashMap<>();
      for (ServerAddress server : config.servers()) {
        built.put(server.toString(), probe(server));
      }
      probes = built;
      return built;
    }
  }

  private MemcacheClient probe(ServerAddress server) {
    Duration connect =
        config.connectTimeout().compareTo(timeout) < 0 ? config.connectTimeout() : timeout;
    MemcacheClient.Builder b =
        MemcacheClient.builder()
            .server(server.host(), server.port(), 1)
            .protocol(config.protocol())
            .operationTimeout(timeout)
            .connectTimeout(connect)
            .failureLimit(Integer.MAX_VALUE); // never marked down: every check tries the server
    if (config.tls() != null)
      b.tls(config.tls()).tlsHostnameVerification(config.tlsHostnameVerification());
    if (config.saslUsername() != null) b.sasl(config.saslUsername(), config.saslPassword());
    return b.build();
  }

  /** Closes the connections of the checks. */
  @Override
  public synchronized void destroy() {
    Map<String, MemcacheClient> p = probes;
    probes = null;
    if (p == null) return;
    List<RuntimeException> failures = new ArrayList<>();
    for (MemcacheClient c : p.values()) {
      try {
        c.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) throw failures.get(0);
  }
}
