package dev.wabagate.shared;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a database that cannot be reached (refused or broken connections, no connection
 * from the pool in time, the server shutting down) from a failed statement. The first is
 * the caller's cue to answer 503 and try again later; the second is a bug or bad data.
 */
public final class DatabaseFailures {

	private DatabaseFailures() {
	}

	public static boolean isUnavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof TransientDataAccessResourceException
					|| cause instanceof SQLTransientConnectionException) {
				return true;
			}
			if (cause instanceof SQLException sql && unavailableState(sql.getSQLState())) {
				return true;
			}
			// A rollback after a broken connection fails too ("Connection is closed", no
			// SQLSTATE), and its exception carries the one that made it roll back.
			if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
					&& isUnavailable(rollback.getApplicationException())) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/**
	 * SQLSTATE class 08 (connection exception), 57P01-57P03 (the server is shutting down
	 * or starting) and 53300 (too many connections).
	 */
	private static boolean unavailableState(String state) {
		return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
	}

}
