// The browser half of report.html: draws the embedded data with Chart.js (inlined before this
// script). Kept free of any network access: everything it needs is in the page.
(() => {
  'use strict';
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const charts = [];
  window.ksbReport = { data, charts };

  Chart.defaults.animation = false;
  Chart.defaults.font.size = 11;
  Chart.defaults.maintainAspectRatio = false;

  const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  const color = (i) => PALETTE[i % PALETTE.length];

  // Timeline actions, load steps and rebalances as vertical lines; rebalances shade their span,
  // a deploy (first restart to last ready) shades its window, drawn first so it lies beneath.
  const MARKER_STYLE = {
    action: { stroke: '#2c3e50', dash: [6, 4] },
    // Pink: no colour of the series' palette, so a step is not taken for a line of data.
    step: { stroke: '#e91e63', dash: [] },
    rebalance: { stroke: '#c0392b', dash: [2, 3], shade: 'rgba(192, 57, 43, 0.10)' },
    deploy: { stroke: '#2471a3', dash: [1, 2], shade: 'rgba(36, 113, 163, 0.14)' },
  };
  Chart.register({
    id: 'markers',
    afterDatasetsDraw(chart, _args, options) {
      const items = options?.items || [];
      if (items.length === 0) return;
      const { ctx, chartArea: area, scales } = chart;
      ctx.save();
      const ordered = items.filter((m) => m.kind === 'deploy').concat(items.filter((m) => m.kind !== 'deploy'));
      ordered.forEach((m, i) => {
        const style = MARKER_STYLE[m.kind] || MARKER_STYLE.action;
        const x = scales.x.getPixelForValue(m.x);
        const shaded = style.shade && typeof m.end === 'number';
        const end = shaded ? Math.min(area.right, scales.x.getPixelForValue(m.end)) : x;
        if (!(end >= area.left && x <= area.right)) return;
        const from = Math.max(area.left, x);
        if (shaded) {
          ctx.fillStyle = style.shade;
          ctx.fillRect(from, area.top, Math.max(1, end - from), area.bottom - area.top);
        }
        ctx.strokeStyle = style.stroke;
        ctx.lineWidth = 1.5;
        ctx.setLineDash(style.dash);
        // A deploy's window has a line at each edge; the others one at their start.
        for (const at of m.kind === 'deploy' ? [x, end] : [x]) {
          if (at < area.left || at > area.right) continue;
          ctx.beginPath();
          ctx.moveTo(at, area.top);
          ctx.lineTo(at, area.bottom);
          ctx.stroke();
        }
        ctx.setLineDash([]);
        ctx.fillStyle = style.stroke;
        ctx.font = '10px sans-serif';
        const y = m.kind === 'deploy' ? area.bottom - 4 : area.top + 10 + (i % 3) * 11;
        ctx.fillText(m.label, Math.min(from + 3, area.right - ctx.measureText(m.label).width), y);
      });
      ctx.restore();
    },
  });

  function canvasIn(container, title, note) {
    const box = document.createElement('div');
    box.className = 'chart';
    const h = document.createElement('h3');
    h.textContent = title;
    box.appendChild(h);
    if (note) {
      const p = document.createElement('p');
      p.className = 'note';
      p.textContent = note;
      box.appendChild(p);
      container.appendChild(box);
      return null;
    }
    const holder = document.createElement('div');
    holder.className = 'canvas-holder';
    const canvas = document.createElement('canvas');
    holder.appendChild(canvas);
    box.appendChild(holder);
    container.appendChild(box);
    return canvas;
  }

  function draw(canvas, config) {
    if (!canvas) return;
    charts.push(new Chart(canvas, config));
  }

  const toXY = (points) => points.map(([x, y]) => ({ x, y }));
  // Chart.js draws the first dataset on top: thinner lines above thicker ones keep equal series
  // (two replicas at the same rate) both visible.
  const widthOf = (i) => Math.min(1.5 + i * 2, 8);
  const POINT_STYLES = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot'];
  const secondAxis = { type: 'linear', title: { display: true, text: 'second from the start of the measurement (warm-up < 0)' } };

  function lineDatasets(bySubject, prefix) {
    return Object.keys(bySubject)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .map((subject, i) => ({
        label: `${prefix}${subject}`,
        data: toXY(bySubject[subject]),
        borderColor: color(i),
        backgroundColor: color(i),
        pointRadius: 0,
        borderWidth: widthOf(i),
        tension: 0,
      }));
  }

  function timeChart(container, title, bySubject, prefix, yTitle, markers, extra, yMax) {
    const datasets = lineDatasets(bySubject, prefix).concat(extra || []);
    const canvas = canvasIn(container, title, datasets.length === 0 ? 'not in this results folder (timeseries.csv)' : null);
    draw(canvas, {
      type: 'line',
      data: { datasets },
      options: {
        parsing: false,
        scales: { x: secondAxis, y: { beginAtZero: true, ...(yMax ? { max: yMax } : {}), title: { display: true, text: yTitle } } },
        plugins: { markers: { items: markers }, legend: { position: 'bottom' } },
      },
    });
  }

  const PERCENTILE_TICKS = [1, 2, 10, 100, 1000, 10000, 100000, 1000000];
  const percentileLabel = (inverse) => {
    const p = (1 - 1 / inverse) * 100;
    return `${Number(p.toPrecision(6))}%`;
  };

  function latencyChart(container, latency) {
    const sets = [
      ['end to end (order created -> processed)', latency.e2e, 0],
      ['HTTP (POST /orders)', latency.http, 1],
    ].filter(([, points]) => points && points.length > 0);
    const canvas = canvasIn(container, 'Latency by percentile (HdrHistogram)', sets.length === 0 ? 'not in this results folder (histograms/)' : null);
    const maxX = Math.max(10, ...sets.flatMap(([, points]) => points.map((p) => p[0])));
    draw(canvas, {
      type: 'line',
      data: {
        datasets: sets.map(([label, points, i]) => ({
          label,
          data: toXY(points),
          borderColor: color(i),
          backgroundColor: color(i),
          pointRadius: 1.5,
          borderWidth: 1.5,
          stepped: false,
        })),
      },
      options: {
        parsing: false,
        scales: {
          x: {
            type: 'logarithmic',
            min: 1,
            max: PERCENTILE_TICKS.find((t) => t >= maxX) || maxX,
            title: { display: true, text: 'percentile (log scale of 1/(1-p))' },
            afterBuildTicks: (axis) => {
              axis.ticks = PERCENTILE_TICKS.filter((t) => t <= axis.max).map((value) => ({ value }));
            },
            ticks: { callback: (value) => percentileLabel(value) },
          },
          y: { beginAtZero: true, title: { display: true, text: 'ms' } },
        },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${item.parsed.y} ms at ${percentileLabel(item.parsed.x)}` } },
        },
      },
    });
  }

  function distributionChart(container, d) {
    const empty = d.replicas.length === 0;
    const canvas = canvasIn(container, 'Orders processed per replica, per phase', empty ? 'not in this results folder (consumers.csv)' : null);
    draw(canvas, {
      type: 'bar',
      data: { labels: d.replicas, datasets: d.phases.map((label, i) => ({ label, data: d.processed[i], backgroundColor: color(i) })) },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'orders processed' } } }, plugins: { legend: { position: 'bottom' } } },
    });
  }

  const offeredLine = (cell) =>
    cell.offered.length > 0
      ? [{ label: 'offered (orders/s)', data: toXY(cell.offered), borderColor: '#999', borderDash: [4, 4], pointRadius: 0, borderWidth: 1 }]
      : [];

  function renderCell(key) {
    const container = document.getElementById('cell-charts');
    // Only the selected cell's charts are redrawn; the sweep, pauses and side-by-side charts stay.
    for (const chart of charts.filter((c) => container.contains(c.canvas))) {
      chart.destroy();
      charts.splice(charts.indexOf(chart), 1);
    }
    container.replaceChildren();
    const cell = data.cells.find((c) => c.key === key);
    if (!cell) return;
    timeChart(container, 'Throughput per replica (orders/s)', cell.throughput, '', 'orders/s', cell.markers, offeredLine(cell));
    timeChart(container, 'Lag per partition (messages)', cell.lag, 'partition ', 'messages', cell.markers);
    timeChart(container, 'Lag per partition (seconds)', cell.lagSeconds, 'partition ', 'seconds', cell.markers);
    latencyChart(container, cell.latency);
    distributionChart(container, cell.distribution);
    document.body.dataset.cell = key;
  }

  // Each replica's orders/s in every cell, then each cell's throughput per replica over time on one scale.
  function drawSideBySide() {
    const s = data.sideBySide;
    const container = document.getElementById('side-by-side-charts');
    if (!s || !container) return;
    const r = s.replicaRates;
    draw(
      canvasIn(
        container,
        'Orders/s per replica, cells side by side (over the measured stretch, median over ok repeats; 0: idle)',
        r.replicas.length === 0 ? 'not in this results folder (consumers.csv)' : null,
      ),
      {
        type: 'bar',
        data: { labels: r.cells, datasets: r.replicas.map((label, i) => ({ label, data: r.perSecond[i], backgroundColor: color(i) })) },
        options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'orders/s' } } }, plugins: { legend: { position: 'bottom' } } },
      },
    );
    const cells = s.series.map((key) => data.cells.find((c) => c.key === key)).filter(Boolean);
    const values = cells.flatMap((c) =>
      Object.values(c.throughput)
        .flatMap((points) => points.map((p) => p[1]))
        .concat(c.offered.map((p) => p[1])),
    );
    const yMax = values.length > 0 ? Math.ceil(Math.max(...values) * 1.05) : undefined;
    for (const cell of cells) {
      timeChart(
        container,
        `Throughput per replica (orders/s): ${cell.cell}, repeat ${cell.repeat}`,
        cell.throughput,
        '',
        'orders/s',
        cell.markers,
        offeredLine(cell),
        yMax,
      );
    }
  }

  function drawSweep() {
    const container = document.getElementById('sweep-charts');
    if (!container) return;
    container.replaceChildren();
    for (const s of data.sweeps) drawScaling(container, s);
  }

  function drawScaling(container, s) {
    const datasets = s.partitions.map((p, i) => ({
      label: `${p} partition${p === 1 ? '' : 's'}`,
      data: s.replicas.map((r, j) => ({ x: r, y: s.processed[i][j] })).filter((pt) => pt.y !== null),
      borderColor: color(i),
      backgroundColor: color(i),
      borderWidth: widthOf(i),
      pointStyle: POINT_STYLES[i % POINT_STYLES.length],
      pointRadius: 4 + i,
    }));
    if (s.offered !== null) {
      datasets.push({
        label: 'offered',
        data: [
          { x: s.replicas[0], y: s.offered },
          { x: s.replicas[s.replicas.length - 1], y: s.offered },
        ],
        borderColor: '#999',
        borderDash: [4, 4],
        pointRadius: 0,
        borderWidth: 1,
      });
    }
    draw(canvasIn(container, `Scaling: processed orders/s by replicas, one line per partition count${s.variant ? ` (${s.variant})` : ''}`), {
      type: 'line',
      data: { datasets },
      options: {
        parsing: false,
        scales: {
          x: {
            type: 'logarithmic',
            title: { display: true, text: 'replicas' },
            afterBuildTicks: (axis) => {
              axis.ticks = s.replicas.map((value) => ({ value }));
            },
            ticks: { callback: (v) => String(v) },
          },
          y: { beginAtZero: true, title: { display: true, text: 'processed orders/s' } },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    });
  }

  function drawPauses() {
    const d = data.pauses;
    const container = document.getElementById('pause-charts');
    if (!d || !container) return;
    container.replaceChildren();
    const spread = d.variants.length > 1 ? 0.6 / (d.variants.length - 1) : 0;
    const datasets = d.variants.map((variant, v) => ({
      label: variant,
      data: d.points
        .filter((p) => p.variant === v)
        // One column per variant within each action; moved partitions filled, kept ones hollow.
        .map((p) => ({
          x: p.action + (d.variants.length > 1 ? -0.3 + v * spread : 0),
          y: Math.max(1, p.pauseMs),
          moved: p.moved,
          partition: p.partition,
          repeat: p.repeat,
        })),
      borderColor: color(v),
      backgroundColor: (ctx) => (ctx.raw && ctx.raw.moved === false ? 'rgba(255,255,255,0)' : color(v)),
      pointStyle: POINT_STYLES[v % POINT_STYLES.length],
      pointRadius: 5,
    }));
    draw(
      canvasIn(
        container,
        'Rebalance pause per partition, by action and consumer variant (a point per repeat and partition; hollow: the partition kept its owner)',
      ),
      {
        type: 'scatter',
        data: { datasets },
        options: {
          parsing: false,
          scales: {
            x: {
              type: 'linear',
              min: -0.5,
              max: d.actions.length - 0.5,
              afterBuildTicks: (axis) => {
                axis.ticks = d.actions.map((_, i) => ({ value: i }));
              },
              ticks: { callback: (v) => d.actions[v] ?? '' },
            },
            y: { type: 'logarithmic', min: 1, title: { display: true, text: 'pause (ms, log scale)' } },
          },
          plugins: {
            legend: { position: 'bottom' },
            tooltip: {
              callbacks: {
                label: (item) =>
                  `${item.dataset.label} repeat ${item.raw.repeat} partition ${item.raw.partition}: ${item.parsed.y} ms${item.raw.moved === false ? ' (kept)' : ''}`,
              },
            },
          },
        },
      },
    );
  }

  const select = document.getElementById('cell-select');
  select?.addEventListener('change', () => renderCell(select.value));
  renderCell(select ? select.value : data.cells[0]?.key);
  drawSweep();
  drawPauses();
  drawSideBySide();
  document.body.dataset.ready = 'true';
})();
