/* The command centre: draws the figures with ECharts, sends every click to the orders behind
   it, and refreshes itself every 30 seconds. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dash-data").textContent);
  var config = document.getElementById("dash-config").dataset;
  window.DASH = {dataUrl: config.dataUrl, mapUrl: config.mapUrl, wall: config.wall === "1",
    labels: {received: config.received, open: config.open, overdue: config.overdue, partial: config.partial}};
  var dark = window.DASH.wall;
  var charts = {};
  var COLORS = ["#5470c6", "#91cc75", "#fac858"];
  var geo = null;

  // On the wall: the page's own dark colours behind the charts, and type read from afar.
  var WALL = {backgroundColor: "transparent", textStyle: {fontSize: 16}};

  function chart(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    if (!charts[id]) {
      charts[id] = echarts.init(el, dark ? "dark" : null);
      if (dark) { charts[id].setOption(WALL); }
      charts[id].on("click", function (p) { if (p.data && p.data.url) { window.location.href = p.data.url; } });
    }
    return charts[id];
  }

  function wall(option) {
    return dark ? Object.assign({}, WALL, option) : option;
  }

  function pie(id, items) {
    var c = chart(id);
    if (c) {
      c.setOption(wall({tooltip: {trigger: "item"}, series: [{type: "pie", radius: dark ? ["28%", "55%"] : ["35%", "70%"],
        data: items, label: {formatter: "{b}\n{c}", fontSize: dark ? 17 : 12, overflow: "none"}}]}), true);
    }
  }

  function bars(id, items) {
    var c = chart(id);
    if (c) {
      // Every category named in full: the grid makes room for the longest name (劳动和社会保障).
      c.setOption(wall({tooltip: {}, grid: {left: 8, right: 30, top: 10, bottom: 20, containLabel: true},
        xAxis: {type: "value", minInterval: 1}, yAxis: {type: "category", inverse: true,
          data: items.map(function (i) { return i.name; }), axisLabel: {fontSize: dark ? 15 : 12, interval: 0}},
        series: [{type: "bar", data: items, label: {show: true, position: "right", fontSize: dark ? 17 : 12}}]}), true);
    }
  }

  function trend(items, rates) {
    var c = chart("c-trend");
    if (!c) { return; }
    c.setOption(wall({tooltip: {trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; }},
      legend: {top: 0, textStyle: {fontSize: dark ? 16 : 12}}, grid: {left: 40, right: 20, top: 34, bottom: 25},
      xAxis: {type: "category", data: items.map(function (t) {
        return t.partial ? t.month + window.DASH.labels.partial : t.month;
      })},
      yAxis: {type: "value", min: function (v) { return Math.max(0, Math.floor(v.min / 10) * 10); }, max: 100},
      // The month under way is drawn dashed and apart: its days so far, not a collapse.
      series: rates.map(function (r, i) {
        return {name: r.label, type: "line", connectNulls: true, itemStyle: {color: COLORS[i]},
          data: items.map(function (t) { return t.partial ? null : t[r.code]; })};
      }).concat(rates.map(function (r, i) {
        var last = items.length - 1;
        return {name: r.label, type: "line", itemStyle: {color: COLORS[i]}, lineStyle: {type: "dashed"},
          symbol: "emptyCircle", data: items.map(function (t, k) {
            return items[last].partial && k >= last - 1 ? t[r.code] : null;
          })};
      }))}), true);
  }

  function drawMap() {
    var c = chart("c-map");
    if (!c || !geo || !geo.features.length) { return; }
    var level = document.getElementById("map-level").value;
    var measure = document.getElementById("map-measure").value;
    var name = "yiwang-" + level;
    echarts.registerMap(name, {type: "FeatureCollection",
      features: geo.features.filter(function (f) { return f.properties.kind === level; })});
    var items = (level === "street" ? data.streets : data.grids).map(function (s) {
      return {name: s.name, value: s[measure], url: s.urls[measure], open: s.open, overdue: s.overdue, received: s.value};
    });
    var max = Math.max.apply(null, [1].concat(items.map(function (i) { return i.value; })));
    var L = window.DASH.labels;
    c.setOption(wall({
      tooltip: {formatter: function (p) {
        var d = p.data || {};
        return p.name + "<br>" + L.received + " " + (d.received || 0) + "<br>" + L.open + " " + (d.open || 0) +
          "<br>" + L.overdue + " " + (d.overdue || 0);
      }},
      visualMap: {min: 0, max: max, left: 10, bottom: 10, calculable: true,
        inRange: {color: measure === "overdue" ? ["#fff5f0", "#cb181d"] : ["#eef4fb", "#1f5fa8"]}},
      series: [{type: "map", map: name, roam: true, data: items,
        label: {show: true, fontSize: dark ? 16 : 11, color: dark ? "#0b1a2e" : "#222"},
        labelLayout: {hideOverlap: true}}]}), true);
  }

  function list(id, items, render) {
    var el = document.getElementById(id);
    if (!el) { return; }
    el.innerHTML = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = render(item);
      li.appendChild(a);
      el.appendChild(li);
    });
  }

  function draw() {
    pie("c-today-channel", data.today.channel);
    pie("c-month-channel", data.month.channel);
    bars("c-month-category", data.month.category);
    trend(data.trend, data.rates);
    drawMap();
    document.getElementById("updated").textContent = data.updated;
    var kpi = {today: data.today.total, month: data.month.total, open: data.work.open, overdue: data.work.overdue};
    data.rates.forEach(function (r) { kpi[r.code] = r.value == null ? "—" : r.value + "%"; });
    Object.keys(kpi).forEach(function (k) {
      var el = document.querySelector('[data-kpi="' + k + '"] b');
      if (el) { el.textContent = kpi[k]; }
    });
    if (data.urgent.length) {
      list("urgent", data.urgent, function (o) { return "[" + o.urgency + "] " + o.at + " · " + o.street + " · " + o.title; });
    }
    if (data.hot.length) {
      list("hot", data.hot, function (h) { return (h.place ? h.place + " · " : "") + h.description + " (" + h.count + ")"; });
      document.getElementById("hot-at").textContent = data.hot_at;
    }
  }

  ["map-level", "map-measure"].forEach(function (id) { document.getElementById(id).addEventListener("change", drawMap); });
  window.addEventListener("resize", function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
  if (data.has_map) {
    fetch(window.DASH.mapUrl, {credentials: "same-origin"}).then(function (r) { return r.json(); })
      .then(function (g) { geo = g; drawMap(); });
  }
  // The wall's clock: date, weekday and time, every second.
  var clock = document.getElementById("clock");
  function tick() {
    // The district's own time, whatever the wall computer's zone is.
    var parts = {}, days = clock.dataset.weekdays.split(",");
    new Intl.DateTimeFormat("en-GB", {timeZone: clock.dataset.tz, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit", weekday: "short", hour12: false})
      .formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    var weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday);
    clock.textContent = parts.year + "-" + parts.month + "-" + parts.day + " " + days[weekday] + " " +
      parts.hour + ":" + parts.minute + ":" + parts.second;
  }
  if (clock) { tick(); setInterval(tick, 1000); }
  // On the wall a list longer than its card scrolls one line every few seconds and starts again
  // at the top, so nothing is cut off unseen (the wall has no mouse to scroll with).
  if (dark) {
    setInterval(function () {
      ["hot", "urgent"].forEach(function (id) {
        var el = document.getElementById(id);
        if (!el || el.scrollHeight <= el.clientHeight + 2) { return; }
        var line = el.firstElementChild ? el.firstElementChild.offsetHeight : 24;
        var end = el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
        el.scrollTo({top: end ? 0 : el.scrollTop + line, behavior: "smooth"});
      });
    }, 4000);
  }
  draw();
  setInterval(function () {
    fetch(window.DASH.dataUrl, {credentials: "same-origin"}).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d) { data = d; draw(); } });
  }, 30000);
}());
