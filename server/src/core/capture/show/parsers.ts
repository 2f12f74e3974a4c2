import { lineRange, type Range } from "../../text/position";
import type {
  AccessListsShow,
  CertificateEntry,
  CertificatesShow,
  Cell,
  ClockShow,
  Counter,
  CryptoMapShow,
  CryptoMapShowEntry,
  CryptoSession,
  CryptoSessionShow,
  DmvpnInterface,
  DmvpnShow,
  Ikev2SaRow,
  Ikev2SaShow,
  Ikev2PolicyShow,
  Ikev2ProfileShow,
  Ikev2ProposalShow,
  IpInterfaceBriefRow,
  IpInterfaceBriefShow,
  IpInterfaceShow,
  IpRouteShow,
  IpsecProfileShow,
  IpsecFlow,
  IpsecSaEntry,
  IpsecSaShow,
  IsakmpKeyShow,
  IsakmpPolicyShow,
  IsakmpSaShow,
  PolicySuite,
  SessionFlow,
  ShowData,
  ShowKind,
  TransformSetShow,
} from "./types";

/**
 * One parser per show command. Each reads the lines of its block and keeps what it recognises,
 * with the range of every value; anything else is skipped. Layout differences between IOS 12.x,
 * 15.x and IOS-XE (indentation, `local addr.` vs `local addr`, `current_peer:` vs `current_peer X
 * port 500`, `#pkts digest 4` vs `#pkts digest: 4`) are absorbed by the patterns.
 */

/** Lines of a block: the whole capture and the block's first and last line. */
interface Lines {
  lines: readonly string[];
  start: number;
  end: number;
}

/** A cell for the first occurrence of `text` in a line at or after `from`. */
function cellAt(line: number, raw: string, text: string, from = 0): Cell {
  const at = Math.max(0, raw.indexOf(text, from));
  return { text, range: lineRange(line, at, at + text.length) };
}

/** A cell for capture group `group` of a match made with the `d` flag. */
function groupCell(
  line: number,
  m: RegExpExecArray,
  group: number,
): Cell | undefined {
  const text = m[group];
  const idx = m.indices?.[group];
  if (text === undefined || !idx) {
    return undefined;
  }
  return { text, range: lineRange(line, idx[0], idx[1]) };
}

/** The rest of a line from `start`, trimmed, as a cell (no regex: a trailing `\s*$` backtracks). */
function restCell(line: number, raw: string, start: number): Cell | undefined {
  let a = start;
  let b = raw.length;
  while (a < b && (raw[a] === " " || raw[a] === "\t")) {
    a++;
  }
  while (b > a && (raw[b - 1] === " " || raw[b - 1] === "\t")) {
    b--;
  }
  return b > a
    ? { text: raw.slice(a, b), range: lineRange(line, a, b) }
    : undefined;
}

const WORDS = /\S+/g;

function words(line: number, raw: string): Cell[] {
  const out: Cell[] = [];
  WORDS.lastIndex = 0;
  for (let m = WORDS.exec(raw); m; m = WORDS.exec(raw)) {
    out.push({
      text: m[0],
      range: lineRange(line, m.index, m.index + m[0].length),
    });
  }
  return out;
}

const ADDRESS = /^[\da-fA-F]{0,4}[.:][\da-fA-F.:]{2,44}$/;
const SA_STATE_WORD = /^[A-Z][A-Z_]+$/;

function isakmpSa({ lines, start, end }: Lines): IsakmpSaShow {
  const out: IsakmpSaShow = { kind: "isakmp-sa", layout: "classic", rows: [] };
  let columns: string[] = ["dst", "src", "state", "conn-id", "slot"];
  let ipv6 = false;
  for (let i = start; i <= end; i++) {
    const raw = lines[i]!;
    if (/ISAKMP is turned off/.test(raw)) {
      out.turnedOffLine = i;
      continue;
    }
    if (/IPv6 Crypto (ISAKMP|IKEv1) SA/.test(raw)) {
      ipv6 = true;
      continue;
    }
    if (/IPv4 Crypto (ISAKMP|IKEv1) SA/.test(raw)) {
      ipv6 = false;
      continue;
    }
    const w = words(i, raw);
    if (!w.length) {
      continue;
    }
    if (w[0]!.text === "dst" && w[1]?.text === "src") {
      columns = w.map((c) => c.text);
      out.layout = columns.includes("slot") ? "classic" : "iosxe";
      continue;
    }
    if (w[0]!.text === "C-id") {
      out.layout = "detail";
      continue;
    }
    if (out.layout === "detail") {
      if (
        /^\d+$/.test(w[0]!.text) &&
        w.length >= 4 &&
        ADDRESS.test(w[1]!.text)
      ) {
        const status = w.find(
          (c, k) => k >= 3 && /^(ACTIVE|INACTIVE|DELETED)$/.test(c.text),
        );
        out.rows.push({
          line: i,
          connId: w[0],
          src: w[1]!,
          dst: w[2]!,
          state: status ?? w[3]!,
          status,
          ipv6,
        });
      }
      continue;
    }
    if (
      w.length < 3 ||
      !ADDRESS.test(w[0]!.text) ||
      !ADDRESS.test(w[1]!.text) ||
      !SA_STATE_WORD.test(w[2]!.text)
    ) {
      continue;
    }
    const row: IsakmpSaShow["rows"][number] = {
      line: i,
      dst: w[0]!,
      src: w[1]!,
      state: w[2]!,
      ipv6,
    };
    for (let k = 3; k < w.length; k++) {
      const column = columns[k];
      if (column === "conn-id") {
        row.connId = w[k];
      } else if (column === "slot") {
        row.slot = w[k];
      } else if (column === "status") {
        row.status = w[k];
      }
    }
    out.rows.push(row);
  }
  return out;
}

