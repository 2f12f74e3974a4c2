import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { packageVsix } from "../support/vsix";
import { readZip, type ZipEntry } from "../support/zip";

/**
 * The .vsix that users install: `npm run package` must put in it what the extension needs at run
 * time and nothing else (the allow-list in .vscodeignore), production bundles, a manifest a
 * Marketplace page can show, and stay small.
 */

/** What the package may hold, under `extension/`. */
const ALLOWED = [
  /^package\.json$/,
  /^readme\.md$/,
  /^changelog\.md$/,
  /^LICENSE\.txt$/,
  /^dist\/(client|server)\.js$/,
  /^syntaxes\/[\w.-]+\.tmLanguage\.json$/,
  /^language-configuration\/[\w.-]+\.json$/,
  /^images\/icon\.png$/,
  /^docs\/[\w.-]+\.md$/,
];

/** The parts of the manifest this test reads. */
interface Manifest {
  main: string;
  icon: string;
  displayName?: string;
  description?: string;
  categories?: string[];
  keywords?: string[];
  license?: string;
  repository?: { url?: string };
  activationEvents?: string[];
  capabilities?: { untrustedWorkspaces?: { supported?: boolean | string } };
  contributes: {
    languages: { id: string; configuration?: string }[];
    grammars: { path: string }[];
    commands?: {
      command: string;
      title: string;
      category?: string;
      icon?: string;
    }[];
    menus?: Record<string, { command: string; when?: string }[]>;
  };
}

describe("the packaged extension (.vsix)", function () {
  // Production bundles plus vsce take a few seconds; once per test run.
  this.timeout(180_000);
  let vsix: string;
  let files: Map<string, ZipEntry>;
  let manifest: Manifest;

  before(function () {
    vsix = packageVsix();
    files = new Map(
      readZip(vsix)
        .filter((entry) => entry.name.startsWith("extension/"))
        .map((entry) => [entry.name.slice("extension/".length), entry]),
    );
    const entry = files.get("package.json");
    assert.ok(entry, "the package holds its manifest");
    manifest = JSON.parse(entry.read().toString("utf8")) as Manifest;
  });

  it("holds only what the extension needs at run time", function () {
    const unexpected = [...files.keys()].filter(
      (name) => !ALLOWED.some((pattern) => pattern.test(name)),
    );
    assert.deepEqual(unexpected, [], "files outside the allow-list");
    assert.ok(
      !files.has("dist/cli.js"),
      "the CLI ships with npm, not the .vsix",
    );
  });

  it("holds every file the manifest points at", function () {
    const wanted = [
      manifest.main.replace(/^\.\//, ""),
      "dist/server.js",
      manifest.icon,
      ...manifest.contributes.grammars.map((grammar) => grammar.path),
      ...manifest.contributes.languages.flatMap((language) =>
        language.configuration ? [language.configuration] : [],
      ),
      "readme.md",
      "changelog.md",
      "LICENSE.txt",
      "docs/diagnostics.md",
    ].map((file) => file.replace(/^\.\//, ""));
    const missing = wanted.filter((file) => !files.has(file));
    assert.deepEqual(missing, [], "files the manifest needs");
  });

  it("ships production bundles without source maps", function () {
    for (const bundle of ["dist/client.js", "dist/server.js"]) {
      const text = files.get(bundle)?.read().toString("utf8") ?? "";
      assert.ok(text.length > 0, `${bundle} is in the package`);
      assert.doesNotMatch(
        text,
        /sourceMappingURL/,
        `${bundle} has no source map`,
      );
    }
    assert.ok(![...files.keys()].some((name) => name.endsWith(".map")));
  });

  it("stays under 1 MB", function () {
    const size = fs.statSync(vsix).size;
    assert.ok(size < 1024 * 1024, `the .vsix is ${size} bytes`);
  });

  it("has what a Marketplace page shows", function () {
    assert.ok(manifest.displayName);
    assert.ok(manifest.description && manifest.description.length > 20);
    assert.ok(manifest.categories && manifest.categories.length > 0);
    assert.ok(manifest.keywords && manifest.keywords.includes("ipsec"));
    assert.equal(manifest.license, "MIT");
    assert.equal(
      manifest.repository?.url,
      "https://github.com/ipsec-lens/ipsec-lens",
    );
    const icon = files.get(manifest.icon)?.read();
    assert.ok(icon, "the icon is packaged");
    // A PNG's IHDR chunk holds its width and height right after the signature.
    assert.equal(icon.toString("latin1", 1, 4), "PNG");
    assert.equal(icon.readUInt32BE(16), 128, "icon width");
    assert.equal(icon.readUInt32BE(20), 128, "icon height");
  });

  it("activates only on languages it serves or sniffs, and runs in untrusted folders", function () {
    const events = manifest.activationEvents ?? [];
    assert.ok(events.includes("onLanguage:cisco-ios"));
    assert.ok(events.includes("onLanguage:cisco-ios-log"));
    // No `*` or onStartupFinished: the extension costs nothing until such a file opens.
    // Commands are not listed: VS Code activates on contributed commands by itself.
    for (const event of events) {
      assert.match(event, /^onLanguage:[\w-]+$/);
    }
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, true);
  });
  it("offers each command where its documents are: the title bar, the context menu, the palette", function () {
    const commands = new Map(
      (manifest.contributes.commands ?? []).map((c) => [c.command, c]),
    );
    for (const c of commands.values()) {
      assert.equal(c.category, "IPsec Lens", c.command);
      assert.match(c.icon ?? "", /^\$\([\w-]+\)$/, `${c.command} has an icon`);
    }
    const menus = manifest.contributes.menus ?? {};
    const where = (menu: string) =>
      Object.fromEntries((menus[menu] ?? []).map((m) => [m.command, m.when]));
    for (const menu of ["editor/title", "editor/context"]) {
      assert.deepEqual(where(menu), {
        "ipsecLens.showTunnels": "editorLangId == cisco-ios",
        "ipsecLens.explainCapture": "editorLangId == cisco-ios-log",
      });
    }
    // Show Tunnels reads the whole workspace from anywhere; a capture must be open to explain.
    assert.deepEqual(where("commandPalette"), {
      "ipsecLens.explainCapture": "editorLangId == cisco-ios-log",
    });
    for (const entries of Object.values(menus)) {
      for (const m of entries) {
        assert.ok(commands.has(m.command), `${m.command} is contributed`);
      }
    }
  });
});
