import * as fs from "node:fs";
import {
  FileChangeType,
  type Connection,
  type InitializeParams,
  type TextDocuments,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { WorkspaceConfig, WorkspaceView } from "../core/checks/check";
import {
  detectLanguage,
  languageFromName,
  SNIFFED_EXTENSIONS,
} from "../core/detect";
import { DEFAULT_ANALYSIS_SETTINGS } from "../core/document";
import { parseDocument } from "../core/languageService";
import {
  analyseWorkspace,
  partnersOf,
  type WorkspaceAnalysis,
} from "../core/peers/analysis";
import type { ServerSettings } from "../core/settings";
import type { DiagnosticsPublisher } from "./diagnostics";
import type { ModelCache } from "./modelCache";

/**
 * The index of every Cisco IOS config of the workspace folders, open in the editor or not, so the
 * peer checks see both ends of a tunnel. It reads the folders once at start, then follows file
 * events; an open document always wins over the file on disk. Folders and files that
 * `files.exclude` hides are skipped, and so are files over the size limit.
 */

/** What the index needs from the server. */
export interface IndexOptions {
  /** Files larger than this are not indexed (the `ipsecLens.maxFileSize` setting). */
  maxFileSize(): number;
  /** Whether files of sniffed endings (.txt, .cfg...) are indexed when their content looks like a config. */
  detectLanguage(): boolean;
  log(message: string): void;
}

/** A change of a file on disk, as `workspace/didChangeWatchedFiles` reports it. */
export interface FileChange {
  uri: string;
  type: "created" | "changed" | "deleted";
}

/** Directories never worth walking. */
const SKIPPED_DIRECTORIES = new Set([".git", "node_modules", ".hg", ".svn"]);

/** How many bytes are read to decide whether a file of a sniffed ending is a config. */
const SNIFF_BYTES = 16 * 1024;

/** Files up to this size are read whole rather than sniffed from their head first. */
const WHOLE_READ_BYTES = 256 * 1024;

/** How many files are read at once. */
const CONCURRENCY = 32;

/**
 * Turns a `files.exclude` glob into a regular expression over a folder-relative path with `/`
 * separators. Supports `**`, `*`, `?`, `{a,b}` and `[...]`, which is what the setting uses.
 */
export function globToRegExp(glob: string): RegExp {
  let out = "";
  let i = 0;
  let braces = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      out += slash ? "(?:[^/]*/)*" : ".*";
      i += slash ? 3 : 2;
      continue;
    }
    if (c === "*") {
      out += "[^/]*";
    } else if (c === "?") {
      out += "[^/]";
    } else if (c === "{") {
      braces++;
      out += "(?:";
    } else if (c === "}" && braces) {
      braces--;
      out += ")";
    } else if (c === "," && braces) {
      out += "|";
    } else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end > i) {
        out += `[${glob
          .slice(i + 1, end)
          .replace(/\\/g, "\\\\")
          .replace(/^!/, "^")}]`;
        i = end + 1;
        continue;
      }
      out += "\\[";
    } else {
      out += c.replace(/[.+^$()|\\/]/g, "\\$&");
    }
    i++;
  }
  return new RegExp(`^(?:${out})$`);
}