/** `#pkts encaps: 57`; a counter has at most 20 digits (64 bits), a longer run is no counter. */
const COUNTER = /(?<!#)#{1,2}([A-Za-z][\w.() -]{0,40}?):? (\d{1,20})(?!\d)/g;

function counterName(text: string): string {
  return text.replace(/^pkts /, "").trim();
}

function ipsecSa({ lines, start, end }: Lines): IpsecSaShow {
  const out: IpsecSaShow = { kind: "ipsec-sa", flows: [] };
  let interfaceName: string | undefined;
  let interfaceCell: Cell | undefined;
  let cryptoMap: string | undefined;
  let localAddress: string | undefined;
  let flow: IpsecFlow | undefined;
  let direction: "inbound" | "outbound" = "inbound";
  let protocol: "esp" | "ah" | "pcp" = "esp";
  let sa: IpsecSaEntry | undefined;
  const newFlow = (line: number): IpsecFlow => {
    const f: IpsecFlow = {
      line,
      endLine: line,
      interfaceName,
      interfaceCell,
      cryptoMap,
      localAddress,
      counters: {},
      sas: [],
    };
    out.flows.push(f);
    return f;
  };
  for (let i = start; i <= end; i++) {
    const raw = lines[i]!;
    if (!raw.trim()) {
      continue;
    }
    let m = /^\s*interface: (\S+)/d.exec(raw);
    if (m) {
      interfaceName = m[1];
      interfaceCell = groupCell(i, m, 1);
      flow = undefined;
      continue;
    }
    m =
      /Crypto map tag: ([^,\s]+),(?: seq num: \d+,)? local addr\.?:? ?(\S+)/.exec(
        raw,
      );
    if (m) {
      cryptoMap = m[1];
      localAddress = m[2];
      flow = undefined;
      continue;
    }
    m = /^\s*local +ident \(addr\/mask\/prot\/port\): (\(.*\))/d.exec(raw);
    if (m) {
      flow = newFlow(i);
      flow.localIdent = groupCell(i, m, 1);
      sa = undefined;
      continue;
    }
    flow ??= /#pkts|current_peer/.test(raw) ? newFlow(i) : undefined;
    if (!flow) {
      continue;
    }
    flow.endLine = i;
    m = /remote +ident \(addr\/mask\/prot\/port\): (\(.*\))/d.exec(raw);
    if (m) {
      flow.remoteIdent = groupCell(i, m, 1);
      continue;
    }
    m = /current_peer:? ?([\d.]{7,15}|[\da-fA-F:]{2,39})/d.exec(raw);
    if (m) {
      flow.peer = groupCell(i, m, 1);
      continue;
    }
    if (raw.includes("#")) {
      COUNTER.lastIndex = 0;
      for (let c = COUNTER.exec(raw); c; c = COUNTER.exec(raw)) {
        // The range covers the label and the value (`#pkts decaps: 0`), what a person reads as one.
        flow.counters[counterName(c[1]!)] = {
          value: Number(c[2]),
          range: lineRange(i, c.index, c.index + c[0].length),
        };
      }
      continue;
    }
    m =
      /local crypto endpt\.: ([\d.]{7,15}|[\da-fA-F:]{2,39})(?:\/\d+)?, remote crypto endpt\.: ([\d.]{7,15}|[\da-fA-F:]{2,39})/d.exec(
        raw,
      );
    if (m) {
      flow.localEndpoint = groupCell(i, m, 1);
      flow.remoteEndpoint = groupCell(i, m, 2);
      continue;
    }
    m = /current outbound spi: (\S+)/d.exec(raw);
    if (m) {
      flow.currentOutboundSpi = groupCell(i, m, 1);
      continue;
    }
    m = /^\s*(inbound|outbound) (esp|ah|pcp) sas:/.exec(raw);
    if (m) {
      direction = m[1] as "inbound" | "outbound";
      protocol = m[2] as "esp" | "ah" | "pcp";
      sa = undefined;
      continue;
    }
    m = /^\s*spi: (0x[0-9A-Fa-f]+) ?\((\d+)\)/d.exec(raw);
    if (m) {
      sa = {
        line: i,
        direction,
        protocol,
        spi: groupCell(i, m, 1)!,
        spiValue: Number(m[2]),
      };
      flow.sas.push(sa);
      continue;
    }
    if (!sa) {
      continue;
    }
    m = /^\s*transform: /.exec(raw);
    if (m) {
      sa.transform = restCell(i, raw, m[0].length)?.text.replace(/ ?,$/, "");
      continue;
    }
    m = /conn[ _]id: (\d+)/.exec(raw);
    if (m) {
      sa.connId = Number(m[1]);
    }
    m = /^\s*Status: (\S+)/.exec(raw);
    if (m) {
      sa.status = m[1];
    }
  }
  return out;
}

function cryptoMap({ lines, start, end }: Lines): CryptoMapShow {
  const out: CryptoMapShow = { kind: "crypto-map", entries: [] };
  let entry: CryptoMapShowEntry | undefined;
  let inInterfaces = false;
  let inTransforms = false;
  for (let i = start; i <= end; i++) {
    const raw = lines[i]!;
    let m = /^Crypto Map (?:IPv([46]) )?"([^"]+)" (\d+) ([\w-]+)/d.exec(raw);
    if (m) {
      entry = {
        line: i,
        name: groupCell(i, m, 2)!,
        ...(m[1] === "6" ? { ipv6: true } : {}),
        sequence: Number(m[3]),
        mode: m[4]!,
        peers: [],
        aclLines: [],
        transformSets: [],
        interfaces: [],
        incomplete: false,
      };
      out.entries.push(entry);
      inInterfaces = false;
      inTransforms = false;
      continue;
    }
    if (!entry || !raw.trim()) {
      continue;
    }
    if (inInterfaces) {
      const w = words(i, raw);
      if (w.length === 1) {
        entry.interfaces.push(w[0]!);
        continue;
      }
      inInterfaces = false;
    }
    if (inTransforms) {
      m = /^\s*([\w.-]+):\s*\{/d.exec(raw);
      if (m) {
        entry.transformSets.push(groupCell(i, m, 1)!);
        continue;
      }
      if (/^\s*\}/.test(raw)) {
        inTransforms = false;
        continue;
      }
    }
    if (/incomplete state/.test(raw)) {
      entry.incomplete = true;
      entry.incompleteLine = i;
      continue;
    }
    m = /Peer = (\S+)/d.exec(raw);
    if (m) {
      entry.peers.push(groupCell(i, m, 1)!);
      continue;
    }
    m = /(?:Extended|Standard) IP access list (\S+)/d.exec(raw);
    if (m) {
      entry.acl = groupCell(i, m, 1);
      continue;
    }
    m = /^\s*access-list \S+ /.exec(raw);
    if (m) {
      entry.aclLines.push(restCell(i, raw, 0)!);
      continue;
    }
    m = /Current peer: (\S+)/d.exec(raw);
    if (m) {
      entry.currentPeer = groupCell(i, m, 1);
      continue;
    }
    m = /identity list = (\S+)/d.exec(raw);
    if (m) {
      entry.identityList = groupCell(i, m, 1);
      continue;
    }
    m = /Security association lifetime: (\d+) kilobytes\/(\d+) seconds/.exec(
      raw,
    );
    if (m) {
      entry.lifetimeKilobytes = Number(m[1]);
      entry.lifetimeSeconds = Number(m[2]);
      continue;
    }
    m = /PFS \(Y\/N\): (\S+)/d.exec(raw);
    if (m) {
      entry.pfs = groupCell(i, m, 1);
      continue;
    }
    m = /Transform sets=\{(.*)$/.exec(raw);
    if (m) {
      const inline = m[1]!.replace(/\}.*$/, "");
      const open = raw.indexOf("{");
      for (const name of inline.split(",")) {
        const n = name.trim();
        if (n) {
          entry.transformSets.push(cellAt(i, raw, n, open));
        }
      }
      inTransforms = !m[1]!.includes("}");
      continue;
    }
    m = /Interfaces using crypto map [^:]*:\s*(\S*)/d.exec(raw);
    if (m) {
      if (m[1]) {
        entry.interfaces.push(groupCell(i, m, 1)!);
      }
      entry.interfacesLine = i;
      inInterfaces = true;
    }
  }
  return out;
}

