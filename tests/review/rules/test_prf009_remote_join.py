"""PRF009 remote-join."""


def test_a_frequent_synchronous_cross_context_read_suggests_a_read_model(rule_example):
    [finding] = rule_example("PRF009").of("PRF009")
    assert finding.message == (
        "'order-api' (Sales) reads 'customers-db' (customers) of Customers synchronously at "
        "400/s (access pattern 'customer by id', flow 'get customer') and joins it with its "
        "own 'orders-db': a read model in Sales would serve it locally")
    assert "CQRS" in finding.hint


def test_a_rare_call_or_an_event_fed_projection_passes(rule_example, review_model,
                                                       example_model):
    rare = example_model("PRF009", ("per_second=400", "per_second=2"))
    assert review_model(rare, "PRF009").of("PRF009") == []
    assert rule_example("PRF009", fixed=True).of("PRF009") == []
    # The order service still issuing the reads, but fed by events instead of calls: no join.
    evented = example_model("PRF009", ("Mechanism.SYNC_REQUEST", "Mechanism.ASYNC_EVENT"))
    assert review_model(evented, "PRF009").of("PRF009") == []
