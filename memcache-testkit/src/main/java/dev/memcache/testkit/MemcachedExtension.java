package dev.memcache.testkit;

import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs a real memcached for a test class or for each test.
 *
 * <pre>{@code
 * @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension(); // per class
 * @RegisterExtension MemcachedExtension fresh = new MemcachedExtension(b -> b.maxItemSize("2m")); // per test
 * }</pre>
 *
 * Registered on a static field (or with {@code @ExtendWith}) the server lives for the class; on an
 * instance field, each test gets a new one. Test methods may also take a {@link MemcachedServer}
 * parameter.
 */
public final class MemcachedExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {
  private final Consumer<MemcachedServer.Builder> options;
  private MemcachedServer server;
  private boolean perClass;

  /** A server with default options. */
  public MemcachedExtension() {
    this(b -> {});
  }

  /**
   * A server with options set by {@code options}.
   *
   * @param options sets options on the server's builder
   */
  public MemcachedExtension(Consumer<MemcachedServer.Builder> options) {
    this.options = options;
  }

  /**
   * The running server.
   *
   * @return the server
   */
  public MemcachedServer server() {
    if (server == null)
      throw new IllegalStateException("memcached is started before each test, not yet");
    return server;
  }

  /**
   * {@code "127.0.0.1:port"} of the running server.
   *
   * @return the server's address
   */
  public String address() {
    return server().address();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    server = startServer();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopServer();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) server = startServer();
    else if (!server.isRunning()) server.start(); // a test may have stopped or killed it
    else server.resume(); // or paused it
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) stopServer();
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == MemcachedServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return server();
  }

  private MemcachedServer startServer() {
    MemcachedServer.Builder b = MemcachedServer.builder();
    options.accept(b);
    return b.start();
  }

  private void stopServer() {
    if (server != null) server.kill();
    server = null;
  }
}