/** Compiles the `files.exclude` object: patterns set to `true` exclude (conditional ones are ignored). */
export function compileExcludes(excludes: unknown): RegExp[] {
  if (!excludes || typeof excludes !== "object") {
    return [];
  }
  return Object.entries(excludes as Record<string, unknown>)
    .filter(([, on]) => on === true)
    .map(([glob]) =>
      globToRegExp(glob.replace(/^\.\//, "").replace(/\/$/, "")),
    );
}

/** An indexed file. */
interface Entry {
  config: WorkspaceConfig;
  mtimeMs: number;
  size: number;
}

/** The index; see the file comment. */
export class WorkspaceIndex {
  private folders: string[] = [];
  private excludes: RegExp[] = [];
  private readonly disk = new Map<string, Entry>();
  private cached: WorkspaceView | undefined;
  private readonly listeners: ((uris: string[]) => void)[] = [];

  constructor(
    private readonly options: IndexOptions,
    /** The Cisco IOS documents open in the editor, parsed (they win over the disk). */
    private readonly openConfigs: () => WorkspaceConfig[],
  ) {}

  /** How many files on disk are indexed. */
  get size(): number {
    return this.disk.size;
  }

  /** Calls the listener with the URIs whose content changed in the index. */
  onDidChange(listener: (uris: string[]) => void): void {
    this.listeners.push(listener);
  }

  /** Every config of the workspace, open documents in place of their files on disk. The same object until something changes. */
  view(): WorkspaceView {
    if (!this.cached) {
      const byUri = new Map<string, WorkspaceConfig>();
      for (const [uri, entry] of this.disk) {
        byUri.set(uri, entry.config);
      }
      for (const config of this.openConfigs()) {
        byUri.set(config.uri, config);
      }
      // Sorted by URI, so the pairs and their messages come out the same whatever the order of events.
      const configs = [...byUri.values()].sort((a, b) =>
        a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0,
      );
      // The clock when the view is made: certificates are judged at it until the next change.
      this.cached = { configs, now: Date.now() };
    }
    return this.cached;
  }

  /** An open document was opened, edited or closed. */
  openDocumentChanged(uri: string): void {
    this.cached = undefined;
    this.emit([uri]);
  }

  /** Indexes the folders from scratch (at start, and when the exclusions or the size limit change). */
  async setFolders(
    folders: readonly string[],
    excludes: unknown,
  ): Promise<void> {
    this.folders = folders.map((f) => path.resolve(f));
    this.excludes = compileExcludes(excludes);
    const before = new Set(this.disk.keys());
    this.disk.clear();
    const files = await this.filesUnder(this.folders);
    await pool(files, CONCURRENCY, (file) => this.load(file));
    this.cached = undefined;
    this.emit([...new Set([...before, ...this.disk.keys()])]);
  }

  /**
   * Adds and removes workspace folders while the server runs: the added folders are walked and
   * indexed, and the files only removed folders held are dropped (a file a remaining folder still
   * covers, as with nested folders, stays). Returns the URIs whose indexed content changed.
   */
  async changeFolders(
    added: readonly string[],
    removed: readonly string[],
  ): Promise<string[]> {
    const gone = new Set(removed.map((f) => path.resolve(f)));
    this.folders = this.folders.filter((f) => !gone.has(f));
    const changed: string[] = [];
    for (const uri of [...this.disk.keys()]) {
      if (!this.inFolders(fileURLToPath(uri))) {
        this.disk.delete(uri);
        changed.push(uri);
      }
    }
    const fresh = [...new Set(added.map((f) => path.resolve(f)))].filter(
      (f) => !this.folders.includes(f),
    );
    this.folders.push(...fresh);
    const files = await this.filesUnder(fresh);
    await pool(files, CONCURRENCY, async (file) => {
      const uri = await this.reload(file);
      if (uri) {
        changed.push(uri);
      }
    });
    return this.announce(changed);
  }

  /** Applies file events; returns the URIs whose indexed content changed. */
  async applyFileChanges(changes: readonly FileChange[]): Promise<string[]> {
    const changed: string[] = [];
    for (const change of changes) {
      let file: string;
      try {
        file = fileURLToPath(change.uri);
      } catch {
        continue;
      }
      const uri = pathToFileURL(file).toString();
      if (change.type === "deleted") {
        // A deleted folder arrives as one event: drop everything under it.
        const prefix = uri.endsWith("/") ? uri : `${uri}/`;
        for (const key of [...this.disk.keys()]) {
          if (key === uri || key.startsWith(prefix)) {
            this.disk.delete(key);
            changed.push(key);
          }
        }
        continue;
      }
      if (!this.inFolders(file) || this.excluded(file)) {
        continue;
      }
      if (await this.reload(file)) {
        changed.push(uri);
      }
    }
    return this.announce(changed);
  }

  /** The files under the folders, each once (nested folders list the same files twice). */
  private async filesUnder(folders: readonly string[]): Promise<string[]> {
    const files: string[] = [];
    const walk: Walk = {
      roots: await Promise.all(folders.map(realPathOf)),
      linkedFolders: new Set(),
    };
    for (const folder of folders) {
      await this.walk(folder, folder, files, walk);
    }
    const unique = [...new Set(files)];
    return walk.linkedFolders.size || walk.linkedFiles
      ? onePathPerFile(unique)
      : unique;
  }

  /** Reads a file into the index again; its URI when its indexed content changed. */
  private async reload(file: string): Promise<string | undefined> {
    const uri = pathToFileURL(file).toString();
    const had = this.disk.get(uri);
    await this.load(file);
    return had !== this.disk.get(uri) ? uri : undefined;
  }

  /** Tells the listeners about changed URIs (if any) and returns them. */
  private announce(changed: string[]): string[] {
    if (changed.length) {
      this.cached = undefined;
      this.emit(changed);
    }
    return changed;
  }

  private emit(uris: string[]): void {
    for (const listener of this.listeners) {
      try {
        listener(uris);
      } catch (error) {
        this.options.log(`workspace index listener failed: ${String(error)}`);
      }
    }
  }

  private inFolders(file: string): boolean {
    return this.folders.some(
      (f) =>
        file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep),
    );
  }

  private relative(file: string): string | undefined {
    for (const folder of this.folders) {
      const rel = path.relative(folder, file);
      if (rel && !rel.startsWith("..") && !path.isAbsolute(rel)) {
        return rel.split(path.sep).join("/");
      }
    }
    return undefined;
  }

  private excluded(file: string): boolean {
    const rel = this.relative(file);
    if (rel === undefined) {
      return false;
    }
    const parts = rel.split("/");
    if (parts.some((p) => SKIPPED_DIRECTORIES.has(p))) {
      return true;
    }
    // A pattern that matches a parent folder hides everything below it.
    for (let n = 1; n <= parts.length; n++) {
      const prefix = parts.slice(0, n).join("/");
      if (this.excludes.some((r) => r.test(prefix))) {
        return true;
      }
    }
    return false;
  }

  private async walk(
    root: string,
    dir: string,
    out: string[],
    walk: Walk,
  ): Promise<void> {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (error) {
      this.options.log(`cannot read folder ${dir}: ${String(error)}`);
      return;
    }
    const folders: string[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join("/");
      if (this.excludes.some((r) => r.test(rel))) {
        continue;
      }
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) {
          folders.push(full);
        }
      } else if (entry.isFile() && this.candidate(entry.name)) {
        out.push(full);
      } else if (entry.isSymbolicLink()) {
        const target = await linkTarget(full, walk);
        if (target === "folder" && !SKIPPED_DIRECTORIES.has(entry.name)) {
          folders.push(full);
        } else if (target === "file" && this.candidate(entry.name)) {
          out.push(full);
        }
      }
    }
    // Sibling folders are read at once: a workspace of many small folders is bound by latency.
    await Promise.all(folders.map((f) => this.walk(root, f, out, walk)));
  }

  /** True when a file name may hold a config: named like one, or of an ending that is sniffed. */
  private candidate(name: string): boolean {
    const byName = languageFromName(name);
    if (byName) {
      return byName === "cisco-ios";
    }
    if (!this.options.detectLanguage()) {
      return false;
    }
    const dot = name.lastIndexOf(".");
    const ext = dot > 0 ? name.slice(dot).toLowerCase() : "";
    return SNIFFED_EXTENSIONS.includes(ext);
  }

  /** Reads, detects and parses one file; removes it from the index when it is no longer a config. */
  private async load(file: string): Promise<void> {
    const uri = pathToFileURL(file).toString();
    const name = path.basename(file);
    if (!this.candidate(name)) {
      this.disk.delete(uri);
      return;
    }
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file);
    } catch {
      this.disk.delete(uri);
      return;
    }
    const old = this.disk.get(uri);
    if (old && old.mtimeMs === stat.mtimeMs && old.size === stat.size) {
      return;
    }
    if (!stat.isFile() || stat.size > this.options.maxFileSize()) {
      this.disk.delete(uri);
      return;
    }
    try {
      const byName = languageFromName(name) === "cisco-ios";
      // Small files are read whole at once; a large one is sniffed from its head first.
      let text =
        byName || stat.size <= WHOLE_READ_BYTES
          ? await fs.promises.readFile(file, "utf8")
          : undefined;
      if (!byName) {
        const head =
          text?.slice(0, SNIFF_BYTES) ?? (await readHead(file, SNIFF_BYTES));
        if (detectLanguage(name, head) !== "cisco-ios") {
          this.disk.delete(uri);
          return;
        }
      }
      text ??= await fs.promises.readFile(file, "utf8");
      const parsed = parseDocument(
        { uri, languageId: "cisco-ios", text, size: stat.size },
        {
          ...DEFAULT_ANALYSIS_SETTINGS,
          maxFileSize: this.options.maxFileSize(),
        },
      );
      if (parsed.kind !== "config") {
        this.disk.delete(uri);
        return;
      }
      this.disk.set(uri, {
        config: { uri, model: parsed.model },
        mtimeMs: stat.mtimeMs,
        size: stat.size,
      });
    } catch (error) {
      this.options.log(`cannot index ${file}: ${String(error)}`);
      this.disk.delete(uri);
    }
  }
}

