import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { detectLanguage } from "../core/detect";
import type { LanguageId } from "../core/document";

/** A file the CLI will analyse. */
export interface InputFile {
  /** The path as the user will read it (relative when given relative). */
  path: string;
  uri: string;
  languageId: LanguageId;
  /** The whole text, or only its head when the file is over the size limit. */
  text: string;
  /** Size on disk in bytes. */
  size: number;
}

/** What collecting the inputs produced: files to analyse and problems to report. */
export interface CollectResult {
  files: InputFile[];
  /** Unreadable or missing paths: each makes the exit code 2. */
  errors: string[];
}

const SKIPPED_DIRECTORIES = new Set(["node_modules", ".git", "dist", "out"]);

/** Walks the paths (files or folders, recursively) and keeps the files whose language is detected. */
export function collectInputs(
  paths: readonly string[],
  maxFileSize: number,
): CollectResult {
  const files: InputFile[] = [];
  const errors: string[] = [];
  // Real paths of the files and folders read so far. A file reached twice (named twice, inside a
  // folder also named, or through a link such as `latest -> 2026-11-27`) would be reported twice
  // and paired with itself as a second router; a link to a parent folder made the walk endless.
  const seen = new Set<string>();
  const visit = (p: string, explicit: boolean): void => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (error) {
      errors.push(`${p}: ${describeFsError(error)}`);
      return;
    }
    const real = realPath(p);
    if (seen.has(real)) {
      return;
    }
    seen.add(real);
    if (stat.isDirectory()) {
      let entries: string[];
      try {
        entries = fs.readdirSync(p).sort();
      } catch (error) {
        errors.push(`${p}: ${describeFsError(error)}`);
        return;
      }
      for (const entry of entries) {
        if (!SKIPPED_DIRECTORIES.has(entry)) {
          visit(path.join(p, entry), false);
        }
      }
      return;
    }
    if (!stat.isFile()) {
      return;
    }
    // Oversized files are still listed so the report says why they were not analysed; read only a head to detect.
    let text: string;
    try {
      text = decode(
        stat.size > maxFileSize ? readHead(p, 65536) : fs.readFileSync(p),
      );
    } catch (error) {
      errors.push(`${p}: ${describeFsError(error)}`);
      return;
    }
    const languageId =
      detectLanguage(p, text) ?? (explicit ? guessExplicit(text) : undefined);
    if (!languageId) {
      return;
    }
    files.push({
      path: p,
      uri: pathToFileURL(path.resolve(p)).toString(),
      languageId,
      text,
      size: stat.size,
    });
  };
  for (const p of paths) {
    visit(p, true);
  }
  return { files, errors };
}

/** The path with its links resolved, or made absolute when it cannot be resolved. */
function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** A file named on the command line is analysed even when sniffing is unsure: as a config unless it looks like a log. */
function guessExplicit(text: string): LanguageId {
  return /\bISAKMP|IPSEC\(|IKEv2|%CRYPTO-/.test(text.slice(0, 65536))
    ? "cisco-ios-log"
    : "cisco-ios";
}

function readHead(p: string, bytes: number): Buffer {
  const fd = fs.openSync(p, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Decodes a file as text. Terminal programs on Windows save captures as UTF-16 with a byte order
 * mark; honouring it keeps such captures readable instead of calling them binary.
 */
export function decode(buffer: Buffer): string {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) {
    return buffer.subarray(2).toString("utf16le");
  }
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    // swap16 throws on an odd length: a truncated file drops its half character, as the LE path does.
    const swapped = Buffer.from(
      buffer.subarray(2, buffer.length - (buffer.length % 2)),
    );
    swapped.swap16();
    return swapped.toString("utf16le");
  }
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return buffer.subarray(3).toString("utf8");
  }
  return buffer.toString("utf8");
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") {
    return "no such file or folder";
  }
  if (code === "EACCES" || code === "EPERM") {
    return "permission denied";
  }
  return error instanceof Error ? error.message : String(error);
}
