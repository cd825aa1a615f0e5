package dev.wabagate.shared;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseFailuresTests {

	@Test
	void aLostConnectionIsUnavailableAndABadStatementIsNot() {
		assertThat(DatabaseFailures.isUnavailable(new DataAccessResourceFailureException("gone"))).isTrue();
		assertThat(DatabaseFailures.isUnavailable(new SQLException("I/O error", "08006"))).isTrue();
		assertThat(DatabaseFailures.isUnavailable(new DataIntegrityViolationException("duplicate"))).isFalse();
	}

	/** The 500 issue 9 saw while PostgreSQL was away: the rollback failed as well. */
	@Test
	void aRollbackThatFailedAfterALostConnectionIsUnavailable() {
		TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		rollback.initApplicationException(new DataAccessResourceFailureException("I/O error"));
		TransactionSystemException afterBadStatement = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		afterBadStatement.initApplicationException(new DataIntegrityViolationException("duplicate"));

		assertThat(DatabaseFailures.isUnavailable(rollback)).isTrue();
		assertThat(DatabaseFailures.isUnavailable(afterBadStatement)).isFalse();
	}

}
