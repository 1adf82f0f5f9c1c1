import type { StoreContents } from '../../src/insights/dashboard-store.js';
import { html } from '../html.js';
import type { PageView } from '../layout.js';

/** First steps, shown while the store is missing or holds nothing to show. */
export function startView(dbLabel: string, contents: StoreContents | null): PageView {
  const main = html`<p class="lead">${contents ? html`The store <code>${dbLabel}</code> is empty for now.` : html`There is no store at <code>${dbLabel}</code> yet.`}
Fill it with any of these commands, then reload this page (the dashboard only reads).</p>
<ol class="steps">
<li><b>Measure your websites</b> (EcoIndex and the automated practice checks):<br><code>numresp audit --db ${dbLabel} https://www.example.org/</code></li>
<li><b>Import the equipment inventory</b> (lycées, offices, data centre):<br><code>numresp inventory import --db ${dbLabel} inventory.csv</code></li>
<li><b>Record practice assessments</b> (the 115 web eco-design practices):<br><code>numresp practices assess --db ${dbLabel} --help</code></li>
<li><b>Try it on the bundled sample</b>:<br><code>numresp sample</code></li>
</ol>
<p>Then produce the report with <code>numresp report --db ${dbLabel}</code>.</p>`;
  return { title: 'First steps', section: 'start', main, charts: false };
}
