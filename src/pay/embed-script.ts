// The embeddable script, as shops load it (built from embed/ by `npm run build:js` into
// build/embed/, whose manifest names the version and file):
//   GET /js/evenpay-<version>.js  that exact file, for good: `immutable`, a year's max-age, and
//                                 the bytes a <script integrity="sha384-…"> was computed on
//   GET /js/evenpay.js            the newest 1.x: five minutes' cache, so a fix reaches pages soon
// Public code: any origin may load it (`Access-Control-Allow-Origin: *`, which `crossorigin`
// needs to check its integrity; `Cross-Origin-Resource-Policy: cross-origin`, against helmet's
// same-origin default). This build serves its own version only: a deployment that upgrades
// keeps serving the exact files it has published (their URLs are promised to be immutable).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type Response, type Router } from 'express';

interface Manifest {
  version: string;
  file: string;
  integrity: string;
}

interface Built extends Manifest {
  code: Buffer;
}

function load(dir: string): Built | undefined {
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    return { ...manifest, code: readFileSync(path.join(dir, manifest.file)) };
  } catch {
    return undefined;
  }
}

export function embedScript(dir: string): Router {
  const router = express.Router();
  // Read on first use, then kept: the files change only with a build, and a build restarts.
  let built: Built | undefined;
  const script = () => {
    built ??= load(dir);
    return built;
  };
  // A strong ETag (the content's own hash; the app turns Express's off): /js/evenpay.js is
  // revalidated every five minutes, and res.send answers 304 to a matching If-None-Match.
  const send = (res: Response, built: Built, cacheControl: string) =>
    res
      .status(200)
      .set({
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': cacheControl,
        ETag: `"${built.integrity}"`,
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'X-Content-Type-Options': 'nosniff',
      })
      .send(built.code);
  router.get('/:name', (req, res) => {
    const current = script();
    const name = String(req.params.name);
    if (current && name === current.file) return send(res, current, 'public, max-age=31536000, immutable');
    if (current && name === 'evenpay.js') return send(res, current, 'public, max-age=300');
    res
      .status(404)
      .set('Cache-Control', 'no-store')
      .type('text/plain')
      .send(current ? `No such script. Load /js/evenpay.js or /js/${current.file}.` : 'evenpay.js is not built here: run `npm run build:js`.');
  });
  return router;
}
