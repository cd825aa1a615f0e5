package dev.wabagate.shared;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Driver settings for PostgreSQL that the accept and dispatch paths rely on:
 * {@code reWriteBatchedInserts} turns a JDBC batch of inserts into multi-row inserts of
 * 1, 2, 4, … 128 rows, so group-committed batches cost a few round trips and the server
 * sees a handful of statement texts it has prepared already, whatever the batch size. Set
 * here rather than in the URL so an operator's own {@code SPRING_DATASOURCE_URL} keeps
 * it; H2 needs nothing.
 */
@Component
class DataSourceTuning implements BeanPostProcessor {

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null
				&& hikari.getJdbcUrl().startsWith("jdbc:postgresql:")) {
			hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
		}
		return bean;
	}

}
