// Disputes: a consumer disputes a captured transaction with the lender; the merchant (or its
// partner) answers with evidence by a deadline, or accepts.
//
// THE RULES (published in the spec, on Dispute)
// - A dispute is of captured money that is not refunded and not already disputed, and a
//   transaction has one open dispute at most (`needs_response` or `under_review`). Opening one
//   holds its amount from the balance (a `dispute_hold` entry, domain/ledger.ts) and adds it to the
//   transaction's `disputed_amount`, which a refund may not touch.
// - Evidence is taken while the dispute `needs_response` and its deadline has not passed; it
//   reaches the lender only when submitted (`under_review`). A dispute not answered by its
//   deadline is `lost`.
// - `won` releases the hold (a `dispute_release` entry) and the transaction's disputed amount;
//   `lost` and `accepted` are final: the held money went back to the consumer.
//
// Locks: every change to a dispute runs with its row locked (FOR UPDATE; SQLite's single writer),
// re-reading its state under the lock, so racing evidence, submit and accept requests take turns
// and the second sees what the first did. Opening one locks the transaction's row (the check for
// an open dispute and the disputable amount are read under it); winning one locks the dispute,
// then the transaction — the same order as a refund, which locks the transaction only.
import { createHash } from 'node:crypto';
import { Op, type Transaction, type WhereOptions } from 'sequelize';
import { type CreatedFilter, createdRange } from '../data/created-range.js';
import type { DisputeDocumentData, DisputeEvidenceData, DisputeRow, DisputeStatus } from '../data/models/index.js';
import { type Page, type PageRequest, paginate } from '../data/pagination.js';
import { AppError, type FieldError } from '../kernel/errors.js';
import { type Owner, type Subscriber, scopeOf, subscriberScopeOf } from '../kernel/owner.js';
import type { ReadContext, WriteContext } from './context.js';
import { recordEvent } from './events.js';
import { type FileType, sniff } from './file-types.js';
import { newId } from './ids.js';
import { bookDispute } from './ledger.js';
import { combined, type SweepOutcome, settledOrThrow, sweep } from './sweep.js';
import { refundableAmount } from './transaction-state.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long the merchant has to answer a dispute. */
export const RESPONSE_WINDOW_MS = 14 * DAY_MS;
/** The latest deadline a sandbox dispute may be given. */
const MAX_RESPONSE_WINDOW_MS = 365 * DAY_MS;
/** How long the sandbox's lender reviews evidence that names no outcome (then it is won). */
export const SANDBOX_REVIEW_MS = 7 * DAY_MS;
export const MAX_DOCUMENT_BYTES = 1024 * 1024;
export const MAX_DOCUMENTS = 10;
/** The sandbox's magic evidence (`explanation`): decides the dispute when it is submitted. */
export const SANDBOX_OUTCOMES = { winning_evidence: 'won', losing_evidence: 'lost' } as const;

export const OPEN_STATUSES: readonly DisputeStatus[] = ['needs_response', 'under_review'];

