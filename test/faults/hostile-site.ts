import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A web server on 127.0.0.1 whose pages misbehave in every way a real campaign meets: hanging, endless streams,
 * errors, non-HTML, redirect loops, huge bodies and DOMs, dialogs, popups, self-navigation, renderer crashes,
 * thousands of resources, hostile markup. Every fault is bounded: closing the server ends it.
 */
export interface HostileSite {
  origin: string;
  url(path: string): string;
  /** Number of requests served per path prefix (to check nothing is fetched twice). */
  hits: Map<string, number>;
  /** Called with each request's path as it arrives (tests act on a page at a known point of its load). */
  onRequest?: (path: string) => void;
  close(): Promise<void>;
}

const HOSTILE_TITLE = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">"'&`;

function html(res: ServerResponse, body: string, status = 200): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>fault</title></head><body>${body}</body></html>`);
}

export async function startHostileSite(): Promise<HostileSite> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const hits = new Map<string, number>();
  const site = { hits } as HostileSite;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = url.pathname.split('/').slice(0, 2).join('/');
    hits.set(key, (hits.get(key) ?? 0) + 1);
    const p = url.pathname;
    site.onRequest?.(p);
    if (p.startsWith('/ok/')) return html(res, `<h1>Page ${p.slice(4)}</h1><p>Bonjour.</p>`);
    if (p === '/hostile') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(`<!doctype html><html><head><title>${HOSTILE_TITLE}</title></head><body><p>x</p></body></html>`);
    }
    if (p === '/never') return; // accept, never answer
    if (p === '/stream') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.write('<!doctype html><html><head><title>stream</title></head><body>');
      const t = setInterval(() => res.write('<p>more</p>\n'), 50);
      timers.add(t);
      res.on('close', () => clearInterval(t));
      return;
    }
    if (p === '/500') return html(res, 'boom', 500);
    if (p === '/404') return html(res, 'missing', 404);
    if (p === '/pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      return res.end('%PDF-1.4\n%%EOF\n');
    }
    if (p === '/loop/a' || p === '/loop/b') {
      res.writeHead(302, { location: p === '/loop/a' ? '/loop/b' : '/loop/a' });
      return res.end();
    }
    if (p === '/huge') {
      // 50 MB of HTML, streamed in 1 MB chunks.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.write('<!doctype html><html><head><title>huge</title></head><body><!--');
      const chunk = 'x'.repeat(1024 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 50) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end('--><p>end</p></body></html>');
      };
      return pump();
    }
    if (p === '/dom200k') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(
        '<!doctype html><html><head><title>big dom</title></head><body><script>' +
          'const f=document.createDocumentFragment();for(let i=0;i<200000;i++)f.appendChild(document.createElement("i"));' +
          'document.body.appendChild(f);</script></body></html>',
      );
    }
    if (p === '/dialogs') {
      return html(
        res,
        `<script>alert('hello');confirm('sure?');prompt('name?');
         window.addEventListener('beforeunload',e=>{e.preventDefault();e.returnValue='stay';});</script><p>dialogs</p>`,
      );
    }
    if (p === '/popup') return html(res, `<script>window.open('/ok/popup','_blank');window.open('/never');</script><p>p</p>`);
    if (p === '/navaway') return html(res, `<script>setTimeout(()=>location.href='/ok/elsewhere',300)</script><p>n</p>`);
    if (p === '/slow') {
      // Load completes only when /hang answers (after 20 s): a page that a test can crash while it loads.
      return html(res, `<p>slow</p><img src="/hang" alt="">`);
    }
    if (p === '/hang') {
      const t = setTimeout(() => res.writeHead(204).end(), 20000);
      timers.add(t);
      return;
    }
    if (p === '/many') {
      const n = Number(url.searchParams.get('n') ?? 3000);
      return html(res, Array.from({ length: n }, (_, i) => `<img src="/px/${i}.gif" width=1 height=1 alt="">`).join(''));
    }
    if (p.startsWith('/px/')) {
      res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'max-age=3600' });
      return res.end(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));
    }
    res.writeHead(404).end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(site, {
    origin,
    url: (path: string) => origin + path,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
  return site;
}

export { HOSTILE_TITLE };
