// Dispute documents downloaded back (GET /disputes/{disputeId}/documents/{documentId}): the bytes
// exactly as sent, in their own media type, named as sent; while the dispute is open and after it
// closes; for the merchant and the partner acting for it, and for no one else, who cannot tell a
// document of another merchant from one that does not exist.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { components } from '../../../generated/v2/client.js';
import { loadBundledSpec } from '../../../src/http/spec.js';
import { disputeAction, disputeAfter, disputedTransaction, PDF_BASE64, PNG_BASE64 } from '../../factories/disputes.js';
import { makeMerchant, makeSandboxTwin } from '../../factories/merchants.js';
import { makePartner } from '../../factories/partners.js';
import { liveBearer } from '../../factories/transactions.js';
import { appWithMerchant } from '../../helpers/app.js';
import { expectProblem } from '../../helpers/problem.js';

type DisputeDocument = components['schemas']['DisputeDocument'];

const { evenpay, http } = appWithMerchant('Dispute Documents Co');
const twin = () => makeSandboxTwin(evenpay.services.models);
const JPEG_BASE64 = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]).toString('base64');
const url = (disputeId: string, documentId: string) => `/v2/disputes/${disputeId}/documents/${documentId}`;
/** The longest Content-Disposition the spec declares. */
const DISPOSITION_MAX_LENGTH = (loadBundledSpec('v2') as unknown as { components: { headers: Record<string, { schema: { maxLength: number } }> } }).components
  .headers.ContentDisposition!.schema.maxLength;
/** A problem without what differs on every request. */
const comparable = (body: Record<string, unknown>) => ({ ...body, request_id: undefined, instance: undefined });

