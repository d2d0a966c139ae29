/* Region charts, drawn with the ECharts the project serves itself (static/supervision/vendor). Each
   chart reads the numbers the page prints in its data table (json_script elements). */
(function () {
  "use strict";
  function data(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el || typeof echarts === "undefined") return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    el.dataset.drawn = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  }
  var trend = data("data-trend");
  if (trend) {
    draw("chart-trend", {
      tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { top: 50, left: 60, right: 60 },
      xAxis: { type: "category", data: trend.years.map(String) },
      yAxis: [{ type: "value", name: "件" }, { type: "value", name: "%", max: 100 }],
      series: trend.series.map(function (s) {
        return { name: s.label, type: s.unit === "%" ? "line" : "bar", yAxisIndex: s.unit === "%" ? 1 : 0,
                 data: s.values, connectNulls: false };
      }),
      animation: false
    });
  }
  var dist = data("data-distribution");
  if (dist) {
    draw("chart-distribution", {
      tooltip: {}, grid: { left: 50, right: 20 },
      xAxis: { type: "category", data: dist.bins.map(function (b) { return b.range; }), name: dist.label },
      yAxis: { type: "value", name: "单位数", minInterval: 1 },
      series: [{ type: "bar", data: dist.bins.map(function (b) { return b.count; }) }], animation: false
    });
  }
  var rank = data("data-ranking");
  if (rank) {
    var rows = rank.rows.slice().reverse();
    draw("chart-ranking", {
      tooltip: {}, grid: { left: 220, right: 40, top: 10, bottom: 20 },
      yAxis: { type: "category", data: rows.map(function (r) { return r.rank + ". " + r.unit; }) },
      xAxis: { type: "value", name: rank.label },
      series: [{ type: "bar", data: rows.map(function (r) { return r.value; }) }], animation: false
    });
  }
  var heat = data("data-heat");
  if (heat) {  // colour the cells of the heat table, column by column
    var table = document.getElementById("heat-table");
    heat.rows.forEach(function (r, i) {
      var cells = table.tBodies[0].rows[i].querySelectorAll("td");
      r.values.forEach(function (v, j) {
        if (v === null) return;
        var lo = heat.ranges[j][0], hi = heat.ranges[j][1];
        var t = hi > lo ? (v - lo) / (hi - lo) : 0;
        cells[j].style.background = "rgba(180,35,42," + (0.08 + 0.6 * t).toFixed(2) + ")";
        cells[j].dataset.heat = t.toFixed(2);
      });
    });
  }
})();
