"""The technology catalogue, for ``from archdocs import tech`` then ``tech.PostgreSQL("16")``."""

from archdocs.model.technology import (
    CATALOGUE,
    S3,
    Cassandra,
    DynamoDB,
    Elasticsearch,
    EventStoreDB,
    InfluxDB,
    Kafka,
    MariaDB,
    Memcached,
    MongoDB,
    MySQL,
    OpenSearch,
    Oracle,
    PostgreSQL,
    RabbitMQ,
    Redis,
    SQLite,
    SQLServer,
    TimescaleDB,
    Undecided,
    by_id,
)

__all__ = [
    "CATALOGUE", "S3", "Cassandra", "DynamoDB", "Elasticsearch", "EventStoreDB", "InfluxDB",
    "Kafka", "MariaDB", "Memcached", "MongoDB", "MySQL", "OpenSearch", "Oracle", "PostgreSQL",
    "RabbitMQ", "Redis", "SQLServer", "SQLite", "TimescaleDB", "Undecided", "by_id",
]
