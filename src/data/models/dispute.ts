import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';
import { amountColumn, booleanColumn, jsonColumn, longText, timestampColumn } from '../columns.js';

export type DisputeStatus = 'needs_response' | 'under_review' | 'won' | 'lost' | 'accepted';

/** A document's description as the dispute keeps it (its bytes: DisputeDocumentRow). */
export interface DisputeDocumentData {
  id: string;
  filename: string;
  contentType: 'application/pdf' | 'image/png' | 'image/jpeg';
  size: number;
  sha256: string;
  createdAt: string;
}

/** The evidence given so far: its fields (null when not given) and its documents. */
export interface DisputeEvidenceData {
  productDescription: string | null;
  customerCommunication: string | null;
  refundPolicy: string | null;
  shippingCarrier: string | null;
  shippingTrackingNumber: string | null;
  shippingDate: string | null;
  explanation: string | null;
  documents: DisputeDocumentData[];
}

/** A consumer's dispute of a captured transaction (domain/disputes.ts). */
export class DisputeRow extends Model<InferAttributes<DisputeRow>, InferCreationAttributes<DisputeRow>> {
  declare seq: CreationOptional<number>;
  declare id: string;
  declare merchantId: string;
  declare partnerId: string | null;
  declare livemode: boolean;
  declare transactionId: string;
  declare currency: string;
  declare amount: number;
  declare reason: string;
  declare status: DisputeStatus;
  declare responseDueBy: Date;
  declare evidence: DisputeEvidenceData;
  declare evidenceSubmittedAt: Date | null;
  /** When the lender's review of submitted evidence ends (the sandbox decides then); null when not under review. */
  declare reviewEndsAt: Date | null;
  declare closedAt: Date | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

/** A document's bytes, base64 (checked to be the PDF, PNG or JPEG its description says). */
export class DisputeDocumentRow extends Model<InferAttributes<DisputeDocumentRow>, InferCreationAttributes<DisputeDocumentRow>> {
  declare id: string;
  declare disputeId: string;
  declare contentType: DisputeDocumentData['contentType'];
  declare data: string;
  declare createdAt: Date;
}

export function defineDisputeModels(sequelize: Sequelize) {
  const Dispute = class extends DisputeRow {}.init(
    {
      seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      merchantId: { type: DataTypes.STRING(40), allowNull: false },
      partnerId: { type: DataTypes.STRING(40), allowNull: true },
      livemode: booleanColumn(),
      transactionId: { type: DataTypes.STRING(64), allowNull: false },
      currency: { type: DataTypes.CHAR(3), allowNull: false },
      amount: amountColumn('amount'),
      reason: { type: DataTypes.STRING(64), allowNull: false },
      status: { type: DataTypes.STRING(32), allowNull: false },
      responseDueBy: timestampColumn(),
      evidence: jsonColumn(sequelize, 'evidence'),
      evidenceSubmittedAt: timestampColumn(true),
      reviewEndsAt: timestampColumn(true),
      closedAt: timestampColumn(true),
      createdAt: timestampColumn(),
      updatedAt: timestampColumn(),
    },
    { sequelize, tableName: 'disputes', modelName: 'DisputeRow' },
  );
  const DisputeDocument = class extends DisputeDocumentRow {}.init(
    {
      id: { type: DataTypes.STRING(64), primaryKey: true },
      disputeId: { type: DataTypes.STRING(64), allowNull: false },
      contentType: { type: DataTypes.STRING(32), allowNull: false },
      data: { type: longText(sequelize), allowNull: false },
      createdAt: timestampColumn(),
    },
    { sequelize, tableName: 'dispute_documents', modelName: 'DisputeDocumentRow' },
  );
  return { Dispute, DisputeDocument };
}
