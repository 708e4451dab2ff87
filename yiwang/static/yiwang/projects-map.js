/* The project map: the district's streets and each project as a dot coloured by its light. */
(function () {
  "use strict";
  var el = document.getElementById("project-map");
  if (!el || !window.echarts) { return; }
  var COLORS = {red: "#d93b3b", yellow: "#e5a50a", green: "#2e9e5b"};
  var labels = JSON.parse(el.dataset.labels);
  fetch(el.dataset.source, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (d) {
    if (!d.geo.features.length) { el.textContent = el.dataset.empty; return; }
    echarts.registerMap("yiwang-streets", d.geo);
    var chart = echarts.init(el);
    var series = ["red", "yellow", "green"].map(function (light) {
      return {name: labels[light], type: "scatter", coordinateSystem: "geo", symbolSize: 12,
        itemStyle: {color: COLORS[light], borderColor: "#fff", borderWidth: 1},
        data: d.projects.filter(function (p) { return p.light === light; })};
    });
    chart.setOption({
      tooltip: {formatter: function (p) { return p.data ? p.data.name + "<br>" + p.data.status : p.name; }},
      legend: {top: 4},
      geo: {map: "yiwang-streets", roam: true, label: {show: true, color: "#555"},
        itemStyle: {areaColor: "#eef4fb", borderColor: "#9bb3d1"}},
      series: series
    });
    chart.on("click", function (p) { if (p.data && p.data.url) { window.location.href = p.data.url; } });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
