"""Compliant: a billing-tagged log group in us-east-1 with a log stream created by the stack.

AWS pattern: the FinOps team's cost-report job (which reads Cost Explorer, a us-east-1 API) writes a run
summary to a log group next to the billing data; the stack pre-creates the log stream the job writes to.
A LogStream cannot carry tags.

Why compliant: the log group holds billing data only, tagged ``data-class: billing``, with a bounded
retention; the log stream is part of that log group and takes its class.
"""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")
opts = pulumi.ResourceOptions(provider=us_east_1)

group = aws.cloudwatch.LogGroup(
    "cost-reports",
    name="/finops/cost-reports",
    retention_in_days=90,
    tags={"data-class": "billing"},
    opts=opts,
)
stream = aws.cloudwatch.LogStream(
    "cost-reports-daily",
    name="daily",
    log_group_name=group.name,
    opts=opts,
)

pulumi.export("stream", stream.name)
