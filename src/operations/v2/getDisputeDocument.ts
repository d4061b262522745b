import { Readable } from 'node:stream';
import { create as contentDisposition } from 'content-disposition';
import type { operations } from '../../../generated/v2/client.js';
import { getDisputeDocument as find } from '../../domain/disputes.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext } from '../contexts.js';

/** Download a dispute document: its bytes as sent, named as sent (content-disposition writes RFC 6266's header). */
export const getDisputeDocument: Handler<operations['getDisputeDocument']> = async (context) => {
  const { disputeId, documentId } = context.params;
  const { document, bytes } = await find(readContext(context), context.auth, { disputeId, documentId });
  // Names are refused unless well-formed (domain/disputes.ts); one kept before that rule still
  // downloads, its lone surrogates shown as U+FFFD, which content-disposition can encode.
  const filename = document.filename.toWellFormed();
  return {
    status: 200,
    contentType: document.contentType,
    stream: Readable.from([bytes]),
    headers: { 'Content-Disposition': contentDisposition(filename), 'Content-Length': String(bytes.length) },
  };
};
