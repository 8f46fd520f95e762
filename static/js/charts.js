/*
 * 统计分析: draws each figure's chart with the vendored ECharts. No inline script (strict CSP):
 *
 *   <div class="stat-chart" data-chart="ID"></div>   the chart's place
 *   <script type="application/json" id="ID">…</script> its data (Django's json_script):
 *     {"type": "bar"|"line"|"pie", "title", "unit", "categories": [...],
 *      "series": [{"name", "data": [...]}]}
 *
 * The table under every chart carries the same numbers; without JavaScript only the table shows.
 * Tooltips render on the canvas (renderMode "richText"): ECharts' HTML tooltips carry inline
 * styles that the CSP refuses.
 */
(function () {
  "use strict";

  var PALETTE = ["#1f5fa8", "#e07b39", "#3a9a5b", "#8a5cb8", "#c0392b", "#6c757d"];

  function option(data, width) {
    var base = {
      color: PALETTE,
      aria: { enabled: true },
      animation: false,
      tooltip: { trigger: data.type === "pie" ? "item" : "axis", renderMode: "richText" },
      legend: { top: 0, type: "scroll" }
    };
    if (data.type === "pie") {
      var serie = data.series[0] || { name: "", data: [] };
      base.series = [{
        name: serie.name,
        type: "pie",
        radius: ["35%", "65%"],
        top: 30,
        data: data.categories.map(function (label, i) { return { name: label, value: serie.data[i] }; })
      }];
      return base;
    }
    base.grid = { left: 16, right: 24, top: 56, bottom: 8, containLabel: true };
    base.xAxis = { type: "category", data: data.categories, axisLabel: { interval: 0, rotate: data.categories.length * 90 > width ? 30 : 0 } };
    base.yAxis = { type: "value", name: data.unit, minInterval: data.unit === "元" ? 0 : 1 };
    base.series = data.series.map(function (s) {
      return { name: s.name, type: data.type === "line" ? "line" : "bar", data: s.data };
    });
    return base;
  }

  function draw() {
    if (typeof window.echarts === "undefined") return;
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source) return;
      var data;
      try { data = JSON.parse(source.textContent); } catch (e) { return; }
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option(data, el.clientWidth));
      el.setAttribute("data-chart-ready", "");
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
