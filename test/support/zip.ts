import * as fs from "node:fs";
import * as zlib from "node:zlib";

/** One file of a zip archive (a .vsix is one). */
export interface ZipEntry {
  name: string;
  compressedSize: number;
  size: number;
  /** The file's bytes, inflated. */
  read(): Buffer;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/**
 * Lists a zip archive's files from its central directory. Enough for the archives vsce writes
 * (no zip64, stored or deflated entries); anything else is an error, never a silent guess.
 */
export function readZip(file: string): ZipEntry[] {
  const data = fs.readFileSync(file);
  // The end record is the last 22 bytes plus an optional comment of up to 65535 bytes.
  let end = -1;
  for (
    let i = data.length - 22;
    i >= Math.max(0, data.length - 22 - 65535);
    i--
  ) {
    if (data.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) {
    throw new Error(`${file} is not a zip archive`);
  }
  const count = data.readUInt16LE(end + 10);
  let offset = data.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (data.readUInt32LE(offset) !== CENTRAL_DIRECTORY_HEADER) {
      throw new Error(`${file}: bad central directory entry ${n}`);
    }
    const method = data.readUInt16LE(offset + 10);
    const compressedSize = data.readUInt32LE(offset + 20);
    const size = data.readUInt32LE(offset + 24);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    const localOffset = data.readUInt32LE(offset + 42);
    const name = data.toString("utf8", offset + 46, offset + 46 + nameLength);
    entries.push({
      name,
      compressedSize,
      size,
      read: () =>
        readLocal(data, file, name, localOffset, method, compressedSize),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function readLocal(
  data: Buffer,
  file: string,
  name: string,
  offset: number,
  method: number,
  compressedSize: number,
): Buffer {
  if (data.readUInt32LE(offset) !== LOCAL_FILE_HEADER) {
    throw new Error(`${file}: bad local header for ${name}`);
  }
  const start =
    offset +
    30 +
    data.readUInt16LE(offset + 26) +
    data.readUInt16LE(offset + 28);
  const raw = data.subarray(start, start + compressedSize);
  if (method === 0) {
    return Buffer.from(raw);
  }
  if (method === 8) {
    return zlib.inflateRawSync(raw);
  }
  throw new Error(`${file}: ${name} uses compression method ${method}`);
}
