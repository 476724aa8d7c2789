package dev.memcache.core.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.memcache.core.internal.protocol.Get;
import java.lang.management.ManagementFactory;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What a get's request weighs, which is most of what a get allocates besides its value (the issue's
 * budget: 100 bytes a 100-byte get besides the value): 88 bytes with the JVM's default compressed
 * references and class pointers. A field added to every request shows here first; the decode state
 * of the one reply being read lives with the reader ({@code ReplyState}) for that reason.
 */
class RequestSizeTest {
  private static final int GETS = 10_000;

  /** Where the requests go, so that none is optimized away. */
  private static Object[] kept;

  private static long bytesPerGet(String key, String userKey) {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    Function<Get<Object>, Object> mapper = g -> null;
    long bytes = 0;
    for (int round = 0; round < 2; round++) { // the first loads and links what a get uses
      kept = new Object[GETS];
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < GETS; i++) kept[i] = Get.of(key, userKey, 0, mapper);
      bytes = threads.getCurrentThreadAllocatedBytes() - before;
    }
    return Math.round((double) bytes / GETS);
  }

  @Test
  void aPlainGetRequestWeighsAtMost88Bytes() {
    long perGet = bytesPerGet("user:42", "user:42");
    assertTrue(perGet <= 88, "a plain get's request weighs " + perGet + " bytes");
  }

  @Test
  void aGetWhoseWireKeyDiffersHoldsTheCallersKeyInAtMost8BytesMore() {
    long perGet = bytesPerGet("app:user:42", "user:42");
    assertTrue(perGet <= 96, "a prefixed get's request weighs " + perGet + " bytes");
  }
}
