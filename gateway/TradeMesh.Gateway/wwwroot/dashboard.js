// TradeMesh dashboard: plain JS, no build step, no external resources.
// Every text that comes from data is set with textContent (never innerHTML), so a city named
// "<b>Bold</b>" shows exactly that text.
'use strict';

(() => {
  const RETRY_MS = 2000;
  const TOP = 20;
  const MOVERS_TOP = 5;
  const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 2 });
  const MEASURE_NAMES = { total: 'total trade', exports: 'exports', imports: 'imports' };

  const $ = (id) => document.getElementById(id);
  const ui = {
    period: $('period'), measure: $('measure'), status: $('status'),
    ranking: $('ranking'), rankingTitle: $('ranking-title'), rankingMeta: $('ranking-meta'), rankingEmpty: $('ranking-empty'),
    moversMeta: $('movers-meta'), growth: $('growth'), declines: $('declines'), overtakes: $('overtakes'), milestones: $('milestones'),
    history: $('history'), historyTitle: $('history-title'), historyMeta: $('history-meta'),
    historyBody: document.querySelector('#history-table tbody'), historyClose: $('history-close'),
  };

  const state = {
    periodsJson: null,
    period: null,
    userPickedPeriod: false,
    measure: 'total',
    ranking: slot(),
    movers: slot(),
    city: null,
    timer: null,
    running: false,
    again: false,
  };

  function slot() { return { key: null, etag: null, data: null, error: null }; }

  // ---- small DOM helpers (text only) ----
  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  const fmtValue = (v) => (v === null || v === undefined ? '–' : number.format(v));
  const share = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const fmtShare = (v) => (v === null || v === undefined ? '–' : share.format(v) + '%');
  function fmtGrowth(v) {
    if (v === null || v === undefined) return '–';
    return (v > 0 ? '+' : v < 0 ? '−' : '') + percent.format(Math.abs(v)) + '%';
  }
  const growthClass = (v) => (v === null || v === undefined ? 'flat' : v > 0 ? 'up' : v < 0 ? 'down' : 'flat');
  const enc = encodeURIComponent;

  // Newest period first: by the end of the period, then a year before its YTD before its month.
  function periodKey(p) {
    const m = /^(\d{4})(?:-(\d{2}))?(-YTD)?$/.exec(p);
    if (!m) return [0, 0, 0];
    return [Number(m[1]), m[2] ? Number(m[2]) : 12, m[2] ? (m[3] ? 1 : 0) : 2];
  }
  function newestFirst(a, b) {
    const x = periodKey(a), y = periodKey(b);
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return y[i] - x[i];
    return a < b ? 1 : a > b ? -1 : 0;
  }

  // ---- fetching ----
  async function problemText(response) {
    try {
      const p = await response.json();
      return p.detail || p.title || response.statusText;
    } catch { return response.statusText || String(response.status); }
  }

  /** GETs url into the slot, sending the slot's ETag while the key is the same. True when something changed. */
  async function getConditional(url, target, key) {
    const headers = { Accept: 'application/json' };
    if (target.key === key && target.etag) headers['If-None-Match'] = target.etag;
    // no-store: the browser neither answers from nor fills its cache; the 304 reaches us as is.
    const response = await fetch(url, { headers, cache: 'no-store' });
    if (response.status === 304) return false;
    if (response.ok) {
      const data = await response.json();
      target.key = key; target.etag = response.headers.get('ETag'); target.data = data; target.error = null;
      return true;
    }
    const error = `${response.status}: ${await problemText(response)}`;
    const changed = target.key !== key || target.error !== error || target.data !== null;
    target.key = key; target.etag = null; target.data = null; target.error = error;
    return changed;
  }

  async function refreshPeriods() {
    const response = await fetch('/api/periods', { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`periods ${response.status}: ${await problemText(response)}`);
    const text = await response.text();
    if (text === state.periodsJson) return;
    state.periodsJson = text;
    const periods = JSON.parse(text).slice().sort((a, b) => newestFirst(a.period, b.period));
    const names = periods.map((p) => p.period);
    if (!state.userPickedPeriod || !names.includes(state.period)) state.period = names[0] ?? null;
    const options = periods.map((p) => {
      const option = el('option', null, `${p.period} · ${p.cities} cities`);
      option.value = p.period;
      return option;
    });
    ui.period.replaceChildren(...options);
    if (state.period) ui.period.value = state.period;
    ui.period.disabled = periods.length === 0;
  }

  async function refreshData() {
    if (!state.period) {
      renderNoPeriods();
      return;
    }
    const key = `${state.period}|${state.measure}`;
    const base = `${enc(state.period)}?measure=${enc(state.measure)}`;
    const [rankingChanged, moversChanged] = await Promise.all([
      getConditional(`/api/rankings/${base}&top=${TOP}`, state.ranking, key),
      getConditional(`/api/movers/${base}&top=${MOVERS_TOP}`, state.movers, key),
    ]);
    if (key !== `${state.period}|${state.measure}`) return; // the user switched meanwhile
    if (rankingChanged) renderRanking();
    if (moversChanged) renderMovers();
    if (rankingChanged && state.city) await loadHistory(state.city, false);
  }

  // ---- refreshing: one request set at a time, on each applied release (releases-feed.js) and on a user change ----
  async function tick() {
    clearTimeout(state.timer);
    if (state.running) { state.again = true; return; }
    state.running = true;
    try {
      do {
        state.again = false;
        await refreshPeriods();
        await refreshData();
      } while (state.again);
      document.body.dataset.updated = new Date().toISOString();
      ui.status.textContent = `Live · checked ${new Date().toLocaleTimeString('en-GB')}`;
      ui.status.classList.remove('error');
    } catch (e) {
      ui.status.textContent = `Cannot reach TradeMesh (${e.message}); retrying…`;
      ui.status.classList.add('error');
      // Unreachable: try again in a while (the feed also triggers a refresh once it reconnects).
      state.timer = setTimeout(tick, RETRY_MS);
    } finally {
      state.running = false;
    }
  }

  // ---- rendering ----
  function renderNoPeriods() {
    ui.rankingTitle.textContent = 'Ranking';
    ui.rankingMeta.textContent = '';
    ui.ranking.replaceChildren();
    ui.ranking.dataset.state = 'empty';
    ui.rankingEmpty.textContent = 'No releases yet: publish one and it appears here within seconds.';
    ui.rankingEmpty.hidden = false;
    for (const list of [ui.growth, ui.declines, ui.overtakes, ui.milestones]) list.replaceChildren();
    ui.moversMeta.textContent = '';
  }

  function renderRanking() {
    const { data, error } = state.ranking;
    ui.rankingTitle.textContent = `Top ${TOP} cities · ${state.period} · ${MEASURE_NAMES[state.measure]}`;
    if (!data) {
      ui.ranking.replaceChildren();
      ui.ranking.dataset.state = 'empty';
      ui.rankingMeta.textContent = '';
      ui.rankingEmpty.textContent = `No ranking for ${state.period} ${state.measure} (${error}).`;
      ui.rankingEmpty.hidden = false;
      return;
    }
    ui.rankingEmpty.hidden = true;
    const basis = data.shareBasis === 'national' ? 'share of the national total' : 'share of the listed cities';
    ui.rankingMeta.textContent = `${data.unit === 'CNY_100M' ? 'CNY 100 million' : data.unit} · ${basis}` +
      (data.comparedWith ? ` · growth and rank change against ${data.comparedWith}` : '');
    const entries = data.entries || [];
    const max = Math.max(0, ...entries.map((e) => Number(e.value) || 0));
    const items = entries.map((e) => {
      const li = el('li', 'bar');
      li.dataset.city = e.cityCode;
      li.dataset.rank = e.rank;
      li.dataset.value = e.value;
      li.tabIndex = 0;
      li.setAttribute('role', 'button');
      li.setAttribute('aria-label', `${e.rank}. ${e.name ?? e.cityCode}: ${fmtValue(e.value)}, show history`);
      if (e.cityCode === state.city) li.classList.add('selected');

      li.append(el('span', 'rank', e.rank));
      const name = el('span', 'name', e.name ?? e.cityCode);
      name.title = [e.name, e.province, e.cityCode].filter(Boolean).join(' · ');
      if (e.rankChange) {
        const move = el('span', 'move ' + (e.rankChange > 0 ? 'up' : 'down'),
          (e.rankChange > 0 ? '▲' : '▼') + Math.abs(e.rankChange));
        move.title = `rank ${e.previousRank} in ${data.comparedWith}`;
        name.append(' ', move);
      }
      li.append(name);
      const track = el('span', 'track');
      const fill = el('span', 'fill');
      fill.style.width = (max > 0 ? (Number(e.value) / max) * 100 : 0).toFixed(2) + '%';
      track.append(fill);
      li.append(track);
      li.append(el('span', 'value', fmtValue(e.value)));
      li.append(el('span', 'share', fmtShare(e.sharePct)));
      li.append(el('span', 'growth ' + growthClass(e.yoyPct), fmtGrowth(e.yoyPct)));
      return li;
    });
    ui.ranking.replaceChildren(...items);
    ui.ranking.dataset.state = items.length ? 'ready' : 'empty';
    ui.ranking.dataset.period = data.period;
    ui.ranking.dataset.measure = data.measure;
  }

  function item(cityCode, parts) {
    const li = el('li');
    if (cityCode) { li.dataset.city = cityCode; li.tabIndex = 0; li.setAttribute('role', 'button'); }
    for (const [cls, text] of parts) li.append(el('span', cls, text));
    return li;
  }
  function fill(list, items, emptyText) {
    list.replaceChildren(...(items.length ? items : [el('li', 'none', emptyText)]));
  }

  function renderMovers() {
    const { data, error } = state.movers;
    if (!data) {
      ui.moversMeta.textContent = `No movers for ${state.period} (${error}).`;
      for (const list of [ui.growth, ui.declines, ui.overtakes, ui.milestones]) list.replaceChildren();
      return;
    }
    ui.moversMeta.textContent = data.comparedWith ? `${data.period} against ${data.comparedWith}` : data.period;
    fill(ui.growth, (data.fastestGrowth || []).map((m) =>
      item(m.cityCode, [['who', m.name ?? m.cityCode], ['growth ' + growthClass(m.yoyPct), fmtGrowth(m.yoyPct)]])), 'None');
    fill(ui.declines, (data.steepestDecline || []).map((m) =>
      item(m.cityCode, [['who', m.name ?? m.cityCode], ['growth ' + growthClass(m.yoyPct), fmtGrowth(m.yoyPct)]])), 'None');
    fill(ui.overtakes, (data.overtakes || []).map((o) =>
      item(o.cityCode, [['what', `${o.name ?? o.cityCode} overtook ${o.overtakenName ?? o.overtakenCityCode}`],
        ['detail', `#${o.rank} vs #${o.overtakenRank}`]])), 'None');
    fill(ui.milestones, (data.milestones || []).map((m) =>
      item(m.cityCode, [['what', `${m.name ?? m.cityCode} ${m.direction === 'down' ? 'fell below' : 'crossed'} ${fmtValue(m.threshold)}`],
        ['detail', fmtValue(m.value)]])), 'None');
  }

  async function loadHistory(cityCode, scroll) {
    state.city = cityCode;
    for (const bar of ui.ranking.querySelectorAll('.bar')) bar.classList.toggle('selected', bar.dataset.city === cityCode);
    const measure = state.measure;
    const response = await fetch(`/api/cities/${enc(cityCode)}/history?measure=${enc(measure)}`,
      { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (state.city !== cityCode || state.measure !== measure) return;
    ui.history.hidden = false;
    ui.history.dataset.city = cityCode;
    if (!response.ok) {
      ui.historyTitle.textContent = cityCode;
      ui.historyMeta.textContent = `No history (${response.status}: ${await problemText(response)}).`;
      ui.historyBody.replaceChildren();
      return;
    }
    const h = await response.json();
    ui.historyTitle.textContent = h.name ?? h.cityCode;
    const periods = (h.periods || []).slice().sort((a, b) => newestFirst(a.period, b.period));
    ui.historyMeta.textContent = [h.province, h.cityCode, `${MEASURE_NAMES[h.measure] ?? h.measure}, CNY 100 million`].filter(Boolean).join(' · ') +
      (periods.length ? '' : ` · no ${h.measure} figures reported`);
    const max = Math.max(0, ...periods.map((p) => Number(p.effective.value) || 0));
    ui.historyBody.replaceChildren(...periods.map((p) => {
      const tr = el('tr');
      tr.dataset.period = p.period;
      tr.append(el('td', 'period', p.period));
      const value = el('td', 'num value');
      const spark = el('span', 'spark');
      spark.style.width = (max > 0 ? (Number(p.effective.value) / max) * 100 : 0).toFixed(1) + '%';
      value.append(spark, el('span', null, fmtValue(p.effective.value)));
      tr.append(value);
      tr.append(el('td', 'num growth ' + growthClass(p.effective.yoyPct), fmtGrowth(p.effective.yoyPct)));
      tr.append(el('td', 'stage', p.effective.stage));
      tr.append(el('td', 'superseded', (p.superseded || []).map((s) => `${s.stage} ${fmtValue(s.value)}`).join(', ') || '–'));
      return tr;
    }));
    if (scroll) ui.history.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  // ---- events ----
  function pickCity(event) {
    const target = event.target.closest('[data-city]');
    if (!target) return;
    if (event.type === 'keydown' && event.key !== 'Enter' && event.key !== ' ') return;
    if (event.type === 'keydown') event.preventDefault();
    loadHistory(target.dataset.city, true).catch((e) => { ui.historyMeta.textContent = e.message; });
  }
  for (const container of [ui.ranking, ui.growth, ui.declines, ui.overtakes, ui.milestones]) {
    container.addEventListener('click', pickCity);
    container.addEventListener('keydown', pickCity);
  }
  ui.period.addEventListener('change', () => {
    state.period = ui.period.value;
    state.userPickedPeriod = true;
    tick();
  });
  ui.measure.addEventListener('change', () => {
    state.measure = ui.measure.value;
    if (state.city) loadHistory(state.city, false).catch(() => {});
    tick();
  });
  ui.historyClose.addEventListener('click', () => {
    state.city = null;
    ui.history.hidden = true;
    for (const bar of ui.ranking.querySelectorAll('.bar.selected')) bar.classList.remove('selected');
  });

  document.addEventListener('trademesh:release-applied', () => tick());
  document.addEventListener('trademesh:feed-open', () => tick());

  state.measure = ui.measure.value;
  tick();
})();
