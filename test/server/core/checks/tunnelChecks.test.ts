import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { analyse, findingsOf, textAt } from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";
import { PEERS } from "../peers/support";

const SPOKE = fs.readFileSync(path.join(PEERS, "dmvpn", "spoke1.ios"), "utf8");
const VTI = fs.readFileSync(path.join(PEERS, "vti", "tokyo.ios"), "utf8");
const readConfig = (name: string) =>
  fs.readFileSync(path.join(PEERS, "..", "configs", name), "utf8");
const read = (folder: string, name: string) =>
  fs.readFileSync(path.join(PEERS, folder, name), "utf8");

describe("tunnelChecks", () => {
  it("says nothing of complete tunnels, point-to-point or multipoint", () => {
    assert.deepEqual(findingsOf(analyse(SPOKE), "tunnel-incomplete"), []);
    assert.deepEqual(findingsOf(analyse(VTI), "tunnel-incomplete"), []);
  });

  it("reports a protected tunnel without a source, offering the interface toward its hub first", () => {
    const text = SPOKE.replace(" tunnel source GigabitEthernet0/1\n", "");
    const [f, ...rest] = findingsOf(analyse(text), "tunnel-incomplete");
    assert.ok(f);
    assert.equal(rest.length, 0);
    assert.equal(textAt(text, f.range), "Tunnel0");
    assert.match(
      f.message,
      /no `tunnel source`: IOS keeps its line protocol down/,
    );
    assert.match(f.message, /\(here GigabitEthernet0\/1\)/);
    const [cured] = assertFixesCure(text, "tunnel-incomplete", {
      interface: "GigabitEthernet0/1",
    });
    assert.match(cured!.after, / tunnel source GigabitEthernet0\/1\n/);
  });

  it("reports a protected tunnel sourced from an interface the config lacks, on its name", () => {
    const source = /^ tunnel source (\S+)$/m.exec(VTI)![1]!;
    const text = VTI.replace(
      ` tunnel source ${source}\n`,
      " tunnel source Loopback77\n",
    );
    const [f, ...rest] = findingsOf(analyse(text), "tunnel-incomplete");
    assert.equal(rest.length, 0);
    assert.equal(textAt(text, f!.range), "Loopback77");
    assert.match(
      f!.message,
      /`tunnel source Loopback77` names an interface this config does not have/,
    );
    // One candidate: the placeholder holds it (the user types over or keeps it).
    const [cured] = assertFixesCure(text, "tunnel-incomplete", {
      [source]: source,
    });
    assert.match(cured!.after, new RegExp(` tunnel source ${source}\n`));
  });

  it("reports a protected tunnel whose source interface is shut down, and brings it up", () => {
    const source = /^ tunnel source (\S+)$/m.exec(VTI)![1]!;
    const text = VTI.replace(
      new RegExp(`^(interface ${source.replace("/", "\\/")}\n)`, "m"),
      "$1 shutdown\n",
    );
    const [f, ...rest] = findingsOf(analyse(text), "tunnel-incomplete");
    assert.equal(rest.length, 0);
    assert.equal(textAt(text, f!.range), source);
    assert.match(
      f!.message,
      new RegExp(
        `sourced from ${source.replace("/", "\\/")}, which is shut down`,
      ),
    );
    const [cured] = assertFixesCure(text, "tunnel-incomplete");
    assert.deepEqual(cured!.fix.cli, [`interface ${source}`, " no shutdown"]);
  });

  it("reports a protected tunnel sourced from an interface without an address", () => {
    // A whole config (a version line): an excerpt may leave addresses out.
    const text = `version 15.4\n${readConfig("peer-is-self.ios")}`
      .replace(" ip address 192.0.2.12 255.255.255.0\n", " no ip address\n")
      .replace(
        "tunnel destination 192.0.2.12",
        "tunnel destination 198.51.100.9",
      )
      .replace("set peer 203.0.113.12", "set peer 198.51.100.1");
    const [f, ...rest] = findingsOf(analyse(text), "tunnel-incomplete");
    assert.equal(rest.length, 0);
    assert.equal(textAt(text, f!.range), "GigabitEthernet0/2");
    assert.match(
      f!.message,
      /sourced from GigabitEthernet0\/2, which has no address/,
    );
    const [cured] = assertFixesCure(text, "tunnel-incomplete", {
      "GigabitEthernet0/0": "GigabitEthernet0/0",
    });
    assert.match(cured!.after, / tunnel source GigabitEthernet0\/0\n/);
    // An address from DHCP or borrowed with `ip unnumbered` is an address.
    for (const line of [
      " ip address dhcp",
      " ip unnumbered GigabitEthernet0/0",
    ]) {
      const leased = text.replace(" no ip address\n", `${line}\n`);
      assert.deepEqual(findingsOf(analyse(leased), "tunnel-incomplete"), []);
    }
    const excerpt = text.replace("version 15.4\n", "");
    assert.deepEqual(findingsOf(analyse(excerpt), "tunnel-incomplete"), []);
  });

  it("reports a VTI without tunnel protection, and protects it with the config's profile", () => {
    const text = VTI.replace(/^ tunnel protection .*\n/m, "");
    const [f, ...rest] = findingsOf(analyse(text), "tunnel-incomplete");
    assert.equal(rest.length, 0);
    assert.match(
      f!.message,
      /is a VTI \(`tunnel mode ipsec ipv4`\) without `tunnel protection ipsec profile`/,
    );
    const profile = /^ tunnel protection ipsec profile (\S+)$/m.exec(VTI)![1]!;
    const [cured] = assertFixesCure(text, "tunnel-incomplete", {
      [profile]: profile,
    });
    assert.match(
      cured!.after,
      new RegExp(` tunnel protection ipsec profile ${profile}\n`),
    );
  });

  it("reports a point-to-point protected tunnel without a destination, not a multipoint one", () => {
    // With a default route, so that the fixed tunnel has nothing else to report.
    const text = VTI.replace(/^ tunnel destination .*\n/m, "").replace(
      /^end$/m,
      "ip route 0.0.0.0 0.0.0.0 172.16.5.5\nend",
    );
    const [f] = findingsOf(analyse(text), "tunnel-incomplete");
    assert.ok(f);
    assert.match(f.message, /no `tunnel destination` and is not multipoint/);
    assertFixesCure(text, "tunnel-incomplete", {
      "peer address": "172.16.6.2",
    });
    // A shut tunnel is left alone: it is down on purpose.
    const shut = text.replace(
      /^interface Tunnel0\n/m,
      "interface Tunnel0\n shutdown\n",
    );
    assert.deepEqual(findingsOf(analyse(shut), "tunnel-incomplete"), []);
    // Nor is a virtual template (dynamic VTI): each clone takes the peer that connects.
    const template = [
      "hostname Hub",
      "crypto ipsec transform-set TS esp-aes esp-sha-hmac",
      "crypto isakmp profile SPOKES",
      " match identity address 0.0.0.0",
      " virtual-template 1",
      "crypto ipsec profile DVTI",
      " set transform-set TS",
      "interface Virtual-Template1 type tunnel",
      " ip unnumbered Loopback0",
      " tunnel source GigabitEthernet0/1",
      " tunnel mode ipsec ipv4",
      " tunnel protection ipsec profile DVTI",
      "end",
    ].join("\n");
    assert.deepEqual(findingsOf(analyse(template), "tunnel-incomplete"), []);
  });

  it("offers the interface that holds an IPv6 destination's prefix as the missing source", () => {
    // GigabitEthernet0/2 comes first in the file; the default route's next hop is on Gi0/0.
    const text = read("ipv6-vti", "branch.ios")
      .replace(" tunnel source GigabitEthernet0/0\n", "")
      .replace(
        "interface GigabitEthernet0/0\n",
        "interface GigabitEthernet0/2\n ipv6 address 2001:DB8:30::1/64\n!\ninterface GigabitEthernet0/0\n",
      );
    const [f] = findingsOf(analyse(text), "tunnel-incomplete");
    assert.match(f!.message, /no IKE toward 2001:DB8:0:1::1 ever starts/);
    assert.match(f!.message, /\(here GigabitEthernet0\/0\)/);
    assertFixesCure(text, "tunnel-incomplete", {
      interface: "GigabitEthernet0/0",
    });
  });

  it("asks no destination of multipoint GRE over IPv6 (DMVPN with IPv6 NBMA addresses)", () => {
    const hub = read("dmvpn-ipv6-overlay", "hub.ios").replace(
      "tunnel mode gre multipoint",
      "tunnel mode gre multipoint ipv6",
    );
    assert.deepEqual(findingsOf(analyse(hub), "tunnel-incomplete"), []);
    const p2p = hub.replace(
      "tunnel mode gre multipoint ipv6",
      "tunnel mode gre ipv6",
    );
    assert.equal(findingsOf(analyse(p2p), "tunnel-incomplete").length, 1);
  });

  describe("an IPsec profile without a transform set", () => {
    const r2 = fs
      .readFileSync(path.join(PEERS, "gre-one-side", "r2.ios"), "utf8")
      .replace(" set transform-set TS\n", "");
    const on = (version: string) =>
      findingsOf(
        analyse(r2.replace("version 15.2", version)),
        "tunnel-incomplete",
      );

    it("depends on the release, as a crypto map entry's does, on the profile's name", () => {
      assert.deepEqual(on("version 15.2"), []);
      const [old] = on("version 12.3");
      assert.equal(old?.severity, "error");
      assert.equal(textAt(r2, old!.range), "GRE-PROT");
      assert.match(
        old!.message,
        /^IPsec profile GRE-PROT protects a tunnel but has no `set transform-set`: IOS 12\.3 has no default IPsec transform sets/,
      );
      assert.equal(on("version 12.4")[0]?.severity, "warning");
      assert.equal(on("")[0]?.severity, "information");
    });

    it("leaves an IKEv2 profile and a profile no tunnel uses alone", () => {
      const ikev2 = r2
        .replace("version 15.2", "")
        .replace(
          "crypto ipsec profile GRE-PROT\n",
          "crypto ipsec profile GRE-PROT\n set ikev2-profile PROF\n",
        );
      assert.deepEqual(findingsOf(analyse(ikev2), "tunnel-incomplete"), []);
      const unused = r2
        .replace("version 15.2", "version 12.3")
        .replace(" tunnel protection ipsec profile GRE-PROT\n", "");
      assert.deepEqual(findingsOf(analyse(unused), "tunnel-incomplete"), []);
    });

    it("names the config's transform set by quick fix, which cures it", () => {
      const results = assertFixesCure(
        r2.replace("version 15.2", "version 12.3"),
        "tunnel-incomplete",
        { TS: "TS" },
      );
      assert.ok(
        results.some((r) =>
          /^crypto ipsec profile GRE-PROT\n set transform-set TS$/m.test(
            r.after,
          ),
        ),
      );
    });
  });

  describe("tunnel-family-mismatch", () => {
    const V6 = fs.readFileSync(
      path.join(PEERS, "ipv6-vti", "branch.ios"),
      "utf8",
    );

    it("says nothing where the destination is of the mode's family", () => {
      for (const text of [V6, VTI, SPOKE]) {
        assert.deepEqual(
          findingsOf(analyse(text), "tunnel-family-mismatch"),
          [],
        );
      }
    });

    it("flags an IPv4 VTI pointed at an IPv6 peer, and sets the IPv6 mode", () => {
      const text = V6.replace(
        "tunnel mode ipsec ipv6",
        "tunnel mode ipsec ipv4",
      );
      const [f, ...rest] = findingsOf(analyse(text), "tunnel-family-mismatch");
      assert.equal(rest.length, 0);
      assert.equal(textAt(text, f!.range), "2001:DB8:0:1::1");
      assert.match(
        f!.message,
        /^Tunnel0's destination 2001:DB8:0:1::1 is an IPv6 address, but its mode carries the tunnel over IPv4 \(`tunnel mode ipsec ipv4`\)/,
      );
      const [cured] = assertFixesCure(text, "tunnel-family-mismatch");
      assert.match(cured!.after, /^ tunnel mode ipsec ipv6$/m);
      assert.deepEqual(cured!.fix.cli, [
        "interface Tunnel0",
        " tunnel mode ipsec ipv6",
      ]);
    });

    it("takes a tunnel without a mode line for GRE over IPv4, and judges IPv4 destinations too", () => {
      const gre = V6.replace(" tunnel mode ipsec ipv6\n", "");
      const [f] = findingsOf(analyse(gre), "tunnel-family-mismatch");
      assert.match(f!.message, /no `tunnel mode` line \(GRE over IPv4\)/);
      const [cured] = assertFixesCure(gre, "tunnel-family-mismatch");
      assert.match(cured!.after, /^ tunnel mode gre ipv6$/m);
      const v4 = VTI.replace(
        /tunnel mode ipsec ipv4/,
        "tunnel mode ipsec ipv6",
      );
      assert.equal(findingsOf(analyse(v4), "tunnel-family-mismatch").length, 1);
    });
  });

  describe("FlexVPN virtual templates", () => {
    const hub = fs.readFileSync(path.join(PEERS, "flexvpn", "hub.ios"), "utf8");

    it("are quiet when the IKEv2 profile names the template", () => {
      assert.deepEqual(
        analyse(hub)
          .filter(
            (f) =>
              f.code === "tunnel-incomplete" ||
              f.code === "undefined-reference",
          )
          .map((f) => f.message),
        [],
      );
    });

    it("flag a protected template no IKEv2 profile names, and add virtual-template to the profile", () => {
      const text = hub.replace(" virtual-template 1\n", "");
      const [f, ...rest] = findingsOf(analyse(text), "tunnel-incomplete");
      assert.ok(f);
      assert.deepEqual(rest, []);
      assert.equal(textAt(text, f.range), "Virtual-Template1");
      assert.match(
        f.message,
        /no IKEv2 profile names it: .* has no `virtual-template 1`, so IOS clones no virtual-access interface/,
      );
      const [result] = assertFixesCure(text, "tunnel-incomplete");
      assert.match(result!.after, /^ virtual-template 1$/m);
    });

    it("flag a profile that clones a template the config does not have, offering the one there", () => {
      const text = hub.replace(
        " virtual-template 1\n",
        " virtual-template 2\n",
      );
      const [f] = findingsOf(analyse(text), "undefined-reference");
      assert.ok(f);
      assert.equal(textAt(text, f.range), "virtual-template 2");
      assert.match(
        f.message,
        /clones Virtual-Template2 .* Did you mean Virtual-Template1\?$/,
      );
      const [result] = assertFixesCure(text, "undefined-reference");
      assert.match(result!.after, /^ virtual-template 1$/m);
    });
  });

  describe("IKEv1 dynamic VTI templates", () => {
    const hub = read("dvti-ikev1", "hub.ios");

    it("are quiet when the isakmp profile names the template", () => {
      assert.deepEqual(findingsOf(analyse(hub), "tunnel-incomplete"), []);
    });

    it("flag a template no isakmp profile clones, and add virtual-template to the profile the IPsec profile names", () => {
      const text = hub.replace(" virtual-template 1\n", "");
      const [f] = findingsOf(analyse(text), "tunnel-incomplete");
      assert.equal(textAt(text, f!.range), "Virtual-Template1");
      assert.match(
        f!.message,
        /is a dynamic VTI template .* no isakmp profile names it: DVTI-PROF has no `virtual-template 1`.* Phase 1 completes, then quick mode/,
      );
      const [result] = assertFixesCure(text, "tunnel-incomplete");
      assert.match(
        result!.after,
        /^crypto isakmp profile DVTI-PROF\n keyring SPOKES\n match identity address 0\.0\.0\.0\n virtual-template 1$/m,
      );
    });

    it("flag an isakmp profile that clones a template the config does not have", () => {
      const text = hub.replace(
        " virtual-template 1\n",
        " virtual-template 3\n",
      );
      const [f] = findingsOf(analyse(text), "undefined-reference");
      assert.match(
        f!.message,
        /^Isakmp profile DVTI-PROF clones Virtual-Template3 .* Did you mean Virtual-Template1\?$/,
      );
    });
  });
});
