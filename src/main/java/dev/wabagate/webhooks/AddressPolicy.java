package dev.wabagate.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses a webhook may connect to: anything public, plus the ranges the operator
 * allowed. Private, loopback, link-local (incl. the cloud metadata address
 * 169.254.169.254), CGNAT, multicast and other special ranges are denied; an IPv4-mapped
 * or IPv4-compatible IPv6 address is judged as the IPv4 address it carries.
 */
final class AddressPolicy {

	private static final List<Cidr> DENIED = List
		.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
				"192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
				"203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128", "64:ff9b::/96", "64:ff9b:1::/48",
				"100::/64", "2001:db8::/32", "2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8")
		.stream()
		.map(Cidr::parse)
		.toList();

	private final List<Cidr> allowed;

	AddressPolicy(List<String> allowedRanges) {
		this.allowed = allowedRanges.stream().filter((range) -> !range.isBlank()).map(Cidr::parse).toList();
	}

	/** Whether a connection to {@code address} is allowed. */
	boolean permits(InetAddress address) {
		InetAddress judged = embeddedIpv4(address);
		if (this.allowed.stream().anyMatch((range) -> range.contains(judged) || range.contains(address))) {
			return true;
		}
		return DENIED.stream().noneMatch((range) -> range.contains(judged));
	}

	/**
	 * The IPv4 address inside {@code ::ffff:a.b.c.d} (mapped) or {@code ::a.b.c.d}
	 * (compatible, deprecated but still routed by some stacks); otherwise the address.
	 */
	static InetAddress embeddedIpv4(InetAddress address) {
		if (!(address instanceof Inet6Address)) {
			return address;
		}
		byte[] raw = address.getAddress();
		boolean firstTenZero = Arrays.equals(Arrays.copyOfRange(raw, 0, 10), new byte[10]);
		boolean mapped = firstTenZero && raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
		boolean compatible = firstTenZero && raw[10] == 0 && raw[11] == 0
				&& !Arrays.equals(Arrays.copyOfRange(raw, 12, 16), new byte[] { 0, 0, 0, 0 })
				&& !Arrays.equals(Arrays.copyOfRange(raw, 12, 16), new byte[] { 0, 0, 0, 1 });
		if (!mapped && !compatible) {
			return address;
		}
		try {
			return InetAddress.getByAddress(Arrays.copyOfRange(raw, 12, 16));
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An address range in CIDR notation. */
	record Cidr(byte[] network, int prefixLength) {

		static Cidr parse(String notation) {
			String trimmed = notation.strip();
			int slash = trimmed.indexOf('/');
			String host = (slash < 0) ? trimmed : trimmed.substring(0, slash);
			if (!host.matches("[0-9a-fA-F:.]+")) {
				throw new IllegalArgumentException("Not an IP address range: " + notation);
			}
			byte[] network;
			try {
				// A literal: no DNS lookup happens for digits, dots and colons.
				network = InetAddress.getByName(host).getAddress();
			}
			catch (UnknownHostException ex) {
				throw new IllegalArgumentException("Not an IP address range: " + notation, ex);
			}
			int length = (slash < 0) ? network.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
			if (length < 0 || length > network.length * 8) {
				throw new IllegalArgumentException("Bad prefix length in " + notation);
			}
			return new Cidr(network, length);
		}

		boolean contains(InetAddress address) {
			byte[] raw = address.getAddress();
			if (raw.length != this.network.length) {
				return false;
			}
			int fullBytes = this.prefixLength / 8;
			for (int i = 0; i < fullBytes; i++) {
				if (raw[i] != this.network[i]) {
					return false;
				}
			}
			int remainingBits = this.prefixLength % 8;
			if (remainingBits == 0) {
				return true;
			}
			int mask = (0xff << (8 - remainingBits)) & 0xff;
			return (raw[fullBytes] & mask) == (this.network[fullBytes] & mask);
		}

	}

}
