// Fetches /api/kpi/totals and shows it, formatted for Brazil (pt-BR numbers), refreshing by itself. Revenue is
// kept per currency: the card shows the total converted to the reporting currency with the configured rates and,
// under it, each currency's original amount; a currency without a rate is flagged and left out of the total.
(function () {
  const formats = {};
  const money = (amount, currency) => {
    if (!formats[currency]) {
      try {
        formats[currency] = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: currency });
      } catch (e) {
        const plain = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 4 });
        formats[currency] = { format: v => currency + ' ' + plain.format(v) };
      }
    }
    return formats[currency].format(Number(amount));
  };
  const int = new Intl.NumberFormat('pt-BR');
  const text = (id, value) => { document.getElementById(id).textContent = value; };
  // one source's revenue: its only currency as it is, or each currency's amount joined with " + "
  const originals = byCurrency => {
    const entries = Object.entries(byCurrency || {});
    return entries.length === 0 ? money(0, 'BRL') : entries.map(([c, a]) => money(a, c)).join(' + ');
  };

  function showRevenue(t, reporting) {
    const rc = reporting.reportingCurrency;
    const unconverted = reporting.unconverted;
    text('revenue', money(reporting.total, rc) + (unconverted.length ? ' *' : ''));
    const parts = reporting.byCurrency
      .filter(a => a.currency !== rc || reporting.byCurrency.length > 1)
      .map(a => a.converted
        ? money(a.amount, a.currency) + (a.currency === rc ? '' : ' (' + money(a.inReportingCurrency, rc) + ')')
        : money(a.amount, a.currency) + ' — sem taxa de câmbio, fora do total');
    text('revenue-by-currency', parts.join(' · '));
    document.getElementById('revenue-by-currency').dataset.unconverted = unconverted.join(',');
    // an average over orders in several currencies is only meaningful when every amount could be converted
    text('avg-ticket', reporting.averageTicket === null ? '—' : money(reporting.averageTicket, rc));
  }

  function show(data) {
    const t = data.total;
    showRevenue(t, data.reporting);
    text('orders', int.format(t.orders));
    text('lines', int.format(t.lines));
    text('rejected', int.format(t.rejectedRecords));
    text('rejected-lines', int.format(t.rejectedLines));
    text('replayed-lines', int.format(t.replayedLines));
    text('duplicates', int.format(t.duplicateLines));
    text('updated', t.updatedAt && !t.updatedAt.startsWith('1970') ? new Date(t.updatedAt).toLocaleString('pt-BR') : '—');
    const body = document.querySelector('#by-source tbody');
    body.replaceChildren(...data.bySource.map(s => {
      const tr = document.createElement('tr');
      [s.source, originals(s.revenueByCurrency), int.format(s.orders), int.format(s.lines),
        int.format(s.rejectedRecords), int.format(s.duplicateLines)].forEach(v => {
        const td = document.createElement('td');
        td.textContent = v;
        tr.appendChild(td);
      });
      return tr;
    }));
  }

  function setStatus(state, label) {
    const el = document.getElementById('status');
    el.dataset.state = state;
    el.textContent = label;
  }

  async function refresh() {
    try {
      const res = await fetch('/api/kpi/totals', { cache: 'no-store' });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      show(await res.json());
      setStatus('live', 'ao vivo');
    } catch (e) {
      setStatus('error', 'sem conexão com a API (' + e.message + ')');
    }
  }

  async function start() {
    let interval = 2000;
    try {
      const res = await fetch('/api/config/dashboard');
      if (res.ok) interval = (await res.json()).refreshIntervalMs;
    } catch (e) { /* keep the default */ }
    await refresh();
    setInterval(refresh, interval);
  }

  start();
})();