export const DISPUTE_REASONS = ['not_received', 'not_as_described', 'fraudulent', 'duplicate', 'canceled', 'other'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

export interface EvidenceFields {
  productDescription?: string | null | undefined;
  customerCommunication?: string | null | undefined;
  refundPolicy?: string | null | undefined;
  shippingCarrier?: string | null | undefined;
  shippingTrackingNumber?: string | null | undefined;
  shippingDate?: string | null | undefined;
  explanation?: string | null | undefined;
}

export interface DocumentUpload {
  filename: string;
  contentType: FileType;
  /** base64 */
  data: string;
}

const NO_EVIDENCE: DisputeEvidenceData = {
  productDescription: null,
  customerCommunication: null,
  refundPolicy: null,
  shippingCarrier: null,
  shippingTrackingNumber: null,
  shippingDate: null,
  explanation: null,
  documents: [],
};

function notFound(id: string): AppError {
  return new AppError('resource_not_found', `No dispute ${id} exists for this merchant.`);
}

/**
 * The consumer opens a dispute of `amount` (all that is disputable when left out) on a captured
 * transaction; the amount is held at once. The lender's side of opening: the sandbox's trigger
 * calls it, as would a live lender's notice.
 */
export async function openDispute(
  context: WriteContext,
  owner: Owner,
  {
    transactionId,
    reason,
    amount,
    responseDueBy,
  }: { transactionId: string; reason: DisputeReason; amount?: number | undefined; responseDueBy?: Date | undefined },
): Promise<DisputeRow> {
  const { models, transaction, clock } = context;
  const now = clock.now();
  if (responseDueBy && (responseDueBy <= now || responseDueBy.getTime() > now.getTime() + MAX_RESPONSE_WINDOW_MS)) {
    throw new AppError('invalid_request', `response_due_by must be in the future and within a year; it is ${responseDueBy.toISOString()}.`, {
      errors: [{ pointer: '/response_due_by', detail: 'must be in the future and within a year' }],
    });
  }
  const tx = await models.Transaction.findOne({ where: { ...scopeOf(owner), id: transactionId }, transaction, lock: transaction.LOCK.UPDATE });
  if (!tx) throw new AppError('resource_not_found', `No transaction ${transactionId} exists for this merchant.`);
  const open = await models.Dispute.findOne({ where: { transactionId, status: OPEN_STATUSES as DisputeStatus[] }, transaction });
  if (open) {
    throw new AppError(
      'dispute_already_open',
      `Transaction ${transactionId} has an open dispute, ${open.id} (${open.status}); one transaction has one open dispute at most.`,
    );
  }
  // What is captured, not refunded and not already disputed: what a refund could still return.
  const disputable = refundableAmount(tx);
  if (disputable === 0) {
    throw new AppError(
      'dispute_amount_exceeds_disputable',
      `Transaction ${transactionId} has nothing left to dispute: it is ${tx.status}, with ${tx.capturedAmount} captured, ${tx.refundedAmount} refunded and ${tx.disputedAmount} disputed. Capture it first.`,
    );
  }
  const disputed = amount ?? disputable;
  if (disputed > disputable) {
    throw new AppError(
      'dispute_amount_exceeds_disputable',
      `Disputing ${disputed} would exceed the disputable amount of ${disputable} (captured, not refunded and not already disputed).`,
      { errors: [{ pointer: '/amount', detail: `must be at most ${disputable}` }] },
    );
  }
  const dispute = await models.Dispute.create(
    {
      id: newId('dp'),
      ...scopeOf(owner),
      partnerId: tx.partnerId,
      transactionId,
      currency: tx.currency,
      amount: disputed,
      reason,
      status: 'needs_response',
      responseDueBy: responseDueBy ?? new Date(now.getTime() + RESPONSE_WINDOW_MS),
      evidence: NO_EVIDENCE,
      evidenceSubmittedAt: null,
      reviewEndsAt: null,
      closedAt: null,
      createdAt: now,
      updatedAt: now,
    },
    { transaction },
  );
  tx.set({ disputedAmount: tx.disputedAmount + disputed, updatedAt: now });
  await tx.save({ transaction });
  await bookDispute(context, dispute, 'dispute_hold');
  await recordEvent(context, 'dispute.created', dispute);
  return dispute;
}

/** The sandbox's consumer disputes a transaction (test keys only). */
export function openSandboxDispute(context: WriteContext, owner: Owner, input: Parameters<typeof openDispute>[2]): Promise<DisputeRow> {
  if (owner.livemode) {
    throw new AppError('sandbox_only', 'Opening a dispute is a sandbox operation and only exists for test keys; live disputes come from consumers.');
  }
  return openDispute(context, owner, input);
}

async function lockDispute(context: WriteContext, where: WhereOptions, id: string): Promise<DisputeRow> {
  const dispute = await context.models.Dispute.findOne({ where, transaction: context.transaction, lock: context.transaction.LOCK.UPDATE });
  if (!dispute) throw notFound(id);
  return dispute;
}

async function saveDispute(context: WriteContext, dispute: DisputeRow, changes: Partial<DisputeRow>): Promise<void> {
  dispute.set({ ...changes, updatedAt: context.clock.now() });
  await dispute.save({ transaction: context.transaction });
}

/** Closes an open dispute (under its lock): won releases the hold and the transaction's disputed amount. */
async function close(context: WriteContext, dispute: DisputeRow, outcome: 'won' | 'lost' | 'accepted'): Promise<void> {
  const now = context.clock.now();
  if (outcome === 'won') {
    const tx = await context.models.Transaction.findOne({
      where: { id: dispute.transactionId },
      transaction: context.transaction,
      lock: context.transaction.LOCK.UPDATE,
    });
    if (!tx) throw new Error(`dispute ${dispute.id} names a missing transaction`);
    tx.set({ disputedAmount: tx.disputedAmount - dispute.amount, updatedAt: now });
    await tx.save({ transaction: context.transaction });
    await bookDispute(context, dispute, 'dispute_release');
  }
  await saveDispute(context, dispute, { status: outcome, closedAt: now, reviewEndsAt: null });
  await recordEvent(context, 'dispute.closed', dispute);
}

/** Still waiting for an answer, and past its deadline. */
function lapsed(dispute: DisputeRow, now: Date): boolean {
  return dispute.status === 'needs_response' && dispute.responseDueBy <= now;
}

/** Locks dispute `id` and, if it lapsed, loses it (with its event), in `transaction`; the locked row and whether it was lost. */
async function lockAndLoseIfLapsed(
  { models, clock }: Pick<ReadContext, 'models' | 'clock'>,
  transaction: Transaction,
  id: string,
): Promise<{ dispute: DisputeRow; lost: boolean }> {
  const context = { models, clock, transaction, requestId: null };
  const dispute = await lockDispute(context, { id }, id);
  if (!lapsed(dispute, clock.now())) return { dispute, lost: false };
  await close(context, dispute, 'lost');
  return { dispute, lost: true };
}

/** The refusal of a change to a dispute that no longer needs a response, saying why. */
function notEditable(dispute: DisputeRow, lapsed: boolean): AppError {
  const why = lapsed
    ? `its response was due by ${dispute.responseDueBy.toISOString()} and none was submitted: it is lost`
    : dispute.status === 'under_review'
      ? `its evidence was submitted at ${dispute.evidenceSubmittedAt?.toISOString()}; it is under_review and waits for the lender's decision`
      : `it is closed (${dispute.status})`;
  return new AppError('dispute_not_editable', `Dispute ${dispute.id} no longer takes evidence, a submission or an acceptance: ${why}.`);
}

/** Locks an owner's dispute that still needs a response; a lapsed one is refused as lost (a read or the job records the loss: a refusal writes nothing). */
async function lockOpenForResponse(context: WriteContext, owner: Owner, id: string): Promise<DisputeRow> {
  const dispute = await lockDispute(context, { ...scopeOf(owner), id }, id);
  const late = lapsed(dispute, context.clock.now());
  if (dispute.status !== 'needs_response' || late) throw notEditable(dispute, late);
  return dispute;
}

function checkDocuments(existing: number, uploads: readonly DocumentUpload[]): { bytes: Buffer; upload: DocumentUpload }[] {
  if (existing + uploads.length > MAX_DOCUMENTS) {
    throw new AppError('invalid_request', `A dispute takes at most ${MAX_DOCUMENTS} documents; it has ${existing} and ${uploads.length} more were sent.`, {
      errors: [{ pointer: '/documents', detail: `at most ${MAX_DOCUMENTS - existing} more documents` }],
    });
  }
  // A lone surrogate (JSON's `\ud800`) is not text: no header or file system could name it.
  const names = uploads.flatMap(({ filename }, index) =>
    filename.isWellFormed() ? [] : [{ pointer: `/documents/${index}/filename`, detail: 'is not well-formed Unicode (it holds a lone surrogate)' }],
  );
  if (names.length > 0) throw new AppError('invalid_request', 'A document name must be well-formed Unicode text.', { errors: names });
  const errors: FieldError[] = [];
  const checked = uploads.map((upload, index) => {
    const bytes = Buffer.from(upload.data, 'base64');
    const actual = sniff(bytes);
    if (bytes.length > MAX_DOCUMENT_BYTES)
      errors.push({ pointer: `/documents/${index}/data`, detail: `is ${bytes.length} bytes; at most ${MAX_DOCUMENT_BYTES}` });
    else if (actual !== upload.contentType)
      errors.push({ pointer: `/documents/${index}/data`, detail: `is not a ${upload.contentType} file${actual ? ` (it is ${actual})` : ''}` });
    return { bytes, upload };
  });
  if (errors.length > 0) {
    throw new AppError(
      'invalid_request',
      `${errors.length === 1 ? 'A document is' : 'Documents are'} not what was sent: each must be a PDF, PNG or JPEG of at most 1 MiB, as its content_type says.`,
      { errors },
    );
  }
  return checked;
}

/** Adds evidence (fields replace, documents add); with `submit`, submits it too. */
export async function updateEvidence(
  context: WriteContext,
  owner: Owner,
  {
    id,
    fields,
    documents = [],
    submit = false,
  }: { id: string; fields: EvidenceFields; documents?: DocumentUpload[] | undefined; submit?: boolean | undefined },
): Promise<DisputeRow> {
  const dispute = await lockOpenForResponse(context, owner, id);
  const checked = checkDocuments(dispute.evidence.documents.length, documents);
  const now = context.clock.now();
  const added = [];
  for (const { bytes, upload } of checked) {
    const document = await context.models.DisputeDocument.create(
      { id: newId('doc'), disputeId: dispute.id, contentType: upload.contentType, data: bytes.toString('base64'), createdAt: now },
      { transaction: context.transaction },
    );
    added.push({
      id: document.id,
      filename: upload.filename,
      contentType: upload.contentType,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      createdAt: now.toISOString(),
    });
  }
  const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  await saveDispute(context, dispute, { evidence: { ...dispute.evidence, ...given, documents: [...dispute.evidence.documents, ...added] } });
  if (submit) return submitLocked(context, dispute);
  await recordEvent(context, 'dispute.updated', dispute);
  return dispute;
}

/** Submits the evidence of a dispute locked by the caller: under review; the sandbox's magic evidence decides it at once. */
async function submitLocked(context: WriteContext, dispute: DisputeRow): Promise<DisputeRow> {
  const now = context.clock.now();
  // Live decisions come from the lender (operator: disputes decide); the sandbox's lender decides after its review.
  await saveDispute(context, dispute, {
    status: 'under_review',
    evidenceSubmittedAt: now,
    reviewEndsAt: dispute.livemode ? null : new Date(now.getTime() + SANDBOX_REVIEW_MS),
  });
  await recordEvent(context, 'dispute.updated', dispute);
  const magic = dispute.evidence.explanation?.trim();
  // Own keys only: `constructor` or `toString` are evidence like any other, not outcomes.
  const outcome = !dispute.livemode && magic && Object.hasOwn(SANDBOX_OUTCOMES, magic) ? SANDBOX_OUTCOMES[magic as keyof typeof SANDBOX_OUTCOMES] : null;
  if (outcome) await close(context, dispute, outcome);
  return dispute;
}

export async function submitDispute(context: WriteContext, owner: Owner, { id }: { id: string }): Promise<DisputeRow> {
  return submitLocked(context, await lockOpenForResponse(context, owner, id));
}

export async function acceptDispute(context: WriteContext, owner: Owner, { id }: { id: string }): Promise<DisputeRow> {
  const dispute = await lockOpenForResponse(context, owner, id);
  await close(context, dispute, 'accepted');
  return dispute;
}

/** The lender's decision on a dispute under review (an operator records a live one; the sandbox's review ends on its own). */
export async function decideDispute(context: WriteContext, { id, outcome }: { id: string; outcome: 'won' | 'lost' }): Promise<DisputeRow> {
  const dispute = await lockDispute(context, { id }, id);
  if (dispute.status !== 'under_review') {
    throw new AppError('dispute_not_editable', `Dispute ${id} is ${dispute.status}: only a dispute under_review can be decided.`);
  }
  await close(context, dispute, outcome);
  return dispute;
}

/**
 * The disputes job: disputes past their deadline without an answer are lost; sandbox disputes
 * whose review has ended are won. Each in its own transaction, re-checked under its lock, so
 * several workers may run it at once. Returns how many changed.
 */
export async function settleDueDisputes({ models, uow, clock }: ReadContext, { batch = 100 }: { batch?: number } = {}): Promise<SweepOutcome> {
  const now = clock.now();
  const unanswered = await models.Dispute.findAll({ where: { status: 'needs_response', responseDueBy: { [Op.lte]: now } }, attributes: ['id'], limit: batch });
  const reviewed = await models.Dispute.findAll({
    where: { status: 'under_review', livemode: false, reviewEndsAt: { [Op.lte]: now } },
    attributes: ['id'],
    limit: batch,
  });
  const lost = await sweep(
    unanswered.map(({ id }) => id),
    uow,
    async (transaction, id) => (await lockAndLoseIfLapsed({ models, clock }, transaction, id)).lost,
  );
  const won = await sweep(
    reviewed.map(({ id }) => id),
    uow,
    async (transaction, id) => {
      const context = { models, clock, transaction, requestId: null };
      const dispute = await lockDispute(context, { id }, id);
      if (dispute.status !== 'under_review' || !dispute.reviewEndsAt || dispute.reviewEndsAt > clock.now()) return false;
      await close(context, dispute, 'won');
      return true;
    },
  );
  return combined(lost, won);
}

/** One of the owner's disputes; one past its deadline without an answer is shown lost (and is, with its event). */
export async function getDispute({ models, uow, clock }: ReadContext, owner: Owner, { id }: { id: string }): Promise<DisputeRow> {
  const dispute = await models.Dispute.findOne({ where: { ...scopeOf(owner), id } });
  if (!dispute) throw notFound(id);
  if (!lapsed(dispute, clock.now())) return dispute;
  return uow.transaction(async (transaction) => (await lockAndLoseIfLapsed({ models, clock }, transaction, id)).dispute);
}

/**
 * A document sent as evidence on one of the owner's disputes: its description and its bytes, as
 * sent. Another owner's dispute, or a document of another dispute, is not found, as one that does
 * not exist.
 */
export async function getDisputeDocument(
  { models }: ReadContext,
  owner: Owner,
  { disputeId, documentId }: { disputeId: string; documentId: string },
): Promise<{ document: DisputeDocumentData; bytes: Buffer }> {
  const dispute = await models.Dispute.findOne({ where: { ...scopeOf(owner), id: disputeId }, attributes: ['id', 'evidence'] });
  if (!dispute) throw notFound(disputeId);
  const document = dispute.evidence.documents.find(({ id }) => id === documentId);
  const stored = document && (await models.DisputeDocument.findOne({ where: { id: documentId, disputeId } }));
  if (!document || !stored) throw new AppError('resource_not_found', `Dispute ${disputeId} has no document ${documentId}.`);
  return { document, bytes: Buffer.from(stored.data, 'base64') };
}

export interface DisputeFilter {
  status?: DisputeStatus | undefined;
  transaction?: string | undefined;
  /** A partner's narrowing to one of its merchants. */
  merchant?: string | undefined;
  created?: CreatedFilter | undefined;
}

/**
 * The subscriber's disputes (a merchant's, or all of a partner's merchants'), newest first. Its
 * disputes past their deadline without an answer are lost first (with their events), so a list
 * never shows as open what a read of one would show lost.
 */
export async function listDisputes(
  read: ReadContext,
  owner: Subscriber,
  { page, ...filter }: { page: PageRequest } & DisputeFilter,
): Promise<Page<DisputeRow>> {
  const { models, uow, clock } = read;
  const due = await models.Dispute.findAll({
    where: { ...subscriberScopeOf(owner), status: 'needs_response', responseDueBy: { [Op.lte]: clock.now() } },
    attributes: ['id'],
  });
  settledOrThrow(
    await sweep(
      due.map(({ id }) => id),
      uow,
      async (transaction, id) => (await lockAndLoseIfLapsed({ models, clock }, transaction, id)).lost,
    ),
  );
  const where: Record<string | symbol, unknown> = {};
  if (filter.status) where.status = filter.status;
  if (filter.transaction) where.transactionId = filter.transaction;
  // ANDed with the scope, never in place of it: another's merchant id finds nothing.
  if (filter.merchant) where[Op.and] = [{ merchantId: filter.merchant }];
  const created = createdRange(filter.created);
  if (created) where.createdAt = created;
  return paginate(models.Dispute, subscriberScopeOf(owner), page, where as WhereOptions);
}
