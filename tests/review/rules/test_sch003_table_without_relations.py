"""SCH003 table-without-relations."""

MODEL = '''
    metadata = MetaData()
    Table("customers", metadata, Column("id", Integer, primary_key=True))
    Table("orders", metadata, Column("id", Integer, primary_key=True),
          Column("customer_id", Integer, ForeignKey("customers.id")))
    Table("order_notes", metadata, Column("id", Integer, primary_key=True),
          Column("order_id", Integer{fk}))
    system = System("Shop")
    sales = system.context("Sales")
    db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata{role})
'''


def test_a_table_related_to_nothing_is_reported(review_model):
    reviewed = review_model(MODEL.format(fk="", role=""), "SCH003")
    [finding] = reviewed.of("SCH003")
    assert finding.target == "order_notes"
    assert finding.line == reviewed.line_of('Table("order_notes"')
    assert finding.message == ("table order_notes in orders-db has no foreign key to or from "
                               "any of the other 2 tables")


def test_two_tables_with_no_key_between_them_are_both_reported(rule_example):
    reviewed = rule_example("SCH003")
    assert [(f.target, f.message) for f in reviewed.of("SCH003")] == [
        ("orders", "table orders in orders-db has no foreign key to or from the other table"),
        ("order_notes",
         "table order_notes in orders-db has no foreign key to or from the other table"),
    ]
    assert rule_example("SCH003", fixed=True).of("SCH003") == []


def test_related_tables_read_models_and_outbox_tables_pass(review_model):
    related = MODEL.format(fk=', ForeignKey("orders.id")', role="")
    assert review_model(related, "SCH003").of("SCH003") == []
    read_model = MODEL.format(fk="", role=", role=Role.READ_MODEL")
    assert review_model(read_model, "SCH003").of("SCH003") == []
    outbox = MODEL.format(fk="", role="") + \
        'system.pattern(TransactionalOutbox("notes", datastore=db, table="order_notes"))\n'
    assert review_model(outbox, "SCH003").of("SCH003") == []


def test_an_idempotency_table_declared_as_an_inbox_passes(review_model):
    # The "requests" table of an idempotent receiver stands alone by design, like an outbox.
    source = MODEL.format(fk="", role="").replace('"order_notes"', '"requests"') + \
        'system.pattern(Inbox("idempotent commands", datastore=db, table="requests", key="id"))\n'
    assert review_model(source, "SCH003", "INT002").report.findings == []
    undeclared = MODEL.format(fk="", role="").replace('"order_notes"', '"requests"')
    assert [f.target for f in review_model(undeclared, "SCH003").of("SCH003")] == ["requests"]


def test_an_inbox_on_an_unknown_datastore_is_reported(review_model):
    source = MODEL.format(fk="", role="") + \
        'system.pattern(Inbox("idempotent commands", datastore="nowhere", table="requests"))\n'
    [finding] = review_model(source, "INT002").of("INT002")
    assert "nowhere" in finding.message
