#!/usr/bin/env node
/*
 * Run by `npm install` (postinstall). postgres.js 3.4.x schedules a buffered write with setImmediate;
 * when PostgreSQL ends the connection first (a restart, pg_terminate_backend), `socket` is null by
 * then and `socket.write` throws a TypeError no caller can catch, killing the api or the worker
 * (porsager/postgres#1154, #1066, #1208; upstream guards unreleased). This adds the missing guard:
 * a write to a closed connection is dropped — its queries are failed by the close handler anyway.
 * Idempotent; if a future postgres.js changes the code, it says so and leaves the file alone
 * (packages/db/src/postgres-socket-guard.ts still keeps the process alive).
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ORIGINAL = 'function nextWrite(fn) {\n    const x = socket.write(chunk, fn)';
const GUARDED = 'function nextWrite(fn) {\n    if (!socket) { nextWriteTimer !== null && clearImmediate(nextWriteTimer); chunk = nextWriteTimer = null; return false } // provisioner: closed-socket guard\n    const x = socket.write(chunk, fn)';

// Every copy npm installed: hoisted to the root, or nested in a workspace.
const repo = path.resolve(__dirname, '..');
const roots = [path.join(repo, 'node_modules', 'postgres')];
for (const group of ['apps', 'packages']) {
  const dir = path.join(repo, group);
  if (!fs.existsSync(dir)) continue;
  for (const ws of fs.readdirSync(dir)) roots.push(path.join(dir, ws, 'node_modules', 'postgres'));
}
for (const root of roots.filter((r) => fs.existsSync(path.join(r, 'package.json')))) patch(root);

function patch(root) {
  for (const rel of ['cjs/src/connection.js', 'src/connection.js', 'cf/src/connection.js']) {
    const file = path.join(root, rel);
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    if (text.includes('provisioner: closed-socket guard')) continue;
    if (!text.includes(ORIGINAL)) {
      process.stderr.write(`patch-postgres-js: ${rel} has changed upstream; not patched\n`);
      continue;
    }
    fs.writeFileSync(file, text.replace(ORIGINAL, GUARDED));
  }
}
