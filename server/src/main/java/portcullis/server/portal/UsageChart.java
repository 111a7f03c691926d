package portcullis.server.portal;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Lays out the usage chart: one stacked bar per hour, outcomes bottom up in {@link UsageCounters#OUTCOMES} order. */
final class UsageChart {
  private UsageChart() {}

  static final int STEP = 20;
  static final int BAR = 14;
  static final int PLOT = 140;
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
  private static final List<String> LABELS = List.of("2xx", "401", "403", "429", "other");

  static Views.Usage of(UsageCounters.Usage u) {
    int hours = u.hourStarts().size();
    long max = 0;
    long[] totals = new long[UsageCounters.OUTCOMES.size()];
    for (long[] hour : u.counts()) {
      long sum = 0;
      for (int o = 0; o < hour.length; o++) {
        sum += hour[o];
        totals[o] += hour[o];
      }
      max = Math.max(max, sum);
    }
    List<Views.Bar> bars = new ArrayList<>(hours);
    for (int i = 0; i < hours; i++) {
      long[] hour = u.counts()[i];
      List<Views.Segment> segments = new ArrayList<>();
      int bottom = PLOT;
      StringBuilder label = new StringBuilder(HOUR.format(u.hourStarts().get(i))).append(" UTC:");
      long sum = 0;
      long cumulative = 0;
      for (int o = 0; o < hour.length; o++) {
        if (hour[o] == 0) {
          continue;
        }
        cumulative += hour[o];
        int top = PLOT - (int) Math.round((double) cumulative * PLOT / max);
        int height = Math.max(1, bottom - top);
        segments.add(new Views.Segment(bottom - height, height, UsageCounters.OUTCOMES.get(o)));
        bottom -= height;
        label.append(sum == 0 ? " " : ", ").append(hour[o]).append(" × ").append(LABELS.get(o));
        sum += hour[o];
      }
      if (sum == 0) {
        label.append(" no requests");
      }
      String tick = i % 6 == 0 ? HOUR.format(u.hourStarts().get(i)) : "";
      bars.add(new Views.Bar(i * STEP + 3, segments, label.toString(), tick));
    }
    List<Views.Total> t = new ArrayList<>();
    long all = 0;
    for (int o = 0; o < totals.length; o++) {
      t.add(new Views.Total(UsageCounters.OUTCOMES.get(o), LABELS.get(o), totals[o]));
      all += totals[o];
    }
    String summary = all == 0 ? "No requests in the last 24 hours."
        : all + " requests in the last 24 hours: " + totals[0] + " 2xx, " + totals[1] + " 401, " + totals[2] + " 403, "
            + totals[3] + " 429, " + totals[4] + " other.";
    return new Views.Usage(bars, t, max, hours * STEP, PLOT + 20, BAR, summary);
  }
}
