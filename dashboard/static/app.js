/* numresp dashboard: draws the charts from the JSON API. Tables never depend on this script.
   Compacted at start-up by dashboard/assets.ts: end every statement with a semicolon, no line comments after code. */
'use strict';
(function () {
  var GRADE_COLOURS = {};/* GRADE_COLOURS: filled by dashboard/assets.ts from src/model/grade-colours.ts */
  var PALETTE = ['#1565c0', '#43a047', '#6a1b9a', '#ef6c00', '#00838f', '#ad1457', '#4e342e', '#546e7a', '#9e9d24'];
  var MAX_SERIES = 8;
  if (!window.Chart) {
    return;
  }
  Chart.defaults.animation = false;
  Chart.defaults.font.family = 'system-ui, sans-serif';
  Chart.defaults.maintainAspectRatio = false;
  function day(iso) {
    return String(iso).slice(0, 10);
  }
  var builders = {
    trend: function (d) {
      var labels = d.campaigns.map(function (c) { return day(c.startedAt); });
      var sets = [{ label: 'All sites', data: d.overall.map(function (t) { return t.averageScore; }), borderColor: '#000', borderWidth: 3, spanGaps: true }];
      d.series.slice(0, MAX_SERIES).forEach(function (s, i) {
        sets.push({ label: s.siteName || s.siteCode || '(no site)', data: s.scores, borderColor: PALETTE[i % PALETTE.length], borderWidth: 1.5, spanGaps: true, pointRadius: 2 });
      });
      return { type: 'line', data: { labels: labels, datasets: sets }, options: { scales: { y: { min: 0, max: 100, title: { display: true, text: 'EcoIndex' } } } } };
    },
    grades: function (d) {
      var dist = d.overview.gradeDistribution;
      var grades = Object.keys(dist);
      return { type: 'bar', data: { labels: grades, datasets: [{ label: 'Pages', data: grades.map(function (g) { return dist[g]; }), backgroundColor: grades.map(function (g) { return GRADE_COLOURS[g]; }) }] }, options: { plugins: { legend: { display: false } } } };
    },
    stacked: function (d) {
      return { type: 'bar', data: { labels: d.labels, datasets: d.datasets.map(function (s, i) { return { label: s.label, data: s.data, backgroundColor: s.colour || PALETTE[i % PALETTE.length] }; }) }, options: { indexAxis: d.horizontal ? 'y' : 'x', scales: { x: { stacked: true }, y: { stacked: true } } } };
    }
  };
  function draw(canvas) {
    var kind = canvas.getAttribute('data-chart');
    var pick = canvas.getAttribute('data-pick');
    fetch(canvas.getAttribute('data-src'), { headers: { accept: 'application/json' } }).then(function (r) {
      if (!r.ok) {
        throw new Error('HTTP ' + r.status);
      }
      return r.json();
    }).then(function (data) {
      var input = pick ? data[pick] : data;
      new Chart(canvas, builders[kind](input));
      canvas.setAttribute('data-drawn', 'true');
    }).catch(function (err) {
      canvas.setAttribute('data-error', String(err));
      canvas.parentNode.classList.add('failed');
    });
  }
  var canvases = document.querySelectorAll('canvas[data-chart]');
  for (var i = 0; i < canvases.length; i++) {
    draw(canvases[i]);
  }
  var selects = document.querySelectorAll('form.filters select');
  for (var j = 0; j < selects.length; j++) {
    selects[j].addEventListener('change', function (e) {
      e.target.form.submit();
    });
  }
})();
