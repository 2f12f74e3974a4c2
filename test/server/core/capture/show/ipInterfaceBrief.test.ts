import * as assert from "node:assert/strict";
import { explainCapture } from "../../../../../server/src/core/capture/explain";
import { parseCapture } from "../../../../../server/src/core/capture/parser";
import type { IpInterfaceBriefShow } from "../../../../../server/src/core/capture/show/types";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../../server/src/core/document";
import { captureHover } from "../../../../../server/src/core/hover/captureHover";
import { captureOutline } from "../../../../../server/src/core/symbols/captureSymbols";
import { captureText, lineOf } from "../../../../support/captures";

/** The brief outputs of a capture, in order. */
function briefs(text: string): IpInterfaceBriefShow[] {
  return parseCapture(text).shows.flatMap((b) =>
    b.data?.kind === "ip-interface-brief" ? [b.data] : [],
  );
}

/** Each row as name, address, OK?, method, status, protocol. */
const rowsOf = (data: IpInterfaceBriefShow) =>
  data.rows.map((r) => [
    r.name.text,
    r.address.text,
    r.ok.text,
    r.method.text,
    r.status.text,
    r.protocol.text,
  ]);

/** The hover at a line holding `needle`, on the `nth` occurrence of `word` in it. */
function hoverOn(
  text: string,
  needle: string,
  word: string,
  nth = 0,
): { markdown: string; word: string } {
  const line = lineOf(text, needle);
  const raw = text.split("\n")[line]!;
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = raw.indexOf(word, at + 1);
  }
  assert.ok(at >= 0, `${word} on ${JSON.stringify(raw)}`);
  const hover = captureHover(
    parseCapture(text),
    { line, character: at + 1 },
    DEFAULT_ANALYSIS_SETTINGS,
  );
  assert.ok(hover, `a hover on ${word}`);
  const lines = text.split("\n");
  const { start, end } = hover.range;
  return {
    markdown: hover.markdown,
    word:
      start.line === end.line
        ? lines[start.line]!.slice(start.character, end.character)
        : `${lines[start.line]!.slice(start.character)}|${lines[end.line]!.slice(0, end.character)}`,
  };
}

