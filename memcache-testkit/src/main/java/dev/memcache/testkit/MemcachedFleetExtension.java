package dev.memcache.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that runs a {@link MemcachedFleet} for a test class, every server up and
 * empty before each test (a test may stop, kill or pause one).
 *
 * <pre>{@code
 * @RegisterExtension static final MemcachedFleetExtension servers = new MemcachedFleetExtension(3);
 * }</pre>
 */
public final class MemcachedFleetExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  private final int count;
  private MemcachedFleet fleet;

  /**
   * A fleet of {@code count} servers with default options.
   *
   * @param count the number of servers
   */
  public MemcachedFleetExtension(int count) {
    this.count = count;
  }

  /**
   * The running fleet.
   *
   * @return the fleet
   */
  public MemcachedFleet fleet() {
    if (fleet == null) throw new IllegalStateException("the fleet starts before the test class");
    return fleet;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    fleet = new MemcachedFleet(count);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (fleet != null) fleet.close();
    fleet = null;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    for (MemcachedServer s : fleet.servers()) {
      if (!s.isRunning()) s.start();
      s.resume();
    }
    fleet.flushAll();
  }
}
