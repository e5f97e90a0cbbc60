"""Evasion: the golden image (with the app's baked-in reference data) is also distributed to us-east-1."""

import pulumi
import pulumi_aws as aws

aws.imagebuilder.DistributionConfiguration(
    "leak-golden-image-distribution",
    name="golden-image",
    distributions=[
        {"region": "eu-west-3", "ami_distribution_configuration": {"name": "golden-{{ imagebuilder:buildDate }}"}},
        {"region": "us-east-1", "ami_distribution_configuration": {"name": "golden-{{ imagebuilder:buildDate }}"}},
    ],
)