/**
 * `show crypto ikev2 sa`: a `Tunnel-id ... Status` header, then one row per SA. 15.x prints the
 * local and remote `address/port` on the row; IOS-XE, whose IPv6 addresses do not fit the
 * columns, prints them on `Local` and `Remote` lines under it.
 */
function ikev2Sa({ lines, start, end }: Lines): Ikev2SaShow {
  const out: Ikev2SaShow = { kind: "ikev2-sa", rows: [] };
  let row: Ikev2SaRow | undefined;
  let addressColumns = false;
  for (let i = start; i <= end; i++) {
    const raw = lines[i]!;
    const w = words(i, raw);
    if (!w.length) {
      continue;
    }
    if (w[0]!.text === "Tunnel-id") {
      addressColumns = w[1]?.text === "Local";
      row = undefined;
      continue;
    }
    if (/^\d{1,10}$/.test(w[0]!.text) && raw.charCodeAt(0) !== 32) {
      const last = w[w.length - 1]!;
      row = {
        line: i,
        endLine: i,
        tunnelId: w[0]!,
        status: last,
        ...(addressColumns && w.length >= 5
          ? { local: w[1], remote: w[2] }
          : {}),
      };
      out.rows.push(row);
      continue;
    }
    if (!row) {
      continue;
    }
    row.endLine = i;
    // Unindented: the indented `Local spi:` line is the SA's SPIs, not its address.
    if (
      (w[0]!.text === "Local" || w[0]!.text === "Remote") &&
      w[1] &&
      raw.charCodeAt(0) !== 32
    ) {
      row[w[0]!.text === "Local" ? "local" : "remote"] = w[1];
      continue;
    }
    if (w[0]!.text === "Encr:") {
      row.algorithms = restCell(i, raw, 0);
    }
  }
  return out;
}

/** A number of a line as a counter with its range (the `d` flag's group `group`). */
function counterCell(
  line: number,
  m: RegExpExecArray,
  group: number,
): Counter | undefined {
  const cell = groupCell(line, m, group);
  return cell ? { value: Number(cell.text), range: cell.range } : undefined;
}

/**
 * `show crypto session [detail]`: one session per `Interface:` line, with its status, peer, IKE
 * SAs and IPsec flows. IOS prints the same fields with and without `detail` (detail adds the
 * packet counters under each flow), and 12.4 writes `IKE SA:` where later releases write
 * `IKEv1 SA:` or `IKEv2 SA:`.
 */
function cryptoSession({ lines, start, end }: Lines): CryptoSessionShow {
  const out: CryptoSessionShow = { kind: "crypto-session", sessions: [] };
  let session: CryptoSession | undefined;
  let flow: SessionFlow | undefined;
  for (let i = start; i <= end; i++) {
    const raw = lines[i]!;
    let m = /^Interface: (\S+)/d.exec(raw);
    if (m) {
      session = {
        line: i,
        endLine: i,
        interfaceName: groupCell(i, m, 1),
        ikeSas: [],
        flows: [],
      };
      out.sessions.push(session);
      flow = undefined;
      continue;
    }
    if (!session || !raw.trim()) {
      continue;
    }
    session.endLine = i;
    m = /^Session status: (\S+)/d.exec(raw);
    if (m) {
      session.status = groupCell(i, m, 1);
      continue;
    }
    m = /^Peer: (\S+)(?: port (\d{1,5}))?/d.exec(raw);
    if (m) {
      session.peer = groupCell(i, m, 1);
      session.peerPort = m[2] === undefined ? undefined : Number(m[2]);
      continue;
    }
    m = /^Profile: (\S+)/d.exec(raw);
    if (m) {
      session.profile = groupCell(i, m, 1);
      continue;
    }
    m =
      /^\s+(IKE(?:v[12])?) SA: (?:local (\S+?)(?:\/\d+)? remote (\S+?)(?:\/\d+)? )?(\w+)/d.exec(
        raw,
      );
    if (m) {
      session.ikeSas.push({
        line: i,
        version: m[1]!,
        local: groupCell(i, m, 2),
        remote: groupCell(i, m, 3),
        state: groupCell(i, m, 4)!,
      });
      continue;
    }
    m = /^\s+IPSEC FLOW: (.*\S)/d.exec(raw);
    if (m) {
      flow = { line: i, text: groupCell(i, m, 1)! };
      session.flows.push(flow);
      continue;
    }
    if (!flow) {
      continue;
    }
    m = /^\s+Active SAs: (\d{1,9})\b/d.exec(raw);
    if (m) {
      flow.activeSas = counterCell(i, m, 1);
      continue;
    }
    m = /^\s+Inbound: +#pkts dec'ed (\d{1,20})\b/d.exec(raw);
    if (m) {
      flow.decrypted = counterCell(i, m, 1);
      continue;
    }
    m = /^\s+Outbound: +#pkts enc'ed (\d{1,20})\b/d.exec(raw);
    if (m) {
      flow.encrypted = counterCell(i, m, 1);
    }
  }
  return out;
}

const POLICY_FIELDS: readonly [RegExp, keyof PolicySuite][] = [
  [/^\s*encryption algorithm:/, "encryption"],
  [/^\s*hash algorithm:/, "hash"],
  [/^\s*authentication method:/, "authentication"],
  [/^\s*Diffie-Hellman group:/, "group"],
  [/^\s*lifetime:/, "lifetime"],
];

function isakmpPolicy({ lines, start, end }: Lines): IsakmpPolicyShow {
  const out: IsakmpPolicyShow = { kind: "isakmp-policy", suites: [] };
  let suite: PolicySuite | undefined;
  for (let i = start; i <= end; i++) {
    const raw = lines[i]!;
    let m = /Protection suite of priority (\d+)/.exec(raw);
    if (m || /Default protection suite/.test(raw)) {
      suite = { line: i, priority: m ? Number(m[1]) : undefined };
      out.suites.push(suite);
      continue;
    }
    if (!suite) {
      continue;
    }
    for (const [pattern, field] of POLICY_FIELDS) {
      m = pattern.exec(raw);
      if (m) {
        (suite as unknown as Record<string, Cell | undefined>)[field] =
          restCell(i, raw, m[0].length);
        break;
      }
    }
  }
  return out;
}

function isakmpKey({ lines, start, end }: Lines): IsakmpKeyShow {
  const out: IsakmpKeyShow = { kind: "isakmp-key", keys: [] };
  let withKeyring = false;
  for (let i = start; i <= end; i++) {
    const raw = lines[i]!;
    if (/Hostname\/Address/.test(raw)) {
      withKeyring = /^\s*Keyring/.test(raw);
      continue;
    }
    const w = words(i, raw);
    if (withKeyring && w.length >= 3) {
      out.keys.push({
        line: i,
        keyring: w[0]!.text,
        address: w[1]!,
        key: w[2]!,
      });
    } else if (!withKeyring && w.length === 2) {
      out.keys.push({ line: i, address: w[0]!, key: w[1]! });
    }
  }
  return out;
}