describe('GET /v2/disputes/{disputeId}/documents/{documentId}', () => {
  it('answers each document byte for byte, in its media type, named as sent, before and after the dispute closes', async () => {
    const merchant = await twin();
    const { dispute } = await disputedTransaction(http, merchant);
    const sent = [
      { filename: 'delivery-receipt.pdf', content_type: 'application/pdf', data: PDF_BASE64 },
      { filename: 'reçu de livraison.png', content_type: 'image/png', data: PNG_BASE64 },
      { filename: 'porte "avant".jpg', content_type: 'image/jpeg', data: JPEG_BASE64 },
    ];
    const documents = (await disputeAfter(http, merchant, dispute.id, 'evidence', { documents: sent })).evidence.documents as DisputeDocument[];
    const dispositions = [
      'attachment; filename=delivery-receipt.pdf',
      `attachment; filename="re?u de livraison.png"; filename*=UTF-8''re%C3%A7u%20de%20livraison.png`,
      'attachment; filename="porte \\"avant\\".jpg"',
    ];
    const expectDownloads = async () => {
      for (const [n, document] of documents.entries()) {
        const res = await http.get(url(dispute.id, document.id), { auth: merchant.bearer });
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe(sent[n]!.content_type);
        expect(res.headers['content-disposition']).toBe(dispositions[n]);
        expect(res.headers['content-length']).toBe(String(document.size));
        expect(Buffer.isBuffer(res.body)).toBe(true);
        expect((res.body as Buffer).equals(Buffer.from(sent[n]!.data, 'base64'))).toBe(true);
        expect(
          createHash('sha256')
            .update(res.body as Buffer)
            .digest('hex'),
        ).toBe(document.sha256);
        // An uploaded file is never sniffed by a browser as anything else.
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
    };
    await expectDownloads();
    const won = await disputeAfter(http, merchant, dispute.id, 'evidence', { explanation: 'winning_evidence', submit: true });
    expect(won.status).toBe('won');
    await expectDownloads();
  });

  it("answers 404 for an unknown document, another dispute's, and another merchant's, all alike", async () => {
    const merchant = await twin();
    const { dispute } = await disputedTransaction(http, merchant);
    const { dispute: second } = await disputedTransaction(http, merchant);
    const [document] = (
      await disputeAfter(http, merchant, dispute.id, 'evidence', { documents: [{ filename: 'a.pdf', content_type: 'application/pdf', data: PDF_BASE64 }] })
    ).evidence.documents as DisputeDocument[];
    const unknown = await http.get(url(dispute.id, 'doc_0000000000000000000000'), { auth: merchant.bearer });
    expectProblem(unknown, 404, 'resource_not_found');
    expect(unknown.body.detail).toBe(`Dispute ${dispute.id} has no document doc_0000000000000000000000.`);
    const elsewhere = await http.get(url(second.id, document!.id), { auth: merchant.bearer });
    expectProblem(elsewhere, 404, 'resource_not_found');
    expect(elsewhere.body.detail).toBe(`Dispute ${second.id} has no document ${document!.id}.`);

    // Another merchant, with the right ids, learns nothing more than with ids that do not exist.
    const other = await twin();
    const theirs = await http.get(url(dispute.id, document!.id), { auth: other.bearer });
    const none = await http.get(url('dp_000000000000000000000', document!.id), { auth: other.bearer });
    expectProblem(theirs, 404, 'resource_not_found');
    expectProblem(none, 404, 'resource_not_found');
    expect(comparable(theirs.body)).toEqual({ ...comparable(none.body), detail: `No dispute ${dispute.id} exists for this merchant.` });
    expect(none.body.detail).toBe('No dispute dp_000000000000000000000 exists for this merchant.');
  });

  it('refuses ids that cannot be a dispute or a document with 400, naming each parameter', async () => {
    const merchant = await twin();
    const documentOnly = await http.get(url('dp_1', 'not-a-document'), { auth: merchant.bearer });
    expectProblem(documentOnly, 400, 'invalid_request');
    expect(documentOnly.body.errors).toEqual([{ parameter: 'documentId', detail: 'must match the pattern ^doc_[0-9A-Za-z]{1,60}$' }]);
    const disputeOnly = await http.get(url('txn_1', 'doc_1'), { auth: merchant.bearer });
    expectProblem(disputeOnly, 400, 'invalid_request');
    expect(disputeOnly.body.errors).toEqual([{ parameter: 'disputeId', detail: 'must match the pattern ^dp_[0-9A-Za-z]{1,60}$' }]);
    const both = await http.get(url('txn_1', 'not-a-document'), { auth: merchant.bearer });
    expectProblem(both, 400, 'invalid_request');
    expect(both.body.errors.map((error: { parameter: string }) => error.parameter).sort()).toEqual(['disputeId', 'documentId']);
  });

  it("keeps modes apart: the merchant's live key does not find its sandbox dispute's document", async () => {
    const merchant = await twin();
    const { dispute } = await disputedTransaction(http, merchant);
    const [document] = (
      await disputeAfter(http, merchant, dispute.id, 'evidence', { documents: [{ filename: 'a.pdf', content_type: 'application/pdf', data: PDF_BASE64 }] })
    ).evidence.documents as DisputeDocument[];
    expect((await http.get(url(dispute.id, document!.id), { auth: merchant.bearer })).status).toBe(200);
    const live = await http.get(url(dispute.id, document!.id), { auth: liveBearer(merchant) });
    expectProblem(live, 404, 'resource_not_found');
    expect(live.body.detail).toBe(`No dispute ${dispute.id} exists for this merchant.`);
  });

  it('names a document of the longest name in the widest characters within the header the spec declares', async () => {
    const merchant = await twin();
    const { dispute } = await disputedTransaction(http, merchant);
    // 200 characters (the most a filename takes) of three UTF-8 bytes each, with quotes to escape.
    const filename = `"${'領収書'.repeat(66)}`;
    expect(filename).toHaveLength(199);
    const [document] = (
      await disputeAfter(http, merchant, dispute.id, 'evidence', { documents: [{ filename, content_type: 'application/pdf', data: PDF_BASE64 }] })
    ).evidence.documents as DisputeDocument[];
    const res = await http.get(url(dispute.id, document!.id), { auth: merchant.bearer });
    expect(res.status).toBe(200);
    const header = String(res.headers['content-disposition']);
    expect(header.length).toBeGreaterThan(1800);
    expect(header.length).toBeLessThanOrEqual(DISPOSITION_MAX_LENGTH);
    expect(decodeURIComponent(header.split("filename*=UTF-8''")[1]!)).toBe(filename);
  });

  it('refuses a name that is not well-formed Unicode (a lone surrogate) at upload, naming it', async () => {
    const merchant = await twin();
    const { dispute } = await disputedTransaction(http, merchant);
    const res = await disputeAction(http, merchant, dispute.id, 'evidence', {
      documents: [
        { filename: 'fine.pdf', content_type: 'application/pdf', data: PDF_BASE64 },
        { filename: '\ud800.pdf', content_type: 'application/pdf', data: PDF_BASE64 },
      ],
    });
    expectProblem(res, 400, 'invalid_request');
    expect(res.body.errors).toEqual([{ pointer: '/documents/1/filename', detail: 'is not well-formed Unicode (it holds a lone surrogate)' }]);
    expect(await evenpay.services.models.DisputeDocument.count({ where: { disputeId: dispute.id } })).toBe(0);
  });

  it('serves a partner acting for its merchant, and no other partner', async () => {
    const { models } = evenpay.services;
    const partner = await makePartner(models, { name: 'Documents Platform' });
    const shop = await makeMerchant(models, { name: 'Documents Shop', partnerId: partner.id });
    const { dispute } = await disputedTransaction(http, shop, { total: 10_000 });
    const [document] = (
      await disputeAfter(http, shop, dispute.id, 'evidence', { documents: [{ filename: 'a.pdf', content_type: 'application/pdf', data: PDF_BASE64 }] })
    ).evidence.documents as DisputeDocument[];
    const asPartner = await http.get(url(dispute.id, document!.id), { auth: partner.bearer, headers: { 'Evenpay-Merchant': shop.id } });
    expect(asPartner.status).toBe(200);
    expect((asPartner.body as Buffer).equals(Buffer.from(PDF_BASE64, 'base64'))).toBe(true);
    const stranger = await makePartner(models, { name: 'Stranger Documents' });
    expectProblem(
      await http.get(url(dispute.id, document!.id), { auth: stranger.bearer, headers: { 'Evenpay-Merchant': shop.id } }),
      404,
      'merchant_not_found',
    );
  });
});
