import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  capturedConfigAt,
  capturedConfigs,
  MAX_CAPTURED_CONFIGS,
  printedConfigPlace,
} from "../../../../server/src/core/capture/runningConfigs";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import { hover } from "../../../../server/src/core/hover";
import {
  parseDocument,
  validate,
  type ParsedDocument,
} from "../../../../server/src/core/languageService";
import {
  definitionAt,
  prepareRename,
  referencesAt,
} from "../../../../server/src/core/navigation";
import { outline } from "../../../../server/src/core/symbols";
import { checkCapture, parseCapture } from "../../../support/captureChecks";
import { REPO_ROOT } from "../../../support/paths";

const TOKYO = fs.readFileSync(
  path.join(REPO_ROOT, "test", "fixtures", "peers", "transform", "tokyo.ios"),
  "utf8",
);

/** Tokyo's config printed in a console session, after some debug output. */
const HEAD =
  "Tokyo#debug crypto isakmp\nCrypto ISAKMP debugging is on\nTokyo#show running-config\nBuilding configuration...\n\nCurrent configuration : 2048 bytes\n";
const OFFSET = HEAD.split("\n").length - 1;
const SESSION = `${HEAD}${TOKYO}${TOKYO.endsWith("\n") ? "" : "\n"}Tokyo#\n`;

function parse(text: string, languageId: "cisco-ios" | "cisco-ios-log") {
  return parseDocument(
    { uri: `file:///w/t.${languageId}`, languageId, text },
    DEFAULT_ANALYSIS_SETTINGS,
  );
}

/** The line and column of the first occurrence of `needle` after line `from`. */
function find(text: string, needle: string, from = 0) {
  const lines = text.split("\n");
  for (let line = from; line < lines.length; line++) {
    const character = lines[line]!.indexOf(needle);
    if (character >= 0) {
      return { line, character: character + 1 };
    }
  }
  throw new Error(`${needle} not found`);
}

function capture(doc: ParsedDocument) {
  assert.equal(doc.kind, "capture");
  return doc.model;
}

