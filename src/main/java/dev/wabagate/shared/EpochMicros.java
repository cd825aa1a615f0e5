package dev.wabagate.shared;

import java.time.Instant;

/**
 * Instants in array parameters ({@code unnest}): microseconds since the epoch, a bigint
 * the driver sends as a number, turned back into a time by SQL that PostgreSQL and H2
 * both run. ISO-8601 text cost a formatter call per value, and neither driver turns an
 * array of {@code Timestamp}s into times without a time zone of its own.
 */
public final class EpochMicros {

	private static final String EPOCH = "timestamp with time zone '1970-01-01 00:00:00+00'";

	private EpochMicros() {
	}

	/**
	 * The instant to the nearest microsecond, the precision both databases keep (they
	 * round text with more digits the same way).
	 */
	public static long of(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
				(instant.getNano() + 500) / 1_000);
	}

	/**
	 * SQL for the {@code timestamp with time zone} of a bigint column or parameter that
	 * {@link #of} made.
	 */
	public static String toTimestamp(String micros) {
		return "(" + EPOCH + " + " + micros + " * interval '0.000001' second)";
	}

}
