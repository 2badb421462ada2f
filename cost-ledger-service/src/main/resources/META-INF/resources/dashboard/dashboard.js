// Tollgate finance dashboard: reads the ledger's finance API and draws it. Money arrives as exact decimal strings;
// totals are shown from those strings (never re-added in floating point), charts use numbers only for drawing.
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const key = params.get('key') || sessionStorage.getItem('tollgate-finance-key') || '';
  if (params.get('key')) sessionStorage.setItem('tollgate-finance-key', key);

  const headers = key ? { Authorization: 'Bearer ' + key } : {};
  const $ = (id) => document.getElementById(id);

  function range() {
    const days = Number($('range').value);
    const to = new Date(Date.now() + 60 * 60 * 1000); // include the current hour
    const from = new Date(to.getTime() - days * 24 * 60 * 60 * 1000);
    return 'from=' + encodeURIComponent(from.toISOString()) + '&to=' + encodeURIComponent(to.toISOString());
  }

  async function get(path) {
    const r = await fetch(path, { headers });
    if (!r.ok) {
      let message = r.status + ' ' + r.statusText;
      try { message = (await r.json()).error.message; } catch (e) { /* keep the status line */ }
      const err = new Error(path + ': ' + message);
      err.status = r.status;
      throw err;
    }
    return r.json();
  }

  function seriesBy(rows, dim) {
    const buckets = [...new Set(rows.map((r) => r.bucket))].sort();
    const names = [...new Set(rows.map((r) => r.group[dim]))].sort();
    const series = names.map((name) => ({
      name, type: 'bar', stack: 'spend',
      data: buckets.map((b) => {
        const row = rows.find((r) => r.bucket === b && r.group[dim] === name);
        return row ? Number(row.cost_usd) : 0;
      }),
    }));
    return { buckets, series };
  }

  function draw(id, option) {
    const el = $(id);
    const chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(option, true);
    return new Promise((resolve) => {
      chart.on('finished', () => resolve());
      setTimeout(resolve, 2000); // 'finished' does not fire for an empty chart
    });
  }

  function timeChart(id, rows, dim) {
    const { buckets, series } = seriesBy(rows, dim);
    $(id).dataset.series = String(series.length);
    return draw(id, {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 70, right: 20, top: 20, bottom: 50 },
      xAxis: { type: 'category', data: buckets.map((b) => b.replace('T', ' ').replace(':00:00Z', 'h')) },
      yAxis: { type: 'value' },
      series,
    });
  }

  function fillTable(id, rows, cells) {
    const body = $(id).querySelector('tbody');
    body.innerHTML = '';
    for (const row of rows) {
      const tr = document.createElement('tr');
      for (const c of cells(row)) {
        const td = document.createElement('td');
        td.textContent = c;
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    $(id).dataset.rows = String(rows.length);
  }

  async function budgets() {
    try {
      return await get('/v1/budgets');
    } catch (e) {
      if (e.status === 404 || e.status === 405) return []; // a ledger without budgets
      throw e;
    }
  }

  async function download(format) {
    const r = await fetch('/v1/finance/export?format=' + format + '&' + range(), { headers });
    const blob = await r.blob();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'tollgate-' + format + '.csv';
    a.click();
  }

  async function load() {
    document.body.dataset.rendered = 'false';
    $('error').hidden = true;
    try {
      const q = range();
      const [byTeam, byModel, savings, top, budgetList] = await Promise.all([
        get('/v1/finance/spend?group_by=team&bucket=hour&' + q),
        get('/v1/finance/spend?group_by=model&bucket=hour&' + q),
        get('/v1/finance/savings?' + q),
        get('/v1/finance/top?by=request&n=10&' + q),
        budgets(),
      ]);
      $('total-cost').textContent = '$' + savings.cost_usd;
      $('total-baseline').textContent = '$' + savings.baseline_cost_usd;
      $('total-savings').textContent = '$' + savings.savings_usd;
      const levers = savings.savings_by_lever_usd || {};
      const leverNames = Object.keys(levers);
      fillTable('top-requests', top, (r) => [r.request_id, r.tenant, r.cost_usd, r.baseline_cost_usd]);
      fillTable('budgets', Array.isArray(budgetList) ? budgetList : (budgetList.budgets || []), (b) => [
        b.team ? b.tenant + ' / ' + b.team : b.tenant, b.period, b.limit_usd, b.spent_usd,
        b.used_percent != null ? b.used_percent + ' %' : '', (b.alerts || []).map((a) => a.threshold_percent + ' %').join(', '),
      ]);
      await Promise.all([
        timeChart('chart-team', byTeam, 'team'),
        timeChart('chart-model', byModel, 'model'),
        draw('chart-levers', {
          animation: false,
          grid: { left: 70, right: 20, top: 20, bottom: 30 },
          xAxis: { type: 'category', data: leverNames },
          yAxis: { type: 'value' },
          series: [{ type: 'bar', data: leverNames.map((n) => Number(levers[n])) }],
        }),
      ]);
      $('chart-levers').dataset.series = String(leverNames.length);
      document.body.dataset.rendered = 'true';
    } catch (e) {
      $('error').textContent = e.message;
      $('error').hidden = false;
      document.body.dataset.rendered = 'error';
    }
  }

  $('range').addEventListener('change', load);
  $('export-csv').addEventListener('click', () => download('csv'));
  $('export-focus').addEventListener('click', () => download('focus'));
  load();
})();
