// Column helpers that make both engines return the same JavaScript values: integer amounts as
// numbers (MySQL hands BIGINT back as strings), JSON documents as objects (MariaDB's JSON is
// LONGTEXT, which the mysql dialect does not parse), timestamps with milliseconds.
import { DataTypes, type ModelAttributeColumnOptions, type Model } from 'sequelize';

export function amountColumn(name: string, allowNull = false): ModelAttributeColumnOptions {
  return {
    type: DataTypes.BIGINT,
    allowNull,
    get(this: Model) {
      const raw = this.getDataValue(name) as number | string | null;
      return raw === null || raw === undefined ? raw : Number(raw);
    },
  };
}

export function jsonColumn(name: string, allowNull = false): ModelAttributeColumnOptions {
  return {
    type: DataTypes.TEXT('long'),
    allowNull,
    get(this: Model) {
      const raw = this.getDataValue(name) as string | null;
      return raw === null || raw === undefined ? raw : JSON.parse(raw);
    },
    set(this: Model, value: unknown) {
      this.setDataValue(name, value === null || value === undefined ? value : JSON.stringify(value));
    },
  };
}

export function timestampColumn(allowNull = false): ModelAttributeColumnOptions {
  return { type: DataTypes.DATE(3), allowNull };
}

export function booleanColumn(): ModelAttributeColumnOptions {
  return {
    type: DataTypes.BOOLEAN,
    allowNull: false,
  };
}
