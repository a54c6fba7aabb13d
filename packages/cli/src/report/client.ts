/**
 * The report page's own script (plain browser JS, inlined after uPlot). Reads the embedded data,
 * draws every chart and records each chart's point count on window.__tickfold for tests.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var registry = (window.__tickfold = { charts: [], stats: data.stats });
  var width = Math.max(480, Math.min(1100, document.body.clientWidth - 40));
  var palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  var dots = function (color, size) { return { stroke: color, fill: color, width: 0, paths: function () { return null; }, points: { show: true, size: size, fill: color, stroke: color } }; };
  function chart(id, title, series, columns, yLabel) {
    var el = document.getElementById(id);
    var opts = { title: title, width: width, height: 260, series: [{}].concat(series), axes: [{}, { label: yLabel, size: 70 }], scales: { x: { time: true } } };
    var u = new uPlot(opts, [data.times].concat(columns), el);
    registry.charts.push({ id: id, points: u.data[0].length, series: u.series.length - 1 });
  }
  var symbols = Object.keys(data.symbols);
  chart('chart-equity', 'Equity',
    [{ label: 'total', stroke: '#000', width: 2 }].concat(symbols.map(function (s, i) { return { label: s, stroke: palette[i % palette.length] }; })),
    [data.totalEquity].concat(symbols.map(function (s) { return data.symbols[s].equity; })), 'equity');
  chart('chart-drawdown', 'Drawdown (%)',
    symbols.map(function (s, i) { return { label: s, stroke: palette[i % palette.length], fill: palette[i % palette.length] + '33' }; }),
    symbols.map(function (s) { return data.symbols[s].drawdown.map(function (d) { return -100 * d; }); }), '%');
  symbols.forEach(function (s, i) {
    var d = data.symbols[s];
    chart('chart-price-' + i, s + ': price, fills and markers',
      [{ label: 'close', stroke: '#555' }, Object.assign({ label: 'kill switch' }, dots('#000', 16)), Object.assign({ label: 'fallback' }, dots('#ff7f0e', 7)),
       Object.assign({ label: 'buy' }, dots('#2ca02c', 9)), Object.assign({ label: 'sell' }, dots('#d62728', 9))],
      [d.price, d.kills, d.fallbacks, d.buys, d.sells], 'price');
  });
  document.body.setAttribute('data-rendered', String(registry.charts.length));
})();
`;