async function readHead(file: string, bytes: number): Promise<string> {
  const handle = await fs.promises.open(file, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
}

/** Runs the task over the items with at most `limit` running at once. */
async function pool<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await task(item);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
}

/** The local paths of folder URIs (other schemes have no files to read). */
function folderPaths(uris: readonly string[]): string[] {
  return uris.flatMap((uri) => {
    try {
      return uri.startsWith("file:") ? [fileURLToPath(uri)] : [];
    } catch {
      return [];
    }
  });
}

/** How long file and document changes gather before the peers they touch are re-published. */
const PEER_REFRESH_DELAY_MS = 200;

/**
 * The index inside the language server: it remembers the workspace folders from `initialize`,
 * scans them once the settings are known, follows `workspace/didChangeWatchedFiles` and open
 * documents, and re-publishes the diagnostics of open documents that pair with what changed.
 */
export class WorkspaceIndexSession {
  readonly index: WorkspaceIndex;
  private roots: string[] = [];
  private canPullConfiguration = false;
  private foldersChange = false;
  private codeLensRefresh = false;
  private excludes: unknown = {};
  private detect = true;
  private scannedWith = "";
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private previous: WorkspaceAnalysis | undefined;
  private work: Promise<void> = Promise.resolve();
  private markScanned: () => void = () => undefined;
  private readonly scanned = new Promise<void>((resolve) => {
    this.markScanned = resolve;
  });

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly cache: ModelCache,
    private readonly settings: () => ServerSettings,
    private readonly diagnostics: DiagnosticsPublisher,
    private readonly log: (message: string) => void,
  ) {
    this.index = new WorkspaceIndex(
      {
        maxFileSize: () => this.settings().analysis.maxFileSize,
        detectLanguage: () => this.detect,
        log,
      },
      () => this.openConfigs(),
    );
    const changed = (e: { document: TextDocument }): void => {
      if (e.document.languageId === "cisco-ios") {
        this.index.openDocumentChanged(e.document.uri);
      }
    };
    documents.onDidOpen(changed);
    documents.onDidChangeContent(changed);
    documents.onDidClose(changed);
    this.index.onDidChange((uris) => this.queue(uris));
    connection.onDidChangeWatchedFiles((params) => {
      const changes: FileChange[] = params.changes.map((c) => ({
        uri: c.uri,
        type:
          c.type === FileChangeType.Created
            ? "created"
            : c.type === FileChangeType.Deleted
              ? "deleted"
              : "changed",
      }));
      void this.enqueue(() => this.index.applyFileChanges(changes));
    });
  }

  /** Remembers the folders and what the client supports; call from `onInitialize`. */
  initialize(params: InitializeParams): void {
    const uris =
      params.workspaceFolders?.map((f) => f.uri) ??
      (params.rootUri ? [params.rootUri] : []);
    this.roots = folderPaths(uris);
    this.foldersChange =
      params.capabilities.workspace?.workspaceFolders === true;
    this.canPullConfiguration =
      params.capabilities.workspace?.configuration === true;
    this.codeLensRefresh =
      params.capabilities.workspace?.codeLens?.refreshSupport === true;
  }

  /**
   * Follows `workspace/didChangeWorkspaceFolders`: call from `onInitialized`, once the server's
   * capabilities (`workspace.workspaceFolders.changeNotifications`) went out, so the client sends
   * the notification without a registration. Clients without workspace folders send nothing.
   */
  followFolderChanges(): void {
    if (!this.foldersChange) {
      return;
    }
    this.connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const added = folderPaths(event.added.map((f) => f.uri));
      const removed = new Set(folderPaths(event.removed.map((f) => f.uri)));
      this.roots = [
        ...this.roots.filter((r) => !removed.has(r)),
        ...added.filter((a) => !this.roots.includes(a)),
      ];
      void this.enqueue(async () => {
        if (!this.scannedWith) {
          // No scan yet (the first one is still to come, or there was no folder): scan them all.
          await this.rescan();
          return;
        }
        await this.index.changeFolders(added, [...removed]);
        this.scannedWith = this.scanKey();
      });
    });
  }

  /** Resolves once the first scan and every file event received so far are in the index. */
  ready(): Promise<void> {
    return Promise.all([this.scanned, this.work]).then(() => undefined);
  }

  /** Runs index work one task after another, so events apply in the order they came. */
  private enqueue(task: () => Promise<unknown>): Promise<void> {
    this.work = this.work.then(task).then(
      () => undefined,
      (error: unknown) => this.log(`workspace index: ${String(error)}`),
    );
    return this.work;
  }

  /** Reads `files.exclude` and the settings the index depends on, and rescans when they changed (or never ran). */
  refresh(): Promise<void> {
    return this.enqueue(() => this.rescan()).then(() => this.markScanned());
  }

  private async rescan(): Promise<void> {
    if (this.canPullConfiguration) {
      try {
        const [excludes, lens] =
          (await this.connection.workspace.getConfiguration([
            { section: "files.exclude" },
            { section: "ipsecLens" },
          ])) as [unknown, { detectLanguage?: unknown } | undefined];
        this.excludes = excludes ?? {};
        this.detect = lens?.detectLanguage !== false;
      } catch (error) {
        this.log(`could not read files.exclude: ${String(error)}`);
      }
    }
    const key = this.scanKey();
    if (key === this.scannedWith || !this.roots.length) {
      return;
    }
    this.scannedWith = key;
    const started = Date.now();
    await this.index.setFolders(this.roots, this.excludes);
    this.connection.console.info(
      `workspace index: ${this.index.size} Cisco IOS config(s) in ${Date.now() - started} ms`,
    );
  }

  /** What a scan depends on: when it changes, the folders are read again. */
  private scanKey(): string {
    return JSON.stringify([
      [...this.roots].sort(),
      this.excludes,
      this.detect,
      this.settings().analysis.maxFileSize,
    ]);
  }

  private openConfigs(): WorkspaceConfig[] {
    const out: WorkspaceConfig[] = [];
    for (const document of this.documents.all()) {
      if (document.languageId !== "cisco-ios") {
        continue;
      }
      const parsed = this.cache.get(document);
      if (parsed.kind === "config") {
        out.push({ uri: parsed.uri, model: parsed.model });
      }
    }
    return out;
  }

  private queue(uris: readonly string[]): void {
    for (const uri of uris) {
      this.pending.add(uri);
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), PEER_REFRESH_DELAY_MS);
  }

  /** Re-publishes the open documents that paired, or now pair, with a changed config, and open captures. */
  private flush(): void {
    const changed = [...this.pending];
    this.pending.clear();
    try {
      const analysis = analyseWorkspace(this.index.view());
      const touched = new Set<string>();
      for (const uri of changed) {
        for (const a of [this.previous, analysis]) {
          if (a) {
            for (const partner of partnersOf(a, uri)) {
              touched.add(partner);
            }
          }
        }
      }
      this.previous = analysis;
      // Open captures read the workspace's configs too (the config at fault, printed
      // configurations paired with files); their models are cached, so this is the checks only.
      for (const document of this.documents.all()) {
        if (document.languageId === "cisco-ios-log") {
          touched.add(document.uri);
        }
      }
      for (const uri of touched) {
        const document = this.documents.get(uri);
        if (document) {
          this.diagnostics.schedule(document, 0);
        }
      }
      if (this.codeLensRefresh) {
        void this.connection
          .sendRequest("workspace/codeLens/refresh")
          .catch(() => undefined);
      }
    } catch (error) {
      this.log(`workspace index refresh failed: ${String(error)}`);
    }
  }
}