const ACL_HEADER =
  /^\s*(?:(Standard|Extended) IP access list|IP access list|Extended IPv6 access list) (\S+)/d;
const ACL_ENTRY = /^\s+(?:(\d+) )?(permit|deny) (\S+)/d;
const ACL_MATCHES = / \((\d+) matche?s?\)/d;

function accessLists({ lines, start, end }: Lines): AccessListsShow {
  const out: AccessListsShow = { kind: "access-lists", acls: [] };
  let acl: AccessListsShow["acls"][number] | undefined;
  for (let i = start; i <= end; i++) {
    const raw = lines[i]!;
    let m = ACL_HEADER.exec(raw);
    if (m) {
      acl = {
        line: i,
        name: groupCell(i, m, 2)!,
        type: m[1] === "Standard" ? "standard" : "extended",
        entries: [],
      };
      out.acls.push(acl);
      continue;
    }
    m = ACL_ENTRY.exec(raw);
    if (!acl || !m) {
      continue;
    }
    const textStart = m.indices![2]![0];
    const after = m.indices![3]![1];
    // The match count ends the line: `deny esp any any (20 matches)`.
    const counted = ACL_MATCHES.exec(raw.slice(after));
    const restEnd = counted ? after + counted.index : raw.trimEnd().length;
    const rest = raw.slice(after, restEnd).trim();
    const textEnd = rest ? raw.indexOf(rest, after) + rest.length : after;
    acl.entries.push({
      line: i,
      sequence: m[1] === undefined ? undefined : Number(m[1]),
      action: m[2] as "permit" | "deny",
      protocol: m[3]!,
      rest: rest ? rest.split(/\s+/) : [],
      text: {
        text: raw.slice(textStart, textEnd),
        range: lineRange(i, textStart, textEnd),
      },
      matches: counted
        ? {
            value: Number(counted[1]),
            range: lineRange(
              i,
              after + counted.indices![1]![0],
              after + counted.indices![1]![1],
            ),
          }
        : undefined,
    });
  }
  return out;
}

function ipInterface({ lines, start, end }: Lines): IpInterfaceShow {
  const out: IpInterfaceShow = { kind: "ip-interface", interfaces: [] };
  let current: IpInterfaceShow["interfaces"][number] | undefined;
  for (let i = start; i <= end; i++) {
    const raw = lines[i]!;
    let m = /^(\S+) is ([^,]+), line protocol is (\S+)/d.exec(raw);
    if (m) {
      current = {
        line: i,
        name: groupCell(i, m, 1)!,
        status: `${m[2]}/${m[3]}`,
      };
      out.interfaces.push(current);
      continue;
    }
    if (!current) {
      continue;
    }
    m = /Internet address is (\S+)/d.exec(raw);
    if (m) {
      current.address = groupCell(i, m, 1);
      continue;
    }
    m = /Inbound +access list is /.exec(raw);
    if (m) {
      const acl = restCell(i, raw, m.index + m[0].length);
      if (acl && acl.text !== "not set") {
        current.inboundAcl = acl;
      }
      continue;
    }
    m = /Outgoing access list is /.exec(raw);
    if (m) {
      const acl = restCell(i, raw, m.index + m[0].length);
      if (acl && acl.text !== "not set") {
        current.outboundAcl = acl;
      }
      continue;
    }
    m = /^\s+VPN Routing\/Forwarding "([^"]+)"/d.exec(raw);
    if (m) {
      current.vrf = groupCell(i, m, 1);
    }
  }
  return out;
}

/** The header of `show ip interface brief`; filtered outputs (`| include ...`) print none. */
const BRIEF_HEADER =
  /^\s*Interface\s+IP-Address\s+OK\?\s+Method\s+Status\s+Protocol/;
const BRIEF_NAME = /^[A-Za-z][\w./:-]{0,79}$/;
const BRIEF_ADDRESS = /^(?:unassigned|\d{1,3}(?:\.\d{1,3}){3})$/;
const BRIEF_OK = /^(?:YES|NO)$/;
const BRIEF_METHOD = /^[A-Za-z]{2,12}$/;
/** A one-word status (up, down, deleted, reset...). */
const BRIEF_STATE = /^[a-z]{2,14}$/;
/** The line protocol: only these two (so a wrapped `dow` is not taken for one). */
const BRIEF_PROTOCOL = /^(?:up|down)$/;

/**
 * The words of a row of `show ip interface brief` as `[start, end)` offsets in `text`, or
 * undefined when the text is no row: a name, an address (or `unassigned`), YES or NO, the
 * method, the status (`administratively down` is two words) and the line protocol. Read by
 * words, not columns, since a long name pushes the other columns right.
 */
function briefRowWords(text: string): [number, number][] | undefined {
  const w: [number, number][] = [];
  WORDS.lastIndex = 0;
  for (let m = WORDS.exec(text); m; m = WORDS.exec(text)) {
    if (w.length === 7) {
      return undefined;
    }
    w.push([m.index, m.index + m[0].length]);
  }
  const word = (k: number) => text.slice(w[k]![0], w[k]![1]);
  if (
    (w.length !== 6 && w.length !== 7) ||
    w[0]![0] !== 0 ||
    !BRIEF_NAME.test(word(0)) ||
    !BRIEF_ADDRESS.test(word(1)) ||
    !BRIEF_OK.test(word(2)) ||
    !BRIEF_METHOD.test(word(3)) ||
    !BRIEF_PROTOCOL.test(word(w.length - 1))
  ) {
    return undefined;
  }
  if (w.length === 7) {
    if (word(4) !== "administratively" || word(5) !== "down") {
      return undefined;
    }
    // The status is one cell: `administratively down`.
    return [w[0]!, w[1]!, w[2]!, w[3]!, [w[4]![0], w[5]![1]], w[6]!];
  }
  return BRIEF_STATE.test(word(4)) ? w : undefined;
}

/**
 * A row of `show ip interface brief` read from `text`, which is line `line` alone, or that line
 * and line `nextLine` joined by `joint` (a row a terminal wrapped, or a long name alone on its
 * line): offsets past the first line's text fall on the next line.
 */
function briefRow(
  line: number,
  text: string,
  firstLength = text.length,
  joint = 0,
  nextLine = line + 1,
): IpInterfaceBriefRow | undefined {
  const w = briefRowWords(text);
  if (!w) {
    return undefined;
  }
  const at = (offset: number) =>
    offset <= firstLength
      ? { line, character: offset }
      : {
          line: nextLine,
          character: Math.max(0, offset - firstLength - joint),
        };
  const cell = ([a, b]: [number, number]): Cell => {
    const range: Range = { start: at(a), end: at(b) };
    if (a === firstLength && joint === 0 && b > a) {
      // A word that starts right where the first line ends begins on the next line.
      range.start = { line: nextLine, character: 0 };
    }
    return { text: text.slice(a, b), range };
  };
  const cells = w.map(cell);
  return {
    line,
    endLine: cells[5]!.range.end.line,
    name: cells[0]!,
    address: cells[1]!,
    ok: cells[2]!,
    method: cells[3]!,
    status: cells[4]!,
    protocol: cells[5]!,
  };
}

