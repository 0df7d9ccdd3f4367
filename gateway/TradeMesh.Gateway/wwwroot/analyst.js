// TradeMesh dashboard: the analyst panels (series chart, provinces and regions, climbers and
// fallers, CSV download), driven by their own level / province / unit controls and by the period
// and measure chosen at the top. Plain SVG, nothing fetched from outside; data text goes in with
// textContent only.
'use strict';

(() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const MOVERS_TOP = 5;
  const DEFAULT_SERIES = 3;
  const W = 640, H = 240, PAD = { left: 56, right: 12, top: 12, bottom: 28 };
  const COLOURS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#0a7d8c', '#6e7781'];
  const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const enc = encodeURIComponent;

  const $ = (id) => document.getElementById(id);
  const ui = {
    period: $('period'), measure: $('measure'),
    level: $('level'), province: $('province'), unit: $('unit'), csv: $('csv-link'), status: $('analyst-status'),
    cities: $('series-cities'), axis: $('series-axis'), chart: $('series-chart'), legend: $('series-legend'),
    climbers: $('climbers'), fallers: $('fallers'), moversMeta: $('rank-movers-meta'),
    by: $('aggregate-by'), aggregates: document.querySelector('#aggregates tbody'), aggregatesMeta: $('aggregates-meta'),
  };
  // Cities typed by the user; until then the chart follows the top of the ranking shown.
  let chosen = null;
  let generation = 0;

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    return e;
  }
  const fmt = (v) => (v === null || v === undefined ? '–' : number.format(v));
  const fmtPct = (v) => (v === null || v === undefined ? '–' : (v > 0 ? '+' : v < 0 ? '−' : '') + percent.format(Math.abs(v)) + '%');
  const fmtChange = (v) => (v > 0 ? '▲' : v < 0 ? '▼' : '') + Math.abs(v);

  // The series shape of a period: 2025 is a year, 2025-03 a month, 2025-03-YTD a year to date.
  const shapeOf = (p) => (/-YTD$/.test(p) ? 'ytd' : /^\d{4}-\d{2}$/.test(p) ? 'month' : 'year');

  function query() {
    const q = new URLSearchParams({ measure: ui.measure.value, unit: ui.unit.value });
    return q;
  }
  function withLevelAndProvince(q) {
    q.set('level', ui.level.value);
    if (ui.province.value) q.set('province', ui.province.value);
    return q;
  }

  async function getJson(url) {
    const response = await fetch(url, { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (response.ok) return { data: await response.json() };
    let detail = response.statusText;
    try { const p = await response.json(); detail = p.detail || p.title || detail; } catch { /* not JSON */ }
    return { error: `${response.status}: ${detail}` };
  }

  async function refresh() {
    const period = ui.period.value;
    if (!period) return;
    const mine = ++generation;
    const csvQuery = withLevelAndProvince(query());
    csvQuery.set('top', '5000');
    csvQuery.set('format', 'csv');
    ui.csv.href = `/api/rankings/${enc(period)}?${csvQuery}`;
    ui.csv.setAttribute('download', `ranking-${period}-${ui.measure.value}-${ui.level.value}${ui.province.value ? '-' + ui.province.value : ''}.csv`);

    const moversQuery = withLevelAndProvince(query());
    moversQuery.set('top', String(MOVERS_TOP));
    const aggregatesQuery = query();
    aggregatesQuery.set('by', ui.by.value);
    const provincesQuery = query();
    provincesQuery.set('by', 'province');
    const [movers, aggregates, provinces] = await Promise.all([
      getJson(`/api/movers/${enc(period)}?${moversQuery}`),
      getJson(`/api/aggregates/${enc(period)}?${aggregatesQuery}`),
      getJson(`/api/aggregates/${enc(period)}?${provincesQuery}`),
    ]);
    if (mine !== generation) return; // a newer choice is on its way
    renderProvinceChoices(provinces.data);
    renderMovers(movers);
    renderAggregates(aggregates);
    await refreshSeries(period, mine);
    if (mine === generation) {
      ui.status.textContent = '';
      document.getElementById('analyst').dataset.updated = new Date().toISOString();
    }
  }

  // The provinces with data in the period, by name; the one chosen stays even when it has none.
  function renderProvinceChoices(data) {
    const current = ui.province.value;
    const entries = (data?.entries || []).slice().sort((a, b) => a.name.localeCompare(b.name, 'en'));
    const options = [el('option', null, 'All provinces')];
    options[0].value = '';
    for (const e of entries) {
      const option = el('option', null, e.nameZh ? `${e.name} ${e.nameZh}` : e.name);
      option.value = e.key;
      options.push(option);
    }
    if (current && !entries.some((e) => e.key === current)) {
      const option = el('option', null, current);
      option.value = current;
      options.push(option);
    }
    ui.province.replaceChildren(...options);
    ui.province.value = current;
  }

  function renderMovers({ data, error }) {
    const list = (target, movers) => target.replaceChildren(...(movers.length ? movers.map((m) => {
      const li = el('li');
      li.dataset.city = m.cityCode;
      li.append(el('span', 'who', m.name ?? m.cityCode), el('span', 'detail', `#${m.rank} (${fmtChange(m.rankChange)} from #${m.previousRank})`));
      return li;
    }) : [el('li', 'none', 'None')]));
    if (!data) {
      ui.moversMeta.textContent = `No climbers or fallers (${error}).`;
      ui.climbers.replaceChildren();
      ui.fallers.replaceChildren();
      return;
    }
    ui.moversMeta.textContent = `${data.period} against ${data.comparedWith} · ${ui.level.value === 'county' ? 'counties' : 'cities'}` +
      (ui.province.value ? ` in ${ui.province.selectedOptions[0]?.textContent ?? ui.province.value}` : '');
    list(ui.climbers, data.climbers || []);
    list(ui.fallers, data.fallers || []);
  }

  function renderAggregates({ data, error }) {
    if (!data) {
      ui.aggregatesMeta.textContent = `No ${ui.by.value} totals (${error}).`;
      ui.aggregates.replaceChildren();
      return;
    }
    ui.aggregatesMeta.textContent = `${data.unit} · sums of city-level figures · growth like for like against ${data.comparedWith}`;
    ui.aggregates.replaceChildren(...data.entries.map((e) => {
      const tr = el('tr');
      tr.dataset.key = e.key;
      tr.append(el('td', 'num rank', e.rank), el('td', 'name', e.nameZh ? `${e.name} ${e.nameZh}` : e.name),
        el('td', 'num value', fmt(e.value)), el('td', 'num cities', e.cities), el('td', 'num share', fmtPct(e.sharePct).replace('+', '')),
        el('td', 'num growth', fmtPct(e.yoyPct)),
        el('td', 'num change', e.rankChange === null || e.rankChange === undefined ? '–' : fmtChange(e.rankChange)));
      return tr;
    }));
  }

  async function seriesCities(period) {
    if (chosen) return chosen;
    const q = withLevelAndProvince(query());
    q.set('top', String(DEFAULT_SERIES));
    const { data } = await getJson(`/api/rankings/${enc(period)}?${q}`);
    return (data?.entries || []).map((e) => e.cityCode);
  }

  async function refreshSeries(period, mine) {
    const codes = await seriesCities(period);
    if (mine !== generation) return;
    if (!chosen) ui.cities.value = codes.join(',');
    if (codes.length === 0) { drawChart(null, 'No cities to chart.'); return; }
    const q = query();
    q.set('cities', codes.join(','));
    q.set('shape', shapeOf(period));
    q.set('level', ui.level.value);
    const { data, error } = await getJson(`/api/series?${q}`);
    if (mine !== generation) return;
    drawChart(data, error);
  }

  // Value or rank over the periods, one line per city; a null point breaks the line.
  function drawChart(data, error) {
    ui.chart.replaceChildren();
    ui.legend.replaceChildren();
    ui.chart.setAttribute('viewBox', `0 0 ${W} ${H}`);
    if (!data) {
      ui.chart.dataset.state = 'empty';
      const text = svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'chart-note' });
      text.textContent = error;
      ui.chart.append(text);
      return;
    }
    const byRank = ui.axis.value === 'rank';
    const pick = (p) => (byRank ? p.rank : p.value);
    const values = data.series.flatMap((s) => s.points.map(pick)).filter((v) => v !== null && v !== undefined).map(Number);
    const top = values.length ? Math.max(...values) : 1;
    const low = byRank ? 1 : 0;
    const span = top - low || 1;
    const n = data.periods.length;
    const x = (i) => PAD.left + (n === 1 ? (W - PAD.left - PAD.right) / 2 : (i * (W - PAD.left - PAD.right)) / (n - 1));
    // Rank 1 at the top; values grow upwards from 0.
    const y = (v) => (byRank ? PAD.top + ((v - low) / span) * (H - PAD.top - PAD.bottom) : H - PAD.bottom - ((v - low) / span) * (H - PAD.top - PAD.bottom));

    const axis = svg('g', { class: 'axis' });
    axis.append(svg('line', { x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom }));
    axis.append(svg('line', { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom }));
    for (const v of [low, top]) {
      const label = svg('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: byRank ? 'tick rank' : 'tick value' });
      label.textContent = byRank ? `#${v}` : fmt(v);
      axis.append(label);
    }
    data.periods.forEach((p, i) => {
      if (n > 12 && i % Math.ceil(n / 12) !== 0 && i !== n - 1) return;
      const label = svg('text', { x: x(i), y: H - 8, 'text-anchor': 'middle', class: 'tick period' });
      label.textContent = p;
      axis.append(label);
    });
    ui.chart.append(axis);

    data.series.forEach((s, k) => {
      const colour = COLOURS[k % COLOURS.length];
      const g = svg('g', { class: 'series', 'data-city': s.cityCode, stroke: colour, fill: colour });
      let run = [];
      const flush = () => {
        if (run.length > 1) g.append(svg('polyline', { points: run.join(' '), fill: 'none', 'stroke-width': 2 }));
        run = [];
      };
      s.points.forEach((p, i) => {
        const v = pick(p);
        if (v === null || v === undefined) { flush(); return; }
        run.push(`${x(i).toFixed(1)},${y(Number(v)).toFixed(1)}`);
        const dot = svg('circle', { cx: x(i).toFixed(1), cy: y(Number(v)).toFixed(1), r: 3.5, class: 'point',
          'data-period': p.period, 'data-value': p.value, 'data-rank': p.rank });
        const title = svg('title');
        title.textContent = `${s.name ?? s.cityCode} ${p.period}: ${fmt(p.value)} (#${p.rank}, ${fmtPct(p.yoyPct)})`;
        dot.append(title);
        g.append(dot);
      });
      flush();
      ui.chart.append(g);

      const latest = s.points.slice().reverse().find((p) => p.value !== null);
      const li = el('li');
      li.dataset.city = s.cityCode;
      const swatch = el('span', 'swatch');
      swatch.style.background = colour;
      li.append(swatch, el('span', 'who', s.nameZh ? `${s.name ?? s.cityCode} ${s.nameZh}` : (s.name ?? s.cityCode)),
        el('span', 'latest', latest ? `${latest.period}: ${fmt(latest.value)} · #${latest.rank}` : 'no figures'));
      ui.legend.append(li);
    });
    ui.chart.dataset.state = 'ready';
    ui.chart.dataset.unit = data.unit;
  }

  function run() {
    refresh().catch((e) => { ui.status.textContent = `Cannot load the analyst panels (${e.message}).`; });
  }

  // Codes of the other level would be refused: a new level charts the top of its ranking again.
  ui.level.addEventListener('change', () => { chosen = null; });
  for (const control of [ui.period, ui.measure, ui.level, ui.province, ui.unit, ui.by]) control.addEventListener('change', run);
  ui.axis.addEventListener('change', run);
  ui.cities.addEventListener('change', () => {
    const codes = ui.cities.value.split(',').map((c) => c.trim()).filter(Boolean);
    chosen = codes.length ? codes : null;
    run();
  });
  document.addEventListener('trademesh:release-applied', run);
  // The period list is filled by dashboard.js; follow it until it has a period.
  new MutationObserver(() => run()).observe(ui.period, { childList: true });
  run();
})();
