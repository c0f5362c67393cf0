"""TEC001 requirement-not-met."""


def test_acid_on_a_store_without_transactions_is_reported(rule_example):
    [finding] = rule_example("TEC001").of("TEC001")
    assert finding.severity == "error"
    assert finding.message == ("orders requires acid, but Apache Cassandra 4.1 has no "
                               "acid-transactions; consider a relational database "
                               "(PostgreSQL, MySQL)")


def test_full_text_on_sqlite_is_reported(review_model):
    reviewed = review_model('''
        system = System("Shop")
        system.context("Sales").datastore("notes", tech.SQLite("3"),
                                          requirements=[Requirement.FULL_TEXT])
    ''', "TEC001")
    [message] = reviewed.messages("TEC001")
    assert "requires full-text, but SQLite 3 has no full-text-search" in message


def test_requirements_the_technology_meets_pass(review_model):
    reviewed = review_model('''
        system = System("Shop")
        sales = system.context("Sales")
        sales.datastore("orders", tech.PostgreSQL("16"),
                        requirements=[Requirement.ACID, Requirement.FULL_TEXT,
                                      Requirement.STRONG_CONSISTENCY])
        sales.datastore("sessions", tech.Redis("7"), role=Role.CACHE,
                        requirements=[Requirement.TTL])
    ''', "TEC001")
    assert reviewed.of("TEC001") == []