/**
 * `show ip interface brief`: one row per interface. A row that does not read alone is read with
 * the next line when that one is no row either: a terminal wrapped it (`... administratively
 * down dow` then `n`), or a name too long for its column stands alone above the rest.
 */
function ipInterfaceBrief({ lines, start, end }: Lines): IpInterfaceBriefShow {
  const out: IpInterfaceBriefShow = { kind: "ip-interface-brief", rows: [] };
  for (let i = start; i <= end; i++) {
    const raw = lines[i]!;
    const c = raw.charCodeAt(0);
    if (Number.isNaN(c) || c === 32 || c === 9) {
      continue;
    }
    if (BRIEF_HEADER.test(raw)) {
      out.headerLine ??= i;
      continue;
    }
    const row = briefRow(i, raw);
    if (row) {
      out.rows.push(row);
      continue;
    }
    // The rest of the row: the next line with text (a log message printed between is blank here).
    let j = i + 1;
    while (j <= end && !lines[j]!.trim()) {
      j++;
    }
    const next = j <= end ? lines[j]! : undefined;
    if (next === undefined || briefRowWords(next)) {
      continue;
    }
    const first = raw.trimEnd();
    const joined =
      briefRow(i, first + next, first.length, 0, j) ??
      briefRow(i, `${first} ${next}`, first.length, 1, j);
    if (joined) {
      out.rows.push(joined);
      i = j;
    }
  }
  return out;
}

const ROUTE =
  /^([A-Z][A-Za-z0-9]{0,2}\*?)(?: +([A-Z][A-Z0-9]?\*?))? +(\d{1,3}(?:\.\d{1,3}){3})(\/\d{1,2})? +(.*)$/d;

function ipRoute({ lines, start, end }: Lines): IpRouteShow {
  const out: IpRouteShow = { kind: "ip-route", routes: [] };
  let subnetLength: string | undefined;
  for (let i = start; i <= end; i++) {
    const raw = lines[i]!;
    let m = /Gateway of last resort is (\S+)/d.exec(raw);
    if (m) {
      if (m[1] !== "not") {
        out.gatewayOfLastResort = groupCell(i, m, 1);
      }
      continue;
    }
    m =
      /^\s+\d{1,3}(?:\.\d{1,3}){3}(\/\d{1,2}) is (?:variably )?subnetted/.exec(
        raw,
      );
    if (m) {
      subnetLength = m[1];
      continue;
    }
    m = ROUTE.exec(raw);
    if (!m) {
      continue;
    }
    const length = m[4] ?? subnetLength ?? "";
    const idx = m.indices!;
    const prefixText = `${m[3]}${length}`;
    const route: IpRouteShow["routes"][number] = {
      line: i,
      code: m[2] ? `${m[1]} ${m[2]}` : m[1]!,
      prefix: {
        text: prefixText,
        range: lineRange(i, idx[3]![0], (idx[4] ?? idx[3]!)[1]),
      },
    };
    const rest = m[5]!;
    const restStart = idx[5]![0];
    const via = /via (\d{1,3}(?:\.\d{1,3}){3})/d.exec(rest);
    if (via) {
      route.nextHop = {
        text: via[1]!,
        range: lineRange(
          i,
          restStart + via.indices![1]![0],
          restStart + via.indices![1]![1],
        ),
      };
    }
    // The exit interface is the last word, after `connected,` or the route's age.
    const tail = restCell(i, raw, restStart);
    const lastSpace = tail ? tail.text.lastIndexOf(" ") : -1;
    const word = tail && lastSpace > 0 ? tail.text.slice(lastSpace + 1) : "";
    if (
      tail &&
      /^[A-Za-z][\w/.:-]{0,40}\d$/.test(word) &&
      /(connected|,)$/.test(tail.text.slice(0, lastSpace))
    ) {
      const at = tail.range.end.character - word.length;
      route.interfaceName = {
        text: word,
        range: lineRange(i, at, at + word.length),
      };
    }
    out.routes.push(route);
  }
  return out;
}

const MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

function monthIndex(name: string): number | undefined {
  const at = MONTHS.indexOf(name.slice(0, 3));
  return at >= 0 && at % 3 === 0 ? at / 3 : undefined;
}

/** Milliseconds since the epoch for a time and date as IOS prints them, read as UTC. */
export function iosDateMs(
  hh: string,
  mm: string,
  ss: string,
  month: string,
  day: string,
  year: string,
): number | undefined {
  const mi = monthIndex(month);
  return mi === undefined
    ? undefined
    : Date.UTC(
        Number(year),
        mi,
        Number(day),
        Number(hh),
        Number(mm),
        Number(ss),
      );
}

const CLOCK =
  /^\s*([*.])?((\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)? (\S+) [A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d{4}))\s*$/d;

/** Parses a `show clock` line. */
export function parseClockLine(
  raw: string,
  line: number,
): ClockShow | undefined {
  const m = CLOCK.exec(raw);
  if (!m) {
    return undefined;
  }
  return {
    kind: "clock",
    line,
    text: groupCell(line, m, 2)!,
    flag: m[1] as "*" | "." | undefined,
    zone: m[6],
    ms: iosDateMs(m[3]!, m[4]!, m[5]!, m[7]!, m[8]!, m[9]!),
  };
}

function clock({ lines, start, end }: Lines): ClockShow | undefined {
  for (let i = start; i <= end; i++) {
    const parsed = parseClockLine(lines[i]!, i);
    if (parsed) {
      return parsed;
    }
  }
  return undefined;
}

const CERT_DATE =
  /(start|end) +date: *((\d{1,2}):(\d{2}):(\d{2}) +\S+ +([A-Z][a-z]{2}) +(\d{1,2}) +(\d{4}))/d;

