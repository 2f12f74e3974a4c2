import { dotted, Random } from "./random";

/** How big a generated config is; `scale` 1 gives the issue's 100,000-line router. */
export interface ConfigShape {
  seed: number;
  /** 1 = 100,000 lines, 2,000 interfaces, 500 crypto map entries, 20,000 ACL entries. */
  scale: number;
}

const TRANSFORMS = [
  "esp-aes 256 esp-sha256-hmac",
  "esp-aes esp-sha-hmac",
  "esp-3des esp-md5-hmac",
  "esp-des esp-md5-hmac",
  "esp-gcm 256",
  "ah-sha-hmac esp-aes",
];
const ENCRYPTIONS = ["aes 256", "aes", "3des", "des", "aes 192"];
const HASHES = ["sha256", "sha", "md5", "sha384"];
const GROUPS = [1, 2, 5, 14, 19, 20];
const PROTOCOLS = ["ip", "tcp", "udp", "icmp", "esp", "gre", "ahp"];
const PORTS = [
  "www",
  "443",
  "22",
  "isakmp",
  "non500-isakmp",
  "53",
  "range 1024 2048",
];

/**
 * A big, realistic router config: thousands of interfaces with addresses and ACLs, crypto maps
 * whose ACLs, peers and keys mostly agree (with a few deliberate faults so checks have work), long
 * ACLs, routes, BGP, object groups and prefix lists, padded to exactly 100,000 × scale lines.
 */
