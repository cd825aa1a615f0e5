package dev.wabagate.shared.queue;

import java.sql.DatabaseMetaData;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands out the engine's named queues; they share one table and one set of lane locks.
 */
@Component
public class LaneQueues {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final LaneLocks locks;

	private final boolean postgres;

	private final Map<String, LaneQueue> queues = new ConcurrentHashMap<>();

	LaneQueues(DataSource dataSource, JdbcClient jdbc, TransactionTemplate transactions)
			throws MetaDataAccessException {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.postgres = "PostgreSQL"
			.equals(JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName));
		// One set of lane locks for every queue, so a transaction that touches two queues
		// holds its locks in one place.
		this.locks = this.postgres ? new AdvisoryLaneLocks(jdbc) : new InProcessLaneLocks();
	}

	/**
	 * The queue of that name ({@code queue_items.queue}, at most 16 characters): one
	 * instance per name, so the claim loop learns of the channels this node queues to.
	 */
	public LaneQueue queue(String name) {
		return this.queues.computeIfAbsent(name,
				(key) -> new LaneQueue(key, this.jdbc, this.transactions, this.locks, this.postgres));
	}

}
