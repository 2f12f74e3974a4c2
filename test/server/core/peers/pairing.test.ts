import * as assert from "node:assert/strict";
import * as path from "node:path";
import { formatIpv4 } from "../../../../server/src/core/ipv4/address";
import {
  BATFISH_RIG,
  fixture,
  PEERS,
  pairs,
  peerFindings,
  REPO,
  workspace,
} from "./support";

/** `router:label -> router:label` for each pair, sorted. */
function summarise(ws: ReturnType<typeof workspace>): string[] {
  return pairs(ws)
    .map(({ pair }) => {
      const end = (e: typeof pair.a | undefined) =>
        e ? `${e.router.name}:${e.label}` : `(${pair.missing})`;
      return `${end(pair.a)} -> ${end(pair.b)}`;
    })
    .sort();
}

describe("peers/pairing", () => {
  it("pairs the chapter's Tokyo and Osaka crypto maps by their addresses", () => {
    const ws = workspace(
      path.join(REPO, "examples", "tokyo.ios"),
      path.join(REPO, "examples", "osaka.ios"),
    );
    assert.deepEqual(summarise(ws), [
      "Tokyo:crypto map mjlnetmap 10 -> Osaka:crypto map mjlnetmap 10",
    ]);
  });

  it("pairs copies of the same lab in sibling folders within their own folder", () => {
    const ws = workspace(
      path.join(REPO, "examples", "broken", "osaka.ios"),
      path.join(REPO, "examples", "broken", "tokyo.ios"),
      path.join(REPO, "examples", "osaka.ios"),
      path.join(REPO, "examples", "tokyo.ios"),
    );
    const folderOf = (uri: string) =>
      path.basename(path.dirname(new URL(uri).pathname));
    assert.deepEqual(
      pairs(ws).map((p) => [
        folderOf(p.pair.a.router.uri),
        folderOf(p.pair.b!.router.uri),
        p.outcome,
      ]),
      [
        ["broken", "broken", "PHASE1_FAILED"],
        ["examples", "examples", "ESTABLISHED"],
      ],
    );
  });

  it("pairs every peer of a hub's map, the backup peer of an entry included", () => {
    const ws = fixture("hub");
    assert.deepEqual(summarise(ws), [
      "Tokyo:crypto map mjlnetmap 10 -> Kyoto:crypto map mjlnetmap 10",
      "Tokyo:crypto map mjlnetmap 20 -> Nagoya:crypto map mjlnetmap 10",
      "Tokyo:crypto map mjlnetmap 30 -> Sendai-2:crypto map mjlnetmap 10",
      "Tokyo:crypto map mjlnetmap 30 -> Sendai:crypto map mjlnetmap 10",
    ]);
    const backup = pairs(ws).find((p) => p.pair.b?.router.name === "Sendai-2")!;
    assert.equal(formatIpv4(backup.pair.a.remote!), "192.0.2.5");
  });

  it("pairs peers named by hostname", () => {
    const ws = fixture("several");
    const [p] = pairs(ws);
    assert.equal(pairs(ws).length, 1);
    assert.deepEqual([p!.pair.a.remoteName, p!.pair.b!.remoteName].sort(), [
      "Osaka.mjlnet.com",
      "tokyo.mjlnet.com",
    ]);
    assert.equal(
      formatIpv4(p!.forward!.responderAddress!),
      p!.pair.a.router.name === "Tokyo" ? "172.16.6.2" : "172.16.5.1",
    );
  });

  it("pairs a static entry with a dynamic map, which only answers", () => {
    const [p] = pairs(fixture("dynamic"));
    assert.equal(p!.pair.dynamic, true);
    assert.equal(p!.pair.b!.kind, "dynamic-map");
    assert.equal(p!.reverse, undefined);
  });

  it("pairs tunnel interfaces by source and destination", () => {
    const [p] = pairs(fixture("vti"));
    assert.equal(p!.pair.kind, "tunnel");
    assert.deepEqual(
      [p!.pair.a.label, p!.pair.b!.label],
      ["interface Tunnel0", "interface Tunnel0"],
    );
  });

  it("keeps a lone config's peers as missing, outside the workspace", () => {
    const ws = workspace(path.join(REPO, "examples", "tokyo.ios"));
    const [p] = pairs(ws);
    assert.equal(p!.pair.missing, "outside");
    assert.equal(p!.outcome, "MISSING_PEER");
  });

  it("finds the batfish rig's pairs: crypto maps, tunnels, the dynamic map and the shut tunnel", () => {
    const ws = workspace(...BATFISH_RIG);
    assert.deepEqual(summarise(ws), [
      "r1:crypto map mymap 20 -> r2:crypto map mymap 20",
      "r1:crypto map mysecondmap 20 -> r3:crypto dynamic-map mydynamicmap 5",
      "r2:crypto map mysecondmap 20 -> r3:crypto dynamic-map mydynamicmap 5",
      "r2:interface Tunnel21 -> (one-sided)",
      "r2:interface Tunnel23 -> r3:interface Tunnel23",
    ]);
  });

  describe("a peer behind NAT", () => {
    const NAT = ["hq.ios", "branch.ios"].map((f) => path.join(PEERS, "nat", f));
    const EDGE = path.join(PEERS, "nat-device", "edge.ios");

    it("pairs HQ's entry, which points at the NAT device's address, with the branch behind it", () => {
      const ws = workspace(...NAT);
      assert.deepEqual(summarise(ws), [
        "HQ:crypto map VPN 10 -> Branch:crypto map VPN 10",
      ]);
      const [p] = pairs(ws);
      assert.equal(p!.pair.missing, undefined);
      assert.equal(p!.pair.nat?.behind, "b");
      assert.equal(formatIpv4(p!.pair.nat!.publicAddress!), "203.0.113.50");
      // Both directions are negotiated, each side looking its key up by the address it sees.
      assert.deepEqual(
        [p!.forward?.outcome, p!.reverse?.outcome],
        ["ESTABLISHED", "ESTABLISHED"],
      );
      assert.equal(
        formatIpv4(p!.reverse!.keys!.responder.peer!),
        "203.0.113.50",
      );
      assert.equal(
        formatIpv4(p!.forward!.keys!.initiator.peer!),
        "203.0.113.50",
      );
      // No finding calls the NAT device's address wrong.
      for (const name of ["hq.ios", "branch.ios"]) {
        assert.deepEqual(
          peerFindings(ws, name).map((f) => f.code),
          [],
          name,
        );
      }
    });

    it("still pairs them when the NAT device's own config, which owns that address, is in the workspace", () => {
      assert.deepEqual(summarise(workspace(...NAT, EDGE)), [
        "HQ:crypto map VPN 10 -> Branch:crypto map VPN 10",
      ]);
    });

    it("compares phase 1 and phase 2 through the NAT device", () => {
      const ws = workspace(
        { name: "hq.ios", text: workspace(NAT[0]!).text("hq.ios") },
        {
          name: "branch.ios",
          text: workspace(NAT[1]!)
            .text("branch.ios")
            .replace("key branchkey", "key otherkey")
            .replace("esp-sha256-hmac", "esp-sha-hmac"),
        },
      );
      const [p] = pairs(ws);
      assert.equal(p!.outcome, "PHASE1_KEY_MISMATCH");
      assert.ok(!p!.forward!.phase2.transforms.ok);
      const codes = peerFindings(ws, "branch.ios")
        .map((f) => f.code)
        .sort();
      assert.deepEqual(codes, ["psk-mismatch", "transform-set-mismatch"]);
    });

    it("keeps a peer address that no NAT explains a misdirection", () => {
      // Tokyo points at 172.16.4.2 and both routers talk from private addresses: nothing says
      // NAT, so the address is a typo.
      const ws = fixture("peer-address");
      assert.equal(pairs(ws)[0]!.pair.missing, "misdirected");
      assert.equal(pairs(ws)[0]!.pair.nat, undefined);
    });
  });
});
