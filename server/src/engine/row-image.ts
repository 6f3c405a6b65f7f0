/**
 * How a table's columns and rows are encoded in row-based events: the column part of a Table_map event and the
 * size of a row image (binlog_row_image=FULL: every column, before and/or after the change), after the field
 * pack functions of the server (Field::pack per type) and Table_map_log_event::write_data_body. Pure.
 */
import type { ColumnConfig, ColumnType, SqlValue, TableConfig } from '../model/scenario';
import { bitmapSize, charsetLength, packedIntegerSize, utf8Length, type FlavorProfile } from './binlog-format';

/** Bytes of the fixed-size integer types (MYSQL_TYPE_TINY/SHORT/INT24/LONG/LONGLONG). */
const INTEGER_BYTES = { tinyint: 1, smallint: 2, mediumint: 3, int: 4, bigint: 8 } as const;

/** The most bytes a VARCHAR/CHAR value can take: declared characters × bytes per character of the charset. */
function maxByteLength(profile: FlavorProfile, type: { length: number }): number {
  return type.length * profile.charsetMaxBytes;
}

/**
 * Bytes of a column's entry in the Table_map metadata block: none for integers; 2 for VARCHAR (its maximum byte
 * length) and CHAR (real type + length); 1 for TEXT (the pack length of its length prefix).
 */
export function columnMetadataSize(type: ColumnType): number {
  switch (type.base) {
    case 'varchar':
    case 'char':
      return 2;
    case 'text':
      return 1;
    default:
      return 0;
  }
}

/** Whether the column is numeric (counted in Table_map's SIGNEDNESS optional metadata) or a character column. */
function isNumeric(column: ColumnConfig): boolean {
  return column.type.base !== 'varchar' && column.type.base !== 'char' && column.type.base !== 'text';
}

/**
 * Bytes of MySQL 8.0's optional Table_map metadata under binlog_row_metadata=MINIMAL
 * (Table_map_log_event::init_metadata_fields): each field is type (1) + packed length + value.
 * - SIGNEDNESS: one bit per numeric column, when there is one.
 * - DEFAULT_CHARSET: when there are character columns, the most used collation as a packed integer (every column of a
 *   table here uses the server default, so no per-column exceptions follow). With one collation for all columns
 *   MySQL always prefers it to COLUMN_CHARSET (which would repeat the collation per column).
 */
export function optionalMetadataSize(profile: FlavorProfile, table: TableConfig): number {
  if (!profile.tableMapOptionalMetadata) return 0;
  const numeric = table.columns.filter(isNumeric).length;
  const character = table.columns.length - numeric;
  const tlv = (valueBytes: number): number => 1 + packedIntegerSize(valueBytes) + valueBytes;
  let size = 0;
  if (numeric > 0) size += tlv(bitmapSize(numeric));
  if (character > 0) size += tlv(packedIntegerSize(profile.defaultCollationId));
  return size;
}

/**
 * Bytes of a Table_map event after the common header: table_id (6) + flags (2); db and table names, each with a
 * length byte and a terminating NUL; the column count (packed); one type byte per column; the metadata block with its
 * packed length; the nullability bitmap; then the optional metadata.
 */
export function tableMapBodySize(profile: FlavorProfile, table: TableConfig): number {
  const n = table.columns.length;
  const metadata = table.columns.reduce((sum, c) => sum + columnMetadataSize(c.type), 0);
  return (
    8 +
    (1 + utf8Length(table.database) + 1) +
    (1 + utf8Length(table.name) + 1) +
    packedIntegerSize(n) +
    n +
    packedIntegerSize(metadata) +
    metadata +
    bitmapSize(n) +
    optionalMetadataSize(profile, table)
  );
}

/** Bytes of one non-NULL value as Field::pack stores it in a row image. */
export function valueSize(profile: FlavorProfile, type: ColumnType, value: Exclude<SqlValue, null>): number {
  switch (type.base) {
    case 'tinyint':
    case 'smallint':
    case 'mediumint':
    case 'int':
    case 'bigint':
      return INTEGER_BYTES[type.base];
    case 'varchar': {
      // Field_varstring keeps a 1-byte length when the column's maximum byte length fits in one byte, else 2.
      const prefix = maxByteLength(profile, type) > 255 ? 2 : 1;
      return prefix + charsetLength(profile, String(value));
    }
    case 'char': {
      // Field_string::pack drops the trailing pad spaces and writes a 1-byte length (2 when the column can exceed 255 bytes).
      const prefix = maxByteLength(profile, type) > 255 ? 2 : 1;
      return prefix + charsetLength(profile, String(value).replace(/ +$/, ''));
    }
    case 'text':
      // TEXT is a BLOB with a 2-byte length prefix (pack length 2).
      return 2 + charsetLength(profile, String(value));
  }
}

/** Bytes of one row image: the NULL bitmap over the columns present (all of them under FULL), then the non-NULL values. */
export function rowImageSize(profile: FlavorProfile, table: TableConfig, row: Record<string, SqlValue>): number {
  let size = bitmapSize(table.columns.length);
  for (const column of table.columns) {
    const value = row[column.name];
    if (value === null || value === undefined) continue;
    size += valueSize(profile, column.type, value);
  }
  return size;
}

/**
 * Bytes of a rows event after the common header, before any row: the post-header (table_id 6 + flags 2, and in v2 the
 * 2-byte extra-data length), the column count (packed), the columns-present bitmap, and for updates the
 * columns-present-after bitmap (Rows_log_event::get_data_size without the rows).
 */
export function rowsEventFixedSize(profile: FlavorProfile, table: TableConfig, isUpdate: boolean): number {
  const n = table.columns.length;
  const postHeader = profile.rowsEventVersion === 2 ? 10 : 8;
  return postHeader + packedIntegerSize(n) + bitmapSize(n) * (isUpdate ? 2 : 1);
}
