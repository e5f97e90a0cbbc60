import pulumi
from pulumi.dynamic import CreateResult, Resource, ResourceProvider


class BucketMaker(ResourceProvider):
    def create(self, props):
        import boto3

        boto3.client("s3", region_name=props["region"]).create_bucket(Bucket=props["name"])
        return CreateResult(id_=props["name"], outs=props)


class RawBucket(Resource):
    def __init__(self, name, bucket_name, region, opts=None):
        super().__init__(BucketMaker(), name, {"name": bucket_name, "region": region}, opts)


RawBucket("raw", "acme-raw-exports", "us-east-1")