describe("capture/show: show ip interface brief", () => {
  it("reads the table after its command, abbreviated, and filtered without its header", () => {
    const text = captureText("show-ip-interface-brief.ioslog");
    const model = parseCapture(text);
    assert.deepEqual(
      model.shows.map((b) => [b.kind, b.promptLine]),
      [
        ["crypto-map", 1],
        ["isakmp-sa", 17],
        ["ip-interface-brief", 24],
        ["ip-interface-brief", 35],
      ],
    );
    const [whole, filtered] = briefs(text);
    assert.equal(whole!.headerLine, 25);
    assert.deepEqual(rowsOf(whole!), [
      [
        "GigabitEthernet0/0",
        "203.0.113.2",
        "YES",
        "NVRAM",
        "administratively down",
        "down",
      ],
      ["GigabitEthernet0/1", "10.20.0.1", "YES", "NVRAM", "up", "up"],
      [
        "GigabitEthernet0/2",
        "unassigned",
        "YES",
        "unset",
        "administratively down",
        "down",
      ],
      ["Loopback0", "192.0.2.20", "YES", "manual", "up", "up"],
    ]);
    // `administratively down` is one cell.
    const shut = whole!.rows[0]!.status.range;
    assert.deepEqual(
      [shut.start.line, shut.start.character, shut.end.character],
      [26, 50, 71],
    );
    assert.equal(filtered!.headerLine, undefined);
    assert.deepEqual(rowsOf(filtered!), [
      ["GigabitEthernet0/0", "203.0.113.2", "YES", "NVRAM", "up", "up"],
    ]);
  });

  it("reads IOS-XE names, a long name alone above its row, and a row a terminal wrapped", () => {
    const text = captureText("show-ip-interface-brief-tunnel.ioslog");
    const [data] = briefs(text);
    assert.deepEqual(rowsOf(data!), [
      ["GigabitEthernet0/0/0", "unassigned", "YES", "DHCP", "down", "down"],
      ["GigabitEthernet0/0/1", "10.30.0.1", "YES", "manual", "up", "up"],
      [
        "AppGigabitEthernet1/0/1.4094",
        "unassigned",
        "YES",
        "unset",
        "deleted",
        "down",
      ],
      ["Loopback0", "192.0.2.30", "YES", "manual", "up", "up"],
      ["Tunnel0", "172.16.0.2", "YES", "manual", "up", "down"],
      ["VirtualPortGroup0", "192.168.35.1", "YES", "manual", "up", "up"],
    ]);
    const wrapped = data!.rows[2]!;
    assert.deepEqual(
      [wrapped.line, wrapped.endLine, wrapped.status.range.start.line],
      [17, 18, 18],
    );
    // A name wider than its column pushes the row; a terminal of 80 columns cuts it.
    const pushed = [
      "R1#show ip interface brief",
      "Interface              IP-Address      OK? Method Status                Protocol",
      "GigabitEthernet0/0/0.1000 198.51.100.9  YES manual up                    up",
      "Port-channel10.3000000     192.0.2.77      YES NVRAM  administratively down dow",
      "n",
      "Tunnel100              unassigned      NO  unset  up                    ",
      "down",
      "R1#",
    ].join("\n");
    const [cut] = briefs(pushed);
    assert.deepEqual(rowsOf(cut!), [
      [
        "GigabitEthernet0/0/0.1000",
        "198.51.100.9",
        "YES",
        "manual",
        "up",
        "up",
      ],
      [
        "Port-channel10.3000000",
        "192.0.2.77",
        "YES",
        "NVRAM",
        "administratively down",
        "down",
      ],
      ["Tunnel100", "unassigned", "NO", "unset", "up", "down"],
    ]);
    // The protocol cut in two spans both lines.
    const split = cut!.rows[1]!.protocol.range;
    assert.deepEqual(
      [
        split.start.line,
        split.start.character,
        split.end.line,
        split.end.character,
      ],
      [3, 76, 4, 1],
    );
  });

  it("recognises the table pasted without its command by its header, and no row elsewhere", () => {
    const text =
      "Interface              IP-Address      OK? Method Status                Protocol\nFastEthernet0/0        10.1.1.1        YES NVRAM  up                    up\nSerial4/0              172.16.5.1      YES NVRAM  up                    down\n";
    const model = parseCapture(text);
    assert.deepEqual(
      model.shows.map((b) => [b.kind, b.promptLine]),
      [["ip-interface-brief", undefined]],
    );
    assert.deepEqual(
      rowsOf(briefs(text)[0]!).map((r) => r[0]),
      ["FastEthernet0/0", "Serial4/0"],
    );
    // Rows without a header or a command are text, not a table.
    assert.deepEqual(
      parseCapture(text.slice(text.indexOf("\n") + 1)).shows,
      [],
    );
  });

  it("lists the output in the outline like other show output, and in explain", () => {
    const names = (text: string) =>
      captureOutline(parseCapture(text)).map((s) => s.name);
    assert.deepEqual(
      names(
        "Interface              IP-Address      OK? Method Status                Protocol\nFastEthernet0/0        10.1.1.1        YES NVRAM  up                    up\n",
      ),
      ["show ip interface brief output"],
    );
    const text = captureText("show-ip-interface-brief.ioslog");
    assert.ok(names(text).includes("Branch# sh ip int br"));
    assert.ok(
      names(text).includes(
        "Branch# show ip interface brief | include GigabitEthernet0/0",
      ),
    );
    const story = explainCapture(parseCapture(text), []);
    assert.match(
      story,
      / {4}2 of 4 interfaces up\/up\n {4}GigabitEthernet0\/0 203\.0\.113\.2 administratively down\/down\n {4}GigabitEthernet0\/2 unassigned administratively down\/down/,
    );
  });

  it("explains the columns, the status, the line protocol and the method", () => {
    const text = captureText("show-ip-interface-brief-tunnel.ioslog");
    const header = "Interface              IP-Address";
    assert.match(
      hoverOn(text, header, "OK?").markdown,
      /^\*\*OK\?\*\* \(column of `show ip interface brief`\)\n\nWhether IOS takes the address as valid/,
    );
    assert.match(
      hoverOn(text, header, "Status").markdown,
      /administratively down \(`shutdown` is configured on it\)/,
    );
    assert.match(
      hoverOn(text, header, "Protocol").markdown,
      /usable only when Status and Protocol are both up/,
    );
    // A tunnel up with its line protocol down: the reasons a tunnel's protocol goes down.
    const tunnel = hoverOn(text, "Tunnel0                172.16.0.2", "down");
    assert.equal(tunnel.word, "down");
    assert.match(
      tunnel.markdown,
      /^\*\*Tunnel0 is up\/down\*\*\n\nThe tunnel is enabled but IOS keeps its line protocol down: its source interface is down or has no address[\s\S]*Next: `show interfaces Tunnel0`/,
    );
    assert.match(
      hoverOn(text, "Tunnel0                172.16.0.2", "up").markdown,
      /^\*\*up\*\* \(Status\): Tunnel0 itself is up: it is enabled and, for a physical port, sees a carrier\. But its line protocol is down: hover the Protocol column\.$/,
    );
    // A physical interface down: no carrier.
    assert.match(
      hoverOn(text, "GigabitEthernet0/0/0   unassigned", "down", 1).markdown,
      /^\*\*GigabitEthernet0\/0\/0 is down\/down\*\*\n\nThe interface is enabled but down: no carrier/,
    );
    assert.match(
      hoverOn(text, "GigabitEthernet0/0/0   unassigned", "DHCP").markdown,
      /^\*\*Method DHCP\*\*: The address was leased from a DHCP server/,
    );
    assert.match(
      hoverOn(text, "GigabitEthernet0/0/0   unassigned", "unassigned").markdown,
      /^\*\*unassigned\*\*: GigabitEthernet0\/0\/0 has no IPv4 address/,
    );
    // The wrapped row's cells on its second line belong to the name above.
    const deleted = hoverOn(
      text,
      "unassigned      YES unset  deleted",
      "deleted",
    );
    assert.match(
      deleted.markdown,
      /^\*\*AppGigabitEthernet1\/0\/1\.4094 is deleted\/down\*\*/,
    );
    const brief = captureText("show-ip-interface-brief.ioslog");
    const shut = hoverOn(
      brief,
      "GigabitEthernet0/0     203.0.113.2     YES NVRAM  adm",
      "administratively",
    );
    assert.equal(shut.word, "administratively down");
    assert.match(
      shut.markdown,
      /^\*\*administratively down\*\* \(Status\): `shutdown` is configured on GigabitEthernet0\/0\. Nothing is sent or received on it until `interface GigabitEthernet0\/0`, `no shutdown`\.$/,
    );
    assert.match(
      hoverOn(
        brief,
        "GigabitEthernet0/0     203.0.113.2     YES NVRAM  adm",
        "NVRAM",
      ).markdown,
      /^\*\*Method NVRAM\*\*: The address comes from the startup configuration/,
    );
    assert.match(
      hoverOn(brief, "Loopback0              192.0.2.20", "manual").markdown,
      /^\*\*Method manual\*\*/,
    );
    assert.match(
      hoverOn(brief, "GigabitEthernet0/1     10.20.0.1", "10.20.0.1").markdown,
      /this address is the router's own and usable: IKE and ESP can leave from it/,
    );
  });
});