function certificates({ lines, start, end }: Lines): CertificatesShow {
  const out: CertificatesShow = { kind: "certificates", certificates: [] };
  let cert: CertificateEntry | undefined;
  let section: "issuer" | "subject" | "other" = "other";
  let sectionIndent = 0;
  for (let i = start; i <= end; i++) {
    const raw = lines[i]!;
    const trimmed = raw.trim();
    if (!trimmed) {
      continue;
    }
    const indent = raw.length - raw.trimStart().length;
    if (/^((CA|Router Self-Signed|RA \w+) )?Certificate\s*$/.test(trimmed)) {
      cert = { line: i, type: trimmed, subject: [], issuer: [] };
      out.certificates.push(cert);
      section = "other";
      continue;
    }
    if (!cert) {
      continue;
    }
    if (section !== "other" && indent <= sectionIndent) {
      section = "other";
    }
    let m = /^\s*Status: (\S+)/d.exec(raw);
    if (m) {
      cert.status = groupCell(i, m, 1);
      continue;
    }
    m = /^\s*(?:Certificate )?Serial Number(?: \(hex\))?: (\S+)/d.exec(raw);
    if (m && (!cert.serial || /Certificate Serial/.test(raw))) {
      if (section === "other" || /Certificate Serial/.test(raw)) {
        cert.serial = groupCell(i, m, 1);
        continue;
      }
    }
    if (/^\s*Issuer:\s*$/.test(raw)) {
      section = "issuer";
      sectionIndent = indent;
      continue;
    }
    if (/^\s*Subject(?: Name)?(?: Contains)?:\s*$/.test(raw)) {
      section = "subject";
      sectionIndent = indent;
      continue;
    }
    m = CERT_DATE.exec(raw);
    if (m) {
      const cell = groupCell(i, m, 2)!;
      const value = {
        cell,
        ms: iosDateMs(m[3]!, m[4]!, m[5]!, m[6]!, m[7]!, m[8]!),
      };
      if (m[1] === "start") {
        cert.start = value;
      } else {
        cert.end = value;
      }
      continue;
    }
    if (section === "issuer" || section === "subject") {
      const cell: Cell = {
        text: trimmed,
        range: lineRange(i, indent, indent + trimmed.length),
      };
      (section === "issuer" ? cert.issuer : cert.subject).push(cell);
    }
  }
  return out;
}

function transformSets({ lines, start, end }: Lines): TransformSetShow {
  const out: TransformSetShow = { kind: "transform-set", sets: [] };
  let last: TransformSetShow["sets"][number] | undefined;
  for (let i = start; i <= end; i++) {
    const raw = lines[i]!;
    let m = /Transform set (?:default: )?([^\s:]+):?\s*\{([^}]*)\}/d.exec(raw);
    if (m) {
      const open = m.indices![2]![0];
      const transforms = m[2]!
        .split(/\s+/)
        .filter(Boolean)
        .map((t) => cellAt(i, raw, t, open));
      last = { line: i, name: groupCell(i, m, 1)!, transforms };
      out.sets.push(last);
      continue;
    }
    m = /will negotiate = \{\s*(\w+)/.exec(raw);
    if (m && last) {
      last.mode = m[1]!.toLowerCase();
    }
  }
  return out;
}

/** The value after `Label :` on a line, as a cell (trimmed), when the line has that label. */
function labelled(i: number, raw: string, label: RegExp): Cell | undefined {
  const m = label.exec(raw);
  if (!m) {
    return undefined;
  }
  return restCell(i, raw, m.index + m[0].length);
}

/** The words of a labelled value, each a cell (`DH Group` lists keep `DH_GROUP_.../Group N` whole). */
function labelledWords(
  i: number,
  raw: string,
  label: RegExp,
): Cell[] | undefined {
  const m = label.exec(raw);
  if (!m) {
    return undefined;
  }
  const from = m.index + m[0].length;
  const out: Cell[] = [];
  const re = /DH_GROUP_\w+\/Group \d+|\S+/g;
  re.lastIndex = from;
  for (let w = re.exec(raw); w; w = re.exec(raw)) {
    out.push({
      text: w[0],
      range: lineRange(i, w.index, w.index + w[0].length),
    });
  }
  return out;
}

/**
 * The records of a block in which each record starts at a header line naming it (`IKEv2
 * proposal: NAME`) and its other lines fill it in.
 */
function recordsOf<R>(
  { lines, start, end }: Lines,
  header: RegExp,
  create: (line: number, name: Cell) => R,
  fill: (record: R, i: number, raw: string) => void,
): R[] {
  const out: R[] = [];
  let last: R | undefined;
  for (let i = start; i <= end; i++) {
    const raw = lines[i]!;
    const name = labelled(i, raw, header);
    if (name) {
      last = create(i, name);
      out.push(last);
    } else if (last) {
      fill(last, i, raw);
    }
  }
  return out;
}

function ikev2Proposals(block: Lines): Ikev2ProposalShow {
  const proposals = recordsOf<Ikev2ProposalShow["proposals"][number]>(
    block,
    /^\s*IKEv2 proposal\s*:\s*/,
    (line, name) => ({
      line,
      name,
      encryption: [],
      integrity: [],
      prf: [],
      groups: [],
    }),
    (p, i, raw) => {
      p.encryption.push(...(labelledWords(i, raw, /^\s*Encryption\s*:/) ?? []));
      p.integrity.push(...(labelledWords(i, raw, /^\s*Integrity\s*:/) ?? []));
      p.prf.push(...(labelledWords(i, raw, /^\s*PRF\s*:/) ?? []));
      p.groups.push(...(labelledWords(i, raw, /^\s*DH Group\s*:/) ?? []));
    },
  );
  return { kind: "ikev2-proposal", proposals };
}

function ikev2Policies(block: Lines): Ikev2PolicyShow {
  const policies = recordsOf<Ikev2PolicyShow["policies"][number]>(
    block,
    /^\s*IKEv2 policy\s*:\s*/,
    (line, name) => ({ line, name, proposals: [] }),
    (p, i, raw) => {
      p.fvrf ??= labelled(i, raw, /^\s*Match fvrf\s*:\s*/);
      p.localAddress ??= labelled(i, raw, /^\s*Match address local\s*:\s*/);
      p.proposals.push(...(labelledWords(i, raw, /^\s*Proposal\s*:/) ?? []));
    },
  );
  return { kind: "ikev2-policy", policies };
}

function ikev2Profiles(block: Lines): Ikev2ProfileShow {
  // The identities are listed one per line below `Identities:`, until the next labelled line.
  let inIdentities = false;
  const profiles = recordsOf<Ikev2ProfileShow["profiles"][number]>(
    block,
    /^\s*IKEv2 profile\s*:\s*/,
    (line, name) => {
      inIdentities = false;
      return { line, name, identities: [] };
    },
    (p, i, raw) => {
      if (/^\s*Identities\s*:/.test(raw)) {
        const inline = labelled(i, raw, /^\s*Identities\s*:\s*/);
        inIdentities = !inline;
        if (inline && inline.text !== "none") {
          p.identities.push(inline);
        }
        return;
      }
      if (inIdentities && /^\s*(address|fqdn|email|key-id|any)\b/.test(raw)) {
        p.identities.push(restCell(i, raw, 0)!);
        return;
      }
      inIdentities = false;
      p.fvrf ??= labelled(i, raw, /^\s*Fvrf\s*:\s*/);
      p.localIdentity ??= labelled(i, raw, /^\s*Local identity\s*:\s*/);
      p.localAuthentication ??= labelled(
        i,
        raw,
        /^\s*Local authentication method\s*:\s*/,
      );
      p.remoteAuthentication ??= labelled(
        i,
        raw,
        /^\s*Remote authentication method\(s\)\s*:\s*/,
      );
      p.keyring ??= labelled(i, raw, /^\s*Keyring\s*:\s*/);
    },
  );
  return { kind: "ikev2-profile", profiles };
}

