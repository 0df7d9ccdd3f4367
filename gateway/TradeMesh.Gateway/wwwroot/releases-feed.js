// TradeMesh dashboard: the "latest releases" panel, fed by the server-sent events of /api/feed.
// Each applied release is announced on the document as 'trademesh:release-applied', so the other
// panels refresh when something changed instead of polling. Text from data goes in with textContent.
'use strict';

(() => {
  const SHOWN = 10;
  const list = document.getElementById('releases');
  const status = document.getElementById('releases-meta');
  const enc = encodeURIComponent;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(href, text) {
    const a = el('a', null, text);
    a.href = href;
    return a;
  }

  function digestText(digest) {
    const parts = [];
    if (digest.enteredTopTen.length) parts.push(`into the top ten: ${digest.enteredTopTen.join(', ')}`);
    for (const m of digest.firstTimeMilestones) parts.push(`${m.cityCode} over ${m.threshold} for the first time`);
    for (const o of digest.overtakes) parts.push(`${o.cityCode} overtakes ${o.overtakenCityCode}`);
    for (const c of digest.biggestChanges) {
      const pct = c.deltaPct === null ? '' : ` (${c.deltaPct > 0 ? '+' : ''}${c.deltaPct} %)`;
      parts.push(`${c.name} ${c.measure} ${c.before === null ? 'new' : c.before} → ${c.after}${pct}`);
    }
    return parts;
  }

  // The trace of a release: a link to the viewer where the status names one, else its id.
  async function traceOf(item, releaseId) {
    try {
      const response = await fetch(`/api/releases/${enc(releaseId)}`, { cache: 'no-store' });
      if (!response.ok) return;
      const s = await response.json();
      if (s.traceUrl) {
        const trace = link(s.traceUrl, 'trace');
        trace.className = 'trace';
        item.append(trace);
      }
      else if (s.traceId) item.append(el('span', 'trace', `trace ${s.traceId}`));
    } catch { /* the trace is extra: the entry stands without it */ }
  }

  function entry(release, digest, warnings) {
    const item = el('li', 'release');
    item.dataset.releaseId = release.releaseId;
    item.append(el('strong', null, release.releaseId), ' ',
      el('span', 'meta', `${release.period} · ${release.stage} · ${release.cities} cities`), ' ',
      link(`/api/releases/${enc(release.releaseId)}/changes`, 'changes'), ' ');
    if (digest) {
      const facts = el('ul', 'digest');
      for (const text of digestText(digest)) facts.append(el('li', null, text));
      item.append(facts);
    }
    if (warnings && warnings.length) {
      const list = el('ul', 'warnings');
      for (const w of warnings) list.append(el('li', `warning ${w.code}`, `${w.code}: ${w.message}`));
      item.append(list);
    }
    traceOf(item, release.releaseId);
    return item;
  }

  function show(item) {
    list.querySelector(`[data-release-id="${CSS.escape(item.dataset.releaseId)}"]`)?.remove();
    list.prepend(item);
    while (list.children.length > SHOWN) list.lastElementChild.remove();
  }

  async function loadLatest() {
    const response = await fetch(`/api/releases?top=${SHOWN}`, { cache: 'no-store' });
    if (!response.ok) return;
    const releases = await response.json();
    for (const r of releases.reverse()) if (!list.querySelector(`[data-release-id="${CSS.escape(r.releaseId)}"]`)) show(entry(r, null, null));
  }

  function follow() {
    const feed = new EventSource('/api/feed');
    feed.addEventListener('open', () => {
      status.textContent = 'Live';
      loadLatest().catch(() => {});
      document.dispatchEvent(new CustomEvent('trademesh:feed-open'));
    });
    feed.addEventListener('release-applied', (event) => {
      const applied = JSON.parse(event.data);
      show(entry(applied, applied.digest, applied.warnings));
      list.dataset.lastEventId = event.lastEventId;
      document.dispatchEvent(new CustomEvent('trademesh:release-applied', { detail: applied }));
    });
    // EventSource reconnects by itself, sending Last-Event-ID: nothing is missed meanwhile.
    feed.addEventListener('error', () => { status.textContent = 'Reconnecting…'; });
  }

  follow();
})();
