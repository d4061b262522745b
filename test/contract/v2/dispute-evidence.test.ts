// Dispute evidence (issue 20): documents are checked by their content (a PDF, PNG or JPEG, as
// `content_type` says), at most 1 MiB each and 10 per dispute, in a body of up to 6 MB (100 KB
// elsewhere); their bytes are kept apart and described on the dispute (size, SHA-256). Bad bodies
// get a 4xx that names what to fix; a partner answers for its merchant, and lists all of theirs.
import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { components } from '../../../generated/v2/client.js';
import { MAX_DOCUMENT_BYTES } from '../../../src/domain/disputes.js';
import { disputeAction, disputedTransaction, PDF_BASE64, PNG_BASE64 } from '../../factories/disputes.js';
import { makeMerchant, makeSandboxTwin } from '../../factories/merchants.js';
import { makePartner } from '../../factories/partners.js';
import { appWithMerchant } from '../../helpers/app.js';
import { expectProblem } from '../../helpers/problem.js';

type Dispute = components['schemas']['Dispute'];

const { evenpay, http } = appWithMerchant('Dispute Evidence Co');
const twin = () => makeSandboxTwin(evenpay.services.models);
const pdfOf = (bytes: number) => {
  const head = Buffer.from('%PDF-1.4\n', 'latin1');
  return Buffer.concat([head, Buffer.alloc(bytes - head.length, 0x20)]).toString('base64');
};

describe('documents', () => {
  it('keeps a PDF, a PNG and a JPEG as they are, described by size and SHA-256, bytes stored apart', async () => {
    const merchant = await twin();
    const { dispute } = await disputedTransaction(http, merchant);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]).toString('base64');
    const largest = pdfOf(MAX_DOCUMENT_BYTES);
    const res = await disputeAction(http, merchant, dispute.id, 'evidence', {
      documents: [
        { filename: 'receipt.pdf', content_type: 'application/pdf', data: PDF_BASE64 },
        { filename: 'parcel.png', content_type: 'image/png', data: PNG_BASE64 },
        { filename: 'door.jpg', content_type: 'image/jpeg', data: jpeg },
        { filename: 'statement.pdf', content_type: 'application/pdf', data: largest },
      ],
    });
    // A body of some 1.4 MB: over the API's 100 KB, within evidence's 6 MB.
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    const documents = (res.body as Dispute).evidence.documents;
    expect(documents.map((doc) => [doc.filename, doc.content_type, doc.size])).toEqual([
      ['receipt.pdf', 'application/pdf', Buffer.from(PDF_BASE64, 'base64').length],
      ['parcel.png', 'image/png', Buffer.from(PNG_BASE64, 'base64').length],
      ['door.jpg', 'image/jpeg', 11],
      ['statement.pdf', 'application/pdf', MAX_DOCUMENT_BYTES],
    ]);
    expect(documents[0]!.sha256).toBe(createHash('sha256').update(Buffer.from(PDF_BASE64, 'base64')).digest('hex'));
    const stored = await evenpay.services.models.DisputeDocument.findByPk(documents[3]!.id);
    expect(stored).toMatchObject({ disputeId: dispute.id, contentType: 'application/pdf' });
    expect(Buffer.from(stored!.data, 'base64').equals(Buffer.from(largest, 'base64'))).toBe(true);
  });

  it('refuses bytes that are not the type sent, a document over 1 MiB, more than 10, and names each', async () => {
    const merchant = await twin();
    const { dispute } = await disputedTransaction(http, merchant);
    const html = Buffer.from('<html><script>alert(1)</script></html>').toString('base64');
    const res = await disputeAction(http, merchant, dispute.id, 'evidence', {
      documents: [
        { filename: 'ok.pdf', content_type: 'application/pdf', data: PDF_BASE64 },
        { filename: 'fake.pdf', content_type: 'application/pdf', data: html },
        { filename: 'png.pdf', content_type: 'application/pdf', data: PNG_BASE64 },
        { filename: 'big.pdf', content_type: 'application/pdf', data: pdfOf(MAX_DOCUMENT_BYTES + 1) },
      ],
    });
    expectProblem(res, 400, 'invalid_request');
    expect(res.body.errors).toEqual([
      { pointer: '/documents/1/data', detail: 'is not a application/pdf file' },
      { pointer: '/documents/2/data', detail: 'is not a application/pdf file (it is image/png)' },
      { pointer: '/documents/3/data', detail: `is ${MAX_DOCUMENT_BYTES + 1} bytes; at most ${MAX_DOCUMENT_BYTES}` },
    ]);
    // Nothing of a refused request is kept, not even its good document.
    expect(await evenpay.services.models.DisputeDocument.count({ where: { disputeId: dispute.id } })).toBe(0);

    const four = Array.from({ length: 4 }, (_, n) => ({ filename: `${n}.pdf`, content_type: 'application/pdf', data: PDF_BASE64 }));
    for (let round = 0; round < 2; round++) expect((await disputeAction(http, merchant, dispute.id, 'evidence', { documents: four })).status).toBe(200);
    const eleventh = await disputeAction(http, merchant, dispute.id, 'evidence', { documents: four.slice(0, 3) });
    expectProblem(eleventh, 400, 'invalid_request');
    expect(eleventh.body.errors).toEqual([{ pointer: '/documents', detail: 'at most 2 more documents' }]);
    // The schema's own limits: 4 per request, a type of the three, a file name without a path.
    const five = await disputeAction(http, merchant, dispute.id, 'evidence', { documents: [...four, four[0]] });
    expectProblem(five, 400, 'invalid_request');
    const svg = await disputeAction(http, merchant, dispute.id, 'evidence', {
      documents: [{ filename: '../x.svg', content_type: 'image/svg+xml', data: PNG_BASE64 }],
    });
    expectProblem(svg, 400, 'invalid_request');
    expect(svg.body.errors.map((error: { pointer: string }) => error.pointer).sort()).toEqual(['/documents/0/content_type', '/documents/0/filename']);
  });

  it('answers 413 over 6 MB, 415 for another media type, 400 for an empty body or a bad field', async () => {
    const merchant = await twin();
    const { dispute } = await disputedTransaction(http, merchant);
    const huge = await disputeAction(http, merchant, dispute.id, 'evidence', { explanation: 'x'.repeat(7 * 1024 * 1024) });
    expectProblem(huge, 413, 'payload_too_large');
    expect(huge.body.detail).toBe('The request body is larger than 6 MB.');
    // Elsewhere the limit stays 100 KB.
    const elsewhere = await disputeAction(http, merchant, dispute.id, 'submit', { pad: 'x'.repeat(200 * 1024) });
    expectProblem(elsewhere, 413, 'payload_too_large');
    expect(elsewhere.body.detail).toBe('The request body is larger than 100 KB.');
    const text = await http.post(`/v2/disputes/${dispute.id}/evidence`, {
      auth: merchant.bearer,
      raw: 'explanation=x',
      headers: { 'Content-Type': 'text/plain' },
    });
    expectProblem(text, 415, 'unsupported_media_type');
    expectProblem(await disputeAction(http, merchant, dispute.id, 'evidence', {}), 400, 'invalid_request');
    const date = await disputeAction(http, merchant, dispute.id, 'evidence', { shipping_date: '2026-13-45' });
    expectProblem(date, 400, 'invalid_request');
    expect(date.body.errors).toEqual([expect.objectContaining({ pointer: '/shipping_date' })]);
    expectProblem(await http.get('/v2/disputes/not-a-dispute', { auth: merchant.bearer }), 400, 'invalid_request');
    expectProblem(await disputeAction(http, merchant, 'dp_', 'submit'), 400, 'invalid_request');
  });

  it('replays a retried submission with its Idempotency-Key, refuses the key for another body', async () => {
    const merchant = await twin();
    const { dispute } = await disputedTransaction(http, merchant);
    const key = randomUUID();
    const first = await disputeAction(http, merchant, dispute.id, 'evidence', { explanation: 'winning_evidence', submit: true }, key);
    const again = await disputeAction(http, merchant, dispute.id, 'evidence', { explanation: 'winning_evidence', submit: true }, key);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expectProblem(await disputeAction(http, merchant, dispute.id, 'evidence', { explanation: 'other' }, key), 422, 'idempotency_key_reused');
  });
});

