import type { ServerResponse } from 'node:http';
import { pyJsonDumps } from '../util';

export type Headers = Record<string, string | string[]>;

/** Frappe's JSON body: compact separators, non-ASCII escaped, like `json.dumps(..., separators=(",", ":"))`. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Headers = {}): void {
  const text = pyJsonDumps(body, { compact: true });
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/html; charset=utf-8', headers: Headers = {}): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** Plain JSON for the control endpoints. */
export function sendControl(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

export function werkzeugPage(status: number, title: string, description: string): string {
  return `<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${description}</p>\n`;
}

export const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
