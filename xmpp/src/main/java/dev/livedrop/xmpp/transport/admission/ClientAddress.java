package dev.livedrop.xmpp.transport.admission;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;

/**
 * Who a connection or request comes from, for every limit per client (connections, password
 * guesses, name probes): an IPv4 address alone, an IPv6 address by its /64, the block one
 * subscriber is usually given (RFC 6177), so one host cannot step through its addresses to escape
 * a limit. An IPv4-mapped IPv6 address is its IPv4 address.
 */
public final class ClientAddress {
  private ClientAddress() {}

  public static String key(InetAddress address) {
    if (!(address instanceof Inet6Address)) return address.getHostAddress();
    byte[] b = address.getAddress();
    if (ipv4Mapped(b)) return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
    return HexFormat.of().formatHex(b, 0, 8) + "::/64";
  }

  private static boolean ipv4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }
}
