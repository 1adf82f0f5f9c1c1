/**
 * A corpus shaped like the public sites of issue 13 (pages of 0.1–3.5 MB with scripts), generated and served on
 * 127.0.0.1 so the benchmark never leaves the machine. Deterministic: the same page always has the same DOM,
 * requests and bytes, so figures measured at two concurrency levels can be compared exactly.
 *
 * Each page: HTML with a few hundred to a few thousand elements; one stylesheet; 2–5 scripts (large bodies of
 * functions to parse and compile, a CPU loop, DOM added at load and 800 ms later); a JSON fetch; 3–7 images
 * (uncompressed BMP: cheap to generate, real image bytes); one more image requested when the page is scrolled.
 */
import type { Route } from '../../src/util/static-server.js';

/** Page weights in KB, 0.1 to 3.5 MB as the real pages of the issue. */
export const CORPUS_SIZES_KB = [100, 180, 300, 450, 600, 800, 1000, 1400, 1800, 2300, 2900, 3500];

interface PagePlan {
  domBlocks: number;
  cssBytes: number;
  scripts: number[];
  jsonBytes: number;
  images: number[];
  lazyImageBytes: number;
}

function plan(i: number): PagePlan {
  const total = CORPUS_SIZES_KB[i] * 1000;
  const scriptCount = 2 + (i % 4);
  const scriptBytes = Math.round((total * 0.35) / scriptCount);
  const imageCount = 3 + (i % 5);
  const lazyImageBytes = Math.round(total * 0.05);
  const jsonBytes = Math.round(total * 0.03);
  const cssBytes = 15000 + 4000 * i;
  const imageBytes = Math.max(2000, Math.round((total * 0.62 - cssBytes - lazyImageBytes - jsonBytes) / imageCount));
  return {
    domBlocks: 40 + 25 * i,
    cssBytes,
    scripts: Array.from({ length: scriptCount }, () => scriptBytes),
    jsonBytes,
    images: Array.from({ length: imageCount }, () => imageBytes),
    lazyImageBytes,
  };
}

/** A valid 24-bit BMP of about `bytes` bytes (width 256). */
function bmp(bytes: number, seed: number): Buffer {
  const width = 256;
  const rowBytes = width * 3;
  const height = Math.max(1, Math.round((bytes - 54) / rowBytes));
  const size = 54 + rowBytes * height;
  const b = Buffer.alloc(size);
  b.write('BM', 0, 'ascii');
  b.writeUInt32LE(size, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(width, 18);
  b.writeInt32LE(height, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  b.writeUInt32LE(rowBytes * height, 34);
  for (let p = 54; p < size; p++) b[p] = (p * 31 + seed * 17) & 0xff;
  return b;
}

/** A script of about `bytes` bytes: many small functions (parse/compile cost), a CPU loop, DOM additions. */
function script(page: number, n: number, bytes: number): string {
  const head = `(function(){var acc=0;\n`;
  const fns: string[] = [];
  let length = head.length;
  for (let k = 0; length < bytes - 600; k++) {
    const f = `function f${n}_${k}(a,b){var s=0;for(var j=0;j<a%7+3;j++){s+=(a*${k % 97}+b*j)%${(k % 89) + 11};}return s+"${'x'.repeat(k % 40)}".length;}\n`;
    fns.push(f);
    length += f.length;
  }
  const body =
    `for(var r=0;r<${20 + page * 6};r++){for(var q=0;q<${fns.length};q+=7){acc+=f${n}_0(q,r);}}\n` +
    `var box=document.getElementById('dyn');for(var e=0;e<${10 + n * 5};e++){var d=document.createElement('div');d.className='dyn';d.textContent='item '+e+' '+(acc%10);box.appendChild(d);}\n` +
    (n === 0
      ? `setTimeout(function(){var ul=document.createElement('ul');for(var e=0;e<30;e++){ul.appendChild(document.createElement('li'));}box.appendChild(ul);},800);\n` +
        `var lazy=false;window.addEventListener('scroll',function(){if(lazy)return;lazy=true;var im=new Image();im.src='/c${page}/lazy.bmp';im.alt='';box.appendChild(im);});\n` +
        `fetch('/c${page}/data.json').then(function(r){return r.json();}).then(function(j){var p=document.createElement('p');p.textContent=j.items.length+' items';box.appendChild(p);});\n`
      : '');
  return head + fns.join('') + body + '})();\n';
}

function html(i: number, p: PagePlan): string {
  const blocks: string[] = [];
  for (let b = 0; b < p.domBlocks; b++) {
    blocks.push(
      `<section class="card"><h2>Rubrique ${b}</h2><p>Texte de la rubrique ${b}, avec <a href="#s${b}">un lien</a> et <em>un mot</em>.</p>` +
        `<ul><li>Un</li><li>Deux</li><li>Trois</li></ul></section>`,
    );
  }
  const imgs = p.images.map((_, k) => `<img src="/c${i}/img${k}.bmp" width="256" height="64" alt="">`).join('');
  const scripts = p.scripts.map((_, n) => `<script src="/c${i}/s${n}.js" defer></script>`).join('');
  return (
    `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Page ${i} du corpus</title>` +
    `<link rel="icon" href="data:,"><link rel="stylesheet" href="/c${i}/style.css">${scripts}</head>` +
    `<body><header><nav><a href="/">Accueil</a> <a href="/c0/">Actualités</a></nav></header><main>${imgs}` +
    `${blocks.join('')}<div id="dyn"></div></main><footer>Pied de page</footer></body></html>`
  );
}

/** Routes serving the corpus pages at /c0/ … /c11/, and the list of page paths. */
export function corpusRoutes(): { routes: Record<string, Route>; paths: string[] } {
  const routes: Record<string, Route> = {};
  const send = (type: string, body: string | Buffer): Route => (_req, res) => {
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };
  const paths: string[] = [];
  CORPUS_SIZES_KB.forEach((_, i) => {
    const p = plan(i);
    const base = `/c${i}/`;
    paths.push(base);
    routes[base] = send('text/html; charset=utf-8', html(i, p));
    routes[`${base}style.css`] = send('text/css', `.card{margin:4px}` + `.c${i}{color:#123}\n`.repeat(Math.round(p.cssBytes / 16)));
    p.scripts.forEach((bytes, n) => (routes[`${base}s${n}.js`] = send('text/javascript', script(i, n, bytes))));
    p.images.forEach((bytes, k) => (routes[`${base}img${k}.bmp`] = send('image/bmp', bmp(bytes, i * 10 + k))));
    routes[`${base}lazy.bmp`] = send('image/bmp', bmp(p.lazyImageBytes, i));
    routes[`${base}data.json`] = send(
      'application/json',
      JSON.stringify({ items: Array.from({ length: Math.round(p.jsonBytes / 30) }, (_, k) => ({ id: k, label: `élément ${k}` })) }),
    );
  });
  return { routes, paths };
}
