// The bench's profile summary (`npm run bench -- --cpu-prof`): samples are attributed to the
// layer their code lives in, and only those inside the measured window count.
import { describe, expect, it } from 'vitest';
import { layerOf, layersOf } from '../../scripts/bench/lib/profile.js';

const frame = (url: string, functionName = 'f') => ({ functionName, url });

describe('layerOf', () => {
  it.each([
    ['file:///app/node_modules/sequelize/lib/model.js', 'sequelize'],
    ['file:///app/node_modules/@pinojs/redact/index.js', '@pinojs/redact'],
    ['file:///app/node_modules/express-openapi-validator/node_modules/path-to-regexp/dist/index.js', 'path-to-regexp'],
    ['file:///app/build/service/src/http/auth.js', 'src/http'],
    ['file:///app/src/domain/loan-math/rational.ts', 'src/domain'],
    ['file:///app/build/service/src/app.js', 'src'],
    ['node:_http_outgoing', 'node:_http_outgoing'],
    ['node:internal/crypto/random', 'node:internal'],
  ])('puts %s in %s', (url, layer) => {
    expect(layerOf(frame(url))).toBe(layer);
  });

  it('names V8 and native frames by their function', () => {
    expect(layerOf(frame('', '(garbage collector)'))).toBe('(garbage collector)');
    expect(layerOf(frame('', ''))).toBe('(native)');
  });
});

describe('layersOf', () => {
  it('adds up self time by layer, within the window only, in % of that window', () => {
    const profile = {
      startTime: 1_000,
      nodes: [
        { id: 1, callFrame: frame('', '(root)') },
        { id: 2, callFrame: frame('file:///app/node_modules/sequelize/lib/model.js') },
        { id: 3, callFrame: frame('file:///app/build/service/src/http/auth.js') },
      ],
      // Sample times: 1100 (before the window), 1200, 1300, 1400, 1500 (after it).
      samples: [3, 2, 2, 3, 3],
      timeDeltas: [100, 100, 100, 100, 100],
    };
    const layers = layersOf(profile, 1_150, 1_450);
    expect(layers.map(({ layer }) => layer)).toEqual(['sequelize', 'src/http']);
    expect(layers[0]!.percent).toBeCloseTo(66.67, 1);
    expect(layers[1]!.percent).toBeCloseTo(33.33, 1);
  });
});
