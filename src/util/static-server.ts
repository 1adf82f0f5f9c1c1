import { decodeComponent } from './decode.js';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface StaticServerOptions {
  /** Folder served as the site root (optional when only routes are used). */
  root?: string;
  /** Exact paths answered by code before the files (fixtures for faults, redirects, auth…). */
  routes?: Record<string, Route>;
  /** Extra headers for every file answer (e.g. Cache-Control). */
  headers?: Record<string, string>;
  /** Loopback by default: numresp never opens a port to the network unless asked. */
  host?: string;
  port?: number;
}

export interface StaticServer {
  /** e.g. http://127.0.0.1:43210 (no trailing slash). */
  origin: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** A small static file server for the sample site and test fixtures. */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const root = options.root ? resolve(options.root) : null;
  const server = createServer((req, res) => {
    const path = decodeComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === null) return notFound(res);
    const route = options.routes?.[path];
    if (route) return route(req, res);
    if (!root || (req.method !== 'GET' && req.method !== 'HEAD')) return notFound(res);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) return notFound(res);
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const stat = statSync(file);
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': stat.size,
        ...options.headers,
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch {
      notFound(res);
    }
  });
  // Keep-alive sockets would hold close() open for seconds.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<!doctype html><title>Not found</title><h1>Not found</h1>');
}
