/**
 * The report page's own script (plain browser JS, inlined after uPlot). Reads the embedded data,
 * draws every chart it lists and records each one on window.__tickfold for tests.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var registry = (window.__tickfold = { charts: [] });
  var width = Math.max(480, Math.min(1100, document.body.clientWidth - 40));
  var compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });
  // Room for the widest tick label, measured, so the axis title never sits on the labels.
  function axisSize(self, values, axisIdx, cycleNum) {
    var axis = self.axes[axisIdx];
    if (cycleNum > 1) return axis._size;
    var size = axis.ticks.size + axis.gap;
    var longest = (values || []).reduce(function (a, v) { return String(v).length > a.length ? String(v) : a; }, '');
    var widest = 0;
    if (longest !== '') { self.ctx.font = axis.font[0]; widest = self.ctx.measureText(longest).width / devicePixelRatio; }
    self.__widestTick = widest;
    return Math.ceil(size + widest);
  }
  function styleOf(s) {
    if (s.style === 'dots') return { label: s.label, stroke: s.color, fill: s.color, width: 0, paths: function () { return null; }, points: { show: true, size: 7, fill: s.color, stroke: s.color } };
    var o = { label: s.label, stroke: s.color, width: 1.5, points: { show: false } };
    if (s.style === 'dash') o.dash = [6, 4];
    if (s.style === 'area') { o.fill = s.color + '55'; o.width = 1; }
    return o;
  }
  function draw(spec, log, entry) {
    var el = document.getElementById(spec.id);
    el.textContent = '';
    var columns = spec.series.map(function (s) { return log ? s.values.map(function (v) { return v !== null && v > 0 ? v : null; }) : s.values; });
    var opts = {
      title: spec.title, width: width, height: spec.height,
      series: [{}].concat(spec.series.map(styleOf)),
      scales: { x: { time: true }, y: log ? { distr: 3 } : {} },
      axes: [{}, { label: spec.yLabel, labelSize: 18, labelGap: 2, size: axisSize, space: spec.height < 200 ? 18 : 30, values: function (u, splits) { return splits.map(function (v) { return v === null ? '' : compact.format(v); }); } }],
      legend: { live: spec.height > 150 },
      // uPlot lays out and draws after construction: read the axis it settled on then.
      hooks: { draw: [function (u) { entry.yAxisSize = u.axes[1]._size; entry.widestTick = u.__widestTick || 0; entry.tickSize = u.axes[1].ticks.size + u.axes[1].gap; }] },
    };
    var u = new uPlot(opts, [data.times].concat(columns), el);
    return u;
  }
  data.charts.forEach(function (spec) {
    var entry = { id: spec.id, log: false };
    var u = draw(spec, false, entry);
    entry.points = u.data[0].length;
    entry.series = u.series.length - 1;
    registry.charts.push(entry);
    if (spec.logToggle) {
      var box = document.getElementById(spec.id + '-log');
      box.addEventListener('change', function () {
        u.destroy();
        u = draw(spec, box.checked, entry);
        entry.log = u.scales.y.distr === 3;
      });
    }
  });
  document.body.setAttribute('data-rendered', String(registry.charts.length));
})();
`;
