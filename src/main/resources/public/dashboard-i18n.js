// The page's words in Portuguese (default) and English (?lang=en); numbers and dates follow the same choice.
window.DASHBOARD_I18N = {
  pt: {
    locale: 'pt-BR', subtitle: 'Vendas do armazém e pipeline ao vivo', api: 'API', from: 'De', to: 'Até', store: 'Loja',
    state: 'UF', channel: 'Canal', source: 'Origem', bucket: 'Intervalo', minute: 'minuto', hour: 'hora', day: 'dia',
    all: 'todas', apply: 'Aplicar', clear: 'Limpar', revenueToday: 'Receita hoje', revenueRange: 'Receita no período',
    orders: 'Pedidos', avgTicket: 'Ticket médio', units: 'Unidades', rejectedRate: 'Taxa de rejeição',
    linesToDlq: 'linhas na DLQ', duplicates: 'Duplicatas descartadas', revenueOverTime: 'Receita no tempo',
    topProducts: 'Produtos mais vendidos', byState: 'Receita por UF', channelMix: 'Canais', paymentMix: 'Pagamentos',
    pipeline: 'Pipeline', rateTransformed: 'transformadas/s', rateLoaded: 'carregadas/s', rateRejected: 'rejeitadas/s',
    rateDuplicates: 'duplicatas/s', dlq: 'DLQ', state2: 'Estado', lines: 'Linhas', rejected: 'Rejeitadas',
    lastUpdate: 'Última atualização', component: 'Componente', latestReasons: 'Últimos motivos de rejeição',
    updated: 'Atualizado em', explorer: 'explorador da API', live: 'ao vivo', stalled: 'parado', error: 'erro',
    loading: 'carregando…', noData: 'sem dados', allTime: 'todo o período', since: 'desde', until: 'até',
    ACTIVE: 'ativa', IDLE: 'parada', noReasons: 'nenhuma rejeição', unknownPayment: 'não informado', other: 'English',
    otherLang: 'en', stalledSince: 'sem dados novos desde', noStream: 'sem conexão com o servidor',
    latestFiles: 'Últimos arquivos', file: 'Arquivo', rows: 'Linhas', noFiles: 'nenhum arquivo lido ainda',
    DISCOVERED: 'encontrado', IN_PROGRESS: 'lendo', DONE: 'concluído', FAILED: 'falhou'
  },
  en: {
    locale: 'en-US', subtitle: 'Warehouse sales and the live pipeline', api: 'API', from: 'From', to: 'To', store: 'Store',
    state: 'State', channel: 'Channel', source: 'Source', bucket: 'Bucket', minute: 'minute', hour: 'hour', day: 'day',
    all: 'all', apply: 'Apply', clear: 'Clear', revenueToday: 'Revenue today', revenueRange: 'Revenue in range',
    orders: 'Orders', avgTicket: 'Average ticket', units: 'Units', rejectedRate: 'Rejected rate',
    linesToDlq: 'lines in the DLQ', duplicates: 'Duplicates dropped', revenueOverTime: 'Revenue over time',
    topProducts: 'Top products', byState: 'Revenue by state', channelMix: 'Channels', paymentMix: 'Payments',
    pipeline: 'Pipeline', rateTransformed: 'transformed/s', rateLoaded: 'loaded/s', rateRejected: 'rejected/s',
    rateDuplicates: 'duplicates/s', dlq: 'DLQ', state2: 'State', lines: 'Lines', rejected: 'Rejected',
    lastUpdate: 'Last update', component: 'Component', latestReasons: 'Latest rejection reasons',
    updated: 'Updated at', explorer: 'API explorer', live: 'live', stalled: 'stalled', error: 'error',
    loading: 'loading…', noData: 'no data', allTime: 'all time', since: 'from', until: 'to',
    ACTIVE: 'active', IDLE: 'idle', noReasons: 'no rejections', unknownPayment: 'not given', other: 'Português',
    otherLang: 'pt', stalledSince: 'no new data since', noStream: 'no connection to the server',
    latestFiles: 'Latest files', file: 'File', rows: 'Rows', noFiles: 'no files read yet', DISCOVERED: 'found',
    IN_PROGRESS: 'reading', DONE: 'done', FAILED: 'failed'
  }
};
