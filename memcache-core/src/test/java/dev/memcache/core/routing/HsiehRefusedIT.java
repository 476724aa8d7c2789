package dev.memcache.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.HashAlgorithm;
import dev.memcache.testkit.DebianPython;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link HashAlgorithm} has no hsieh because Debian's pylibmc refuses it: if a Debian update builds
 * libmemcached with hsieh, this test fails and the hash should be added (with a placement test).
 */
class HsiehRefusedIT {
  static final String SCRIPT =
      """
      import ctypes, pylibmc
      try:
          pylibmc.Client(["127.0.0.1:11211"], behaviors={"hash": "hsieh"})
          print("accepted")
      except pylibmc.Error as e:
          print("refused:", e)
      hashkit = ctypes.CDLL("libhashkit.so.2")
      hashkit.libhashkit_has_algorithm.restype = ctypes.c_bool
      print("has_algorithm:", hashkit.libhashkit_has_algorithm(7))  # HASHKIT_HASH_HSIEH
      """;

  @Test
  void debiansPylibmcRefusesTheHsiehHashSoThereIsNoHsiehAlgorithm() {
    String out = DebianPython.run(SCRIPT, "");
    System.out.print(out);
    assertTrue(out.contains("refused: memcached_behavior_set returned 38"), out);
    assertTrue(out.contains("has_algorithm: False"), out);
    assertEquals(
        0, Arrays.stream(HashAlgorithm.values()).filter(h -> h.name().contains("HSIEH")).count());
  }
}
