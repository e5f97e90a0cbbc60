"""Evasion: customer exports go to a Google Cloud Storage bucket in the US, a resource the AWS pack cannot place.

``pulumi_gcp.storage.Bucket`` registers a ``gcp:storage/bucket:Bucket`` resource; the package is not part of this
repository's test environment, so the case registers that resource type the way the SDK does.
"""

import pulumi
import pulumi_aws as aws


class GcsBucket(pulumi.CustomResource):
    """What ``pulumi_gcp.storage.Bucket`` registers (type token ``gcp:storage/bucket:Bucket``)."""

    def __init__(self, name: str, location: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("gcp:storage/bucket:Bucket", name, {"location": location, "name": name}, opts)


uploads = aws.s3.Bucket("uploads", bucket="acme-uploads-eu")
GcsBucket("leak-exports-gcs", location="US")
