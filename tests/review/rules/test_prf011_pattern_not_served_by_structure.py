"""PRF011: access patterns checked against DynamoDB keys and GSIs, Cassandra partition keys,
MongoDB indexes, Redis key templates and search mappings."""

MODEL = '''
    system = System("Shop")
    sales = system.context("Sales")
    api = sales.service("api")
    table = WideColumnTable("orders", partition_key=["customer_id"], sort_key=["created_at"],
                            attributes={"customer_id": "S", "created_at": "S", "status": "S",
                                        "order_id": "S"},
                            indexes=[SecondaryIndex("by-order", ["order_id"])])
    carts = Collection("carts", schema={"type": "object", "properties": {
        "_id": {}, "buyer_id": {}, "updated_at": {}, "coupon": {}}},
        indexes=[DocumentIndex(["buyer_id", "-updated_at"])])
    key = KeyPattern("session:{token}", ValueType.HASH, ttl="30m")
    index = SearchIndex("products", source="db.products", mappings=[
        FieldMapping("title", "text"), FieldMapping("brand", "keyword")])
'''


def _store(tech_call: str, structure: str, pattern: str) -> str:
    return f'''
store = sales.datastore("store", {tech_call}, structures=[{structure}],
                        access_patterns=[AccessPattern("q", {pattern})])
system.flow(api, store, Mechanism.QUERY)
'''


CASES_SERVED = [
    ('tech.DynamoDB()', "table", 'table="orders", equals=["customer_id"]'),
    ('tech.DynamoDB()', "table", 'table="orders", equals=["order_id"]'),
    ('tech.Cassandra("4.1")', "table", 'table="orders", equals=["customer_id"], range="created_at"'),
    ('tech.MongoDB("7.0")', "carts", 'table="carts", equals=["buyer_id"]'),
    ('tech.MongoDB("7.0")', "carts", 'table="carts", equals=["_id"]'),
    ('tech.Redis("7.2")', "key", 'table="session:{token}", equals=["token"]'),
    ('tech.Elasticsearch("8.13")', "index",
     'table="products", equals=["title"], text_search=True'),
]

CASES_UNSERVED = [
    ('tech.DynamoDB()', "table", 'table="orders", equals=["status"]',
     "filters on status by equality, which is neither the table's partition key nor an "
     "index's (customer_id; by-order: order_id): every call scans the table"),
    ('tech.MongoDB("7.0")', "carts", 'table="carts", equals=["coupon"]',
     "no index starts with coupon: every call scans the collection"),
    ('tech.Redis("7.2")', "key", 'table="session:{token}", equals=["customer_id"]',
     "the key session:{token} needs token, which the pattern does not know"),
    ('tech.Elasticsearch("8.13")', "index",
     'table="products", equals=["brand"], text_search=True',
     "full-text search on brand, mapped as keyword: not analysed"),
    ('tech.MongoDB("7.0")', "carts", 'table="cart", equals=["_id"]',
     "names 'cart', which store does not declare (it declares carts)"),
]


def test_patterns_the_structures_serve_pass(review_model):
    for tech_call, structure, pattern in CASES_SERVED:
        reviewed = review_model(MODEL + _store(tech_call, structure, pattern), "PRF011")
        assert reviewed.of("PRF011") == [], (tech_call, pattern)


def test_patterns_no_key_or_index_serves_are_reported(review_model):
    for tech_call, structure, pattern, message in CASES_UNSERVED:
        reviewed = review_model(MODEL + _store(tech_call, structure, pattern), "PRF011")
        [finding] = reviewed.of("PRF011")
        assert message in finding.message, (finding.message, message)
        assert finding.location.line == reviewed.line_of('AccessPattern("q"')


def test_the_pages_example_is_served_once_a_secondary_index_keys_the_filter(rule_example):
    reviewed = rule_example("PRF011")
    [finding] = reviewed.of("PRF011")
    assert "filters on status by equality" in finding.message
    assert finding.line == reviewed.line_of('AccessPattern("orders by status"')
    assert rule_example("PRF011", fixed=True).of("PRF011") == []