describe('partners', () => {
  it("answer for a merchant with Evenpay-Merchant, and list all their merchants' disputes", async () => {
    const { models } = evenpay.services;
    const partner = await makePartner(models, { name: 'Dispute Platform' });
    const shop = await makeMerchant(models, { name: 'Platform Shop', partnerId: partner.id });
    const other = await makeMerchant(models, { name: 'Other Shop', partnerId: partner.id });
    const { dispute } = await disputedTransaction(http, shop, { total: 10_000 });
    const { dispute: second } = await disputedTransaction(http, other, { total: 10_000 });
    const asPartner = { auth: partner.bearer, headers: { 'Evenpay-Merchant': shop.id, 'Idempotency-Key': randomUUID() } };
    const answered = await http.post(`/v2/disputes/${dispute.id}/evidence`, { ...asPartner, body: { explanation: 'winning_evidence', submit: true } });
    expect(answered.body).toMatchObject({ id: dispute.id, merchant: shop.id, status: 'won' });
    const closed = (await http.get(`/v2/events?type=dispute.closed&merchant=${shop.id}`, { auth: partner.bearer })).body.data;
    expect(closed[0]).toMatchObject({ acting_partner: partner.id, partner: partner.id, data: { object: { id: dispute.id } } });

    const all = (await http.get('/v2/disputes', { auth: partner.bearer })).body.data as Dispute[];
    expect(all.map((d) => [d.id, d.merchant])).toEqual([
      [second.id, other.id],
      [dispute.id, shop.id],
    ]);
    expect(((await http.get(`/v2/disputes?merchant=${other.id}`, { auth: partner.bearer })).body.data as Dispute[]).map((d) => d.id)).toEqual([second.id]);
    const stranger = await makePartner(models, { name: 'Stranger Platform' });
    expect((await http.get(`/v2/disputes?merchant=${shop.id}`, { auth: stranger.bearer })).body.data).toEqual([]);
    expectProblem(await http.get(`/v2/disputes/${dispute.id}`, { auth: stranger.bearer, headers: { 'Evenpay-Merchant': shop.id } }), 404, 'merchant_not_found');
  });
});
