/**
 * The building blocks of the binary-log format that every event shares, and what differs between the flavors:
 * the common header, the CRC32 footer, MySQL's packed integers, and a per-flavor profile of the choices a default
 * server makes (checksums, GTID events, rows-event version, Query status variables, character set).
 * Pure: values in, values out.
 */
import type { Flavor } from '../model/scenario';

/** Timestamp 4, type 1, server_id 4, event size 4, end position 4, flags 2 (LOG_EVENT_HEADER_LEN). */
export const COMMON_HEADER_SIZE = 19;

/** The CRC32 that binlog_checksum=CRC32 (the default since MySQL 5.6.6 and MariaDB 10.2) appends to every event. */
export const CRC32_SIZE = 4;

/** What a server of one flavor writes by default; every figure is used by the event-size functions. */
export interface FlavorProfile {
  flavor: Flavor;
  /** binlog_checksum appeared in MySQL 5.6: a 5.5 server writes no CRC32 and its Format_desc has no algorithm byte. */
  checksum: boolean;
  /**
   * Entries of the Format_desc post-header-length table: one byte per event type the server knows
   * (LOG_EVENT_TYPES). MySQL 5.5: 27; 5.7: 38 (up to XA_PREPARE); 8.0.30: 41 (+ PARTIAL_UPDATE_ROWS,
   * TRANSACTION_PAYLOAD, HEARTBEAT_V2); 8.4: 42 (+ GTID_TAGGED); MariaDB 10.11: 171 (its own types run up to 0xab),
   * which gives the observed 252-byte event.
   */
  eventTypeCount: number;
  /** The version string Format_desc carries (only the Info text depends on it: the field is a fixed 50 bytes). */
  serverVersion: string;
  /** Which transaction-header event it writes: none (5.5), MySQL's Gtid/Anonymous_Gtid, or MariaDB's Gtid. */
  gtidEvent: 'none' | 'mysql-5.7' | 'mysql-8.0' | 'mariadb';
  /** Rows events: v1 (5.5, and MariaDB, which never adopted v2) has an 8-byte post-header; v2 (MySQL 5.6+) adds a 2-byte extra-data length. */
  rowsEventVersion: 1 | 2;
  /** MySQL 5.6+ writes Q_UPDATED_DB_NAMES (the databases a statement-format DML or DDL touched, for the parallel applier). */
  updatedDbNames: boolean;
  /**
   * Bytes of the Query status variables every Query event carries: Q_FLAGS2 (1+4), Q_SQL_MODE (1+8),
   * Q_CATALOG_NZ "std" (1+1+3), Q_CHARSET (1+6) = 26; MySQL 8.0 adds Q_DEFAULT_COLLATION_FOR_UTF8MB4 (1+2),
   * which its Query_log_event constructor fills unconditionally.
   */
  queryStatusBase: number;
  /** MySQL 8.0's Table_map carries optional metadata (binlog_row_metadata=MINIMAL: signedness, default charset). */
  tableMapOptionalMetadata: boolean;
  /** MariaDB writes an Annotate_rows event (the statement text) before the row events (binlog_annotate_row_events=ON). */
  annotateRows: boolean;
  /**
   * Bytes per character of the server's default character set, which sizes VARCHAR/CHAR columns (1- or 2-byte length
   * prefix) and how a string value is stored: latin1 (1) for MySQL 5.5/5.7; utf8mb4 (4) for MySQL 8.0/8.4; utf8mb4 for
   * MariaDB 10.11 as Debian packages it (its 50-server.cnf sets character-set-server=utf8mb4; upstream's default is latin1).
   */
  charsetMaxBytes: 1 | 4;
  /** The collation id the optional Table_map metadata names for character columns (utf8mb4_0900_ai_ci = 255). */
  defaultCollationId: number;
  /** The table_id SHOW BINLOG EVENTS shows for the first user table a fresh server opens (Info only; sizes never depend on it). */
  firstTableId: number;
}

