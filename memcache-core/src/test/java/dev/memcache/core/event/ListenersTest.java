package dev.memcache.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.Protocol;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.event.RequestEvent.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listeners added to a configuration hear in order, each with its own token, whoever throws. */
class ListenersTest {
  private static final ServerAddress SERVER = ServerAddress.parse("127.0.0.1:11211");

  /** Writes down what it hears, prefixed with its name; its token is its name. */
  private record Named(String name, List<String> heard, boolean throwing)
      implements MemcacheListener {
    @Override
    public Object requestStarted(String operation, ServerAddress server) {
      heard.add(name + " started " + operation);
      if (throwing) throw new IllegalStateException(name + " fails");
      return name;
    }

    @Override
    public void requestFinished(RequestEvent event, Object started) {
      heard.add(name + " finished " + event.operation() + " token " + started);
      if (throwing) throw new IllegalStateException(name + " fails");
    }

    @Override
    public void serverDown(ServerAddress server, Throwable cause) {
      heard.add(name + " down " + server);
      if (throwing) throw new IllegalStateException(name + " fails");
    }
  }

  private static RequestEvent event() {
    return new RequestEvent("get", SERVER, Protocol.TEXT, Outcome.HIT, null, 1, 2, 30, 100, 1);
  }

  @Test
  void noListenerMeansNullAndOneListenerIsItself() {
    ClientConfig none = ClientConfig.builder().servers("127.0.0.1").buildConfig();
    assertNull(none.listener(), "no listener: the client makes no events");
    Named one = new Named("a", new ArrayList<>(), false);
    ClientConfig single = ClientConfig.builder().servers("127.0.0.1").listener(one).buildConfig();
    assertSame(one, single.listener());
    assertSame(one, single.toBuilder().buildConfig().listener(), "toBuilder keeps it");
  }

  @Test
  void eachListenerHearsInOrderWithItsOwnTokenEvenWhenOneBeforeItThrows() {
    List<String> heard = new ArrayList<>();
    MemcacheListener all =
        ClientConfig.builder()
            .servers("127.0.0.1")
            .listener(new Named("a", heard, false))
            .listener(new Named("b", heard, true))
            .listener(new Named("c", heard, false))
            .buildConfig()
            .listener();
    Object token = all.requestStarted("get", SERVER);
    all.requestFinished(event(), token);
    all.serverDown(SERVER, new RuntimeException("gone"));
    assertEquals(
        List.of(
            "a started get",
            "b started get",
            "c started get",
            "a finished get token a",
            "b finished get token null",
            "c finished get token c",
            "a down 127.0.0.1:11211",
            "b down 127.0.0.1:11211",
            "c down 127.0.0.1:11211"),
        heard);
  }

  @Test
  void anEventSaysHowLongTheCallerWaitedAndWhetherItFailed() {
    RequestEvent e = event();
    assertEquals(3, e.durationNanos());
    assertEquals("hit", e.outcome().tag());
    assertEquals(false, e.failed());
    RequestEvent failed =
        new RequestEvent(
            "set", SERVER, Protocol.META, Outcome.ERROR, new RuntimeException(), 5, 0, 40, 0, 1);
    assertEquals(true, failed.failed());
    assertEquals(Duration.ofNanos(5), Duration.ofNanos(failed.durationNanos()));
  }
}