function ipsecProfiles(block: Lines): IpsecProfileShow {
  const profiles = recordsOf<IpsecProfileShow["profiles"][number]>(
    block,
    /^\s*IPSEC profile\s+/,
    (line, name) => ({ line, name, transformSets: [] }),
    (p, i, raw) => {
      p.ikev2Profile ??= labelled(i, raw, /^\s*IKEv2 Profile\s*:\s*/);
      p.pfs ??= labelled(i, raw, /^\s*PFS \(Y\/N\)\s*:\s*/);
      const set = /^\s*([^\s:{}]+):\s*\{([^}]*)\}/d.exec(raw);
      if (set) {
        const open = set.indices![2]![0];
        p.transformSets.push({
          name: groupCell(i, set, 1)!,
          transforms: set[2]!
            .split(/\s+/)
            .filter(Boolean)
            .map((t) => cellAt(i, raw, t, open)),
        });
      }
    },
  );
  return { kind: "ipsec-profile", profiles };
}

/** `UpDn Tm`: `never`, `hh:mm:ss` below a day, then `6d12h`, `3w5d`, `1y2w`. */
const DMVPN_TIME = /^(?:never|\d{1,2}:\d{2}:\d{2}|\d{1,5}[ywd]\d{1,2}[wdh])$/;
/** A state word (UP, NHRP, IKE, IPSEC, INTF, DOWN, down...). */
const DMVPN_STATE = /^[A-Za-z]{2,12}$/;
/** The legend's letters run together: S, D, DT1, SC, IX, I2. */
const DMVPN_ATTRIBUTES = /^[A-Z][A-Z0-9]{0,11}$/;
const DMVPN_NBMA = /^(?:UNKNOWN|[\da-fA-F]{0,4}[.:][\da-fA-F.:]{2,44})$/;
const DMVPN_TARGET = /^[\da-fA-F.:]{2,45}\/\d{1,3}$/;

/**
 * `show dmvpn [detail]`: per tunnel interface (`Interface: Tunnel0, IPv4 NHRP Details`; 12.4:
 * `Tunnel0, Type:Hub, NHRP Peers:1,`; detail: `Interface Tunnel0 is up/up, Addr. is ...`) its
 * type and peer count, then one row per NHRP entry: `# Ent`, NBMA address, tunnel address,
 * state, time in that state and attributes (and the target network with `detail`). Rows are
 * read word by word around the state and time, which every layout prints in that order.
 */
function dmvpn({ lines, start, end }: Lines): DmvpnShow {
  const out: DmvpnShow = { kind: "dmvpn", detail: false, interfaces: [] };
  let iface: DmvpnInterface | undefined;
  let inNhs = false;
  /**
   * The `# Ent` and NBMA address of the peer whose rows are being read; `alone` while they stand
   * on a line of their own, waiting for the peer's first row.
   */
  let peer: { entries?: Cell; nbma?: Cell; alone?: boolean } = {};
  const newInterface = (line: number, name?: Cell): DmvpnInterface => {
    iface = { line, endLine: line, name, nhs: [], rows: [] };
    out.interfaces.push(iface);
    peer = {};
    inNhs = false;
    return iface;
  };
  for (let i = start; i <= end; i++) {
    const raw = lines[i]!;
    const w = words(i, raw);
    if (!w.length) {
      continue;
    }
    const first = w[0]!.text;
    if (
      first === "Crypto" &&
      w[1]?.text === "Session" &&
      /^Details/.test(w[2]?.text ?? "")
    ) {
      // What follows is show crypto session detail's, not the peer table's.
      out.cryptoDetailsLine = i;
      out.detail = true;
      break;
    }
    let m = /^Interface: ([^,\s]+), IPv[46] NHRP Details/d.exec(raw);
    if (m) {
      newInterface(i, groupCell(i, m, 1));
      continue;
    }
    if (first === "Interface" && w[2]?.text === "is" && w.length >= 4) {
      const it = newInterface(i, w[1]);
      const status = w[3]!;
      const text = status.text.replace(/,$/, "");
      it.status = {
        text,
        range: lineRange(
          i,
          status.range.start.character,
          status.range.start.character + text.length,
        ),
      };
      out.detail = true;
      continue;
    }
    m =
      /^(?:([A-Za-z][\w/.:-]{0,60}), )?Type:([^,\s]+),? (?:NHRP Peers:|Total NBMA Peers \(v4\/v6\): ?)(\d{1,9})/d.exec(
        raw,
      );
    if (m) {
      const it = m[1] || !iface ? newInterface(i, groupCell(i, m, 1)) : iface;
      it.endLine = i;
      it.type = groupCell(i, m, 2);
      it.peerCount = counterCell(i, m, 3);
      inNhs = false;
      continue;
    }
    if (/^\s*IPv[46] NHS:/.test(raw)) {
      iface ??= newInterface(i);
      iface.endLine = i;
      inNhs = true;
      const after = w.findIndex((c) => c.text === "NHS:");
      if (w[after + 1]) {
        iface.nhs.push({ address: w[after + 1]!, status: w[after + 2] });
      }
      continue;
    }
    if (inNhs && ADDRESS.test(first)) {
      iface!.nhs.push({ address: w[0]!, status: w[1] });
      iface!.endLine = i;
      continue;
    }
    inNhs = false;
    if (first === "#" || first === "Ent" || /^-{3,}$/.test(first)) {
      // The table's header and its dashes.
      if (w.some((c) => c.text === "Target")) {
        out.detail = true;
      }
      continue;
    }
    // An IPv6 NBMA address does not fit its column: `1 2001:DB8::1` alone, the row below.
    if (
      w.length === 2 &&
      /^\d{1,5}$/.test(first) &&
      DMVPN_NBMA.test(w[1]!.text)
    ) {
      peer = { entries: w[0], nbma: w[1], alone: true };
      continue;
    }
    // The state is the word before the time; what precedes it is [# Ent] [NBMA] tunnel.
    let k = 1;
    while (
      k <= 3 &&
      k + 2 < w.length &&
      !(DMVPN_TIME.test(w[k + 1]!.text) && DMVPN_STATE.test(w[k]!.text))
    ) {
      k++;
    }
    if (
      k > 3 ||
      k + 2 >= w.length ||
      w.length > k + 4 ||
      !DMVPN_ATTRIBUTES.test(w[k + 2]!.text) ||
      !ADDRESS.test(w[k - 1]!.text) ||
      (k >= 2 && !DMVPN_NBMA.test(w[k - 2]!.text)) ||
      (k === 3 && !/^\d{1,5}$/.test(first)) ||
      (w.length === k + 4 && !DMVPN_TARGET.test(w[k + 3]!.text))
    ) {
      continue;
    }
    const alone = peer.alone === true && k === 1;
    if (k === 3) {
      peer = { entries: w[0], nbma: w[1] };
    } else if (k === 2) {
      // Detail rows under a first one repeat the NBMA address without the count.
      peer = { nbma: w[0] };
    } else {
      peer.alone = false;
    }
    iface ??= newInterface(i);
    iface.endLine = i;
    iface.rows.push({
      line: i,
      entries: k === 3 || alone ? peer.entries : undefined,
      nbma: peer.nbma,
      tunnel: w[k - 1]!,
      state: w[k]!,
      upDown: w[k + 1]!,
      attributes: w[k + 2]!,
      target: w[k + 3],
    });
    if (w.length === k + 4) {
      out.detail = true;
    }
  }
  return out;
}

