// Draws every <div class="plot" data-plot="{title, x, series}"> with uPlot (x: epoch seconds).
(function () {
  for (const el of document.querySelectorAll("div.plot[data-plot]")) {
    const spec = JSON.parse(el.dataset.plot);
    const series = [{}];
    const data = [spec.x];
    for (const s of spec.series) {
      const line = { label: s.label, stroke: s.color, width: 2, spanGaps: false };
      if (s.kind === "dash") { line.dash = [6, 4]; line.width = 1.5; }
      if (s.kind === "points") { line.width = 0; line.points = { show: true, size: 9, fill: s.color, stroke: s.color }; }
      else { line.points = { show: spec.x.length < 40 }; }
      series.push(line);
      data.push(s.values);
    }
    const chart = new uPlot({ title: spec.title, width: 400, height: 200, series: series, legend: { live: false },
      // Times in UTC, as the tables; the y axis starts at 0 so counts and rates are not magnified.
      tzDate: ts => uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"),
      scales: { x: { time: true }, y: { range: (u, min, max) => [Math.min(0, min), max > 0 ? max * 1.05 : 1] } },
      axes: [{}, { size: 50 }] }, data, el);
    el.dataset.drawn = String(chart.series.length - 1);
  }
})();
