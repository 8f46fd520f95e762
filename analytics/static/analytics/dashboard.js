/*
 * The bureau's daily figures as a line chart (ECharts). The data comes from the page's
 * json_script block; the same numbers are in the table below the chart.
 */
(function () {
  "use strict";
  var el = document.getElementById("analytics-chart");
  var source = document.getElementById("analytics-chart-data");
  if (!el || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var chart = window.echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    xAxis: { type: "category", data: data.days },
    yAxis: { type: "value", minInterval: 1 },
    series: data.series.map(function (s) {
      return { name: s.name, type: "line", data: s.data, showSymbol: false };
    }),
    aria: { enabled: true }
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