/** What one indexing walk knows of links: where the folders really are, and the links followed. */
interface Walk {
  /** The workspace folders' real paths. */
  roots: string[];
  /** Real paths of the linked folders entered so far. */
  linkedFolders: Set<string>;
  /** Whether a linked file was listed. */
  linkedFiles?: boolean;
}

/**
 * The files with each real file once: two links can reach one folder (a link to its parent, or
 * to a folder inside another linked one). The shortest path wins, so the result does not depend
 * on which folder was read first.
 */
async function onePathPerFile(files: string[]): Promise<string[]> {
  const sorted = [...files].sort(
    (a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0),
  );
  const reals = await Promise.all(sorted.map(realPathOf));
  const seen = new Set<string>();
  return sorted.filter((_, i) => {
    const real = reals[i]!;
    if (seen.has(real)) {
      return false;
    }
    seen.add(real);
    return true;
  });
}

async function realPathOf(p: string): Promise<string> {
  try {
    return await fs.promises.realpath(p);
  } catch {
    return path.resolve(p);
  }
}

function isInside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * Whether to follow a symbolic link, and to what. A link whose target lies in a workspace folder
 * is not followed: the target is indexed at its own path, and following it would index the same
 * router twice (and pair it with itself). A linked folder outside is entered once, so a link to a
 * parent cannot make the walk endless.
 */
async function linkTarget(
  link: string,
  walk: Walk,
): Promise<"file" | "folder" | undefined> {
  let stat: fs.Stats;
  let real: string;
  try {
    [stat, real] = await Promise.all([
      fs.promises.stat(link),
      fs.promises.realpath(link),
    ]);
  } catch {
    return undefined; // A dangling link.
  }
  if (walk.roots.some((root) => isInside(real, root))) {
    return undefined;
  }
  if (stat.isDirectory()) {
    if (walk.linkedFolders.has(real)) {
      return undefined;
    }
    walk.linkedFolders.add(real);
    return "folder";
  }
  if (!stat.isFile()) {
    return undefined;
  }
  walk.linkedFiles = true;
  return "file";
}
