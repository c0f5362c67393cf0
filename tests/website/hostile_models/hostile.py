"""A model whose every name and comment tries to break out of Markdown, HTML, DOT and Mermaid."""

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table

from archdocs import Access, Mechanism, Requirement, Server, System, step, tech

metadata = MetaData()
parent = Table(
    "evil<script>alert('t')</script>", metadata,
    Column("id", Integer, primary_key=True, comment="key `x` | y {z}"),
    comment="<script>alert('table')</script> a|b `tick` {brace} \"quote\"",
)
child = Table(
    "child", metadata,
    Column("id", Integer, primary_key=True),
    Column("parent_id", Integer, ForeignKey(parent.c.id), comment="<img src=x onerror=alert(1)>"),
    Column("note", String(10), server_default="'<b>'", comment="pipes | inside | cells"),
)

system = System("Hostile <b>system</b>", description="<script>alert('system')</script> {{ jinja }}")
ctx = system.context('Ctx "quoted" <script>alert(1)</script>', team="a|b", domain="`code`",
                     description="Description with | pipe and ``` fence and {braces}.")
api = ctx.service("api<script>", technology="</td><td>", description="x\" onmouseover=\"alert(1)")
db = ctx.datastore("db'\"<>|`{}", tech.PostgreSQL("16"), schema=metadata,
                   requirements=[Requirement.ACID], description="<iframe src=//evil>",
                   server=Server("server<b>|`{x}`", region="region <i>{{ r }}",
                                 zones=["zone</td>", "zone {% z %}"], replicas=1))
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE, name="flow <script>|`{x}`",
            carries=[parent.fullname, "child"], events=["Evt<script>"],
            description="]] --> ;; } -> {")
system.scenario("scenario <script>|`{x}` {{ s }}", description="<script>alert('scenario')</script>",
                steps=["flow <script>|`{x}`", step("flow <script>|`{x}`", "note <img src=x> | {{ n }} `t`")])
