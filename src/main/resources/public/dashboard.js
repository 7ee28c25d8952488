// The live dashboard: opens /api/stream (server-sent events) with the filters in the address bar and draws each
// snapshot: cards, charts (ECharts, served from the jar) and the pipeline panel. Money is shown per currency with
// Intl.NumberFormat in that currency, never added across currencies. The status says "parado" when heartbeats
// arrive but the data has not changed for a minute, and "erro" when the stream or the warehouse fails.
(function () {
  const params = new URLSearchParams(location.search);
  const lang = params.get('lang') === 'en' ? 'en' : 'pt';
  const T = window.DASHBOARD_I18N[lang];
  const locale = T.locale;
  const FILTERS = ['from', 'to', 'store', 'state', 'channel', 'source', 'bucket'];
  const STALLED_AFTER_MS = 60000;
  const SILENT_AFTER_MS = 12000;

  const moneyFormats = {};
  const money = (amount, currency) => {
    if (!moneyFormats[currency]) {
      try {
        moneyFormats[currency] = new Intl.NumberFormat(locale, { style: 'currency', currency: currency });
      } catch (e) {
        const plain = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 4 });
        moneyFormats[currency] = { format: v => currency + ' ' + plain.format(v) };
      }
    }
    return moneyFormats[currency].format(Number(amount));
  };
  const int = new Intl.NumberFormat(locale);
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const $ = id => document.getElementById(id);
  const text = (id, value) => { $(id).textContent = value; };

  // ---- words and filters ---------------------------------------------------------------------------
  document.documentElement.lang = locale;
  document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = T[el.dataset.i18n]; });
  const other = new URLSearchParams(location.search);
  if (lang === 'en') { other.delete('lang'); } else { other.set('lang', 'en'); }
  $('lang-switch').textContent = T.other;
  $('lang-switch').href = '?' + other.toString();

  const known = { store: new Map(), state: new Map(), channel: new Map(), source: new Map() };
  function addOptions(name, entries) {
    const select = $('f-' + name);
    let added = false;
    entries.forEach(([value, label]) => {
      if (value !== null && value !== '' && !known[name].has(value)) {
        known[name].set(value, label);
        added = true;
      }
    });
    if (!added) return;
    const chosen = select.value || params.get(name) || '';
    const sorted = [...known[name].entries()].sort((a, b) => a[1].localeCompare(b[1], locale));
    select.replaceChildren(select.options[0], ...sorted.map(([value, label]) => new Option(label, value)));
    select.value = chosen;
  }
  FILTERS.forEach(name => {
    const v = params.get(name);
    if (v && name !== 'from' && name !== 'to' && name !== 'bucket') addOptions(name, [[v, v]]);
    if (v) $('f-' + name).value = v;
  });
  $('filters').addEventListener('submit', e => {
    e.preventDefault();
    const next = new URLSearchParams();
    if (lang === 'en') next.set('lang', 'en');
    FILTERS.forEach(name => { const v = $('f-' + name).value; if (v) next.set(name, v); });
    history.replaceState(null, '', '?' + next.toString());
    connect();
  });
  $('clear').addEventListener('click', () => {
    FILTERS.forEach(name => { $('f-' + name).value = name === 'bucket' ? 'hour' : ''; });
    $('filters').requestSubmit();
  });
  function filterQuery() {
    const q = new URLSearchParams(location.search);
    q.delete('lang');
    return q;
  }
  const dateOnly = v => new Intl.DateTimeFormat(locale, { timeZone: 'UTC' }).format(new Date(v + 'T00:00:00Z'));
  function showRange() {
    const q = filterQuery();
    const from = q.get('from'), to = q.get('to');
    text('range-label', !from && !to ? T.allTime
      : (from ? T.since + ' ' + dateOnly(from) : '') + (from && to ? ' ' : '') + (to ? T.until + ' ' + dateOnly(to) : ''));
  }

  // ---- cards ---------------------------------------------------------------------------------------
  // one line per currency, each kept whole (no wrapping inside a number); the font shrinks to fit the card
  function perCurrency(id, rows, format) {
    const el = $(id);
    const lines = rows.length === 0 ? [['', '—']] : rows.map(r => [r.currency, format(r)]);
    el.replaceChildren(...lines.map(([currency, v]) => {
      const span = document.createElement('span');
      span.className = 'amount';
      span.dataset.currency = currency;
      span.textContent = v;
      return span;
    }));
    fit(el);
  }
  function fit(el) {
    el.style.fontSize = '';
    for (let size = parseFloat(getComputedStyle(el).fontSize); el.scrollWidth > el.clientWidth && size > 11; size -= 1) {
      el.style.fontSize = size + 'px';
    }
  }
  const sum = (rows, key) => rows.reduce((a, r) => a + Number(r[key]), 0);

  function showCards(s) {
    perCurrency('revenue-today', s.todayTotals, r => money(r.revenue, r.currency));
    perCurrency('revenue-range', s.rangeTotals, r => money(r.revenue, r.currency));
    text('orders', int.format(sum(s.rangeTotals, 'orders')));
    perCurrency('avg-ticket', s.rangeTotals, r => money(r.averageTicket, r.currency));
    text('units', decimal.format(sum(s.rangeTotals, 'units')));
    const p = s.pipeline;
    text('rejected-rate', percent.format(p.rejectedRate));
    text('rejected-lines', int.format(p.dlqLines));
    text('duplicates', int.format(p.duplicateLines));
    text('updated', new Date(s.generatedAt).toLocaleString(locale, { timeZone: s.zone }));
  }

  // ---- charts --------------------------------------------------------------------------------------
  const charts = {};
  const chart = id => charts[id] || (charts[id] = echarts.init($(id), null, { renderer: 'canvas' }));
  window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));
  const currencies = rows => [...new Set(rows.map(r => r.currency))];
  const compactFormats = {};
  const compactMoney = (v, currency) => {
    if (!compactFormats[currency]) {
      try {
        compactFormats[currency] = new Intl.NumberFormat(locale, { style: 'currency', currency: currency, notation: 'compact' });
      } catch (e) {
        compactFormats[currency] = new Intl.NumberFormat(locale, { notation: 'compact' });
      }
    }
    return compactFormats[currency].format(v);
  };
  const moneyAxis = currency => ({ type: 'value', axisLabel: { formatter: v => compactMoney(v, currency) } });

  function showCharts(s) {
    const timeCurrencies = currencies(s.revenueOverTime);
    chart('chart-time').setOption({
      animation: false, tooltip: { trigger: 'axis', renderMode: 'richText' }, legend: { show: timeCurrencies.length > 1 },
      grid: { left: 70, right: 30, top: 30, bottom: 30 },
      xAxis: { type: 'time', axisLabel: { formatter: v => new Date(v).toLocaleString(locale, { timeZone: s.zone,
        day: '2-digit', month: '2-digit', hour: s.bucket === 'day' ? undefined : '2-digit', minute: s.bucket === 'minute' ? '2-digit' : undefined }) } },
      yAxis: moneyAxis(timeCurrencies[0] || 'BRL'),
      // points stay visible while there are few buckets (a single bucket would otherwise draw nothing)
      series: timeCurrencies.map(c => ({ name: c, type: 'line', showSymbol: s.revenueOverTime.length < 60, symbolSize: 7,
        areaStyle: { opacity: 0.15 }, data: s.revenueOverTime.filter(r => r.currency === c).map(r => [r.key, Number(r.revenue)]) }))
    }, true);
    const products = s.topProducts.slice().reverse();
    const several = currencies(s.topProducts).length > 1;
    chart('chart-products').setOption({
      animation: false, tooltip: { renderMode: 'richText' }, grid: { left: 160, right: 120, top: 10, bottom: 10 },
      xAxis: { type: 'value', axisLabel: { show: false } },
      yAxis: { type: 'category', data: products.map(p => (p.productName || p.sku) + (several ? ' (' + p.currency + ')' : '')),
        axisLabel: { width: 150, overflow: 'truncate' } },
      series: [{ type: 'bar', data: products.map(p => ({ value: Number(p.revenue), currency: p.currency })),
        barMaxWidth: 28, label: { show: true, position: 'right', formatter: x => money(x.value, x.data.currency) },
        itemStyle: { color: '#1b7f5b' } }]
    }, true);
    const states = s.byState.slice().reverse();
    chart('chart-states').setOption({
      animation: false, tooltip: { renderMode: 'richText' }, grid: { left: 60, right: 120, top: 10, bottom: 10 },
      xAxis: { type: 'value', axisLabel: { show: false } },
      yAxis: { type: 'category', data: states.map(r => r.key + (currencies(s.byState).length > 1 ? ' (' + r.currency + ')' : '')) },
      series: [{ type: 'bar', data: states.map(r => ({ value: Number(r.revenue), currency: r.currency })),
        barMaxWidth: 28, label: { show: true, position: 'right', formatter: x => money(x.value, x.data.currency) },
        itemStyle: { color: '#2f6db3' } }]
    }, true);
    // mixes count orders, which add up across currencies (revenue would not)
    const mix = (id, rows, unknown) => {
      const byKey = new Map();
      rows.forEach(r => byKey.set(r.key || unknown, (byKey.get(r.key || unknown) || 0) + r.orders));
      chart(id).setOption({
        animation: false, tooltip: { renderMode: 'richText', formatter: x => x.name + ': ' + int.format(x.value) + ' (' + decimal.format(x.percent) + '%)' },
        series: [{ type: 'pie', radius: ['35%', '65%'], label: { formatter: x => x.name + ' ' + decimal.format(x.percent) + '%' },
          data: [...byKey.entries()].map(([name, value]) => ({ name, value })) }]
      }, true);
    };
    mix('chart-channels', s.byChannel, '—');
    mix('chart-payments', s.byPayment, T.unknownPayment);
  }

  // ---- pipeline panel ------------------------------------------------------------------------------
  let lastRejected = null;
  function row(cells) {
    const tr = document.createElement('tr');
    cells.forEach(v => { const td = document.createElement('td'); td.textContent = v; tr.appendChild(td); });
    return tr;
  }
  function showRates(r) {
    text('rate-transformed', decimal.format(r.transformed));
    text('rate-loaded', decimal.format(r.loaded));
    text('rate-rejected', decimal.format(r.rejected));
    text('rate-duplicates', decimal.format(r.duplicates));
  }
  function showPipeline(s) {
    const p = s.pipeline;
    showRates(p.ratesPerSecond);
    text('dlq-count', int.format(p.dlqLines));
    document.querySelector('#sources tbody').replaceChildren(...p.sources.map(src => row([src.source, T[src.state] || src.state,
      int.format(src.lines), int.format(src.rejectedLines),
      src.updatedAt ? new Date(src.updatedAt).toLocaleString(locale, { timeZone: s.zone }) : '—'])));
    addOptions('source', p.sources.map(src => [src.source, src.source]));
    const files = p.files || [];
    document.querySelector('#files tbody').replaceChildren(...(files.length === 0
      ? [row([T.noFiles, '', '', '', ''])]
      : files.map(f => {
        const tr = row([f.uri, (T[f.status] || f.status) + (f.message ? ' — ' + f.message : ''), int.format(f.rows),
          int.format(f.rejectedRows), f.at ? new Date(f.at).toLocaleString(locale, { timeZone: s.zone }) : '—']);
        tr.dataset.status = f.status;
        return tr;
      })));
    const components = Object.entries(p.health || {}).filter(([k, v]) => k !== 'roles' && (typeof v !== 'object' || v === null));
    document.querySelector('#components tbody').replaceChildren(...components.map(([k, v]) => row([k, String(v)])));
    if (p.rejectedRecords !== lastRejected) {
      lastRejected = p.rejectedRecords;
      showReasons();
    }
  }
  async function showReasons() {
    const q = new URLSearchParams({ limit: '5' });
    const source = filterQuery().get('source');
    if (source) q.set('source', source);
    try {
      const res = await fetch('/api/dlq?' + q.toString(), { cache: 'no-store' });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      const body = await res.json();
      const items = body.records.map(r => {
        const li = document.createElement('li');
        li.textContent = '[' + r.stage + '] ' + r.reasons.join('; ') + (r.origin ? ' — ' + r.origin : '');
        return li;
      });
      if (items.length === 0) { const li = document.createElement('li'); li.textContent = T.noReasons; items.push(li); }
      $('dlq-reasons').replaceChildren(...items);
    } catch (e) {
      $('dlq-reasons').replaceChildren(Object.assign(document.createElement('li'), { textContent: T.error + ': ' + e.message }));
    }
  }

  // ---- the stream and its state --------------------------------------------------------------------
  let source = null;
  let lastMessage = 0;
  let changedAt = null;
  let serverNow = null;
  let problem = null;
  function setStatus(state, label) {
    const el = $('status');
    el.dataset.state = state;
    el.textContent = label;
  }
  function judge() {
    if (lastMessage === 0) { setStatus('loading', T.loading); return; }
    if (Date.now() - lastMessage > SILENT_AFTER_MS || source.readyState === EventSource.CLOSED) {
      setStatus('error', T.error + ' — ' + T.noStream); return;
    }
    if (problem) { setStatus('error', T.error + ' — ' + problem); return; }
    if (changedAt && serverNow && serverNow - changedAt > STALLED_AFTER_MS) {
      setStatus('stalled', T.stalled + ' — ' + T.stalledSince + ' ' + new Date(changedAt).toLocaleTimeString(locale)); return;
    }
    setStatus('live', T.live);
  }
  function connect() {
    if (source) source.close();
    showRange();
    lastMessage = 0;
    problem = null;
    setStatus('loading', T.loading);
    source = new EventSource('/api/stream?' + filterQuery().toString());
    source.addEventListener('snapshot', e => {
      const s = JSON.parse(e.data);
      lastMessage = Date.now();
      problem = null;
      changedAt = Date.parse(s.changedAt);
      serverNow = Date.parse(s.generatedAt);
      showCards(s);
      showCharts(s);
      showPipeline(s);
      addOptions('state', s.byState.map(r => [r.key, r.key]));
      addOptions('channel', s.byChannel.map(r => [r.key, r.key]));
      document.body.dataset.version = s.version;
      document.body.dataset.loadedVersion = s.loadedVersion;
      judge();
    });
    source.addEventListener('heartbeat', e => {
      const h = JSON.parse(e.data);
      lastMessage = Date.now();
      changedAt = Date.parse(h.changedAt);
      serverNow = Date.parse(h.at);
      showRates(h.ratesPerSecond);
      judge();
    });
    source.addEventListener('problem', e => {
      lastMessage = Date.now();
      problem = JSON.parse(e.data).error;
      judge();
    });
    source.onerror = () => judge();
  }
  async function loadStores() {
    try {
      const res = await fetch('/api/warehouse/stores?limit=1000', { cache: 'no-store' });
      if (res.ok) {
        addOptions('store', (await res.json()).stores.map(s => [s.storeId, s.storeId + (s.storeName ? ' — ' + s.storeName : '')]));
      }
    } catch (e) { /* the list stays as it is; the stream's state shows connection problems */ }
  }

  connect();
  loadStores();
  setInterval(judge, 1000);
  setInterval(loadStores, 60000);
})();