export function generateConfig(shape: ConfigShape): string {
  const r = new Random(shape.seed);
  const n = (count: number): number =>
    Math.max(1, Math.round(count * shape.scale));
  const target = n(100_000);
  const out: string[] = [];
  const push = (...lines: string[]): void => {
    out.push(...lines);
  };

  push(
    "Building configuration...",
    "",
    `Current configuration : ${target * 38} bytes`,
    "!",
    "version 15.4",
    "service timestamps debug datetime msec localtime show-timezone",
    "service timestamps log datetime msec localtime show-timezone",
    "service password-encryption",
    "!",
    `hostname core-${shape.seed}`,
    "!",
    "enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0",
    "enable password 7 0822455D0A16",
    "username admin privilege 15 password 7 070C285F4D06",
    "username ops secret 5 $1$abcd$u7UDjhq8yK3P1X2cOx1Uf.",
    "!",
    "ip domain name bench.example",
    "ip cef",
    "no ip domain lookup",
    "!",
    "banner motd ^C",
    "interface Bogus0/0",
    " crypto map NOT-A-MAP",
    "Authorised access only.",
    "^C",
    "!",
  );

  // Phase 1 policies and keys.
  for (let i = 1; i <= Math.max(3, n(20)); i++) {
    push(
      `crypto isakmp policy ${i * 10}`,
      ` encr ${r.pick(ENCRYPTIONS)}`,
      ` hash ${r.pick(HASHES)}`,
      " authentication pre-share",
      ` group ${r.pick(GROUPS)}`,
      ` lifetime ${r.pick([3600, 28800, 86400])}`,
      "!",
    );
  }
  push("crypto isakmp keepalive 10 3", "crypto isakmp nat keepalive 20", "!");

  const entries = n(500);
  const peers: string[] = [];
  for (let i = 0; i < entries; i++) {
    peers.push(dotted(((198 << 24) | (18 << 16)) + 256 + i * 4 + 2));
  }
  // Most peers get a key; every 37th is missing one, every 11th is type 7 obfuscated.
  const keyed = peers.filter((_, i) => i % 37 !== 5);
  const globalKeys = keyed.slice(0, Math.floor(keyed.length * 0.8));
  const ringKeys = keyed.slice(globalKeys.length);
  globalKeys.forEach((peer, i) =>
    push(
      i % 11 === 3
        ? `crypto isakmp key 7 0${(100000 + i).toString(16).toUpperCase()}5D0A16 address ${peer} no-xauth`
        : `crypto isakmp key Bench${shape.seed}Key${i} address ${peer}`,
    ),
  );
  push("!");
  const rings = Math.max(1, Math.ceil(ringKeys.length / 10));
  for (let k = 0; k < rings; k++) {
    push(`crypto keyring RING${k}`);
    for (const peer of ringKeys.slice(k * 10, k * 10 + 10)) {
      push(`  pre-shared-key address ${peer} key RingKey${k}`);
    }
    push("!");
    push(
      `crypto isakmp profile PROF${k}`,
      `   keyring RING${k}`,
      ...ringKeys
        .slice(k * 10, k * 10 + 10)
        .map((p) => `   match identity address ${p} 255.255.255.255`),
      "!",
    );
  }

  const transformSets = Math.max(3, n(20));
  for (let i = 0; i < transformSets; i++) {
    push(
      `crypto ipsec transform-set TS${i} ${r.pick(TRANSFORMS)}`,
      i % 5 === 4 ? " mode transport" : " mode tunnel",
    );
  }
  push("!", "crypto ipsec security-association lifetime seconds 3600", "!");

  // Crypto map entries, each with its own crypto ACL (a few point at ACLs or sets that do not exist).
  const maps = ["VPN", "VPN-B", "VPN-C", "VPN-D"];
  for (let i = 0; i < entries; i++) {
    const map = maps[i % maps.length]!;
    const ring = ringKeys.indexOf(peers[i]!);
    push(
      `crypto map ${map} ${10 + Math.floor(i / maps.length) * 10} ipsec-isakmp`,
      ` description tunnel to site ${i}`,
      ` set peer ${peers[i]}`,
      ` set transform-set TS${i % 53 === 7 ? "MISSING" : i % transformSets}`,
      ` match address ${i % 41 === 9 ? "NO-SUCH-ACL" : `CRYPTO-${i}`}`,
    );
    if (i % 3 === 0) {
      push(` set pfs group${r.pick([2, 5, 14])}`);
    }
    if (ring >= 0) {
      push(` set isakmp-profile PROF${Math.floor(ring / 10)}`);
    }
    if (i % 4 === 0) {
      push(" set security-association lifetime seconds 3600");
    }
    push(" reverse-route static", "!");
  }
  push(
    "crypto dynamic-map DYN 10",
    " set transform-set TS0",
    " match address CRYPTO-DYN",
    "!",
    `crypto map VPN 65000 ipsec-isakmp dynamic DYN`,
    "!",
  );

  const interfaces = n(2000);
  const aclCount = Math.max(2, n(200));
  // Extended numbered ACLs: 100-199, then the expanded range 2000-2699.
  const aclId = (k: number): number => {
    const i = k % aclCount;
    return i < 100 ? 100 + i : 2000 + i - 100;
  };
  const ifName = (i: number): string =>
    i % 10 === 0
      ? `Loopback${i}`
      : i % 10 === 1
        ? `Tunnel${i}`
        : `GigabitEthernet${Math.floor(i / 400)}/${Math.floor(i / 40) % 10}.${i}`;
  for (let i = 0; i < interfaces; i++) {
    const name = ifName(i);
    const net = (10 << 24) + i * 256;
    push(`interface ${name}`, ` description link ${i} to pod ${r.int(1, 900)}`);
    if (name.startsWith("Gigabit")) {
      push(` encapsulation dot1Q ${(i % 4000) + 1}`);
    }
    push(` ip address ${dotted(net + 1)} 255.255.255.0`);
    if (i % 7 === 0) {
      push(` ip address ${dotted(net + 129)} 255.255.255.128 secondary`);
    }
    if (name.startsWith("Tunnel")) {
      push(
        ` tunnel source ${ifName(i + 1)}`,
        ` tunnel destination ${dotted(((203 << 24) | (0 << 16) | (113 << 8)) + (i % 250) + 1)}`,
        " tunnel mode ipsec ipv4",
        ` tunnel protection ipsec profile ${i % 9 === 0 ? "NOPROFILE" : "VTI"}`,
      );
    }
    // A few WAN interfaces carry the crypto maps (two per map) and the edge ACL that lets IKE,
    // NAT-T, ESP and AH in; one of them has an ACL that forgets ESP.
    const onMap = i % Math.max(4, Math.floor(interfaces / 8)) === 2;
    push(
      ` ip access-group ${
        onMap ? (i === 2 ? "EDGE-NO-ESP" : "EDGE-IN") : aclId(i)
      } in`,
      " no ip redirects",
      " no ip unreachables",
      " no ip proxy-arp",
      " ip mtu 1400",
      " load-interval 30",
    );
    if (onMap) {
      push(` crypto map ${maps[(i >> 2) % maps.length]}`);
    }
    if (i % 13 === 0) {
      push(" shutdown");
    }
    push("!");
  }
  push("crypto ipsec profile VTI", " set transform-set TS0", "!");

  // Crypto ACLs: mirror images are the peer's business; here each covers a LAN pair.
  for (let i = 0; i < entries; i++) {
    push(`ip access-list extended CRYPTO-${i}`);
    const lines = i % 29 === 3 ? 1 : 3;
    for (let k = 0; k < lines; k++) {
      const local = (10 << 24) + ((i * 4 + k) << 8);
      const remote = (172 << 24) + (16 << 16) + ((i * 4 + k) << 8);
      push(
        i % 29 === 3
          ? " permit ip any any"
          : ` permit ip ${dotted(local)} 0.0.0.255 ${dotted(remote)} 0.0.0.255`,
      );
    }
    push("!");
  }
  push(
    "ip access-list extended CRYPTO-DYN",
    " permit ip 10.255.0.0 0.0.255.255 any",
    "!",
    "ip access-list extended EDGE-IN",
    " permit udp any any eq isakmp",
    " permit udp any any eq non500-isakmp",
    " permit esp any any",
    " permit ahp any any",
    " permit icmp any any",
    " deny ip any any log",
    "!",
    "ip access-list extended EDGE-NO-ESP",
    " permit udp any any eq isakmp",
    " permit icmp any any",
    " deny ip any any log",
    "!",
  );

  // General ACLs: numbered extended ACLs (100..) spread over top-level lines, with remarks.
  const aclEntries = n(20_000) - entries * 3;
  for (let k = 0; k < aclEntries; k++) {
    const acl = aclId(k);
    if (k % 50 === 0) {
      push(`access-list ${acl} remark block ${k}`);
    }
    const proto = r.pick(PROTOCOLS);
    const src = r.chance(0.2)
      ? "any"
      : `${dotted((10 << 24) + r.int(0, 65535) * 256)} 0.0.0.255`;
    const dst = r.chance(0.2)
      ? `host ${r.address()}`
      : `${dotted((172 << 24) + r.int(0, 65535) * 256)} 0.0.${r.pick(["0", "15", "255"])}.255`;
    const port =
      proto === "tcp" || proto === "udp"
        ? ` eq ${r.pick(PORTS)}`.replace("eq range", "range")
        : "";
    push(
      `access-list ${acl} ${r.chance(0.8) ? "permit" : "deny"} ${proto} ${src} ${dst}${port}${r.chance(0.05) ? " log" : ""}`,
    );
  }
  push("!");

  for (let i = 0; i < n(5000); i++) {
    push(
      `ip route ${dotted((100 << 24) + i * 256)} 255.255.255.0 ${r.chance(0.5) ? dotted((10 << 24) + (i % interfaces) * 256 + 2) : ifName(i % interfaces)}`,
    );
  }
  push("ip route 0.0.0.0 0.0.0.0 198.18.0.1", "!");

  push("router bgp 65000", " bgp log-neighbor-changes");
  for (let i = 0; i < n(1000); i++) {
    const peer = dotted((192 << 24) + (0 << 16) + (2 << 8) + 0 + i * 4 + 1);
    push(
      ` neighbor ${peer} remote-as ${65001 + (i % 500)}`,
      ` neighbor ${peer} password 7 13061E010803`,
    );
  }
  push("!");

  for (let g = 0; g < n(1000); g++) {
    push(`object-group network OG-${g}`, ` description group ${g}`);
    for (let k = 0; k < 8; k++) {
      push(` host ${r.address()}`);
    }
  }
  push("!");

  for (let m = 0; m < n(2000); m++) {
    push(
      `route-map RM-${m % 200} permit ${10 + Math.floor(m / 200) * 10}`,
      ` match ip address ${aclId(m)}`,
      ` set local-preference ${r.int(50, 300)}`,
      "!",
    );
  }

  const tail = [
    "line con 0",
    " exec-timeout 5 0",
    "line vty 0 4",
    " transport input ssh",
    "!",
    "end",
  ];
  // Prefix lists pad the file to exactly the target (or just past it for tiny scales).
  let p = 0;
  while (out.length + tail.length < target) {
    push(
      `ip prefix-list PL-${p % 300} seq ${5 + Math.floor(p / 300) * 5} permit ${dotted((100 << 24) + p * 256)}/24 le 32`,
    );
    p++;
  }
  push(...tail);
  return out.join("\n") + "\n";
}