/** What a default MySQL 8.0.30+ server writes; 8.4 differs only in its Format_description. */
const MYSQL_80: FlavorProfile = {
  flavor: 'mysql-8.0',
  checksum: true,
  eventTypeCount: 41,
  serverVersion: '8.0.33',
  gtidEvent: 'mysql-8.0',
  rowsEventVersion: 2,
  updatedDbNames: true,
  queryStatusBase: 29,
  tableMapOptionalMetadata: true,
  annotateRows: false,
  charsetMaxBytes: 4,
  defaultCollationId: 255,
  firstTableId: 89,
};

const PROFILES: Record<Flavor, FlavorProfile> = {
  'mysql-5.5': {
    flavor: 'mysql-5.5',
    checksum: false,
    eventTypeCount: 27,
    serverVersion: '5.5.62-log',
    gtidEvent: 'none',
    rowsEventVersion: 1,
    updatedDbNames: false,
    queryStatusBase: 26,
    tableMapOptionalMetadata: false,
    annotateRows: false,
    charsetMaxBytes: 1,
    defaultCollationId: 8,
    firstTableId: 33,
  },
  'mysql-5.7': {
    flavor: 'mysql-5.7',
    checksum: true,
    eventTypeCount: 38,
    serverVersion: '5.7.44-log',
    gtidEvent: 'mysql-5.7',
    rowsEventVersion: 2,
    updatedDbNames: true,
    queryStatusBase: 26,
    tableMapOptionalMetadata: false,
    annotateRows: false,
    charsetMaxBytes: 1,
    defaultCollationId: 8,
    firstTableId: 108,
  },
  'mysql-8.0': MYSQL_80,
  // 8.4 writes what 8.0 writes, with one more event type in its Format_description.
  'mysql-8.4': { ...MYSQL_80, flavor: 'mysql-8.4', eventTypeCount: 42, serverVersion: '8.4.3' },
  'mariadb-10.11': {
    flavor: 'mariadb-10.11',
    checksum: true,
    eventTypeCount: 171,
    serverVersion: '10.11.19-MariaDB-0+deb12u1-log',
    gtidEvent: 'mariadb',
    rowsEventVersion: 1,
    updatedDbNames: false,
    queryStatusBase: 26,
    tableMapOptionalMetadata: false,
    annotateRows: true,
    charsetMaxBytes: 4,
    defaultCollationId: 45,
    firstTableId: 18,
  },
};

/** The defaults of a server of `flavor`. */
export function flavorProfile(flavor: Flavor): FlavorProfile {
  return PROFILES[flavor];
}

/** The full size of an event whose post-header and body take `bodySize` bytes: common header + body + CRC32 (if any). */
export function eventSize(profile: FlavorProfile, bodySize: number): number {
  return COMMON_HEADER_SIZE + bodySize + (profile.checksum ? CRC32_SIZE : 0);
}

/**
 * Bytes of a MySQL packed ("length-encoded") integer, as net_store_length writes it:
 * 1 byte below 251, 0xfc + 2 bytes below 2^16, 0xfd + 3 bytes below 2^24, 0xfe + 8 bytes beyond.
 */
export function packedIntegerSize(n: number): number {
  if (n < 251) return 1;
  if (n < 65536) return 3;
  if (n < 16777216) return 4;
  return 9;
}

/** Bytes of a bitmap with one bit per item (no_bytes_in_map / the null-bit arrays). */
export function bitmapSize(bits: number): number {
  return Math.ceil(bits / 8);
}

/** UTF-8 byte length of a string (identifiers are utf8 in the binlog; statement text as the client sent it). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** Bytes a string value takes in a column of the server's default charset (latin1: one per character). */
export function charsetLength(profile: FlavorProfile, s: string): number {
  return profile.charsetMaxBytes === 1 ? [...s].length : utf8Length(s);
}
