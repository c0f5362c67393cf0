"""DM006 fact-without-dimension-keys, DM007 fact-without-grain, DM008
dimension-references-fact."""

STAR = '''
    metadata = MetaData()
    Table("dim_date", metadata, Column("date_key", Integer, primary_key=True),
          info=table_notes(dimension=Dimension(scd_type=0)))
    Table("dim_product", metadata, Column("product_key", Integer, primary_key=True),
          {dimension_fk}
          info=table_notes(dimension=Dimension(scd_type=2)))
    Table("fact_sales", metadata, Column("id", Integer, primary_key=True),
          Column("date_key", Integer{date_fk}),
          Column("product_key", Integer{product_fk}),
          Column("amount", Numeric(12, 2)),
          info=table_notes(fact=Fact({grain})))
    System("Shop").context("Analytics").datastore("warehouse", tech.PostgreSQL("16"),
        role=Role.ANALYTICS, schema=metadata)
'''
GOOD = dict(dimension_fk="", date_fk=', ForeignKey("dim_date.date_key")',
            product_fk=', ForeignKey("dim_product.product_key")',
            grain='grain="one row per order line"')


def test_a_well_formed_star_passes(review_model):
    reviewed = review_model(STAR.format(**GOOD), "DM006", "DM007", "DM008")
    assert reviewed.report.findings == []


def test_a_fact_without_any_dimension_key_is_reported(rule_example, review_model):
    [example] = rule_example("DM006").of("DM006")
    assert example.message == ("fact table fact_sales has no foreign key to any dimension "
                               "(dimensions here: dim_date)")
    assert rule_example("DM006", fixed=True).of("DM006") == []
    reviewed = review_model(STAR.format(**GOOD | dict(date_fk="", product_fk="")), "DM006")
    [finding] = reviewed.of("DM006")
    assert finding.message == ("fact table fact_sales has no foreign key to any dimension "
                               "(dimensions here: dim_date, dim_product)")


def test_a_dimension_key_column_without_its_foreign_key_is_reported(review_model):
    reviewed = review_model(STAR.format(**GOOD | dict(product_fk="")), "DM006")
    [finding] = reviewed.of("DM006")
    assert finding.target == "fact_sales.product_key"
    assert "looks like the key of dimension dim_product" in finding.message


def test_a_fact_without_grain_is_reported(rule_example):
    [finding] = rule_example("DM007").of("DM007")
    assert finding.message == "fact table fact_sales declares no grain (what one row is)"
    assert rule_example("DM007", fixed=True).of("DM007") == []


def test_a_dimension_referencing_a_fact_is_reported(rule_example):
    [finding] = rule_example("DM008").of("DM008")
    assert finding.message == ("dimension dim_customer references fact table fact_orders "
                               "(through first_order)")
    # Keeping the first order's date as a value instead of a reference fixes it.
    assert rule_example("DM008", fixed=True).of("DM008") == []
