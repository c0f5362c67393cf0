"""DM005 lookup-without-unique-key."""

MODEL = '''
    metadata = MetaData()
    Table("users", metadata, Column("id", Integer, primary_key=True),
          Column("email", String(200){unique}), Column("country", String(2)))
    System("Shop").context("Identity").datastore("db", tech.PostgreSQL("16"), schema=metadata,
        access_patterns=[AccessPattern("{name}", table="users", equals=["{column}"]{limit})])
'''


def test_a_business_key_lookup_without_unique_key_is_reported(rule_example):
    [finding] = rule_example("DM005").of("DM005")
    assert finding.message == ("access pattern 'sign in' looks up one row of users by (email), "
                               "but no unique key guarantees there is only one")
    assert finding.hint == "add UniqueConstraint(\"email\") to users's __table_args__"


def test_a_unique_key_or_a_list_query_passes(rule_example, review_model):
    assert rule_example("DM005", fixed=True).of("DM005") == []
    listing = review_model(MODEL.format(unique="", name="by country", column="country",
                                        limit=", limit=50"), "DM005")
    assert listing.of("DM005") == []


def test_the_latest_of_many_rows_is_not_a_key_lookup(review_model):
    reviewed = review_model('''
        metadata = MetaData()
        Table("consents", metadata, Column("id", Integer, primary_key=True),
              Column("user_id", Integer), Column("channel", String(10)),
              Column("recorded_at", DateTime))
        System("Shop").context("Identity").datastore("db", tech.PostgreSQL("16"),
            schema=metadata, access_patterns=[AccessPattern(
                "current consent", table="consents", equals=["user_id", "channel"],
                order_by=["recorded_at desc"], limit=1)])
    ''', "DM005")
    assert reviewed.of("DM005") == []
