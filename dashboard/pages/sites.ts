import type { Site } from '../../src/store/sites.js';
import type { ViewContext } from '../context.js';
import { queryString, scopeOf } from '../filters.js';
import { html } from '../html.js';
import type { PageView } from '../layout.js';
import { renderTable, type Table } from '../table.js';

/** Every site, each linking to where its figures are: web services to Web, the others to their fleet drill-down. */
export function sitesTables(ctx: ViewContext): Table<Site>[] {
  const period = queryString({ period: ctx.filters.period });
  const join = period ? '&' + period.slice(1) : '';
  return [
    {
      id: 'sites',
      title: 'Sites',
      pageSize: 25,
      columns: [
        {
          key: 'name',
          label: 'Site',
          render: (s) =>
            s.kind === 'web'
              ? html`<a href="${`/web?site=${encodeURIComponent(s.code)}${join}`}">${s.name}</a>`
              : html`<a href="${`/fleet/sites/${encodeURIComponent(s.code)}${period}`}">${s.name}</a>`,
        },
        { key: 'code', label: 'Code' },
        { key: 'kind', label: 'Kind' },
      ],
      rows: [...ctx.sites],
    },
  ];
}

export function sitesView(ctx: ViewContext): PageView {
  const [table] = sitesTables(ctx);
  const main = html`<p>Pick a site to filter the dashboard by it. <a href="${'/' + queryString(scopeOf({ ...ctx.filters, site: undefined }))}">Clear the site filter</a>.</p>
${renderTable(table, ctx.filters, '/sites')}`;
  return { title: 'Sites', section: 'start', main, charts: false };
}
