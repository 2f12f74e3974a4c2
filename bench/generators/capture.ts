import { dotted, Random } from "./random";

/** How big a generated capture is. */
export interface CaptureShape {
  seed: number;
  /** Lines to produce (the big capture has 500,000). */
  lines: number;
  /** Stop earlier once the text reaches this many bytes (for the 50 MB memory run). */
  maxBytes?: number;
}

/** The three ways IOS releases print an ISAKMP debug prefix. */
type Dialect = "12.2" | "15" | "xe";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"];

/**
 * A long debug session mixing every format IOS prints: 12.2's `ISAKMP (0:1):` with wrapped state
 * lines, 15.x's `ISAKMP:(1001):`, IOS-XE's `ISAKMP: (1001):` with sequence numbers, multi-line
 * IPSEC(...) messages, IKEv2 packets, syslog lines (local and from a syslog server), show output
 * and prompts with typed commands. Failed negotiations (retransmissions, no proposal chosen, a
 * missing key) are mixed in so the exchange builder and the checks have work.
 */
export function generateCapture(shape: CaptureShape): string {
  const r = new Random(shape.seed);
  const out: string[] = [];
  let ms = Date.UTC(2024, 2, 7, 16, 14, 29, 27);
  let seq = 1;
  let conn = 1000;
  const host = `R${shape.seed % 100}`;
  const local = "172.16.5.1";

  const stamp = (d: Dialect): string => {
    ms += r.int(0, 40);
    const t = new Date(ms);
    const mon = MONTHS[t.getUTCMonth() % 6]!;
    const day = t.getUTCDate();
    const hms = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}.${String(t.getUTCMilliseconds()).padStart(3, "0")}`;
    if (d === "12.2") {
      return `${mon} ${day} ${hms} GMT: `;
    }
    const s = `*${mon} ${String(day).padStart(2, " ")} ${hms}: `;
    return d === "xe" ? `${String(seq++).padStart(6, "0")}: ${s}` : s;
  };
  const isakmp = (d: Dialect, id: number, body: string): string => {
    const prefix =
      d === "12.2"
        ? `ISAKMP (0:${id}): `
        : d === "15"
          ? `ISAKMP:(${id}):`
          : `ISAKMP: (${id}): `;
    return `${stamp(d)}${prefix}${body}`;
  };
  const state = (
    d: Dialect,
    id: number,
    input: string,
    from: string,
    to: string,
  ): void => {
    if (d === "12.2") {
      out.push(
        isakmp(d, id, `Input = ${input}`),
        `Old State = ${from} New State = ${to}`,
      );
    } else {
      out.push(
        isakmp(d, id, `Input = ${input}`),
        isakmp(d, id, `Old State = ${from}  New State = ${to}`),
        "",
      );
    }
  };

  const phase1 = (d: Dialect, peer: string, fail: string | undefined): void => {
    const id = d === "12.2" ? (conn % 50) + 1 : ++conn;
    out.push(`${stamp(d)}ISAKMP: received ke message (1/1)`);
    out.push(`${stamp(d)}ISAKMP: local port 500, remote port 500`);
    state(
      d,
      id,
      "IKE_MESG_FROM_IPSEC, IKE_SA_REQ_MM",
      "IKE_READY",
      "IKE_I_MM1",
    );
    out.push(isakmp(d, id, "beginning Main Mode exchange"));
    out.push(
      isakmp(
        d,
        id,
        `sending packet to ${peer} my_port 500 peer_port 500 (I) MM_NO_STATE`,
      ),
    );
    if (fail === "retransmit") {
      for (let k = 1; k <= 5; k++) {
        out.push(isakmp(d, id, "retransmitting phase 1 MM_NO_STATE..."));
        out.push(
          isakmp(
            d,
            id,
            `incrementing error counter on sa, attempt ${k} of 5: retransmit phase 1`,
          ),
        );
        out.push(
          isakmp(
            d,
            id,
            `sending packet to ${peer} my_port 500 peer_port 500 (I) MM_NO_STATE`,
          ),
        );
      }
      out.push(isakmp(d, id, "retransmitting phase 1 MM_NO_STATE..."));
      out.push(
        isakmp(
          d,
          id,
          `deleting SA reason "Death by retransmission P1" state (I) MM_NO_STATE (peer ${peer})`,
        ),
      );
      return;
    }
    out.push(
      isakmp(
        d,
        id,
        `received packet from ${peer} dport 500 sport 500 Global (I) MM_NO_STATE`,
      ),
    );
    state(d, id, "IKE_MESG_FROM_PEER, IKE_MM_EXCH", "IKE_I_MM1", "IKE_I_MM2");
    out.push(isakmp(d, id, "processing SA payload. message ID = 0"));
    if (fail === "nokey") {
      out.push(isakmp(d, id, `No pre-shared key with ${peer}!`));
      out.push(
        `${stamp(d)}%CRYPTO-4-IKMP_NO_SA: IKE message from ${peer} has no SA and is not an initialization offer`,
      );
      return;
    }
    out.push(isakmp(d, id, `found peer pre-shared key matching ${peer}`));
    out.push(
      isakmp(d, id, "Checking ISAKMP transform 1 against priority 10 policy"),
    );
    out.push(
      `${stamp(d)}ISAKMP:      encryption ${r.pick(["DES-CBC", "3DES-CBC", "AES-CBC"])}`,
    );
    out.push(`${stamp(d)}ISAKMP:      hash ${r.pick(["MD5", "SHA"])}`);
    out.push(`${stamp(d)}ISAKMP:      default group ${r.pick([1, 2, 5])}`);
    out.push(`${stamp(d)}ISAKMP:      auth pre-share`);
    out.push(`${stamp(d)}ISAKMP:      life type in seconds`);
    out.push(
      `${stamp(d)}ISAKMP:      life duration (VPI) of  0x0 0x1 0x51 0x80`,
    );
    if (fail === "proposal") {
      out.push(
        isakmp(d, id, "Encryption algorithm offered does not match policy!"),
      );
      out.push(isakmp(d, id, "atts are not acceptable. Next payload is 0"));
      out.push(isakmp(d, id, "no offers accepted!"));
      out.push(
        isakmp(
          d,
          id,
          "phase 1 SA policy not acceptable! (local 172.16.5.1 remote " +
            peer +
            ")",
        ),
      );
      out.push(
        `${stamp(d)}%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Main mode failed with peer at ${peer}`,
      );
      return;
    }
    out.push(isakmp(d, id, "atts are acceptable. Next payload is 0"));
    out.push(
      isakmp(
        d,
        id,
        "SA is doing pre-shared key authentication using id type ID_IPV4_ADDR",
      ),
    );
    state(
      d,
      id,
      "IKE_MESG_INTERNAL, IKE_PROCESS_MAIN_MODE",
      "IKE_I_MM2",
      "IKE_I_MM2",
    );
    out.push(
      isakmp(
        d,
        id,
        `sending packet to ${peer} my_port 500 peer_port 500 (I) MM_SA_SETUP`,
      ),
    );
    out.push(
      isakmp(
        d,
        id,
        `received packet from ${peer} dport 500 sport 500 Global (I) MM_SA_SETUP`,
      ),
    );
    state(d, id, "IKE_MESG_FROM_PEER, IKE_MM_EXCH", "IKE_I_MM3", "IKE_I_MM4");
    out.push(isakmp(d, id, "processing KE payload. message ID = 0"));
    out.push(isakmp(d, id, "processing NONCE payload. message ID = 0"));
    out.push(isakmp(d, id, "SKEYID state generated"));
    out.push(isakmp(d, id, "processing vendor id payload"));
    out.push(isakmp(d, id, "speaking to another IOS box!"));
    if (d === "12.2") {
      out.push(
        `${stamp(d)}ISAKMP (${id}): ID payload`,
        "\tnext-payload : 8",
        "\ttype : 1",
        "\tprotocol : 17",
        "\tport : 500",
        "\tlength : 8",
      );
    }
    out.push(
      isakmp(
        d,
        id,
        `sending packet to ${peer} my_port 500 peer_port 500 (I) MM_KEY_EXCH`,
      ),
    );
    out.push(
      isakmp(
        d,
        id,
        `received packet from ${peer} dport 500 sport 500 Global (I) MM_KEY_EXCH`,
      ),
    );
    out.push(isakmp(d, id, "processing ID payload. message ID = 0"));
    out.push(isakmp(d, id, "processing HASH payload. message ID = 0"));
    out.push(isakmp(d, id, `SA has been authenticated with ${peer}`));
    state(
      d,
      id,
      "IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE",
      "IKE_I_MM6",
      "IKE_P1_COMPLETE",
    );
    const mid = r.int(-2147483647, 2147483647);
    out.push(isakmp(d, id, `beginning Quick Mode exchange, M-ID of ${mid}`));
    out.push(
      isakmp(
        d,
        id,
        `sending packet to ${peer} my_port 500 peer_port 500 (I) QM_IDLE`,
      ),
    );
    out.push(
      isakmp(
        d,
        id,
        `received packet from ${peer} dport 500 sport 500 Global (I) QM_IDLE`,
      ),
    );
    out.push(isakmp(d, id, `processing HASH payload. message ID = ${mid}`));
    out.push(isakmp(d, id, `processing SA payload. message ID = ${mid}`));
    out.push(isakmp(d, id, "Checking IPSec proposal 1"));
    out.push(`${stamp(d)}ISAKMP: transform 1, ESP_DES`);
    out.push(`${stamp(d)}ISAKMP:   attributes in transform:`);
    out.push(`${stamp(d)}ISAKMP:      encaps is 1 (Tunnel)`);
    out.push(`${stamp(d)}ISAKMP:      SA life type in seconds`);
    out.push(`${stamp(d)}ISAKMP:      SA life duration (basic) of 3600`);
    out.push(`${stamp(d)}ISAKMP:      authenticator is HMAC-MD5`);
    if (fail === "phase2") {
      out.push(isakmp(d, id, "atts not acceptable. Next payload is 0"));
      out.push(
        isakmp(d, id, `IPSec policy invalidated proposal with error 256`),
      );
      out.push(
        isakmp(
          d,
          id,
          `phase 2 SA policy not acceptable! (local ${local} remote ${peer})`,
        ),
      );
      out.push(
        isakmp(
          d,
          id,
          `sending packet to ${peer} my_port 500 peer_port 500 (I) QM_IDLE`,
        ),
      );
      out.push(isakmp(d, id, `purging node ${mid}`));
      out.push(
        `${stamp(d)}%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Quick mode failed with peer at ${peer}`,
      );
      return;
    }
    out.push(isakmp(d, id, "atts are acceptable."));
    ipsecBlock(d, peer);
    out.push(isakmp(d, id, `Creating IPSec SAs`));
    out.push(
      `${stamp(d)}        inbound SA from ${peer} to ${local} (f/i)  0/ 0`,
    );
    out.push(`        (proxy 10.2.2.0 to 10.1.1.0)`);
    out.push(
      `${stamp(d)}        has spi 0x${hex(r)} and conn_id 2000 and flags 4`,
    );
    out.push(`${stamp(d)}        lifetime of 3600 seconds`);
    out.push(
      `${stamp(d)}        outbound SA from ${local} to ${peer} (f/i) 0/0`,
    );
    out.push(`        (proxy 10.1.1.0 to 10.2.2.0)`);
    out.push(
      `${stamp(d)}        has spi 0x${hex(r)} and conn_id 2001 and flags C`,
    );
    out.push(
      isakmp(
        d,
        id,
        `sending packet to ${peer} my_port 500 peer_port 500 (I) QM_IDLE`,
      ),
    );
    out.push(
      isakmp(
        d,
        id,
        `deleting node ${mid} error FALSE reason "quick mode done (await)"`,
      ),
    );
    state(
      d,
      id,
      "IKE_MESG_FROM_PEER, IKE_QM_EXCH",
      "IKE_QM_I_QM1",
      "IKE_QM_PHASE2_COMPLETE",
    );
  };

  const ipsecBlock = (d: Dialect, peer: string): void => {
    out.push(
      `${stamp(d)}IPSEC(validate_proposal_request): proposal part #1,`,
      `  (key eng. msg.) INBOUND local= ${local}, remote= ${peer},`,
      "    local_proxy= 10.1.1.0/255.255.255.0/0/0 (type=4),",
      "    remote_proxy= 10.2.2.0/255.255.255.0/0/0 (type=4),",
      "    protocol= ESP, transform= esp-des esp-md5-hmac  (Tunnel),",
      "    lifedur= 0s and 0kb,",
      "    spi= 0x0(0), conn_id= 0, keysize= 0, flags= 0x2",
      `${stamp(d)}IPSEC(key_engine): got a queue event with 1 KMI message(s)`,
      `${stamp(d)}IPSEC(spi_response): getting spi 2123456789 for SA`,
      `        from ${peer}   to ${local}   for prot 3`,
      `${stamp(d)}IPSEC(initialize_sas): ,`,
      `  (key eng. msg.) INBOUND local= ${local}, remote= ${peer},`,
      "    local_proxy= 10.1.1.0/255.255.255.0/0/0 (type=4),",
      "    remote_proxy= 10.2.2.0/255.255.255.0/0/0 (type=4),",
      "    protocol= ESP, transform= esp-des esp-md5-hmac  (Tunnel),",
      "    lifedur= 3600s and 4608000kb,",
      `    spi= 0x${hex(r)}(1234567890), conn_id= 2000, keysize= 0, flags= 0x2`,
      `${stamp(d)}IPSEC(create_sa): sa created,`,
      `  (sa) sa_dest= ${peer}, sa_proto= 50,`,
      `    sa_spi= 0x${hex(r)}(1234567890),`,
      "    sa_trans= esp-des esp-md5-hmac , sa_conn_id= 2001",
    );
  };

  const ikev2 = (peer: string, ok: boolean): void => {
    const sa = ++conn;
    const d: Dialect = "xe";
    const spi = hex(r) + hex(r);
    out.push(
      `${stamp(d)}IKEv2:(SESSION ID = ${sa},SA ID = 1):Sending Packet [To ${peer}:500/From ${local}:500/VRF i0:f0]`,
      `Initiator SPI : ${spi} - Responder SPI : 0000000000000000 Message id: 0`,
      "IKEv2 IKE_SA_INIT Exchange REQUEST",
      "Payload contents:",
      " SA KE N VID VID VID VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP)",
      "",
      `${stamp(d)}IKEv2:(SESSION ID = ${sa},SA ID = 1):SM Trace-> SA: I_SPI=${spi} R_SPI=0000000000000000 (I) MsgID = 0 CurState: I_WAIT_INIT Event: EV_NO_EVENT`,
      `${stamp(d)}IKEv2:(SESSION ID = ${sa},SA ID = 1):Received Packet [From ${peer}:500/To ${local}:500/VRF i0:f0]`,
      `Initiator SPI : ${spi} - Responder SPI : ${hex(r)}${hex(r)} Message id: 0`,
      "IKEv2 IKE_SA_INIT Exchange RESPONSE",
      "Payload contents:",
      " SA KE N VID VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP)",
      "",
      `${stamp(d)}IKEv2:(SESSION ID = ${sa},SA ID = 1):Processing IKE_SA_INIT message`,
      `${stamp(d)}IKEv2:(SESSION ID = ${sa},SA ID = 1):Sending Packet [To ${peer}:500/From ${local}:500/VRF i0:f0]`,
      `Initiator SPI : ${spi} - Responder SPI : ${hex(r)}${hex(r)} Message id: 1`,
      "IKEv2 IKE_AUTH Exchange REQUEST",
      "Payload contents:",
      " ENCR",
      "",
    );
    if (ok) {
      out.push(
        `${stamp(d)}IKEv2:(SESSION ID = ${sa},SA ID = 1):Verification of peer's authentication data PASSED`,
        `${stamp(d)}IKEv2:(SESSION ID = ${sa},SA ID = 1):IKEV2 SA created; inserting SA into database. SA lifetime timer (86400 sec) started`,
        `${stamp(d)}%IKEV2-5-SA_UP: SA UP`,
      );
    } else {
      out.push(
        `${stamp(d)}IKEv2-ERROR:(SESSION ID = ${sa},SA ID = 1):: Auth exchange failed`,
        `${stamp(d)}IKEv2:(SESSION ID = ${sa},SA ID = 1):Verification of peer's authentication data FAILED`,
        `${stamp(d)}%IKEV2-5-RECV_CONNECTION_REQUEST: Received IKE connection request from ${peer}`,
      );
    }
  };

  const showBlocks = (peer: string): void => {
    const which = r.int(0, 2);
    if (which === 0) {
      out.push(
        `${host}#show crypto isakmp sa`,
        "IPv4 Crypto ISAKMP SA",
        "dst             src             state          conn-id status",
        `${peer.padEnd(16)}${local.padEnd(16)}QM_IDLE           ${conn} ACTIVE`,
        `${local.padEnd(16)}${peer.padEnd(16)}MM_NO_STATE       ${conn - 1} ACTIVE (deleted)`,
        "",
      );
    } else if (which === 1) {
      out.push(
        `${host}#show crypto ipsec sa`,
        "",
        "interface: Serial4/0",
        `    Crypto map tag: mjlnetmap, local addr ${local}`,
        "",
        "   protected vrf: (none)",
        "   local  ident (addr/mask/prot/port): (10.1.1.0/255.255.255.0/0/0)",
        "   remote ident (addr/mask/prot/port): (10.2.2.0/255.255.255.0/0/0)",
        `   current_peer ${peer} port 500`,
        "     PERMIT, flags={origin_is_acl,}",
        `    #pkts encaps: ${r.int(0, 9999)}, #pkts encrypt: ${r.int(0, 9999)}, #pkts digest: ${r.int(0, 9999)}`,
        `    #pkts decaps: ${r.int(0, 9999)}, #pkts decrypt: ${r.int(0, 9999)}, #pkts verify: ${r.int(0, 9999)}`,
        "    #pkts compressed: 0, #pkts decompressed: 0",
        "    #send errors 0, #recv errors 0",
        "",
        `     local crypto endpt.: ${local}, remote crypto endpt.: ${peer}`,
        "     path mtu 1500, ip mtu 1500, ip mtu idb Serial4/0",
        `     current outbound spi: 0x${hex(r)}(1234567890)`,
        "",
        "     inbound esp sas:",
        `      spi: 0x${hex(r)}(2123456789)`,
        "        transform: esp-des esp-md5-hmac ,",
        "        in use settings ={Tunnel, }",
        "        conn id: 2000, flow_id: SW:1, sibling_flags 80000046, crypto map: mjlnetmap",
        "        sa timing: remaining key lifetime (k/sec): (4607999/3571)",
        "        IV size: 8 bytes",
        "        replay detection support: Y",
        "        Status: ACTIVE",
        "",
        "     outbound esp sas:",
        `      spi: 0x${hex(r)}(1234567890)`,
        "        transform: esp-des esp-md5-hmac ,",
        "        in use settings ={Tunnel, }",
        "        Status: ACTIVE",
        "",
      );
    } else {
      out.push(
        `${host}#show crypto map`,
        'Crypto Map "mjlnetmap" 10 ipsec-isakmp',
        `        Peer = ${peer}`,
        "        Extended IP access list 101",
        "            access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
        `        Current peer: ${peer}`,
        "        Security association lifetime: 4608000 kilobytes/3600 seconds",
        "        PFS (Y/N): N",
        "        Transform sets={ mjlnet, }",
        "        Interfaces using crypto map mjlnetmap:",
        "                Serial4/0",
        "",
      );
    }
  };

  const syslog = (peer: string): void => {
    const kinds = [
      `%CRYPTO-4-RECVD_PKT_INV_SPI: decaps: rec'd IPSEC packet has invalid spi for destaddr=${local}, prot=50, spi=0x${hex(r)}(0), srcaddr=${peer}`,
      `%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from ${peer} failed its sanity check or is malformed`,
      `%CRYPTO-4-RECVD_PKT_NOT_IPSEC: Rec'd packet not an IPSEC packet. (ip) vrf/dest_addr= /${local}, src_addr= ${peer}, prot= 1`,
      `%LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel${r.int(0, 99)}, changed state to ${r.pick(["up", "down"])}`,
      `%CRYPTO-6-ISAKMP_ON_OFF: ISAKMP is ON`,
    ];
    const msg = r.pick(kinds);
    if (r.chance(0.5)) {
      out.push(`${stamp("15")}${msg}`);
    } else {
      // As a syslog server writes it: its own date, the router's address, the router's sequence and stamp.
      const t = new Date(ms);
      out.push(
        `${MONTHS[t.getUTCMonth() % 6]} ${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} ${local} ${seq++}: ${stamp("15")}${msg}`,
      );
    }
  };

  const peers = Array.from({ length: 500 }, (_, i) =>
    dotted((172 << 24) + (16 << 16) + 6 * 256 + 2 + i * 256),
  );
  out.push(
    `${host}#terminal monitor`,
    `${host}#debug crypto isakmp`,
    "Crypto ISAKMP debugging is on",
    `${host}#debug crypto ipsec`,
    "Crypto IPSEC debugging is on",
  );
  const maxBytes = shape.maxBytes ?? Infinity;
  let bytes = 0;
  let counted = 0;
  while (out.length < shape.lines) {
    for (; counted < out.length; counted++) {
      bytes += out[counted]!.length + 1;
    }
    if (bytes >= maxBytes) {
      break;
    }
    const peer = r.pick(peers);
    const roll = r.next();
    if (roll < 0.55) {
      const d = r.pick<Dialect>(["12.2", "15", "xe"]);
      const fail = r.chance(0.7)
        ? undefined
        : r.pick(["retransmit", "nokey", "proposal", "phase2"]);
      phase1(d, peer, fail);
    } else if (roll < 0.7) {
      ikev2(peer, r.chance(0.8));
    } else if (roll < 0.85) {
      for (let k = r.int(1, 6); k > 0; k--) {
        syslog(peer);
      }
    } else if (roll < 0.95) {
      out.push(`${host}#`);
      showBlocks(peer);
      out.push(`${host}#`);
    } else {
      out.push(
        `${host}#conf t`,
        "Enter configuration commands, one per line.  End with CNTL/Z.",
        `${host}(config)#crypto isakmp key cisco${r.int(1, 9)} address ${peer}`,
        `${host}(config)#crypto map mjlnetmap 10 ipsec-isakmp`,
        `${host}(config-crypto-map)#set peer ${peer}`,
        `${host}(config-crypto-map)#end`,
        `${host}#clear crypto sa`,
        `${host}#`,
      );
    }
  }
  out.length = Math.min(out.length, shape.lines);
  // Trim whole lines so a byte budget is never exceeded (the 50 MB run must stay under the limit).
  for (counted = 0, bytes = 0; counted < out.length; counted++) {
    bytes += out[counted]!.length + 1;
    if (bytes > maxBytes) {
      out.length = counted;
      break;
    }
  }
  return out.join("\n") + "\n";
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function hex(r: Random): string {
  return r.int(0x10000000, 0x7fffffff).toString(16).toUpperCase();
}
