// Fetches /api/kpi/totals and shows it, formatted for Brazil (BRL, pt-BR numbers), refreshing by itself.
(function () {
  const brl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
  const int = new Intl.NumberFormat('pt-BR');
  const text = (id, value) => { document.getElementById(id).textContent = value; };

  function show(data) {
    const t = data.total;
    text('revenue', brl.format(Number(t.revenue)));
    text('orders', int.format(t.orders));
    text('lines', int.format(t.lines));
    text('avg-ticket', brl.format(Number(t.averageTicket)));
    text('rejected', int.format(t.rejectedRecords));
    text('rejected-lines', int.format(t.rejectedLines));
    text('replayed-lines', int.format(t.replayedLines));
    text('duplicates', int.format(t.duplicateLines));
    text('updated', t.updatedAt && !t.updatedAt.startsWith('1970') ? new Date(t.updatedAt).toLocaleString('pt-BR') : '—');
    const body = document.querySelector('#by-source tbody');
    body.replaceChildren(...data.bySource.map(s => {
      const tr = document.createElement('tr');
      [s.source, brl.format(Number(s.revenue)), int.format(s.orders), int.format(s.lines),
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
