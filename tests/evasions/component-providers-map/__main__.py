"""Evasion: a provider passed down through a component's `providers` map (children inherit it)."""

import pulumi
import pulumi_aws as aws


class SessionStore(pulumi.ComponentResource):
    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("acme:storage:SessionStore", name, None, opts)
        self.table = aws.dynamodb.Table(
            "leak-sessions",
            attributes=[{"name": "id", "type": "S"}],
            hash_key="id",
            billing_mode="PAY_PER_REQUEST",
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.register_outputs({"table_name": self.table.name})


analytics = aws.Provider("analytics", region="us-west-2")
store = SessionStore("store", opts=pulumi.ResourceOptions(providers={"aws": analytics}))
pulumi.export("table", store.table.name)
