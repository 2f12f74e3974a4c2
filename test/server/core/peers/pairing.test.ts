import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { formatAddress } from "../../../../server/src/core/ipv6/address";
import { analyseWorkspace } from "../../../../server/src/core/peers/analysis";
import {
  MESH_LIMITS,
  pairRouters,
  pointsAt,
} from "../../../../server/src/core/peers/pairing";
import { generateDmvpn } from "../../../../bench/generators/dmvpn";
import {
  allCodes,
  allFindings,
  applyFix,
  BATFISH_RIG,
  edited,
  findingsOf,
  fixture,
  PEERS,
  pairs,
  peerFindings,
  rangeText,
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
    assert.equal(formatAddress(backup.pair.a.remote!), "192.0.2.5");
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
      formatAddress(p!.forward!.responderAddress!),
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

  it("pairs each DMVPN spoke with the hub's multipoint tunnel at the NBMA address it maps the hub to", () => {
    const ws = fixture("dmvpn");
    assert.deepEqual(summarise(ws), [
      "Spoke1:interface Tunnel0 (multipoint GRE) -> Spoke2:interface Tunnel0 (multipoint GRE)",
      "Spoke1:interface Tunnel0 -> Hub:interface Tunnel0 (multipoint GRE)",
      "Spoke2:interface Tunnel0 -> Hub:interface Tunnel0 (multipoint GRE)",
    ]);
    for (const p of pairs(ws).filter((x) => !x.pair.spokes)) {
      // The hub learns its spokes when they register: it answers, it never starts IKE.
      assert.equal(p.pair.dynamic, true);
      assert.equal(p.pair.b!.kind, "tunnel");
      assert.equal(formatAddress(p.pair.a.remote!), "203.0.113.1");
      assert.equal(p.reverse, undefined);
      assert.equal(p.forward!.outcome, "ESTABLISHED");
    }
  });

  it("pairs two multipoint spokes of one cloud with each other, either one starting", () => {
    const ws = fixture("dmvpn-spokes");
    const spokes = pairs(ws).filter((p) => p.pair.spokes);
    assert.deepEqual(
      spokes.map((p) => `${p.pair.a.router.name}-${p.pair.b!.router.name}`),
      ["Spoke1-Spoke2", "Spoke1-Spoke3", "Spoke2-Spoke3"],
    );
    const [healthy] = spokes;
    assert.equal(healthy!.pair.dynamic, false);
    assert.equal(healthy!.outcome, "ESTABLISHED");
    // Each starts IKE toward the other's tunnel source, learnt from an NHRP resolution.
    assert.deepEqual(
      [healthy!.forward, healthy!.reverse].map((d) =>
        [d!.initiatorAddress, d!.responderAddress].map((a) =>
          formatAddress(a!),
        ),
      ),
      [
        ["198.51.100.2", "192.0.2.10"],
        ["192.0.2.10", "198.51.100.2"],
      ],
    );
  });

  it("pairs two spokes of a dual-hub cloud with each other once, though they meet under both hubs", () => {
    const dir = path.join(PEERS, "dmvpn-spokes");
    const text = (name: string) =>
      fs.readFileSync(path.join(dir, name), "utf8");
    const hub2 = text("hub.ios")
      .replace("hostname Hub", "hostname Hub2")
      .replace("203.0.113.1 255.255.255.252", "203.0.113.5 255.255.255.252")
      .replace("172.16.0.1 255.255.255.0", "172.16.0.2 255.255.255.0")
      .replace("0.0.0.0 0.0.0.0 203.0.113.2", "0.0.0.0 0.0.0.0 203.0.113.6");
    const spoke1 = text("spoke1.ios").replace(
      " ip nhrp nhs 172.16.0.1\n",
      " ip nhrp nhs 172.16.0.1\n ip nhrp map 172.16.0.2 203.0.113.5\n ip nhrp map multicast 203.0.113.5\n ip nhrp nhs 172.16.0.2\n",
    );
    const spoke2 = text("spoke2.ios").replace(
      " ip nhrp nhs 172.16.0.1 nbma 203.0.113.1 multicast\n",
      " ip nhrp nhs 172.16.0.1 nbma 203.0.113.1 multicast\n ip nhrp nhs 172.16.0.2 nbma 203.0.113.5 multicast\n",
    );
    assert.notEqual(spoke1, text("spoke1.ios"));
    assert.notEqual(spoke2, text("spoke2.ios"));
    const ws = workspace(
      { name: "hub.ios", text: text("hub.ios") },
      { name: "hub2.ios", text: hub2 },
      { name: "spoke1.ios", text: spoke1 },
      { name: "spoke2.ios", text: spoke2 },
      { name: "spoke3.ios", text: text("spoke3.ios") },
    );
    assert.deepEqual(
      pairs(ws)
        .filter((p) => p.pair.spokes)
        .map((p) => `${p.pair.a.router.name}-${p.pair.b!.router.name}`),
      ["Spoke1-Spoke2", "Spoke1-Spoke3", "Spoke2-Spoke3"],
    );
    assert.deepEqual(
      summarise(ws).filter((s) => s.includes("Hub2")),
      [
        "Spoke1:interface Tunnel0 -> Hub2:interface Tunnel0 (multipoint GRE)",
        "Spoke2:interface Tunnel0 -> Hub2:interface Tunnel0 (multipoint GRE)",
      ],
    );
  });

  it("keeps the clouds of two copies of a lab, each with its hub, apart", () => {
    const ws = workspace(
      ...["dmvpn", "dmvpn-spokes"].flatMap((folder) =>
        fs
          .readdirSync(path.join(PEERS, folder))
          .map((f) => path.join(PEERS, folder, f)),
      ),
    );
    const folderOf = (uri: string) => path.basename(path.dirname(uri));
    const spokes = pairs(ws).filter((p) => p.pair.spokes);
    assert.equal(spokes.length, 1 + 3);
    for (const p of spokes) {
      assert.equal(
        folderOf(p.pair.a.router.uri),
        folderOf(p.pair.b!.router.uri),
      );
    }
  });

  it("leaves out a point-to-point GRE spoke and a spoke of another cloud", () => {
    const dmvpn = fixture("dmvpn-spokes");
    const ws = workspace(
      { name: "hub.ios", text: dmvpn.text("hub.ios") },
      { name: "spoke1.ios", text: dmvpn.text("spoke1.ios") },
      {
        name: "spoke2.ios",
        text: dmvpn
          .text("spoke2.ios")
          .replace(
            " tunnel mode gre multipoint",
            " tunnel destination 203.0.113.1",
          ),
      },
      {
        name: "spoke3.ios",
        text: dmvpn
          .text("spoke3.ios")
          .replace("172.16.0.13 255.255.255.0", "172.16.9.13 255.255.255.0"),
      },
    );
    assert.deepEqual(
      pairs(ws).filter((p) => p.pair.spokes),
      [],
    );
  });

  it("pairs a dual-hub DMVPN spoke with each of its hubs", () => {
    const dmvpn = fixture("dmvpn");
    const hub2 = dmvpn
      .text("hub.ios")
      .replace("hostname Hub", "hostname Hub2")
      .replace("203.0.113.1 255.255.255.252", "203.0.113.5 255.255.255.252")
      .replace("172.16.0.1 255.255.255.0", "172.16.0.2 255.255.255.0")
      .replace("0.0.0.0 0.0.0.0 203.0.113.2", "0.0.0.0 0.0.0.0 203.0.113.6");
    const spoke = dmvpn
      .text("spoke1.ios")
      .replace(
        " ip nhrp nhs 172.16.0.1\n",
        " ip nhrp nhs 172.16.0.1\n ip nhrp map 172.16.0.2 203.0.113.5\n ip nhrp map multicast 203.0.113.5\n ip nhrp nhs 172.16.0.2\n",
      );
    const ws = workspace(
      { name: "hub.ios", text: dmvpn.text("hub.ios") },
      { name: "hub2.ios", text: hub2 },
      { name: "spoke1.ios", text: spoke },
    );
    assert.deepEqual(summarise(ws), [
      "Spoke1:interface Tunnel0 -> Hub2:interface Tunnel0 (multipoint GRE)",
      "Spoke1:interface Tunnel0 -> Hub:interface Tunnel0 (multipoint GRE)",
    ]);
    assert.deepEqual(
      pairs(ws).map((p) => p.forward!.outcome),
      ["ESTABLISHED", "ESTABLISHED"],
    );
    assert.deepEqual(peerFindings(ws, "spoke1.ios"), []);
  });

  it("pairs a FlexVPN spoke with the hub's virtual template, which only answers", () => {
    const ws = fixture("flexvpn");
    assert.deepEqual(summarise(ws), [
      "FlexSpoke:interface Tunnel0 -> FlexHub:interface Virtual-Template1 (dynamic VTI)",
    ]);
    const [p] = pairs(ws);
    assert.equal(p!.pair.dynamic, true);
    assert.equal(p!.forward!.outcome, "ESTABLISHED");
    assert.match(
      p!.reasons.join("\n"),
      /Virtual-Template1 \(dynamic VTI\) clones a tunnel for each peer that connects/,
    );
    // Before virtual templates were ends, the spoke was reported as pointing at nobody.
    assert.deepEqual(peerFindings(ws, "spoke.ios"), []);
    assert.deepEqual(peerFindings(ws, "hub.ios"), []);
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
      assert.equal(formatAddress(p!.pair.nat!.publicAddress!), "203.0.113.50");
      // Both directions are negotiated, each side looking its key up by the address it sees.
      assert.deepEqual(
        [p!.forward?.outcome, p!.reverse?.outcome],
        ["ESTABLISHED", "ESTABLISHED"],
      );
      assert.equal(
        formatAddress(p!.reverse!.keys!.responder.peer!),
        "203.0.113.50",
      );
      assert.equal(
        formatAddress(p!.forward!.keys!.initiator.peer!),
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

  describe("both ends behind NAT", () => {
    const both = fixture("nat-both");
    const tokyo = both.text("tokyo.ios");
    const osaka = both.text("osaka.ios");
    /** The fixture with Osaka's text changed (`osaka.ios`), plus extra configs. */
    const variant = (
      osakaText: string,
      ...more: { name: string; text: string }[]
    ) =>
      workspace(
        { name: "tokyo.ios", text: tokyo },
        { name: "osaka.ios", text: osakaText },
        ...more,
      );

    it("pairs two ends that point at each other's NAT device from private addresses, by their mirrored ACLs", () => {
      assert.deepEqual(summarise(both), [
        "Osaka:crypto map mjlnetmap 10 -> Tokyo:crypto map mjlnetmap 10",
      ]);
      const [p] = pairs(both);
      assert.equal(p!.pair.missing, undefined);
      assert.equal(p!.pair.nat?.behind, "both");
      // Each end's NAT device is the address the other end points at.
      const pub = p!.pair.nat!.publicAddresses!;
      assert.deepEqual(
        [formatAddress(pub.a), formatAddress(pub.b)],
        ["198.51.100.20", "203.0.113.10"],
      );
      assert.match(p!.pair.nat!.reason, /mirrored crypto ACLs/);
      assert.equal(p!.outcome, "ESTABLISHED");
      // Each side looks its key up by the public address it points at, and the responder sees
      // the initiator at that address too.
      for (const d of [p!.forward!, p!.reverse!]) {
        assert.equal(d.outcome, "ESTABLISHED");
        assert.equal(d.keys!.initiator.peer, d.initiator.remote);
        assert.equal(d.keys!.responder.peer, d.responder.remote);
      }
      for (const name of ["tokyo.ios", "osaka.ios"]) {
        assert.deepEqual(
          peerFindings(both, name).map((f) => f.code),
          [],
          name,
        );
      }
    });

    it("pairs VTIs behind NAT on both ends by their inner subnet", () => {
      const ws = fixture("nat-both-vti");
      const [p] = pairs(ws);
      assert.equal(pairs(ws).length, 1);
      assert.equal(p!.pair.kind, "tunnel");
      assert.equal(p!.pair.nat?.behind, "both");
      assert.match(p!.pair.nat!.reason, /10\.0\.0\.0\/30/);
      assert.equal(p!.outcome, "ESTABLISHED");
      // Inner addresses on different subnets are no evidence: both stay unpaired.
      const apart = workspace(
        { name: "tokyo.ios", text: ws.text("tokyo.ios") },
        {
          name: "osaka.ios",
          text: ws.text("osaka.ios").replace("10.0.0.2 ", "10.0.9.2 "),
        },
      );
      assert.deepEqual(
        pairs(apart).map((x) => x.pair.missing),
        ["outside", "outside"],
      );
    });

    it("finds different keys through both NAT devices: PHASE1_KEY_MISMATCH, psk-mismatch on both files", () => {
      const ws = variant(osaka.replace("key cisco", "key kyoto"));
      const [p] = pairs(ws);
      assert.equal(p!.pair.nat?.behind, "both");
      assert.equal(p!.outcome, "PHASE1_KEY_MISMATCH");
      for (const name of ["tokyo.ios", "osaka.ios"]) {
        assert.deepEqual(
          peerFindings(ws, name).map((f) => f.code),
          ["psk-mismatch"],
          name,
        );
      }
    });

    it("does not pair them when their crypto ACLs are not mirror images", () => {
      const ws = variant(
        osaka.replace(
          "access-list 101 permit ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255",
          "access-list 101 permit ip 10.2.2.0 0.0.0.255 10.1.0.0 0.0.255.255",
        ),
      );
      assert.deepEqual(
        pairs(ws).map((p) => [p.outcome, p.pair.missing, p.pair.nat]),
        [
          ["MISSING_PEER", "outside", undefined],
          ["MISSING_PEER", "outside", undefined],
        ],
      );
    });

    it("does not pair them on ACLs that are their own mirror (permit ip any any)", () => {
      const anyAny = (text: string) =>
        text.replace(
          /access-list 101 permit ip .*/,
          "access-list 101 permit ip any any",
        );
      const ws = workspace(
        { name: "tokyo.ios", text: anyAny(tokyo) },
        { name: "osaka.ios", text: anyAny(osaka) },
      );
      assert.deepEqual(
        pairs(ws).map((p) => p.pair.missing),
        ["outside", "outside"],
      );
    });

    it("does not pair an end whose own address is public", () => {
      const ws = variant(
        osaka.replace(
          "ip address 192.168.2.2 255.255.255.0",
          "ip address 198.51.100.99 255.255.255.0",
        ),
      );
      assert.deepEqual(
        pairs(ws).map((p) => p.pair.missing),
        ["outside", "outside"],
      );
    });

    it("pairs an end once, with the copy in its own folder first", () => {
      const copy = osaka.replace("hostname Osaka", "hostname Osaka-2");
      const ws = workspace(
        { name: "elsewhere/osaka.ios", text: copy },
        { name: "tokyo.ios", text: tokyo },
        { name: "osaka.ios", text: osaka },
      );
      assert.deepEqual(summarise(ws), [
        "Osaka-2:crypto map mjlnetmap 10 -> (outside)",
        "Tokyo:crypto map mjlnetmap 10 -> Osaka:crypto map mjlnetmap 10",
      ]);
    });

    it("leaves alone an end that an earlier pass paired", () => {
      // Kyoto points at Osaka's own address from a public one: Osaka's entry pairs with it as a
      // misdirection first, so Tokyo's mirror has nobody left.
      const kyoto = [
        "hostname Kyoto",
        "crypto isakmp policy 10",
        " hash md5",
        " authentication pre-share",
        "crypto isakmp key cisco address 192.168.2.2",
        "crypto ipsec transform-set mjlnet esp-des esp-md5-hmac",
        "crypto map mjlnetmap 10 ipsec-isakmp",
        " set peer 192.168.2.2",
        " set transform-set mjlnet",
        " match address 101",
        "interface Serial0/0",
        " ip address 198.51.100.77 255.255.255.0",
        " crypto map mjlnetmap",
        "access-list 101 permit ip 10.3.3.0 0.0.0.255 10.2.2.0 0.0.0.255",
        "end",
      ].join("\n");
      const ws = variant(osaka, { name: "kyoto.ios", text: kyoto });
      assert.deepEqual(summarise(ws), [
        "Osaka:crypto map mjlnetmap 10 -> Kyoto:crypto map mjlnetmap 10",
        "Tokyo:crypto map mjlnetmap 10 -> (outside)",
      ]);
      assert.equal(
        pairs(ws).find((p) => p.pair.a.router.name === "Osaka")!.pair.missing,
        "misdirected",
      );
    });
  });

  it("looks up the ends of a router that point at another as testing each of its ends would", () => {
    // Every fixture workspace, and all of them in one (routers of other labs point at each other).
    const folders = fs
      .readdirSync(PEERS)
      .filter((f) => fs.statSync(path.join(PEERS, f)).isDirectory())
      .filter((f) =>
        fs
          .readdirSync(path.join(PEERS, f))
          .every((g) => fs.statSync(path.join(PEERS, f, g)).isFile()),
      );
    const views = [
      ...folders.map((f) => fixture(f).view),
      {
        configs: folders.flatMap((f) => fixture(f).view.configs),
      },
    ];
    let found = 0;
    for (const view of views) {
      const { routers, pairing } = analyseWorkspace(view);
      for (const from of routers) {
        for (const at of routers) {
          if (from === at) {
            continue;
          }
          const expected = pairing.endpoints
            .get(from)!
            .statics.filter((f) => pointsAt(f, at));
          assert.deepEqual(pairing.pointing(from, at), expected);
          found += expected.length;
        }
      }
    }
    // The lookup had ends to find, not only empty lists.
    assert.ok(found > 50, `${found} ends`);
  });

  it("pairs each spoke of a cloud too big for every two with its nearest spokes, each pair once", () => {
    const ws = workspace(...generateDmvpn(12));
    const { routers } = analyseWorkspace(ws.view);
    const spokePairs = (limits = MESH_LIMITS) => {
      const pairing = pairRouters(routers, limits);
      return {
        limited: pairing.limitedClouds,
        pairs: pairing.pairs
          .filter((p) => p.spokes)
          .map((p) => [p.a.router.name, p.b!.router.name] as const),
      };
    };
    // Twelve spokes: 66 pairs, every two.
    const all = spokePairs();
    assert.equal(all.pairs.length, 66);
    assert.deepEqual(all.limited, []);
    // Above a mesh of 8, each spoke meets the 3 on either side of it, the window wrapping around.
    const near = spokePairs({ fullMesh: 8, neighbours: 3 });
    assert.deepEqual(near.limited, [{ spokes: 12, pairsPerSpoke: 6 }]);
    assert.equal(near.pairs.length, 36);
    const keys = near.pairs.map(([a, b]) => [a, b].sort().join("-"));
    assert.equal(new Set(keys).size, 36);
    const met = new Map<string, number>();
    for (const [a, b] of near.pairs) {
      met.set(a, (met.get(a) ?? 0) + 1);
      met.set(b, (met.get(b) ?? 0) + 1);
    }
    assert.deepEqual([...new Set(met.values())], [6]);
    assert.ok(keys.includes(["Spoke1", "Spoke12"].sort().join("-")));
    assert.ok(!keys.includes(["Spoke1", "Spoke6"].sort().join("-")));
    // Every pair is one the full mesh has, ends in the same order.
    const full = new Set(all.pairs.map((p) => p.join("-")));
    assert.ok(near.pairs.every((p) => full.has(p.join("-"))));
  });

  describe("a branch whose crypto map address the config does not pin down", () => {
    it("pairs a branch on a negotiated address with its hub, covered by the hub's wildcard key", () => {
      const ws = fixture("dynamic-dialer");
      const [pa, ...more] = pairs(ws);
      assert.ok(pa);
      assert.deepEqual(more, []);
      assert.equal(pa.outcome, "ONE_WAY");
      assert.equal(pa.forward?.outcome, "ESTABLISHED");
      assert.equal(pa.forward?.initiatorAddress, undefined);
      assert.deepEqual(
        [...peerFindings(ws, "branch.ios"), ...peerFindings(ws, "hub.ios")],
        [],
      );
    });

    it("starts IKE from the interface of the crypto map the route to the peer leaves by", () => {
      const ws = fixture("dynamic-two-uplinks");
      const [pa] = pairs(ws);
      assert.equal(pa?.outcome, "ONE_WAY");
      assert.equal(
        formatAddress(pa!.forward!.initiatorAddress!),
        "192.168.1.2",
      );
      // From the private address: the report tells NAT, as it does for one uplink.
      assert.match(pa!.nat?.reason ?? "", /private address 192\.168\.1\.2/);
    });
  });

  describe("a dynamic map's way back to its peers' networks", () => {
    const ws = fixture("dynamic-return-route");
    const NAMES = ["branch.ios", "hub.ios"];

    it("warns a hub without reverse-route whose routes send a peer's network elsewhere, and adds it", () => {
      const [found, ...more] = findingsOf(
        ws,
        "hub.ios",
        "no-route-to-remote-network",
      );
      assert.ok(found);
      assert.deepEqual(more, []);
      assert.equal(found.severity, "warning");
      assert.equal(
        rangeText(ws, "hub.ios", found.range),
        "crypto dynamic-map DYN 10",
      );
      assert.match(
        found.message,
        /^HUB answers BR1 through crypto dynamic-map DYN 10, which has no `reverse-route`, and routes BR1's network 10\.20\.1\.0\/24 \(its crypto ACL TO-HUB\) through GigabitEthernet0\/1 \(the static route to 10\.0\.0\.0\/8 via 10\.10\.0\.254\), not through GigabitEthernet0\/0/,
      );
      assert.deepEqual(
        findingsOf(ws, "branch.ios", "no-route-to-remote-network"),
        [],
      );
      const fixed = applyFix(ws, "hub.ios", found.fixes![0]!, NAMES);
      assert.match(fixed.text("hub.ios"), /^ reverse-route$/m);
      assert.deepEqual(
        findingsOf(fixed, "hub.ios", "no-route-to-remote-network"),
        [],
      );
    });

    it("says nothing where the route to the network leaves through the crypto map's interface", () => {
      const routedOut = edited(ws, "hub.ios", [
        "ip route 10.0.0.0 255.0.0.0 10.10.0.254\n",
        "",
      ]);
      assert.deepEqual(
        findingsOf(routedOut, "hub.ios", "no-route-to-remote-network"),
        [],
      );
    });
  });

  describe("GRE over IPsec by crypto map on one end, tunnel protection on the other", () => {
    const ws = fixture("gre-crypto-map-mixed");

    it("pairs the crypto map whose ACL selects the GRE with the protected tunnel, and the tunnel comes up", () => {
      const [pair, ...rest] = pairs(ws);
      assert.deepEqual(rest, []);
      assert.equal(pair!.outcome, "ESTABLISHED");
      assert.deepEqual([pair!.pair.a.label, pair!.pair.b?.label].sort(), [
        "crypto map GREMAP 10",
        "interface Tunnel0",
      ]);
      assert.deepEqual(allCodes(ws), []);
    });

    it("still judges what they negotiate (a transform set only one side has)", () => {
      const worse = workspace(
        {
          name: "r1.ios",
          text: ws
            .text("r1.ios")
            .replace("TS esp-aes esp-sha-hmac", "TS esp-3des esp-sha-hmac"),
        },
        { name: "r2.ios", text: ws.text("r2.ios") },
      );
      assert.deepEqual(
        allCodes(worse).filter((c) => !c.endsWith("weak-crypto")),
        ["r1.ios transform-set-mismatch", "r2.ios transform-set-mismatch"],
      );
    });

    it("does not pair a crypto map whose ACL leaves the GRE out; pairs a VTI, whose phase 2 fails", () => {
      const lanOnly = workspace(
        {
          name: "r1.ios",
          text: ws
            .text("r1.ios")
            .replace(
              "access-list 150 permit gre host 192.168.15.1 host 192.168.25.2",
              "access-list 150 permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255",
            ),
        },
        { name: "r2.ios", text: ws.text("r2.ios") },
      );
      assert.ok(pairs(lanOnly).every((p) => p.pair.missing === "one-sided"));
      const vti = workspace(
        { name: "r1.ios", text: ws.text("r1.ios") },
        {
          name: "r2.ios",
          text: ws
            .text("r2.ios")
            .replace(
              " tunnel destination",
              " tunnel mode ipsec ipv4\n tunnel destination",
            ),
        },
      );
      // A VTI pairs with the crypto map that points back (a migration done on one end), and
      // fails phase 2: it negotiates any to any, the map its ACL's GRE.
      const [vtiPair, ...others] = pairs(vti);
      assert.equal(others.length, 0);
      assert.equal(vtiPair!.pair.missing, undefined);
      assert.equal(vtiPair!.outcome, "PHASE2_FAILED");
    });
  });

  describe("dynamic VTI templates (IKEv1 and FlexVPN)", () => {
    it("answers a spoke through the template its isakmp profile clones", () => {
      const [pair] = pairs(fixture("dvti-ikev1"));
      assert.equal(pair!.outcome, "ONE_WAY");
      assert.equal(pair!.forward?.outcome, "ESTABLISHED");
    });

    it("fails phase 2 when no profile clones the template, IKEv1 or IKEv2", () => {
      for (const folder of ["dvti-ikev1", "flexvpn"]) {
        const ws = fixture(folder);
        const broken = workspace(
          ...ws.names().map((name) => ({
            name,
            text: ws.text(name).replace(/^ virtual-template 1\n/m, ""),
          })),
        );
        const [pair] = pairs(broken);
        assert.equal(pair!.outcome, "PHASE2_FAILED", folder);
        assert.match(
          pair!.reasons.join(" "),
          /clones Virtual-Template1 \(`virtual-template N`\), so IOS creates no virtual-access interface/,
          folder,
        );
      }
    });
  });

  describe("a DMVPN hub behind static NAT", () => {
    const ws = fixture("dmvpn-hub-nat");

    it("pairs the spoke with the hub whose tunnel address is its NHS, through the NAT device", () => {
      const [pa, ...rest] = pairs(ws);
      assert.deepEqual(rest, []);
      assert.equal(pa!.pair.b?.router.name, "Hub");
      assert.equal(pa!.outcome, "ONE_WAY");
      assert.equal(pa!.forward?.outcome, "ESTABLISHED");
      assert.equal(pa!.pair.nat?.behind, "b");
      assert.match(
        pa!.pair.nat!.reason,
        /Hub talks from the private address 192\.168\.50\.1, so 203\.0\.113\.1 is the NAT device/,
      );
    });

    it("leaves the spoke unpaired without that link (a learnt NHS)", () => {
      const learnt = workspace(
        { name: "hub.ios", text: ws.text("hub.ios") },
        {
          name: "spoke1.ios",
          text: ws
            .text("spoke1.ios")
            .replace(
              " ip nhrp nhs 172.16.0.1\n",
              " ip nhrp nhs dynamic nbma 203.0.113.1\n",
            ),
        },
      );
      assert.equal(pairs(learnt)[0]!.pair.missing, "outside");
    });
  });

  describe("a FlexVPN client (tunnel destination dynamic)", () => {
    const ws = fixture("flexvpn-client");

    it("pairs the client's tunnel with the hub its first peer names, at that peer's line", () => {
      const [pa, ...rest] = pairs(ws);
      assert.deepEqual(rest, []);
      assert.equal(pa!.pair.b?.router.name, "FlexHub");
      assert.equal(pa!.forward?.outcome, "ESTABLISHED");
      assert.equal(
        rangeText(ws, "spoke.ios", pa!.pair.a.anchor),
        "peer 1 203.0.113.1",
      );
      assert.deepEqual(allCodes(ws), []);
    });

    it("without a client connecting it, the tunnel is incomplete, not pointed at a host named dynamic", () => {
      const alone = workspace(
        { name: "hub.ios", text: ws.text("hub.ios") },
        {
          name: "spoke.ios",
          text: ws.text("spoke.ios").replace("  client connect Tunnel0\n", ""),
        },
      );
      assert.deepEqual(allCodes(alone), ["spoke.ios tunnel-incomplete"]);
      const [f] = allFindings(alone, "spoke.ios").filter(
        (x) => x.code === "tunnel-incomplete",
      );
      assert.match(f!.message, /no `crypto ikev2 client flexvpn` connects it/);
      assert.deepEqual(f!.fixes?.[0]?.cli, [
        "crypto ikev2 client flexvpn FLEXVPN-CLIENT",
        " peer 1 <hub address>",
        " client connect Tunnel0",
      ]);
      assert.match(pairs(alone)[0]!.reasons.join(" "), /no FlexVPN client/);
    });
  });

  describe("a branch whose crypto map interface leases its address (PPPoE, DHCP)", () => {
    const ws = fixture("dialer-leased");

    it("pairs the hub's entry for an unowned address with the branch that points back, both ways", () => {
      const [pa, ...rest] = pairs(ws);
      assert.deepEqual(rest, []);
      assert.equal(pa!.outcome, "ESTABLISHED");
      assert.equal(pa!.pair.missing, undefined);
      assert.deepEqual(allCodes(ws), []);
    });

    it("still judges the keys: a hub key for another address fails the branch's phase 1", () => {
      const wrong = workspace(
        {
          name: "hq.ios",
          text: ws
            .text("hq.ios")
            .replace(
              "crypto isakmp key Lens-Nat-1 address 198.51.100.77",
              "crypto isakmp key Lens-Nat-1 address 198.51.100.78",
            ),
        },
        { name: "br.ios", text: ws.text("br.ios") },
      );
      assert.notEqual(pairs(wrong)[0]!.outcome, "ESTABLISHED");
      assert.ok(
        allCodes(wrong).some((c) => c.endsWith("missing-psk-for-peer")),
      );
    });
  });

  describe("a peer named by host name that the router resolves itself (ip host)", () => {
    it("points at the address the name maps to, so the pair is found and judged", () => {
      const ws = fixture("dialer-leased");
      const named = workspace(
        { name: "br.ios", text: ws.text("br.ios") },
        {
          name: "hq.ios",
          text: ws
            .text("hq.ios")
            .replace(" set peer 198.51.100.77\n", " set peer branch-wan\n")
            .replace(
              "hostname HQ\n",
              "hostname HQ\nip host branch-wan 198.51.100.77\n",
            ),
        },
      );
      assert.match(named.text("hq.ios"), /set peer branch-wan/);
      const [pa] = pairs(named);
      assert.equal(pa!.outcome, "ESTABLISHED");
      assert.deepEqual(allCodes(named), []);
      // Without the static entry the name is DNS's: outside what the configs show.
      const unresolved = workspace(
        { name: "br.ios", text: ws.text("br.ios") },
        {
          name: "hq.ios",
          text: ws
            .text("hq.ios")
            .replace(" set peer 198.51.100.77\n", " set peer branch-wan\n"),
        },
      );
      assert.notEqual(pairs(unresolved)[0]!.outcome, "ESTABLISHED");
    });
  });
});
