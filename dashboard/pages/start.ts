import type { StoreContents } from '../../src/store/insights.js';
import { html } from '../html.js';
import type { PageView } from '../layout.js';

/** First steps, shown while the store is missing or holds nothing to show. */
export function startView(dbLabel: string, contents: StoreContents | null): PageView {
  const main = html`<p class="lead">${contents ? html`The store <code>${dbLabel}</code> is empty for now.` : html`There is no store at <code>${dbLabel}</code> yet.`}
Fill it with any of these commands, then reload this page (the dashboard only reads).</p>
<ol class="steps">
<li><b>Measure your websites</b> (EcoIndex and the automated practice checks):<br><code>numresp audit --db ${dbLabel} https://www.example.org/</code></li>
<li><b>Import the equipment inventory</b> (lycées, offices, data centre; GLPI, OCS, Snipe-IT exports):<br><code>numresp inventory import --db ${dbLabel} inventory.csv</code></li>
<li><b>Record practice assessments</b> (the 115 web eco-design practices), one per site and practice:<br><code>numresp practices set --db ${dbLabel} SITE RWEB_0001 --status compliant --evidence "…"</code></li>
<li><b>Or try it all on the bundled sample</b>, then point the dashboard at it:<br><code>numresp sample</code> then <code>numresp dashboard --db numresp-sample.db</code></li>
</ol>
<p>Then produce the report with <code>numresp report --db ${dbLabel}</code>.</p>`;
  return { title: 'First steps', section: 'start', main, charts: false };
}