describe("capture/runningConfigs", () => {
  it("reads the printed configuration with the capture's line numbers, headers left out", () => {
    const model = parseCapture(SESSION);
    const [config, ...more] = capturedConfigs(model);
    assert.ok(config);
    assert.equal(more.length, 0);
    assert.equal(config.router, "Tokyo");
    assert.equal(config.startLine, OFFSET);
    assert.equal(model.lines[config.endLine]!.trim(), "end");
    assert.equal(
      config.model.hostname?.node.line,
      find(SESSION, "hostname").line,
    );
    assert.equal(capturedConfigAt(model, OFFSET - 1), undefined);
    assert.equal(capturedConfigAt(model, 0), undefined);
    assert.equal(capturedConfigAt(model, OFFSET + 2), config);
  });

  it("reads nothing from a printing that stops after its header", () => {
    for (const text of [
      "Building configuration...",
      "Tokyo#show running-config\nBuilding configuration...\n\nCurrent configuration : 1452 bytes\n",
    ]) {
      assert.deepEqual(capturedConfigs(parseCapture(text)), [], text);
      // The whole pipeline reads it: no finding, no error.
      const doc = parse(text, "cisco-ios-log");
      assert.deepEqual(
        validate(doc, { settings: DEFAULT_ANALYSIS_SETTINGS, overrides: {} }),
        [],
      );
    }
  });

  it("names a fragment without hostname after the prompt that printed it", () => {
    const model = parseCapture(
      "Osaka#show running-config | section crypto isakmp\ncrypto isakmp policy 10\n hash md5\nOsaka#\n",
    );
    const [config] = capturedConfigs(model);
    assert.equal(config?.router, "Osaka");
    assert.equal(config?.model.hostname, undefined);
    assert.equal(config?.model.printedBy, "Osaka");
    assert.equal(config?.model.isakmpPolicies.length, 1);
  });

  it("reads the lines as the terminal showed them when the pager ran", () => {
    const erase = "\b".repeat(10);
    const more = ` --More-- ${erase}          ${erase}`;
    const text = `Osaka#show running-config\nhostname Osaka\ncrypto isakmp policy 10\n${more} hash md5\n${more}interface Serial2/0\n ip address 172.16.6.2 255.255.255.0\nend\nOsaka#\n`;
    const model = parseCapture(text);
    const [config] = capturedConfigs(model);
    assert.equal(config?.model.isakmpPolicies.length, 1);
    assert.deepEqual(
      config?.model.interfaces.map((i) => i.name),
      ["Serial2/0"],
    );
    // The capture keeps its text as logged.
    assert.ok(model.lines[4]!.includes("--More--"));
  });

  it("reads a configuration printed by more, but not any file", () => {
    const model = parseCapture(
      "Osaka#more system:running-config\nhostname Osaka\ncrypto isakmp policy 10\nOsaka#more flash:notes.txt\nhostname is a command\nOsaka#\n",
    );
    const configs = capturedConfigs(model);
    assert.deepEqual(
      configs.map((c) => [c.router, c.startLine, c.endLine]),
      [["Osaka", 1, 2]],
    );
  });

  it("reads a configuration printed from configuration mode with do", () => {
    const text =
      "Osaka(config)#do show running-config | section crypto isakmp\ncrypto isakmp policy 10\n hash md5\nOsaka(config)#crypto isakmp key k address 10.0.0.1\nOsaka(config)#end\n";
    const model = parseCapture(text);
    const [config, ...more] = capturedConfigs(model);
    assert.equal(more.length, 0);
    assert.deepEqual(
      [config?.router, config?.startLine, config?.endLine, config?.extent],
      ["Osaka", 1, 2, "sections"],
    );
    assert.match(
      hover(
        parse(text, "cisco-ios-log"),
        { line: 0, character: 18 },
        DEFAULT_ANALYSIS_SETTINGS,
      )?.markdown ?? "",
      /^\*\*show running-config\*\*[\s\S]*only part of the configuration/,
    );
    assert.deepEqual(
      outline(parse(text, "cisco-ios-log")).map((s) => s.name),
      ["Osaka# do show running-config | section crypto isakmp"],
    );
  });

  it("reads any show output as the terminal showed it when the pager ran", () => {
    const erase = "\b".repeat(10);
    const model = parseCapture(
      [
        "R1#show crypto isakmp sa",
        "dst             src             state          conn-id slot",
        "172.16.6.2      172.16.5.1      QM_IDLE              1    0",
        ` --More-- ${erase}          ${erase}172.16.7.2      172.16.5.1      MM_NO_STATE          2    0`,
        "R1#",
      ].join("\n"),
    );
    const data = model.shows[0]?.data;
    assert.equal(data?.kind, "isakmp-sa");
    assert.deepEqual(
      data.kind === "isakmp-sa" ? data.rows.map((r) => r.state.text) : [],
      ["QM_IDLE", "MM_NO_STATE"],
    );
    assert.ok(model.lines[3]!.includes("--More--"));
  });

  it("places hovers, findings, definitions and outline entries on a paged line where it is logged", () => {
    const erase = "\b".repeat(10);
    const more = ` --More-- ${erase}          ${erase}`;
    const row = `${more}172.16.7.2      172.16.5.1      MM_NO_STATE          2    0`;
    const config = `${more}crypto map M 10 ipsec-isakmp`;
    const text = [
      "R1#show crypto isakmp sa",
      "dst             src             state          conn-id slot",
      row,
      "R1#show running-config",
      "hostname R1",
      config,
      " set peer 172.16.7.2",
      " set transform-set T",
      " match address 101",
      "end",
      "R1#",
    ].join("\n");
    const doc = parse(text, "cisco-ios-log");
    const textAt = (
      r: {
        start: { line: number; character: number };
        end: { character: number };
      },
      of = text,
    ) =>
      of.split("\n")[r.start.line]!.slice(r.start.character, r.end.character);
    // Hovering MM_NO_STATE where the editor shows it.
    const state = row.indexOf("MM_NO_STATE") + 2;
    const onState = hover(
      doc,
      { line: 2, character: state },
      DEFAULT_ANALYSIS_SETTINGS,
    );
    assert.match(onState?.markdown ?? "", /MM_NO_STATE/);
    assert.equal(onState && textAt(onState.range), "MM_NO_STATE");
    // The entry's missing transform set and ACL are reported on the names as logged.
    const found = validate(doc, {
      settings: DEFAULT_ANALYSIS_SETTINGS,
      overrides: {},
    });
    const onEntry = found.filter((f) => f.range.start.line === 5);
    assert.ok(onEntry.length > 0, found.map((f) => f.code).join());
    for (const f of onEntry) {
      assert.ok(
        f.range.start.character >= more.length,
        `${f.code} at ${f.range.start.character}`,
      );
    }
    // Go to definition from a use below lands on the map's name on the paged line.
    const use = { line: 5, character: config.indexOf(" M ") + 1 };
    assert.deepEqual(
      referencesAt(doc, use, true).map((l) => textAt(l.range)),
      ["M"],
    );
    // The printed configuration's outline names the entry on its logged columns.
    const entryIn = (t: string) =>
      outline(parse(t, "cisco-ios-log"))
        .flatMap((s) => s.children ?? [])
        .find((s) => s.name.startsWith("crypto map M"));
    const unpaged = text.split(more).join("");
    const paged = entryIn(text);
    const plain = entryIn(unpaged);
    assert.ok(paged && plain, "the entry in the outline");
    assert.equal(
      paged.selectionRange.start.character,
      plain.selectionRange.start.character + more.length,
    );
    assert.equal(
      textAt(paged.selectionRange),
      textAt(plain.selectionRange, unpaged),
    );
    // The pager's own marks are explained as what they are.
    const mark = hover(
      doc,
      { line: 2, character: 3 },
      DEFAULT_ANALYSIS_SETTINGS,
    );
    assert.match(
      mark?.markdown ?? "",
      /pager's prompt[\s\S]*terminal length 0/,
    );
    assert.deepEqual(mark?.range.end, { line: 2, character: more.length });
  });

  it("reads the last blocks only when a capture prints the configuration very often", () => {
    const block = (n: number) =>
      `R${n}#show running-config\nhostname R${n}\ncrypto isakmp policy 10\nR${n}#\n`;
    const text = Array.from({ length: MAX_CAPTURED_CONFIGS + 5 }, (_, i) =>
      block(i),
    ).join("");
    const configs = capturedConfigs(parseCapture(text));
    assert.equal(configs.length, MAX_CAPTURED_CONFIGS);
    assert.equal(configs[0]!.router, "R5");
  });

  it("explains a printed line on hover as it explains the config file", () => {
    const file = parse(TOKYO, "cisco-ios");
    const session = parse(SESSION, "cisco-ios-log");
    for (const needle of [
      "crypto isakmp policy",
      "set transform-set",
      "crypto map",
      "esp-3des esp-sha",
    ]) {
      const at = find(TOKYO, needle, 1);
      const inFile = hover(file, at, DEFAULT_ANALYSIS_SETTINGS);
      const inCapture = hover(
        session,
        { line: at.line + OFFSET, character: at.character },
        DEFAULT_ANALYSIS_SETTINGS,
      );
      assert.ok(inFile, needle);
      assert.equal(inCapture?.markdown, inFile.markdown, needle);
      assert.equal(
        inCapture?.range.start.line,
        inFile.range.start.line + OFFSET,
      );
    }
  });

  it("explains the lines IOS prints before the configuration", () => {
    const session = parse(SESSION, "cisco-ios-log");
    const building = hover(
      session,
      { line: OFFSET - 3, character: 3 },
      DEFAULT_ANALYSIS_SETTINGS,
    );
    assert.match(
      building?.markdown ?? "",
      /leaves out every command at its default/,
    );
    const size = hover(
      session,
      { line: OFFSET - 1, character: 3 },
      DEFAULT_ANALYSIS_SETTINGS,
    );
    assert.match(size?.markdown ?? "", /size of the running configuration/);
  });

  it("says on the command's hover how much of the configuration it printed", () => {
    const at = (text: string) =>
      hover(
        parse(text, "cisco-ios-log"),
        { line: 0, character: 8 },
        DEFAULT_ANALYSIS_SETTINGS,
      )?.markdown ?? "";
    assert.match(
      at(SESSION.split("\n").slice(2).join("\n")),
      /reads the configuration below \(lines 5-\d+\) as a config/,
    );
    assert.match(
      at(
        "R1#show running-config | section crypto\ncrypto isakmp policy 10\nR1#\n",
      ),
      /only part of the configuration \(whole sections\), so IPsec Lens judges lines 2-2 only on what they prove/,
    );
    assert.match(
      at("R1#sh run | i key\ncrypto isakmp key k address 1.1.1.1\nR1#\n"),
      /\(single lines\)/,
    );
  });

  it("goes to definitions and references inside the printed configuration, and refuses a rename", () => {
    const session = parse(SESSION, "cisco-ios-log");
    const use = find(SESSION, "set transform-set", OFFSET);
    const name = SESSION.split("\n")[use.line]!.trim().split(/\s+/)[2]!;
    const at = { line: use.line, character: use.character + 17 };
    const defs = definitionAt(session, at);
    assert.equal(defs.length, 1);
    const defLine = SESSION.split("\n")[defs[0]!.range.start.line]!;
    assert.match(defLine, new RegExp(`^crypto ipsec transform-set ${name} `));
    assert.ok(referencesAt(session, at, true).length >= 2);
    assert.equal(prepareRename(session, at), null);
  });

  it("nests the printed configuration's outline under its command", () => {
    const session = parse(SESSION, "cisco-ios-log");
    const command = outline(session).find((s) =>
      s.name.endsWith("show running-config"),
    );
    assert.ok(command?.children?.length);
    const names = command.children.map((c) => c.name);
    assert.ok(
      names.some((n) => /^crypto map/.test(n)),
      names.join(", "),
    );
    for (const child of command.children) {
      assert.ok(child.range.start.line >= command.range.start.line);
      assert.ok(child.range.end.line <= command.range.end.line);
    }
    assert.ok(capture(session).shows.length >= 1);
  });

  it("names a printed configuration without hostname or prompt by the capture and its line", () => {
    const osaka = fs.readFileSync(
      path.join(
        REPO_ROOT,
        "test",
        "fixtures",
        "peers",
        "transform",
        "osaka.ios",
      ),
      "utf8",
    );
    const anonymous = `Building configuration...\n\nCurrent configuration : 2048 bytes\n${TOKYO.replace(/^hostname Tokyo\n/m, "")}`;
    const [mismatch] = checkCapture(anonymous, {
      "file:///work/osaka.ios": osaka,
    }).filter((f) => f.code === "transform-set-mismatch");
    assert.match(
      mismatch?.message ?? "",
      /one of capture\.ioslog:4's crypto map mjlnetmap 10/,
    );
    assert.equal(
      printedConfigPlace("file:///w/my%20session.ioslog#running-config-12"),
      "my session.ioslog:12",
    );
    assert.equal(printedConfigPlace("file:///w/tokyo.ios"), undefined);
  });
});
