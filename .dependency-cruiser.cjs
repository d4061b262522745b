// The import rules of src/ (see src/README.md, "Layers"): no circle, and no import upward.
// `npm run lint` runs it (`npm run -s check:imports`); any violation fails the build.
//
//   app level   app.ts server.ts worker.ts seed.ts migrate.ts operator(-cli).ts config.ts paths.ts
//   edges       operations/ (HTTP handlers and views) · pay/ (the hosted page)
//   http/       the HTTP edge's machinery (auth, validation, idempotency, problems)
//   webhooks/   delivering webhooks (dispatcher, sender, retry schedule)
//   domain/     the resources and their rules
//   data/       models, migrations, the database
//   kernel/     AppError, Owner, Clock: every layer may use them
//   sdk/        the client partners install, which the service also uses to sign webhooks
const layer = (name) => `^src/${name}/`;
const appLevel = '^src/[^/]+\\.ts$';

/** `from` may not import any of `to`. */
const below = (name, from, to) => ({
  name,
  severity: 'error',
  comment: `${from} sits below ${to.join(', ')}: it may not import them`,
  from: { path: from },
  to: { path: to.join('|') },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import circles make load order matter and hide a layer mix-up.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    below('kernel-imports-nothing-above', layer('kernel'), ['^src/(?!kernel/)']),
    below('sdk-stands-alone', layer('sdk'), ['^src/(?!sdk/)']),
    below('data-below-domain', layer('data'), [layer('domain'), layer('webhooks'), layer('http'), layer('pay'), layer('operations'), appLevel]),
    below('domain-below-edges', layer('domain'), [layer('webhooks'), layer('http'), layer('pay'), layer('operations'), appLevel]),
    below('webhooks-below-http', layer('webhooks'), [layer('http'), layer('pay'), layer('operations'), appLevel]),
    below('http-below-handlers', layer('http'), [
      layer('webhooks'),
      layer('pay'),
      layer('operations'),
      '^src/(app|server|worker|seed|migrate|operator|operator-cli)\\.ts$',
    ]),
    below('pay-beside-operations', layer('pay'), [layer('operations'), layer('webhooks'), '^src/(app|server|worker|seed|migrate|operator|operator-cli)\\.ts$']),
    below('operations-below-app', layer('operations'), [layer('webhooks'), '^src/(app|server|worker|seed|migrate|operator|operator-cli)\\.ts$']),
    below('config-below-everything-but-data', '^src/(config|paths)\\.ts$', [
      layer('domain'),
      layer('webhooks'),
      layer('http'),
      layer('pay'),
      layer('operations'),
      '^src/(app|server|worker|seed|migrate|operator|operator-cli)\\.ts$',
    ]),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(generated|node_modules)/' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
