"""DM002 undeclared-denormalization."""

MODEL = '''
    metadata = MetaData()
    Table("customers", metadata, Column("id", Integer, primary_key=True),
          Column("email", String(200)), Column("name", String(100)))
    Table("orders", metadata, Column("id", Integer, primary_key=True),
          Column("customer_id", Integer, ForeignKey("customers.id")),
          Column("customer_email", String(200){notes}),
          Column("name", String(100)))
    System("Shop").context("Sales").datastore("db", tech.PostgreSQL("16"), schema=metadata)
'''


def test_a_copied_attribute_without_a_reason_is_reported(rule_example):
    [finding] = rule_example("DM002").of("DM002")
    assert finding.message == ("orders.customer_email looks like a copy of customers.email "
                               "(reached through customer_id) and declares no reason for the "
                               "copy")


def test_a_declared_reason_passes(rule_example):
    assert rule_example("DM002", fixed=True).of("DM002") == []


def test_a_generic_name_on_both_sides_is_not_a_copy(review_model):
    reviewed = review_model(MODEL.format(notes=""), "DM002")
    assert [f.target for f in reviewed.of("DM002")] == ["orders.customer_email"]


def test_a_child_with_its_own_amount_is_not_a_copy(review_model):
    reviewed = review_model('''
        metadata = MetaData()
        Table("payments", metadata, Column("id", Integer, primary_key=True),
              Column("amount_minor", BigInteger))
        Table("refunds", metadata, Column("id", Integer, primary_key=True),
              Column("payment_id", Integer, ForeignKey("payments.id")),
              Column("amount_minor", BigInteger))
        System("Shop").context("Payments").datastore("db", tech.PostgreSQL("16"),
                                                     schema=metadata)
    ''', "DM002")
    assert reviewed.of("DM002") == []


def test_a_reply_with_its_own_body_is_not_a_copy(review_model):
    reviewed = review_model('''
        metadata = MetaData()
        Table("tickets", metadata, Column("id", Integer, primary_key=True),
              Column("body", Text), Column("contact_email", String(200)))
        Table("replies", metadata, Column("id", Integer, primary_key=True),
              Column("ticket_id", Integer, ForeignKey("tickets.id")),
              Column("body", Text), Column("contact_email", String(200)))
        System("Shop").context("Support").datastore("db", tech.PostgreSQL("16"),
                                                    schema=metadata)
    ''', "DM002")
    assert [f.message.split(" looks")[0] for f in reviewed.of("DM002")] == [
        "replies.contact_email"]
