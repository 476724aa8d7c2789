package dev.memcache.core.internal.protocol;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.memcache.core.MemcacheProtocolException;
import dev.memcache.core.internal.connection.Request;
import java.util.LinkedHashMap;

/**
 * A stats reply being read, capped: past {@link #MAX_ENTRIES} entries or {@link #MAX_BYTES} bytes
 * of names and values the stream is taken as out of step (a server that never sends {@code END}),
 * so a reply costs at most a few MB of heap whatever the server sends. memcached's biggest replies
 * ({@code stats items}, {@code stats slabs}, {@code stats conns} with thousands of connections,
 * {@code stats cachedump}, which it caps at 2 MB) stay well below both. Entries whose caller
 * already left (timed out, cancelled) are counted but not kept. A {@link Stats} request holds it.
 */
public final class StatsReply extends LinkedHashMap<String, String> {
  /** Most entries in one stats reply. */
  public static final int MAX_ENTRIES = 65_536;

  /** Most bytes of names and values in one stats reply. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  private int entries;
  private long bytes;

  /**
   * Adds the entry {@code a[name, nameEnd)} = {@code a[value, valueEnd)}; throws {@link
   * MemcacheProtocolException} past a cap.
   */
  public void add(Request<?> r, byte[] a, int name, int nameEnd, int value, int valueEnd) {
    entries++;
    bytes += (nameEnd - name) + (valueEnd - value);
    if (entries > MAX_ENTRIES || bytes > MAX_BYTES) {
      throw new MemcacheProtocolException(
          r.describe()
              + ": stats reply over "
              + MAX_ENTRIES
              + " entries or "
              + MAX_BYTES
              + " bytes (no END?)");
    }
    if (r.isAbandoned()) return; // nobody will read it
    put(
        new String(a, name, nameEnd - name, US_ASCII),
        new String(a, value, valueEnd - value, US_ASCII));
  }
}