const PARSERS: Partial<
  Record<ShowKind, (lines: Lines) => ShowData | undefined>
> = {
  "isakmp-sa": isakmpSa,
  "ikev2-sa": ikev2Sa,
  "ipsec-sa": ipsecSa,
  "crypto-map": cryptoMap,
  "crypto-session": cryptoSession,
  "isakmp-policy": isakmpPolicy,
  "isakmp-key": isakmpKey,
  "access-lists": accessLists,
  "ip-interface": ipInterface,
  "ip-interface-brief": ipInterfaceBrief,
  "ip-route": ipRoute,
  clock,
  certificates,
  "transform-set": transformSets,
  "ikev2-proposal": ikev2Proposals,
  "ikev2-policy": ikev2Policies,
  "ikev2-profile": ikev2Profiles,
  "ipsec-profile": ipsecProfiles,
  dmvpn,
};

/** Parses the lines of a block of the given kind; undefined for kinds we do not parse. */
export function parseShow(
  kind: ShowKind,
  lines: readonly string[],
  start: number,
  end: number,
): ShowData | undefined {
  const parser = PARSERS[kind];
  return parser && end >= start ? parser({ lines, start, end }) : undefined;
}

/**
 * Show headers with the ASCII characters each can start with (`undefined`: any character that is
 * not white space). The clock line comes last, as the fallback it is.
 */
const HEADERS: readonly [RegExp, ShowKind, string | undefined][] = [
  [/^\s*dst\s+src\s+state\s+conn-id/, "isakmp-sa", "d"],
  [/^\s*IPv[46] Crypto (ISAKMP|IKEv1) SA/, "isakmp-sa", "I"],
  [/^C-id\s+Local\s+Remote/, "isakmp-sa", "C"],
  [/^ISAKMP is turned off/, "isakmp-sa", "I"],
  [/^\s*IPv[46] Crypto IKEv2\s+SA/, "ikev2-sa", "I"],
  [/^Tunnel-id\s+(Local\s+Remote\s+)?fvrf\/ivrf\s+Status/, "ikev2-sa", "T"],
  [/^interface: \S+/, "ipsec-sa", "i"],
  [/^Crypto Map (IPv[46] )?"[^"]+" \d+/, "crypto-map", "C"],
  [/^Crypto session current status/, "crypto-session", "C"],
  [
    /^(Protection suite of priority \d+|Default protection suite|Global IKE policy)/,
    "isakmp-policy",
    "PDG",
  ],
  [/^(Keyring\s+)?Hostname\/Address\s+Preshared Key/, "isakmp-key", "KH"],
  [/^(Standard|Extended) IP access list \S+/, "access-lists", "SE"],
  [
    /^\S+ is (up|down|administratively down|deleted), line protocol is /,
    "ip-interface",
    undefined,
  ],
  [BRIEF_HEADER, "ip-interface-brief", "I"],
  [/^Codes: [A-Z] - /, "ip-route", "C"],
  [/^Gateway of last resort is /, "ip-route", "G"],
  [/^((CA|Router Self-Signed) )?Certificate\s*$/, "certificates", "CR"],
  [/^Transform set \S+/, "transform-set", "T"],
  [/^IKEv2 proposal\s*: \S/, "ikev2-proposal", "I"],
  [/^IKEv2 policy\s*: \S/, "ikev2-policy", "I"],
  [/^IKEv2 profile\s*: \S/, "ikev2-profile", "I"],
  [/^IPSEC profile \S/, "ipsec-profile", "I"],
  [/^Legend: Attrb --> /, "dmvpn", "L"],
  [/^Interface: [^,\s]+, IPv[46] NHRP Details/, "dmvpn", "I"],
  [/^Interface [^,\s]+ is [^,\s]+, Addr\. is /, "dmvpn", "I"],
  [
    /^(?:[A-Za-z][\w/.:-]{0,60}, )?Type:[^,\s]+,? (?:NHRP Peers:|Total NBMA Peers )/,
    "dmvpn",
    "T",
  ],
  [/^# Ent +Peer NBMA Addr/, "dmvpn", "#"],
  [
    /^(Building configuration\.\.\.|Current configuration ?:)/,
    "running-config",
    "BC",
  ],
  [CLOCK, "clock", "*.0123456789"],
];

/**
 * The headers worth testing by a line's first character, for printable ASCII (a line costs the
 * two or three patterns that can match it, not all sixteen). Other first characters (white
 * space the patterns' `\s` allows, non-ASCII) test them all.
 */
const ALL_HEADERS: readonly (readonly [RegExp, ShowKind])[] = HEADERS.map(
  ([pattern, kind]) => [pattern, kind] as const,
);
const HEADERS_BY_CHAR: readonly (readonly (readonly [RegExp, ShowKind])[])[] =
  Array.from({ length: 128 }, (_, code) =>
    HEADERS.filter(
      ([, , first]) =>
        code > 32 &&
        code < 127 &&
        (first === undefined || first.includes(String.fromCharCode(code))),
    ).map(([pattern, kind]) => [pattern, kind] as const),
  );

/** The show output a line starts, when it is a header that only that output prints. */
const INDENTED_HEADERS: readonly (readonly [RegExp, ShowKind])[] = [
  [/^ IPv[46] Crypto IKEv2\s+SA/, "ikev2-sa"],
  [/^ IKEv2 proposal\s*: \S/, "ikev2-proposal"],
  [/^ IKEv2 policy\s*: \S/, "ikev2-policy"],
  [/^ # Ent +Peer NBMA Addr/, "dmvpn"],
];

export function detectShowHeader(raw: string): ShowKind | undefined {
  const c = raw.charCodeAt(0);
  if (raw.startsWith(" I") || raw.startsWith(" #")) {
    // IOS-XE prints ` IPv4 Crypto IKEv2  SA` one column in, IOS ` IKEv2 proposal: NAME`, and
    // `show dmvpn` its table's header ` # Ent  Peer NBMA Addr ...`.
    return INDENTED_HEADERS.find(([pattern]) => pattern.test(raw))?.[1];
  }
  if (Number.isNaN(c) || c === 32 || c === 9) {
    return undefined;
  }
  const candidates = c > 32 && c < 127 ? HEADERS_BY_CHAR[c]! : ALL_HEADERS;
  for (const [pattern, kind] of candidates) {
    if (pattern.test(raw)) {
      return kind;
    }
  }
  return undefined;
}
