// Uploaded logos, as the hosted pages show them: GET /brand-assets/{id}. Served only with the
// type their bytes were checked to be (PNG or JPEG, domain/branding.ts), `nosniff`, a policy that
// allows nothing, and cached for good (an asset never changes: a new upload is a new id).
import express, { type Router } from 'express';
import type { Services } from '../http/operation-types.js';

const ASSET_ID = /^img_[0-9A-Za-z]{1,60}$/;

export function brandAssets({ models }: Pick<Services, 'models'>): Router {
  const router = express.Router();
  router.get('/:assetId', async (req, res) => {
    const id = String(req.params.assetId);
    const asset = ASSET_ID.test(id) ? await models.BrandAsset.findByPk(id) : null;
    if (!asset) {
      res.status(404).set('Cache-Control', 'no-store').type('text/plain').send('No such image.');
      return;
    }
    res
      .status(200)
      .set({
        'Content-Type': asset.contentType,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cache-Control': 'public, max-age=31536000, immutable',
      })
      .send(Buffer.from(asset.data, 'base64'));
  });
  return router;
}
