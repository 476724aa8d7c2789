package dev.memcache.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables and the CSV of a cell, closed and open loop: every header names a column each row
 * fills, the steal of each round comes out where it is named.
 */
class ReportTest {
  @TempDir Path dir;

  @Test
  void aClosedLoopCellsRowsFillEveryColumnOfItsHeader() {
    List<CellResult> cell =
        List.of(result("ours", false, 0, 0.05, 0.42), result("folsom-binary", true, 0, 0.01, 0.02));
    String table = Report.cell(cell);
    assertColumnsLineUp(table, "client");
    assertTrue(table.contains(" 42% "), "ours' worst round's steal: " + table);
  }

  @Test
  void anOpenLoopCellsRowsFillEveryColumnOfItsHeader() {
    List<CellResult> cell =
        List.of(
            result("ours", false, 20_000, 0.31, 0.07),
            result("folsom-binary", true, 20_000, 0.00, 0.03));
    String table = Report.cell(cell);
    assertTrue(table.contains("open loop at 20,000 calls/s"), table);
    assertColumnsLineUp(table, "client");
    assertTrue(table.contains(" 31% "), "ours' worst round's steal: " + table);
  }

  @Test
  void theCsvListsEachRoundsStealInRunOrder() throws Exception {
    Path csv = dir.resolve("load.csv");
    Report.writeCsv(
        csv,
        List.of(result("ours", false, 0, 0.05, 0.42), result("xmemcached-1", true, 0, 0, 0)),
        1);
    List<String> lines = Files.readAllLines(csv);
    List<String> header = Arrays.asList(lines.get(0).split(","));
    assertEquals("rounds_steal", header.get(header.size() - 1));
    String[] ours = lines.get(1).split(",", -1);
    assertEquals(header.size(), ours.length, lines.get(1));
    assertEquals("0.050;0.420", ours[header.indexOf("rounds_steal")]);
    assertEquals("1000;2000", ours[header.indexOf("rounds_ops_per_s")]);
  }

  @Test
  void theSummarySaysHowMuchTheHostTook() {
    String line =
        Summary.steal(
            List.of(result("ours", false, 0, 0.05, 0.42), result("spymemcached", true, 0, 0, 0.2)));
    assertTrue(line.contains("median 5%"), line);
    assertTrue(line.contains("at most 42% (ours, get-100B, 16 callers)"), line);
    assertTrue(line.contains("2 of 4 rounds over 10%"), line);
    assertEquals("", Summary.steal(List.of(result("ours", false, 0, Double.NaN, Double.NaN))));
  }

  /** Every row of the table's body has as many fields as the header line that starts with word. */
  private static void assertColumnsLineUp(String table, String firstHeader) {
    List<String> lines = table.lines().filter(l -> !l.isBlank() && !l.startsWith("==")).toList();
    String header = lines.get(0);
    assertTrue(header.startsWith(firstHeader), table);
    assertTrue(header.contains(" steal "), header);
    for (String row : lines.subList(1, lines.size())) {
      // every column is right-aligned at its header's end: each header word ends where a value
      // or a blank field ends, so a row is never longer than the header
      assertEquals(
          header.length(), row.length(), "row and header line up:\n" + header + "\n" + row);
    }
  }

  /** Two rounds of 1,000 and 2,000 calls/s with the given steal, 16 callers of 100-byte gets. */
  private static CellResult result(
      String client, boolean peer, double rate, double steal1, double steal2) {
    Histogram h = new Histogram(3);
    h.recordValue(50_000);
    h.recordValue(900_000);
    return new CellResult(
        rate,
        Workload.GET_100,
        16,
        client,
        peer,
        2000,
        2000,
        h,
        7.5,
        3_000,
        0.5,
        6_000,
        0.9,
        rate > 0 ? 120_000 : 0,
        0,
        0,
        0,
        null,
        List.of(1000.0, 2000.0),
        List.of(steal1, steal2));
  }
}
