package dev.wabagate.messaging.dispatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Paces each channel at its messages-per-second limit across every gateway process: send
 * slots are reserved from the channel's row in {@code channel_pacing}, a batch of slots
 * per claim, so the database sees one short locked update per channel per poll rather
 * than one per message. A throughput error (130429) halves the channel's rate and pauses
 * it; the rate then climbs back linearly to the limit (AIMD), so a channel that overshot
 * slows down for everyone and recovers without oscillating.
 */
@Component
class ChannelPacer {

	/** Throughput errors closer together than this answer one overshoot: halve once. */
	private static final Duration THROTTLE_SETTLE = Duration.ofSeconds(1);

	/** The slowest a throttled channel goes. */
	private static final double MIN_RATE_MPS = 1.0;

	private final JdbcClient jdbc;

	private final Duration recovery;

	private final Map<String, Double> lastKnownRates = new ConcurrentHashMap<>();

	ChannelPacer(JdbcClient jdbc, DispatchProperties properties) {
		this.jdbc = jdbc;
		this.recovery = properties.throttleRecovery();
	}

	/**
	 * How many send slots the channel has left within {@code horizon} from now, as its
	 * shared row says (read without a lock: {@link #reserve} decides).
	 */
	public int room(String channelId, int limitMps, Instant now, Duration horizon) {
		return this.jdbc.sql("""
				select next_slot_micros, rate_mps, rate_at_micros, throttled_at_micros
				from channel_pacing where channel_id = ?""")
			.param(channelId)
			.query(Pace::read)
			.optional()
			.map((pace) -> pace.room(limitMps, micros(now), horizon.toNanos() / 1000, this.recovery))
			.orElse(Integer.MAX_VALUE);
	}

	/**
	 * Reserves up to {@code wanted} consecutive send slots for the channel, no later than
	 * {@code horizon} from now (at least one slot is always granted).
	 */
	@Transactional
	public Slots reserve(String channelId, int limitMps, int wanted, Instant now, Duration horizon) {
		Pace.Reservation reservation = lock(channelId, limitMps, now).reserve(limitMps, wanted, micros(now),
				horizon.toNanos() / 1000, this.recovery);
		store(channelId, reservation.after());
		return reservation.slots();
	}

	/**
	 * The provider said the channel is over its limit: no slot before {@code pause} from
	 * now, and the rate halves unless it was just halved for the same overshoot.
	 */
	@Transactional
	public void throttle(String channelId, int limitMps, Duration pause, Instant now) {
		store(channelId,
				lock(channelId, limitMps, now).throttle(limitMps, micros(now), pause.toNanos() / 1000, this.recovery));
	}

	private void store(String channelId, Pace pace) {
		this.jdbc.sql("""
				update channel_pacing set next_slot_micros = ?, rate_mps = ?, rate_at_micros = ?,
				    throttled_at_micros = ? where channel_id = ?""")
			.params(pace.nextSlotMicros(), pace.rateMps(), pace.rateAtMicros(), pace.throttledAtMicros(), channelId)
			.update();
		this.lastKnownRates.put(channelId, pace.rateMps());
	}

	/** The rates this node last saw, for the per-channel rate gauge. */
	Map<String, Double> lastKnownRates() {
		return this.lastKnownRates;
	}

	private Pace lock(String channelId, int limitMps, Instant now) {
		String select = """
				select next_slot_micros, rate_mps, rate_at_micros, throttled_at_micros
				from channel_pacing where channel_id = ? for update""";
		return this.jdbc.sql(select).param(channelId).query(Pace::read).optional().orElseGet(() -> {
			this.jdbc
				.sql("""
						insert into channel_pacing (channel_id, next_slot_micros, rate_mps, rate_at_micros, throttled_at_micros)
						values (?, ?, ?, ?, 0) on conflict do nothing""")
				.params(channelId, micros(now), (double) limitMps, micros(now))
				.update();
			return this.jdbc.sql(select).param(channelId).query(Pace::read).single();
		});
	}

	private static long micros(Instant instant) {
		return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
	}

	/**
	 * Consecutive send slots: {@code count} of them, {@code intervalMicros} apart, from
	 * {@code firstMicros} (epoch microseconds).
	 */
	record Slots(long firstMicros, double intervalMicros, int count) {

		Instant slot(int index) {
			return Instant.EPOCH.plus(this.firstMicros + Math.round(index * this.intervalMicros), ChronoUnit.MICROS);
		}

	}

	/**
	 * A channel's shared pacing state (epoch microseconds) and the pure rules that move
	 * it: reserving slots and throttling (AIMD).
	 */
	record Pace(long nextSlotMicros, double rateMps, long rateAtMicros, long throttledAtMicros) {

		static Pace read(ResultSet rs, int row) throws SQLException {
			return new Pace(rs.getLong(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4));
		}

		/** The rate now: the limit, or on its linear climb back after a throttle. */
		double rateAt(long nowMicros, int limitMps, Duration recovery) {
			if (this.throttledAtMicros == 0) {
				return limitMps;
			}
			double climbed = (nowMicros - this.rateAtMicros) / (double) (recovery.toNanos() / 1000) * limitMps;
			return Math.min(limitMps, Math.max(MIN_RATE_MPS, this.rateMps + climbed));
		}

		/**
		 * Up to {@code wanted} consecutive slots at the current rate, from the next free
		 * one (or now), none later than {@code horizonMicros} from now, but at least one.
		 */
		Reservation reserve(int limitMps, int wanted, long nowMicros, long horizonMicros, Duration recovery) {
			double rate = rateAt(nowMicros, limitMps, recovery);
			double interval = 1_000_000.0 / rate;
			long first = Math.max(this.nextSlotMicros, nowMicros);
			int granted = Math.max(1, Math.min(wanted, room(limitMps, nowMicros, horizonMicros, recovery)));
			long next = first + Math.round(granted * interval);
			boolean recovered = rate >= limitMps;
			return new Reservation(new Slots(first, interval, granted),
					new Pace(next, rate, nowMicros, recovered ? 0L : this.throttledAtMicros));
		}

		/**
		 * How many consecutive slots are free from the next free one (or now) to
		 * {@code horizonMicros} from now at the current rate: 0 when the channel is
		 * reserved beyond the horizon.
		 */
		int room(int limitMps, long nowMicros, long horizonMicros, Duration recovery) {
			double interval = 1_000_000.0 / rateAt(nowMicros, limitMps, recovery);
			long room = nowMicros + horizonMicros - Math.max(this.nextSlotMicros, nowMicros);
			return (room < 0) ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.floor(room / interval) + 1);
		}

		/**
		 * After a throughput error: no slot before {@code pauseMicros} from now, and the
		 * rate halves (not below 1 msg/s) unless it was halved less than a second ago,
		 * for the same overshoot.
		 */
		Pace throttle(int limitMps, long nowMicros, long pauseMicros, Duration recovery) {
			double rate = rateAt(nowMicros, limitMps, recovery);
			long throttledAt = this.throttledAtMicros;
			if (nowMicros - throttledAt >= THROTTLE_SETTLE.toNanos() / 1000) {
				rate = Math.max(MIN_RATE_MPS, rate / 2);
				throttledAt = nowMicros;
			}
			return new Pace(Math.max(this.nextSlotMicros, nowMicros + pauseMicros), rate, nowMicros, throttledAt);
		}

		/** Slots granted, and the state to store. */
		record Reservation(Slots slots, Pace after) {
		}

	}

}
