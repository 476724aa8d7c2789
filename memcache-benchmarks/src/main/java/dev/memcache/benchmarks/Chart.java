package dev.memcache.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A PNG of throughput: one panel per workload, one group of bars per caller count, one bar per
 * client. The y axis is logarithmic (one caller and 1,024 callers differ by orders of magnitude);
 * multi-get is plotted in keys/s, the rest in ops/s. Plain Java2D, no charting library.
 */
final class Chart {
  private static final int PANEL_W = 620;
  private static final int PANEL_H = 400;
  private static final int COLUMNS = 3;
  private static final Color[] PALETTE = {
    // ours (text, binary, meta) in strong reds; the peers and the baseline in distinct hues
    new Color(0xD62728),
    new Color(0xFF6F61),
    new Color(0x8C1C13),
    new Color(0x98DF8A),
    new Color(0xFF7F0E),
    new Color(0xFFBB78),
    new Color(0x7F7F7F),
    new Color(0x1F77B4),
    new Color(0x9467BD),
    new Color(0x17BECF),
    // the raw-socket baselines (text, binary, meta) in greys
    new Color(0x000000),
    new Color(0x555555),
    new Color(0xAAAAAA)
  };

  private Chart() {}

  static void write(Path file, List<CellResult> results, BenchSettings s) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Workload> workloads =
        s.workloads().stream()
            .filter(w -> results.stream().anyMatch(r -> r.workload() == w))
            .toList();
    int panels = workloads.size() + 1; // the last one holds the legend
    int rows = (panels + COLUMNS - 1) / COLUMNS;
    BufferedImage image =
        new BufferedImage(
            PANEL_W * Math.min(COLUMNS, panels), PANEL_H * rows + 40, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(
        "memcached clients, throughput by concurrent callers (higher is better, log scale)",
        20,
        28);
    for (int i = 0; i < workloads.size(); i++) {
      Workload w = workloads.get(i);
      panel(
          g,
          40 + (i / COLUMNS) * PANEL_H,
          (i % COLUMNS) * PANEL_W,
          w,
          results.stream().filter(r -> r.workload() == w).toList(),
          s);
    }
    legend(
        g, 40 + (workloads.size() / COLUMNS) * PANEL_H, (workloads.size() % COLUMNS) * PANEL_W, s);
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private static void panel(
      Graphics2D g, int top, int left, Workload w, List<CellResult> rs, BenchSettings s) {
    int x0 = left + 70, y0 = top + PANEL_H - 50, width = PANEL_W - 100, height = PANEL_H - 100;
    double max = rs.stream().mapToDouble(Chart::value).max().orElse(10);
    double min = rs.stream().mapToDouble(Chart::value).filter(v -> v > 0).min().orElse(1);
    int lo = (int) Math.floor(Math.log10(Math.max(1, min))),
        hi = Math.max(lo + 1, (int) Math.ceil(Math.log10(max)));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.setColor(Color.BLACK);
    g.drawString(w.label() + (w.keysPerCall() > 1 ? " (keys/s)" : " (ops/s)"), x0, top + 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int d = lo; d <= hi; d++) { // decade grid lines
      int y = y0 - (int) ((d - lo) / (double) (hi - lo) * height);
      g.setColor(new Color(0xDDDDDD));
      g.drawLine(x0, y, x0 + width, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(decade(d), x0 - 45, y + 4);
    }
    List<Integer> callers = s.callers();
    List<String> clients = s.clients();
    int group = width / callers.size();
    int bar = Math.max(2, (group - 16) / clients.size());
    for (int c = 0; c < callers.size(); c++) {
      int gx = x0 + c * group + 8;
      for (int k = 0; k < clients.size(); k++) {
        String client = clients.get(k);
        int callerCount = callers.get(c);
        double v =
            rs.stream()
                .filter(r -> r.client().equals(client) && r.callers() == callerCount)
                .mapToDouble(Chart::value)
                .findFirst()
                .orElse(0);
        if (v <= 0) continue;
        int h = (int) ((Math.log10(v) - lo) / (hi - lo) * height);
        g.setColor(color(client));
        g.fillRect(gx + k * bar, y0 - h, bar - 1, h);
      }
      g.setColor(Color.BLACK);
      g.drawString(
          callers.get(c) + (callers.get(c) == 1 ? " caller" : " callers"), gx + 4, y0 + 18);
    }
    g.setStroke(new BasicStroke(1));
    g.drawLine(x0, y0, x0 + width, y0);
  }

  private static void legend(Graphics2D g, int top, int left, BenchSettings s) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    int y = top + 50;
    for (String client : s.clients()) {
      g.setColor(color(client));
      g.fillRect(left + 60, y - 12, 24, 14);
      g.setColor(Color.BLACK);
      g.drawString(client, left + 95, y);
      y += 26;
    }
    g.setColor(Color.DARK_GRAY);
    g.drawString("raw-socket: one blocking caller, baseline", left + 60, y + 14);
    g.drawString("numbers: see the CSV and the printed table", left + 60, y + 34);
  }

  private static double value(CellResult r) {
    return r.keysPerSecond();
  }

  /** A client's colour; an older build's client ({@code before-ours}) the same, paler. */
  private static Color color(String client) {
    if (client.startsWith(BenchSettings.BEFORE)) {
      Color c = color(client.substring(BenchSettings.BEFORE.length()));
      return new Color(c.getRed(), c.getGreen(), c.getBlue(), 110);
    }
    int i = BenchSettings.ALL_CLIENTS.indexOf(client);
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  private static String decade(int d) {
    double v = Math.pow(10, d);
    if (v >= 1e6) return String.format(Locale.ROOT, "%.0fM", v / 1e6);
    if (v >= 1e3) return String.format(Locale.ROOT, "%.0fk", v / 1e3);
    return String.format(Locale.ROOT, "%.0f", v);
  }
}
